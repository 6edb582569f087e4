package casework

import (
	"fmt"
	"slices"
	"sort"

	"github.com/tongban/tongban/internal/platform/principal"
)

// Workflow is an item's handling process as data: states, the actions that move
// a case between them, who may take each action, and the time each step may
// take. Items that need nothing special use DefaultWorkflow.
type Workflow struct {
	Name    string
	Initial string
	States  []State
	Actions []Action
}

// State is one state of a case.
type State struct {
	ID       string
	Label    string
	Terminal bool // 办结 and the like: no action leaves it
	// Clock says whether the statutory clock runs in this state; it does not
	// before acceptance, during a supplement or special procedure, or after the end.
	Clock bool
	// StepDays is the working days a case may stay in this state (its share of
	// the promised limit); a non-terminal state must have one, 0 meaning "the
	// same day" (即办).
	StepDays *int
}

// Action moves a case from one state to another.
type Action struct {
	ID    string
	Label string
	From  []string
	To    string
	Roles []principal.Role
	// ByApplicant marks actions the applicant takes (resubmitting supplements).
	ByApplicant bool
}

// ValidationError lists every problem of a workflow definition at once.
type ValidationError struct{ Problems []string }

func (e *ValidationError) Error() string {
	return fmt.Sprintf("workflow is not valid: %v", e.Problems)
}

// Validate checks a definition statically before it can be activated: the
// initial state exists; every state is reachable from it; terminal states have
// no outgoing actions and every other state has one; every action names known
// states and existing roles (or is the applicant's); every non-terminal state
// has a step deadline; identifiers are unique.
func (w Workflow) Validate() error {
	var probs []string
	states := map[string]State{}
	for _, s := range w.States {
		if _, dup := states[s.ID]; dup {
			probs = append(probs, "duplicate state "+s.ID)
		}
		states[s.ID] = s
		if !s.Terminal && s.StepDays == nil {
			probs = append(probs, "state "+s.ID+" has no step deadline")
		}
	}
	if _, ok := states[w.Initial]; !ok {
		probs = append(probs, "initial state "+w.Initial+" does not exist")
	}
	out := map[string][]string{}
	actionIDs := map[string]bool{}
	for _, a := range w.Actions {
		if actionIDs[a.ID] {
			probs = append(probs, "duplicate action "+a.ID)
		}
		actionIDs[a.ID] = true
		if _, ok := states[a.To]; !ok {
			probs = append(probs, "action "+a.ID+" goes to unknown state "+a.To)
		}
		for _, f := range a.From {
			if _, ok := states[f]; !ok {
				probs = append(probs, "action "+a.ID+" starts from unknown state "+f)
				continue
			}
			out[f] = append(out[f], a.To)
			if states[f].Terminal {
				probs = append(probs, "terminal state "+f+" has action "+a.ID)
			}
		}
		if len(a.From) == 0 {
			probs = append(probs, "action "+a.ID+" starts from no state")
		}
		if len(a.Roles) == 0 && !a.ByApplicant {
			probs = append(probs, "action "+a.ID+" names no role")
		}
		for _, r := range a.Roles {
			if !r.Valid() {
				probs = append(probs, "action "+a.ID+" names unknown role "+string(r))
			}
		}
	}
	for _, s := range w.States {
		if !s.Terminal && len(out[s.ID]) == 0 {
			probs = append(probs, "state "+s.ID+" is not terminal but no action leaves it")
		}
	}
	// Reachability from the initial state.
	seen := map[string]bool{w.Initial: true}
	queue := []string{w.Initial}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for _, t := range out[s] {
			if !seen[t] {
				seen[t] = true
				queue = append(queue, t)
			}
		}
	}
	var unreachable []string
	for id := range states {
		if !seen[id] {
			unreachable = append(unreachable, id)
		}
	}
	sort.Strings(unreachable)
	for _, id := range unreachable {
		probs = append(probs, "state "+id+" cannot be reached")
	}
	if len(probs) > 0 {
		return &ValidationError{Problems: probs}
	}
	return nil
}

// Allowed returns the actions a principal may take on a case in state.
func (w Workflow) Allowed(state string, p principal.Principal, isApplicant bool) []Action {
	var out []Action
	for _, a := range w.Actions {
		if !slices.Contains(a.From, state) {
			continue
		}
		if a.ByApplicant && isApplicant {
			out = append(out, a)
			continue
		}
		for _, r := range a.Roles {
			if p.Has(r) {
				out = append(out, a)
				break
			}
		}
	}
	return out
}

// terminal reports whether a state ends the case.
func (w Workflow) terminal(state string) bool {
	for _, s := range w.States {
		if s.ID == state {
			return s.Terminal
		}
	}
	return false
}

func days(n int) *int { return &n }

// DefaultWorkflow is 受理 → 审查 → 决定 → 办结 → 送达 with the side paths every
// item has: pre-review (预审); refusal (不予受理); a one-time supplement notice
// that stops the clock (一次性告知); acceptance with pending materials (容缺受理)
// and on the applicant's written commitment (告知承诺制, decided on the spot);
// special procedures (hearing, expert review, inspection…) that stop the
// clock; denial (不予许可); termination (终止办理) when what was promised never
// comes; withdrawal by the applicant before acceptance. Step deadlines split a
// promised limit of promised working days.
func DefaultWorkflow(promised int) Workflow {
	review := promised / 2
	decide := promised - review
	handlers := []principal.Role{principal.WindowClerk, principal.Reviewer}
	deciders := []principal.Role{principal.Reviewer, principal.DeptHead}
	return Workflow{
		Name:    "default",
		Initial: "submitted",
		States: []State{
			{ID: "submitted", Label: "待受理", StepDays: days(1)},
			{ID: "prechecked", Label: "预审通过", StepDays: days(1)},
			{ID: "supplement", Label: "待补正", StepDays: days(5)}, // the applicant's time; the clock is stopped
			{ID: "accepted", Label: "审查中", Clock: true, StepDays: days(review)},
			{ID: "special", Label: "特别程序", StepDays: days(20)}, // its time is not counted in the limit
			{ID: "deciding", Label: "待决定", Clock: true, StepDays: days(decide)},
			{ID: "concluded", Label: "已办结", StepDays: days(1)},
			{ID: "delivered", Label: "已送达", Terminal: true},
			{ID: "refused", Label: "不予受理", Terminal: true},
			{ID: "denied", Label: "不予许可", Terminal: true},
			{ID: "terminated", Label: "终止办理", Terminal: true},
			{ID: "withdrawn", Label: "已撤回", Terminal: true},
		},
		Actions: []Action{
			{ID: "precheck", Label: "预审通过", From: []string{"submitted"}, To: "prechecked", Roles: handlers},
			{ID: ActionAccept, Label: "受理", From: []string{"submitted", "prechecked"}, To: "accepted", Roles: handlers},
			{ID: ActionAcceptPending, Label: "容缺受理", From: []string{"submitted", "prechecked"}, To: "accepted", Roles: handlers},
			{ID: ActionCommitment, Label: "告知承诺审批", From: []string{"submitted", "prechecked"}, To: "concluded", Roles: deciders},
			{ID: "refuse", Label: "不予受理", From: []string{"submitted", "prechecked"}, To: "refused", Roles: handlers},
			{ID: ActionSupplement, Label: "一次性告知补正", From: []string{"submitted", "prechecked", "accepted"}, To: "supplement", Roles: handlers},
			{ID: ActionResubmit, Label: "补正材料", From: []string{"supplement"}, To: "submitted", ByApplicant: true},
			{ID: "withdraw", Label: "撤回申请", From: []string{"submitted", "prechecked", "supplement"}, To: "withdrawn", ByApplicant: true},
			{ID: ActionStartSpecial, Label: "启动特别程序", From: []string{"accepted"}, To: "special", Roles: deciders},
			{ID: ActionEndSpecial, Label: "特别程序结束", From: []string{"special"}, To: "accepted", Roles: deciders},
			{ID: "review", Label: "审查通过", From: []string{"accepted"}, To: "deciding", Roles: []principal.Role{principal.Reviewer}},
			{ID: ActionApprove, Label: "准予许可", From: []string{"deciding"}, To: "concluded", Roles: []principal.Role{principal.DeptHead}},
			{ID: "deny", Label: "不予许可", From: []string{"deciding"}, To: "denied", Roles: []principal.Role{principal.DeptHead}},
			{ID: "terminate", Label: "终止办理", From: []string{"accepted", "special", "deciding"}, To: "terminated", Roles: []principal.Role{principal.DeptHead}},
			{ID: ActionDeliver, Label: "送达", From: []string{"concluded"}, To: "delivered", Roles: handlers},
		},
	}
}
