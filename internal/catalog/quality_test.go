package catalog_test

import (
	"slices"
	"testing"

	"github.com/tongban/tongban/internal/catalog"
)

func TestEachRuleFiresOnItsCase(t *testing.T) {
	t.Parallel()
	env := catalog.CheckEnv{Codes: catalog.DefaultCodes(), ValidCreditCode: func(s string) bool { return s == "91350100M000100Y43" }}
	cases := []struct {
		rule   string
		breaks func(e *catalog.Elements)
	}{
		{"core-elements", func(e *catalog.Elements) { e.Address = "" }},
		{"codes-known", func(e *catalog.Elements) { e.ItemType = "77" }},
		{"immediate-type", func(e *catalog.Elements) { e.ProjectType = 1 }},
		{"promised-within-statutory", func(e *catalog.Elements) { e.PromisedDays, e.Process = 25, nil }},
		{"process-within-promised", func(e *catalog.Elements) { e.Process = append(e.Process, catalog.Step{Step: "送达", Days: 9}) }},
		{"result-type", func(e *catalog.Elements) { e.Result.Type = "出文办结" }},
		{"result-type-document", func(e *catalog.Elements) { e.Result = catalog.Result{Name: "临时用地批复", Type: "出文办结"} }},
		{"fee-complete", func(e *catalog.Elements) {
			e.Fee = catalog.Fee{Charged: true, Items: []catalog.FeeItem{{Name: "工本费"}}}
		}},
		{"fee-complete", func(e *catalog.Elements) { e.Fee = catalog.Fee{AtSubmissionFen: 1000} }}, // free, yet charged on submission
		{"fee-complete", func(e *catalog.Elements) {
			e.Fee = catalog.Fee{Charged: true, Items: []catalog.FeeItem{{Name: "工本费", Standard: "每证10元", Basis: "发改价格〔2003〕2322号"}},
				AtSubmissionFen: -1} // not an amount
		}},
		{"visits-reason", func(e *catalog.Elements) { e.VisitsRequired = 1 }},
		{"zero-visit-channel", func(e *catalog.Elements) { e.OnlineDepth, e.ExpressSupported = []int{1}, false }},
		{"full-online-zero-visits", func(e *catalog.Elements) {
			e.OnlineDepth, e.VisitsRequired, e.VisitsReason = []int{1, 2, 3, 4, 5, 6}, 1, "核验原件"
		}},
		{"licensing-faq", func(e *catalog.Elements) { e.FAQ = nil }},
		{"forms-have-samples", func(e *catalog.Elements) { e.Materials[0].SampleForm = false }},
		{"phones", func(e *catalog.Elements) { e.ComplaintPhone = e.ConsultPhone }},
		{"hours-workdays", func(e *catalog.Elements) { e.Hours = "8:30–12:00" }},
		{"address-precise", func(e *catalog.Elements) { e.Address = "庄浪县政务服务中心" }},
		{"chinese-text", func(e *catalog.Elements) { e.AcceptConditions = "xxx" }},
		{"code-shape", func(e *catalog.Elements) {
			e.CatalogCode, e.ImplCode = "000104002000", "91350100M000100Y434000104002001"
		}},
	}
	base := catalog.Check(good("食品小作坊登记"), env, nil)
	if len(base) != 0 {
		t.Fatalf("the good elements have findings: %v", rules(base))
	}
	covered := map[string]bool{}
	for _, c := range cases {
		e := good("食品小作坊登记")
		e.Materials = slices.Clone(e.Materials)
		c.breaks(&e)
		fs := catalog.Check(e, env, nil)
		if !slices.Contains(rules(fs), c.rule) {
			t.Errorf("rule %s did not fire: %v", c.rule, rules(fs))
		}
		covered[c.rule] = true
	}
	for _, r := range catalog.Rules() {
		if !covered[r.ID] {
			t.Errorf("rule %s has no test case", r.ID)
		}
	}
}

func TestDepthLevel(t *testing.T) {
	t.Parallel()
	cases := map[int][]int{
		catalog.DepthNone: nil, catalog.DepthInfo: {1}, catalog.DepthCheck: {1, 2, 3},
		catalog.DepthApply: {1, 2, 3, 4}, catalog.DepthFull: {1, 2, 3, 4, 5, 6, 7},
	}
	for want, codes := range cases {
		if got := (catalog.Elements{OnlineDepth: codes}).DepthLevel(); got != want {
			t.Errorf("DepthLevel(%v) = %d, want %d", codes, got, want)
		}
	}
}

func TestDiffIgnoresEmptyAndReportsLists(t *testing.T) {
	t.Parallel()
	a := good("甲")
	b := good("甲")
	if d := catalog.Diff(a, b); len(d) != 0 {
		t.Fatalf("identical elements differ: %v", d)
	}
	b.Materials = append(b.Materials, catalog.Material{Name: "身份证", Required: catalog.MaterialRequired, Copies: 1})
	b.Hours = ""
	got := map[string]string{}
	for _, l := range catalog.Diff(a, b) {
		got[l.Path] = l.Kind
	}
	if got["materials[1].name"] != catalog.DiffAdded || got["hours"] != catalog.DiffRemoved {
		t.Fatalf("diff = %v", got)
	}
}
