package api

import (
	"context"
	"net/http"

	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/httpserver"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
)

// registerCases adds the department's case routes (办件), for staff and for
// departmental business systems signed in with client credentials: the inbox,
// one case with its timeline, and workflow actions. The casework module
// decides who sees and does what. Applicants use /api/v1/me/cases instead and
// are refused here, as on the web's staff case pages, since this view names
// the staff who acted.
func (a *API) registerCases(rt *httpserver.Router) {
	rt.Handle("GET", "/api/v1/cases", a.caseInbox)
	rt.Handle("GET", "/api/v1/cases/{id}", a.caseDetail)
	rt.Handle("POST", "/api/v1/cases/{id}/actions", a.caseAct)
}

// CaseItem is the item a case was applied for, at the published version the
// application was made under.
type CaseItem struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Version int    `json:"version"`
}

// Case is a case as the department handling it sees it. The applicant is
// named by person_id alone: no name, ID number or phone number leaves here.
type Case struct {
	ID           int64    `json:"id"`
	Number       string   `json:"number"`
	Item         CaseItem `json:"item"`
	DepartmentID int64    `json:"department_id"`
	RegionCode   string   `json:"region_code"`
	PersonID     int64    `json:"person_id"`
	OrgID        int64    `json:"org_id"`
	Channel      string   `json:"channel"`
	State        string   `json:"state"`
	AcceptedOn   string   `json:"accepted_on,omitempty"`
	DueOn        string   `json:"due_on,omitempty"`
	Provisional  bool     `json:"provisional"`
	Paused       bool     `json:"paused"`
	Closed       bool     `json:"closed"`
	CreatedAt    string   `json:"created_at"`
	UpdatedAt    string   `json:"updated_at"`
	ClosedAt     string   `json:"closed_at,omitempty"`
	// Light is the supervision light of an open, accepted case.
	Light string `json:"light,omitempty"`
}

func caseOf(c casework.Case, light casework.Light) Case {
	out := Case{ID: c.ID, Number: c.Number, Item: CaseItem{ID: c.ItemID, Name: c.ItemName, Version: c.ItemVersion},
		DepartmentID: c.DepartmentID, RegionCode: c.RegionCode, PersonID: c.PersonID, OrgID: c.OrgID, Channel: c.Channel,
		State: c.State, Paused: c.Paused(), Closed: c.Closed, CreatedAt: timestamp(c.CreatedAt), UpdatedAt: timestamp(c.UpdatedAt),
		ClosedAt: timestamp(c.ClosedAt), Light: string(light)}
	if c.Accepted() {
		out.AcceptedOn, out.DueOn, out.Provisional = c.Clock.Accepted.String(), c.Due.String(), c.Provisional
	}
	return out
}

// CaseEvent is one entry of a case's timeline. A staff member or system is
// named; the applicant, when they acted, only by kind and person id.
type CaseEvent struct {
	At        string `json:"at"`
	ActorKind string `json:"actor_kind"`
	ActorID   int64  `json:"actor_id"`
	ActorName string `json:"actor_name,omitempty"`
	Action    string `json:"action"`
	FromState string `json:"from_state,omitempty"`
	ToState   string `json:"to_state,omitempty"`
	Comment   string `json:"comment,omitempty"`
}

func caseEventOf(e casework.Event) CaseEvent {
	out := CaseEvent{At: timestamp(e.At), ActorKind: e.ActorKind, ActorID: e.ActorID, ActorName: e.ActorName,
		Action: e.Action, FromState: e.FromState, ToState: e.ToState, Comment: e.Comment}
	if e.ActorKind == string(principal.Person) {
		out.ActorName = ""
	}
	return out
}

// CaseAction is a workflow action the caller may take on the case now.
type CaseAction struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	To    string `json:"to"`
}

// CaseView is one case with its timeline and the caller's possible actions.
type CaseView struct {
	Case
	Events  []CaseEvent  `json:"events"`
	Actions []CaseAction `json:"actions"`
}

func caseViewOf(v casework.CaseView, light casework.Light) CaseView {
	out := CaseView{Case: caseOf(v.Case, light), Events: []CaseEvent{}, Actions: []CaseAction{}}
	for _, e := range v.Events {
		out.Events = append(out.Events, caseEventOf(e))
	}
	for _, x := range v.Actions {
		out.Actions = append(out.Actions, CaseAction{ID: x.ID, Label: x.Label, To: x.To})
	}
	return out
}

// lights returns the supervision light of the open, accepted cases the caller
// handles, as the web inbox shows them. Overdue is the module's one answer for
// lights; a caller it refuses (staff who see a case only because they
// registered it at a window) simply gets no lights.
func (a *API) lights(ctx context.Context, cs ...casework.Case) (map[int64]casework.Light, error) {
	out := map[int64]casework.Light{}
	needed := false
	for _, c := range cs {
		needed = needed || (c.Accepted() && !c.Closed)
	}
	if !needed {
		return out, nil
	}
	sup, err := a.Cases.Overdue(ctx, "", a.Cases.Today())
	switch k := apperr.KindOf(err); {
	case err == nil:
	case k == apperr.Forbidden || k == apperr.Unauthenticated:
		return out, nil
	default:
		return nil, err
	}
	for _, s := range sup {
		out[s.ID] = s.Light
	}
	return out, nil
}

// caseInbox lists the caller's inbox: open cases of their scope, optionally in
// one state or with closed ones too.
func (a *API) caseInbox(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	limit, offset, err := page(q)
	if err != nil {
		return err
	}
	closed, err := queryBool(q, "include_closed")
	if err != nil {
		return err
	}
	cs, total, err := a.Cases.Inbox(r.Context(), casework.InboxFilter{State: q.Get("state"), IncludeClosed: closed, Limit: limit, Offset: offset})
	if err != nil {
		return err
	}
	lights, err := a.lights(r.Context(), cs...)
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, listOf(cs, total, func(c casework.Case) Case { return caseOf(c, lights[c.ID]) }))
}

// viewCase answers one case as the caller may see it.
func (a *API) viewCase(w http.ResponseWriter, r *http.Request, id int64) error {
	v, err := a.Cases.Case(r.Context(), id)
	if err != nil {
		return err
	}
	lights, err := a.lights(r.Context(), v.Case)
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, caseViewOf(v, lights[v.ID]))
}

func (a *API) caseDetail(w http.ResponseWriter, r *http.Request) error {
	if _, err := principal.RequireStaff(r.Context()); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return a.viewCase(w, r, id)
}

type caseActionInput struct {
	Action  string `json:"action"`
	Comment string `json:"comment"`
}

// caseAct takes one workflow action and answers the case as it is now, with
// the new timeline entry and the actions that follow.
func (a *API) caseAct(w http.ResponseWriter, r *http.Request) error {
	if _, err := principal.RequireStaff(r.Context()); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in caseActionInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if _, err := a.Cases.Act(r.Context(), id, in.Action, in.Comment); err != nil {
		return err
	}
	return a.viewCase(w, r, id)
}
