package hotline

import (
	"context"
	"strings"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
)

// Action is a step someone takes on a ticket, with what the step needs.
type Action struct {
	Kind string
	// DepartmentID is where dispatch and re-dispatch send the ticket; with
	// ByRule, dispatch asks the rules instead.
	DepartmentID int64
	ByRule       bool
	// Text is the reason of a return or re-dispatch, the reply, the answer,
	// the urge note, or a note of a conclusion, callback or rating.
	Text string
	// MainNumber is the number of the main ticket a duplicate merges into.
	MainNumber string
	// Reached and Satisfaction are the callback's outcome; a rating has a
	// Satisfaction only.
	Reached      bool
	Satisfaction Satisfaction
	// ArticleID is the knowledge-base article an answer came from.
	ArticleID int64
}

// maxReason bounds reasons and notes.
const maxReason = 1000

// mayAct reports whether p is the kind of actor an action needs.
func mayAct(p principal.Principal, t Ticket, by actor) bool {
	switch by {
	case byOperator:
		return operates(p, t)
	case byDepartment:
		return handlesFor(p, t)
	case bySupervisor:
		return supervises(p, t)
	case byRequester:
		return isRequester(p, t)
	}
	return false
}

// Act takes an action on a ticket for the principal in ctx. It is refused
// with Forbidden when the principal is not who takes that action, and with
// Conflict when the ticket's state does not allow it (or someone changed
// the ticket in the meantime).
func (m *Manager) Act(ctx context.Context, id int64, a Action) (Ticket, error) {
	t, p, err := m.load(ctx, id)
	if err != nil {
		return Ticket{}, err
	}
	spec, ok := loop[a.Kind]
	if !ok {
		return Ticket{}, apperr.Field("action", "form.choice")
	}
	if !mayAct(p, t, spec.by) {
		return Ticket{}, apperr.Forbid()
	}
	if t.State == Merged {
		return Ticket{}, apperr.New(apperr.Conflict, "hotline.merged")
	}
	if !allowed(a.Kind, t) {
		return Ticket{}, apperr.New(apperr.Conflict, "hotline.state")
	}
	a.Text = strings.TrimSpace(a.Text)
	if err := a.check(); err != nil {
		return Ticket{}, err
	}
	err = m.tx.InTx(ctx, func(ctx context.Context) error { return m.apply(ctx, &t, a) })
	return t, err
}

// check validates what an action needs besides authorization and state.
func (a Action) check() error {
	needsText := map[string]string{ActReturn: "text", ActRedispatch: "text", ActReply: "text", ActAnswer: "text", ActUrge: "text"}
	if f, ok := needsText[a.Kind]; ok && a.Text == "" {
		return apperr.Field(f, "hotline.text.required_"+a.Kind)
	}
	limit := maxReason
	if a.Kind == ActReply || a.Kind == ActAnswer {
		limit = maxContent
	}
	if runes(a.Text) > limit {
		return apperr.Field("text", "hotline.text.too_long", limit)
	}
	switch {
	case (a.Kind == ActRedispatch || (a.Kind == ActDispatch && !a.ByRule)) && a.DepartmentID <= 0:
		return apperr.Field("department_id", "form.required")
	case a.Kind == ActMerge && strings.TrimSpace(a.MainNumber) == "":
		return apperr.Field("main_number", "form.required")
	case a.Kind == ActRate && !a.Satisfaction.Valid():
		return apperr.Field("satisfaction", "form.choice")
	case a.Kind == ActCallback && a.Reached && !a.Satisfaction.Valid():
		return apperr.Field("satisfaction", "form.choice")
	}
	return nil
}

// apply changes the ticket for an action and records the step, in the
// caller's transaction.
func (m *Manager) apply(ctx context.Context, t *Ticket, a Action) error {
	now, today := m.now(), m.Today()
	detail := ""
	switch a.Kind {
	case ActDispatch, ActRedispatch:
		d, rule, err := m.dispatchTarget(ctx, *t, a)
		if err != nil {
			return err
		}
		if a.Kind == ActRedispatch && d.ID == t.DepartmentID {
			return apperr.Field("department_id", "hotline.dispatch.same")
		}
		t.dispatchTo(d, rule.ID, m.clock, today, now)
		if rule.ID != 0 {
			detail = rule.Name
		}
	case ActReturn:
		from := t.DepartmentName
		t.returnToOperator()
		if err := m.save(ctx, t); err != nil {
			return err
		}
		e := *t
		e.DepartmentName = from
		return m.step(ctx, e, a.Kind, a.Text, "")
	case ActSign:
		t.State, t.SignedAt = Handling, now
		if today.After(t.SignDue) {
			detail = "late"
		}
	case ActReply:
		t.State, t.Reply, t.RepliedAt = Replied, a.Text, now
	case ActConclude:
		t.State, t.ConcludedAt = Concluded, now
	case ActAnswer:
		return m.answer(ctx, t, a.Text, a.ArticleID)
	case ActUrge:
		t.Urges++
	case ActMerge:
		return m.merge(ctx, t, a)
	case ActCallback, ActRate:
		return m.verdict(ctx, t, a)
	}
	if err := m.save(ctx, t); err != nil {
		return err
	}
	return m.step(ctx, *t, a.Kind, a.Text, detail)
}

// save writes a changed ticket unless someone changed it first.
func (m *Manager) save(ctx context.Context, t *Ticket) error {
	t.UpdatedAt = m.now()
	ok, err := m.store.UpdateTicket(ctx, t)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.New(apperr.Conflict, "hotline.changed")
	}
	return nil
}

// answer concludes a consultation with the operator's answer.
func (m *Manager) answer(ctx context.Context, t *Ticket, text string, articleID int64) error {
	now := m.now()
	t.State, t.Reply, t.ArticleID, t.RepliedAt, t.ConcludedAt = Concluded, text, articleID, now, now
	if err := m.save(ctx, t); err != nil {
		return err
	}
	return m.step(ctx, *t, ActAnswer, text, "")
}

// dispatchTarget is the department an action sends a ticket to: the one
// named, or the one the first rule that holds names.
func (m *Manager) dispatchTarget(ctx context.Context, t Ticket, a Action) (Department, Rule, error) {
	if a.Kind == ActDispatch && a.ByRule {
		r, d, ok, err := m.suggest(ctx, t)
		if err != nil {
			return Department{}, Rule{}, err
		}
		if !ok {
			return Department{}, Rule{}, apperr.Field("department_id", "hotline.dispatch.no_rule")
		}
		return d, r, nil
	}
	d, err := m.departments.Department(ctx, a.DepartmentID)
	if err != nil && apperr.KindOf(err) != apperr.NotFound {
		return Department{}, Rule{}, err
	}
	if err != nil || !canHandle(d, t) {
		return Department{}, Rule{}, apperr.Field("department_id", "hotline.dispatch.department")
	}
	return d, Rule{}, nil
}

// canHandle reports whether a department may receive a ticket: it is active
// and its region contains the ticket's place.
func canHandle(d Department, t Ticket) bool {
	return d.Active && d.RegionCode != "" && strings.HasPrefix(t.RegionCode, d.RegionCode)
}

// merge makes a ticket a duplicate of an open main ticket the operator also
// handles; the ticket's own duplicates move to the main ticket with it.
func (m *Manager) merge(ctx context.Context, t *Ticket, a Action) error {
	main, err := m.store.TicketByNumber(ctx, strings.TrimSpace(a.MainNumber))
	if apperr.KindOf(err) == apperr.NotFound {
		return apperr.Field("main_number", "hotline.merge.unknown")
	} else if err != nil {
		return err
	}
	p := principal.From(ctx)
	switch {
	case !sees(p, main) || !operates(p, main):
		return apperr.Field("main_number", "hotline.merge.unknown")
	case main.ID == t.ID:
		return apperr.Field("main_number", "hotline.merge.self")
	case !main.State.Open():
		return apperr.Field("main_number", "hotline.merge.main_closed")
	}
	t.State, t.MergedInto = Merged, main.ID
	if err := m.save(ctx, t); err != nil {
		return err
	}
	if err := m.store.RepointMerged(ctx, t.ID, main.ID); err != nil {
		return err
	}
	if err := m.step(ctx, *t, ActMerge, a.Text, main.Number); err != nil {
		return err
	}
	return m.step(ctx, main, EventMergedIn, a.Text, t.Number)
}

// verdict records a callback or a rating: an unreached callback is noted and
// changes nothing; a verdict settles the ticket (see Ticket.settle).
func (m *Manager) verdict(ctx context.Context, t *Ticket, a Action) error {
	if a.Kind == ActCallback && !a.Reached {
		if err := m.save(ctx, t); err != nil {
			return err
		}
		return m.step(ctx, *t, ActCallback, a.Text, "unreached")
	}
	reopened := t.settle(a.Satisfaction, m.clock, m.Today(), m.now())
	if err := m.save(ctx, t); err != nil {
		return err
	}
	if err := m.step(ctx, *t, a.Kind, a.Text, string(a.Satisfaction)); err != nil {
		return err
	}
	if reopened {
		return m.step(ctx, *t, EventReopen, "", t.HandleDue.String())
	}
	return nil
}
