package web

import (
	"net/http"
	"strconv"

	"github.com/tongban/tongban/internal/httpserver"
	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/region"
)

// RegisterView is the citizen registration form.
type RegisterView struct {
	Page
	Townships []region.Region
}

func (ui *UI) registerView(r *http.Request) (RegisterView, error) {
	ts, err := ui.Regions.Children(r.Context(), ui.HomeRegion)
	return RegisterView{Page: ui.page(r, "register.title"), Townships: ts}, err
}

func (ui *UI) registerForm(w http.ResponseWriter, r *http.Request) error {
	if principal.From(r.Context()).IsPerson() {
		http.Redirect(w, r, "/me", http.StatusSeeOther)
		return nil
	}
	p, err := ui.registerView(r)
	if err != nil {
		return err
	}
	return ui.render(w, http.StatusOK, "register", p)
}

func (ui *UI) register(w http.ResponseWriter, r *http.Request) error {
	in := identity.Registration{
		Name: r.PostFormValue("name"), IDNumber: r.PostFormValue("id_number"), Phone: r.PostFormValue("phone"),
		RegionCode: r.PostFormValue("region_code"), Password: r.PostFormValue("password"), PasswordConfirm: r.PostFormValue("password_confirm"),
	}
	_, token, err := ui.Identity.Register(r.Context(), in, identity.SessionWeb)
	if err != nil {
		form, ok := ui.formFrom(r, err, "name", "id_number", "phone", "region_code")
		if !ok {
			return err
		}
		p, verr := ui.registerView(r)
		if verr != nil {
			return verr
		}
		p.Form = form
		return ui.render(w, http.StatusUnprocessableEntity, "register", p)
	}
	httpserver.SetSessionCookie(w, token, ui.Secure)
	http.Redirect(w, r, "/me", http.StatusSeeOther)
	return nil
}

// LoginView is the sign-in form for citizens or staff.
type LoginView struct {
	Page
	Action string
	Next   string
	Staff  bool
}

func (ui *UI) loginForm(w http.ResponseWriter, r *http.Request) error {
	p := LoginView{Page: ui.page(r, "login.title"), Action: "/login", Next: safeNext(r.URL.Query().Get("next"), "")}
	return ui.render(w, http.StatusOK, "login", p)
}

func (ui *UI) login(w http.ResponseWriter, r *http.Request) error {
	p, token, err := ui.Identity.Login(r.Context(), r.PostFormValue("login"), r.PostFormValue("password"), identity.SessionWeb)
	if err != nil {
		form, ok := ui.formFrom(r, err, "login")
		if !ok {
			return err
		}
		v := LoginView{Page: ui.page(r, "login.title"), Action: "/login", Next: safeNext(r.PostFormValue("next"), "")}
		v.Form = form
		return ui.render(w, statusOf(err), "login", v)
	}
	httpserver.SetSessionCookie(w, token, ui.Secure)
	ui.applyAccountPrefs(w, p.PrefMode, p.PrefLang)
	http.Redirect(w, r, safeNext(r.PostFormValue("next"), "/me"), http.StatusSeeOther)
	return nil
}

func (ui *UI) logout(w http.ResponseWriter, r *http.Request) error {
	if s, ok := httpserver.Session(r.Context()); ok {
		if err := ui.Identity.Logout(r.Context(), s.Token); err != nil {
			return err
		}
	}
	httpserver.ClearSessionCookie(w, ui.Secure)
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

// MeView is the citizen's own space.
type MeView struct {
	Page
	Person     identity.Person
	RegionName string
	Orgs       []identity.Organization
	ActingOrg  int64
}

func (ui *UI) me(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	person, err := ui.Identity.Me(ctx)
	if err != nil {
		return err
	}
	orgs, err := ui.Identity.MyOrganizations(ctx)
	if err != nil {
		return err
	}
	p := MeView{Page: ui.page(r, "me.title"), Person: person, Orgs: orgs, ActingOrg: principal.From(ctx).OrgID}
	if reg, err := ui.Regions.Get(ctx, person.RegionCode); err == nil {
		p.RegionName = reg.Name
	}
	for _, o := range orgs {
		if o.ID == p.ActingOrg {
			p.User.OrgName = o.Name
		}
	}
	return ui.render(w, http.StatusOK, "me", p)
}

func (ui *UI) orgForm(w http.ResponseWriter, r *http.Request) error {
	if _, err := principal.RequirePerson(r.Context()); err != nil {
		return err
	}
	return ui.render(w, http.StatusOK, "org_new", ui.page(r, "org.title"))
}

func (ui *UI) registerOrg(w http.ResponseWriter, r *http.Request) error {
	_, err := ui.Identity.RegisterOrganization(r.Context(), identity.OrgRegistration{
		CreditCode: r.PostFormValue("credit_code"), Name: r.PostFormValue("name"), LegalRep: r.PostFormValue("legal_rep"),
	})
	if err != nil {
		form, ok := ui.formFrom(r, err, "credit_code", "name", "legal_rep")
		if !ok {
			return err
		}
		p := ui.page(r, "org.title")
		p.Form = form
		return ui.render(w, http.StatusUnprocessableEntity, "org_new", p)
	}
	http.Redirect(w, r, "/me", http.StatusSeeOther)
	return nil
}

func (ui *UI) actFor(w http.ResponseWriter, r *http.Request) error {
	id, _ := strconv.ParseInt(r.PostFormValue("org_id"), 10, 64)
	s, _ := httpserver.Session(r.Context())
	if err := ui.Identity.ActFor(r.Context(), s.Token, id); err != nil {
		return err
	}
	http.Redirect(w, r, "/me", http.StatusSeeOther)
	return nil
}

func statusOf(err error) int { return httpserver.Status(apperrKind(err)) }
