package hotline

import (
	"context"
	"slices"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/calendar"
	"github.com/tongban/tongban/internal/platform/fieldcrypt"
	"github.com/tongban/tongban/internal/platform/principal"
)

// View is a ticket as one viewer may see it, with what they may do now.
type View struct {
	Ticket
	Events []Event
	Files  []File
	// Main is the ticket a duplicate follows; its state and reply are what
	// the duplicate's requester is told.
	Main *Ticket
	// Duplicates are the tickets merged into this one.
	Duplicates []Ticket
	Light      calendar.Light
	SignLight  calendar.Light
	Today      calendar.Date
	// Masked: the caller's name and phone are masked (every staff view).
	Masked bool
	// Can lists the actions the viewer may take now.
	Can map[string]bool
	// CanReveal: the viewer may see the caller's name and phone (audited).
	CanReveal bool
	// CallerTickets counts the caller's tickets of the last 30 days, for
	// operators to spot repeated calls.
	CallerTickets int
}

// Ticket returns a ticket to staff who may see it and to its requester.
func (m *Manager) Ticket(ctx context.Context, id int64) (View, error) {
	t, p, err := m.load(ctx, id)
	if err != nil {
		return View{}, err
	}
	v := View{Ticket: t, Today: m.Today(), Can: map[string]bool{}}
	if v.Events, err = m.store.TicketEvents(ctx, t.ID); err != nil {
		return View{}, err
	}
	if v.Files, err = m.store.TicketFiles(ctx, t.ID); err != nil {
		return View{}, err
	}
	if t.MergedInto != 0 {
		main, err := m.store.GetTicket(ctx, t.MergedInto)
		if err != nil {
			return View{}, err
		}
		v.Main = &main
	} else {
		dups, _, err := m.store.ListTickets(ctx, TicketFilter{MergedInto: t.ID, Limit: 100})
		if err != nil {
			return View{}, err
		}
		v.Duplicates = dups
	}
	v.Light, v.SignLight = m.clock.Light(t, v.Today), m.clock.SignLight(t, v.Today)
	for kind, spec := range loop {
		v.Can[kind] = t.State != Merged && allowed(kind, t) && mayAct(p, t, spec.by)
	}
	if p.IsStaff() {
		v.Masked = true
		v.CallerName, v.CallerPhone = fieldcrypt.MaskName(t.CallerName), fieldcrypt.MaskPhone(t.CallerPhone)
		v.CanReveal = p.Can(principal.RevealCaller, t.Scope()) && (t.CallerName != "" || t.CallerPhone != "")
		for i := range v.Duplicates {
			v.Duplicates[i].CallerName, v.Duplicates[i].CallerPhone = "", ""
		}
		if operates(p, t) && t.CallerPhone != "" {
			if v.CallerTickets, err = m.store.CallerTickets(ctx, t.CallerPhone, m.now().AddDate(0, 0, -30)); err != nil {
				return View{}, err
			}
		}
	}
	if v.Main != nil {
		v.Main.CallerName, v.Main.CallerPhone = "", ""
	}
	return v, nil
}

// Audit action of a reveal of a caller's name or phone.
const AuditReveal = "hotline.reveal"

// Reveal returns a caller's unmasked name or phone to staff allowed to
// contact them, and records the view in the audit trail.
func (m *Manager) Reveal(ctx context.Context, id int64, field string) (string, error) {
	t, p, err := m.load(ctx, id)
	if err != nil {
		return "", err
	}
	if !p.Can(principal.RevealCaller, t.Scope()) {
		return "", apperr.Forbid()
	}
	var value string
	switch field {
	case "name":
		value = t.CallerName
	case "phone":
		value = t.CallerPhone
	default:
		return "", apperr.Field("field", "form.choice")
	}
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		return m.auditEntry(ctx, AuditReveal, t, "caller_"+field)
	})
	return value, err
}

// TicketFile checks that a file belongs to a ticket the principal may see,
// before a surface opens it.
func (m *Manager) TicketFile(ctx context.Context, id, uploadID int64) (File, error) {
	t, _, err := m.load(ctx, id)
	if err != nil {
		return File{}, err
	}
	files, err := m.store.TicketFiles(ctx, t.ID)
	if err != nil {
		return File{}, err
	}
	i := slices.IndexFunc(files, func(f File) bool { return f.UploadID == uploadID })
	if i < 0 {
		return File{}, apperr.NotFoundf("file")
	}
	return files[i], nil
}

// Row is a ticket in a list, with its lights.
type Row struct {
	Ticket
	Light     calendar.Light
	SignLight calendar.Light
}

// InboxFilter narrows a staff list of tickets.
type InboxFilter struct {
	States   []State
	Category Category
	Query    string
	Limit    int
	Offset   int
}

// maxList bounds one page of a list.
const maxList = 200

// Inbox lists the tickets a staff member works on: a department's staff the
// tickets dispatched to their department, operators and supervisors every
// ticket of their region. Caller details are left out of lists.
func (m *Manager) Inbox(ctx context.Context, f InboxFilter) ([]Row, int, error) {
	p, err := principal.AuthorizeOwn(ctx, principal.ViewTickets)
	if err != nil {
		return nil, 0, err
	}
	tf := TicketFilter{RegionPrefix: p.Scope.RegionCode, States: f.States, Category: f.Category, Query: f.Query,
		NotMerged: true, Limit: f.Limit, Offset: f.Offset}
	if p.Scope.DepartmentID != 0 {
		tf.DepartmentID = p.Scope.DepartmentID
		// A department works on what it was given; what it returned is
		// no longer its own.
		if len(tf.States) == 0 {
			tf.States = []State{Dispatched, Handling, Replied, Concluded, Closed}
		}
	}
	if tf.Limit <= 0 || tf.Limit > maxList {
		tf.Limit = maxList
	}
	ts, total, err := m.store.ListTickets(ctx, tf)
	if err != nil {
		return nil, 0, err
	}
	return m.rows(ts), total, nil
}

// rows adds lights to tickets and drops caller details.
func (m *Manager) rows(ts []Ticket) []Row {
	today := m.Today()
	out := make([]Row, len(ts))
	for i, t := range ts {
		t.CallerName, t.CallerPhone = "", ""
		out[i] = Row{Ticket: t, Light: m.clock.Light(t, today), SignLight: m.clock.SignLight(t, today)}
	}
	return out
}

// MyTickets lists the signed-in citizen's tickets, newest first.
func (m *Manager) MyTickets(ctx context.Context) ([]Row, error) {
	p, err := principal.RequirePerson(ctx)
	if err != nil {
		return nil, err
	}
	ts, _, err := m.store.ListTickets(ctx, TicketFilter{PersonID: p.ID, Limit: maxList})
	if err != nil {
		return nil, err
	}
	return m.rows(ts), nil
}
