package web

import (
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/payment"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/calendar"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/upload"
)

// registerCaseHandling adds what a case page does besides plain actions: the
// case's files, transfers, owed materials, and paying the fee.
func (ui *UI) registerCaseHandling(rt routeAdder) {
	rt.Handle("GET", "/staff/cases/{id}/files/{file}", ui.caseFile)
	rt.Handle("GET", "/me/cases/{id}/files/{file}", ui.caseFile)
	rt.Handle("POST", "/staff/cases/{id}/transfer", ui.staffTransfer)
	rt.Handle("POST", "/me/cases/{id}/pending", ui.myPending)
	rt.Handle("POST", "/me/cases/{id}/pay", ui.myPay)
	rt.Handle("GET", "/me/payments/return", ui.payReturn)
}

// caseFile sends a material of a case to whoever may see the case; staff
// views are audited by the upload module.
func (ui *UI) caseFile(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if principal.From(ctx).Kind == principal.Anonymous {
		return apperr.New(apperr.Unauthenticated, "auth.required")
	}
	id, err := pathID(r, "case")
	if err != nil {
		return err
	}
	fileID, err := strconv.ParseInt(r.PathValue("file"), 10, 64)
	if err != nil {
		return apperr.NotFoundf("file")
	}
	if _, err := ui.Cases.CaseFile(ctx, id, fileID); err != nil {
		return err
	}
	var f upload.File
	var content io.ReadCloser
	if principal.From(ctx).IsStaff() {
		f, content, err = ui.Uploads.OpenForStaff(ctx, fileID)
	} else {
		f, content, err = ui.Uploads.Open(ctx, fileID)
	}
	if err != nil {
		return err
	}
	ui.sendUpload(w, f, content)
	return nil
}

// decision reads a staff action form: the words and what the action needs.
func decision(r *http.Request) (casework.Decision, []apperr.FieldError) {
	d := casework.Decision{Action: r.PostFormValue("action"), Comment: r.PostFormValue("comment"),
		Procedure: r.PostFormValue("procedure")}
	var fs []apperr.FieldError
	for _, line := range strings.Split(r.PostFormValue("pending"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			d.Pending = append(d.Pending, line)
		}
	}
	if s := strings.TrimSpace(r.PostFormValue("pending_by")); s != "" {
		by, err := calendar.ParseDate(s)
		if err != nil {
			fs = append(fs, apperr.FieldError{Field: "pending_by", Key: "form.date"})
		}
		d.PendingBy = by
	}
	if s := strings.TrimSpace(r.PostFormValue("fee")); s != "" {
		yuan, err := strconv.ParseFloat(s, 64)
		if err != nil || yuan <= 0 || yuan > 1e8 {
			fs = append(fs, apperr.FieldError{Field: "fee", Key: "casework.fee.required"})
		} else {
			d.FeeFen = int64(math.Round(yuan * 100))
		}
	}
	return d, fs
}

// staffTransfer sends the case to another department.
func (ui *UI) staffTransfer(w http.ResponseWriter, r *http.Request) error {
	if _, err := principal.RequireStaff(r.Context()); err != nil {
		return err
	}
	id, err := pathID(r, "case")
	if err != nil {
		return err
	}
	to, _ := strconv.ParseInt(r.PostFormValue("department"), 10, 64)
	if _, err := ui.Cases.Transfer(r.Context(), id, to, r.PostFormValue("reason")); err != nil {
		return ui.caseRefused(w, r, err, Link{"/staff/cases", "cases.ui.inbox"}, "department", "reason")
	}
	// The case may now be outside the clerk's department: back to the inbox.
	http.Redirect(w, r, "/staff/cases", http.StatusSeeOther)
	return nil
}

// myPending uploads what a case accepted with pending materials owes.
func (ui *UI) myPending(w http.ResponseWriter, r *http.Request) error {
	if _, err := principal.RequirePerson(r.Context()); err != nil {
		return err
	}
	id, err := pathID(r, "case")
	if err != nil {
		return err
	}
	p, err := ui.caseDetail(r, "cases.ui.case_title")
	if err != nil {
		return err
	}
	got := ui.receiveMaterials(r, &p.Page, p.PendingRows, nil)
	missingMaterials(r, &p.Page, p.PendingRows, got)
	if p.Page.Form.HasErrors() {
		p.Back = Link{"/me/cases", "cases.ui.my_title"}
		p.PendingRows = materialRows(p.Page, linesOf(p.PendingRows), got)
		return ui.render(w, http.StatusUnprocessableEntity, "case", p)
	}
	if _, err := ui.Cases.ProvidePending(r.Context(), id, got, r.PostFormValue("comment")); err != nil {
		return ui.caseRefused(w, r, err, Link{"/me/cases", "cases.ui.my_title"}, "comment")
	}
	http.Redirect(w, r, "/me/cases/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// linesOf turns rows back into the lines they were made from.
func linesOf(rows []ApplyMaterialRow) []casework.BundleMaterial {
	out := make([]casework.BundleMaterial, len(rows))
	for i, r := range rows {
		req := casework.MaterialOptional
		if r.Required {
			req = casework.MaterialRequired
		}
		out[i] = casework.BundleMaterial{Name: r.Name, Requirement: req}
	}
	return out
}

// myPay starts paying a fee order of the applicant's case at the gateway.
func (ui *UI) myPay(w http.ResponseWriter, r *http.Request) error {
	if _, err := principal.RequirePerson(r.Context()); err != nil {
		return err
	}
	id, err := pathID(r, "case")
	if err != nil {
		return err
	}
	if _, err := ui.Cases.Case(r.Context(), id); err != nil {
		return err
	}
	to, err := ui.Payments.Pay(r.Context(), r.PostFormValue("order_no"))
	if err != nil {
		return ui.caseRefused(w, r, err, Link{"/me/cases", "cases.ui.my_title"}, "order_no")
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// PayReturnView is where the gateway sends the payer back.
type PayReturnView struct {
	Page
	Order   payment.Order
	Amount  string
	Message string
	CaseURL string
}

// payReturn shows the order's state as the platform knows it: the gateway's
// signed callback, not the browser's return, is what marks an order paid.
func (ui *UI) payReturn(w http.ResponseWriter, r *http.Request) error {
	if _, err := principal.RequirePerson(r.Context()); err != nil {
		return err
	}
	o, err := ui.Payments.Order(r.Context(), r.URL.Query().Get("order_no"))
	if err != nil {
		return err
	}
	p := PayReturnView{Page: ui.page(r, "cases.ui.pay_return_title"), Order: o, Amount: payment.FormatFen(o.Total)}
	switch {
	case o.State == payment.Paid:
		p.Message = p.T("cases.ui.pay_done")
	case r.URL.Query().Get("result") == "cancelled":
		p.Message = p.T("cases.ui.pay_cancelled")
	default:
		p.Message = p.T("cases.ui.pay_pending")
	}
	if c, err := ui.Cases.MyCaseByNumber(r.Context(), o.CaseRef); err == nil {
		p.CaseURL = "/me/cases/" + strconv.FormatInt(c.ID, 10)
	}
	return ui.render(w, http.StatusOK, "pay_return", p)
}

// caseRefused shows a user-fixable refusal on the case page.
func (ui *UI) caseRefused(w http.ResponseWriter, r *http.Request, err error, back Link, fields ...string) error {
	form, ok := ui.formFrom(r, err, fields...)
	if !ok {
		return err
	}
	p, derr := ui.caseDetail(r, "cases.ui.case_title")
	if derr != nil {
		return derr
	}
	p.Back, p.Page.Form = back, form
	return ui.render(w, statusOf(err), "case", p)
}

// caseDelivery is the delivery panel of a case, or nil before there is one.
func (ui *UI) caseDelivery(r *http.Request, caseID int64) (any, error) {
	v, err := ui.deliveryView(r, caseID)
	if v == nil { // no typed nil inside the interface: the template tests it
		return nil, err
	}
	return v, nil
}
