package hotline

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/audit"
	"github.com/tongban/tongban/internal/platform/calendar"
	"github.com/tongban/tongban/internal/platform/principal"
)

// Deps are what a Manager is built from.
type Deps struct {
	Tx          Tx
	Store       Store
	Departments Departments
	Places      Places
	Items       Items
	Uploads     Uploads
	Audit       audit.Writer
	Calendar    *calendar.Calendar
	Now         func() time.Time
	// Location is where calendar days are counted (China time).
	Location *time.Location
	// HomeRegion is the install's region: its classes, rules, articles and
	// keys are the hotline's, and tickets lie in it.
	HomeRegion string
	// HandleThresholds and SignThresholds tune the lights; zero values mean
	// DefaultHandleThresholds and DefaultSignThresholds.
	HandleThresholds calendar.Thresholds
	SignThresholds   calendar.Thresholds
}

// Manager is the hotline's use cases.
type Manager struct {
	tx          Tx
	store       Store
	departments Departments
	places      Places
	items       Items
	uploads     Uploads
	audit       audit.Writer
	clock       Clock
	now         func() time.Time
	loc         *time.Location
	home        string
	rules       *programs
}

// NewManager wires a Manager.
func NewManager(d Deps) *Manager {
	if d.Location == nil {
		d.Location = time.UTC
	}
	if d.HandleThresholds == (calendar.Thresholds{}) {
		d.HandleThresholds = DefaultHandleThresholds
	}
	if d.SignThresholds == (calendar.Thresholds{}) {
		d.SignThresholds = DefaultSignThresholds
	}
	return &Manager{tx: d.Tx, store: d.Store, departments: d.Departments, places: d.Places, items: d.Items,
		uploads: d.Uploads, audit: d.Audit, now: d.Now, loc: d.Location, home: d.HomeRegion, rules: &programs{},
		clock: Clock{Calendar: d.Calendar, Handle: d.HandleThresholds, Sign: d.SignThresholds}}
}

// Today is the local calendar day by the module's clock, the day the lights
// are computed for.
func (m *Manager) Today() calendar.Date { return calendar.FromTime(m.now(), m.loc) }

// HomeRegion is the region the hotline serves.
func (m *Manager) HomeRegion() string { return m.home }

// Clock is the module's deadline clock, for surfaces that show lights.
func (m *Manager) Clock() Clock { return m.clock }

// sees reports whether staff p may see a ticket: the permission in the
// ticket's scope, and for department staff, only their own department's
// tickets (one not yet dispatched belongs to no department, and the scope
// rule alone would let every department of the county see it).
func sees(p principal.Principal, t Ticket) bool {
	if !p.Can(principal.ViewTickets, t.Scope()) {
		return false
	}
	return p.Scope.DepartmentID == 0 || p.Scope.DepartmentID == t.DepartmentID
}

// operates reports whether p is an operator for the ticket's place.
func operates(p principal.Principal, t Ticket) bool {
	return p.Can(principal.OperateHotline, t.Scope())
}

// handlesFor reports whether p is staff of the department the ticket is
// dispatched to, with a role that handles tickets.
func handlesFor(p principal.Principal, t Ticket) bool {
	return t.DepartmentID != 0 && p.Scope.DepartmentID == t.DepartmentID && p.Can(principal.HandleTickets, t.Scope())
}

// supervises reports whether p may urge the ticket.
func supervises(p principal.Principal, t Ticket) bool {
	return p.Can(principal.SuperviseTickets, t.Scope())
}

// isRequester reports whether p is the citizen who filed the ticket online.
func isRequester(p principal.Principal, t Ticket) bool {
	return p.IsPerson() && t.PersonID != 0 && p.ID == t.PersonID
}

// load returns a ticket the principal may see: staff by scope, the
// requester their own. Anyone else is refused, a citizen as if it did not
// exist.
func (m *Manager) load(ctx context.Context, id int64) (Ticket, principal.Principal, error) {
	p := principal.From(ctx)
	if p.Kind == principal.Anonymous {
		return Ticket{}, p, apperr.New(apperr.Unauthenticated, "auth.required")
	}
	t, err := m.store.GetTicket(ctx, id)
	if err != nil {
		return Ticket{}, p, err
	}
	switch {
	case p.IsStaff() && sees(p, t):
		return t, p, nil
	case p.IsStaff():
		return Ticket{}, p, apperr.Forbid()
	case isRequester(p, t):
		return t, p, nil
	}
	return Ticket{}, p, apperr.NotFoundf("ticket")
}

// step appends an event of the ticket by the principal in ctx.
func (m *Manager) step(ctx context.Context, t Ticket, kind, text, detail string) error {
	p := principal.From(ctx)
	e := Event{TicketID: t.ID, At: m.now(), Kind: kind, ActorKind: string(p.Kind), ActorID: p.ID, ActorName: p.Name,
		DepartmentName: t.DepartmentName, Text: text, Detail: detail}
	if p.Kind == principal.Anonymous {
		e.ActorKind = "api"
	}
	return m.store.AppendTicketEvent(ctx, &e)
}

// auditEntry records a staff action on a ticket in the audit trail.
func (m *Manager) auditEntry(ctx context.Context, action string, t Ticket, detail string) error {
	if m.audit == nil {
		return nil
	}
	return m.audit.AppendAudit(ctx, audit.New(ctx, m.now(), action, "ticket", strconv.FormatInt(t.ID, 10), t.RegionCode, detail))
}

// number is a ticket's number: the day it was received and its ID.
func number(t Ticket) string {
	return fmt.Sprintf("%04d%02d%02d%06d", t.ReceivedOn.Year, t.ReceivedOn.Month, t.ReceivedOn.Day, t.ID)
}
