package api

import (
	"context"
	"net/http"

	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/httpserver"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
)

// registerApplications adds the applicant's routes: online applications
// (网上申请: draft, resume, submit) and "my cases" (我的办件). They are for
// persons only; each handler first refuses staff and anonymous callers, as the
// web's applicant pages do, so staff get 403 before any lookup answers them.
func (a *API) registerApplications(rt *httpserver.Router) {
	rt.Handle("POST", "/api/v1/applications", a.createApplication)
	rt.Handle("GET", "/api/v1/applications/{id}", a.application)
	rt.Handle("PUT", "/api/v1/applications/{id}", a.saveApplication)
	rt.Handle("POST", "/api/v1/applications/{id}/submit", a.submitApplication)
	rt.Handle("GET", "/api/v1/me/cases", a.myCases)
	rt.Handle("GET", "/api/v1/me/cases/{id}", a.myCase)
}

// ApplicationMaterial is one line of an application's material checklist.
type ApplicationMaterial struct {
	Name     string `json:"name"`
	Provided bool   `json:"provided"`
	Note     string `json:"note,omitempty"`
}

// Application is an applicant's application: a draft until submitted. The
// form holds what the applicant typed and is returned to them alone.
type Application struct {
	ID          int64                 `json:"id"`
	ItemID      int64                 `json:"item_id"`
	ItemVersion int                   `json:"item_version"`
	OrgID       int64                 `json:"org_id,omitempty"`
	Form        map[string]string     `json:"form"`
	Materials   []ApplicationMaterial `json:"materials"`
	Submitted   bool                  `json:"submitted"`
	CreatedAt   string                `json:"created_at"`
	UpdatedAt   string                `json:"updated_at"`
}

func applicationOf(d casework.Application) Application {
	out := Application{ID: d.ID, ItemID: d.ItemID, ItemVersion: d.ItemVersion, OrgID: d.OrgID, Form: d.Form,
		Materials: []ApplicationMaterial{}, Submitted: d.Submitted, CreatedAt: timestamp(d.CreatedAt), UpdatedAt: timestamp(d.UpdatedAt)}
	if out.Form == nil {
		out.Form = map[string]string{}
	}
	for _, m := range d.Materials {
		out.Materials = append(out.Materials, ApplicationMaterial{Name: m.Name, Provided: m.Provided, Note: m.Note})
	}
	return out
}

// draftInput is the body of PUT: the whole form and checklist, replacing
// what was saved (autosave sends everything each time).
type draftInput struct {
	Form      map[string]string     `json:"form"`
	Materials []ApplicationMaterial `json:"materials"`
}

// applicationInput is the body of POST: the item, named by its ID or its slug
// (the public catalog lists items by slug), and the first draft.
type applicationInput struct {
	ItemID    int64                 `json:"item_id"`
	ItemSlug  string                `json:"item_slug"`
	Form      map[string]string     `json:"form"`
	Materials []ApplicationMaterial `json:"materials"`
}

func (in draftInput) application(id, itemID int64) casework.Application {
	d := casework.Application{ID: id, ItemID: itemID, Form: in.Form}
	for _, m := range in.Materials {
		d.Materials = append(d.Materials, casework.MaterialCheck{Name: m.Name, Provided: m.Provided, Note: m.Note})
	}
	return d
}

// createApplication starts a draft for an item that can be applied for
// online, or resumes the person's open draft for it (the same ID comes back),
// so a second device continues rather than duplicates an application.
func (a *API) createApplication(w http.ResponseWriter, r *http.Request) error {
	if _, err := principal.RequirePerson(r.Context()); err != nil {
		return err
	}
	var in applicationInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	itemID, err := a.onlineItem(r.Context(), in.ItemID, in.ItemSlug)
	if err != nil {
		return err
	}
	d, err := a.Cases.SaveDraft(r.Context(), draftInput{Form: in.Form, Materials: in.Materials}.application(0, itemID))
	if err != nil {
		return err
	}
	return encode(w, http.StatusCreated, applicationOf(d))
}

// onlineItem resolves the item named by ID or slug and refuses one that
// cannot be applied for online. The guide decides that, as it does for the
// web's 在线办理 form, so both channels accept the same items.
func (a *API) onlineItem(ctx context.Context, id int64, slug string) (int64, error) {
	switch {
	case id != 0 && slug != "":
		return 0, apperr.Field("item_slug", "api.applications.item_one")
	case id == 0 && slug == "":
		return 0, apperr.Field("item_id", "form.required")
	case slug == "":
		p, err := a.Items.Published(ctx, id)
		if err != nil {
			return 0, err
		}
		slug = p.Slug
	}
	g, err := a.guides().Guide(ctx, slug)
	if err != nil {
		return 0, err
	}
	if !g.CanApplyOnline {
		return 0, apperr.New(apperr.Conflict, "api.applications.not_online")
	}
	if id == 0 {
		p, err := a.Items.PublishedBySlug(ctx, slug)
		if err != nil {
			return 0, err
		}
		id = p.ID
	}
	return id, nil
}

func (a *API) application(w http.ResponseWriter, r *http.Request) error {
	if _, err := principal.RequirePerson(r.Context()); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := a.Cases.Application(r.Context(), id)
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, applicationOf(d))
}

// saveApplication stores the draft's form and checklist; a submitted
// application can no longer change (409).
func (a *API) saveApplication(w http.ResponseWriter, r *http.Request) error {
	if _, err := principal.RequirePerson(r.Context()); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in draftInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	d, err := a.Cases.SaveDraft(r.Context(), in.application(id, 0))
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, applicationOf(d))
}

// SubmittedCase answers a submission: the case it opened, with its case number.
type SubmittedCase struct {
	CaseID int64  `json:"case_id"`
	Number string `json:"number"`
	State  string `json:"state"`
}

// submitApplication submits the draft. The 201 is sent only after the case
// and its number are committed, so a number a client has seen is durable.
func (a *API) submitApplication(w http.ResponseWriter, r *http.Request) error {
	if _, err := principal.RequirePerson(r.Context()); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := a.Cases.Application(r.Context(), id)
	if err != nil {
		return err
	}
	if !d.Submitted { // a submitted one is refused by Submit with its own message
		if _, err := a.onlineItem(r.Context(), d.ItemID, ""); err != nil {
			return err
		}
	}
	c, err := a.Cases.Submit(r.Context(), id)
	if err != nil {
		return err
	}
	return encode(w, http.StatusCreated, SubmittedCase{CaseID: c.ID, Number: c.Number, State: c.State})
}

// ApplicantAction is a workflow action the applicant can take now (补正材料,
// 撤回申请).
type ApplicantAction struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

// MyCase is a case as its applicant sees it. It names no staff member and
// carries no ID or phone number.
type MyCase struct {
	ID             int64  `json:"id"`
	Number         string `json:"number"`
	ApplicationID  int64  `json:"application_id"`
	ItemID         int64  `json:"item_id"`
	ItemName       string `json:"item_name"`
	ItemVersion    int    `json:"item_version"`
	OrgID          int64  `json:"org_id,omitempty"`
	Channel        string `json:"channel"`
	State          string `json:"state"`
	StateLabel     string `json:"state_label,omitempty"`
	Due            string `json:"due"` // "" before acceptance
	DueProvisional bool   `json:"due_provisional"`
	Closed         bool   `json:"closed"`
	// Actions are what the applicant can do now; Notice is the department's
	// last supplement notice (一次性告知) while a supplement is awaited.
	Actions   []ApplicantAction `json:"actions"`
	Notice    string            `json:"notice,omitempty"`
	CreatedAt string            `json:"created_at"`
	UpdatedAt string            `json:"updated_at"`
	ClosedAt  string            `json:"closed_at,omitempty"`
}

func myCaseOf(c casework.Case) MyCase {
	out := MyCase{ID: c.ID, Number: c.Number, ApplicationID: c.ApplicationID, ItemID: c.ItemID, ItemName: c.ItemName,
		ItemVersion: c.ItemVersion, OrgID: c.OrgID, Channel: c.Channel, State: c.State, Closed: c.Closed,
		Actions: []ApplicantAction{}, CreatedAt: timestamp(c.CreatedAt), UpdatedAt: timestamp(c.UpdatedAt), ClosedAt: timestamp(c.ClosedAt)}
	if c.Accepted() {
		out.Due, out.DueProvisional = c.Due.String(), c.Provisional
	}
	return out
}

func actionsOf(as []casework.Action) []ApplicantAction {
	out := []ApplicantAction{}
	for _, x := range as {
		if x.ByApplicant {
			out = append(out, ApplicantAction{ID: x.ID, Label: x.Label})
		}
	}
	return out
}

// myCases lists the person's cases, newest first, with what each needs from
// them now.
func (a *API) myCases(w http.ResponseWriter, r *http.Request) error {
	cs, err := a.Cases.MyCases(r.Context())
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, allOf(cs, func(c casework.MyCase) MyCase {
		out := myCaseOf(c.Case)
		out.StateLabel, out.Actions, out.Notice = c.StateLabel, actionsOf(c.Needed), c.Notice
		return out
	}))
}

// ApplicantEvent is one entry of a case's timeline as the applicant sees it.
type ApplicantEvent struct {
	At        string `json:"at"`
	ActorKind string `json:"actor_kind"`
	Action    string `json:"action"`
	FromState string `json:"from_state,omitempty"`
	ToState   string `json:"to_state,omitempty"`
	Comment   string `json:"comment,omitempty"`
}

// MyCaseDetail is one of the person's cases with its timeline.
type MyCaseDetail struct {
	MyCase
	Events []ApplicantEvent `json:"events"`
}

// myCase shows one of the person's own cases. Staff use the department's
// case routes; here they are refused like on the web's "my cases" page, and
// another person's case does not exist (404).
func (a *API) myCase(w http.ResponseWriter, r *http.Request) error {
	if _, err := principal.RequirePerson(r.Context()); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := a.Cases.Case(r.Context(), id)
	if err != nil {
		return err
	}
	out := MyCaseDetail{MyCase: myCaseOf(v.Case), Events: []ApplicantEvent{}}
	out.Actions = actionsOf(v.Actions)
	for _, e := range v.Events {
		out.Events = append(out.Events, ApplicantEvent{At: timestamp(e.At), ActorKind: e.ActorKind, Action: e.Action,
			FromState: e.FromState, ToState: e.ToState, Comment: e.Comment})
	}
	return encode(w, http.StatusOK, out)
}
