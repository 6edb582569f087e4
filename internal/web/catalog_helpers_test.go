package web_test

import (
	"net/url"
	"regexp"
	"strconv"
	"testing"
)

// catalogEntryID finds the id of the basic entry named name in the entries
// page, by its claim form.
func catalogEntryID(t *testing.T, page, name string) string {
	t.Helper()
	re := regexp.MustCompile(`(?s)<td>` + regexp.QuoteMeta(name) + `</td>.*?action="/staff/catalog/entries/(\d+)/claim"`)
	m := re.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no claim form for the entry %s", name)
	}
	return m[1]
}

// draftForm is a complete, clean draft of a licensing item as the item form
// posts it: it passes every rule but the phones (a warning).
func draftForm(name string) url.Values {
	v := url.Values{
		"name": {name}, "item_type": {"01"}, "catalog_code": {""}, "impl_code": {""}, "local_code": {""},
		"accept_conditions": {"申请人持有合法有效的营业执照，有固定的生产加工场所。"},
		"legal_basis":       {"《甘肃省食品小作坊小经营店小摊点管理条例》第十条\n《中华人民共和国食品安全法》第三十六条"},
		"statutory_days":    {"20"}, "statutory_unit": {"工作日"}, "promised_days": {"10"}, "project_type": {"2"},
		"visits_required": {"1"}, "visits_reason": {"现场核查生产场所"},
		"online_depth": {"1", "2", "3", "4"}, "service_objects": {"1", "5"},
		"in_hall": {"on"}, "hall_window": {"商事登记"},
		"address": {"庄浪县政务服务中心一楼商事登记窗口"}, "hours": {"工作日 上午 8:30–12:00，下午 14:30–18:00"},
		"consult_phone": {""}, "complaint_phone": {""},
		"result.name": {"食品小作坊登记证"}, "result.type": {"出证办结"}, "result.license_type_id": {""},
		"fee.note":         {""},
		"keywords":         {"开小作坊\n食品作坊"},
		"topics":           {"开办企业"},
		"faq.0.q":          {"登记证有效期多久？"},
		"faq.0.a":          {"有效期三年。"},
		"faq.1.q":          {""},
		"faq.1.a":          {""},
		"fee.items.0.name": {""}, "fee.items.0.standard": {""}, "fee.items.0.basis": {""},
	}
	steps := []struct{ step, days string }{{"受理", "1"}, {"审查", "5"}, {"决定", "2"}, {"", ""}}
	for i, s := range steps {
		v.Set("process."+strconv.Itoa(i)+".step", s.step)
		v.Set("process."+strconv.Itoa(i)+".days", s.days)
	}
	materials := []string{"营业执照", "从业人员健康证明", ""}
	for i, m := range materials {
		p := "materials." + strconv.Itoa(i) + "."
		v.Set(p+"name", m)
		v.Set(p+"required", "required")
		v.Set(p+"form", "原件")
		v.Set(p+"copies", "1")
		v.Set(p+"source", "申请人自备")
	}
	return v
}
