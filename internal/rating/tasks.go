package rating

import (
	"context"
	"strconv"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/calendar"
	"github.com/tongban/tongban/internal/platform/principal"
)

// TaskRow is a task in a list, with its light while open.
type TaskRow struct {
	Task
	Light Light // "" once closed
}

// TaskQuery narrows the task inbox.
type TaskQuery struct {
	State         string
	IncludeClosed bool
	Limit         int
	Offset        int
}

// taskViewer reports whether p may see tasks at all, and with which scope:
// department staff who rectify ratings see their department's tasks,
// supervisors every task of their region subtree.
func taskViewer(ctx context.Context) (principal.Principal, error) {
	p, err := principal.RequireStaff(ctx)
	if err != nil {
		return p, err
	}
	if p.Scope.RegionCode == "" || !(p.CanAnywhere(principal.RectifyRatings) || p.CanAnywhere(principal.ReviewRatingAppeals)) {
		return p, apperr.Forbid()
	}
	return p, nil
}

// mayView reports whether p may see task t.
func mayView(p principal.Principal, t Task) bool {
	return p.Can(principal.RectifyRatings, t.Scope()) || p.Can(principal.ReviewRatingAppeals, t.Scope())
}

// Tasks is the rectification inbox of the signed-in staff member's scope,
// open tasks by due date unless closed ones are asked for too.
func (m *Manager) Tasks(ctx context.Context, q TaskQuery) ([]TaskRow, int, error) {
	p, err := taskViewer(ctx)
	if err != nil {
		return nil, 0, err
	}
	if q.Limit <= 0 || q.Limit > 200 {
		q.Limit = 50
	}
	ts, total, err := m.store.ListTasks(ctx, TaskFilter{RegionPrefix: p.Scope.RegionCode, DepartmentID: p.Scope.DepartmentID,
		State: q.State, OpenOnly: !q.IncludeClosed, Limit: q.Limit, Offset: q.Offset})
	if err != nil {
		return nil, 0, err
	}
	today := m.Today()
	out := make([]TaskRow, len(ts))
	for i, t := range ts {
		out[i] = m.row(t, today)
	}
	return out, total, nil
}

// row is a task with its due date as of today and its light.
func (m *Manager) row(t Task, today calendar.Date) TaskRow {
	r := TaskRow{Task: t}
	if !t.Closed() {
		r.Due, r.Provisional = t.Clock.Due(m.cal, today)
		if m.light != nil {
			r.Light = m.light(t.Clock, today)
		}
	}
	return r
}

// TaskView is a task with its history and what the viewer may do now.
type TaskView struct {
	TaskRow
	Steps   []TaskStep
	Actions []string
}

// Task returns a task to the staff who may see it; staff outside its scope
// are refused, and to anyone else it does not exist.
func (m *Manager) Task(ctx context.Context, id int64) (TaskView, error) {
	p, err := taskViewer(ctx)
	if err != nil {
		if p.Kind == principal.Person {
			return TaskView{}, apperr.NotFoundf("rectification")
		}
		return TaskView{}, err
	}
	t, err := m.store.GetTask(ctx, id)
	if err != nil {
		return TaskView{}, err
	}
	if !mayView(p, t) {
		return TaskView{}, apperr.Forbid()
	}
	v := TaskView{TaskRow: m.row(t, m.Today()), Actions: t.Allowed(p)}
	if v.Steps, err = m.store.TaskSteps(ctx, t.ID); err != nil {
		return TaskView{}, err
	}
	return v, nil
}

// Act takes one step of a task. The department verifies, rectifies or
// explains, feeds back to the rater (who is told in their inbox), calls them
// back and closes; it may appeal once before rectifying; a supervisor's
// review upholds the appeal (the rating leaves the statistics, the task
// closes) or rejects it (back to rectification, the clock running again).
func (m *Manager) Act(ctx context.Context, id int64, s Step) (Task, error) {
	p, err := principal.RequireStaff(ctx)
	if err != nil {
		return Task{}, err
	}
	a, ok := actionByID(s.Action)
	if !ok {
		return Task{}, apperr.Field("action", "form.choice")
	}
	var t Task
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		if t, err = m.store.GetTask(ctx, id); err != nil {
			return err
		}
		if !p.Can(a.Perm, t.Scope()) {
			return apperr.Forbid()
		}
		if !t.allows(a) {
			return apperr.New(apperr.Conflict, "rating.step.not_now")
		}
		if err := s.validate(); err != nil {
			return err
		}
		from := t.State
		detail, err := m.apply(ctx, &t, a, s)
		if err != nil {
			return err
		}
		t.UpdatedAt = m.now()
		if err := m.store.UpdateTask(ctx, t, from); err != nil {
			return err
		}
		step := TaskStep{TaskID: t.ID, At: t.UpdatedAt, Action: a.ID, ActorID: p.ID, ActorName: p.Name, Text: s.Text, Detail: detail}
		if err := m.store.AppendTaskStep(ctx, &step); err != nil {
			return err
		}
		if a.ID == ActFeedback && m.notifier != nil {
			if err := m.notifier.RatingAnswered(ctx, t); err != nil {
				return err
			}
		}
		return m.auditTask(ctx, a.ID, t)
	})
	return t, err
}

// apply changes t by one action and returns the details its history keeps.
func (m *Manager) apply(ctx context.Context, t *Task, a action, s Step) (map[string]string, error) {
	now, today := m.now(), m.Today()
	t.State = a.To
	var detail map[string]string
	switch a.ID {
	case ActVerify:
		t.Finding = s.Text
	case ActRectify:
		t.Resolution, t.ResolutionText = s.Resolution, s.Text
		detail = map[string]string{"resolution": s.Resolution}
	case ActFeedback:
		t.Feedback, t.FedBackAt = s.Text, now
	case ActCallback:
		t.CallbackAttempts++
		detail = map[string]string{"reached": strconv.FormatBool(s.Reached), "satisfied": strconv.FormatBool(s.Satisfied)}
		if !s.Reached {
			t.State = StateFedBack // call again, or close with the miss on record
			break
		}
		t.CallbackReached, t.CallbackSatisfied, t.CallbackNote, t.CalledBackAt = true, s.Satisfied, s.Text, now
	case ActAppeal:
		t.AppealReason, t.Clock.OpenPause = s.Text, today
	case ActUphold, ActReject:
		t.ReviewOpinion = s.Text
		t.Clock.Pauses = append(t.Clock.Pauses, calendar.Span{From: t.Clock.OpenPause, To: today})
		t.Clock.OpenPause = calendar.Date{}
		t.ReviewOutcome = ReviewRejected
		if a.ID == ActUphold {
			t.ReviewOutcome = ReviewUpheld
			if err := m.store.ExcludeRating(ctx, t.RatingID); err != nil {
				return nil, err
			}
		}
	}
	if t.State == StateClosed {
		t.ClosedAt, t.ClosedOn = now, today
	}
	t.Due, t.Provisional = t.Clock.Due(m.cal, today)
	return detail, nil
}
