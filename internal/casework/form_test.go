package casework_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/testkit"
)

// problemKeys returns "field key" for each problem, to compare in one go.
func problemKeys(fes []apperr.FieldError) []string {
	out := make([]string, len(fes))
	for i, fe := range fes {
		out[i] = fe.Field + " " + fe.Key
	}
	return out
}

func wantProblems(t *testing.T, what string, got []apperr.FieldError, want ...string) {
	t.Helper()
	if keys := problemKeys(got); !slices.Equal(keys, want) {
		t.Errorf("%s:\n got  %q\n want %q", what, keys, want)
	}
}

func float(f float64) *float64 { return &f }

func TestFormSpecCheckListsEveryProblem(t *testing.T) {
	t.Parallel()
	choice := []casework.Option{{Value: "a", Label: "甲"}, {Value: "b", Label: "乙"}}
	spec := casework.FormSpec{Fields: []casework.FormField{
		{Name: "kind", Label: "类别", Type: casework.TypeRadio, Options: choice},
		{Name: "Bad-Name", Label: "坏名字", Type: casework.TypeText},
		{Name: "kind", Label: "重复", Type: casework.TypeText},
		{Name: "nolabel", Label: " ", Type: casework.TypeText},
		{Name: "odd", Label: "怪类型", Type: "colour"},
		{Name: "pick", Label: "无选项", Type: casework.TypeSelect},
		{Name: "pick2", Label: "坏选项", Type: casework.TypeSelect, Options: []casework.Option{{Value: "x", Label: ""}, {Value: "y", Label: "Y"}, {Value: "y", Label: "Y2"}}},
		{Name: "text_opts", Label: "多余选项", Type: casework.TypeText, Options: choice},
		{Name: "len", Label: "负长度", Type: casework.TypeText, MaxLen: -1},
		{Name: "range", Label: "反范围", Type: casework.TypeNumber, Min: float(10), Max: float(1)},
		{Name: "re", Label: "坏正则", Type: casework.TypeText, Pattern: "[a-"},
		{Name: "later", Label: "引用后面", Type: casework.TypeText, ShowIf: &casework.Condition{Field: "ctl", Equals: "a"}},
		{Name: "ctl", Label: "控制", Type: casework.TypeSelect, Options: choice},
		{Name: "text_ctl", Label: "引用文字", Type: casework.TypeText, ShowIf: &casework.Condition{Field: "re", Equals: "a"}},
		{Name: "bad_value", Label: "值不对", Type: casework.TypeText, ShowIf: &casework.Condition{Field: "kind", Equals: "c"}},
	}}
	err := spec.Check()
	if apperr.KindOf(err) != apperr.Invalid {
		t.Fatalf("Check = %v, want Invalid", err)
	}
	wantProblems(t, "problems", apperr.FieldErrors(err),
		"fields.1.name itemdefs.form.name_invalid",
		"fields.2.name itemdefs.form.name_duplicate",
		"fields.3.label itemdefs.form.label_missing",
		"fields.4.type itemdefs.form.type_unknown",
		"fields.5.options itemdefs.form.options_missing",
		"fields.6.options itemdefs.form.option_invalid",
		"fields.6.options itemdefs.form.option_duplicate",
		"fields.7.options itemdefs.form.options_unused",
		"fields.8.max_len itemdefs.form.max_len_invalid",
		"fields.9.min itemdefs.form.range_invalid",
		"fields.10.pattern itemdefs.form.pattern_invalid",
		"fields.11.show_if itemdefs.form.show_if_field",
		"fields.13.show_if itemdefs.form.show_if_field",
		"fields.14.show_if itemdefs.form.show_if_value",
	)
	if err := (casework.FormSpec{}).Check(); !slices.Equal(problemKeys(apperr.FieldErrors(err)), []string{"fields itemdefs.form.empty"}) {
		t.Errorf("empty form: %v", err)
	}
	for _, item := range []casework.PublishedItem{{ServiceObjects: []int{1}}, {ServiceObjects: []int{2}}, {ServiceObjects: []int{1, 5}}} {
		if err := casework.DefaultForm(item).Check(); err != nil {
			t.Errorf("DefaultForm(%v) fails its own check: %v", item.ServiceObjects, err)
		}
	}
}

// creditCode completes the first 17 characters of a credit code with the
// check character identity computes, so both implementations are held to
// the same rule.
func creditCode(t *testing.T, first17 string) string {
	t.Helper()
	c, ok := identity.CreditCodeCheckChar(first17)
	if !ok {
		t.Fatalf("bad credit code body %q", first17)
	}
	return first17 + string(c)
}

func TestFormSpecValidateEachRule(t *testing.T) {
	t.Parallel()
	id := testkit.ValidIDNumber(t, "620825", "19630214", "011")
	badID := id[:17] + string("0123456789X"[(strings.IndexByte("0123456789X", id[17])+1)%11])
	code := creditCode(t, "91620825MA7ABCDE1")
	badCode := code[:17] + map[bool]string{true: "1", false: "0"}[code[17] == '0']
	field := func(typ string, mod ...func(*casework.FormField)) casework.FormSpec {
		f := casework.FormField{Name: "v", Label: "值", Type: typ}
		for _, m := range mod {
			m(&f)
		}
		return casework.FormSpec{Fields: []casework.FormField{f}}
	}
	required := func(f *casework.FormField) { f.Required = true }
	options := func(f *casework.FormField) { f.Options = []casework.Option{{Value: "a", Label: "甲"}} }
	cases := []struct {
		name  string
		spec  casework.FormSpec
		value string
		want  string // message key, "" for valid
	}{
		{"required empty", field(casework.TypeText, required), "  ", "itemdefs.value.required"},
		{"optional empty", field(casework.TypeNumber), "", ""},
		{"text default length", field(casework.TypeText), strings.Repeat("字", 201), "itemdefs.value.too_long"},
		{"textarea default length", field(casework.TypeTextarea), strings.Repeat("字", 2000), ""},
		{"own max length", field(casework.TypeText, func(f *casework.FormField) { f.MaxLen = 3 }), "四个字啊", "itemdefs.value.too_long"},
		{"number", field(casework.TypeNumber), "12.5", ""},
		{"not a number", field(casework.TypeNumber), "十二", "itemdefs.value.number"},
		{"below min", field(casework.TypeNumber, func(f *casework.FormField) { f.Min = float(1) }), "0", "itemdefs.value.min"},
		{"above max", field(casework.TypeNumber, func(f *casework.FormField) { f.Max = float(100) }), "100.5", "itemdefs.value.max"},
		{"date", field(casework.TypeDate), "2026-02-28", ""},
		{"impossible date", field(casework.TypeDate), "2026-02-30", "itemdefs.value.date"},
		{"date format", field(casework.TypeDate), "2026/03/02", "itemdefs.value.date"},
		{"option", field(casework.TypeSelect, options), "a", ""},
		{"not an option", field(casework.TypeRadio, options), "b", "itemdefs.value.choice"},
		{"ticked", field(casework.TypeCheckbox), casework.CheckboxTicked, ""},
		{"odd tick", field(casework.TypeCheckbox), "maybe", "itemdefs.value.choice"},
		{"mobile", field(casework.TypePhone), "13900001111", ""},
		{"landline", field(casework.TypePhone), "0933-6621234", ""},
		{"short phone", field(casework.TypePhone), "12345", "itemdefs.value.phone"},
		{"email", field(casework.TypeEmail), "wang@example.cn", ""},
		{"not an email", field(casework.TypeEmail), "wang@example", "itemdefs.value.email"},
		{"ID number", field(casework.TypeIDNumber), id, ""},
		{"ID number lower-case x", field(casework.TypeIDNumber), "11010519491231002x", ""},
		{"ID check digit", field(casework.TypeIDNumber), badID, "itemdefs.value.idnumber"},
		{"ID birth date", field(casework.TypeIDNumber), testkit.ValidIDNumber(t, "620825", "19630230", "011"), "itemdefs.value.idnumber"},
		{"credit code", field(casework.TypeCreditCode), code, ""},
		{"credit check character", field(casework.TypeCreditCode), badCode, "itemdefs.value.creditcode"},
		{"credit alphabet", field(casework.TypeCreditCode), "91620825MA7ABCDEIO", "itemdefs.value.creditcode"},
		{"pattern", field(casework.TypeText, func(f *casework.FormField) { f.Pattern = `[A-Z]{2}\d{4}` }), "GS2026", ""},
		{"pattern whole value", field(casework.TypeText, func(f *casework.FormField) { f.Pattern = `[A-Z]{2}\d{4}` }), "GS20261", "itemdefs.value.pattern"},
	}
	for _, c := range cases {
		got := c.spec.Validate(map[string]string{"v": c.value})
		switch {
		case c.want == "" && len(got) != 0:
			t.Errorf("%s: %q refused: %v", c.name, c.value, got)
		case c.want != "" && (len(got) != 1 || got[0].Key != c.want || got[0].Field != "v" || got[0].Args[0] != "值"):
			t.Errorf("%s: %q gave %v, want %s on v with the label", c.name, c.value, got, c.want)
		}
	}
}

func TestFormSpecShowIfHidesAndCleans(t *testing.T) {
	t.Parallel()
	spec := casework.DefaultForm(casework.PublishedItem{ServiceObjects: []int{1}})
	values := map[string]string{"contact_name": " 王建国 ", "phone": "13900001111", "delivery_method": "window",
		"delivery_address": "should go", "smuggled": "x"}
	if probs := spec.Validate(values); len(probs) != 0 {
		t.Fatalf("window pickup needs no address: %v", probs)
	}
	clean := spec.Clean(values)
	if len(clean) != 3 || clean["contact_name"] != "王建国" || clean["delivery_method"] != "window" {
		t.Fatalf("Clean = %v: hidden, unknown and empty values must go, the rest trimmed", clean)
	}
	values["delivery_method"] = "mail"
	wantProblems(t, "mail without an address", spec.Validate(values),
		"delivery_name itemdefs.value.required", "delivery_phone itemdefs.value.required")
	if !spec.Visible("delivery_address", values) || spec.Visible("delivery_address", map[string]string{}) {
		t.Error("Visible does not follow the condition")
	}
	// A condition on a hidden field hides its dependants too.
	chain := casework.FormSpec{Fields: []casework.FormField{
		{Name: "a", Label: "A", Type: casework.TypeRadio, Options: []casework.Option{{Value: "y", Label: "是"}, {Value: "n", Label: "否"}}},
		{Name: "b", Label: "B", Type: casework.TypeRadio, Options: []casework.Option{{Value: "y", Label: "是"}}, ShowIf: &casework.Condition{Field: "a", Equals: "y"}},
		{Name: "c", Label: "C", Type: casework.TypeText, Required: true, ShowIf: &casework.Condition{Field: "b", Equals: "y"}},
	}}
	if probs := chain.Validate(map[string]string{"a": "n", "b": "y"}); len(probs) != 0 {
		t.Fatalf("c hangs on a hidden b: %v", probs)
	}
	if got := chain.Clean(map[string]string{"a": "n", "b": "y", "c": "x"}); len(got) != 1 {
		t.Fatalf("Clean kept hidden values: %v", got)
	}
}

func TestDefaultFormFollowsTheItem(t *testing.T) {
	t.Parallel()
	names := func(s casework.FormSpec) []string {
		var out []string
		for _, f := range s.Fields {
			out = append(out, f.Name)
		}
		return out
	}
	person := casework.DefaultForm(casework.PublishedItem{ServiceObjects: []int{1}})
	if got := names(person); !slices.Equal(got, []string{"contact_name", "phone", "address", "delivery_method",
		"delivery_name", "delivery_phone", "delivery_address", "note"}) {
		t.Fatalf("person item form: %v", got)
	}
	enterprise := casework.DefaultForm(casework.PublishedItem{ServiceObjects: []int{2}})
	if got := names(enterprise); !slices.Contains(got, "org_name") || !slices.Contains(got, "credit_code") {
		t.Fatalf("enterprise item form: %v", got)
	}
	wantProblems(t, "enterprise form, empty", enterprise.Validate(map[string]string{}),
		"contact_name itemdefs.value.required", "phone itemdefs.value.required", "org_name itemdefs.value.required",
		"credit_code itemdefs.value.required", "delivery_method itemdefs.value.required")
	// Where persons apply too, the enterprise fields are for those applying as one.
	both := casework.DefaultForm(casework.PublishedItem{ServiceObjects: []int{1, 2}})
	for _, f := range both.Fields {
		if (f.Name == "org_name" || f.Name == "credit_code") && f.Required {
			t.Errorf("%s required where persons apply too", f.Name)
		}
	}
	var method casework.FormField
	for _, f := range person.Fields {
		if f.Name == casework.FormDeliveryMethod {
			method = f
		}
	}
	if method.Type != casework.TypeRadio || len(method.Options) != 3 || method.Options[1].Value != casework.DeliveryMail || method.Options[1].Label != "邮寄送达" {
		t.Fatalf("delivery method: %+v", method)
	}
}
