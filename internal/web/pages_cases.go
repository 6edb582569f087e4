package web

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/guide"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
)

// registerCases adds online application (申办), the applicant's cases and the
// department inbox (办件).
func (ui *UI) registerCases(rt routeAdder) {
	rt.Handle("GET", "/apply/{slug}", ui.applyPage)
	rt.Handle("POST", "/apply/{slug}", ui.applySave)
	rt.Handle("POST", "/apply/{slug}/submit", ui.applySubmit)
	rt.Handle("GET", "/me/cases", ui.myCases)
	rt.Handle("GET", "/me/cases/{id}", ui.myCase)
	rt.Handle("POST", "/me/cases/{id}/act", ui.myAct)
	rt.Handle("GET", "/staff/cases", ui.staffCases)
	rt.Handle("GET", "/staff/cases/{id}", ui.staffCase)
	rt.Handle("POST", "/staff/cases/{id}/act", ui.staffAct)
}

// caseDays is the zone case times are shown in: China keeps one offset all year.
var caseDays = time.FixedZone("CST", 8*3600)

// ApplyView is the 在线办理 page: for a signed-in person and an item that can
// be applied for online, the application form; otherwise the one-visit
// checklist for the window.
type ApplyView struct {
	Page
	Guide     guide.Guide
	Online    bool // the online form is shown
	LoginURL  string
	Saved     bool
	Materials []ApplyMaterial
}

// ApplyMaterial is one line of the material checklist of the form.
type ApplyMaterial struct {
	No       int
	Name     string
	Note     string // requirement, condition, form and copies
	Required bool
	Checked  bool
}

// Application form fields.
const (
	fieldPhone     = "phone"
	fieldNote      = "note"
	fieldMaterial  = "material" // repeated: the numbers of the materials at hand
	fieldMaterials = "materials"
)

var phonePattern = regexp.MustCompile(`^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$`)

// applyView loads the guide and, for a person, the form's base model.
func (ui *UI) applyView(r *http.Request) (ApplyView, error) {
	g, err := ui.guides().Guide(r.Context(), r.PathValue("slug"))
	if err != nil {
		return ApplyView{}, err
	}
	p := ApplyView{Page: ui.page(r, "apply.title"), Guide: g}
	p.Title = p.T("apply.title") + "：" + g.Name
	p.LoginURL = "/login?next=" + url.QueryEscape("/apply/"+g.Slug)
	p.Online = g.CanApplyOnline && principal.From(r.Context()).IsPerson()
	for _, m := range g.Materials {
		note := m.RequirementLabel
		if m.Condition != "" {
			note += "：" + m.Condition
		}
		p.Materials = append(p.Materials, ApplyMaterial{No: m.No, Name: m.Name, Note: note, Required: m.Requirement == "required"})
	}
	return p, nil
}

func (ui *UI) applyPage(w http.ResponseWriter, r *http.Request) error {
	p, err := ui.applyView(r)
	if err != nil {
		return err
	}
	if p.Online {
		item, err := ui.Items.PublishedBySlug(r.Context(), p.Guide.Slug)
		if err != nil {
			return err
		}
		d, err := ui.Cases.Draft(r.Context(), item.ID)
		switch {
		case err == nil:
			p.Page.Form.Values = map[string]string{fieldPhone: d.Form[fieldPhone], fieldNote: d.Form[fieldNote]}
			for i := range p.Materials {
				p.Materials[i].Checked = slices.ContainsFunc(d.Materials, func(m casework.MaterialCheck) bool {
					return m.Provided && m.Name == p.Materials[i].Name
				})
			}
		case apperr.KindOf(err) != apperr.NotFound:
			return err
		}
		p.Saved = r.URL.Query().Get("saved") == "1"
	}
	return ui.render(w, http.StatusOK, "apply", p)
}

// applyForm reads the posted form into the page and the draft; complete asks
// for what submitting needs (a phone and every required material).
func (ui *UI) applyForm(r *http.Request, complete bool) (ApplyView, casework.Application, error) {
	if _, err := principal.RequirePerson(r.Context()); err != nil {
		return ApplyView{}, casework.Application{}, err
	}
	p, err := ui.applyView(r)
	if err != nil {
		return p, casework.Application{}, err
	}
	if !p.Guide.CanApplyOnline {
		return p, casework.Application{}, apperr.New(apperr.Conflict, "cases.ui.not_online")
	}
	item, err := ui.Items.PublishedBySlug(r.Context(), p.Guide.Slug)
	if err != nil {
		return p, casework.Application{}, err
	}
	phone, note := strings.TrimSpace(r.PostFormValue(fieldPhone)), strings.TrimSpace(r.PostFormValue(fieldNote))
	p.Page.Form = Form{Values: map[string]string{fieldPhone: phone, fieldNote: note}, Errors: map[string]string{}}
	a := casework.Application{ItemID: item.ID, Form: map[string]string{"item": p.Guide.Name, fieldPhone: phone, fieldNote: note}}
	checked := r.PostForm[fieldMaterial]
	missing := false
	for i, m := range p.Materials {
		p.Materials[i].Checked = slices.Contains(checked, strconv.Itoa(m.No))
		a.Materials = append(a.Materials, casework.MaterialCheck{Name: m.Name, Provided: p.Materials[i].Checked})
		missing = missing || (m.Required && !p.Materials[i].Checked)
	}
	problem := func(field, key string) {
		msg := p.T(key)
		p.Page.Form.Errors[field] = msg
		p.Page.Form.Summary = append(p.Page.Form.Summary, FieldMessage{Field: field, Message: msg})
	}
	switch {
	case phone == "" && complete:
		problem(fieldPhone, "form.required")
	case phone != "" && !phonePattern.MatchString(phone):
		problem(fieldPhone, "cases.ui.phone_invalid")
	}
	if complete && missing {
		problem(fieldMaterials, "cases.ui.materials_missing")
	}
	return p, a, nil
}

// applySave saves the draft; a mistake is shown with everything typed.
func (ui *UI) applySave(w http.ResponseWriter, r *http.Request) error {
	p, a, err := ui.applyForm(r, false)
	if err != nil {
		return err
	}
	if p.Page.Form.HasErrors() {
		return ui.render(w, http.StatusUnprocessableEntity, "apply", p)
	}
	if _, err := ui.Cases.SaveDraft(r.Context(), a); err != nil {
		return ui.applyFailed(w, r, p, err)
	}
	http.Redirect(w, r, "/apply/"+p.Guide.Slug+"?saved=1", http.StatusSeeOther)
	return nil
}

// applySubmit saves what was typed and submits it: the case is opened with its
// number and the applicant lands on its page.
func (ui *UI) applySubmit(w http.ResponseWriter, r *http.Request) error {
	p, a, err := ui.applyForm(r, true)
	if err != nil {
		return err
	}
	if p.Page.Form.HasErrors() {
		return ui.render(w, http.StatusUnprocessableEntity, "apply", p)
	}
	d, err := ui.Cases.SaveDraft(r.Context(), a)
	if err != nil {
		return ui.applyFailed(w, r, p, err)
	}
	c, err := ui.Cases.Submit(r.Context(), d.ID)
	if err != nil {
		return ui.applyFailed(w, r, p, err)
	}
	http.Redirect(w, r, "/me/cases/"+strconv.FormatInt(c.ID, 10), http.StatusSeeOther)
	return nil
}

// applyFailed shows a user-fixable refusal on the form, keeping what was typed.
func (ui *UI) applyFailed(w http.ResponseWriter, r *http.Request, p ApplyView, err error) error {
	form, ok := ui.formFrom(r, err)
	if !ok {
		return err
	}
	form.Values = p.Page.Form.Values
	p.Page.Form = form
	return ui.render(w, statusOf(err), "apply", p)
}

// CaseRow is a case in a list, with its words ready to show.
type CaseRow struct {
	casework.Case
	StateLabel string
	Due        string // "" before acceptance
	Needed     string // what is needed from the applicant now
	Applicant  string
	Light      string // 正常, 预警, 超期; "" when the clock has not started
	LightClass string
}

// caseRow fills the words of a case.
func caseRow(p Page, c casework.Case) CaseRow {
	row := CaseRow{Case: c, StateLabel: p.T("cases.ui.state." + c.State)}
	if c.Accepted() {
		row.Due = c.Due.String()
		if c.Provisional {
			row.Due += p.T("cases.ui.provisional")
		}
	}
	return row
}

// MyCasesView lists the signed-in person's cases.
type MyCasesView struct {
	Page
	Cases []CaseRow
}

func (ui *UI) myCases(w http.ResponseWriter, r *http.Request) error {
	cs, err := ui.Cases.MyCases(r.Context())
	if err != nil {
		return err
	}
	p := MyCasesView{Page: ui.page(r, "cases.ui.my_title")}
	for _, c := range cs {
		row := caseRow(p.Page, c.Case)
		switch {
		case len(c.Needed) > 0:
			row.Needed = p.T("cases.ui.needed_supplement")
			if c.Notice != "" {
				row.Needed += "：" + c.Notice
			}
		case c.Closed:
			row.Needed = p.T("cases.ui.needed_none_closed")
		default:
			row.Needed = p.T("cases.ui.needed_none")
		}
		p.Cases = append(p.Cases, row)
	}
	return ui.render(w, http.StatusOK, "my_cases", p)
}

// CaseDetailView is one case with its timeline, for its applicant or staff.
type CaseDetailView struct {
	Page
	Case    CaseRow
	Next    string
	Events  []EventRow
	Actions []ActionChoice
	ActURL  string // where the action forms post: the staff or the applicant route
	Back    Link
}

// EventRow is one timeline entry.
type EventRow struct {
	At, Actor, Action, State, Comment string
}

// ActionChoice is an action offered on the staff case page.
type ActionChoice struct {
	ID, Label       string
	CommentRequired bool
}

func (ui *UI) caseDetail(r *http.Request, titleKey string) (CaseDetailView, error) {
	id, err := pathID(r, "case")
	if err != nil {
		return CaseDetailView{}, err
	}
	v, err := ui.Cases.Case(r.Context(), id)
	if err != nil {
		return CaseDetailView{}, err
	}
	p := CaseDetailView{Page: ui.page(r, titleKey)}
	p.Case = caseRow(p.Page, v.Case)
	p.Title = p.T(titleKey) + " " + v.Number
	p.Next = p.T("cases.ui.next." + v.State)
	for _, e := range v.Events {
		row := EventRow{At: e.At.In(caseDays).Format("2006-01-02 15:04"), Actor: e.ActorName,
			Action: p.T("cases.ui.action." + e.Action), Comment: e.Comment}
		if e.ToState != "" {
			row.State = p.T("cases.ui.state." + e.ToState)
		}
		if row.Actor == "" {
			row.Actor = p.T("cases.ui.system")
		}
		p.Events = append(p.Events, row)
	}
	// Staff are offered staff actions; the applicant only their own (补正材料).
	applicant := principal.From(r.Context()).IsPerson()
	p.ActURL = "/staff/cases/" + strconv.FormatInt(id, 10) + "/act"
	if applicant {
		p.ActURL = "/me/cases/" + strconv.FormatInt(id, 10) + "/act"
	}
	for _, a := range v.Actions {
		if a.ByApplicant != applicant {
			continue
		}
		p.Actions = append(p.Actions, ActionChoice{ID: a.ID, Label: p.T("cases.ui.action." + a.ID),
			CommentRequired: a.ID == "refuse" || a.ID == casework.ActionSupplement || a.ID == "deny"})
	}
	return p, nil
}

func (ui *UI) myCase(w http.ResponseWriter, r *http.Request) error {
	if _, err := principal.RequirePerson(r.Context()); err != nil {
		return err
	}
	p, err := ui.caseDetail(r, "cases.ui.case_title")
	if err != nil {
		return err
	}
	p.Back = Link{"/me/cases", "cases.ui.my_title"}
	return ui.render(w, http.StatusOK, "case", p)
}

// StaffCasesView is the department inbox.
type StaffCasesView struct {
	Page
	Cases []CaseRow
	Total int
}

func (ui *UI) staffCases(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	cs, total, err := ui.Cases.Inbox(ctx, casework.InboxFilter{})
	if err != nil {
		return err
	}
	lights := map[int64]casework.Light{}
	if len(cs) > 0 {
		sup, err := ui.Cases.Overdue(ctx, "", ui.Cases.Today())
		if err != nil {
			return err
		}
		for _, s := range sup {
			lights[s.ID] = s.Light
		}
	}
	p := StaffCasesView{Page: ui.page(r, "cases.ui.inbox"), Total: total}
	names := map[int64]string{}
	for _, c := range cs {
		row := caseRow(p.Page, c)
		if l, ok := lights[c.ID]; ok {
			row.Light, row.LightClass = p.T("cases.ui.light."+string(l)), "light light-"+string(l)
		}
		if _, ok := names[c.PersonID]; !ok {
			names[c.PersonID] = "—"
			if person, err := ui.Identity.Person(ctx, c.PersonID); err == nil {
				names[c.PersonID] = person.Name
			}
		}
		row.Applicant = names[c.PersonID]
		p.Cases = append(p.Cases, row)
	}
	return ui.render(w, http.StatusOK, "staff_cases", p)
}

func (ui *UI) staffCase(w http.ResponseWriter, r *http.Request) error {
	if _, err := principal.RequireStaff(r.Context()); err != nil {
		return err
	}
	p, err := ui.caseDetail(r, "cases.ui.case_title")
	if err != nil {
		return err
	}
	p.Back = Link{"/staff/cases", "cases.ui.inbox"}
	return ui.render(w, http.StatusOK, "case", p)
}

// staffAct takes one workflow action; the case module decides whether it is allowed.
func (ui *UI) staffAct(w http.ResponseWriter, r *http.Request) error {
	if _, err := principal.RequireStaff(r.Context()); err != nil {
		return err
	}
	return ui.act(w, r, Link{"/staff/cases", "cases.ui.inbox"}, "/staff/cases/")
}

// myAct is the applicant's action on their own case: resubmitting after a
// supplement notice (补正材料). The module decides whether it is allowed now.
func (ui *UI) myAct(w http.ResponseWriter, r *http.Request) error {
	if _, err := principal.RequirePerson(r.Context()); err != nil {
		return err
	}
	return ui.act(w, r, Link{"/me/cases", "cases.ui.my_title"}, "/me/cases/")
}

// act takes the posted action on the case in the path and returns to the case
// page under base; a refusal is shown on the page, next to the form used.
func (ui *UI) act(w http.ResponseWriter, r *http.Request, back Link, base string) error {
	id, err := pathID(r, "case")
	if err != nil {
		return err
	}
	if _, err := ui.Cases.Act(r.Context(), id, r.PostFormValue("action"), r.PostFormValue("comment")); err != nil {
		form, ok := ui.formFrom(r, err, "action", "comment")
		if !ok {
			return err
		}
		p, derr := ui.caseDetail(r, "cases.ui.case_title")
		if derr != nil {
			return derr
		}
		// Each action has its own form; the comment's error belongs to the one used.
		field := "comment-" + r.PostFormValue("action")
		if msg, ok := form.Errors["comment"]; ok {
			form.Errors[field] = msg
			for i := range form.Summary {
				if form.Summary[i].Field == "comment" {
					form.Summary[i].Field = field
				}
			}
		}
		form.Values[field] = form.Values["comment"]
		p.Back, p.Page.Form = back, form
		return ui.render(w, statusOf(err), "case", p)
	}
	http.Redirect(w, r, base+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}
