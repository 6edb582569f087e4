package catalog_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/tongban/tongban/internal/catalog"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/region"
	"github.com/tongban/tongban/internal/testkit"
)

// good is an element set that passes every blocking rule.
func good(name string) catalog.Elements {
	return catalog.Elements{
		Name: name, ItemType: "01", UseLevel: 4, ServiceObjects: []int{1}, LegalBasis: []string{"《食品安全法》第三十六条"},
		AcceptConditions: "从事食品生产加工的小作坊，有固定的生产场所。", StatutoryDays: 20, StatutoryUnit: "工作日", PromisedDays: 10,
		OnlineDepth: []int{1, 2, 3, 4}, InHall: true, HallWindow: "商事登记", Address: "庄浪县政务服务中心 2 号窗口", Hours: "工作日 8:30–12:00",
		ConsultPhone: "0933-6621234", ComplaintPhone: "12345",
		Materials: []catalog.Material{{Name: "登记申请书", Required: catalog.MaterialRequired, Form: "原件", Copies: 1, Source: "申请人自备", BlankForm: true, SampleForm: true}},
		Process:   []catalog.Step{{Step: "受理", Days: 1}, {Step: "审查", Days: 5}, {Step: "决定", Days: 4}},
		Result:    catalog.Result{Name: "食品小作坊登记证", Type: "出证办结"},
		FAQ:       []catalog.QA{{Q: "需要多久？", A: "10 个工作日。"}},
	}
}

type fixture struct {
	env     *testkit.Env
	dept    region.Department
	other   region.Department
	entryID int64
	clerk   context.Context // reviewer of the department
	admin   context.Context // county item administrator
}

func setup(t *testing.T) fixture {
	t.Helper()
	e := testkit.NewEnv(t)
	ctx := context.Background()
	dept, err := e.Regions.InstallDepartment(ctx, region.Department{Slug: "market-regulation", Name: "庄浪县市场监督管理局", ShortName: "县市场监管局", Kind: region.KindGovernment, RegionCode: "620825"})
	if err != nil {
		t.Fatal(err)
	}
	other, err := e.Regions.InstallDepartment(ctx, region.Department{Slug: "health", Name: "庄浪县卫生健康局", ShortName: "县卫健局", Kind: region.KindGovernment, RegionCode: "620825"})
	if err != nil {
		t.Fatal(err)
	}
	entry, err := e.Items.InstallEntry(ctx, catalog.Entry{Name: "食品小作坊登记", ItemType: "01", UseLevel: 4, IssuedRegion: "62", DepartmentLine: "market-regulation"})
	if err != nil {
		t.Fatal(err)
	}
	return fixture{env: e, dept: dept, other: other, entryID: entry.ID,
		clerk: testkit.AsStaff(ctx, 501, principal.Reviewer, "620825", dept.ID),
		admin: testkit.AsStaff(ctx, 502, principal.ItemAdmin, "620825", 0)}
}

func rules(fs []catalog.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule)
	}
	return out
}

func TestClaimCompileReviewPublish(t *testing.T) {
	t.Parallel()
	f := setup(t)
	m := f.env.Items

	it, err := m.Claim(f.clerk, f.entryID, f.dept.ID)
	if err != nil {
		t.Fatal(err)
	}
	if it.Draft.Name != "食品小作坊登记" || it.DraftStatus != catalog.DraftEditing || it.State != catalog.StateUnpublished {
		t.Fatalf("claimed item = %+v", it)
	}
	if _, err := m.Claim(f.clerk, f.entryID, f.dept.ID); apperr.KindOf(err) != apperr.Conflict {
		t.Fatalf("claiming twice: %v, want conflict", err)
	}

	// A draft breaking rules is kept, with findings; submitting it is refused.
	bad := good("食品小作坊登记")
	bad.ProjectType = 2
	bad.PromisedDays = 0
	bad.Result.Type = "其他"
	bad.Process = []catalog.Step{{Step: "受理", Days: 0}, {Step: "决定", Days: 0}}
	it, fs, err := m.SaveDraft(f.clerk, it.ID, bad)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"immediate-type", "result-type"} {
		if !slices.Contains(rules(fs), want) {
			t.Errorf("findings %v lack %s", rules(fs), want)
		}
	}
	if _, _, err := m.Submit(f.clerk, it.ID); apperr.KindOf(err) != apperr.Invalid {
		t.Fatalf("submit with blocking findings: %v, want invalid", err)
	}

	// Fixed, submitted, returned with a comment, fixed again, approved.
	if _, fs, err = m.SaveDraft(f.clerk, it.ID, good("食品小作坊登记")); err != nil || catalog.Blocking(fs) {
		t.Fatalf("save good draft: %v %v", rules(fs), err)
	}
	if _, _, err := m.Submit(f.clerk, it.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := m.SaveDraft(f.clerk, it.ID, good("改名")); apperr.KindOf(err) != apperr.Conflict {
		t.Fatalf("editing under review: %v, want conflict", err)
	}
	if _, err := m.Approve(f.clerk, it.ID); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("department approving its own item: %v, want forbidden", err)
	}
	if _, err := m.Return(f.admin, it.ID, ""); apperr.KindOf(err) != apperr.Invalid {
		t.Fatalf("return without comment: %v", err)
	}
	if it, err = m.Return(f.admin, it.ID, "请补充常见问题"); err != nil || it.DraftStatus != catalog.DraftReturned || it.ReviewComment != "请补充常见问题" {
		t.Fatalf("return = %+v, %v", it, err)
	}
	fixed := good("食品小作坊登记")
	fixed.FAQ = append(fixed.FAQ, catalog.QA{Q: "可以网上办吗？", A: "可以。"})
	if _, _, err := m.SaveDraft(f.clerk, it.ID, fixed); err != nil {
		t.Fatal(err)
	}
	if _, _, err := m.Submit(f.clerk, it.ID); err != nil {
		t.Fatal(err)
	}
	pub, err := m.Approve(f.admin, it.ID)
	if err != nil {
		t.Fatal(err)
	}
	if pub.Version.Version != 1 || pub.State != catalog.StateActive || pub.DraftStatus != catalog.DraftNone {
		t.Fatalf("published = %+v", pub.Item)
	}

	// The public sees version 1; a later draft does not disturb it.
	later := fixed
	later.PromisedDays, later.Process = 8, []catalog.Step{{Step: "受理", Days: 1}, {Step: "审查", Days: 3}, {Step: "决定", Days: 4}}
	if _, _, err := m.SaveDraft(f.clerk, it.ID, later); err != nil {
		t.Fatal(err)
	}
	seen, err := m.Published(context.Background(), it.ID)
	if err != nil || seen.Version.Elements.PromisedDays != 10 {
		t.Fatalf("public version after a new draft: %d, %v", seen.Version.Elements.PromisedDays, err)
	}
	diff, err := m.DiffVersions(f.clerk, it.ID, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	changed := map[string]catalog.DiffLine{}
	for _, d := range diff {
		changed[d.Path] = d
	}
	if d := changed["promised_days"]; d.Before != "10" || d.After != "8" || d.Kind != catalog.DiffChanged {
		t.Fatalf("diff = %+v", diff)
	}
	if _, _, err := m.Submit(f.clerk, it.ID); err != nil {
		t.Fatal(err)
	}
	if pub, err = m.Approve(f.admin, it.ID); err != nil || pub.Version.Version != 2 {
		t.Fatalf("second approval: %+v, %v", pub.Version, err)
	}
	v1, err := f.env.Store.GetVersion(context.Background(), it.ID, 1)
	if err != nil || v1.Elements.PromisedDays != 10 {
		t.Fatalf("version 1 changed after publishing version 2: %+v, %v", v1.Elements.PromisedDays, err)
	}
	trail, err := m.Reviews(f.admin, it.ID)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, r := range trail {
		if r.Action != catalog.ActionSave {
			actions = append(actions, r.Action)
		}
	}
	want := []string{"claim", "submit", "return", "submit", "approve", "submit", "approve"}
	if !slices.Equal(actions, want) {
		t.Fatalf("trail = %v, want %v", actions, want)
	}
	// Each publication is in the change feed the search index follows.
	changes, err := m.ChangesSince(context.Background(), 0, 100)
	if err != nil || len(changes) != 2 {
		t.Fatalf("changes = %v, %v", changes, err)
	}
}

func TestOtherDepartmentsAndRolesAreRefused(t *testing.T) {
	t.Parallel()
	f := setup(t)
	m := f.env.Items
	it, err := m.Claim(f.clerk, f.entryID, f.dept.ID)
	if err != nil {
		t.Fatal(err)
	}
	health := testkit.AsStaff(context.Background(), 601, principal.Reviewer, "620825", f.other.ID)
	if _, _, err := m.SaveDraft(health, it.ID, good("x")); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("another department editing: %v", err)
	}
	if _, err := m.Item(health, it.ID); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("another department viewing a draft: %v", err)
	}
	if _, err := m.Claim(health, f.entryID, f.dept.ID); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("claiming for another department: %v", err)
	}
	clerk := testkit.AsStaff(context.Background(), 602, principal.WindowClerk, "620825101", 0)
	if _, _, err := m.Submit(clerk, it.ID); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("a window clerk submitting: %v", err)
	}
	if _, err := m.Published(context.Background(), it.ID); apperr.KindOf(err) != apperr.NotFound {
		t.Fatalf("an unpublished item is public: %v", err)
	}
}

func TestSuspendAndCancel(t *testing.T) {
	t.Parallel()
	f := setup(t)
	m := f.env.Items
	ctx := context.Background()
	pub, err := m.InstallPublished(ctx, "food-workshop", 0, f.dept.ID, good("食品小作坊登记"))
	if err != nil {
		t.Fatal(err)
	}
	from := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	if _, err := m.ChangeState(f.admin, pub.ID, catalog.StateSuspended, "", from, time.Time{}); apperr.KindOf(err) != apperr.Invalid {
		t.Fatalf("suspend without reason: %v", err)
	}
	if _, err := m.ChangeState(f.admin, pub.ID, catalog.StateSuspended, "系统升级", from, from.AddDate(0, 0, -1)); apperr.KindOf(err) != apperr.Invalid {
		t.Fatalf("suspension ending before it starts: %v", err)
	}
	it, err := m.ChangeState(f.admin, pub.ID, catalog.StateSuspended, "系统升级", from, from.AddDate(0, 0, 7))
	if err != nil || it.State != catalog.StateSuspended {
		t.Fatalf("suspend = %+v, %v", it, err)
	}
	if seen, err := m.Published(ctx, pub.ID); err != nil || seen.StateReason != "系统升级" {
		t.Fatalf("a suspended item stays visible with its notice: %+v, %v", seen.Item, err)
	}
	if _, err := m.ChangeState(f.admin, pub.ID, catalog.StateCancelled, "职能调整", time.Time{}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Published(ctx, pub.ID); apperr.KindOf(err) != apperr.NotFound {
		t.Fatalf("a cancelled item is still public: %v", err)
	}
	items, total, err := m.PublicItems(ctx, catalog.ItemFilter{RegionPrefix: "620825"})
	if err != nil || total != 0 || len(items) != 0 {
		t.Fatalf("public list after cancel: %d, %v", total, err)
	}
	if _, _, err := m.SaveDraft(f.clerk, pub.ID, good("x")); apperr.KindOf(err) != apperr.Conflict {
		t.Fatalf("editing a cancelled item: %v", err)
	}
}

func TestRuleSettingsPerRegion(t *testing.T) {
	t.Parallel()
	f := setup(t)
	m := f.env.Items
	e := good("食品小作坊登记")
	e.ConsultPhone = ""
	fs, err := m.Check(context.Background(), "620825", e)
	if err != nil || !slices.Contains(rules(fs), "phones") || catalog.Blocking(fs) {
		t.Fatalf("default: %v %v", rules(fs), err)
	}
	// The county makes the phone rule blocking; a township inherits it.
	if err := m.SetRule(f.admin, catalog.RuleSetting{RegionCode: "620825", Rule: "phones", Enabled: true, Blocking: true}); err != nil {
		t.Fatal(err)
	}
	if fs, _ = m.Check(context.Background(), "620825101", e); !catalog.Blocking(fs) {
		t.Fatal("the county's blocking setting does not reach its township")
	}
	if err := m.SetRule(f.admin, catalog.RuleSetting{RegionCode: "620825", Rule: "phones", Enabled: false}); err != nil {
		t.Fatal(err)
	}
	if fs, _ = m.Check(context.Background(), "620825", e); slices.Contains(rules(fs), "phones") {
		t.Fatal("a disabled rule still reports")
	}
	if err := m.SetRule(f.clerk, catalog.RuleSetting{RegionCode: "620825", Rule: "phones", Enabled: true}); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("a department reviewer changing rules: %v", err)
	}
}

func TestPublicItemsFiltersAndPages(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ctx := context.Background()
	for i, objs := range [][]int{{1}, {2}, {1, 2}, {2}, {1}} {
		e := good("事项" + string(rune('甲'+i)))
		e.ServiceObjects = objs
		if len(objs) == 2 {
			e.Topics = []string{"开办企业"}
		}
		if _, err := f.env.Items.InstallPublished(ctx, "item-"+string(rune('a'+i)), 0, f.dept.ID, e); err != nil {
			t.Fatal(err)
		}
	}
	page, total, err := f.env.Items.PublicItems(ctx, catalog.ItemFilter{RegionPrefix: "620825", ServiceObj: 2, Limit: 2, Offset: 2})
	if err != nil || total != 3 || len(page) != 1 || page[0].Slug != "item-d" {
		t.Fatalf("organisations page 2 = %d items of %d, %v", len(page), total, err)
	}
	page, total, err = f.env.Items.PublicItems(ctx, catalog.ItemFilter{RegionPrefix: "620825", Topic: "开办企业"})
	if err != nil || total != 1 || page[0].Slug != "item-c" {
		t.Fatalf("topic filter = %d, %v", total, err)
	}
	_, total, err = f.env.Items.PublicItems(ctx, catalog.ItemFilter{RegionPrefix: "620825", Limit: 2})
	if err != nil || total != 5 {
		t.Fatalf("unfiltered total = %d, %v", total, err)
	}
}
