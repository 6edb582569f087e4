package search_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tongban/tongban/internal/app"
	"github.com/tongban/tongban/internal/catalog"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/search"
	"github.com/tongban/tongban/internal/testkit"
)

const county = "620825" // 庄浪县, the demo install's region

func slugs(hs []search.Hit) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.Slug
	}
	return out
}

func top3(res search.Results) []string { return slugs(res.Hits[:min(3, len(res.Hits))]) }

func find(t *testing.T, a *app.App, q string) search.Results {
	t.Helper()
	res, err := a.Search.Search(context.Background(), search.Query{Text: q})
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	return res
}

// TestCitizensWords is the acceptance: what a citizen says finds the
// item they mean within the top three, on the demo catalog.
func TestCitizensWords(t *testing.T) {
	t.Parallel()
	a := demoApp(t)
	cases := []struct {
		query string
		want  []string // each must be in the top three
	}{
		{"开饭店", []string{"food-biz-license", "ibiz-register"}},
		{"生孩子", []string{"birth-medical-certificate", "birth-hukou"}},
		{"办营业执照", []string{"ibiz-register"}},
		{"办退休", []string{"retirement-claim"}},
		{"房子过户", []string{"re-transfer-second-hand"}},
		{"我想开个饭店", []string{"food-biz-license"}},         // the phrase inside a sentence
		{"kaifandian", []string{"food-biz-license"}},     // full pinyin of a keyword
		{"shipinjingying", []string{"food-biz-license"}}, // the beginning of a name in pinyin
		{"spjy", []string{"food-biz-license"}},           // initials
		{"营业直照", []string{"ibiz-register"}},              // 直 for 执: same sound
		{"补办身分证", []string{"id-card-reissue"}},           // 分 for 份
		{"个体工商户变更登记", []string{"ibiz-change"}},           // the exact name
		{"食品经营许克", []string{"food-biz-license"}},         // one character wrong, different sound
		{"ＫＴＶ", []string{"entertainment-license"}},       // full-width letters
		{"一件事 退休", []string{"bundle-retirement"}},        // a bundle
		{"新生儿出生", []string{"bundle-newborn"}},
		{"买房", []string{"re-transfer-new-house", "re-transfer-second-hand"}}, // a home-page life event
		{"上学", []string{"student-transfer"}},                                 // a life event no name says
		{"身后事", []string{"bundle-after-death"}},                              // a bundle's name
	}
	for _, c := range cases {
		res := find(t, a, c.query)
		top := top3(res)
		if !res.GoodMatch {
			t.Errorf("%q: no good match (top score %.2f, guesses %v)", c.query, res.TopScore, slugs(res.Guesses))
			continue
		}
		for _, w := range c.want {
			if !slices.Contains(top, w) {
				t.Errorf("%q: top three %v, want %s among them", c.query, top, w)
			}
		}
	}
}

func TestExactNameRanksFirst(t *testing.T) {
	t.Parallel()
	a := demoApp(t)
	for q, want := range map[string]string{
		"个体工商户变更登记":      "ibiz-change",
		"食品经营许可（延续）":     "food-biz-renew",
		"出生登记":           "birth-hukou",
		"城乡居民基本养老保险参保登记": "resident-pension-registration",
	} {
		res := find(t, a, q)
		if len(res.Hits) == 0 || res.Hits[0].Slug != want || res.Hits[0].Score != 1 {
			t.Errorf("%q: hits %v, want %s first with score 1", q, slugs(res.Hits), want)
		}
	}
}

// TestNonsenseIsAMiss: a query nothing answers is flagged, offers guesses at
// most, and is logged for the administrators, most frequent first.
func TestNonsenseIsAMiss(t *testing.T) {
	t.Parallel()
	a := demoApp(t)
	for range 2 {
		res := find(t, a, "火星移民签证")
		if res.GoodMatch || len(res.Hits) != 0 || res.TopScore >= search.GoodScore {
			t.Fatalf("火星移民签证: good=%v hits=%v top=%.2f, want no good match", res.GoodMatch, slugs(res.Hits), res.TopScore)
		}
	}
	find(t, a, "月球土地买卖") // another miss, asked once
	if res := find(t, a, "开饭店"); !res.GoodMatch {
		t.Fatal("开饭店 should be a good match")
	}
	admin := testkit.AsStaff(context.Background(), 1, principal.ItemAdmin, county, 0)
	misses, total, err := a.Search.Misses(admin, search.MissFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if total < 2 || misses[0].Query != "火星移民签证" || misses[0].Count != 2 {
		t.Fatalf("misses %+v (total %d), want 火星移民签证 asked twice first", misses, total)
	}
	for _, m := range misses {
		if m.Query == "开饭店" {
			t.Error("a good match was logged as a miss")
		}
	}
	citizen := testkit.AsPerson(context.Background(), 1, "王建国")
	if _, _, err := a.Search.Misses(citizen, search.MissFilter{}); apperr.KindOf(err) != apperr.Forbidden {
		t.Errorf("citizen reading the miss log: %v, want forbidden", err)
	}
}

// TestIndexFollowsTheCatalog publishes a new item through the catalog's own
// workflow and waits for the follower — not a manual sync — to index it, then
// cancels it and waits for it to disappear.
func TestIndexFollowsTheCatalog(t *testing.T) {
	t.Parallel()
	a := demoApp(t)
	ctx := context.Background()
	dept, err := a.Regions.DepartmentBySlug(ctx, "market-regulation")
	if err != nil {
		t.Fatal(err)
	}
	reviewer := testkit.AsStaff(ctx, 2, principal.Reviewer, county, dept.ID)
	itemAdmin := testkit.AsStaff(ctx, 3, principal.ItemAdmin, county, 0)
	entries, err := a.Items.Entries(reviewer, catalog.EntryFilter{Query: "食品小作坊登记"})
	if err != nil || len(entries) == 0 {
		t.Fatalf("entries: %v %v", entries, err)
	}
	it, err := a.Items.Claim(reviewer, entries[0].ID, dept.ID)
	if err != nil {
		t.Fatalf("claim: %v", err)
	}
	model, err := a.Items.PublishedBySlug(ctx, "food-biz-license")
	if err != nil {
		t.Fatal(err)
	}
	e := model.Version.Elements
	e.Name, e.MainItem, e.BusinessItem, e.CatalogCode = "食品小作坊登记", "", "", ""
	e.Keywords = []string{"小作坊", "开豆腐坊", "做凉皮的作坊"}
	if _, fs, err := a.Items.SaveDraft(reviewer, it.ID, e); err != nil || catalog.Blocking(fs) {
		t.Fatalf("save draft: %v %v", fs, err)
	}
	if _, fs, err := a.Items.Submit(reviewer, it.ID); err != nil {
		t.Fatalf("submit: %v %v", fs, err)
	}
	if find(t, a, "开豆腐坊").GoodMatch {
		t.Fatal("an unpublished draft is searchable")
	}
	if _, err := a.Items.Approve(itemAdmin, it.ID); err != nil {
		t.Fatalf("approve: %v", err)
	}
	waitFor(t, "the approved item to be found", func() bool {
		res := find(t, a, "开豆腐坊")
		return res.GoodMatch && res.Hits[0].Slug == it.Slug
	})
	if _, err := a.Items.ChangeState(itemAdmin, it.ID, catalog.StateCancelled, "并入食品小作坊备案", time.Time{}, time.Time{}); err != nil {
		t.Fatalf("cancel: %v", err)
	}
	waitFor(t, "the cancelled item to disappear", func() bool {
		return !slices.Contains(slugs(find(t, a, "食品小作坊登记").Hits), it.Slug)
	})
	if a.Search.Index().Has(search.ItemKey(it.ID)) {
		t.Error("the cancelled item is still in the index")
	}
}

// waitFor polls cond for up to five seconds: the follower runs every second.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited 5s for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestRebuiltAtStart: a node started on an existing database has the whole
// catalog and the synonyms before its first request.
func TestRebuiltAtStart(t *testing.T) {
	t.Parallel()
	first := demoApp(t)
	second := sameDB(t, first)
	if n := second.Search.Index().Len(); n != first.Search.Index().Len() || n < 171 {
		t.Fatalf("rebuilt index has %d documents, the first node %d", n, first.Search.Index().Len())
	}
	res := find(t, second, "生孩子") // through the synonym 生孩子 → 出生登记
	if !slices.Contains(top3(res), "birth-hukou") {
		t.Errorf("生孩子 on a restarted node: %v", slugs(res.Hits))
	}
}

func TestSynonymAdministration(t *testing.T) {
	t.Parallel()
	a := demoApp(t)
	ctx := context.Background()
	admin := testkit.AsStaff(ctx, 1, principal.ItemAdmin, county, 0)
	if find(t, a, "卖凉皮").GoodMatch {
		t.Fatal("卖凉皮 should not match before the synonym exists")
	}
	for name, who := range map[string]context.Context{
		"anonymous": ctx,
		"citizen":   testkit.AsPerson(ctx, 1, "王建国"),
		"reviewer":  testkit.AsStaff(ctx, 2, principal.Reviewer, county, 0),
		"clerk":     testkit.AsStaff(ctx, 4, principal.WindowClerk, county, 0),
	} {
		if _, err := a.Search.AddSynonym(who, "卖凉皮", "食品经营许可"); err == nil {
			t.Errorf("%s added a synonym", name)
		}
	}
	if _, err := a.Search.AddSynonym(admin, " ", "食品经营许可"); len(apperr.FieldErrors(err)) == 0 {
		t.Errorf("empty phrase: %v, want a field error", err)
	}
	s, err := a.Search.AddSynonym(admin, "卖凉皮", "食品经营许可  个体工商户设立登记")
	if err != nil {
		t.Fatal(err)
	}
	if s.Target != "食品经营许可 个体工商户设立登记" || s.RegionCode != county {
		t.Errorf("stored %+v", s)
	}
	if _, err := a.Search.AddSynonym(admin, "卖凉皮", "食品经营许可 个体工商户设立登记"); len(apperr.FieldErrors(err)) == 0 {
		t.Errorf("duplicate: %v, want a field error", err)
	}
	res := find(t, a, "卖凉皮")
	if !res.GoodMatch || !slices.Contains(top3(res), "food-biz-license") {
		t.Errorf("卖凉皮 after the synonym: %v", slugs(res.Hits))
	}
	list, err := a.Search.Synonyms(admin)
	if err != nil || !slices.ContainsFunc(list, func(x search.Synonym) bool { return x.ID == s.ID }) {
		t.Fatalf("synonyms %v %v", list, err)
	}
	if len(list) < len(search.DefaultSynonyms) {
		t.Errorf("%d synonyms, want the %d defaults too", len(list), len(search.DefaultSynonyms))
	}
	other := testkit.AsStaff(ctx, 5, principal.ItemAdmin, "620825101", 0) // a township's administrator
	if err := a.Search.DeleteSynonym(other, s.ID); apperr.KindOf(err) != apperr.Forbidden {
		t.Errorf("deleting a county synonym from a township: %v, want forbidden", err)
	}
	if err := a.Search.DeleteSynonym(admin, s.ID); err != nil {
		t.Fatal(err)
	}
	if find(t, a, "卖凉皮").GoodMatch {
		t.Error("the deleted synonym still applies")
	}
}

func TestFacetsAndFilters(t *testing.T) {
	t.Parallel()
	a := demoApp(t)
	res := find(t, a, "登记")
	if len(res.Facets.Departments) < 3 || len(res.Facets.Topics) < 3 || len(res.Facets.Objects) < 2 {
		t.Fatalf("facets %+v", res.Facets)
	}
	dept := res.Facets.Departments[0]
	filtered, err := a.Search.Search(context.Background(), search.Query{Text: "登记", Department: dept.Value, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if filtered.Total != dept.Count || len(filtered.Hits) != dept.Count {
		t.Errorf("department %s: %d results, facet said %d", dept.Value, filtered.Total, dept.Count)
	}
	for _, h := range filtered.Hits {
		if h.Department.Value != dept.Value {
			t.Errorf("%s is of %s, not %s", h.Slug, h.Department.Value, dept.Value)
		}
	}
	for _, f := range filtered.Facets.Departments {
		if f.Value == dept.Value && !f.Selected {
			t.Error("the chosen department is not marked selected")
		}
	}
	persons, err := a.Search.Search(context.Background(), search.Query{Text: "登记", Object: "1", Topic: "户籍办理", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if persons.Total == 0 {
		t.Fatal("no 户籍办理 登记 for natural persons")
	}
	for _, h := range persons.Hits {
		if !slices.Contains(h.Topics, "户籍办理") || !slices.ContainsFunc(h.Objects, func(f search.Facet) bool { return f.Value == "1" }) {
			t.Errorf("%s does not pass the filters", h.Slug)
		}
	}
}

func TestRegionBoost(t *testing.T) {
	t.Parallel()
	x := search.NewIndex()
	x.Put(search.Doc{Kind: search.KindItem, ID: 1, Slug: "city-marriage", Name: "内地居民结婚登记", RegionCode: "620800"})
	x.Put(search.Doc{Kind: search.KindItem, ID: 2, Slug: "other-marriage", Name: "内地居民结婚登记", RegionCode: "620826"})
	x.Put(search.Doc{Kind: search.KindItem, ID: 3, Slug: "county-marriage", Name: "内地居民结婚登记", RegionCode: "620825"})
	for region, want := range map[string]string{"620825101": "county-marriage", "620826": "other-marriage"} {
		res := x.Search(search.Query{Text: "结婚登记", Region: region})
		if len(res.Hits) != 3 || res.Hits[0].Slug != want {
			t.Errorf("region %s: %v, want %s first", region, slugs(res.Hits), want)
		}
	}
}

func TestSuggest(t *testing.T) {
	t.Parallel()
	a := demoApp(t)
	ctx := context.Background()
	texts := func(ss []search.Suggestion) string {
		var b strings.Builder
		for _, s := range ss {
			b.WriteString(s.Text + "|")
		}
		return b.String()
	}
	for prefix, want := range map[string]string{
		"食品经营":   "食品经营许可（新办）",
		"个体":     "个体工商户设立登记",
		"gtgs":   "个体工商户设立登记",
		"kaif":   "开饭店", // a colloquial phrase
		"shipin": "食品经营许可（新办）",
	} {
		got := a.Search.Suggest(ctx, prefix, 8)
		if !strings.Contains(texts(got), want+"|") {
			t.Errorf("suggest %q: %s, want %s", prefix, texts(got), want)
		}
		for _, s := range got {
			if s.URL == "" || s.Kind == "" {
				t.Errorf("suggestion without a link: %+v", s)
			}
		}
	}
	if got := a.Search.Suggest(ctx, "k", 8); len(got) != 0 {
		t.Errorf("one letter suggested %v", got)
	}
}

// sameDB starts a second node on the first node's database.
func sameDB(t *testing.T, first *app.App) *app.App {
	t.Helper()
	cfg := first.Config
	a, err := app.New(context.Background(), cfg, first.Log, app.Options{DB: first.DB})
	if err != nil {
		t.Fatal(err)
	}
	return a
}
