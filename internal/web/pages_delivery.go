package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/tongban/tongban/internal/delivery"
	"github.com/tongban/tongban/internal/platform/apperr"
)

// registerDeliveries adds the result document, mail dispatch and the window's
// pickup desk (送达).
func (ui *UI) registerDeliveries(rt routeAdder) {
	rt.Handle("GET", "/me/deliveries/{id}/document", ui.deliveryDocument)
	rt.Handle("POST", "/staff/deliveries/{id}/dispatch", ui.dispatchDelivery)
	rt.Handle("POST", "/me/deliveries/{id}/method", ui.changeDeliveryMethod)
	rt.Handle("GET", "/staff/pickup", ui.pickupPage)
	rt.Handle("POST", "/staff/pickup", ui.pickup)
}

// DeliveryView is the delivery panel of a case page, rendered by the
// "delivery" partial: {{with .Delivery}}{{template "delivery" .}}{{end}}.
type DeliveryView struct {
	Page
	ID           int64
	CaseID       int64
	Method       string // label
	Status       string // label, with how it was completed
	Completed    bool
	ResultName   string
	ResultType   string
	Carrier      string
	TrackingNo   string
	Recipient    string // mail; masked for staff
	Address      string
	Phone        string // mail; masked for staff
	PickupCode   string // the applicant's, until used
	DownloadURL  string // the applicant's, for online delivery
	DispatchURL  string // staff who may hand the mail to the carrier now
	ChangeURL    string // the applicant's, while the result has not gone out
	Methods      []Option
	ForApplicant bool
	Steps        []DeliveryStep
}

// DeliveryStep is one step of a delivery: a scan, the pickup, the download.
type DeliveryStep struct{ At, Label, Text string }

// deliveryView is the delivery panel of a case for the signed-in viewer, or
// nil when the case has none (or the viewer may not see it).
func (ui *UI) deliveryView(r *http.Request, caseID int64) (*DeliveryView, error) {
	if ui.Deliveries == nil {
		return nil, nil
	}
	d, err := ui.Deliveries.OfCase(r.Context(), caseID)
	if apperr.KindOf(err) == apperr.NotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	v := &DeliveryView{Page: ui.page(r, "delivery.ui.heading"), ID: d.ID, CaseID: d.CaseID, ResultName: d.ResultName,
		ResultType: d.ResultType, TrackingNo: d.TrackingNo, Recipient: d.Recipient, Address: d.Address, Phone: d.Phone,
		PickupCode: d.PickupCode, Completed: d.Completed(), ForApplicant: d.ForApplicant}
	v.Method = v.T("delivery.ui.method." + string(d.Method))
	v.Status = v.T("delivery.ui.status." + d.Status)
	if d.Completed() {
		v.Status += "（" + v.T("delivery.ui.how."+d.CompletedHow) + "）"
	}
	if d.Carrier != "" {
		v.Carrier = v.T("delivery.ui.carrier." + d.Carrier)
	}
	id := strconv.FormatInt(d.ID, 10)
	if d.CanDownload {
		v.DownloadURL = "/me/deliveries/" + id + "/document"
	}
	if d.CanDispatch {
		v.DispatchURL = "/staff/deliveries/" + id + "/dispatch"
	}
	if d.ForApplicant && (d.Status == delivery.StatusPending || d.Status == delivery.StatusReady) {
		v.ChangeURL = "/me/deliveries/" + id + "/method"
		for _, m := range []delivery.Method{delivery.Online, delivery.Mail, delivery.Window} {
			if m != d.Method {
				v.Methods = append(v.Methods, Option{Value: string(m), Label: v.T("delivery.ui.method." + string(m))})
			}
		}
	}
	for _, e := range d.Events {
		s := DeliveryStep{At: e.At.In(caseDays).Format("2006-01-02 15:04"), Label: v.T("delivery.ui.kind." + e.Kind), Text: e.Text}
		if e.Kind == delivery.KindScan {
			s.Label = v.T("delivery.scan." + e.ScanStatus)
		}
		v.Steps = append(v.Steps, s)
	}
	return v, nil
}

// deliveryDocument sends the applicant the result document; the first
// download completes the delivery.
func (ui *UI) deliveryDocument(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "delivery")
	if err != nil {
		return err
	}
	pdf, d, err := ui.Deliveries.Download(r.Context(), id)
	if err != nil {
		return err
	}
	name := ui.Catalog.T("zh", "delivery.pdf.title") + "-" + d.CaseNumber + ".pdf"
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+d.CaseNumber+`.pdf"; filename*=UTF-8''`+url.PathEscape(name))
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(pdf)
	return err
}

// changeDeliveryMethod records the applicant's new way of receiving the
// result and returns to the case.
func (ui *UI) changeDeliveryMethod(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "delivery")
	if err != nil {
		return err
	}
	d, err := ui.Deliveries.ChangeMethod(r.Context(), id, delivery.Change{Method: delivery.Method(r.PostFormValue("delivery_method")),
		Recipient: r.PostFormValue("delivery_name"), Address: r.PostFormValue("delivery_address"), Phone: r.PostFormValue("delivery_phone")})
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/me/cases/"+strconv.FormatInt(d.CaseID, 10), http.StatusSeeOther)
	return nil
}

// dispatchDelivery hands a mail delivery to the carrier and returns to the case.
func (ui *UI) dispatchDelivery(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "delivery")
	if err != nil {
		return err
	}
	d, err := ui.Deliveries.Dispatch(r.Context(), id)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/staff/cases/"+strconv.FormatInt(d.CaseID, 10), http.StatusSeeOther)
	return nil
}

// PickupView is the window's pickup desk: a code field, and after a pickup
// the result to hand over.
type PickupView struct {
	Page
	Done *delivery.Delivery
}

func (ui *UI) pickupPage(w http.ResponseWriter, r *http.Request) error {
	if err := ui.Deliveries.PickupDesk(r.Context()); err != nil {
		return err
	}
	return ui.render(w, http.StatusOK, "staff_pickup", PickupView{Page: ui.page(r, "pickup.title")})
}

// pickup collects the result of the code entered; a wrong or used code, or a
// case of another hall, is said on the form.
func (ui *UI) pickup(w http.ResponseWriter, r *http.Request) error {
	d, err := ui.Deliveries.Collect(r.Context(), r.PostFormValue("code"))
	p := PickupView{Page: ui.page(r, "pickup.title")}
	if err != nil {
		form, ok := ui.formFrom(r, err, "code")
		if e := apperr.As(err); e != nil && e.Key == "delivery.pickup.other_hall" {
			form, ok = Form{Values: map[string]string{"code": r.PostFormValue("code")}, Message: p.T(e.Key)}, true
		}
		if !ok {
			return err
		}
		p.Page.Form = form
		return ui.render(w, statusOf(err), "staff_pickup", p)
	}
	p.Done = &d
	return ui.render(w, http.StatusOK, "staff_pickup", p)
}
