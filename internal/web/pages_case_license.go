package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/tongban/tongban/internal/license"
)

// CaseLicenseView is the verified data of a license a case's applicant used
// instead of a file, as the handling staff member reads it for a stated
// purpose (用证事由); the read is in the holder's usage log.
type CaseLicenseView struct {
	Page
	License  license.License
	Verified license.Verification
	Checks   []LicenseCheck
	Purpose  string
	Issued   string
	Validity string
	Holder   string
	Back     Link
}

// LicenseCheck is one verification check with its outcome in words.
type LicenseCheck struct {
	Label string
	OK    bool
}

func (ui *UI) registerCaseLicense(rt routeAdder) {
	rt.Handle("POST", "/staff/cases/{id}/license", ui.caseLicense)
}

func (ui *UI) caseLicense(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "case")
	if err != nil {
		return err
	}
	purpose := strings.TrimSpace(r.PostFormValue("purpose"))
	l, v, err := ui.Licenses.Use(r.Context(), r.PostFormValue("identifier"), purpose, id)
	if err != nil {
		return err
	}
	p := CaseLicenseView{Page: ui.page(r, "cases.ui.license_title"), License: l, Verified: v, Purpose: purpose,
		Issued: l.IssuedAt.In(caseDays).Format("2006-01-02"), Back: Link{"/staff/cases/" + strconv.FormatInt(id, 10), "cases.ui.license_back"}}
	p.Holder = l.HolderName + "（" + l.HolderCode + "）"
	until := p.T("cases.ui.license_long_term")
	if !l.ValidUntil.IsZero() {
		until = l.ValidUntil.In(caseDays).Format("2006-01-02")
	}
	p.Validity = l.ValidFrom.In(caseDays).Format("2006-01-02") + " — " + until
	p.Checks = []LicenseCheck{
		{p.T("cases.ui.license_check.identifier"), v.IdentifierValid},
		{p.T("cases.ui.license_check.seal"), v.SealSignature && v.SealValid},
		{p.T("cases.ui.license_check.jws"), v.JWSSignature},
		{p.T("cases.ui.license_check.log"), v.InLog},
		{p.T("cases.ui.license_check.status"), l.Usable(v.CheckedAt)},
	}
	// The page holds an unmasked ID or credit number: never cache it.
	w.Header().Set("Cache-Control", "no-store")
	return ui.render(w, http.StatusOK, "case_license", p)
}
