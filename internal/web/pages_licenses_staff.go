package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tongban/tongban/internal/license"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
)

// registerStaffLicenses adds the issuing department's license pages: the
// list, one license with its history and usage log, a purpose-bound read of
// the unmasked license (用证), and the lifecycle actions.
func (ui *UI) registerStaffLicenses(rt routeAdder) {
	rt.Handle("GET", "/staff/licenses", ui.staffLicenses)
	rt.Handle("GET", "/staff/licenses/{id}", ui.staffLicense)
	rt.Handle("POST", "/staff/licenses/{id}/use", ui.staffLicenseUse)
	rt.Handle("POST", "/staff/licenses/{id}/status", ui.staffLicenseStatus)
	rt.Handle("POST", "/staff/licenses/{id}/reissue", ui.staffLicenseReissue)
}

// staffLicensesPage is how many licenses one page of the list shows.
const staffLicensesPage = 50

// StaffLicensesView lists the licenses the staff member's department issued.
type StaffLicensesView struct {
	Page
	TypeSlug, Status, Holder string
	Types                    []license.Type
	Statuses                 []Option
	Licenses                 []LicenseRow
	Total                    int
	PrevURL, NextURL         string
	Links                    []Link // the seal and license-type consoles, for those who may use them
}

// licenseStatuses are the stored statuses a list can be filtered by.
var licenseStatuses = []license.Status{license.StatusValid, license.StatusSuspended, license.StatusRevoked,
	license.StatusCancelled, license.StatusSuperseded}

func (ui *UI) staffLicenses(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	offset, _ := strconv.Atoi(q.Get("offset"))
	offset = max(offset, 0)
	f := license.Filter{TypeSlug: q.Get("type"), Status: license.Status(q.Get("status")), HolderName: strings.TrimSpace(q.Get("holder")),
		Limit: staffLicensesPage, Offset: offset}
	ls, total, err := ui.Licenses.List(ctx, f)
	if err != nil {
		return err
	}
	types, err := ui.Licenses.Types(ctx)
	if err != nil {
		return err
	}
	p := StaffLicensesView{Page: ui.page(r, "license.ui.staff.title"), TypeSlug: f.TypeSlug, Status: string(f.Status),
		Holder: f.HolderName, Types: types, Total: total}
	pr := principal.From(ctx)
	if pr.CanAnywhere(principal.ViewSeals) {
		p.Links = append(p.Links, Link{"/admin/seals", "license.ui.seals.title"})
	}
	if pr.CanAnywhere(principal.ManageLicenseTypes) {
		p.Links = append(p.Links, Link{"/admin/license-types", "license.ui.types.title"})
	}
	for _, s := range licenseStatuses {
		p.Statuses = append(p.Statuses, Option{Value: string(s), Label: p.T("license.ui.status." + string(s))})
	}
	now := ui.Licenses.Now()
	for _, l := range ls {
		p.Licenses = append(p.Licenses, ui.licenseRow(p.Page, l, now))
	}
	page := func(off int) string {
		v := url.Values{"type": {f.TypeSlug}, "status": {string(f.Status)}, "holder": {f.HolderName}, "offset": {strconv.Itoa(off)}}
		return "/staff/licenses?" + v.Encode()
	}
	if offset > 0 {
		p.PrevURL = page(max(offset-staffLicensesPage, 0))
	}
	if offset+len(ls) < total {
		p.NextURL = page(offset + staffLicensesPage)
	}
	return ui.render(w, http.StatusOK, "license_staff_list", p)
}

// StaffLicenseView is one license for the issuing department: masked unless
// read for a stated purpose, its versions, who used it, and the actions.
type StaffLicenseView struct {
	Page
	License    LicenseRow
	HolderCode string // a person's ID number masked, whole after a purpose-bound read
	Revealed   bool
	StatusAt   string
	Versions   []LicenseRow
	Uses       []UseRow
	CanUse     bool     // may read it for a purpose (用证)
	CanManage  bool     // may change its status
	Actions    []string // suspend, resume, revoke, cancel — those its status allows
	CanReissue bool
	FormAction string // which form the errors belong to
}

func (ui *UI) staffLicenseView(r *http.Request) (StaffLicenseView, error) {
	ctx := r.Context()
	id, err := pathID(r, "license")
	if err != nil {
		return StaffLicenseView{}, err
	}
	l, err := ui.Licenses.Get(ctx, id)
	if err != nil {
		return StaffLicenseView{}, err
	}
	return ui.staffLicenseModel(r, withMaskedID(l))
}

// staffLicenseModel builds the page of l; l may be the unmasked license of
// a purpose-bound read.
func (ui *UI) staffLicenseModel(r *http.Request, l license.License) (StaffLicenseView, error) {
	ctx := r.Context()
	versions, err := ui.Licenses.History(ctx, l.ID)
	if err != nil {
		return StaffLicenseView{}, err
	}
	uses, err := ui.Licenses.Uses(ctx, l.ID)
	if err != nil {
		return StaffLicenseView{}, err
	}
	pr := principal.From(ctx)
	p := StaffLicenseView{Page: ui.page(r, "license.ui.staff.license_title"), HolderCode: l.HolderCode,
		StatusAt: timeLabel(l.StatusAt), CanUse: pr.CanAnywhere(principal.UseLicenses), CanManage: pr.CanAnywhere(principal.ManageLicenses)}
	p.Title = l.TypeName + " " + l.Number
	now := ui.Licenses.Now()
	p.License = ui.licenseRow(p.Page, l, now)
	for _, v := range versions {
		p.Versions = append(p.Versions, ui.licenseRow(p.Page, v, now))
	}
	p.Uses = ui.useRows(p.Page, uses)
	if p.CanManage {
		switch l.Status {
		case license.StatusValid:
			p.Actions, p.CanReissue = []string{"suspend", "revoke", "cancel"}, true
		case license.StatusSuspended:
			p.Actions, p.CanReissue = []string{"resume", "revoke", "cancel"}, true
		}
	}
	return p, nil
}

func (ui *UI) staffLicense(w http.ResponseWriter, r *http.Request) error {
	p, err := ui.staffLicenseView(r)
	if err != nil {
		return err
	}
	return ui.render(w, http.StatusOK, "license_staff", p)
}

// staffLicenseUse reads the license whole for a stated purpose: the license
// module logs the use where the holder sees it and audits it, then the page
// shows the holder's code unmasked on this response only.
func (ui *UI) staffLicenseUse(w http.ResponseWriter, r *http.Request) error {
	p, err := ui.staffLicenseView(r)
	if err != nil {
		return err
	}
	l, _, err := ui.Licenses.Use(r.Context(), p.License.Identifier, r.PostFormValue("purpose"), 0)
	if err != nil {
		return ui.staffLicenseFormError(w, r, p, "use", err, "purpose")
	}
	full, err := ui.staffLicenseModel(r, l)
	if err != nil {
		return err
	}
	full.Revealed = true
	return ui.render(w, http.StatusOK, "license_staff", full)
}

// staffLicenseFormError re-renders the page with the form's errors, or
// passes err on when it is not the user's to fix.
func (ui *UI) staffLicenseFormError(w http.ResponseWriter, r *http.Request, p StaffLicenseView, action string, err error, fields ...string) error {
	form, ok := ui.formFrom(r, err, fields...)
	if !ok {
		return err
	}
	p.Form, p.FormAction = form, action
	return ui.render(w, http.StatusUnprocessableEntity, "license_staff", p)
}

// confirmed reports whether the confirmation box of a lifecycle form was
// ticked; a change to a license is never made by a stray click.
func confirmed(r *http.Request) error {
	if r.PostFormValue("confirm") == "yes" {
		return nil
	}
	return apperr.Field("confirm", "license.ui.confirm_required")
}

func (ui *UI) staffLicenseStatus(w http.ResponseWriter, r *http.Request) error {
	p, err := ui.staffLicenseView(r)
	if err != nil {
		return err
	}
	action, reason := r.PostFormValue("action"), r.PostFormValue("reason")
	var change func(ctx context.Context, id int64, reason string) (license.License, error)
	switch action {
	case "suspend":
		change = ui.Licenses.Suspend
	case "resume":
		change = ui.Licenses.Resume
	case "revoke":
		change = ui.Licenses.Revoke
	case "cancel":
		change = ui.Licenses.Cancel
	default:
		return apperr.New(apperr.Invalid, "license.ui.unknown_action")
	}
	if err := confirmed(r); err != nil {
		return ui.staffLicenseFormError(w, r, p, action, err, "reason", "confirm")
	}
	if _, err := change(r.Context(), p.License.ID, reason); err != nil {
		return ui.staffLicenseFormError(w, r, p, action, err, "reason", "confirm")
	}
	http.Redirect(w, r, "/staff/licenses/"+strconv.FormatInt(p.License.ID, 10), http.StatusSeeOther)
	return nil
}

// staffLicenseReissue issues a new version: the fields as the form gives
// them (or the current ones), and a new end date when one is given.
func (ui *UI) staffLicenseReissue(w http.ResponseWriter, r *http.Request) error {
	p, err := ui.staffLicenseView(r)
	if err != nil {
		return err
	}
	fields := []string{"reason", "valid_until", "confirm"}
	if err := confirmed(r); err != nil {
		return ui.staffLicenseFormError(w, r, p, "reissue", err, fields...)
	}
	req := license.ReissueRequest{Reason: r.PostFormValue("reason")}
	until, err := dateField(r, "valid_until")
	if err != nil {
		return ui.staffLicenseFormError(w, r, p, "reissue", err, fields...)
	}
	if !until.IsZero() {
		req.ValidUntil = until.AddDate(0, 0, 1).Add(-time.Second) // to the end of that day
	}
	// The fields are on the form only after a purpose-bound read showed them
	// whole; without them the new version keeps the current ones.
	if _, ok := r.PostForm["field-0"]; ok {
		for i, f := range p.License.Fields {
			req.Fields = append(req.Fields, license.Field{Name: f.Name, Value: strings.TrimSpace(r.PostFormValue("field-" + strconv.Itoa(i)))})
		}
	}
	l, err := ui.Licenses.Reissue(r.Context(), p.License.ID, req)
	if err != nil {
		return ui.staffLicenseFormError(w, r, p, "reissue", err, fields...)
	}
	http.Redirect(w, r, "/staff/licenses/"+strconv.FormatInt(l.ID, 10), http.StatusSeeOther)
	return nil
}
