package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"
)

// 免证办 in the browser's terms: an enterprise's representative is offered
// its 营业执照 on the 营业执照 line, chooses it instead of a file, and the
// reviewer reads the verified data for a stated purpose.
func TestApplyWithLicenseInsteadOfUpload(t *testing.T) {
	t.Parallel()
	srv := newDemoServer(t)
	rep := signInPerson(t, newBrowser(t, srv), "620825198503180510") // 陈永福, who runs 庄浪县水洛镇示例面馆
	me := rep.getOK("/me")
	org := regexp.MustCompile(`name="org_id" value="([1-9]\d*)"`).FindStringSubmatch(me)
	if org == nil {
		t.Fatalf("陈永福 cannot act for his enterprise\n%s", me)
	}
	wantRedirect(t, "act for the enterprise", rep.post("/me/act", me, url.Values{"org_id": {org[1]}}), "/me")

	form := rep.getOK("/apply/food-biz-license")
	mustContain(t, "offer", form, "免提交：使用您的电子证照", "使用电子证照：营业执照（编号", "不使用电子证照，上传文件", "每次调用都会记录用证事由")
	choice := regexp.MustCompile(`type="radio" id="(license_\d+)-0" name="license_\d+" value="(1\.2\.156\.3005\.2\.[^"]+)"`).FindStringSubmatch(form)
	if choice == nil {
		t.Fatalf("no licence radio\n%s", form)
	}
	if regexp.MustCompile(`value="1\.2\.156\.3005\.2\.[^"]+" checked`).MatchString(form) {
		t.Error("the licence is chosen before the applicant consents")
	}
	materials := regexp.MustCompile(`type="file" id="(material_\d+)"`).FindAllStringSubmatch(form, -1)
	licenceLine := "material_" + choice[1][len("license_"):]
	files := map[string][2]string{}
	for _, m := range materials {
		if m[1] != licenceLine {
			files[m[1]] = [2]string{m[1] + ".pdf", aPDF}
		}
	}
	values := url.Values{"contact_name": {"陈永福"}, "phone": {"13900001111"}, "delivery_method": {"online"}, choice[1]: {choice[2]}}
	res := rep.postFiles("/apply/food-biz-license/submit", form, values, files)
	if res.status != http.StatusSeeOther {
		t.Fatalf("submit with the licence: %d\n%s", res.status, res.body)
	}
	receipt := rep.getOK(res.location)
	mustContain(t, "receipt", receipt, "电子证照 "+choice[2]+"（平台签发）")
	id := regexp.MustCompile(`/me/cases/(\d+)`).FindStringSubmatch(res.location)[1]

	reviewer := signIn(t, srv, "reviewer.scjg")
	page := reviewer.getOK("/staff/cases/" + id)
	mustContain(t, "staff case page", page, "电子证照 "+choice[2], "用证事由", "调阅核验证照")
	read := reviewer.post("/staff/cases/"+id+"/license", page, url.Values{"identifier": {choice[2]}, "purpose": {"核验申请人的营业执照"}})
	wantStatus(t, "read", read, http.StatusOK)
	mustContain(t, "verified data", read.body, "证照真实有效", "92620825TB00022776", "庄浪县水洛镇示例面馆", "核验申请人的营业执照", "存证日志：通过")
	if read.header.Get("Cache-Control") != "no-store" {
		t.Error("the page with the unmasked credit code may be cached")
	}
	wantStatus(t, "another department", signIn(t, srv, "reviewer.wjj").post("/staff/cases/"+id+"/license", page,
		url.Values{"identifier": {choice[2]}, "purpose": {"看看"}}), http.StatusForbidden)
}
