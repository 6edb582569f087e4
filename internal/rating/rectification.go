package rating

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/calendar"
	"github.com/tongban/tongban/internal/platform/principal"
)

// States of a rectification task (差评整改).
const (
	StateVerifying  = "verifying"   // 待核实: the department looks into the rating
	StateRectifying = "rectifying"  // 整改中: verified; to rectify or explain
	StateRectified  = "rectified"   // 已整改: rectified or explained; the rater is not yet told
	StateFedBack    = "fed_back"    // 已反馈: the rater has been told; to call back
	StateCalledBack = "called_back" // 已回访: the rater was reached
	StateAppealed   = "appealed"    // 申诉中: the department says the rating is wrong; a supervisor reviews
	StateClosed     = "closed"      // 已办结
)

// States lists the states in the order a task passes them, for filters.
var States = []string{StateVerifying, StateRectifying, StateRectified, StateFedBack, StateCalledBack, StateAppealed, StateClosed}

// Task actions.
const (
	ActVerify   = "verify"   // 核实
	ActRectify  = "rectify"  // 整改 or 解释说明
	ActFeedback = "feedback" // 反馈评价人
	ActCallback = "callback" // 回访
	ActClose    = "close"    // 办结
	ActAppeal   = "appeal"   // 申诉
	ActUphold   = "uphold"   // 复核: the appeal stands, the rating is excluded
	ActReject   = "reject"   // 复核: the appeal fails, back to rectification
)

// How a department answers a bad rating.
const (
	ResolutionRectified = "rectified" // 整改: the problem was fixed
	ResolutionExplained = "explained" // 解释说明: no legal ground for the demand, explained
)

// Review outcomes of an appeal.
const (
	ReviewUpheld   = "upheld"
	ReviewRejected = "rejected"
)

// action is one step of the task's process: the states it starts from, where
// it leads (the same state for a callback that did not reach the rater), and
// the permission it needs in the task's scope.
type action struct {
	ID   string
	From []string
	To   string
	Perm principal.Permission
}

// actions is the process, verify → rectify → feedback → callback → close,
// with the appeal and its review beside it.
var actions = []action{
	{ActVerify, []string{StateVerifying}, StateRectifying, principal.RectifyRatings},
	{ActRectify, []string{StateRectifying}, StateRectified, principal.RectifyRatings},
	{ActFeedback, []string{StateRectified}, StateFedBack, principal.RectifyRatings},
	{ActCallback, []string{StateFedBack}, StateCalledBack, principal.RectifyRatings},
	{ActClose, []string{StateFedBack, StateCalledBack}, StateClosed, principal.RectifyRatings},
	{ActAppeal, []string{StateVerifying, StateRectifying}, StateAppealed, principal.RectifyRatings},
	{ActUphold, []string{StateAppealed}, StateClosed, principal.ReviewRatingAppeals},
	{ActReject, []string{StateAppealed}, StateRectifying, principal.ReviewRatingAppeals},
}

func actionByID(id string) (action, bool) {
	i := slices.IndexFunc(actions, func(a action) bool { return a.ID == id })
	if i < 0 {
		return action{}, false
	}
	return actions[i], true
}

// Task is the rectification of one bad rating, in the department responsible
// for the rated service.
type Task struct {
	ID             int64
	RatingID       int64
	ServiceID      int64
	RegionCode     string
	DepartmentID   int64
	DepartmentName string
	State          string
	// The rating and its service, for lists and the task page.
	Level      Level
	Comment    string
	RealName   bool
	PersonID   int64
	OrgID      int64
	Stage      Stage
	CaseID     int64
	CaseNumber string
	ItemName   string
	StaffName  string
	HallName   string
	WindowName string
	RatedAt    time.Time
	// The deadline: Workdays working days from Opened (the day of the
	// rating, not counted), extended by the working days under appeal.
	Clock       Clock
	Due         calendar.Date
	Provisional bool
	// What the department did.
	Finding           string // 核实情况
	Resolution        string // ResolutionRectified or ResolutionExplained
	ResolutionText    string
	Feedback          string // what the rater was told
	FedBackAt         time.Time
	CallbackAttempts  int
	CallbackReached   bool
	CallbackSatisfied bool
	CallbackNote      string
	CalledBackAt      time.Time
	AppealReason      string
	ReviewOutcome     string
	ReviewOpinion     string
	CreatedAt         time.Time
	UpdatedAt         time.Time
	ClosedAt          time.Time
	ClosedOn          calendar.Date
}

// Scope is the responsible department's scope.
func (t Task) Scope() principal.Scope {
	return principal.Scope{RegionCode: t.RegionCode, DepartmentID: t.DepartmentID}
}

// Closed reports whether the task is done.
func (t Task) Closed() bool { return t.State == StateClosed }

// appealed reports whether the task has been appealed once already: a
// department appeals a rating once, and a rejected appeal is final.
func (t Task) appealed() bool { return t.AppealReason != "" }

// allows reports whether a is possible on t now, apart from who asks: a
// callback and a close wait for the feedback; a close of a real-name rating
// needs the rater reached, or at least one call that did not reach them (the
// rate of callbacks then shows the miss); an appeal is made once.
func (t Task) allows(a action) bool {
	if !slices.Contains(a.From, t.State) {
		return false
	}
	switch a.ID {
	case ActClose:
		return t.State == StateCalledBack || !t.RealName || t.CallbackAttempts > 0
	case ActCallback:
		return t.RealName
	case ActAppeal:
		return !t.appealed()
	}
	return true
}

// Allowed lists the actions p may take on t now.
func (t Task) Allowed(p principal.Principal) []string {
	var out []string
	for _, a := range actions {
		if t.allows(a) && p.Can(a.Perm, t.Scope()) {
			out = append(out, a.ID)
		}
	}
	return out
}

// Step is what a staff member gives with an action.
type Step struct {
	Action string
	// Text is the finding (verify), what was done (rectify), the words to
	// the rater (feedback), the callback's note, the appeal's reasons or the
	// review's opinion.
	Text       string
	Resolution string // rectify: ResolutionRectified or ResolutionExplained
	Reached    bool   // callback: the rater answered
	Satisfied  bool   // callback: the rater is satisfied with the handling
}

// maxStepText bounds what a step records.
const maxStepText = 2000

// validate checks what an action needs: words for every step except a
// close and a callback that reached no one, and how the rating was answered.
func (s *Step) validate() error {
	s.Text = strings.TrimSpace(s.Text)
	var fs []apperr.FieldError
	optional := s.Action == ActClose || (s.Action == ActCallback && !s.Reached)
	if s.Text == "" && !optional {
		fs = append(fs, apperr.FieldError{Field: "text", Key: "rating.step.text_required." + s.Action})
	}
	if utf8.RuneCountInString(s.Text) > maxStepText {
		fs = append(fs, apperr.FieldError{Field: "text", Key: "rating.comment.too_long", Args: []any{maxStepText}})
	}
	if s.Action == ActRectify && s.Resolution != ResolutionRectified && s.Resolution != ResolutionExplained {
		fs = append(fs, apperr.FieldError{Field: "resolution", Key: "form.choice"})
	}
	if s.Action == ActCallback && !s.Reached {
		s.Satisfied = false
	}
	return apperr.Fields(fs)
}

// TaskStep is one entry of a task's history.
type TaskStep struct {
	ID        int64
	TaskID    int64
	At        time.Time
	Action    string // an Act* id, or "open"
	ActorID   int64
	ActorName string
	Text      string
	Detail    map[string]string
}

// StepOpen is the first entry of every task's history.
const StepOpen = "open"
