package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/audit"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/platform/reqinfo"
	"github.com/tongban/tongban/internal/region"
)

// registerAdminDirectory adds the console pages for departments, halls and
// windows, staff accounts and the audit trail.
func (ui *UI) registerAdminDirectory(rt routeAdder) {
	rt.Handle("GET", "/admin/departments", ui.adminDepartments)
	rt.Handle("GET", "/admin/departments/new", ui.newDepartmentForm)
	rt.Handle("POST", "/admin/departments/new", ui.createDepartment)
	rt.Handle("GET", "/admin/departments/{id}", ui.editDepartmentForm)
	rt.Handle("POST", "/admin/departments/{id}", ui.updateDepartment)

	rt.Handle("GET", "/admin/halls", ui.adminHalls)
	rt.Handle("POST", "/admin/halls/new", ui.createHall)
	rt.Handle("GET", "/admin/halls/{id}", ui.adminHall)
	rt.Handle("POST", "/admin/halls/{id}/windows", ui.addWindow)

	rt.Handle("GET", "/admin/staff", ui.adminStaff)
	rt.Handle("GET", "/admin/staff/new", ui.newStaffForm)
	rt.Handle("POST", "/admin/staff/new", ui.createStaff)
	rt.Handle("GET", "/admin/staff/{id}", ui.adminStaffMember)
	rt.Handle("POST", "/admin/staff/{id}/roles", ui.setStaffRoles)

	rt.Handle("GET", "/admin/audit", ui.adminAudit)
}

// listPageSize is how many rows the staff and audit lists show per page.
const listPageSize = 50

// chinaTime is Beijing time, in which staff read the console's timestamps. China
// has kept UTC+8 without daylight saving since 1991, so a fixed zone is exact
// for every record and needs no tzdata on the server.
var chinaTime = time.FixedZone("CST", 8*3600)

// consoleTime formats a timestamp for the console.
func consoleTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(chinaTime).Format("2006-01-02 15:04:05")
}

// Optional is Input for a field that may be left empty.
func (p Page) Optional(name, typ, labelKey, hintKey string) Field {
	if hintKey == "" {
		hintKey = "directory.optional"
	}
	f := p.Input(name, typ, labelKey, hintKey, "off")
	f.Required = false
	return f
}

// tOr translates key, or returns fallback when the catalogue lacks it (an audit
// action a newer module added, say).
func (p Page) tOr(key, fallback string) string {
	if p.cat == nil || !p.cat.Has(key) {
		return fallback
	}
	return p.T(key)
}

// Pager links the pages of a long list.
type Pager struct {
	Number, Count    int
	PrevURL, NextURL string
}

// pageNumber reads ?page=, 1-based.
func pageNumber(r *http.Request) int {
	n, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || n < 1 {
		return 1
	}
	return min(n, 1_000_000)
}

func newPager(u *url.URL, number, total int) Pager {
	p := Pager{Number: number, Count: max(1, (total+listPageSize-1)/listPageSize)}
	link := func(n int) string {
		q := u.Query()
		q.Set("page", strconv.Itoa(n))
		return u.Path + "?" + q.Encode()
	}
	if number > 1 {
		p.PrevURL = link(min(number-1, p.Count))
	}
	if number < p.Count {
		p.NextURL = link(number + 1)
	}
	return p
}

// pathID reads the {id} of an /admin/<list>/{id}[/…] path; a malformed one is
// simply not found.
func pathID(r *http.Request, what string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.NotFoundf(what)
	}
	return id, nil
}

// formIDs reads repeated numeric form values; one that is not a number becomes
// 0, which no record has, so the module rejects it as an invalid choice.
func formIDs(r *http.Request, name string) []int64 {
	var out []int64
	for _, v := range r.PostForm[name] {
		id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil {
			id = 0
		}
		out = append(out, id)
	}
	return out
}

// formRoles reads the checked role boxes.
func formRoles(r *http.Request) []principal.Role {
	var out []principal.Role
	for _, v := range r.PostForm["roles"] {
		out = append(out, principal.Role(v))
	}
	return out
}

// failedForm turns a manager's error into a form to show again: field errors as
// formFrom does, and a conflict (a slug, name or window number already used) as
// a message at the top, so the administrator keeps what they typed rather than
// landing on an error page. ok is false for any other error.
func (ui *UI) failedForm(r *http.Request, err error, fields ...string) (form Form, status int, ok bool) {
	if f, ok := ui.formFrom(r, err, fields...); ok {
		return f, statusOf(err), true
	}
	e := apperr.As(err)
	if e == nil || e.Kind != apperr.Conflict {
		return Form{}, 0, false
	}
	lang := reqinfo.From(r.Context()).Lang
	f := Form{Values: map[string]string{}, Errors: map[string]string{}, Message: ui.Catalog.T(lang, e.Key, e.Args...)}
	for _, name := range fields {
		f.Values[name] = r.PostFormValue(name)
	}
	return f, http.StatusConflict, true
}

// scopeRegions is the viewer's own region and its children: where a new
// department, hall or staff account may be placed from the console.
func (ui *UI) scopeRegions(r *http.Request) ([]region.Region, error) {
	ctx := r.Context()
	own, err := ui.Regions.Get(ctx, principal.From(ctx).Scope.RegionCode)
	if err != nil {
		return nil, err
	}
	kids, err := ui.Regions.Children(ctx, own.Code)
	if err != nil {
		return nil, err
	}
	return append([]region.Region{own}, kids...), nil
}

// regionNames looks up the names of the given division codes. Names are public
// and lists show few distinct regions, so one lookup per code is enough.
func (ui *UI) regionNames(r *http.Request, codes ...string) map[string]string {
	names := map[string]string{}
	for _, c := range codes {
		if _, seen := names[c]; seen || c == "" {
			continue
		}
		names[c] = c
		if reg, err := ui.Regions.Get(r.Context(), c); err == nil {
			names[c] = reg.Name
		}
	}
	return names
}

// backLink leads staff who may not use the console back to their workbench.
func backLink(r *http.Request) Link {
	if principal.From(r.Context()).CanAnywhere(principal.UseAdminConsole) {
		return Link{"/admin", "nav.back_admin"}
	}
	return Link{"/staff", "nav.workbench"}
}

// displayRoles orders roles as principal.Roles lists them, not as stored.
func displayRoles(rs []principal.Role) []principal.Role {
	out := slices.Clone(rs)
	slices.SortFunc(out, func(a, b principal.Role) int {
		return slices.Index(principal.Roles, a) - slices.Index(principal.Roles, b)
	})
	return out
}

// ---- Departments ----

// DepartmentsView lists the departments in the viewer's scope.
type DepartmentsView struct {
	Page
	Departments []region.Department
	RegionNames map[string]string
	CanManage   bool
	Back        Link
}

func (ui *UI) adminDepartments(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	pr := principal.From(ctx)
	depts, err := ui.Regions.Departments(ctx, pr.Scope.RegionCode)
	if err != nil {
		return err
	}
	p := DepartmentsView{Page: ui.page(r, "admin.departments"), Departments: depts, CanManage: pr.CanAnywhere(principal.ManageRegions),
		Back: backLink(r)}
	codes := make([]string, len(depts))
	for i, d := range depts {
		codes[i] = d.RegionCode
	}
	p.RegionNames = ui.regionNames(r, codes...)
	return ui.render(w, http.StatusOK, "admin_departments", p)
}

// DepartmentFormView creates or edits a department.
type DepartmentFormView struct {
	Page
	Action  string
	IsNew   bool
	Regions []region.Region // where a new department may be placed
	Kinds   []string
	Region  string // the region of an existing department
}

var departmentFields = []string{"name", "short_name", "slug", "kind", "phone", "note", "region_code", "active"}

func (ui *UI) newDepartmentView(r *http.Request) (DepartmentFormView, error) {
	if _, err := principal.AuthorizeOwn(r.Context(), principal.ManageRegions); err != nil {
		return DepartmentFormView{}, err
	}
	regions, err := ui.scopeRegions(r)
	if err != nil {
		return DepartmentFormView{}, err
	}
	return DepartmentFormView{Page: ui.page(r, "dept.new"), Action: "/admin/departments/new", IsNew: true,
		Regions: regions, Kinds: region.DepartmentKinds}, nil
}

func (ui *UI) newDepartmentForm(w http.ResponseWriter, r *http.Request) error {
	p, err := ui.newDepartmentView(r)
	if err != nil {
		return err
	}
	return ui.render(w, http.StatusOK, "admin_department", p)
}

func (ui *UI) createDepartment(w http.ResponseWriter, r *http.Request) error {
	d := region.Department{Name: r.PostFormValue("name"), ShortName: r.PostFormValue("short_name"), Slug: r.PostFormValue("slug"),
		Kind: r.PostFormValue("kind"), RegionCode: r.PostFormValue("region_code"), Phone: r.PostFormValue("phone"), Note: r.PostFormValue("note")}
	if _, err := ui.Regions.SaveDepartment(r.Context(), d); err != nil {
		form, status, ok := ui.failedForm(r, err, departmentFields...)
		if !ok {
			return err
		}
		p, verr := ui.newDepartmentView(r)
		if verr != nil {
			return verr
		}
		p.Form = form
		return ui.render(w, status, "admin_department", p)
	}
	http.Redirect(w, r, "/admin/departments", http.StatusSeeOther)
	return nil
}

// editDepartmentView loads the department being edited; only an administrator
// who may manage departments gets the form.
func (ui *UI) editDepartmentView(r *http.Request) (DepartmentFormView, region.Department, error) {
	ctx := r.Context()
	if _, err := principal.AuthorizeOwn(ctx, principal.ManageRegions); err != nil {
		return DepartmentFormView{}, region.Department{}, err
	}
	id, err := pathID(r, "department")
	if err != nil {
		return DepartmentFormView{}, region.Department{}, err
	}
	d, err := ui.Regions.Department(ctx, id)
	if err != nil {
		return DepartmentFormView{}, region.Department{}, err
	}
	p := DepartmentFormView{Page: ui.page(r, "dept.edit"), Action: "/admin/departments/" + strconv.FormatInt(d.ID, 10),
		Kinds: region.DepartmentKinds, Region: ui.regionNames(r, d.RegionCode)[d.RegionCode]}
	p.Form.Values = map[string]string{"name": d.Name, "short_name": d.ShortName, "slug": d.Slug, "kind": d.Kind,
		"phone": d.Phone, "note": d.Note, "region_code": d.RegionCode}
	if d.Active {
		p.Form.Values["active"] = "on"
	}
	return p, d, nil
}

func (ui *UI) editDepartmentForm(w http.ResponseWriter, r *http.Request) error {
	p, _, err := ui.editDepartmentView(r)
	if err != nil {
		return err
	}
	return ui.render(w, http.StatusOK, "admin_department", p)
}

// updateDepartment saves the edited fields over the stored department, so what
// the form does not show (its region, its credit code) is kept.
func (ui *UI) updateDepartment(w http.ResponseWriter, r *http.Request) error {
	p, d, err := ui.editDepartmentView(r)
	if err != nil {
		return err
	}
	d.Name, d.ShortName, d.Slug = r.PostFormValue("name"), r.PostFormValue("short_name"), r.PostFormValue("slug")
	d.Kind, d.Phone, d.Note = r.PostFormValue("kind"), r.PostFormValue("phone"), r.PostFormValue("note")
	d.Active = r.PostFormValue("active") != ""
	if _, err := ui.Regions.SaveDepartment(r.Context(), d); err != nil {
		form, status, ok := ui.failedForm(r, err, departmentFields...)
		if !ok {
			return err
		}
		p.Form = form
		return ui.render(w, status, "admin_department", p)
	}
	http.Redirect(w, r, "/admin/departments", http.StatusSeeOther)
	return nil
}

// ---- Halls and windows ----

// HallsView lists the service halls in the viewer's scope, with a form to add
// one for an administrator.
type HallsView struct {
	Page
	Halls       []region.Hall
	RegionNames map[string]string
	Regions     []region.Region // where a hall may be added; empty unless the viewer may manage
	Back        Link
}

func (ui *UI) hallsView(r *http.Request) (HallsView, error) {
	ctx := r.Context()
	pr := principal.From(ctx)
	halls, err := ui.Regions.Halls(ctx, pr.Scope.RegionCode)
	if err != nil {
		return HallsView{}, err
	}
	p := HallsView{Page: ui.page(r, "admin.halls"), Halls: halls, Back: backLink(r)}
	codes := make([]string, len(halls))
	for i, h := range halls {
		codes[i] = h.RegionCode
	}
	p.RegionNames = ui.regionNames(r, codes...)
	if pr.CanAnywhere(principal.ManageRegions) {
		if p.Regions, err = ui.scopeRegions(r); err != nil {
			return HallsView{}, err
		}
	}
	return p, nil
}

func (ui *UI) adminHalls(w http.ResponseWriter, r *http.Request) error {
	p, err := ui.hallsView(r)
	if err != nil {
		return err
	}
	return ui.render(w, http.StatusOK, "admin_halls", p)
}

func (ui *UI) createHall(w http.ResponseWriter, r *http.Request) error {
	h, err := ui.Regions.SaveHall(r.Context(), region.Hall{RegionCode: r.PostFormValue("region_code"), Name: r.PostFormValue("name"),
		Address: r.PostFormValue("address"), Hours: r.PostFormValue("hours"), Phone: r.PostFormValue("phone")})
	if err != nil {
		form, status, ok := ui.failedForm(r, err, "region_code", "name", "address", "hours", "phone")
		if !ok {
			return err
		}
		p, verr := ui.hallsView(r)
		if verr != nil {
			return verr
		}
		p.Form = form
		return ui.render(w, status, "admin_halls", p)
	}
	http.Redirect(w, r, "/admin/halls/"+strconv.FormatInt(h.ID, 10), http.StatusSeeOther)
	return nil
}

// HallView is one hall with its windows, and a form to add a window.
type HallView struct {
	Page
	Hall        region.Hall
	RegionName  string
	Windows     []WindowRow
	Departments []region.Department // the departments a new window may serve
	Checked     map[int64]bool      // departments ticked in a form shown again
	CanManage   bool
}

// WindowRow is a window with the short names of the departments it serves.
type WindowRow struct {
	region.Window
	DepartmentNames []string
}

func (ui *UI) hallView(r *http.Request) (HallView, error) {
	ctx := r.Context()
	pr := principal.From(ctx)
	id, err := pathID(r, "hall")
	if err != nil {
		return HallView{}, err
	}
	h, windows, err := ui.Regions.Hall(ctx, id)
	if err != nil {
		return HallView{}, err
	}
	p := HallView{Page: ui.page(r, "admin.halls"), Hall: h, Checked: map[int64]bool{},
		CanManage: pr.Can(principal.ManageRegions, principal.Scope{RegionCode: h.RegionCode})}
	p.Title = h.Name
	p.RegionName = ui.regionNames(r, h.RegionCode)[h.RegionCode]
	depts, err := ui.Regions.Departments(ctx, pr.Scope.RegionCode)
	if err != nil {
		return HallView{}, err
	}
	names := map[int64]string{}
	for _, d := range depts {
		names[d.ID] = d.ShortName
		// A window serves departments of the hall's own region and below, or
		// of the regions above it (a county bureau at a township centre).
		if strings.HasPrefix(d.RegionCode, h.RegionCode) || strings.HasPrefix(h.RegionCode, d.RegionCode) {
			p.Departments = append(p.Departments, d)
		}
	}
	for _, w := range windows {
		row := WindowRow{Window: w}
		for _, id := range w.DepartmentIDs {
			name, ok := names[id]
			if !ok {
				name = "#" + strconv.FormatInt(id, 10)
			}
			row.DepartmentNames = append(row.DepartmentNames, name)
		}
		p.Windows = append(p.Windows, row)
	}
	return p, nil
}

func (ui *UI) adminHall(w http.ResponseWriter, r *http.Request) error {
	p, err := ui.hallView(r)
	if err != nil {
		return err
	}
	return ui.render(w, http.StatusOK, "admin_hall", p)
}

func (ui *UI) addWindow(w http.ResponseWriter, r *http.Request) error {
	hallID, err := pathID(r, "hall")
	if err != nil {
		return err
	}
	_ = r.ParseForm()
	number, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("number"))) // not a number: 0, which the module rejects
	win := region.Window{HallID: hallID, Number: number, Name: r.PostFormValue("name"),
		Comprehensive: r.PostFormValue("comprehensive") != "", DepartmentIDs: formIDs(r, "department_ids")}
	if _, err := ui.Regions.SaveWindow(r.Context(), win); err != nil {
		form, status, ok := ui.failedForm(r, err, "number", "name", "comprehensive")
		if !ok {
			return err
		}
		p, verr := ui.hallView(r)
		if verr != nil {
			return verr
		}
		p.Form = form
		for _, id := range win.DepartmentIDs {
			p.Checked[id] = true
		}
		return ui.render(w, status, "admin_hall", p)
	}
	http.Redirect(w, r, "/admin/halls/"+strconv.FormatInt(hallID, 10), http.StatusSeeOther)
	return nil
}

// ---- Staff accounts ----

// StaffListView lists the staff accounts in the viewer's scope.
type StaffListView struct {
	Page
	Staff     []StaffRow
	Total     int
	Pager     Pager
	CanManage bool
	Back      Link
}

// StaffRow is a staff account with the names of its scope.
type StaffRow struct {
	identity.Staff
	RegionName, DepartmentName string
}

func (ui *UI) adminStaff(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	pr := principal.From(ctx)
	number := pageNumber(r)
	staff, total, err := ui.Identity.StaffList(ctx, identity.StaffFilter{Limit: listPageSize, Offset: (number - 1) * listPageSize})
	if err != nil {
		return err
	}
	p := StaffListView{Page: ui.page(r, "admin.staff"), Total: total, Pager: newPager(r.URL, number, total),
		CanManage: pr.CanAnywhere(principal.ManageStaff), Back: backLink(r)}
	depts, err := ui.departmentNames(r)
	if err != nil {
		return err
	}
	codes := make([]string, len(staff))
	for i, s := range staff {
		codes[i] = s.RegionCode
	}
	regions := ui.regionNames(r, codes...)
	for _, s := range staff {
		s.Roles = displayRoles(s.Roles)
		p.Staff = append(p.Staff, StaffRow{Staff: s, RegionName: regions[s.RegionCode], DepartmentName: depts[s.DepartmentID]})
	}
	return ui.render(w, http.StatusOK, "admin_staff", p)
}

// departmentNames maps the departments the viewer may see to their short names.
func (ui *UI) departmentNames(r *http.Request) (map[int64]string, error) {
	depts, err := ui.Regions.Departments(r.Context(), principal.From(r.Context()).Scope.RegionCode)
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, d := range depts {
		names[d.ID] = d.ShortName
	}
	return names, nil
}

// StaffFormView creates a staff account.
type StaffFormView struct {
	Page
	Regions     []region.Region
	Departments []region.Department
	Roles       []principal.Role
	Checked     map[principal.Role]bool
}

func (ui *UI) newStaffView(r *http.Request) (StaffFormView, error) {
	ctx := r.Context()
	pr, err := principal.AuthorizeOwn(ctx, principal.ManageStaff)
	if err != nil {
		return StaffFormView{}, err
	}
	regions, err := ui.scopeRegions(r)
	if err != nil {
		return StaffFormView{}, err
	}
	depts, err := ui.Regions.Departments(ctx, pr.Scope.RegionCode)
	if err != nil {
		return StaffFormView{}, err
	}
	return StaffFormView{Page: ui.page(r, "staff.new"), Regions: regions, Departments: depts, Roles: principal.Roles,
		Checked: map[principal.Role]bool{}}, nil
}

func (ui *UI) newStaffForm(w http.ResponseWriter, r *http.Request) error {
	p, err := ui.newStaffView(r)
	if err != nil {
		return err
	}
	return ui.render(w, http.StatusOK, "admin_staff_new", p)
}

func (ui *UI) createStaff(w http.ResponseWriter, r *http.Request) error {
	_ = r.ParseForm()
	in := identity.StaffInput{Username: r.PostFormValue("username"), Name: r.PostFormValue("name"),
		RegionCode: r.PostFormValue("region_code"), Roles: formRoles(r), Password: r.PostFormValue("password")}
	if v := r.PostFormValue("department_id"); v != "" {
		// "" is no department; anything else that is not a number becomes -1,
		// which no department has, rather than silently widening the scope.
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			id = -1
		}
		in.DepartmentID = id
	}
	s, err := ui.Identity.CreateStaff(r.Context(), in)
	if err != nil {
		form, status, ok := ui.failedForm(r, err, "username", "name", "region_code", "department_id")
		if !ok {
			return err
		}
		p, verr := ui.newStaffView(r)
		if verr != nil {
			return verr
		}
		p.Form = form
		for _, role := range in.Roles {
			p.Checked[role] = true
		}
		return ui.render(w, status, "admin_staff_new", p)
	}
	http.Redirect(w, r, "/admin/staff/"+strconv.FormatInt(s.ID, 10), http.StatusSeeOther)
	return nil
}

// StaffView shows one staff account and, to an administrator over it, a form to
// change its roles.
type StaffView struct {
	Page
	Staff          identity.Staff
	RegionName     string
	DepartmentName string
	CreatedAt      string
	Roles          []principal.Role
	Checked        map[principal.Role]bool
	CanManage      bool
	IsSelf         bool // nobody may change their own roles
}

func (ui *UI) staffView(r *http.Request) (StaffView, error) {
	ctx := r.Context()
	pr := principal.From(ctx)
	id, err := pathID(r, "staff")
	if err != nil {
		return StaffView{}, err
	}
	s, err := ui.Identity.StaffMember(ctx, id)
	if err != nil {
		return StaffView{}, err
	}
	s.Roles = displayRoles(s.Roles)
	p := StaffView{Page: ui.page(r, "staff.detail"), Staff: s, CreatedAt: consoleTime(s.CreatedAt), Roles: principal.Roles,
		Checked: map[principal.Role]bool{}, CanManage: pr.Can(principal.ManageStaff, s.Scope()), IsSelf: pr.ID == s.ID}
	p.RegionName, p.DepartmentName = ui.scopeNames(r, s.Scope())
	for _, role := range s.Roles {
		p.Checked[role] = true
	}
	return p, nil
}

func (ui *UI) adminStaffMember(w http.ResponseWriter, r *http.Request) error {
	p, err := ui.staffView(r)
	if err != nil {
		return err
	}
	return ui.render(w, http.StatusOK, "admin_staff_member", p)
}

func (ui *UI) setStaffRoles(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "staff")
	if err != nil {
		return err
	}
	_ = r.ParseForm()
	roles := formRoles(r)
	if _, err := ui.Identity.SetRoles(r.Context(), id, roles); err != nil {
		form, status, ok := ui.failedForm(r, err)
		if !ok {
			return err
		}
		p, verr := ui.staffView(r)
		if verr != nil {
			return verr
		}
		p.Form = form
		p.Checked = map[principal.Role]bool{}
		for _, role := range roles {
			p.Checked[role] = true
		}
		return ui.render(w, status, "admin_staff_member", p)
	}
	http.Redirect(w, r, "/admin/staff/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// ---- Audit trail ----

// auditActions are the actions offered in the audit filter, in display order.
var auditActions = []string{audit.Login, audit.LoginFailed, audit.LoginLocked, audit.Logout, audit.Register,
	audit.RevealPersonal, audit.StaffCreate, audit.RoleChange, identity.AuditAPIClientCreate, identity.AuditAPIClientRevoke,
	"upload.rejected", "upload.view"}

// AuditView is a page of the audit trail of the viewer's region.
type AuditView struct {
	Page
	Action  string
	Actions []Option
	Rows    []AuditRow
	Total   int
	Pager   Pager
	Back    Link
}

// Option is a choice of a select.
type Option struct{ Value, Label string }

// AuditRow is one entry ready to show.
type AuditRow struct {
	audit.Entry
	When, Actor, ActionLabel, Target, TargetHref, RegionName string
}

func (ui *UI) adminAudit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	number := pageNumber(r)
	action := strings.TrimSpace(r.URL.Query().Get("action"))
	entries, total, err := audit.List(ctx, ui.Audit, audit.Filter{Action: action, Limit: listPageSize, Offset: (number - 1) * listPageSize})
	if err != nil {
		return err
	}
	p := AuditView{Page: ui.page(r, "admin.audit"), Action: action, Total: total, Pager: newPager(r.URL, number, total), Back: backLink(r)}
	for _, a := range auditActions {
		p.Actions = append(p.Actions, Option{a, p.tOr("audit.action."+a, a)})
	}
	codes := make([]string, len(entries))
	for i, e := range entries {
		codes[i] = e.RegionCode
	}
	regions := ui.regionNames(r, codes...)
	for _, e := range entries {
		p.Rows = append(p.Rows, p.auditRow(e, regions))
	}
	return ui.render(w, http.StatusOK, "admin_audit", p)
}

func (p Page) auditRow(e audit.Entry, regions map[string]string) AuditRow {
	row := AuditRow{Entry: e, When: consoleTime(e.At), ActionLabel: p.tOr("audit.action."+e.Action, e.Action),
		RegionName: regions[e.RegionCode]}
	row.Actor = strings.TrimSpace(p.tOr("audit.actor."+e.ActorKind, e.ActorKind) + " " + e.ActorName)
	row.Target = strings.TrimSpace(p.tOr("audit.target."+e.TargetKind, e.TargetKind) + " " + e.TargetID)
	if e.TargetID != "" {
		switch e.TargetKind {
		case "staff":
			row.TargetHref = "/admin/staff/" + e.TargetID
		case "person":
			row.TargetHref = "/staff/people/" + e.TargetID
		}
	}
	return row
}
