package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"
)

// The item administrator reviews the proposed links and applies the ticked
// ones; every member of staff sees the share report, only they may apply.
func TestLicenseLinksPage(t *testing.T) {
	t.Parallel()
	srv := newDemoServer(t)
	admin := signIn(t, srv, "itemadmin")
	page := admin.getOK("/staff/catalog/license-links")
	mustContain(t, "page", page, "材料关联电子证照", "各部门涉证事项关联情况", "县市场监管局", "待确认的关联建议",
		"居民身份证申领登记表", "（可能是表格而非证照）", "关联所选材料并发布")
	mustContain(t, "the catalog links it", admin.getOK("/staff/catalog"), `href="/staff/catalog/license-links"`)

	// 居住证's “劳动合同或营业执照” is a likely 营业执照: ticked by default.
	likely := regexp.MustCompile(`name="link" value="(\d+\|business-license\|劳动合同或营业执照)" checked`).FindStringSubmatch(page)
	if likely == nil {
		t.Fatalf("劳动合同或营业执照 is not proposed as likely\n%s", page)
	}
	form := regexp.MustCompile(`name="link" value="\d+\|resident-id-card\|居民身份证申领登记表"( checked)?>`).FindStringSubmatch(page)
	if form == nil || form[1] != "" {
		t.Errorf("the application form 居民身份证申领登记表 is not offered unticked: %q", form)
	}

	none := admin.post("/staff/catalog/license-links", page, url.Values{})
	wantStatus(t, "nothing ticked", none, http.StatusUnprocessableEntity)
	mustContain(t, "nothing ticked", none.body, "请至少勾选一条关联。")

	wantRedirect(t, "apply", admin.post("/staff/catalog/license-links", page, url.Values{"link": {likely[1]}}), "/staff/catalog/license-links?linked=1")
	after := admin.getOK("/staff/catalog/license-links?linked=1")
	mustContain(t, "after", after, "已关联，1 个事项发布了新版本。")
	mustNotContain(t, "after", after, "劳动合同或营业执照")

	reviewer := signIn(t, srv, "reviewer.scjg")
	seen := reviewer.getOK("/staff/catalog/license-links")
	mustContain(t, "reviewer", seen, "各部门涉证事项关联情况")
	mustNotContain(t, "reviewer", seen, "待确认的关联建议")
	wantStatus(t, "reviewer applies", reviewer.post("/staff/catalog/license-links", seen, url.Values{"link": {likely[1]}}), http.StatusForbidden)
}
