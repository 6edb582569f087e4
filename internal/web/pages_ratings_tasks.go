package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/fieldcrypt"
	"github.com/tongban/tongban/internal/rating"
)

// registerRectifications adds the department's rectification inbox and the
// task page with its steps (差评整改).
func (ui *UI) registerRectifications(rt routeAdder) {
	rt.Handle("GET", "/staff/rectifications", ui.rectifications)
	rt.Handle("GET", "/staff/rectifications/{id}", ui.rectification)
	rt.Handle("POST", "/staff/rectifications/{id}", ui.rectificationAct)
}

// RectificationsView is the inbox of rectification tasks.
type RectificationsView struct {
	Page
	Rows          []TaskListRow
	Total         int
	IncludeClosed bool
	Workdays      int
}

// TaskListRow is one task of the inbox.
type TaskListRow struct {
	ID                                       int64
	Item, CaseNumber, Department, Level      string
	State, Rated, Due, Light, LightClass, On string
}

// lightWords are a task's light in words and its class; a closed task says
// whether it closed on time instead.
func lightWords(p Page, t rating.TaskRow) (word, class string) {
	switch {
	case t.Light != "":
		return p.T("cases.ui.light." + string(t.Light)), "light light-" + string(t.Light)
	case t.Closed() && t.ClosedOn.After(t.Due):
		return p.T("rating.closed_late"), ""
	case t.Closed():
		return p.T("rating.closed_on_time"), ""
	}
	return p.T("cases.ui.light_none"), ""
}

func taskListRow(p Page, t rating.TaskRow) TaskListRow {
	row := TaskListRow{ID: t.ID, Item: t.ItemName, CaseNumber: t.CaseNumber, Department: t.DepartmentName,
		Level: p.T("rating.level." + strconv.Itoa(int(t.Level))), State: p.T("rating.state." + t.State),
		Rated: onTime(t.RatedAt), Due: t.Due.String()}
	if t.Provisional {
		row.Due += p.T("cases.ui.provisional")
	}
	row.Light, row.LightClass = lightWords(p, t)
	return row
}

func (ui *UI) rectifications(w http.ResponseWriter, r *http.Request) error {
	all := r.URL.Query().Get("all") == "1"
	ts, total, err := ui.Ratings.Tasks(r.Context(), rating.TaskQuery{IncludeClosed: all, Limit: 200})
	if err != nil {
		return err
	}
	p := RectificationsView{Page: ui.page(r, "rating.tasks.title"), Total: total, IncludeClosed: all, Workdays: ui.Ratings.Workdays()}
	for _, t := range ts {
		p.Rows = append(p.Rows, taskListRow(p.Page, t))
	}
	return ui.render(w, http.StatusOK, "rectifications", p)
}

// RectificationView is one task: the rating, the rater to call back, the
// deadline, the steps so far, and a form per action the viewer may take.
type RectificationView struct {
	Page
	ID                                            int64
	Row                                           TaskListRow
	Stage, Comment, Channel, Staff, Place, Opened string
	CaseNumber                                    string
	RealName                                      bool
	RaterName, RaterPhone, RaterURL               string
	Finding, Resolution, ResolutionText, Feedback string
	Callback                                      string
	AppealReason, Review                          string
	Steps                                         []TaskStepRow
	Actions                                       []TaskAction
	Paused                                        bool
}

// TaskStepRow is one entry of a task's history.
type TaskStepRow struct{ At, Label, Actor, Text string }

// TaskAction is an action form of the task page.
type TaskAction struct {
	ID, Label, TextLabel, Hint string
	Resolution, Callback       bool
	TextOptional               bool
}

// callbackWords says how a callback went.
func callbackWords(p Page, reached, satisfied bool) string {
	switch {
	case !reached:
		return p.T("rating.callback.unreached")
	case satisfied:
		return p.T("rating.callback.satisfied")
	}
	return p.T("rating.callback.unsatisfied")
}

func (ui *UI) rectificationView(r *http.Request, id int64) (RectificationView, error) {
	ctx := r.Context()
	v, err := ui.Ratings.Task(ctx, id)
	if err != nil {
		return RectificationView{}, err
	}
	t := v.Task
	p := RectificationView{Page: ui.page(r, "rating.task.title"), ID: t.ID, Comment: t.Comment, CaseNumber: t.CaseNumber,
		RealName: t.RealName, Finding: t.Finding, ResolutionText: t.ResolutionText, Feedback: t.Feedback,
		AppealReason: t.AppealReason, Staff: t.StaffName, Opened: t.Clock.Opened.String(), Paused: t.Clock.Paused()}
	p.Title = p.T("rating.task.title") + " #" + strconv.FormatInt(t.ID, 10)
	p.Row = taskListRow(p.Page, v.TaskRow)
	p.Stage = p.T("rating.stage." + string(t.Stage))
	p.Place = t.WindowName
	if p.Place == "" {
		p.Place = t.HallName
	}
	if t.Resolution != "" {
		p.Resolution = p.T("rating.resolution." + t.Resolution)
	}
	if !t.CalledBackAt.IsZero() {
		p.Callback = callbackWords(p.Page, true, t.CallbackSatisfied) + " · " + onTime(t.CalledBackAt)
		if t.CallbackNote != "" {
			p.Callback += "：" + t.CallbackNote
		}
	} else if t.CallbackAttempts > 0 {
		p.Callback = p.T("rating.callback.attempts", t.CallbackAttempts)
	}
	if t.ReviewOutcome != "" {
		p.Review = p.T("rating.review."+t.ReviewOutcome) + "：" + t.ReviewOpinion
	}
	// The rater, to call back: the name and a masked phone; the full number
	// is revealed on the person's page, which records the view.
	if t.RealName {
		if person, err := ui.Identity.Person(ctx, t.PersonID); err == nil {
			p.RaterName, p.RaterPhone = person.Name, fieldcrypt.MaskPhone(person.Phone)
			p.RaterURL = "/staff/people/" + strconv.FormatInt(t.PersonID, 10)
		} else if k := apperr.KindOf(err); k != apperr.Forbidden && k != apperr.NotFound {
			return p, err
		}
	}
	for _, s := range v.Steps {
		row := TaskStepRow{At: onTime(s.At), Label: p.T("rating.step." + s.Action), Actor: s.ActorName, Text: s.Text}
		switch s.Action {
		case rating.ActRectify:
			row.Label += "（" + p.T("rating.resolution."+s.Detail["resolution"]) + "）"
		case rating.ActCallback:
			row.Label += "（" + callbackWords(p.Page, s.Detail["reached"] == "true", s.Detail["satisfied"] == "true") + "）"
		}
		if row.Actor == "" {
			row.Actor = p.T("cases.ui.system")
		}
		p.Steps = append(p.Steps, row)
	}
	for _, a := range v.Actions {
		ta := TaskAction{ID: a, Label: p.T("rating.act." + a), TextLabel: p.T("rating.act_text." + a),
			Resolution: a == rating.ActRectify, Callback: a == rating.ActCallback,
			TextOptional: slices.Contains([]string{rating.ActCallback, rating.ActClose}, a)}
		if ui.Catalog.Has("rating.act_hint." + a) {
			ta.Hint = p.T("rating.act_hint." + a)
		}
		p.Actions = append(p.Actions, ta)
	}
	return p, nil
}

func (ui *UI) rectification(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "rectification")
	if err != nil {
		return err
	}
	p, err := ui.rectificationView(r, id)
	if err != nil {
		return err
	}
	return ui.render(w, http.StatusOK, "rectification", p)
}

// rectificationAct takes one step of a task and returns to it; a refused
// step is shown on the page next to the form used.
func (ui *UI) rectificationAct(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "rectification")
	if err != nil {
		return err
	}
	s := rating.Step{Action: r.PostFormValue("action"), Text: r.PostFormValue("text"), Resolution: r.PostFormValue("resolution"),
		Reached: r.PostFormValue("reached") == "yes", Satisfied: r.PostFormValue("satisfied") == "yes"}
	if _, err := ui.Ratings.Act(r.Context(), id, s); err != nil {
		form, ok := ui.formFrom(r, err, "action", "text", "resolution", "reached", "satisfied")
		if !ok {
			return err
		}
		p, verr := ui.rectificationView(r, id)
		if verr != nil {
			return verr
		}
		// Each action has its own form; the errors belong to the one used.
		for _, f := range []string{"text", "resolution"} {
			if msg, ok := form.Errors[f]; ok {
				form.Errors[f+"-"+s.Action] = msg
			}
			form.Values[f+"-"+s.Action] = form.Values[f]
		}
		for i := range form.Summary {
			form.Summary[i].Field += "-" + s.Action
		}
		p.Page.Form = form
		return ui.render(w, statusOf(err), "rectification", p)
	}
	http.Redirect(w, r, "/staff/rectifications/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}
