package app

import (
	"context"
	"slices"
	"time"

	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/delivery"
	"github.com/tongban/tongban/internal/delivery/sandboxcarrier"
	"github.com/tongban/tongban/internal/guide"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/i18n"
)

// concludingActions are the case actions that decide a case; each opens the
// delivery of its result (a denial's decision is delivered too).
var concludingActions = []string{casework.ActionApprove, casework.ActionCommitment, casework.ActionDeny}

// caseTimeline adapts casework to delivery.Timeline.
type caseTimeline struct{ cases *casework.Manager }

// Note appends a delivery step to the case's timeline.
func (t caseTimeline) Note(ctx context.Context, caseID int64, action, comment string, detail map[string]string) error {
	return t.cases.Note(ctx, caseID, action, comment, detail)
}

// Delivered moves the case to delivered.
func (t caseTimeline) Delivered(ctx context.Context, caseID int64, how string) error {
	return t.cases.MarkDelivered(ctx, caseID, how)
}

// renderNotice draws a result document with the guide package's PDF writer.
func renderNotice(d delivery.Document) ([]byte, error) {
	return guide.ConclusionNoticePDF(guide.ConclusionNotice{CaseNumber: d.CaseNumber, ItemName: d.ItemName,
		ApplicantName: d.ApplicantName, ResultType: d.ResultType, ResultName: d.ResultName, Opinion: d.Opinion,
		DepartmentName: d.DepartmentName, Concluded: d.Concluded})
}

// wireDeliveries wires the delivery module to the sandbox courier, opens a
// delivery when a case is decided, and follows parcels until run ends.
func (a *App) wireDeliveries(run context.Context) {
	step := a.Config.SandboxCarrierStep
	if step <= 0 {
		step = sandboxcarrier.DefaultStep
	}
	a.Deliveries = delivery.NewManager(delivery.Deps{Tx: a.DB, Store: a.Store, Carrier: sandboxcarrier.New(a.Store, step, a.Now),
		Timeline: caseTimeline{a.Cases}, Audit: a.Store, Render: renderNotice, Now: a.Now})
	a.Cases.Observe(casework.ObserverFunc(a.openDelivery))
	// Asking the courier more often than its scans can change is pointless,
	// and a real one would not thank us for it either.
	go a.followParcels(run, min(step, 30*time.Second))
}

// followParcels records the courier's new scans every interval until ctx ends.
func (a *App) followParcels(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := a.Deliveries.Refresh(ctx); err != nil && ctx.Err() == nil {
				a.Log.Warn("delivery refresh", "err", err)
			}
		}
	}
}

// openDelivery opens the delivery of a decided case in the decision's
// transaction, the way the applicant asked for it on the application form.
func (a *App) openDelivery(ctx context.Context, c casework.Case, e casework.Event) error {
	if !slices.Contains(concludingActions, e.Action) {
		return nil
	}
	app, err := a.Store.GetApplication(ctx, c.ApplicationID)
	if err != nil {
		return err
	}
	n := delivery.New{CaseID: c.ID, CaseNumber: c.Number, ItemName: c.ItemName, RegionCode: c.RegionCode,
		DepartmentID: c.DepartmentID, PersonID: c.PersonID, OrgID: c.OrgID, Opinion: e.Comment,
		ResultType: c.Conclusion, ResultName: a.Catalog.T(i18n.Chinese, "delivery.pdf.title")}
	if dept, err := a.Store.GetDepartment(ctx, c.DepartmentID); err == nil {
		n.DepartmentName = dept.Name
	} else if apperr.KindOf(err) != apperr.NotFound {
		return err
	}
	if n.ApplicantName, err = a.applicantName(ctx, c); err != nil {
		return err
	}
	switch {
	case e.Action == casework.ActionDeny:
		n.ResultType, n.ResultName = delivery.ResultDenied, a.Catalog.T(i18n.Chinese, "delivery.result.denied")
	default:
		// The item may have been withdrawn since; the generic title will do.
		item, err := a.Cases.Item(ctx, c.ItemID)
		switch {
		case err == nil && item.ResultName != "":
			n.ResultName = item.ResultName
		case err != nil && apperr.KindOf(err) != apperr.NotFound:
			return err
		}
	}
	if n.ResultType == "" {
		n.ResultType = delivery.ResultApproval
	}
	n.Method, n.Recipient, n.Address, n.Phone = deliveryChoice(app.Form)
	_, err = a.Deliveries.Open(ctx, n)
	return err
}

// deliveryChoice reads how the applicant wants the result: online unless they
// chose otherwise. Mail without a complete address falls back to pickup at a
// window, rather than blocking the department's decision on the applicant's
// form; the form itself requires the address when mail is chosen.
func deliveryChoice(form map[string]string) (delivery.Method, string, string, string) {
	method := delivery.Method(form[casework.FormDeliveryMethod])
	name, addr, phone := form[casework.FormDeliveryName], form[casework.FormDeliveryAddress], form[casework.FormDeliveryPhone]
	switch {
	case method == delivery.Mail && (name == "" || addr == "" || phone == ""):
		return delivery.Window, "", "", ""
	case method == delivery.Mail:
		return method, name, addr, phone
	case method == delivery.Window:
		return method, "", "", ""
	}
	return delivery.Online, "", "", ""
}

// applicantName is the name on the result document: the enterprise applied
// for, or the person.
func (a *App) applicantName(ctx context.Context, c casework.Case) (string, error) {
	if c.OrgID != 0 {
		o, err := a.Store.GetOrganization(ctx, c.OrgID)
		if err == nil || apperr.KindOf(err) != apperr.NotFound {
			return o.Name, err
		}
	}
	p, err := a.Store.GetPerson(ctx, c.PersonID)
	if apperr.KindOf(err) == apperr.NotFound {
		return "", nil
	}
	return p.Name, err
}
