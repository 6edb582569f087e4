package hotline

import (
	"slices"
	"time"

	"github.com/tongban/tongban/internal/platform/calendar"
)

// Actions on a ticket, each by one kind of actor from given states.
const (
	ActDispatch   = "dispatch"   // 派单, by an operator (by hand or by rule)
	ActRedispatch = "redispatch" // 改派 to another department, with a reason
	ActReturn     = "return"     // 退单 by the department, with a reason
	ActSign       = "sign"       // 签收 by the department
	ActReply      = "reply"      // 答复 by the department
	ActConclude   = "conclude"   // 办结 by the operator, after the reply
	ActAnswer     = "answer"     // a consultation answered by the operator (知识库)
	ActUrge       = "urge"       // 督办 by a supervisor, at any time before conclusion
	ActMerge      = "merge"      // 并单: a duplicate joins its main ticket
	ActCallback   = "callback"   // 回访 by the operator
	ActRate       = "rate"       // 评价 by the requester online
)

// Event kinds besides the actions.
const (
	EventIntake   = "intake"    // 受理
	EventReopen   = "reopen"    // 重办 after an unsatisfied verdict
	EventMergedIn = "merged_in" // a duplicate joined this ticket
)

// actor is who may take an action.
type actor int

const (
	byOperator actor = iota
	byDepartment
	bySupervisor
	byRequester
)

// loop says who takes each action and from which states.
var loop = map[string]struct {
	by   actor
	from []State
}{
	ActDispatch:   {byOperator, []State{Received}},
	ActRedispatch: {byOperator, []State{Dispatched, Handling}},
	ActReturn:     {byDepartment, []State{Dispatched, Handling}},
	ActSign:       {byDepartment, []State{Dispatched}},
	ActReply:      {byDepartment, []State{Handling}},
	ActConclude:   {byOperator, []State{Replied}},
	ActAnswer:     {byOperator, []State{Received}},
	ActUrge:       {bySupervisor, []State{Received, Dispatched, Handling, Replied}},
	ActMerge:      {byOperator, []State{Received, Dispatched, Handling}},
	ActCallback:   {byOperator, []State{Concluded}},
	ActRate:       {byRequester, []State{Concluded}},
}

// allowed reports whether an action may be taken on a ticket in its state.
// Only consultations are answered by the operator; a merged ticket follows
// its main ticket and takes no action of its own.
func allowed(kind string, t Ticket) bool {
	spec, ok := loop[kind]
	if !ok || !slices.Contains(spec.from, t.State) {
		return false
	}
	return kind != ActAnswer || t.Category == Consult
}

// dispatchTo hands a ticket to a department, which must sign for it within
// the ticket's signing limit counted from today.
func (t *Ticket) dispatchTo(d Department, ruleID int64, c Clock, today calendar.Date, now time.Time) {
	t.State, t.DepartmentID, t.DepartmentName, t.RuleID = Dispatched, d.ID, d.Name, ruleID
	t.SignDue = c.HandleDue(today, t.SignDays)
	t.DispatchedAt, t.SignedAt = now, time.Time{}
}

// returnToOperator undoes a dispatch: the ticket waits for the operator again.
func (t *Ticket) returnToOperator() {
	t.State, t.DepartmentID, t.DepartmentName, t.RuleID = Received, 0, "", 0
	t.SignDue, t.DispatchedAt, t.SignedAt = calendar.Date{}, time.Time{}, time.Time{}
	t.Returns++
}

// settle records the requester's verdict on a concluded ticket. Satisfied or
// basically satisfied closes the loop. Unsatisfied the first time reopens it
// for a second handling (重办) by the same department with a new deadline
// counted from today, or for the operator when no department handled it; an
// unsatisfied second round closes, and stays on the supervisors' board.
func (t *Ticket) settle(sat Satisfaction, c Clock, today calendar.Date, now time.Time) (reopened bool) {
	t.Satisfaction = sat
	if sat != Unsatisfied || t.Round > 1 {
		t.State, t.ClosedAt = Closed, now
		return false
	}
	t.Round++
	t.State = Handling
	if t.DepartmentID == 0 {
		t.State = Received
	}
	t.HandleDue = c.HandleDue(today, t.HandleDays)
	t.Reply, t.RepliedAt, t.ConcludedAt = "", time.Time{}, time.Time{}
	return true
}
