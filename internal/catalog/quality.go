package catalog

import (
	"slices"
	"strings"
	"unicode"
)

// Finding is one quality-check problem: which rule, which element, what is wrong
// (a message key with arguments, translated at the edge), and whether it blocks
// publishing.
type Finding struct {
	Rule     string
	Element  string // the element's JSON name, e.g. "result.type"
	Key      string // message key
	Args     []any
	Blocking bool
}

// Rule is a named, configurable validator (质检规则).
type Rule struct {
	ID       string
	Blocking bool // default; an install may change it per region
	Check    func(e Elements, env CheckEnv) []Finding
}

// CheckEnv is what the rules need besides the elements.
type CheckEnv struct {
	Codes CodeTables
	// ValidCreditCode checks a GB 32100 unified social credit code; the identity
	// module owns that rule, app plugs it in.
	ValidCreditCode func(string) bool
}

// RuleSetting is a region's choice for one rule.
type RuleSetting struct {
	RegionCode string
	Rule       string
	Enabled    bool
	Blocking   bool
}

func finding(rule, element, key string, args ...any) Finding {
	return Finding{Rule: rule, Element: element, Key: key, Args: args}
}

// Rules returns the built-in rules in display order. They implement the
// mechanical guide-quality rules seen in practice (domain reference §1.6) and the
// element-completeness rule behind the 指南准确度 indicator.
func Rules() []Rule {
	return []Rule{
		{ID: "core-elements", Blocking: true, Check: checkCore},
		{ID: "codes-known", Blocking: true, Check: checkCodes},
		{ID: "immediate-type", Blocking: true, Check: checkImmediate},
		{ID: "promised-within-statutory", Blocking: true, Check: checkPromised},
		{ID: "process-within-promised", Blocking: true, Check: checkProcess},
		{ID: "result-type", Blocking: true, Check: checkResultType},
		{ID: "result-type-document", Blocking: false, Check: checkResultDocument},
		{ID: "fee-complete", Blocking: true, Check: checkFee},
		{ID: "visits-reason", Blocking: false, Check: checkVisitsReason},
		{ID: "zero-visit-channel", Blocking: false, Check: checkZeroVisitChannel},
		{ID: "full-online-zero-visits", Blocking: true, Check: checkFullOnline},
		{ID: "licensing-faq", Blocking: false, Check: checkLicensingFAQ},
		{ID: "forms-have-samples", Blocking: false, Check: checkForms},
		{ID: "phones", Blocking: false, Check: checkPhones},
		{ID: "hours-workdays", Blocking: false, Check: checkHours},
		{ID: "address-precise", Blocking: false, Check: checkAddress},
		{ID: "chinese-text", Blocking: true, Check: checkChinese},
		{ID: "code-shape", Blocking: false, Check: checkCodeShape},
	}
}

// coreElements are the elements every guide must have (the "core required guide
// fields" of domain reference §1.6), by JSON name.
var coreElements = []string{"name", "item_type", "accept_conditions", "materials", "process", "address", "hours", "online_depth", "service_objects", "legal_basis"}

// Completeness is the share of core elements filled, 0–1.
func (e Elements) Completeness() float64 {
	missing := len(missingCore(e))
	return float64(len(coreElements)-missing) / float64(len(coreElements))
}

func missingCore(e Elements) []string {
	filled := map[string]bool{
		"name": e.Name != "", "item_type": e.ItemType != "", "accept_conditions": e.AcceptConditions != "",
		"materials": len(e.Materials) > 0, "process": len(e.Process) > 0, "address": e.Address != "",
		"hours": e.Hours != "", "online_depth": len(e.OnlineDepth) > 0, "service_objects": len(e.ServiceObjects) > 0,
		"legal_basis": len(e.LegalBasis) > 0,
	}
	var out []string
	for _, el := range coreElements {
		if !filled[el] {
			out = append(out, el)
		}
	}
	return out
}

func checkCore(e Elements, _ CheckEnv) []Finding {
	var fs []Finding
	for _, el := range missingCore(e) {
		fs = append(fs, finding("core-elements", el, "quality.core.missing"))
	}
	return fs
}

func checkCodes(e Elements, env CheckEnv) []Finding {
	c := env.Codes
	var fs []Finding
	if e.ItemType != "" && !c.Has(TableItemType, e.ItemType) {
		fs = append(fs, finding("codes-known", "item_type", "quality.codes.unknown", e.ItemType))
	}
	if e.Result.Type != "" && !c.Has(TableResultType, e.Result.Type) {
		fs = append(fs, finding("codes-known", "result.type", "quality.codes.unknown", e.Result.Type))
	}
	if e.StatutoryUnit != "" && !c.Has(TableStatutoryUnit, e.StatutoryUnit) {
		fs = append(fs, finding("codes-known", "statutory_unit", "quality.codes.unknown", e.StatutoryUnit))
	}
	for _, o := range e.ServiceObjects {
		if !c.Has(TableServiceObject, itoa(o)) {
			fs = append(fs, finding("codes-known", "service_objects", "quality.codes.unknown", o))
		}
	}
	for _, d := range e.OnlineDepth {
		if !c.Has(TableOnlineDepth, itoa(d)) {
			fs = append(fs, finding("codes-known", "online_depth", "quality.codes.unknown", d))
		}
	}
	return fs
}

// 即办 (0 promised days) ⇔ 即办件.
func checkImmediate(e Elements, _ CheckEnv) []Finding {
	if e.Immediate() != (e.ProjectType == 1) {
		return []Finding{finding("immediate-type", "project_type", "quality.immediate")}
	}
	return nil
}

// The promise may not exceed the statutory limit when both are working days.
func checkPromised(e Elements, _ CheckEnv) []Finding {
	if e.StatutoryUnit == "工作日" && e.StatutoryDays > 0 && e.PromisedDays > e.StatutoryDays {
		return []Finding{finding("promised-within-statutory", "promised_days", "quality.promised", e.PromisedDays, e.StatutoryDays)}
	}
	return nil
}

// The steps' days add up to no more than the promise.
func checkProcess(e Elements, _ CheckEnv) []Finding {
	sum := 0
	for _, s := range e.Process {
		sum += s.Days
	}
	if sum > e.PromisedDays {
		return []Finding{finding("process-within-promised", "process", "quality.process", sum, e.PromisedDays)}
	}
	return nil
}

// A result named …证/…证书 (not 证明/凭证) is 出证办结; a named result needs a type.
func checkResultType(e Elements, _ CheckEnv) []Finding {
	name := e.Result.Name
	if name == "" {
		return nil
	}
	if e.Result.Type == "" {
		return []Finding{finding("result-type", "result.type", "quality.result.required")}
	}
	isLicense := (strings.HasSuffix(name, "证") || strings.HasSuffix(name, "证书")) && !strings.HasSuffix(name, "证明") && !strings.HasSuffix(name, "凭证")
	if isLicense && e.Result.Type != "出证办结" {
		return []Finding{finding("result-type", "result.type", "quality.result.type", name, "出证办结")}
	}
	return nil
}

// A result named …批复/批文 is usually 审批办结 and any other …文 出文办结. Practice
// differs between provinces (many file a 批复 as 出文办结), so this is a warning.
func checkResultDocument(e Elements, _ CheckEnv) []Finding {
	name, want := e.Result.Name, ""
	switch {
	case strings.HasSuffix(name, "批复") || strings.HasSuffix(name, "批文"):
		want = "审批办结"
	case strings.HasSuffix(name, "文"):
		want = "出文办结"
	}
	if want != "" && e.Result.Type != want {
		return []Finding{finding("result-type-document", "result.type", "quality.result.type", name, want)}
	}
	return nil
}

// Charged ⇒ every fee has a name, standard and basis; free ⇒ no fees, no online payment.
func checkFee(e Elements, _ CheckEnv) []Finding {
	var fs []Finding
	if e.Fee.AtSubmissionFen < 0 {
		fs = append(fs, finding("fee-complete", "fee.at_submission", "quality.fee.at_submission"))
	}
	if !e.Fee.Charged {
		if len(e.Fee.Items) > 0 || e.Fee.PayOnline || e.Fee.AtSubmissionFen != 0 {
			fs = append(fs, finding("fee-complete", "fee", "quality.fee.free_with_items"))
		}
		return fs
	}
	if len(e.Fee.Items) == 0 {
		return []Finding{finding("fee-complete", "fee.items", "quality.fee.no_items")}
	}
	for i, f := range e.Fee.Items {
		if f.Name == "" || f.Standard == "" || f.Basis == "" {
			fs = append(fs, finding("fee-complete", "fee.items", "quality.fee.incomplete", i+1))
		}
	}
	return fs
}

// Visits ≠ 0 need a reason; 0 visits need none.
func checkVisitsReason(e Elements, _ CheckEnv) []Finding {
	if e.VisitsRequired > 0 && e.VisitsReason == "" {
		return []Finding{finding("visits-reason", "visits_reason", "quality.visits.reason_missing", e.VisitsRequired)}
	}
	if e.VisitsRequired == 0 && e.VisitsReason != "" && e.VisitsReason != "无" {
		return []Finding{finding("visits-reason", "visits_reason", "quality.visits.reason_extra")}
	}
	return nil
}

// Zero visits need a way to apply without coming: online acceptance or courier.
func checkZeroVisitChannel(e Elements, _ CheckEnv) []Finding {
	if e.VisitsRequired == 0 && !slices.Contains(e.OnlineDepth, 4) && !e.ExpressSupported {
		return []Finding{finding("zero-visit-channel", "visits_required", "quality.visits.no_channel")}
	}
	return nil
}

// 全程网办 (Ⅳ级) means no visit.
func checkFullOnline(e Elements, _ CheckEnv) []Finding {
	if e.DepthLevel() == DepthFull && e.VisitsRequired != 0 {
		return []Finding{finding("full-online-zero-visits", "visits_required", "quality.visits.full_online", e.VisitsRequired)}
	}
	return nil
}

// Licensing items (行政许可) have FAQ and a process that accepts and decides.
func checkLicensingFAQ(e Elements, _ CheckEnv) []Finding {
	if e.ItemType != "01" {
		return nil
	}
	var fs []Finding
	if len(e.FAQ) == 0 {
		fs = append(fs, finding("licensing-faq", "faq", "quality.licensing.faq"))
	}
	steps := map[string]bool{}
	for _, s := range e.Process {
		steps[s.Step] = true
	}
	if !steps["受理"] || !steps["决定"] {
		fs = append(fs, finding("licensing-faq", "process", "quality.licensing.process"))
	}
	return fs
}

// Every form to fill has a blank form and a filled sample.
func checkForms(e Elements, _ CheckEnv) []Finding {
	var fs []Finding
	for _, m := range e.Materials {
		isForm := strings.HasSuffix(m.Name, "申请书") || strings.HasSuffix(m.Name, "申请表") || strings.HasSuffix(m.Name, "登记表") || strings.HasSuffix(m.Name, "承诺书")
		if (isForm || m.BlankForm) && !(m.BlankForm && m.SampleForm) {
			fs = append(fs, finding("forms-have-samples", "materials", "quality.forms.sample", m.Name))
		}
	}
	return fs
}

// Consultation and complaint phones are both given and differ.
func checkPhones(e Elements, _ CheckEnv) []Finding {
	if e.ConsultPhone == "" || e.ComplaintPhone == "" {
		return []Finding{finding("phones", "consult_phone", "quality.phones.missing")}
	}
	if e.ConsultPhone == e.ComplaintPhone {
		return []Finding{finding("phones", "complaint_phone", "quality.phones.same")}
	}
	return nil
}

// Opening hours say which days: 工作日, or round the clock.
func checkHours(e Elements, _ CheckEnv) []Finding {
	if e.Hours == "" {
		return nil // reported as a missing core element
	}
	for _, w := range []string{"工作日", "周一", "全天", "24小时", "节假日"} {
		if strings.Contains(e.Hours, w) {
			return nil
		}
	}
	return []Finding{finding("hours-workdays", "hours", "quality.hours")}
}

// The address leads a visitor to a window or room.
func checkAddress(e Elements, _ CheckEnv) []Finding {
	if e.Address == "" {
		return nil
	}
	for _, w := range []string{"窗口", "号", "室", "楼"} {
		if strings.Contains(e.Address, w) {
			return nil
		}
	}
	return []Finding{finding("address-precise", "address", "quality.address")}
}

// Text elements contain Chinese, not placeholders like "无" or "xxx".
func checkChinese(e Elements, _ CheckEnv) []Finding {
	var fs []Finding
	for el, text := range map[string]string{"name": e.Name, "accept_conditions": e.AcceptConditions} {
		if text == "" {
			continue
		}
		han := 0
		for _, r := range text {
			if unicode.Is(unicode.Han, r) {
				han++
			}
		}
		if han < 2 || text == "无" {
			fs = append(fs, finding("chinese-text", el, "quality.chinese"))
		}
	}
	slices.SortFunc(fs, func(a, b Finding) int { return strings.Compare(a.Element, b.Element) })
	return fs
}

// Codes have the national shapes: a 12-digit basic code, and a 31-character
// implementation code = credit code (GB 32100) + level digit + basic code.
// Derived from real codes rather than the standard's text, so only warnings.
func checkCodeShape(e Elements, env CheckEnv) []Finding {
	var fs []Finding
	if e.CatalogCode != "" && !allDigits(e.CatalogCode, 12) {
		fs = append(fs, finding("code-shape", "catalog_code", "quality.code.catalog"))
	}
	if e.ImplCode == "" {
		return fs
	}
	c := e.ImplCode
	switch {
	case len(c) != 31:
		fs = append(fs, finding("code-shape", "impl_code", "quality.code.impl_length"))
	case env.ValidCreditCode != nil && !env.ValidCreditCode(c[:18]):
		fs = append(fs, finding("code-shape", "impl_code", "quality.code.impl_credit"))
	case c[18] < '1' || c[18] > '6':
		fs = append(fs, finding("code-shape", "impl_code", "quality.code.impl_level"))
	case e.CatalogCode != "" && c[19:] != e.CatalogCode:
		fs = append(fs, finding("code-shape", "impl_code", "quality.code.impl_catalog"))
	}
	return fs
}

func allDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Check runs the enabled rules on e; settings override each rule's defaults.
func Check(e Elements, env CheckEnv, settings map[string]RuleSetting) []Finding {
	var out []Finding
	for _, r := range Rules() {
		blocking := r.Blocking
		if s, ok := settings[r.ID]; ok {
			if !s.Enabled {
				continue
			}
			blocking = s.Blocking
		}
		for _, f := range r.Check(e, env) {
			f.Blocking = blocking
			out = append(out, f)
		}
	}
	return out
}

// Blocking reports whether any finding blocks publishing.
func Blocking(fs []Finding) bool {
	for _, f := range fs {
		if f.Blocking {
			return true
		}
	}
	return false
}
