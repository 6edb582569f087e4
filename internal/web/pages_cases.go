package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/guide"
	"github.com/tongban/tongban/internal/payment"
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
// be applied for online, the item's form and its materials with a file input
// each; otherwise the one-visit checklist for the window.
type ApplyView struct {
	Page
	Guide     guide.Guide
	Online    bool // the online form is shown
	LoginURL  string
	Saved     bool
	Fields    []SpecField
	Materials []ApplyMaterialRow
}

// applyItem is what an application page needs of its item.
type applyItem struct {
	item  casework.PublishedItem
	spec  casework.FormSpec
	lines []casework.BundleMaterial
}

// applyView loads the guide and, for a person, the item's form and materials.
func (ui *UI) applyView(r *http.Request) (ApplyView, applyItem, error) {
	var ai applyItem
	g, err := ui.guides().Guide(r.Context(), r.PathValue("slug"))
	if err != nil {
		return ApplyView{}, ai, err
	}
	p := ApplyView{Page: ui.page(r, "apply.title"), Guide: g}
	p.Title = p.T("apply.title") + "：" + g.Name
	p.LoginURL = "/login?next=" + url.QueryEscape("/apply/"+g.Slug)
	p.Online = g.CanApplyOnline && principal.From(r.Context()).IsPerson()
	if !p.Online {
		return p, ai, nil
	}
	pub, err := ui.Items.PublishedBySlug(r.Context(), g.Slug)
	if err != nil {
		return p, ai, err
	}
	if ai.item, err = ui.Cases.Item(r.Context(), pub.ID); err != nil {
		return p, ai, err
	}
	if ai.spec, err = ui.Cases.FormFor(r.Context(), pub.ID); err != nil {
		return p, ai, err
	}
	ai.lines = casework.MergeMaterials([]casework.PublishedItem{ai.item}, nil)
	return p, ai, nil
}

// render fills the form's fields and materials from the page's values.
func (p *ApplyView) fill(ai applyItem, held []casework.MaterialCheck) {
	p.Fields = specFields(p.Page, ai.spec)
	p.Materials = materialRows(p.Page, ai.lines, held)
}

func (ui *UI) applyPage(w http.ResponseWriter, r *http.Request) error {
	p, ai, err := ui.applyView(r)
	if err != nil {
		return err
	}
	if p.Online {
		var held []casework.MaterialCheck
		d, err := ui.Cases.Draft(r.Context(), ai.item.ItemID)
		switch {
		case err == nil:
			p.Page.Form.Values, held = d.Form, d.Materials
		case apperr.KindOf(err) != apperr.NotFound:
			return err
		}
		p.Saved = r.URL.Query().Get("saved") == "1"
		p.fill(ai, held)
		if err := ui.offerLicenses(r, p.Page, p.Materials); err != nil {
			return err
		}
	}
	return ui.render(w, http.StatusOK, "apply", p)
}

// applyForm reads the posted form and files into the page and the draft: the
// draft keeps everything typed and every file stored, even when something is
// wrong; complete checks what submitting needs (the form's rules and a file
// for every material that must have one).
func (ui *UI) applyForm(r *http.Request, complete bool) (ApplyView, casework.Application, error) {
	if _, err := principal.RequirePerson(r.Context()); err != nil {
		return ApplyView{}, casework.Application{}, err
	}
	p, ai, err := ui.applyView(r)
	if err != nil {
		return p, casework.Application{}, err
	}
	if !p.Guide.CanApplyOnline {
		return p, casework.Application{}, apperr.New(apperr.Conflict, "cases.ui.not_online")
	}
	var held []casework.MaterialCheck
	if d, err := ui.Cases.Draft(r.Context(), ai.item.ItemID); err == nil {
		held = d.Materials
	} else if apperr.KindOf(err) != apperr.NotFound {
		return p, casework.Application{}, err
	}
	values := readSpec(r, ai.spec)
	p.Page.Form = Form{Values: values, Errors: map[string]string{}}
	rows := materialRows(p.Page, ai.lines, held)
	got := ui.receiveMaterials(r, &p.Page, rows, held)
	ui.specProblems(r, &p.Page, typed(ai.spec.Validate(values), values, complete))
	if complete {
		missingMaterials(r, &p.Page, rows, got)
	}
	p.fill(ai, got)
	if err := ui.offerLicenses(r, p.Page, p.Materials); err != nil {
		return p, casework.Application{}, err
	}
	form := ai.spec.Clean(values)
	form["item"] = p.Guide.Name
	return p, casework.Application{ItemID: ai.item.ItemID, Form: form, Materials: got}, nil
}

// applySave saves the draft, files included; a mistake is shown with
// everything typed and every file kept.
func (ui *UI) applySave(w http.ResponseWriter, r *http.Request) error {
	p, a, err := ui.applyForm(r, false)
	if err != nil {
		return err
	}
	if _, err := ui.Cases.SaveDraft(r.Context(), a); err != nil {
		return ui.applyFailed(w, r, p, err)
	}
	if p.Page.Form.HasErrors() {
		return ui.render(w, http.StatusUnprocessableEntity, "apply", p)
	}
	http.Redirect(w, r, "/apply/"+p.Guide.Slug+"?saved=1", http.StatusSeeOther)
	return nil
}

// applySubmit saves what was typed and submits it: the case is opened with its
// number and the applicant lands on its page. The draft is saved first, so
// nothing is lost when the submission is refused.
func (ui *UI) applySubmit(w http.ResponseWriter, r *http.Request) error {
	p, a, err := ui.applyForm(r, true)
	if err != nil {
		return err
	}
	d, err := ui.Cases.SaveDraft(r.Context(), a)
	if err != nil {
		return ui.applyFailed(w, r, p, err)
	}
	if p.Page.Form.HasErrors() {
		return ui.render(w, http.StatusUnprocessableEntity, "apply", p)
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
	for i := range p.Fields {
		p.Fields[i].Error = form.Error(p.Fields[i].Name)
	}
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
	Case      CaseRow
	Next      string
	Events    []EventRow
	Actions   []ActionChoice
	ActURL    string // where the action forms post: the staff or the applicant route
	Back      Link
	Materials []CaseMaterial
	Pending   *casework.Pending
	// PendingRows are the owed materials' file inputs for the applicant.
	PendingRows []ApplyMaterialRow
	Orders      []CaseFeeRow
	Delivery    any // the delivery panel's view, nil when there is none
	Ratings     any // the ratings panel (好差评), nil when there is nothing to show
	// Transfer targets, for staff who may transfer the case.
	Departments []Option
	CaseID      int64
	Staff       bool
}

// CaseMaterial is one material of a case as its viewer sees it; License is
// the identifier of the e-license used instead of a file (免证办).
type CaseMaterial struct {
	Name, FileName, URL, Trust, Note, License string
	Provided                                  bool
}

// CaseFeeRow is a payment order of the case.
type CaseFeeRow struct {
	No, Amount, State, Receipt string
	Payable                    bool
}

// EventRow is one timeline entry.
type EventRow struct {
	At, Actor, Action, State, Comment, Item string
}

// ActionChoice is an action offered on the case page with what it needs.
type ActionChoice struct {
	ID, Label       string
	CommentRequired bool
	Pending         bool     // 容缺受理: the owed materials and the promised date
	Fee             bool     // approval of an item that charges: the amount
	Procedures      []string // start_special: the item's special procedures
	Special         bool
	Uploads         []ApplyMaterialRow // resubmit: a file input per material
}

// eventRow fills the words of a timeline entry.
func eventRow(p Page, e casework.Event) EventRow {
	row := EventRow{At: e.At.In(caseDays).Format("2006-01-02 15:04"), Actor: e.ActorName,
		Action: p.T("cases.ui.action." + e.Action), Comment: e.Comment}
	if e.ToState != "" {
		row.State = p.T("cases.ui.state." + e.ToState)
	}
	if row.Actor == "" {
		row.Actor = p.T("cases.ui.system")
	}
	var extra []string
	for _, k := range []string{"pending", "pending_by", "procedure", "conclusion", "amount", "receipt", "to_department", "tracking", "status"} {
		if v := e.Detail[k]; v != "" {
			extra = append(extra, v)
		}
	}
	if len(extra) > 0 {
		if row.Comment != "" {
			row.Comment += "；"
		}
		row.Comment += strings.Join(extra, "；")
	}
	return row
}

func (ui *UI) caseDetail(r *http.Request, titleKey string) (CaseDetailView, error) {
	ctx := r.Context()
	id, err := pathID(r, "case")
	if err != nil {
		return CaseDetailView{}, err
	}
	v, err := ui.Cases.Case(ctx, id)
	if err != nil {
		return CaseDetailView{}, err
	}
	p := CaseDetailView{Page: ui.page(r, titleKey), CaseID: id, Pending: v.Pending}
	p.Case = caseRow(p.Page, v.Case)
	p.Title = p.T(titleKey) + " " + v.Number
	p.Next = p.T("cases.ui.next." + v.State)
	for _, e := range v.Events {
		p.Events = append(p.Events, eventRow(p.Page, e))
	}
	applicant := principal.From(ctx).IsPerson()
	p.Staff = !applicant
	base := "/staff/cases/" + strconv.FormatInt(id, 10)
	if applicant {
		base = "/me/cases/" + strconv.FormatInt(id, 10)
	}
	p.ActURL = base + "/act"
	for _, m := range v.Application.Materials {
		cm := CaseMaterial{Name: m.Name, FileName: m.FileName, Note: m.Note, License: m.LicenseRef, Provided: m.Provided}
		if m.Trust != "" {
			cm.Trust = p.T("cases.ui.trust." + m.Trust)
		}
		if m.FileID != 0 {
			cm.URL = base + "/files/" + strconv.FormatInt(m.FileID, 10)
		}
		if m.Note == noteApplies {
			cm.Note = ""
		}
		p.Materials = append(p.Materials, cm)
	}
	item, err := ui.Cases.Item(ctx, v.ItemID)
	if err != nil {
		return p, err
	}
	var uploads []casework.BundleMaterial
	for _, m := range v.Application.Materials {
		uploads = append(uploads, casework.BundleMaterial{Name: m.Name, Requirement: casework.MaterialOptional})
	}
	for _, a := range v.Actions {
		if a.ByApplicant != applicant {
			continue
		}
		c := ActionChoice{ID: a.ID, Label: p.T("cases.ui.action." + a.ID), CommentRequired: casework.CommentRequired(a.ID),
			Pending: a.ID == casework.ActionAcceptPending, Special: a.ID == casework.ActionStartSpecial,
			Fee: item.FeeAtDecision() && (a.ID == casework.ActionApprove || a.ID == casework.ActionCommitment)}
		if c.Special {
			c.Procedures = item.SpecialProcedures
		}
		if a.ID == casework.ActionResubmit {
			c.Uploads = materialRows(p.Page, uploads, nil)
		}
		p.Actions = append(p.Actions, c)
	}
	if applicant && v.Pending.Outstanding() && !v.Closed {
		var owed []casework.BundleMaterial
		for _, name := range v.Pending.Materials {
			owed = append(owed, casework.BundleMaterial{Name: name, Requirement: casework.MaterialRequired})
		}
		p.PendingRows = materialRows(p.Page, owed, nil)
	}
	orders, err := ui.Payments.OrdersForCase(ctx, v.Number)
	if err != nil {
		return p, err
	}
	for _, o := range orders {
		p.Orders = append(p.Orders, CaseFeeRow{No: o.No, Amount: payment.FormatFen(o.Total), State: p.T("payment.state." + string(o.State)),
			Receipt: o.ReceiptNo, Payable: applicant && o.State == payment.Created})
	}
	if !applicant && !v.Closed && v.Conclusion == "" {
		depts, err := ui.Regions.PublicDepartments(ctx, v.RegionCode)
		if err == nil {
			for _, d := range depts {
				if d.ID != v.DepartmentID {
					p.Departments = append(p.Departments, Option{Value: strconv.FormatInt(d.ID, 10), Label: d.Name})
				}
			}
		}
	}
	if p.Delivery, err = ui.caseDelivery(r, id); err != nil {
		return p, err
	}
	if p.Ratings, err = ui.caseRatings(r, id); err != nil {
		return p, err
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
	StaffReminders
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
	if p.StaffReminders, err = ui.reminders(r); err != nil {
		return err
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
	d, problems := decision(r)
	if d.Action == casework.ActionResubmit {
		// The applicant's resubmission carries the supplemented files.
		v, err := ui.Cases.Case(r.Context(), id)
		if err != nil {
			return err
		}
		var lines []casework.BundleMaterial
		for _, m := range v.Application.Materials {
			lines = append(lines, casework.BundleMaterial{Name: m.Name, Requirement: casework.MaterialOptional})
		}
		page := ui.page(r, "cases.ui.case_title")
		for _, m := range ui.receiveMaterials(r, &page, materialRows(page, lines, nil), v.Application.Materials) {
			if m.FileID != 0 {
				d.Materials = append(d.Materials, m)
			}
		}
		for _, fm := range page.Form.Summary {
			problems = append(problems, apperr.FieldError{Field: fm.Field, Key: "cases.ui.upload_failed"})
		}
	}
	err = apperr.Fields(problems)
	if err == nil {
		_, err = ui.Cases.Decide(r.Context(), id, d)
	}
	if err != nil {
		form, ok := ui.formFrom(r, err, "action", "comment", "pending", "pending_by", "fee", "procedure")
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
