package web

import (
	"net/http"

	"github.com/tongban/tongban/internal/httpserver"
	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/region"
)

func apperrKind(err error) apperr.Kind { return apperr.KindOf(err) }

func (ui *UI) staffLoginForm(w http.ResponseWriter, r *http.Request) error {
	p := LoginView{Page: ui.page(r, "staff_login.title"), Action: "/staff/login", Staff: true, Next: safeNext(r.URL.Query().Get("next"), "")}
	return ui.render(w, http.StatusOK, "login", p)
}

func (ui *UI) staffLogin(w http.ResponseWriter, r *http.Request) error {
	s, token, err := ui.Identity.StaffLogin(r.Context(), r.PostFormValue("username"), r.PostFormValue("password"), identity.SessionWeb)
	if err != nil {
		form, ok := ui.formFrom(r, err, "username")
		if !ok {
			return err
		}
		v := LoginView{Page: ui.page(r, "staff_login.title"), Action: "/staff/login", Staff: true, Next: safeNext(r.PostFormValue("next"), "")}
		v.Form = form
		return ui.render(w, statusOf(err), "login", v)
	}
	httpserver.SetSessionCookie(w, token, ui.Secure)
	ui.applyAccountPrefs(w, s.PrefMode, s.PrefLang)
	http.Redirect(w, r, safeNext(r.PostFormValue("next"), "/staff"), http.StatusSeeOther)
	return nil
}

// Link is a tile on the workbench or console.
type Link struct{ Href, Label string }

// WorkbenchView is the staff member's start page.
type WorkbenchView struct {
	Page
	Staff          identity.Staff
	ScopeName      string
	DepartmentName string
	Links          []Link
	StaffReminders
}

func (ui *UI) workbench(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	pr, err := principal.AuthorizeOwn(ctx, principal.ViewWorkbench)
	if err != nil {
		return err
	}
	st, err := ui.Identity.MyStaffProfile(ctx)
	if err != nil {
		return err
	}
	p := WorkbenchView{Page: ui.page(r, "workbench.title"), Staff: st}
	p.ScopeName, p.DepartmentName = ui.scopeNames(r, pr.Scope)
	if pr.CanAnywhere(principal.ViewPeople) {
		p.Links = append(p.Links, Link{"/staff/people", "workbench.people"})
	}
	if pr.CanAnywhere(principal.UseAdminConsole) {
		p.Links = append(p.Links, Link{"/admin", "admin.title"})
	}
	if pr.CanAnywhere(principal.ViewStaff) {
		p.Links = append(p.Links, Link{"/admin/staff", "admin.staff"})
	}
	if pr.CanAnywhere(principal.ViewAudit) {
		p.Links = append(p.Links, Link{"/admin/audit", "admin.audit"}, Link{"/admin/notify-log", "notices.log.title"})
	}
	if pr.CanAnywhere(principal.ViewItems) {
		p.Links = append(p.Links, Link{"/staff/catalog", "catalog.title"})
	}
	if pr.CanAnywhere(principal.ViewLicenses) {
		p.Links = append(p.Links, Link{"/staff/licenses", "license.ui.staff.title"})
	}
	if pr.Has(principal.WindowClerk) || pr.Has(principal.Reviewer) || pr.Has(principal.DeptHead) {
		p.Links = append(p.Links, Link{"/staff/cases", "cases.ui.inbox"})
	}
	p.Links = append(p.Links, hotlineLinks(pr)...)
	if pr.CanAnywhere(principal.RectifyRatings) || pr.CanAnywhere(principal.ReviewRatingAppeals) {
		p.Links = append(p.Links, Link{"/staff/rectifications", "rating.tasks.title"})
	}
	if pr.CanAnywhere(principal.ViewRatingReports) {
		p.Links = append(p.Links, Link{"/staff/ratings/report", "rating.report.title"})
	}
	if p.StaffReminders, err = ui.reminders(r); err != nil {
		return err
	}
	return ui.render(w, http.StatusOK, "workbench", p)
}

// scopeNames returns the display names of a scope's region and department.
func (ui *UI) scopeNames(r *http.Request, s principal.Scope) (regionName, deptName string) {
	if reg, err := ui.Regions.Get(r.Context(), s.RegionCode); err == nil {
		regionName = reg.Name
	}
	if s.DepartmentID != 0 {
		if d, err := ui.Regions.Department(r.Context(), s.DepartmentID); err == nil {
			deptName = d.ShortName
		}
	}
	return regionName, deptName
}

// PeopleView lists registered persons in a region.
type PeopleView struct {
	Page
	Region      string
	Name        string
	Regions     []region.Region // the viewer's region and its children, to filter by
	RegionNames map[string]string
	People      []identity.Person
	Total       int
}

func (ui *UI) people(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	pr, err := principal.RequireStaff(ctx)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := identity.PeopleFilter{RegionPrefix: q.Get("region"), Name: q.Get("name")}
	people, total, err := ui.Identity.People(ctx, f)
	if err != nil {
		return err
	}
	p := PeopleView{Page: ui.page(r, "people.title"), Region: f.RegionPrefix, Name: f.Name, People: people, Total: total, RegionNames: map[string]string{}}
	if p.Region == "" {
		p.Region = pr.Scope.RegionCode
	}
	own, err := ui.Regions.Get(ctx, pr.Scope.RegionCode)
	if err != nil {
		return err
	}
	kids, err := ui.Regions.Children(ctx, own.Code)
	if err != nil {
		return err
	}
	p.Regions = append([]region.Region{own}, kids...)
	for _, reg := range p.Regions {
		p.RegionNames[reg.Code] = reg.Name
	}
	return ui.render(w, http.StatusOK, "people", p)
}

// PersonView shows one registered person to staff, masked unless revealed.
type PersonView struct {
	Page
	Person     identity.Person
	RegionName string
	Revealed   map[string]string
}

func (ui *UI) personView(r *http.Request) (PersonView, error) {
	id, err := pathID(r, "person")
	if err != nil {
		return PersonView{}, err
	}
	person, err := ui.Identity.Person(r.Context(), id)
	if err != nil {
		return PersonView{}, err
	}
	p := PersonView{Page: ui.page(r, "person.title"), Person: person, Revealed: map[string]string{}}
	if reg, err := ui.Regions.Get(r.Context(), person.RegionCode); err == nil {
		p.RegionName = reg.Name
	}
	return p, nil
}

func (ui *UI) person(w http.ResponseWriter, r *http.Request) error {
	p, err := ui.personView(r)
	if err != nil {
		return err
	}
	return ui.render(w, http.StatusOK, "person", p)
}

// reveal shows one unmasked value once, on this response only; the view is
// audited by the identity module.
func (ui *UI) reveal(w http.ResponseWriter, r *http.Request) error {
	p, err := ui.personView(r)
	if err != nil {
		return err
	}
	field := r.PostFormValue("field")
	v, err := ui.Identity.Reveal(r.Context(), p.Person.ID, field)
	if err != nil {
		return err
	}
	p.Revealed[field] = v
	return ui.render(w, http.StatusOK, "person", p)
}
