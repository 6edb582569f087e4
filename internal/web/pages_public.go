package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/tongban/tongban/internal/httpserver"
	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/platform/i18n"
)

// HomeView is the citizen portal's front page.
type HomeView struct {
	Page
	LifeEvents []LifeEvent
}

// LifeEvent is a tile that lists the items of a common life situation.
type LifeEvent struct {
	Label string
	Query string // the life event as the catalog records it (/items?event=…)
}

// lifeEventKeys are the life events on the home page (ui.md: 生孩子, 开店, 买房,
// 退休, 身后事…); each Chinese label is also the catalog's life event.
var lifeEventKeys = []string{"event.birth", "event.business", "event.house", "event.retire", "event.death", "event.job", "event.marriage", "event.school"}

func (ui *UI) home(w http.ResponseWriter, r *http.Request) error {
	p := HomeView{Page: ui.page(r, "home.title")}
	for _, k := range lifeEventKeys {
		label := p.T(k)
		p.LifeEvents = append(p.LifeEvents, LifeEvent{Label: label, Query: ui.Catalog.T(i18n.Chinese, k)})
	}
	return ui.render(w, http.StatusOK, "home", p)
}

// setPrefs switches the display mode or language. It is remembered on this
// device by a cookie and, for a signed-in user, on the account.
func (ui *UI) setPrefs(w http.ResponseWriter, r *http.Request) error {
	mode, lang := currentPrefs(r)
	if v := r.PostFormValue("mode"); v != "" {
		if v == "standard" {
			v = identity.ModeStandard
		}
		if !identity.ValidMode(v) {
			v = identity.ModeStandard
		}
		mode = v
	}
	if v := r.PostFormValue("lang"); v != "" {
		lang = i18n.Lang(v)
	}
	httpserver.SetPreferenceCookie(w, httpserver.ModeCookie, mode, ui.Secure)
	httpserver.SetPreferenceCookie(w, httpserver.LangCookie, lang, ui.Secure)
	if signedIn(r.Context()) {
		if err := ui.Identity.SetPreferences(r.Context(), mode, lang); err != nil {
			return err
		}
	}
	http.Redirect(w, r, safeNext(r.PostFormValue("next"), "/"), http.StatusSeeOther)
	return nil
}

func currentPrefs(r *http.Request) (mode, lang string) {
	lang = i18n.Chinese
	if c, err := r.Cookie(httpserver.ModeCookie); err == nil && identity.ValidMode(c.Value) {
		mode = c.Value
	}
	if c, err := r.Cookie(httpserver.LangCookie); err == nil {
		lang = i18n.Lang(c.Value)
	}
	return mode, lang
}

// applyAccountPrefs brings a user's remembered preferences to this device at
// sign-in, so the elderly mode follows a person from phone to hall kiosk.
func (ui *UI) applyAccountPrefs(w http.ResponseWriter, mode, lang string) {
	if mode != "" {
		httpserver.SetPreferenceCookie(w, httpserver.ModeCookie, mode, ui.Secure)
	}
	if lang != "" {
		httpserver.SetPreferenceCookie(w, httpserver.LangCookie, lang, ui.Secure)
	}
}

// safeNext accepts only a local path as a redirect target, so a crafted link
// cannot send a user who just signed in to another site.
func safeNext(next, fallback string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, `\`) {
		return fallback
	}
	u, err := url.Parse(next)
	if err != nil || u.Host != "" || u.Scheme != "" {
		return fallback
	}
	return next
}
