package delivery

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/audit"
	"github.com/tongban/tongban/internal/platform/fieldcrypt"
	"github.com/tongban/tongban/internal/platform/principal"
)

// Deps are what a Manager is built from.
type Deps struct {
	Tx       Tx
	Store    Store
	Carrier  Carrier
	Timeline Timeline
	Audit    audit.Writer
	// Render draws the result document as a PDF; app plugs in the guide
	// package's renderer.
	Render func(Document) ([]byte, error)
	Now    func() time.Time
}

// Manager is delivery's use cases.
type Manager struct {
	tx       Tx
	store    Store
	carrier  Carrier
	timeline Timeline
	audit    audit.Writer
	render   func(Document) ([]byte, error)
	now      func() time.Time
}

// NewManager wires a Manager.
func NewManager(d Deps) *Manager {
	return &Manager{tx: d.Tx, store: d.Store, carrier: d.Carrier, timeline: d.Timeline, audit: d.Audit, render: d.Render, now: d.Now}
}

// viewerRoles see a delivery of a case in their scope; dispatcherRoles hand
// mail to the carrier (the roles that handle cases, less supervision).
var (
	viewerRoles     = []principal.Role{principal.WindowClerk, principal.Reviewer, principal.DeptHead, principal.Supervisor}
	dispatcherRoles = []principal.Role{principal.WindowClerk, principal.Reviewer, principal.DeptHead}
)

func isApplicant(p principal.Principal, d Delivery) bool {
	return p.IsPerson() && p.ID == d.PersonID && p.OrgID == d.OrgID
}

// staffIn reports whether p is staff holding one of roles in the case's scope.
func staffIn(p principal.Principal, d Delivery, roles []principal.Role) bool {
	return p.IsStaff() && p.Scope.Covers(d.Scope()) && slices.ContainsFunc(roles, p.Has)
}

// New is a delivery to open for a concluded case.
type New struct {
	CaseID         int64
	CaseNumber     string
	ItemName       string
	RegionCode     string
	DepartmentID   int64
	DepartmentName string
	PersonID       int64
	OrgID          int64
	ApplicantName  string
	Method         Method
	ResultName     string
	ResultType     string
	Opinion        string
	Recipient      string // mail
	Address        string // mail
	Phone          string // mail
}

// validate checks a new delivery; mail needs somewhere to go.
func (n *New) validate() error {
	n.Recipient, n.Address, n.Phone = strings.TrimSpace(n.Recipient), strings.TrimSpace(n.Address), strings.TrimSpace(n.Phone)
	var fs []apperr.FieldError
	if !n.Method.Valid() {
		fs = append(fs, apperr.FieldError{Field: "delivery_method", Key: "form.choice"})
	}
	if !slices.Contains(resultTypes, n.ResultType) {
		fs = append(fs, apperr.FieldError{Field: "result_type", Key: "form.choice"})
	}
	if n.CaseID == 0 || n.PersonID == 0 || n.RegionCode == "" || strings.TrimSpace(n.ResultName) == "" {
		fs = append(fs, apperr.FieldError{Field: "case", Key: "delivery.case.incomplete"})
	}
	if n.Method == Mail {
		for field, v := range map[string]string{"delivery_name": n.Recipient, "delivery_address": n.Address, "delivery_phone": n.Phone} {
			if v == "" {
				fs = append(fs, apperr.FieldError{Field: field, Key: "form.required"})
			}
		}
	}
	if len(fs) > 0 {
		slices.SortFunc(fs, func(a, b apperr.FieldError) int { return strings.Compare(a.Field, b.Field) })
		return apperr.Fields(fs)
	}
	return nil
}

// Open opens the delivery of a concluded case, in the caller's transaction:
// an online result is ready to download at once; a window pickup gets a
// one-time six-digit code, kept hashed for lookup and sealed so the applicant
// can see it again on the case page; mail waits for staff to dispatch it.
// It authorizes nothing: the composition root calls it from the case's
// conclusion, whose caller casework has already authorized.
func (m *Manager) Open(ctx context.Context, n New) (Delivery, error) {
	if err := n.validate(); err != nil {
		return Delivery{}, err
	}
	now := m.now()
	d := Delivery{CaseID: n.CaseID, CaseNumber: n.CaseNumber, ItemName: n.ItemName, RegionCode: n.RegionCode,
		DepartmentID: n.DepartmentID, DepartmentName: n.DepartmentName, PersonID: n.PersonID, OrgID: n.OrgID,
		ApplicantName: n.ApplicantName, Method: n.Method, ResultName: n.ResultName, ResultType: n.ResultType,
		Opinion: n.Opinion, Status: StatusReady, CreatedAt: now, UpdatedAt: now}
	if n.Method == Mail {
		d.Recipient, d.Address, d.Phone, d.Status = n.Recipient, n.Address, n.Phone, StatusPending
	}
	err := m.tx.InTx(ctx, func(ctx context.Context) error {
		code := ""
		if n.Method == Window {
			var err error
			if code, err = m.freshPickupCode(ctx); err != nil {
				return err
			}
		}
		if err := m.store.InsertDelivery(ctx, &d, code); err != nil {
			return err
		}
		switch d.Method {
		case Online:
			return m.step(ctx, d, Event{Kind: KindReady}, "", nil)
		case Window:
			return m.step(ctx, d, Event{Kind: KindPickup}, "", nil)
		}
		return nil // mail waits for dispatch
	})
	return d, err
}

// step appends a delivery event and the matching timeline entry.
func (m *Manager) step(ctx context.Context, d Delivery, e Event, comment string, detail map[string]string) error {
	e.DeliveryID, e.At = d.ID, m.now()
	if e.ActorName == "" {
		e.ActorName = principal.From(ctx).Name
	}
	if err := m.store.AppendDeliveryEvent(ctx, &e); err != nil {
		return err
	}
	return m.timeline.Note(ctx, d.CaseID, "delivery."+e.Kind, comment, detail)
}

// complete moves a delivery from a state to completed with its last step
// (the download, the signed scan, the collection), then tells casework the
// result has reached the applicant. It reports false, changing nothing, when
// the delivery had already left that state.
func (m *Manager) complete(ctx context.Context, d Delivery, from, how string, last Event, comment string, detail map[string]string) (bool, error) {
	ok, err := m.store.CompleteDelivery(ctx, d.ID, from, how, m.now())
	if err != nil || !ok {
		return ok, err
	}
	if err := m.step(ctx, d, last, comment, detail); err != nil {
		return false, err
	}
	return true, m.timeline.Delivered(ctx, d.CaseID, how)
}

// auditEntry writes an audit entry for a staff action on a delivery.
func (m *Manager) auditEntry(ctx context.Context, action string, d Delivery) error {
	if m.audit == nil {
		return nil
	}
	return m.audit.AppendAudit(ctx, audit.New(ctx, m.now(), action, "delivery", strconv.FormatInt(d.ID, 10), d.RegionCode, d.CaseNumber))
}

// View is a delivery as one viewer may see it.
type View struct {
	Delivery
	Events []Event
	// PickupCode is shown to the applicant only, until it is used.
	PickupCode string
	// CanDispatch: the viewer may hand this mail to the carrier now.
	CanDispatch bool
	// CanDownload: the viewer is the applicant of an online delivery.
	CanDownload bool
	// ForApplicant: the viewer is the applicant (staff see the mail
	// recipient's name and phone masked).
	ForApplicant bool
}

// OfCase returns the delivery of a case to its applicant and to staff who
// handle the case; NotFound when the case has none, or to anyone else.
func (m *Manager) OfCase(ctx context.Context, caseID int64) (View, error) {
	d, err := m.store.DeliveryOfCase(ctx, caseID)
	if err != nil {
		return View{}, err
	}
	p := principal.From(ctx)
	applicant := isApplicant(p, d)
	switch {
	case p.Kind == principal.Anonymous:
		return View{}, apperr.New(apperr.Unauthenticated, "auth.required")
	case !applicant && !staffIn(p, d, viewerRoles):
		return View{}, apperr.NotFoundf("delivery")
	}
	v := View{Delivery: d, ForApplicant: applicant}
	if v.Events, err = m.store.DeliveryEvents(ctx, d.ID); err != nil {
		return View{}, err
	}
	switch {
	case applicant:
		v.CanDownload = d.Method == Online
		if d.Method == Window && !d.Completed() {
			if v.PickupCode, err = m.store.PickupCode(ctx, d.ID); err != nil {
				return View{}, err
			}
		}
	default:
		v.Recipient, v.Phone = fieldcrypt.MaskName(d.Recipient), fieldcrypt.MaskPhone(d.Phone)
		v.CanDispatch = d.Method == Mail && d.Status == StatusPending && staffIn(p, d, dispatcherRoles)
	}
	return v, nil
}
