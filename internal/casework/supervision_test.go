package casework_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tongban/tongban/internal/app"
	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/config"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/calendar"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/region"
	"github.com/tongban/tongban/internal/testkit"
)

// act takes an action and fails the test if it is refused.
func (f fixture) act(t *testing.T, who context.Context, id int64, action, comment string) casework.Case {
	t.Helper()
	c, err := f.m.Act(who, id, action, comment)
	if err != nil {
		t.Fatalf("%s on case %d: %v", action, id, err)
	}
	return c
}

// register has a window clerk register the applicant's application for item.
func (f fixture) register(t *testing.T, clerk context.Context, item int64) casework.Case {
	t.Helper()
	c, err := f.m.RegisterAtWindow(clerk, casework.Registration{PersonID: applicantID, ItemID: item, Form: testkit.Form("name", "王建国")})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func wantCards(t *testing.T, what string, got, want casework.Cards) {
	t.Helper()
	if got != want {
		t.Errorf("%s: cards %+v, want %+v", what, got, want)
	}
}

// A county on Thursday 2026-03-19: 县市场监管局 has a red case, a yellow one
// and one never accepted, all applied for online; 县卫健局 has a red case
// registered at 南湖镇's window and one registered at 朱店镇's window that is
// waiting for the applicant's supplement — past its first due date, but
// paused, so not red.
func TestSupervisionBoardCountsPerDepartmentAndWindow(t *testing.T) {
	t.Parallel()
	f := setup(t)
	zhudianClerk := testkit.AsStaff(context.Background(), 706, principal.WindowClerk, "620825102", 0)

	red := f.submit(t, f.marketItem)
	f.act(t, f.marketReviewer, red.ID, casework.ActionAccept, "") // due 03-16
	waiting := f.submit(t, f.marketItem)
	nanhu := f.register(t, f.clerk, f.healthItem)
	f.act(t, f.healthReviewer, nanhu.ID, casework.ActionAccept, "") // due 03-16
	paused := f.register(t, zhudianClerk, f.healthItem)
	f.act(t, f.healthReviewer, paused.ID, casework.ActionAccept, "")
	f.advanceTo(t, "2026-03-04")
	f.act(t, f.healthReviewer, paused.ID, casework.ActionSupplement, "请补充：卫生检测报告")
	f.advanceTo(t, "2026-03-09")
	yellow := f.submit(t, f.marketItem)
	f.act(t, f.marketReviewer, yellow.ID, casework.ActionAccept, "") // due 03-23
	f.advanceTo(t, "2026-03-19")

	b, err := f.m.Supervision(f.supervisor, "")
	if err != nil {
		t.Fatal(err)
	}
	if b.Today.String() != "2026-03-19" || b.RegionPrefix != "620825" || b.OverdueCut {
		t.Fatalf("board of %s for %s, cut %v", b.Today, b.RegionPrefix, b.OverdueCut)
	}
	wantCards(t, "total", b.Total, casework.Cards{Open: 5, Waiting: 1, Paused: 1, Yellow: 1, Red: 2})
	wantCards(t, "online", b.Online, casework.Cards{Open: 3, Waiting: 1, Yellow: 1, Red: 1})
	if len(b.Departments) != 2 {
		t.Fatalf("departments: %+v", b.Departments)
	}
	// Worst first: both have a red card, 县市场监管局 a yellow one as well.
	if d := b.Departments[0]; d.DepartmentID != f.market.ID || d.Name != "县市场监管局" {
		t.Errorf("first department row %+v", d)
	}
	wantCards(t, "县市场监管局", b.Departments[0].Cards, casework.Cards{Open: 3, Waiting: 1, Yellow: 1, Red: 1})
	wantCards(t, "县卫健局", b.Departments[1].Cards, casework.Cards{Open: 2, Paused: 1, Red: 1})
	if len(b.Halls) != 2 || b.Halls[0].RegionCode != "620825101" || b.Halls[0].Name == "" || b.Halls[1].RegionCode != "620825102" {
		t.Fatalf("halls: %+v", b.Halls)
	}
	wantCards(t, "南湖镇's hall", b.Halls[0].Cards, casework.Cards{Open: 1, Red: 1})
	wantCards(t, "朱店镇's hall", b.Halls[1].Cards, casework.Cards{Open: 1, Paused: 1})
	if len(b.Clerks) != 2 || b.Clerks[0].StaffID != 704 || b.Clerks[0].HallRegion != "620825101" || b.Clerks[1].StaffID != 706 {
		t.Fatalf("clerks: %+v", b.Clerks)
	}
	wantCards(t, "clerk 704", b.Clerks[0].Cards, casework.Cards{Open: 1, Red: 1})

	// The overdue list: red by due date (then registration order), then yellow.
	want := []struct {
		id    int64
		light casework.Light
		days  int
		dept  string
	}{{red.ID, casework.Red, 3, "县市场监管局"}, {nanhu.ID, casework.Red, 3, "县卫健局"}, {yellow.ID, casework.Yellow, 2, "县市场监管局"}}
	if len(b.Overdue) != len(want) {
		t.Fatalf("overdue list: %+v", b.Overdue)
	}
	for i, w := range want {
		e := b.Overdue[i]
		if e.ID != w.id || e.Light != w.light || e.Days != w.days || e.DepartmentName != w.dept {
			t.Errorf("overdue[%d] = case %d %s %d days %s, want case %d %s %d days %s", i, e.ID, e.Light, e.Days, e.DepartmentName,
				w.id, w.light, w.days, w.dept)
		}
	}
	for _, e := range b.Overdue {
		if e.ID == paused.ID || e.ID == waiting.ID {
			t.Errorf("case %d in the overdue list", e.ID)
		}
	}

	// The same board filtered to one department.
	mb, err := f.m.SupervisionOf(f.supervisor, casework.BoardFilter{DepartmentID: f.health.ID})
	if err != nil || len(mb.Departments) != 1 || len(mb.Overdue) != 1 || mb.Overdue[0].ID != nanhu.ID {
		t.Fatalf("县卫健局 only: %+v, %v", mb, err)
	}
	wantCards(t, "县卫健局 only", mb.Total, casework.Cards{Open: 2, Paused: 1, Red: 1})

	// The market reviewer's reminders: red, yellow, then the case nobody
	// accepted for 13 working days.
	rs, err := f.m.Reminders(f.marketReviewer)
	if err != nil {
		t.Fatal(err)
	}
	kinds := []casework.ReminderKind{casework.RemindOverdue, casework.RemindDueSoon, casework.RemindWaiting}
	ids := []int64{red.ID, yellow.ID, waiting.ID}
	days := []int{3, 2, 13}
	if len(rs) != 3 {
		t.Fatalf("reminders: %+v", rs)
	}
	for i := range rs {
		if rs[i].ID != ids[i] || rs[i].Kind != kinds[i] || rs[i].Days != days[i] {
			t.Errorf("reminder %d = case %d %s %d days, want case %d %s %d days", i, rs[i].ID, rs[i].Kind, rs[i].Days, ids[i], kinds[i], days[i])
		}
	}
}

// A case paused for a supplement is counted as paused, not red, however long
// the applicant takes; once resubmitted its clock runs on from where it stopped.
func TestSupervisionPausedCaseIsNotRed(t *testing.T) {
	t.Parallel()
	f := setup(t)
	c := f.submit(t, f.marketItem)
	f.act(t, f.marketReviewer, c.ID, casework.ActionAccept, "") // due 03-16
	f.advanceTo(t, "2026-03-12")
	f.act(t, f.marketReviewer, c.ID, casework.ActionSupplement, "请补充：营业场所平面图")
	f.advanceTo(t, "2026-04-20")
	b, err := f.m.Supervision(f.marketHead, "")
	if err != nil {
		t.Fatal(err)
	}
	wantCards(t, "paused", b.Total, casework.Cards{Open: 1, Paused: 1})
	if len(b.Overdue) != 0 {
		t.Fatalf("a paused case is in the overdue list: %+v", b.Overdue)
	}
	if rs, err := f.m.Reminders(f.marketReviewer); err != nil || len(rs) != 0 {
		t.Fatalf("reminders of a paused case: %+v, %v", rs, err)
	}
}

// Working days overdue skip weekends and holidays: due on Friday 2026-04-03,
// the case is red but 0 working days overdue on Saturday, and only one on
// Tuesday 04-07 after 清明节 (04-04 to 04-06).
func TestSupervisionOverdueWorkingDaysAcrossAHoliday(t *testing.T) {
	t.Parallel()
	f := setup(t)
	c := f.submit(t, f.marketItem)
	f.advanceTo(t, "2026-03-20")
	if c = f.act(t, f.marketReviewer, c.ID, casework.ActionAccept, ""); c.Due.String() != "2026-04-03" {
		t.Fatalf("due %s, want 2026-04-03", c.Due)
	}
	for day, want := range map[string]struct {
		light casework.Light
		days  int
	}{"2026-04-02": {casework.Yellow, 1}, "2026-04-04": {casework.Red, 0}, "2026-04-07": {casework.Red, 1}, "2026-04-08": {casework.Red, 2}} {
		f.advanceTo(t, day)
		b, err := f.m.Supervision(f.supervisor, "620825")
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Overdue) != 1 || b.Overdue[0].Light != want.light || b.Overdue[0].Days != want.days {
			t.Errorf("on %s: %+v, want %s %d working days", day, b.Overdue, want.light, want.days)
		}
	}
}

// Each viewer sees the board of their own scope: a department's reviewer
// their department, the county's supervisor every department, a township's
// clerk the township's own cases; others are refused.
func TestSupervisionScope(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ctx := context.Background()
	town, err := f.env.Regions.InstallDepartment(ctx, region.Department{Slug: "nanhu-gov", Name: "庄浪县南湖镇人民政府",
		ShortName: "南湖镇政府", Kind: region.KindGovernment, RegionCode: "620825101"})
	if err != nil {
		t.Fatal(err)
	}
	townItem, err := f.env.Items.InstallPublished(ctx, "nanhu-relief", 0, town.ID, elements("临时救助申请"))
	if err != nil {
		t.Fatal(err)
	}
	market := f.submit(t, f.marketItem)
	health := f.submit(t, f.healthItem)
	township := f.submit(t, townItem.ID)
	for _, c := range []casework.Case{market, health} {
		reviewer := f.marketReviewer
		if c.ID == health.ID {
			reviewer = f.healthReviewer
		}
		f.act(t, reviewer, c.ID, casework.ActionAccept, "")
	}
	f.act(t, f.clerk, township.ID, casework.ActionAccept, "")
	f.advanceTo(t, "2026-03-17") // every case is one working day overdue

	overdue := func(who context.Context, bf casework.BoardFilter) []int64 {
		t.Helper()
		b, err := f.m.SupervisionOf(who, bf)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, e := range b.Overdue {
			ids = append(ids, e.ID)
		}
		if b.Total.Red != len(ids) {
			t.Errorf("%d red cards but %d cases listed", b.Total.Red, len(ids))
		}
		return ids
	}
	if got := overdue(f.supervisor, casework.BoardFilter{}); len(got) != 3 {
		t.Errorf("the county's supervisor sees %v", got)
	}
	if got := overdue(f.supervisor, casework.BoardFilter{RegionPrefix: "620825101"}); len(got) != 1 || got[0] != township.ID {
		t.Errorf("the supervisor narrowed to 南湖镇 sees %v", got)
	}
	if got := overdue(f.marketReviewer, casework.BoardFilter{}); len(got) != 1 || got[0] != market.ID {
		t.Errorf("县市场监管局's reviewer sees %v", got)
	}
	if got := overdue(f.healthReviewer, casework.BoardFilter{}); len(got) != 1 || got[0] != health.ID {
		t.Errorf("县卫健局's reviewer sees %v", got)
	}
	if got := overdue(f.clerk, casework.BoardFilter{}); len(got) != 1 || got[0] != township.ID {
		t.Errorf("南湖镇's clerk sees %v", got)
	}
	refused := map[string]struct {
		who  context.Context
		f    casework.BoardFilter
		kind apperr.Kind
	}{
		"a reviewer asking for another department": {f.marketReviewer, casework.BoardFilter{DepartmentID: f.health.ID}, apperr.Forbidden},
		"a township clerk asking for the county":   {f.clerk, casework.BoardFilter{RegionPrefix: "620825"}, apperr.Forbidden},
		"a supervisor of another county":           {testkit.AsStaff(ctx, 798, principal.Supervisor, "620826", 0), casework.BoardFilter{RegionPrefix: "620825"}, apperr.Forbidden},
		"a wildcard region":                        {f.supervisor, casework.BoardFilter{RegionPrefix: "620825%"}, apperr.Invalid},
		"an item administrator":                    {testkit.AsStaff(ctx, 797, principal.ItemAdmin, "620825", 0), casework.BoardFilter{}, apperr.Forbidden},
		"a citizen":                                {f.applicant, casework.BoardFilter{}, apperr.Forbidden},
		"no one":                                   {ctx, casework.BoardFilter{}, apperr.Unauthenticated},
	}
	for what, r := range refused {
		if _, err := f.m.SupervisionOf(r.who, r.f); apperr.KindOf(err) != r.kind {
			t.Errorf("%s: %v, want %s", what, err, r.kind)
		}
	}
	if _, err := f.m.Reminders(testkit.AsStaff(ctx, 797, principal.ItemAdmin, "620825", 0)); apperr.KindOf(err) != apperr.Forbidden {
		t.Errorf("an item administrator's reminders: %v", err)
	}
}

// The thresholds come from the configuration: with 5 working days left of a
// 10-day limit the case is green by default, yellow with
// TONGBAN_LIGHT_YELLOW_DAYS=5 or with TONGBAN_LIGHT_YELLOW_SHARE=0.5.
func TestSupervisionThresholdsFromConfig(t *testing.T) {
	t.Parallel()
	f := setup(t)
	c := f.submit(t, f.marketItem)
	f.act(t, f.marketReviewer, c.ID, casework.ActionAccept, "") // due 03-16
	f.advanceTo(t, "2026-03-09")                                // 5 working days left
	cal, err := calendar.New()
	if err != nil {
		t.Fatal(err)
	}
	for env, want := range map[string]casework.Light{"": casework.Green, "TONGBAN_LIGHT_YELLOW_DAYS=5": casework.Yellow,
		"TONGBAN_LIGHT_YELLOW_SHARE=0.5": casework.Yellow, "TONGBAN_LIGHT_YELLOW_DAYS=4": casework.Green} {
		cfg, err := config.Load("serve", nil, func(key string) string {
			if k, v, ok := strings.Cut(env, "="); ok && k == key {
				return v
			}
			return ""
		})
		if err != nil {
			t.Fatal(err)
		}
		m := casework.NewManager(casework.Deps{Tx: f.env.DB.DB, Store: f.env.Store, Items: app.CatalogItems{Catalog: f.env.Items},
			Calendar: cal, Numbers: casework.NewNumberer(f.env.Store, shanghai), Now: f.env.Clock.Now, Location: shanghai,
			Thresholds: casework.Thresholds{WarnWorkdays: cfg.LightYellowDays, WarnShare: cfg.LightYellowShare}})
		b, err := m.Supervision(f.supervisor, "")
		if err != nil {
			t.Fatal(err)
		}
		got := casework.Green
		if len(b.Overdue) == 1 {
			got = b.Overdue[0].Light
		}
		if got != want || (want == casework.Green && b.Total.Green != 1) {
			t.Errorf("%q: %s (cards %+v), want %s", env, got, b.Total, want)
		}
	}
	for _, bad := range []string{"TONGBAN_LIGHT_YELLOW_DAYS=two", "TONGBAN_LIGHT_YELLOW_SHARE=1.5", "TONGBAN_LIGHT_YELLOW_DAYS=-1"} {
		if _, err := config.Load("serve", nil, func(key string) string {
			if k, v, _ := strings.Cut(bad, "="); k == key {
				return v
			}
			return ""
		}); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}
