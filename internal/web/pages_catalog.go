package web

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/tongban/tongban/internal/catalog"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/region"
)

// registerCatalog adds the staff pages of the service-item catalog (事项管理):
// the items list, basic entries and claiming, compiling a draft, review and
// publishing, diffs between versions, and the region's quality report.
func (ui *UI) registerCatalog(rt routeAdder) {
	rt.Handle("GET", "/staff/catalog", ui.catalogList)
	rt.Handle("GET", "/staff/catalog/entries", ui.catalogEntries)
	rt.Handle("POST", "/staff/catalog/entries/{id}/claim", ui.catalogClaim)
	rt.Handle("GET", "/staff/catalog/items/{id}", ui.catalogItem)
	rt.Handle("POST", "/staff/catalog/items/{id}", ui.catalogSave)
	rt.Handle("POST", "/staff/catalog/items/{id}/submit", ui.catalogSubmit)
	rt.Handle("POST", "/staff/catalog/items/{id}/approve", ui.catalogApprove)
	rt.Handle("POST", "/staff/catalog/items/{id}/return", ui.catalogReturn)
	rt.Handle("POST", "/staff/catalog/items/{id}/state", ui.catalogState)
	rt.Handle("GET", "/staff/catalog/items/{id}/diff", ui.catalogDiff)
	rt.Handle("GET", "/staff/catalog/quality", ui.catalogQuality)
	rt.Handle("POST", "/staff/catalog/quality/rules", ui.catalogSetRule)
}

// ---- Shared helpers ----

// catalogItemURL is the staff page of an item.
func catalogItemURL(id int64) string { return "/staff/catalog/items/" + strconv.FormatInt(id, 10) }

// publicDepartments maps the departments of the viewer's region by id, for
// their names. Department names are public, so a department-bound clerk also sees
// which other departments claimed an entry.
func (ui *UI) publicDepartments(r *http.Request) (map[int64]region.Department, error) {
	depts, err := ui.Regions.PublicDepartments(r.Context(), principal.From(r.Context()).Scope.RegionCode)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]region.Department, len(depts))
	for _, d := range depts {
		out[d.ID] = d
	}
	return out, nil
}

// statusLabel names a draft status; an item without pending changes shows a dash.
func (p Page) statusLabel(s string) string {
	if s == catalog.DraftNone {
		return "—"
	}
	return p.tOr("catalog.ui.status."+s, s)
}

// stateLabel names an item state (在用, 暂停, 取消, 未发布).
func (p Page) stateLabel(s string) string { return p.tOr("catalog.ui.state."+s, s) }

// ElementName translates an element's JSON path (e.g. "result.type",
// "materials[2].name") by the longest known prefix, so a finding or diff line
// reads 审批结果类型 rather than a field name.
func (p Page) ElementName(path string) string {
	plain := listIndex.ReplaceAllString(path, "")
	for cut := plain; cut != ""; {
		for _, key := range []string{"element." + cut, "catalog.ui.field." + cut} {
			if p.cat != nil && p.cat.Has(key) {
				return p.T(key)
			}
		}
		i := strings.LastIndex(cut, ".")
		if i < 0 {
			break
		}
		cut = cut[:i]
	}
	return path
}

// listIndex matches the list indexes of a path: materials[2].name → materials.name.
var listIndex = regexp.MustCompile(`\[\d+\]`)

// percent formats a 0–1 share as a whole percentage.
func percent(f float64) int { return int(f*100 + 0.5) }

// ---- The items list ----

// CatalogListView is the department's (or region's) items.
type CatalogListView struct {
	Page
	Status, State, Query string
	Statuses, States     []Option
	Rows                 []CatalogItemRow
	Total                int
	Pager                Pager
	Pending              []CatalogItemRow // drafts waiting for an item administrator
	CanReview            bool
	CanCompile           bool
	Stats                []CatalogStatsRow
}

// CatalogItemRow is one item of a list.
type CatalogItemRow struct {
	ID                              int64
	Name, Department, Status, State string
	Version, Completeness           int
	Updated                         string
	Submitted                       bool
}

// CatalogStatsRow is one department's claim rate and element completeness.
type CatalogStatsRow struct {
	Department                      string
	Entries, Claimed, Items, Public int
	ClaimRate, Completeness         int // percentages
}

var (
	draftStatuses = []string{catalog.DraftEditing, catalog.DraftSubmitted, catalog.DraftReturned}
	itemStates    = []string{catalog.StateActive, catalog.StateSuspended, catalog.StateCancelled, catalog.StateUnpublished}
)

func (p Page) itemRow(it catalog.Item, depts map[int64]region.Department) CatalogItemRow {
	return CatalogItemRow{ID: it.ID, Name: it.Draft.Name, Department: depts[it.DepartmentID].ShortName,
		Status: p.statusLabel(it.DraftStatus), State: p.stateLabel(it.State), Version: it.PublishedVersion,
		Completeness: percent(it.Draft.Completeness()), Updated: consoleTime(it.UpdatedAt), Submitted: it.DraftStatus == catalog.DraftSubmitted}
}

func (ui *UI) catalogList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	pr := principal.From(ctx)
	q := r.URL.Query()
	number := pageNumber(r)
	f := catalog.ItemFilter{DraftStatus: q.Get("status"), State: q.Get("state"), Query: strings.TrimSpace(q.Get("q")),
		Limit: listPageSize, Offset: (number - 1) * listPageSize}
	if !slices.Contains(draftStatuses, f.DraftStatus) {
		f.DraftStatus = ""
	}
	if !slices.Contains(itemStates, f.State) {
		f.State = ""
	}
	items, total, err := ui.Items.Items(ctx, f)
	if err != nil {
		return err
	}
	depts, err := ui.publicDepartments(r)
	if err != nil {
		return err
	}
	p := CatalogListView{Page: ui.page(r, "catalog.title"), Status: f.DraftStatus, State: f.State, Query: f.Query, Total: total,
		Pager: newPager(r.URL, number, total), CanReview: pr.CanAnywhere(principal.ReviewItems), CanCompile: pr.CanAnywhere(principal.CompileItems)}
	for _, s := range draftStatuses {
		p.Statuses = append(p.Statuses, Option{s, p.statusLabel(s)})
	}
	for _, s := range itemStates {
		p.States = append(p.States, Option{s, p.stateLabel(s)})
	}
	for _, it := range items {
		p.Rows = append(p.Rows, p.itemRow(it, depts))
	}
	if p.CanReview && f.DraftStatus != catalog.DraftSubmitted {
		pending, _, err := ui.Items.Items(ctx, catalog.ItemFilter{DraftStatus: catalog.DraftSubmitted, Limit: 100})
		if err != nil {
			return err
		}
		for _, it := range pending {
			p.Pending = append(p.Pending, p.itemRow(it, depts))
		}
	}
	if p.Stats, err = ui.catalogStats(r); err != nil {
		return err
	}
	return ui.render(w, http.StatusOK, "catalog_list", p)
}

// catalogStats computes the claim rate and completeness of the departments the
// viewer may see: their own, or every department of an administrator's region.
func (ui *UI) catalogStats(r *http.Request) ([]CatalogStatsRow, error) {
	ctx := r.Context()
	pr := principal.From(ctx)
	depts, err := ui.Regions.Departments(ctx, pr.Scope.RegionCode)
	if err != nil {
		return nil, err
	}
	infos := make([]catalog.DepartmentInfo, len(depts))
	names := map[int64]string{}
	for i, d := range depts {
		infos[i] = catalog.DepartmentInfo{ID: d.ID, Slug: d.Slug, Name: d.Name, ShortName: d.ShortName, RegionCode: d.RegionCode}
		names[d.ID] = d.ShortName
	}
	stats, err := ui.Items.Stats(ctx, pr.Scope.RegionCode, infos)
	if err != nil {
		return nil, err
	}
	var out []CatalogStatsRow
	for _, s := range stats {
		if s.Items == 0 && s.Entries == 0 {
			continue // a department without items (a township office, say) says nothing here
		}
		out = append(out, CatalogStatsRow{Department: names[s.DepartmentID], Entries: s.Entries, Claimed: s.Claimed, Items: s.Items,
			Public: s.Published, ClaimRate: percent(s.ClaimRate()), Completeness: percent(s.Completeness)})
	}
	return out, nil
}

// ---- Basic entries and claiming ----

// CatalogEntriesView lists the basic entries visible in the viewer's region.
type CatalogEntriesView struct {
	Page
	Query, Line string
	Lines       []Option
	Rows        []CatalogEntryRow
	CanCompile  bool
	// OwnDepartment is the department a department-bound clerk claims for; an
	// administrator without one picks from Departments.
	OwnDepartment int64
	Departments   []region.Department
}

// CatalogEntryRow is one basic entry with who claimed it.
type CatalogEntryRow struct {
	catalog.EntryView
	ItemType  string
	Line      string
	LineID    int64 // the department of the entry's line, preselected for an administrator
	ClaimedBy []string
	Claimable bool
}

func (ui *UI) catalogEntriesView(r *http.Request) (CatalogEntriesView, error) {
	ctx := r.Context()
	pr := principal.From(ctx)
	q := r.URL.Query()
	depts, err := ui.publicDepartments(r)
	if err != nil {
		return CatalogEntriesView{}, err
	}
	p := CatalogEntriesView{Page: ui.page(r, "catalog.ui.entries.title"), Query: strings.TrimSpace(q.Get("q")), Line: q.Get("line"),
		OwnDepartment: pr.Scope.DepartmentID, CanCompile: pr.CanAnywhere(principal.CompileItems)}
	if !q.Has("line") && pr.Scope.DepartmentID != 0 {
		p.Line = depts[pr.Scope.DepartmentID].Slug // a department's clerk starts with the entries of their own line
	}
	entries, err := ui.Items.Entries(ctx, catalog.EntryFilter{DepartmentLine: p.Line, Query: p.Query})
	if err != nil {
		return CatalogEntriesView{}, err
	}
	codes, err := ui.Items.Codes(ctx)
	if err != nil {
		return CatalogEntriesView{}, err
	}
	bySlug := map[string]region.Department{}
	for _, d := range depts {
		bySlug[d.Slug] = d
	}
	for _, d := range sortedDepartments(depts) {
		p.Lines = append(p.Lines, Option{d.Slug, d.ShortName})
	}
	if p.CanCompile && p.OwnDepartment == 0 {
		if p.Departments, err = ui.Regions.Departments(ctx, pr.Scope.RegionCode); err != nil {
			return CatalogEntriesView{}, err
		}
	}
	for _, e := range entries {
		row := CatalogEntryRow{EntryView: e, ItemType: codes.Label(catalog.TableItemType, e.ItemType), Line: bySlug[e.DepartmentLine].ShortName,
			LineID: bySlug[e.DepartmentLine].ID}
		if row.Line == "" {
			row.Line = e.DepartmentLine
		}
		for _, id := range e.ClaimedBy {
			row.ClaimedBy = append(row.ClaimedBy, depts[id].ShortName)
		}
		// A clerk may claim what their department has not; an administrator
		// claims on a department's behalf what nobody has claimed yet (a
		// second claim for another department is rare, and a select of every
		// department on every row would make the page heavy).
		if p.OwnDepartment != 0 {
			row.Claimable = p.CanCompile && !e.Cancelled && !slices.Contains(e.ClaimedBy, p.OwnDepartment)
		} else {
			row.Claimable = p.CanCompile && !e.Cancelled && len(e.ClaimedBy) == 0
		}
		p.Rows = append(p.Rows, row)
	}
	sort.SliceStable(p.Rows, func(i, j int) bool { return p.Rows[i].Claimable && !p.Rows[j].Claimable }) // work to do first
	return p, nil
}

func sortedDepartments(m map[int64]region.Department) []region.Department {
	out := make([]region.Department, 0, len(m))
	for _, d := range m {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func (ui *UI) catalogEntries(w http.ResponseWriter, r *http.Request) error {
	p, err := ui.catalogEntriesView(r)
	if err != nil {
		return err
	}
	return ui.render(w, http.StatusOK, "catalog_entries", p)
}

// catalogClaim claims an entry for the department in the form: the clerk's own
// (a hidden field) or the one an administrator picked. The module decides
// whether the principal may compile for that department.
func (ui *UI) catalogClaim(w http.ResponseWriter, r *http.Request) error {
	entryID, err := pathID(r, "entry")
	if err != nil {
		return err
	}
	deptID := principal.From(r.Context()).Scope.DepartmentID
	if v := strings.TrimSpace(r.PostFormValue("department_id")); v != "" {
		if deptID, err = strconv.ParseInt(v, 10, 64); err != nil {
			deptID = -1 // no department has it: the module refuses rather than guessing
		}
	}
	if deptID == 0 {
		err = apperr.Field("department_id", "catalog.ui.claim.department_required")
	} else {
		var it catalog.Item
		if it, err = ui.Items.Claim(r.Context(), entryID, deptID); err == nil {
			http.Redirect(w, r, catalogItemURL(it.ID), http.StatusSeeOther)
			return nil
		}
	}
	form, status, ok := ui.failedForm(r, err)
	if !ok {
		return err
	}
	if form.Message == "" && len(form.Summary) > 0 {
		form.Message = form.Summary[0].Message // the select sits in a table row: say it at the top
		form.Summary = nil
	}
	p, verr := ui.catalogEntriesView(r)
	if verr != nil {
		return verr
	}
	p.Form = form
	return ui.render(w, status, "catalog_entries", p)
}

// ---- Diff ----

// CatalogDiffView compares two versions of an item (0 = the current draft).
type CatalogDiffView struct {
	Page
	Item     catalog.Item
	From, To int
	Choices  []Option // the versions to compare
	Lines    []DiffRow
}

// DiffRow is one changed element.
type DiffRow struct{ Path, Element, Kind, Before, After string }

func (ui *UI) catalogDiff(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathID(r, "item")
	if err != nil {
		return err
	}
	it, err := ui.Items.Item(ctx, id)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	from, to := it.PublishedVersion, 0
	if v, err := strconv.Atoi(q.Get("from")); err == nil && v >= 0 && v <= it.PublishedVersion {
		from = v
	}
	if v, err := strconv.Atoi(q.Get("to")); err == nil && v >= 0 && v <= it.PublishedVersion {
		to = v
	}
	diff, err := ui.Items.DiffVersions(ctx, id, from, to)
	if err != nil {
		return err
	}
	p := CatalogDiffView{Page: ui.page(r, "catalog.ui.diff.title"), Item: it, From: from, To: to}
	p.Title = p.T("catalog.ui.diff.title", it.Draft.Name)
	p.Choices = append(p.Choices, Option{"0", p.T("catalog.ui.diff.draft")})
	for v := it.PublishedVersion; v >= 1; v-- {
		p.Choices = append(p.Choices, Option{strconv.Itoa(v), p.T("catalog.ui.diff.version", v)})
	}
	for _, d := range diff {
		p.Lines = append(p.Lines, DiffRow{Path: d.Path, Element: p.ElementName(d.Path), Kind: p.T("catalog.ui.diff.kind." + d.Kind),
			Before: d.Before, After: d.After})
	}
	return ui.render(w, http.StatusOK, "catalog_diff", p)
}

// ---- Quality report and rules ----

// CatalogQualityView is the quality report of a region and its rule settings.
type CatalogQualityView struct {
	Page
	Region      string
	Regions     []region.Region
	Checked     int
	WithFinding int
	Counts      []QualityCountRow
	Findings    []QualityFindingRow
	Rules       []RuleRow
	CanSetRules bool
}

// QualityCountRow is the number of findings of one rule in one department.
type QualityCountRow struct {
	Department, Rule string
	Count            int
}

// QualityFindingRow is one finding of one item.
type QualityFindingRow struct {
	ItemID     int64
	Item       string
	Department string
	FindingRow
}

// RuleRow is a rule with the setting that applies in the region.
type RuleRow struct {
	ID, Name          string
	Enabled, Blocking bool
}

func (ui *UI) catalogQualityView(r *http.Request, regionCode string) (CatalogQualityView, error) {
	ctx := r.Context()
	pr := principal.From(ctx)
	if regionCode == "" {
		regionCode = pr.Scope.RegionCode
	}
	rep, err := ui.Items.CheckRegion(ctx, regionCode)
	if err != nil {
		return CatalogQualityView{}, err
	}
	settings, err := ui.Items.RuleSettings(ctx, regionCode)
	if err != nil {
		return CatalogQualityView{}, err
	}
	depts, err := ui.publicDepartments(r)
	if err != nil {
		return CatalogQualityView{}, err
	}
	p := CatalogQualityView{Page: ui.page(r, "catalog.ui.quality.title"), Region: regionCode, Checked: rep.Checked, WithFinding: len(rep.Items),
		CanSetRules: pr.Can(principal.ReviewItems, principal.Scope{RegionCode: regionCode})}
	if p.Regions, err = ui.scopeRegions(r); err != nil {
		return CatalogQualityView{}, err
	}
	for deptID, rules := range rep.Counts {
		for rule, n := range rules {
			p.Counts = append(p.Counts, QualityCountRow{Department: depts[deptID].ShortName, Rule: p.tOr("quality.rule."+rule, rule), Count: n})
		}
	}
	sort.Slice(p.Counts, func(i, j int) bool {
		a, b := p.Counts[i], p.Counts[j]
		if a.Department != b.Department {
			return a.Department < b.Department
		}
		return a.Count > b.Count || a.Count == b.Count && a.Rule < b.Rule
	})
	for _, itf := range rep.Items {
		for _, f := range itf.Findings {
			p.Findings = append(p.Findings, QualityFindingRow{ItemID: itf.Item.ID, Item: itf.Item.Draft.Name,
				Department: depts[itf.Item.DepartmentID].ShortName,
				FindingRow: FindingRow{Rule: p.tOr("quality.rule."+f.Rule, f.Rule), Element: f.Element, ElementName: p.ElementName(f.Element),
					Message: p.T(f.Key, f.Args...), Blocking: f.Blocking}})
		}
	}
	for _, s := range settings {
		p.Rules = append(p.Rules, RuleRow{ID: s.Rule, Name: p.tOr("quality.rule."+s.Rule, s.Rule), Enabled: s.Enabled, Blocking: s.Blocking})
	}
	return p, nil
}

func (ui *UI) catalogQuality(w http.ResponseWriter, r *http.Request) error {
	p, err := ui.catalogQualityView(r, strings.TrimSpace(r.URL.Query().Get("region")))
	if err != nil {
		return err
	}
	return ui.render(w, http.StatusOK, "catalog_quality", p)
}

func (ui *UI) catalogSetRule(w http.ResponseWriter, r *http.Request) error {
	regionCode := strings.TrimSpace(r.PostFormValue("region"))
	if regionCode == "" {
		regionCode = principal.From(r.Context()).Scope.RegionCode
	}
	s := catalog.RuleSetting{RegionCode: regionCode, Rule: r.PostFormValue("rule"), Enabled: r.PostFormValue("enabled") == "on",
		Blocking: r.PostFormValue("blocking") == "on"}
	if err := ui.Items.SetRule(r.Context(), s); err != nil {
		form, status, ok := ui.failedForm(r, err, "rule", "enabled", "blocking")
		if !ok {
			return err
		}
		p, verr := ui.catalogQualityView(r, regionCode)
		if verr != nil {
			return verr
		}
		p.Form = form
		return ui.render(w, status, "catalog_quality", p)
	}
	http.Redirect(w, r, "/staff/catalog/quality?region="+url.QueryEscape(regionCode)+"#rules", http.StatusSeeOther)
	return nil
}
