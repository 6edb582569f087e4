package hotline

import (
	"testing"

	"github.com/tongban/tongban/internal/platform/apperr"
)

func TestCheckExpressionAcceptsRulesOverTheTicket(t *testing.T) {
	t.Parallel()
	for _, expr := range []string{
		`category == "投诉"`,
		`township == "620825101" && category in ["投诉", "举报"] && classification.startsWith("01")`,
		`["食品", "过期"].exists(k, text.contains(k))`,
		`village == "" || class_name.contains("食品") || channel == "phone"`,
	} {
		if err := CheckExpression(expr); err != nil {
			t.Errorf("%s: %v", expr, err)
		}
	}
}

func TestCheckExpressionSaysWhereItIsWrong(t *testing.T) {
	t.Parallel()
	cases := []struct {
		expr       string
		line, col  int
		wantInText string
	}{
		{`category == "投诉" && towns == "1"`, 1, 21, "undeclared reference to 'towns'"},
		{"category == \"投诉\"\n  && (", 2, 7, "Syntax error"},
		{`category`, 1, 1, "not bool"},
		{`category == 1`, 1, 10, "no matching overload"},
	}
	for _, c := range cases {
		err := CheckExpression(c.expr)
		fe := apperr.FieldErrors(err)
		if len(fe) != 1 || fe[0].Field != "expression" || fe[0].Key != "hotline.rule.compile" {
			t.Fatalf("%q: got %v", c.expr, err)
		}
		line, col, msg := fe[0].Args[0].(int), fe[0].Args[1].(int), fe[0].Args[2].(string)
		if line != c.line || col != c.col || !contains(msg, c.wantInText) {
			t.Errorf("%q: line %d col %d %q, want line %d col %d with %q", c.expr, line, col, msg, c.line, c.col, c.wantInText)
		}
	}
	if fe := apperr.FieldErrors(CheckExpression("  ")); len(fe) != 1 || fe[0].Key != "form.required" {
		t.Errorf("empty expression: %v", fe)
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func TestRulesPickTheFirstThatHoldsByPriority(t *testing.T) {
	t.Parallel()
	complaint := Ticket{Category: Complaint, ClassCode: "0101", ClassName: "市场监管/食品安全", RegionCode: "620825101",
		Title: "超市卖过期面包", Content: "南湖镇某超市出售过期食品", Channel: Phone}
	rules := []Rule{
		{ID: 1, RegionCode: "620825", Priority: 50, Active: true, DepartmentID: 9, Expression: `category == "咨询"`},
		{ID: 2, RegionCode: "620825", Priority: 30, Active: true, DepartmentID: 7, Expression: `classification.startsWith("01")`},
		{ID: 3, RegionCode: "620825", Priority: 10, Active: true, DepartmentID: 5,
			Expression: `township == "620825101" && category in ["投诉", "举报"] && classification.startsWith("01")`},
		{ID: 4, RegionCode: "620825", Priority: 1, Active: false, DepartmentID: 3, Expression: `true`},
		{ID: 5, RegionCode: "620825102", Priority: 2, Active: true, DepartmentID: 4, Expression: `true`},
	}
	p := &programs{}
	first := func(t Ticket) int64 {
		for _, r := range sortedRules(rules) {
			if r.Active && hasPrefix(t.RegionCode, r.RegionCode) && p.holds(r, t) {
				return r.DepartmentID
			}
		}
		return 0
	}
	if got := first(complaint); got != 5 {
		t.Errorf("南湖镇 market complaint went to %d, want 5 (rule 3: the inactive rule and 朱店镇's rule do not apply)", got)
	}
	elsewhere := complaint
	elsewhere.RegionCode = "620825103"
	if got := first(elsewhere); got != 7 {
		t.Errorf("a market complaint elsewhere went to %d, want 7", got)
	}
	consult := complaint
	consult.Category, consult.ClassCode = Consult, "0801"
	if got := first(consult); got != 9 {
		t.Errorf("a consultation went to %d, want 9", got)
	}
	keywords := Rule{Active: true, RegionCode: "620825", Expression: `["过期", "变质"].exists(k, text.contains(k))`}
	if !p.holds(keywords, complaint) {
		t.Error("the keyword rule does not find 过期 in the text")
	}
}
