package casework

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/calendar"
	"github.com/tongban/tongban/internal/platform/principal"
)

// Workflow action ids with a meaning beyond moving the state: the clock, the
// pending materials, the fee, the conclusion. A per-item workflow that wants
// these effects uses these ids.
const (
	ActionAccept        = "accept"                // starts the clock (the day of acceptance is not counted)
	ActionAcceptPending = "accept_pending"        // 容缺受理: starts the clock with materials still owed
	ActionCommitment    = "approve_on_commitment" // 告知承诺制: accepted and approved on the spot
	ActionSupplement    = "request_supplement"    // one-time notice: stops a running clock
	ActionResubmit      = "resubmit"              // the applicant answers: the clock runs again
	ActionStartSpecial  = "start_special"         // a special procedure stops the clock
	ActionEndSpecial    = "end_special"           // …and its end restarts it
	ActionApprove       = "approve"               // 准予: concludes with the item's result
	ActionDeny          = "deny"                  // 不予许可
	ActionDeliver       = "deliver"               // the result reached the applicant
)

// Clock effects of actions.
var (
	startsClock  = []string{ActionAccept, ActionAcceptPending, ActionCommitment}
	pausesClock  = []string{ActionSupplement, ActionStartSpecial}
	resumesClock = []string{ActionResubmit, ActionEndSpecial}
)

// commentRequired lists actions that need written words: a refusal, a
// supplement notice listing every missing material, the opinion of an approval
// or a denial, the reason for a special procedure or a termination.
var commentRequired = []string{"refuse", ActionSupplement, ActionApprove, ActionDeny, ActionStartSpecial, "terminate"}

// CommentRequired reports whether an action needs written words.
func CommentRequired(action string) bool { return slices.Contains(commentRequired, action) }

// Conclusion types (办结类型).
const (
	ConclusionLicense  = "出证办结"
	ConclusionDocument = "出文办结"
	ConclusionApproval = "审批办结"
	ConclusionDenied   = "不予许可"
)

// maxPendingDays bounds the promise of 容缺受理: materials owed longer than this
// are not "pending" but missing, and call for a supplement notice.
const maxPendingDays = 30

// Decision is a staff member's or the applicant's action on a case with what
// some actions need besides words.
type Decision struct {
	Action  string
	Comment string
	// Pending lists the materials accepted as owed (容缺受理) and PendingBy the
	// date the applicant promises them by.
	Pending   []string
	PendingBy calendar.Date
	// FeeFen is the fee fixed at approval of an item that charges (in fen).
	FeeFen int64
	// Procedure names the special procedure started.
	Procedure string
	// Materials are what the applicant adds on resubmission.
	Materials []MaterialCheck
}

// Pending is what a case accepted under 容缺受理 still owes.
type Pending struct {
	Materials []string      `json:"materials"`
	By        calendar.Date `json:"by"`
	Provided  bool          `json:"provided"`
}

// Outstanding reports whether materials are still owed.
func (p *Pending) Outstanding() bool { return p != nil && !p.Provided && len(p.Materials) > 0 }

// Act takes a workflow action with only words; see Decide.
func (m *Manager) Act(ctx context.Context, caseID int64, actionID, comment string) (Case, error) {
	return m.Decide(ctx, caseID, Decision{Action: actionID, Comment: comment})
}

// Decide takes a workflow action on a case: the action must leave the case's
// current state and be allowed to the principal — a role of the action in the
// case's scope, or the applicant for applicant actions. Accepting starts the
// clock and sets the promised due date; a supplement notice or a special
// procedure stops a running clock and the answer restarts it, moving the due
// date by the paused working days; approval needs the department's opinion, the
// fee of an item that charges and no materials still owed; a terminal state
// closes the case. The change, its timeline event, the audit entry and what
// observers do in answer are one transaction.
func (m *Manager) Decide(ctx context.Context, caseID int64, d Decision) (Case, error) {
	d.Comment = strings.TrimSpace(d.Comment)
	var c Case
	err := m.tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		if c, err = m.store.GetCase(ctx, caseID); err != nil {
			return err
		}
		p := principal.From(ctx)
		switch {
		case p.Kind == principal.Anonymous:
			return apperr.New(apperr.Unauthenticated, "auth.required")
		case p.IsStaff() && !handles(p, c):
			return apperr.Forbid()
		case !p.IsStaff() && !isApplicant(p, c):
			return apperr.NotFoundf("case")
		}
		wf := m.workflowFor(c)
		i := slices.IndexFunc(wf.Actions, func(a Action) bool { return a.ID == d.Action })
		if i < 0 {
			return apperr.Field("action", "form.choice")
		}
		action := wf.Actions[i]
		if c.Closed || !slices.Contains(action.From, c.State) {
			return apperr.New(apperr.Conflict, "casework.action.not_now")
		}
		if !slices.ContainsFunc(wf.Allowed(c.State, p, isApplicant(p, c)), func(a Action) bool { return a.ID == d.Action }) {
			return apperr.Forbid()
		}
		item, err := m.items.Published(ctx, c.ItemID)
		if err != nil {
			return err
		}
		detail, err := m.check(ctx, c, item, d)
		if err != nil {
			return err
		}
		if d.Action == ActionResubmit && len(d.Materials) > 0 {
			if err := m.addMaterials(ctx, c, d.Materials); err != nil {
				return err
			}
		}
		from := c.State
		m.advance(&c, wf, action)
		switch d.Action {
		case ActionAcceptPending:
			c.Pending = &Pending{Materials: d.Pending, By: d.PendingBy}
		case ActionApprove, ActionCommitment:
			c.Conclusion = conclusionOf(item)
			detail["conclusion"] = c.Conclusion
		case ActionDeny:
			c.Conclusion = ConclusionDenied
			detail["conclusion"] = c.Conclusion
		}
		if err := m.store.UpdateCase(ctx, c, from); err != nil {
			return err
		}
		if c.Accepted() {
			detail["due"] = c.Due.String()
		}
		return m.record(ctx, c, action.ID, from, c.State, d.Comment, detail)
	})
	return c, err
}

// check validates what an action needs and returns the timeline detail.
func (m *Manager) check(ctx context.Context, c Case, item PublishedItem, d Decision) (map[string]string, error) {
	detail := map[string]string{}
	var fs []apperr.FieldError
	if d.Comment == "" && CommentRequired(d.Action) {
		fs = append(fs, apperr.FieldError{Field: "comment", Key: "form.required"})
	}
	switch d.Action {
	case ActionAcceptPending:
		today := m.today()
		if len(d.Pending) == 0 {
			fs = append(fs, apperr.FieldError{Field: "pending", Key: "casework.pending.required"})
		}
		switch {
		case d.PendingBy == (calendar.Date{}):
			fs = append(fs, apperr.FieldError{Field: "pending_by", Key: "form.required"})
		case !d.PendingBy.After(today) || d.PendingBy.DaysSince(today) > maxPendingDays:
			fs = append(fs, apperr.FieldError{Field: "pending_by", Key: "casework.pending.by_range"})
		}
		detail["pending"] = strings.Join(d.Pending, "；")
		detail["pending_by"] = d.PendingBy.String()
	case ActionApprove, ActionCommitment:
		if c.Pending.Outstanding() {
			return nil, apperr.New(apperr.Conflict, "casework.pending.outstanding")
		}
		if item.FeeAtDecision() {
			if d.FeeFen <= 0 {
				fs = append(fs, apperr.FieldError{Field: "fee", Key: "casework.fee.required"})
			}
			detail["fee_fen"] = strconv.FormatInt(d.FeeFen, 10)
		}
		if d.Action == ActionCommitment {
			a, err := m.store.GetApplication(ctx, c.ApplicationID)
			if err != nil {
				return nil, err
			}
			if a.Form[FieldCommitment] != "yes" {
				return nil, apperr.New(apperr.Conflict, "casework.commitment.missing")
			}
		}
	case ActionStartSpecial:
		d.Procedure = strings.TrimSpace(d.Procedure)
		if d.Procedure == "" {
			fs = append(fs, apperr.FieldError{Field: "procedure", Key: "form.required"})
		}
		detail["procedure"] = d.Procedure
	}
	if len(fs) > 0 {
		return nil, apperr.Fields(fs)
	}
	return detail, nil
}

// FieldCommitment is the application form value by which the applicant signs
// the written commitment of 告知承诺制 ("yes").
const FieldCommitment = "commitment"

// conclusionOf is the conclusion type of an approved case of item.
func conclusionOf(item PublishedItem) string {
	switch item.ResultType {
	case ConclusionLicense, ConclusionDocument, ConclusionApproval:
		return item.ResultType
	}
	return ConclusionApproval
}

// advance applies an action to a case: state, clock, due date, closing.
func (m *Manager) advance(c *Case, wf Workflow, a Action) {
	today := m.today()
	switch {
	case slices.Contains(startsClock, a.ID):
		if !c.Accepted() { // re-acceptance after a supplement keeps the clock
			c.Clock.Accepted = today
		}
	case slices.Contains(pausesClock, a.ID):
		if c.Accepted() && !c.Paused() {
			c.Clock.OpenPause = today
		}
	case slices.Contains(resumesClock, a.ID):
		if c.Paused() {
			c.Clock.Pauses = append(c.Clock.Pauses, calendar.Span{From: c.Clock.OpenPause, To: today})
			c.Clock.OpenPause = calendar.Date{}
		}
	}
	if c.Accepted() {
		c.Due, c.Provisional = c.Clock.Due(m.cal, today)
	}
	c.State = a.To
	for _, s := range wf.States {
		if s.ID == a.To && s.Terminal {
			c.Closed, c.ClosedAt = true, m.now()
		}
	}
	c.UpdatedAt = m.now()
}

// addMaterials records what the applicant adds on resubmission in the case's
// application: a line with the same name is replaced, a new one appended.
func (m *Manager) addMaterials(ctx context.Context, c Case, add []MaterialCheck) error {
	a, err := m.store.GetApplication(ctx, c.ApplicationID)
	if err != nil {
		return err
	}
	for _, n := range add {
		i := slices.IndexFunc(a.Materials, func(x MaterialCheck) bool { return x.Name == n.Name })
		if i < 0 {
			a.Materials = append(a.Materials, n)
		} else {
			a.Materials[i] = n
		}
	}
	a.UpdatedAt = m.now()
	return m.store.UpdateApplication(ctx, a)
}

// ProvidePending is the applicant's answer to 容缺受理: the owed materials are
// added to the application, the debt is settled and the department can
// decide. The clock never stopped, so it is not touched.
func (m *Manager) ProvidePending(ctx context.Context, caseID int64, materials []MaterialCheck, comment string) (Case, error) {
	p, err := principal.RequirePerson(ctx)
	if err != nil {
		return Case{}, err
	}
	var c Case
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		if c, err = m.store.GetCase(ctx, caseID); err != nil {
			return err
		}
		if !isApplicant(p, c) {
			return apperr.NotFoundf("case")
		}
		if c.Closed || !c.Pending.Outstanding() {
			return apperr.New(apperr.Conflict, "casework.action.not_now")
		}
		if len(materials) == 0 {
			return apperr.Field("materials", "casework.pending.nothing")
		}
		if err := m.addMaterials(ctx, c, materials); err != nil {
			return err
		}
		c.Pending.Provided, c.UpdatedAt = true, m.now()
		if err := m.store.UpdateCase(ctx, c, c.State); err != nil {
			return err
		}
		return m.record(ctx, c, EventPendingProvided, "", "", strings.TrimSpace(comment), nil)
	})
	return c, err
}

// EventPendingProvided is the timeline entry of owed materials provided.
const EventPendingProvided = "pending_provided"
