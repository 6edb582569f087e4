package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"
)

const wangJianguo = "620825196302140118"

// signInPerson returns a browser signed in as a demo citizen.
func signInPerson(t *testing.T, b *browser, login string) *browser {
	t.Helper()
	res := b.post("/login", "", url.Values{"login": {login}, "password": {demoPassword}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("sign in as %s: status %d\n%s", login, res.status, res.body)
	}
	return b
}

var caseLink = regexp.MustCompile(`<a href="/(?:me|staff)/cases/(\d+)">([0-9A-Z]+)</a>`)

func TestCasesApplyAcceptAndFollow(t *testing.T) {
	t.Parallel()
	srv := newDemoServer(t)

	// Signed out: the checklist, with a way to sign in and apply.
	anon := newBrowser(t, srv)
	page := anon.getOK("/apply/food-biz-license")
	mustContain(t, "anonymous apply page", page, "登录后在线申请", `href="/login?next=%2Fapply%2Ffood-biz-license"`, "材料清单")
	mustNotContain(t, "anonymous apply page", page, `name="phone"`)
	wantStatus(t, "anonymous save", anon.post("/apply/food-biz-license", "", url.Values{"phone": {"13900001111"}}), http.StatusUnauthorized)

	citizen := signInPerson(t, newBrowser(t, srv), wangJianguo)
	form := citizen.getOK("/apply/food-biz-license")
	mustContain(t, "apply form", form, `id="item"`, "食品经营许可", `<label for="f-phone">联系电话`, `<label for="f-note">申请说明`,
		`enctype="multipart/form-data"`, "提交申请", `formaction="/apply/food-biz-license/submit"`, "结果领取方式", "邮寄送达")
	materials := regexp.MustCompile(`type="file" id="(material_\d+)"`).FindAllStringSubmatch(form, -1)
	if len(materials) == 0 {
		t.Fatal("the form lists no materials")
	}
	base := url.Values{"contact_name": {"王建国"}, "phone": {"13900001111"}, "note": {"新开一家面馆"}, "delivery_method": {"online"}}
	with := func(extra url.Values) url.Values {
		v := url.Values{}
		for k, vs := range base {
			v[k] = append([]string(nil), vs...)
		}
		for k, vs := range extra {
			v[k] = vs
		}
		return v
	}

	// A malformed phone and a file that is not a document are shown again
	// with everything typed; the good file is kept in the draft.
	bad := citizen.postFiles("/apply/food-biz-license", form, with(url.Values{"phone": {"12345"}}),
		map[string][2]string{materials[0][1]: {"申请书.pdf", aPDF}, materials[1][1]: {"执照.pdf", "just text"}})
	wantStatus(t, "bad phone and bad file", bad, http.StatusUnprocessableEntity)
	mustContain(t, "bad phone", bad.body, `class="error-summary"`, `id="f-phone-error"`, `value="12345"`, "新开一家面馆",
		`id="`+materials[1][1]+`-error"`, "已上传：申请书.pdf")

	// The draft is saved and resumed, with the file.
	wantRedirect(t, "save draft", citizen.postFiles("/apply/food-biz-license", form, with(nil), nil), "/apply/food-biz-license?saved=1")
	form = citizen.getOK("/apply/food-biz-license?saved=1")
	mustContain(t, "resumed draft", form, "草稿已保存", `value="13900001111"`, "新开一家面馆", "已上传：申请书.pdf")

	// Submitting needs every required material; then it gives a case number.
	missing := citizen.postFiles("/apply/food-biz-license/submit", form, with(nil), nil)
	wantStatus(t, "submit without materials", missing, http.StatusUnprocessableEntity)
	mustContain(t, "submit without materials", missing.body, `id="`+materials[1][1]+`-error"`)
	files := map[string][2]string{}
	for _, m := range materials[1:] {
		files[m[1]] = [2]string{m[1] + ".pdf", aPDF}
	}
	res := citizen.postFiles("/apply/food-biz-license/submit", form, with(nil), files)
	wantRedirect(t, "submit", res, "/me/cases/")
	receipt := citizen.getOK(res.location)
	mustContain(t, "receipt", receipt, "办件编号", "待受理", "受理后确定", "等待部门受理", "网上提交", "食品经营许可")

	mine := citizen.getOK("/me/cases")
	m := caseLink.FindStringSubmatch(mine)
	if m == nil {
		t.Fatalf("/me/cases lists no case\n%s", mine)
	}
	id, number := m[1], m[2]
	mustContain(t, "/me/cases", mine, "食品经营许可", "待受理", "暂无，等待部门办理")
	mustContain(t, "/me", citizen.getOK("/me"), `href="/me/cases"`)

	// Another person does not see the case; another department is refused.
	other := signInPerson(t, newBrowser(t, srv), "620825198807230222")
	wantStatus(t, "another person", other.get("/me/cases/"+id), http.StatusNotFound)
	wantStatus(t, "reviewer of another department", signIn(t, srv, "reviewer.wjj").get("/staff/cases/"+id), http.StatusForbidden)
	wantStatus(t, "clerk of a township", signIn(t, srv, "clerk.nanhu").get("/staff/cases/"+id), http.StatusForbidden)

	// The market regulator's reviewer sees it in the inbox and accepts it.
	reviewer := signIn(t, srv, "reviewer.scjg")
	mustContain(t, "workbench", reviewer.getOK("/staff"), `href="/staff/cases"`)
	inbox := reviewer.getOK("/staff/cases")
	mustContain(t, "inbox", inbox, number, "食品经营许可", "王建国", "待受理", "未计时")
	casePage := reviewer.getOK("/staff/cases/" + id)
	mustContain(t, "staff case", casePage, `name="action" value="accept"`, `name="action" value="refuse"`)
	refuse := reviewer.post("/staff/cases/"+id+"/act", casePage, url.Values{"action": {"refuse"}})
	wantStatus(t, "refuse without reasons", refuse, http.StatusUnprocessableEntity)
	mustContain(t, "refuse without reasons", refuse.body, `id="comment-refuse-error"`)
	wantRedirect(t, "accept", reviewer.post("/staff/cases/"+id+"/act", casePage, url.Values{"action": {"accept"}, "comment": {"材料齐全"}}),
		"/staff/cases/"+id)
	inbox = reviewer.getOK("/staff/cases")
	mustContain(t, "inbox after accept", inbox, "审查中", `class="light light-green">正常`)

	// The applicant sees the review and its due date.
	after := citizen.getOK("/me/cases/" + id)
	mustContain(t, "case after accept", after, "审查中", "材料齐全", "受理")
	mustNotContain(t, "case after accept", after, "受理后确定", `action="/staff/cases/`)
	if !regexp.MustCompile(`<dd>20\d\d-\d\d-\d\d`).MatchString(after) {
		t.Errorf("no due date on the case page after acceptance")
	}

	// A one-time supplement notice stops the clock; the applicant answers it
	// from the case page and the case goes back to the department.
	casePage = reviewer.getOK("/staff/cases/" + id)
	wantRedirect(t, "supplement notice", reviewer.post("/staff/cases/"+id+"/act", casePage,
		url.Values{"action": {"request_supplement"}, "comment": {"请补交从业人员健康证明"}}), "/staff/cases/"+id)
	notice := citizen.getOK("/me/cases/" + id)
	mustContain(t, "case awaiting supplement", notice, "请补交从业人员健康证明", `action="/me/cases/`+id+`/act"`, `name="action" value="resubmit"`)
	mustNotContain(t, "case awaiting supplement", notice, `value="accept"`)
	wantStatus(t, "another person resubmitting", other.post("/me/cases/"+id+"/act", other.getOK("/me/cases"), url.Values{"action": {"resubmit"}}), http.StatusNotFound)
	wantRedirect(t, "resubmit", citizen.post("/me/cases/"+id+"/act", notice, url.Values{"action": {"resubmit"}, "comment": {"已补交"}}), "/me/cases/"+id)
	resubmitted := citizen.getOK("/me/cases/" + id)
	mustContain(t, "case after resubmission", resubmitted, "待受理", "已补交")
	wantStatus(t, "applicant accepting their own case", citizen.post("/me/cases/"+id+"/act", resubmitted, url.Values{"action": {"accept"}}), http.StatusForbidden)
	mustContain(t, "inbox after resubmission", reviewer.getOK("/staff/cases/"+id), `name="action" value="accept"`)
}

func TestCasesNotOnline(t *testing.T) {
	t.Parallel()
	srv := newDemoServer(t)
	citizen := signInPerson(t, newBrowser(t, srv), wangJianguo)
	mustContain(t, "staff apply page", signIn(t, srv, "reviewer.scjg").getOK("/apply/food-biz-license"), "在线申请须以申请人本人账号登录")
	wantStatus(t, "unknown item", citizen.get("/apply/no-such-item"), http.StatusNotFound)
	// An item that cannot be applied for online keeps the one-visit checklist.
	visit := citizen.getOK("/apply/id-card-apply")
	mustContain(t, "not online", visit, "暂不支持网上申请", "材料清单", "打印办事指南")
	mustNotContain(t, "not online", visit, `name="phone"`)
	wantStatus(t, "save a not-online item", citizen.post("/apply/id-card-apply", visit, url.Values{"phone": {"13900001111"}}), http.StatusConflict)
	mustContain(t, "my cases empty", citizen.getOK("/me/cases"), "暂无办件")
	anon := newBrowser(t, srv)
	wantRedirect(t, "anonymous my cases", anon.get("/me/cases"), "/login")
	wantRedirect(t, "anonymous inbox", anon.get("/staff/cases"), "/staff/login")
}
