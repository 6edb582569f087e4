package casework

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/audit"
	"github.com/tongban/tongban/internal/platform/calendar"
	"github.com/tongban/tongban/internal/platform/principal"
)

// handlerRoles are the staff roles that see and handle cases.
var handlerRoles = []principal.Role{principal.WindowClerk, principal.Reviewer, principal.DeptHead, principal.Supervisor}

// maxFormBytes bounds a draft's form values, so autosave cannot fill the disk.
const maxFormBytes = 64 << 10

// Deps are what a Manager is built from.
type Deps struct {
	Tx       Tx
	Store    Store
	Items    ItemSource
	Audit    audit.Writer
	Calendar *calendar.Calendar
	Numbers  *Numberer
	Now      func() time.Time
	// Location is where calendar days are counted (Asia/Shanghai).
	Location   *time.Location
	Thresholds Thresholds
	// Departments resolves transfer targets; without it transfers are refused.
	Departments Departments
}

// Manager is casework's use cases: applying, registering at a window, the
// department inbox, acting on a case, the applicant's view and supervision.
type Manager struct {
	tx          Tx
	store       Store
	items       ItemSource
	audit       audit.Writer
	cal         *calendar.Calendar
	numbers     *Numberer
	now         func() time.Time
	loc         *time.Location
	th          Thresholds
	departments Departments
	// observers hear of every change in its transaction (see Observe).
	observers []Observer
	// workflows caches stored workflow definitions: immutable once active.
	workflows workflowCache
	// licenses answers whether an applicant holds a license (免证办).
	licenses LicenseHolder
}

// NewManager wires a Manager; zero Thresholds mean DefaultThresholds.
func NewManager(d Deps) *Manager {
	if d.Thresholds == (Thresholds{}) {
		d.Thresholds = DefaultThresholds
	}
	if d.Location == nil {
		d.Location = time.UTC
	}
	return &Manager{tx: d.Tx, store: d.Store, items: d.Items, audit: d.Audit, cal: d.Calendar,
		numbers: d.Numbers, now: d.Now, loc: d.Location, th: d.Thresholds, departments: d.Departments}
}

// today is the local calendar day.
func (m *Manager) today() calendar.Date { return calendar.FromTime(m.now(), m.loc) }

// Today is the current calendar day by the module's own clock, so that screens
// showing lights agree with the deadlines the module computed.
func (m *Manager) Today() calendar.Date { return m.today() }

// workflowFor returns the process of a case: the stored definition it was
// opened under (see snapshotWorkflow), or DefaultWorkflow for its limit.
func (m *Manager) workflowFor(c Case) Workflow {
	if c.WorkflowID == 0 {
		return DefaultWorkflow(c.Clock.Limit)
	}
	return m.storedWorkflow(c.WorkflowID)
}

// handles reports whether p is staff who handles cases in the case's scope.
func handles(p principal.Principal, c Case) bool {
	if !p.IsStaff() || !p.Scope.Covers(c.Scope()) {
		return false
	}
	return slices.ContainsFunc(handlerRoles, p.Has)
}

// isApplicant reports whether p is the person who applied.
func isApplicant(p principal.Principal, c Case) bool {
	return p.IsPerson() && p.ID == c.PersonID && p.OrgID == c.OrgID
}

// SaveDraft stores the signed-in person's draft for an item: a new one, or the
// one with d.ID, or the open draft the person already has for the item, so an
// autosave from another device resumes rather than duplicates it.
func (m *Manager) SaveDraft(ctx context.Context, d Application) (Application, error) {
	p, err := principal.RequirePerson(ctx)
	if err != nil {
		return d, err
	}
	if tooLarge(d.Form) {
		return d, apperr.Field("form", "casework.form.too_large")
	}
	var a Application
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		switch {
		case d.ID != 0:
			if a, err = m.ownApplication(ctx, p, d.ID); err != nil {
				return err
			}
		default:
			a, err = m.store.FindDraft(ctx, p.ID, p.OrgID, d.ItemID)
			if err != nil && apperr.KindOf(err) != apperr.NotFound {
				return err
			}
		}
		if a.Submitted {
			return apperr.New(apperr.Conflict, "casework.application.submitted")
		}
		if a.ID == 0 {
			a = Application{PersonID: p.ID, OrgID: p.OrgID, ItemID: d.ItemID, CreatedAt: m.now()}
		}
		item, err := m.items.Published(ctx, a.ItemID)
		if err != nil {
			return err
		}
		a.ItemVersion, a.Form, a.Materials, a.UpdatedAt = item.Version, d.Form, d.Materials, m.now()
		if a.ID == 0 {
			return m.store.InsertApplication(ctx, &a)
		}
		return m.store.UpdateApplication(ctx, a)
	})
	return a, err
}

// Draft returns the signed-in person's open draft for an item, to resume it.
func (m *Manager) Draft(ctx context.Context, itemID int64) (Application, error) {
	p, err := principal.RequirePerson(ctx)
	if err != nil {
		return Application{}, err
	}
	return m.store.FindDraft(ctx, p.ID, p.OrgID, itemID)
}

// ownApplication loads an application of p; another person's is "not found".
func (m *Manager) ownApplication(ctx context.Context, p principal.Principal, id int64) (Application, error) {
	a, err := m.store.GetApplication(ctx, id)
	if err != nil {
		return a, err
	}
	if a.PersonID != p.ID || a.OrgID != p.OrgID {
		return Application{}, apperr.NotFoundf("application")
	}
	return a, nil
}

// Submit submits the person's application: in one transaction it creates the
// case with its case number in the workflow's initial state, under the item's
// current published version, with a timeline event and an audit entry.
func (m *Manager) Submit(ctx context.Context, applicationID int64) (Case, error) {
	p, err := principal.RequirePerson(ctx)
	if err != nil {
		return Case{}, err
	}
	var c Case
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		a, err := m.ownApplication(ctx, p, applicationID)
		if err != nil {
			return err
		}
		if a.Submitted {
			return apperr.New(apperr.Conflict, "casework.application.submitted")
		}
		item, err := m.accepting(ctx, a.ItemID)
		if err != nil {
			return err
		}
		if err := m.checkForm(ctx, []PublishedItem{item}, a.Form); err != nil {
			return err
		}
		if a.Materials, err = m.checkLicenses(ctx, []PublishedItem{item}, a.Materials); err != nil {
			return err
		}
		assignTrust(a.Materials, false)
		a.Submitted, a.ItemVersion, a.UpdatedAt = true, item.Version, m.now()
		if err := m.store.UpdateApplication(ctx, a); err != nil {
			return err
		}
		c, err = m.open(ctx, a, item, Case{Channel: ChannelOnline}, EventSubmit)
		return err
	})
	return c, err
}

// accepting returns a published item that accepts applications.
func (m *Manager) accepting(ctx context.Context, itemID int64) (PublishedItem, error) {
	item, err := m.items.Published(ctx, itemID)
	if err != nil {
		return item, err
	}
	if item.Suspended {
		return item, apperr.New(apperr.Conflict, "casework.item.suspended")
	}
	return item, nil
}

// Registration is an application registered in person at a window.
type Registration struct {
	PersonID  int64
	OrgID     int64
	ItemID    int64
	Form      map[string]string
	Materials []MaterialCheck
}

// RegisterAtWindow lets a window clerk register an application in person for
// any item of the hall's region on the applicant's behalf (无差别受理): the
// case lands in the responsible department's inbox, marked with the clerk and
// the hall's region. A township hall registers county items too (the item's
// region contains the hall's), and a county hall those of its townships. A
// hall elsewhere inside the item's 通办范围 receives it for the responsible
// department, which handles it where it sits (收受分离, 异地受理).
func (m *Manager) RegisterAtWindow(ctx context.Context, r Registration) (Case, error) {
	p, err := principal.RequireStaff(ctx)
	if err != nil {
		return Case{}, err
	}
	if !p.Has(principal.WindowClerk) {
		return Case{}, apperr.Forbid()
	}
	if r.PersonID == 0 {
		return Case{}, apperr.Field("person_id", "form.required")
	}
	if tooLarge(r.Form) {
		return Case{}, apperr.Field("form", "casework.form.too_large")
	}
	var c Case
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		item, err := m.accepting(ctx, r.ItemID)
		if err != nil {
			return err
		}
		hall := p.Scope.RegionCode
		if !receives(hall, item) {
			return apperr.Forbid()
		}
		if err := m.checkForm(ctx, []PublishedItem{item}, r.Form); err != nil {
			return err
		}
		// A license is used with its holder's consent, given signed in; at the
		// window the clerk checks the paper or reads it through the license
		// module with a stated purpose.
		if slices.ContainsFunc(r.Materials, func(mc MaterialCheck) bool { return mc.LicenseRef != "" }) {
			return apperr.Field("materials", "casework.license.window")
		}
		now := m.now()
		mats := slices.Clone(r.Materials)
		assignTrust(mats, true)
		a := Application{PersonID: r.PersonID, OrgID: r.OrgID, ItemID: item.ItemID, ItemVersion: item.Version,
			Form: r.Form, Materials: mats, Submitted: true, CreatedAt: now, UpdatedAt: now}
		if err := m.store.InsertApplication(ctx, &a); err != nil {
			return err
		}
		c, err = m.open(ctx, a, item, Case{Channel: ChannelWindow, RegisteredBy: p.ID, ReceivedRegion: hall}, EventRegister)
		return err
	})
	return c, err
}

// checkForm validates submitted form values against the items' forms (one
// item's, or a bundle's merged form): the rule lives here so that the pages,
// the API and window registration all apply it.
func (m *Manager) checkForm(ctx context.Context, items []PublishedItem, values map[string]string) error {
	specs := make([]FormSpec, len(items))
	for i, item := range items {
		f, err := m.formOf(ctx, item)
		if err != nil {
			return err
		}
		specs[i] = f.Spec
	}
	return apperr.Fields(MergeForms(specs).Validate(values))
}

// receives reports whether a hall in region hall may receive applications for
// item: the regions nest, or the hall lies inside the item's 通办范围.
func receives(hall string, item PublishedItem) bool {
	switch {
	case hall == "":
		return false
	case strings.HasPrefix(hall, item.RegionCode) || strings.HasPrefix(item.RegionCode, hall):
		return true
	}
	// The range's shared code prefix: 全国 none, 全省 the province, 全市 the city.
	shared, ok := map[string]int{"1": 0, "2": 2, "3": 4}[item.HandleRange]
	if !ok {
		return false
	}
	return len(hall) >= shared && len(item.RegionCode) >= shared && hall[:shared] == item.RegionCode[:shared]
}

// tooLarge reports whether form values exceed maxFormBytes as JSON.
func tooLarge(form map[string]string) bool {
	b, _ := json.Marshal(form)
	return len(b) > maxFormBytes
}

// clockFor returns the limit a case is held to: the promised working days, or
// for an item promising nothing the statutory limit in its own unit.
func clockFor(item PublishedItem) Clock {
	switch {
	case item.PromisedDays > 0:
		return Clock{Limit: item.PromisedDays, Unit: UnitWorkdays}
	case item.StatutoryDays > 0 && item.StatutoryUnit != "":
		return Clock{Limit: item.StatutoryDays, Unit: item.StatutoryUnit}
	}
	return Clock{Unit: UnitWorkdays} // 即办: due on the day of acceptance
}

// open creates the case of an application (inside the caller's transaction)
// with its number, the initial state, a timeline event and an audit entry.
func (m *Manager) open(ctx context.Context, a Application, item PublishedItem, c Case, event string) (Case, error) {
	impl := item.ImplCode
	if len(impl) != ImplCodeLength {
		impl = LocalImplCode(item.RegionCode, item.DepartmentID, item.ItemID)
	}
	now := m.now()
	number, err := m.numbers.Next(ctx, impl, now)
	if err != nil {
		return c, err
	}
	c.Number, c.ApplicationID, c.ItemID, c.ItemVersion, c.ItemName = number, a.ID, item.ItemID, item.Version, item.Name
	c.RegionCode, c.DepartmentID, c.PersonID, c.OrgID = item.RegionCode, item.DepartmentID, a.PersonID, a.OrgID
	c.Clock = clockFor(item)
	if err := m.snapshotWorkflow(ctx, &c); err != nil {
		return c, err
	}
	c.CreatedAt, c.UpdatedAt = now, now
	if err := m.store.InsertCase(ctx, &c); err != nil {
		return c, err
	}
	return c, m.record(ctx, c, event, "", c.State, "", map[string]string{"number": c.Number, "channel": c.Channel})
}

// record appends a timeline event and an audit entry in the caller's
// transaction.
func (m *Manager) record(ctx context.Context, c Case, action, from, to, comment string, detail map[string]string) error {
	p := principal.From(ctx)
	now := m.now()
	e := Event{CaseID: c.ID, At: now, ActorKind: string(p.Kind), ActorID: p.ID, ActorName: p.Name,
		Action: action, FromState: from, ToState: to, Comment: comment, Detail: detail}
	if err := m.store.AppendCaseEvent(ctx, &e); err != nil {
		return err
	}
	if m.audit != nil {
		if err := m.audit.AppendAudit(ctx, audit.New(ctx, now, "case."+action, "case", strconv.FormatInt(c.ID, 10), c.RegionCode, c.Number)); err != nil {
			return err
		}
	}
	if err := m.notify(ctx, c, e); err != nil {
		return err
	}
	return m.concludeBundle(ctx, c)
}
