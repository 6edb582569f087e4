package web

import (
	"net/http"
	"strings"

	"github.com/tongban/tongban/internal/license"
)

// registerVerify adds the public verification of a license (核验): the page
// its QR code opens, and a form to type an identifier. Nobody signs in; the
// page shows only the license's minimal disclosure view.
func (ui *UI) registerVerify(rt routeAdder) {
	rt.Handle("GET", "/verify", ui.verifyForm)
	rt.Handle("GET", "/verify/{identifier}", ui.verifyPage)
}

// VerifyView is the verification page: the verdict in large words, what was
// checked, and the minimal disclosure of the license.
type VerifyView struct {
	Page
	Identifier string
	Checked    bool // an identifier was given and checked
	Found      bool
	Verdict    string
	VerdictOK  bool
	Class      string // the verdict's colour; Verdict says it in words
	Checks     []VerifyCheck
	Problems   []string
	CheckedAt  string
	Disclosure DisclosureView
}

// VerifyCheck is one check made and its result.
type VerifyCheck struct {
	Name, Result string
	OK           bool
}

// DisclosureView is the public part of a license, worded.
type DisclosureView struct {
	TypeName, HolderName, IssuerName, Number, Version, IssuedOn, Validity, StatusAt string
}

func (ui *UI) verifyForm(w http.ResponseWriter, r *http.Request) error {
	if id := strings.TrimSpace(r.URL.Query().Get("identifier")); id != "" {
		http.Redirect(w, r, verifyPath(id), http.StatusSeeOther)
		return nil
	}
	return ui.render(w, http.StatusOK, "verify", VerifyView{Page: ui.page(r, "license.ui.verify.title")})
}

func (ui *UI) verifyPage(w http.ResponseWriter, r *http.Request) error {
	id := strings.TrimSpace(r.PathValue("identifier"))
	v, err := ui.Licenses.Verify(r.Context(), id)
	if err != nil {
		return err
	}
	p := VerifyView{Page: ui.page(r, "license.ui.verify.title"), Identifier: id, Checked: true, Found: v.Found,
		CheckedAt: timeLabel(v.CheckedAt)}
	p.Verdict, p.VerdictOK = verdict(p.Page, v)
	p.Class = "verdict verdict-bad"
	if p.VerdictOK {
		p.Class = "verdict verdict-ok"
	} else if v.Found && v.Status == license.StatusSuspended {
		p.Class = "verdict verdict-warn"
	}
	if v.Found {
		p.Checks = checks(p.Page, v)
		d := v.Disclosure
		p.Disclosure = DisclosureView{TypeName: d.TypeName, HolderName: d.HolderName, IssuerName: d.IssuerName,
			Number: d.Number, Version: versionLabel(d.Version), IssuedOn: dateLabel(d.IssuedAt),
			Validity: validityLabel(p.Page, d.ValidFrom, d.ValidUntil), StatusAt: timeLabel(d.StatusAt)}
	}
	for _, key := range v.Problems {
		p.Problems = append(p.Problems, p.T(key))
	}
	return ui.render(w, http.StatusOK, "verify", p)
}

// verdict is the one answer the page gives: a forged or unlogged license is
// said to be so before its recorded status is considered, since a status is
// only worth what the signatures behind it are.
func verdict(p Page, v license.Verification) (string, bool) {
	switch {
	case !v.Found && !v.IdentifierValid:
		return p.T("license.ui.verdict.bad_identifier"), false
	case !v.Found:
		return p.T("license.ui.verdict.not_found"), false
	case !v.SealSignature || !v.JWSSignature:
		return p.T("license.ui.verdict.bad_signature"), false
	case !v.InLog:
		return p.T("license.ui.verdict.not_in_log"), false
	case !v.SealValid:
		return p.T("license.ui.verdict.bad_seal"), false
	case v.Valid && v.Status == license.StatusValid:
		return p.T("license.ui.verdict.valid"), true
	case v.Status == license.StatusValid:
		// Every check above passed and yet the module does not call it valid:
		// say no more than that it could not be confirmed.
		return p.T("license.ui.verdict.unconfirmed"), false
	}
	return p.T("license.ui.verdict." + string(v.Status)), false
}

// checks lists what was checked, each with its result in words.
func checks(p Page, v license.Verification) []VerifyCheck {
	mark := func(name string, ok bool, okKey, badKey string, args ...any) VerifyCheck {
		c := VerifyCheck{Name: p.T(name), OK: ok, Result: p.T(badKey)}
		if ok {
			c.Result = p.T(okKey, args...)
		}
		return c
	}
	inForce := v.Status != license.StatusExpired
	current := v.Status == license.StatusValid
	status := mark("license.ui.check.status", current, "license.ui.status.valid", "license.ui.status."+string(v.Status))
	if v.Status == license.StatusExpired {
		status = mark("license.ui.check.status", true, "license.ui.check.status_recorded", "", p.T("license.ui.status.valid"))
	}
	return []VerifyCheck{
		mark("license.ui.check.identifier", v.IdentifierValid, "license.ui.check.identifier_ok", "license.ui.check.identifier_bad"),
		mark("license.ui.check.seal", v.SealSignature && v.SealValid, "license.ui.check.seal_ok", "license.ui.check.seal_bad"),
		mark("license.ui.check.jws", v.JWSSignature, "license.ui.check.pass", "license.ui.check.fail"),
		mark("license.ui.check.validity", inForce, "license.ui.check.in_force", "license.ui.status.expired"),
		status,
		mark("license.ui.check.log", v.InLog, "license.ui.check.in_log", "license.ui.check.not_in_log", v.LogIndex, v.TreeSize),
	}
}
