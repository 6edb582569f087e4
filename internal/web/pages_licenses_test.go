package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tongban/tongban/internal/app"
	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/license"
	"github.com/tongban/tongban/internal/platform/fieldcrypt"
	"github.com/tongban/tongban/internal/testkit"
)

// 陈永福 owns the demo noodle shop 庄浪县水洛镇示例面馆, which holds a demo 营业执照.
const (
	chenYongfu   = "620825198503180510"
	noodleShop   = "庄浪县水洛镇示例面馆"
	noodleCredit = "92620825TB00022776"
)

var walletLink = regexp.MustCompile(`<a href="/me/licenses/(\d+)">([^<]+)</a>`)

// actForShop signs 陈永福 in and has him act for his shop.
func actForShop(t *testing.T, a *app.App, b *browser) *browser {
	t.Helper()
	signInPerson(t, b, chenYongfu)
	org, err := a.Store.FindOrganizationByCode(context.Background(), identity.CreditCode(noodleCredit))
	if err != nil {
		t.Fatal(err)
	}
	wantRedirect(t, "act for the shop", b.submit("/me", "/me/act", url.Values{"org_id": {strconv.FormatInt(org.ID, 10)}}), "/me")
	return b
}

// issuePhysicianLicense issues 王建国 a 医师执业证书 of the health commission;
// it prints his ID number (身份证件号).
func issuePhysicianLicense(t *testing.T, a *app.App) license.License {
	t.Helper()
	ctx := context.Background()
	p, err := a.Store.FindPersonByIDNumber(ctx, identity.IDNumber(wangJianguo))
	if err != nil {
		t.Fatal(err)
	}
	l, err := a.Licenses.Issue(ctx, license.IssueRequest{TypeSlug: "physician-certificate", HolderName: p.Name,
		HolderCodeType: license.HolderCodeIDCard, HolderCode: wangJianguo, HolderPersonID: p.ID,
		Data: map[string]string{"form:执业类别": "临床"}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(l.Payload), wangJianguo) {
		t.Fatalf("the license should print the ID number for this test to mean anything: %s", l.Payload)
	}
	return l
}

func TestWalletOfAnEnterprise(t *testing.T) {
	t.Parallel()
	a, srv := testkit.DemoServer(t)
	shop := actForShop(t, a, newBrowser(t, srv))
	page := shop.getOK("/me/licenses")
	mustContain(t, "the shop's wallet", page, "我的证照", noodleShop, "营业执照", "庄浪县市场监督管理局", `class="badge badge-ok">有效`,
		`href="/me/licenses"`)
	m := walletLink.FindStringSubmatch(page)
	if m == nil || m[2] != "营业执照" {
		t.Fatalf("no link to the 营业执照 in the wallet:\n%s", page)
	}
	id := m[1]
	base := "/me/licenses/" + id
	page = shop.getOK(base)
	mustContain(t, "the license page", page, "<h1>营业执照</h1>", noodleShop, noodleCredit, "1.2.156.3005.2.",
		`src="`+base+`/qr.png"`, `id="verify-link"`, "/verify/1.2.156.3005.2.", "下载打印版（PDF）", "下载签名文件", "用证记录", "暂无记录")
	mustNotContain(t, "the license page", page, "license.ui.")

	res := shop.get(base + "/qr.png")
	if res.status != http.StatusOK || res.header.Get("Content-Type") != "image/png" || !strings.HasPrefix(res.body, "\x89PNG") {
		t.Fatalf("QR code: %d %v", res.status, res.header)
	}
	res = shop.get(base + "/license.pdf")
	if res.status != http.StatusOK || !strings.HasPrefix(res.body, "%PDF-") || !strings.Contains(res.header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("PDF: %d %v %.20q", res.status, res.header, res.body)
	}
	res = shop.get(base + "/license.json")
	if res.status != http.StatusOK || !strings.Contains(res.body, "1.2.156.3005.2.") {
		t.Fatalf("license file: %d %.200s", res.status, res.body)
	}

	// The same person acting for himself holds no licence; another person
	// may not open the shop's.
	me := signInPerson(t, newBrowser(t, srv), chenYongfu)
	mustNotContain(t, "his own wallet", me.getOK("/me/licenses"), "营业执照")
	wang := signInPerson(t, newBrowser(t, srv), wangJianguo)
	for _, path := range []string{base, base + "/qr.png", base + "/license.pdf", base + "/license.json"} {
		wantStatus(t, "another person: "+path, wang.get(path), http.StatusNotFound)
	}
	wantStatus(t, "staff", signIn(t, srv, "reviewer.scjg").get(base), http.StatusForbidden)
	wantRedirect(t, "no one signed in", newBrowser(t, srv).get(base), "/login")
}

func TestVerifyPage(t *testing.T) {
	t.Parallel()
	a, srv := testkit.DemoServer(t)
	l := issuePhysicianLicense(t, a)
	anon := newBrowser(t, srv)
	path := "/verify/" + l.Identifier
	page := anon.getOK(path)
	mustContain(t, "a valid license", page, `<span class="verdict-word">有效</span>`, "医师执业证书", "庄浪县卫生健康局",
		"王**", "签章（SM2 电子印章）", "JWS 签名", "有效期", "存证日志", "✓ 通过")
	mustNotContain(t, "a valid license", page, wangJianguo, "王建国", fieldcrypt.MaskIDNumber(wangJianguo), "✗", "license.ui.")

	// In English too.
	en := newBrowser(t, srv)
	wantRedirect(t, "switch to English", en.post("/prefs", "", url.Values{"lang": {"en"}, "next": {path}}), path)
	page = en.getOK(path)
	mustContain(t, "in English", page, `<span class="verdict-word">Valid</span>`, "What was checked", "✓ Passed: ")
	mustNotContain(t, "in English", page, "license.ui.", wangJianguo)

	// The form sends a typed identifier to its page.
	wantRedirect(t, "the form", anon.get("/verify?identifier="+url.QueryEscape(" "+l.Identifier+" ")), path)
	mustContain(t, "the form", anon.getOK("/verify"), `name="identifier"`, "核验")

	// One wrong character breaks the check character; an unknown but
	// well-formed identifier is unknown.
	bad := l.Identifier[:len(l.Identifier)-1] + map[bool]string{true: "A", false: "B"}[!strings.HasSuffix(l.Identifier, "A")]
	mustContain(t, "a mistyped identifier", anon.getOK("/verify/"+bad), "证照标识无效")
	mustContain(t, "an unknown identifier", anon.getOK("/verify/1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U"), "未找到该证照")

	// A revoked license says so at once.
	head := testkit.AsStaff(context.Background(), 1, "system_admin", "620825", 0)
	if _, err := a.Licenses.Revoke(head, l.ID, "测试撤销"); err != nil {
		t.Fatal(err)
	}
	page = anon.getOK(path)
	mustContain(t, "a revoked license", page, `<span class="verdict-word">已撤销</span>`, "verdict-bad", "✗ 未通过")
}

func TestWalletMasksIDNumbersAndShowsUses(t *testing.T) {
	t.Parallel()
	a, srv := testkit.DemoServer(t)
	l := issuePhysicianLicense(t, a)
	base := "/me/licenses/" + strconv.FormatInt(l.ID, 10)
	masked := fieldcrypt.MaskIDNumber(wangJianguo)
	wang := signInPerson(t, newBrowser(t, srv), wangJianguo)
	page := wang.getOK(base)
	mustContain(t, "the holder's page", page, "医师执业证书", masked, "暂无记录")
	mustNotContain(t, "the holder's page", page, wangJianguo)

	// The health commission's reviewer sees the license masked, reads it for a
	// purpose, and the holder sees that use.
	staffPath := "/staff/licenses/" + strconv.FormatInt(l.ID, 10)
	wjj := signIn(t, srv, "reviewer.wjj")
	mustContain(t, "the department's list", wjj.getOK("/staff/licenses"), `href="`+staffPath+`"`, "王建国")
	page = wjj.getOK(staffPath)
	mustContain(t, "staff page", page, masked, `name="purpose"`, "说明事由并查看完整信息")
	mustNotContain(t, "staff page", page, wangJianguo, `id="act-revoke"`) // a reviewer may not revoke
	res := wjj.post(staffPath+"/use", page, url.Values{"purpose": {""}})
	wantStatus(t, "a read without a purpose", res, http.StatusUnprocessableEntity)
	mustNotContain(t, "a read without a purpose", res.body, wangJianguo)
	res = wjj.post(staffPath+"/use", page, url.Values{"purpose": {"核验医师执业注册材料"}})
	wantStatus(t, "a read for a purpose", res, http.StatusOK)
	mustContain(t, "a read for a purpose", res.body, `<span class="revealed">`+wangJianguo, "本次查看已记入用证记录")
	mustContain(t, "the holder's usage log", wang.getOK(base), "核验医师执业注册材料", "郑卫健", "庄浪县卫生健康局")

	// Other departments' staff see nothing of it: for them it does not exist.
	wantStatus(t, "another department", signIn(t, srv, "reviewer.scjg").get(staffPath), http.StatusNotFound)
	mustNotContain(t, "another department's list", signIn(t, srv, "reviewer.scjg").getOK("/staff/licenses"), `href="`+staffPath+`"`)

	// The printed copy masks the ID number too.
	res = wang.get(base + "/license.pdf")
	if res.status != http.StatusOK || strings.Contains(res.body, wangJianguo) {
		t.Fatalf("PDF: %d, holds the ID number: %v", res.status, strings.Contains(res.body, wangJianguo))
	}
}

func TestStaffLicenseLifecycle(t *testing.T) {
	t.Parallel()
	a, srv := testkit.DemoServer(t)
	shop := actForShop(t, a, newBrowser(t, srv))
	id := walletLink.FindStringSubmatch(shop.getOK("/me/licenses"))[1]
	path := "/staff/licenses/" + id
	head := signIn(t, srv, "head.scjg")
	list := head.getOK("/staff/licenses?holder=" + url.QueryEscape("水洛镇示例面馆"))
	mustContain(t, "the filtered list", list, noodleShop, `href="`+path+`"`)
	mustNotContain(t, "the filtered list", list, "庄浪县示例果业开发有限公司")
	page := head.getOK(path)
	mustContain(t, "the head's page", page, `id="act-suspend"`, `id="act-revoke"`, `id="act-cancel"`, `id="act-reissue"`)
	mustNotContain(t, "the head's page", page, "license.ui.")

	// No change without the confirmation, nor without a reason.
	res := head.post(path+"/status", page, url.Values{"action": {"suspend"}, "reason": {"停业整顿"}})
	wantStatus(t, "unconfirmed", res, http.StatusUnprocessableEntity)
	mustContain(t, "unconfirmed", res.body, `class="error-summary"`, `href="#confirm"`, `id="confirm-error">请勾选确认后再提交`, "停业整顿")
	res = head.post(path+"/status", page, url.Values{"action": {"suspend"}, "reason": {""}, "confirm": {"yes"}})
	wantStatus(t, "no reason", res, http.StatusUnprocessableEntity)
	mustContain(t, "no reason", res.body, `href="#reason"`, `id="reason-error"`, `id="reason" name="reason" rows="2" maxlength="500" required aria-invalid="true"`)
	mustContain(t, "still valid", head.getOK(path), `class="badge badge-ok">有效`)

	wantRedirect(t, "suspend", head.post(path+"/status", page, url.Values{"action": {"suspend"}, "reason": {"停业整顿"}, "confirm": {"yes"}}), path)
	page = head.getOK(path)
	mustContain(t, "suspended", page, `class="badge badge-warn">已暂停`, "停业整顿", `id="act-resume"`)
	mustContain(t, "the holder's wallet", shop.getOK("/me/licenses"), "已暂停")
	wantRedirect(t, "resume", head.post(path+"/status", page, url.Values{"action": {"resume"}, "reason": {"整顿完毕"}, "confirm": {"yes"}}), path)

	// A new version replaces the old one.
	page = head.getOK(path)
	res = head.post(path+"/reissue", page, url.Values{"reason": {"换领新版"}, "valid_until": {"2040-12-31"}, "confirm": {"yes"}})
	if res.status != http.StatusSeeOther || res.location == path {
		t.Fatalf("reissue: %d %q\n%s", res.status, res.location, res.body)
	}
	page = head.getOK(res.location)
	mustContain(t, "the new version", page, "002", "2040-12-31", "历次版本", "已被新版本替代")
	mustContain(t, "the old version", head.getOK(path), "已被新版本替代")

	// A reviewer may look but not act; the page offers no buttons and the
	// module refuses a forged post.
	reviewer := signIn(t, srv, "reviewer.scjg")
	page = reviewer.getOK(res.location)
	mustNotContain(t, "the reviewer's page", page, `id="act-revoke"`)
	wantStatus(t, "a reviewer's revoke", reviewer.post(res.location+"/status", page, url.Values{"action": {"revoke"}, "reason": {"x"}, "confirm": {"yes"}}), http.StatusForbidden)
	wantStatus(t, "a 南湖镇 clerk", signIn(t, srv, "clerk.nanhu").get(path), http.StatusNotFound)
}

func TestSealAndLicenseTypeConsoles(t *testing.T) {
	t.Parallel()
	_, srv := testkit.DemoServer(t)
	admin := signIn(t, srv, "admin")
	page := admin.getOK("/admin/seals")
	mustContain(t, "seals", page, "庄浪县市场监督管理局", "在有效期内", `class="seal-preview"`, "新建电子印章", `name="department_id"`)
	m := regexp.MustCompile(`<a href="/admin/seals/(\d+)">[^<]*市场监督管理局[^<]*</a>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no market regulator's seal:\n%s", page)
	}
	detail := admin.getOK("/admin/seals/" + m[1])
	mustContain(t, "a seal", detail, "用章记录", "签发证照", "SM2 / SM3", "1.2.156.3005.2.")
	res := newBrowser(t, srv).get("/seals/" + m[1] + "/image.svg")
	if res.status != http.StatusOK || res.header.Get("Content-Type") != "image/svg+xml" || !strings.Contains(res.body, "<svg") {
		t.Fatalf("seal image: %d %v", res.status, res.header)
	}

	bad := admin.post("/admin/seals", page, url.Values{"department_id": {"0"}, "valid_from": {"2026-13-01"}})
	wantStatus(t, "a bad seal form", bad, http.StatusUnprocessableEntity)
	mustContain(t, "a bad seal form", bad.body, `class="error-summary"`)

	// A department head sees the seals but may not make one.
	headPage := signIn(t, srv, "head.scjg").getOK("/admin/seals")
	mustContain(t, "the head's seals", headPage, "庄浪县市场监督管理局")
	mustNotContain(t, "the head's seals", headPage, "新建电子印章")
	wantStatus(t, "a reviewer", signIn(t, srv, "reviewer.scjg").get("/admin/seals"), http.StatusForbidden)

	// License types: the item administrator edits the printed fields.
	items := signIn(t, srv, "itemadmin")
	list := items.getOK("/admin/license-types")
	mustContain(t, "types", list, "食品经营许可证", `href="/admin/license-types/food-business-license"`)
	form := items.getOK("/admin/license-types/food-business-license")
	mustContain(t, "type form", form, "经营者名称", `name="mapping"`, "holder.name")
	res = items.post("/admin/license-types/food-business-license", form, url.Values{"name": {"食品经营许可证"}, "validity": {"5年"},
		"key_fields": {"经营者名称\n统一社会信用代码\n经营项目"}, "mapping": {"经营项目=text:热食类食品制售"}})
	wantRedirect(t, "save type", res, "/admin/license-types/food-business-license?saved=1")
	mustContain(t, "saved type", items.getOK("/admin/license-types/food-business-license?saved=1"), "已保存", "经营项目=text:热食类食品制售")
	res = items.post("/admin/license-types/food-business-license", form, url.Values{"name": {"食品经营许可证"}, "mapping": {"没有等号"}})
	wantStatus(t, "a bad mapping", res, http.StatusUnprocessableEntity)
	mustContain(t, "a bad mapping", res.body, "第 1 行应写成")
	wantStatus(t, "a reviewer's type form", signIn(t, srv, "reviewer.scjg").get("/admin/license-types"), http.StatusForbidden)
}

// A license whose signature was altered in the database fails it, and
// one whose issuance the log does not hold is said to be outside the log:
// the verdict comes from the checks, not from the stored status.
func TestVerifyPageTampered(t *testing.T) {
	t.Parallel()
	a, srv := testkit.DemoServer(t)
	ctx := context.Background()
	forged, unlogged := issuePhysicianLicense(t, a), issuePhysicianLicense(t, a)
	// The payload is sealed at rest, so the forgery is a changed signature:
	// one flipped bit of the seal's SM2 signature.
	sig := append([]byte(nil), forged.SM2Signature...)
	sig[len(sig)/2] ^= 1
	if _, err := a.DB.W(ctx).ExecContext(ctx, `UPDATE licenses SET sm2_signature = $1 WHERE id = $2`, sig, forged.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := a.DB.W(ctx).ExecContext(ctx, `UPDATE licenses SET log_index = 999999 WHERE id = $1`, unlogged.ID); err != nil {
		t.Fatal(err)
	}
	anon := newBrowser(t, srv)
	page := anon.getOK("/verify/" + forged.Identifier)
	mustContain(t, "a forged license", page, `<span class="verdict-word">签名无效</span>`, "verdict-bad",
		"✗ 未通过：印章签名无效", "✓ 通过：签名与内容一致") // the JWS still holds
	mustNotContain(t, "a forged license", page, `<span class="verdict-word">有效</span>`)
	page = anon.getOK("/verify/" + unlogged.Identifier)
	mustContain(t, "an unlogged license", page, `<span class="verdict-word">不在存证日志中</span>`)
}
