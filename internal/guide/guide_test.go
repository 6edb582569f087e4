package guide_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tongban/tongban/internal/catalog"
	"github.com/tongban/tongban/internal/guide"
)

// idCard is a published item modelled on the demo's 居民身份证申领: a fee with
// a document number in its basis, a license-replaceable material, a statutory
// limit in calendar days.
func idCard() catalog.Published {
	e := catalog.Elements{
		Name: "居民身份证申领", MainItem: "居民身份证办理", BusinessItem: "申领", ItemType: "07", UseLevel: 4,
		ServiceObjects: []int{1}, LegalBasis: []string{"《中华人民共和国居民身份证法》第八条"},
		AcceptConditions: "居住在中华人民共和国境内的年满十六周岁的中国公民。",
		StatutoryDays:    60, StatutoryUnit: "日", PromisedDays: 20, ProjectType: 2, VisitsRequired: 1,
		VisitsReason: "需现场采集指纹和人像", OnlineDepth: []int{1, 2, 3}, InHall: true, HallWindow: "公安综合",
		Address: "庄浪县政务服务中心 5 号窗口（公安综合）", Hours: "工作日 8:30–12:00，14:30–18:00（法定节假日除外）",
		ComplaintPhone: "12345",
		Fee:            catalog.Fee{Charged: true, Items: []catalog.FeeItem{{Name: "居民身份证工本费", Standard: "20 元/证", Basis: "发改价格〔2003〕2322号"}}},
		Materials: []catalog.Material{
			{Name: "居民户口簿", Required: catalog.MaterialRequired, Form: "原件", Copies: 1, Source: "政府部门核发", LicenseTypeID: "household-register"},
			{Name: "监护人居民身份证", Required: catalog.MaterialConditional, Condition: "未满十六周岁的", Form: "原件", Copies: 1, Source: "政府部门核发"},
			{Name: "申领登记表", Required: catalog.MaterialRequired, Form: "原件", Copies: 1, Source: "申请人自备", BlankForm: true, SampleForm: true},
		},
		Process: []catalog.Step{{Step: "受理", Days: 0}, {Step: "审查", Days: 5}, {Step: "制证", Days: 14}, {Step: "送达", Days: 1}},
		Result:  catalog.Result{Name: "中华人民共和国居民身份证", Type: "出证办结", LicenseTypeID: "resident-id-card"},
		FAQ:     []catalog.QA{{Q: "身份证丢了怎么办？", A: "到户籍所在地或居住地派出所申请补领。"}},
		Topics:  []string{"证件办理", "户籍办理"},
	}
	at := time.Date(2026, 6, 30, 18, 30, 0, 0, time.UTC) // 2026-07-01 in China
	return catalog.Published{
		Item:    catalog.Item{ID: 7, Slug: "id-card-apply", PublishedVersion: 2, State: catalog.StateActive},
		Version: catalog.Version{ItemID: 7, Version: 2, Elements: e, PublishedAt: at},
	}
}

var licenses = map[string]string{"household-register": "居民户口簿", "resident-id-card": "居民身份证"}

func build(p catalog.Published) guide.Guide {
	return guide.Build(p, catalog.DefaultCodes(), guide.DepartmentInfo{ID: 3, Name: "庄浪县公安局", ShortName: "县公安局"}, licenses)
}

func TestBuildShowsElementsInDisplayForm(t *testing.T) {
	t.Parallel()
	g := build(idCard())
	checks := []struct{ what, got, want string }{
		{"name", g.Name, "居民身份证申领"},
		{"item type", g.ItemTypeLabel, "行政确认"},
		{"department", g.Department.Name, "庄浪县公安局"},
		{"service objects", strings.Join(g.ServiceObjects, ","), "自然人"},
		{"statutory", g.StatutoryLimit.Text, "60 日（自然日）"},
		{"promised", g.PromisedLimit.Text, "20 个工作日"},
		{"project type", g.ProjectType, "承诺件"},
		{"fees", g.Fees.Text, "收费"},
		{"fee basis", g.Fees.Items[0].Basis, "发改价格〔2003〕2322号"},
		{"level", g.Online.LevelLabel, "Ⅱ级（网上预审）"},
		{"depth", strings.Join(g.Online.Depth, ","), "互联网咨询,互联网收件,互联网预审"},
		{"required", g.Materials[0].RequirementLabel, "必需"},
		{"license note", g.Materials[0].LicenseNote, "可用电子证照免提交（居民户口簿）"},
		{"conditional", g.Materials[1].RequirementLabel + g.Materials[1].Condition, "视情形提供未满十六周岁的"},
		{"forms", g.Materials[2].FormsText, "空白表格、示例样表"},
		{"no forms", g.Materials[0].FormsText, "无"},
		{"step today", g.Process[0].DaysText, "即时"},
		{"result license", g.Result.LicenseName, "居民身份证"},
		{"consult fallback", g.ConsultPhone, "12345（政务服务便民热线）"},
		{"publish date in China", g.PublishDate, "2026-07-01"},
		{"faq", g.FAQ[0].Question, "身份证丢了怎么办？"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %q, want %q", c.what, c.got, c.want)
		}
	}
	if g.CanApplyOnline || g.Links["apply"] != "" {
		t.Error("an item without online acceptance (depth 4) offers online application")
	}
	if g.Suspension != nil {
		t.Error("an active item has a suspension notice")
	}
}

func TestBuildLimitsAndLevels(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		edit      func(*catalog.Elements)
		statutory string
		promised  string
		level     string
		apply     bool
		fee       string
	}{
		{"immediate, working days, fully online", func(e *catalog.Elements) {
			e.PromisedDays, e.StatutoryDays, e.StatutoryUnit, e.OnlineDepth = 0, 20, "工作日", []int{1, 2, 3, 4, 5, 6, 7}
		}, "20 个工作日", "即办", "Ⅳ级（全程网办）", true, "收费"},
		{"months, online acceptance", func(e *catalog.Elements) {
			e.StatutoryDays, e.StatutoryUnit, e.OnlineDepth = 3, "月", []int{1, 2, 3, 4}
		}, "3 个月", "20 个工作日", "Ⅲ级（网上受理）", true, "收费"},
		{"no statutory limit, free, consultation only", func(e *catalog.Elements) {
			e.StatutoryDays, e.StatutoryUnit, e.OnlineDepth, e.Fee = 0, "", []int{1}, catalog.Fee{}
		}, "法律法规未规定", "20 个工作日", "Ⅰ级（网上咨询）", false, "不收费"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			p := idCard()
			c.edit(&p.Version.Elements)
			g := build(p)
			if g.StatutoryLimit.Text != c.statutory || g.PromisedLimit.Text != c.promised || g.Online.LevelLabel != c.level ||
				g.CanApplyOnline != c.apply || g.Fees.Text != c.fee {
				t.Errorf("got %q %q %q apply=%v %q", g.StatutoryLimit.Text, g.PromisedLimit.Text, g.Online.LevelLabel, g.CanApplyOnline, g.Fees.Text)
			}
		})
	}
}

func TestBuildSuspensionNotice(t *testing.T) {
	t.Parallel()
	p := idCard()
	p.Version.Elements.OnlineDepth = []int{1, 2, 3, 4}
	p.State, p.StateReason = catalog.StateSuspended, "系统升级"
	p.StateFrom = time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	p.StateUntil = time.Date(2026, 7, 10, 0, 0, 0, 0, time.UTC)
	g := build(p)
	if g.Suspension == nil {
		t.Fatal("no suspension notice")
	}
	if want := "自 2026-07-01 起至 2026-07-10 暂停办理。原因：系统升级"; g.Suspension.Text != want {
		t.Errorf("notice %q, want %q", g.Suspension.Text, want)
	}
	if g.CanApplyOnline {
		t.Error("a suspended item can be applied for")
	}
}
