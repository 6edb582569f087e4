package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"

	"github.com/tongban/tongban/internal/httpserver"
	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/i18n"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/platform/reqinfo"
)

// Page is what every page model embeds: language, mode, who is signed in, the
// CSRF token and the form state, plus T for translating message keys.
type Page struct {
	Title    string
	Lang     string // zh or en
	HTMLLang string // zh-CN or en
	Mode     string // "", elderly or kiosk
	Path     string
	CSRF     string
	User     *UserBar
	Form     Form
	cat      *i18n.Catalog
}

// UserBar describes the signed-in user in the header.
type UserBar struct {
	Name    string
	IsStaff bool
	OrgName string // the enterprise a person acts for
	Unread  int    // a person's unread notices
}

// T translates a message key into the page's language.
func (p Page) T(key string, args ...any) string { return p.cat.T(p.Lang, key, args...) }

// IsEnglish reports whether the page is in English.
func (p Page) IsEnglish() bool { return p.Lang == i18n.English }

// page builds the base model for a request; titleKey is translated.
func (ui *UI) page(r *http.Request, titleKey string) Page {
	info := reqinfo.From(r.Context())
	p := Page{Lang: info.Lang, HTMLLang: "zh-CN", Path: r.URL.Path, cat: ui.Catalog, Form: Form{}}
	if p.Lang == i18n.English {
		p.HTMLLang = "en"
	}
	if c, err := r.Cookie(httpserver.ModeCookie); err == nil && identity.ValidMode(c.Value) {
		p.Mode = c.Value
	}
	if s, ok := httpserver.Session(r.Context()); ok {
		p.CSRF = s.CSRF
	}
	if pr := principal.From(r.Context()); pr.Kind != principal.Anonymous {
		p.User = &UserBar{Name: pr.Name, IsStaff: pr.IsStaff()}
		if pr.IsPerson() {
			p.User.Unread = ui.unreadNotices(r)
		}
	}
	p.Title = p.T(titleKey)
	return p
}

// render executes a page template into a buffer first, so a template error
// becomes a clean 500 rather than half a page.
func (ui *UI) render(w http.ResponseWriter, status int, name string, model any) error {
	t, ok := ui.pages[name]
	if !ok {
		return fmt.Errorf("no page template %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", model); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// Form is the state of a submitted form: what was typed and what is wrong.
type Form struct {
	Values  map[string]string
	Errors  map[string]string // field → translated message
	Summary []FieldMessage    // every problem, in order, for the summary at the top
	Message string            // a form-level error (e.g. wrong password)
}

// FieldMessage is one problem for the error summary.
type FieldMessage struct{ Field, Message string }

// HasErrors reports whether the form has any problem to show.
func (f Form) HasErrors() bool { return len(f.Summary) > 0 || f.Message != "" }

// Value returns what was typed into a field.
func (f Form) Value(name string) string { return f.Values[name] }

// Error returns the message for a field.
func (f Form) Error(name string) string { return f.Errors[name] }

// formFrom keeps the typed values (never passwords) and translates the field
// errors of err. It reports false when err is not a user-fixable form error.
func (ui *UI) formFrom(r *http.Request, err error, fields ...string) (Form, bool) {
	e := apperr.As(err)
	if e == nil || (e.Kind != apperr.Invalid && e.Kind != apperr.TooMany) {
		return Form{}, false
	}
	lang := reqinfo.From(r.Context()).Lang
	f := Form{Values: map[string]string{}, Errors: map[string]string{}}
	for _, name := range fields {
		f.Values[name] = r.PostFormValue(name)
	}
	for _, fe := range e.Fields {
		if _, seen := f.Errors[fe.Field]; seen {
			continue
		}
		msg := ui.Catalog.T(lang, fe.Key, fe.Args...)
		f.Errors[fe.Field] = msg
		f.Summary = append(f.Summary, FieldMessage{Field: fe.Field, Message: msg})
	}
	if len(e.Fields) == 0 {
		f.Message = ui.Catalog.T(lang, e.Key, e.Args...)
	}
	return f, true
}

// Field is a form control's view: label, value and error in one.
type Field struct {
	Name, Type, Label, Value, Error, Hint, Autocomplete string
	Required                                            bool
}

// SelectField is a required drop-down of the page's form for the
// "selectfield" partial.
type SelectField struct {
	Field
	Placeholder string
	Options     any // a slice of values with Value and Label fields
}

// Select describes a drop-down of the page's form, with what was chosen.
func (p Page) Select(name, labelKey string, options any) SelectField {
	return SelectField{Field: Field{Name: name, Label: p.T(labelKey), Value: p.Form.Value(name), Error: p.Form.Error(name), Required: true},
		Placeholder: p.T("form.select"), Options: options}
}

// Input describes a text input of the page's form for the "field" partial.
func (p Page) Input(name, typ, labelKey, hintKey, autocomplete string) Field {
	f := Field{Name: name, Type: typ, Label: p.T(labelKey), Value: p.Form.Value(name), Error: p.Form.Error(name),
		Autocomplete: autocomplete, Required: true}
	if typ == "password" {
		f.Value = ""
	}
	if hintKey != "" {
		f.Hint = p.T(hintKey)
	}
	return f
}

func signedIn(ctx context.Context) bool { return principal.From(ctx).Kind != principal.Anonymous }
