package web_test

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tongban/tongban/internal/platform/i18n"
	"github.com/tongban/tongban/internal/testkit"
)

// ticketPath finds the ticket a redirect points at.
var ticketPath = regexp.MustCompile(`^/(?:staff|me)/tickets/(\d+)`)

// aCall is the console form of a complaint about expired bread in 南湖镇.
func aCall() url.Values {
	return url.Values{"caller_name": {"张秀兰"}, "caller_phone": {"13900007777"}, "category": {"complaint"},
		"class_code": {"0101"}, "region_code": {"620825101"}, "village": {"南湖村"}, "address": {"南湖镇街道 12 号"},
		"title": {"超市出售过期面包"}, "content": {"南湖镇街道某超市货架上的面包已过保质期三天。"}}
}

// act posts one of the ticket page's forms and follows the redirect.
func act(t *testing.T, b *browser, ticket string, form url.Values) string {
	t.Helper()
	page := b.getOK(ticket)
	res := b.post(ticket+"/act", page, form)
	wantRedirect(t, form.Get("action"), res, "/staff/tickets")
	return b.getOK(ticket)
}

func TestHotlineComplaintLoopInThePages(t *testing.T) {
	t.Parallel()
	srv := newDemoServer(t)
	operator := signIn(t, srv, "operator")
	res := operator.submit("/staff/hotline", "/staff/hotline/calls", aCall())
	wantRedirect(t, "record a call", res, "/staff/tickets/")
	ticket := ticketPath.FindString(res.location)
	page := operator.getOK(ticket)
	mustContain(t, "recorded ticket", page, "已受理，待派单", "按派单规则应派往：县市场监管局（规则：南湖镇市场类投诉举报）",
		"张**", "139****7777", "查看完整号码", "市场监管/食品安全", "南湖镇")
	mustNotContain(t, "recorded ticket", page, "13900007777", "张秀兰")

	// The full number, for the callback, is one audited click away.
	revealed := operator.post(ticket+"/reveal", page, url.Values{"field": {"phone"}})
	wantStatus(t, "reveal", revealed, http.StatusOK)
	mustContain(t, "revealed", revealed.body, `<span class="revealed">13900007777</span>`)

	page = act(t, operator, ticket, url.Values{"action": {"dispatch"}, "by_rule": {"1"}})
	mustContain(t, "dispatched", page, "已派单，待签收", `<dd id="ticket-department">县市场监管局</dd>`, "签收时限", "按规则：南湖镇市场类投诉举报")

	reviewer := signIn(t, srv, "reviewer.scjg")
	inbox := reviewer.getOK("/staff/tickets")
	mustContain(t, "market's inbox", inbox, "超市出售过期面包", "已派单，待签收")
	mustNotContain(t, "health's ticket in market's inbox", signIn(t, srv, "reviewer.wjj").getOK("/staff/tickets"), "超市出售过期面包")
	wantStatus(t, "health opens market's ticket", signIn(t, srv, "reviewer.wjj").get(ticket), http.StatusForbidden)

	page = act(t, reviewer, ticket, url.Values{"action": {"sign"}})
	mustContain(t, "signed", page, "办理中")
	// A reply needs words: the form comes back with the problem.
	empty := reviewer.post(ticket+"/act", page, url.Values{"action": {"reply"}, "text": {" "}})
	wantStatus(t, "empty reply", empty, http.StatusUnprocessableEntity)
	mustContain(t, "empty reply", empty.body, "请填写答复内容。")
	page = act(t, reviewer, ticket, url.Values{"action": {"reply"}, "text": {"已责令下架并立案调查。"}})
	mustContain(t, "replied", page, "已答复，待办结", "已责令下架并立案调查。")

	page = act(t, operator, ticket, url.Values{"action": {"conclude"}})
	mustContain(t, "concluded", page, "已办结，待回访", "记录回访")
	noChoice := operator.post(ticket+"/act", page, url.Values{"action": {"callback"}})
	wantStatus(t, "callback without an answer", noChoice, http.StatusUnprocessableEntity)
	page = act(t, operator, ticket, url.Values{"action": {"callback"}, "reached": {"yes"}, "satisfaction": {"unsatisfied"}, "text": {"仍在销售"}})
	mustContain(t, "reopened", page, "办理中</strong>（重办）", "重新办理", "不满意")
	mustContain(t, "second handling in the inbox", reviewer.getOK("/staff/tickets?state=handling"), "超市出售过期面包", "（重办）")

	board := signIn(t, srv, "supervisor").getOK("/staff/hotline/board")
	mustContain(t, "board", board, "12345督办台", "不满意工单", "超市出售过期面包")
}

func TestHotlineConsoleShowsProblemsAndAnswers(t *testing.T) {
	t.Parallel()
	srv := newDemoServer(t)
	operator := signIn(t, srv, "operator")
	bad := aCall()
	bad.Set("caller_phone", "12ab")
	bad.Set("category", "")
	res := operator.submit("/staff/hotline", "/staff/hotline/calls", bad)
	wantStatus(t, "bad call", res, http.StatusUnprocessableEntity)
	mustContain(t, "bad call", res.body, "请填写正确的电话号码", `<a href="#category">`, `value="超市出售过期面包"`)

	page := operator.getOK("/staff/hotline?q=" + url.QueryEscape("身份证"))
	mustContain(t, "knowledge search", page, "身份证丢了怎么补办", "居民身份证补领", "用此答复")
	use := regexp.MustCompile(`href="(/staff/hotline\?q=[^"]*&amp;article=\d+)#call"`).FindStringSubmatch(page)
	if use == nil {
		t.Fatal("no link to use an answer")
	}
	page = operator.getOK(strings.ReplaceAll(use[1], "&amp;", "&"))
	mustContain(t, "answer chosen", page, "已选用知识库答复：身份证丢了怎么补办", `<option value="consult" selected>`)
	form := url.Values{"caller_name": {"李明"}, "caller_phone": {"13900008888"}, "category": {"consult"}, "class_code": {"08"},
		"region_code": {"620825"}, "title": {"身份证丢了"}, "content": {"问怎么补办"}, "answer": {"可申请补领，见办事指南。"}}
	res = operator.post("/staff/hotline/calls", page, form)
	wantRedirect(t, "answered call", res, "/staff/tickets/")
	mustContain(t, "answered at intake", operator.getOK(ticketPath.FindString(res.location)), "已办结，待回访", "直接答复办结")
}

func TestHotlineOnlineFormAndMyTickets(t *testing.T) {
	t.Parallel()
	srv := newDemoServer(t)
	wantRedirect(t, "anonymous form", newBrowser(t, srv).get("/hotline/new"), "/login")
	citizen := signInPerson(t, newBrowser(t, srv), wangJianguo)
	page := citizen.getOK("/hotline/new?channel=mobile")
	mustContain(t, "form", page, "在线反映问题（12345）", `value="王建国"`, `name="channel" value="mobile"`, `type="file"`)
	form := url.Values{"channel": {"mobile"}, "category": {"help"}, "class_code": {"0701"}, "region_code": {"620825101"},
		"title": {"家里停水两天"}, "content": {"南湖村三组停水两天，没有通知。"}, "caller_name": {"王建国"}, "caller_phone": {"13900000001"}}
	res := citizen.postFiles("/hotline/new", page, form, map[string][2]string{"file1": {"停水通知.pdf", aPDF}})
	wantRedirect(t, "file online", res, "/me/tickets/")
	ticket := ticketPath.FindString(res.location)
	mine := citizen.getOK(res.location)
	mustContain(t, "my ticket", mine, "已收到您反映的问题", "家里停水两天", "网上（手机端）", "停水通知.pdf", "我们会在")
	mustContain(t, "my tickets", citizen.getOK("/me/tickets"), "家里停水两天")
	file := regexp.MustCompile(`href="(/me/tickets/\d+/files/\d+)"`).FindStringSubmatch(mine)
	if file == nil {
		t.Fatal("no link to the attachment")
	}
	if got := citizen.get(file[1]); got.status != http.StatusOK || !strings.HasPrefix(got.body, "%PDF") {
		t.Fatalf("attachment: %d", got.status)
	}
	// Another citizen is told it does not exist.
	other := signInPerson(t, newBrowser(t, srv), "620825198807230222")
	wantStatus(t, "another's ticket", other.get(ticket), http.StatusNotFound)
	staffTicket := strings.Replace(ticket, "/me/", "/staff/", 1)
	page = signIn(t, srv, "operator").getOK(staffTicket)
	mustContain(t, "operator's view", page, "139****0001", "按派单规则应派往：县自来水公司")
}

func TestHotlineRulesAreCheckedOnSave(t *testing.T) {
	t.Parallel()
	a, srv := testkit.DemoServer(t)
	admin := signIn(t, srv, "admin")
	page := admin.getOK("/admin/hotline/rules")
	mustContain(t, "rules", page, "南湖镇市场类投诉举报", "classification.startsWith", "可用的变量")
	d, err := a.Store.GetDepartmentBySlug(t.Context(), "health")
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{"name": {"坏规则"}, "expression": {`category == "投诉" && towns == "1"`}, "department_id": {strconv.FormatInt(d.ID, 10)}, "priority": {"5"}, "active": {"on"}}
	res := admin.post("/admin/hotline/rules", page, form)
	wantStatus(t, "bad rule", res, http.StatusUnprocessableEntity)
	mustContain(t, "bad rule", res.body, "表达式第 1 行第 21 列有误：undeclared reference to &#39;towns&#39;")
	form.Set("expression", `category == "投诉" && township == "620825102"`)
	wantRedirect(t, "good rule", admin.post("/admin/hotline/rules", page, form), "/admin/hotline/rules")
	mustContain(t, "saved rule", admin.getOK("/admin/hotline/rules"), "坏规则", "县卫健局")
	wantStatus(t, "operator on rules", signIn(t, srv, "operator").get("/admin/hotline/rules"), http.StatusForbidden)

	settings := admin.getOK("/admin/hotline?region=620825101")
	mustContain(t, "settings", settings, "办理时限（工作日）", `name="handle_days.consult" type="number" min="1" max="60" value="2"`)
	limits := url.Values{"region_code": {"620825101"}}
	for _, c := range []string{"consult", "help", "complaint", "report", "suggestion", "praise"} {
		limits.Set("sign_days."+c, "1")
		limits.Set("handle_days."+c, "4")
	}
	limits.Set("handle_days.praise", "0")
	res = admin.post("/admin/hotline/limits", settings, limits)
	wantStatus(t, "bad limits", res, http.StatusUnprocessableEntity)
	mustContain(t, "bad limits", res.body, "请填写 1 到 60 之间的工作日数。")
	limits.Set("handle_days.praise", "4")
	wantRedirect(t, "limits", admin.post("/admin/hotline/limits", settings, limits), "/admin/hotline?saved=1")

	keys := admin.getOK("/admin/hotline/keys")
	res = admin.post("/admin/hotline/keys", keys, url.Values{"name": {"城市服务App"}})
	wantStatus(t, "issue a key", res, http.StatusOK)
	mustContain(t, "issued", res.body, "密钥已签发", `<code id="issued-key">tb311_`)
	mustNotContain(t, "the key is shown once", admin.getOK("/admin/hotline/keys"), `id="issued-key"`)
}

func TestHotlineKnowledgeBaseEditing(t *testing.T) {
	t.Parallel()
	srv := newDemoServer(t)
	wantStatus(t, "operator writes", signIn(t, srv, "operator").get("/staff/hotline/knowledge/new"), http.StatusForbidden)
	sup := signIn(t, srv, "supervisor")
	page := sup.getOK("/staff/hotline/knowledge/new")
	res := sup.post("/staff/hotline/knowledge/new", page, url.Values{"title": {"营业执照在哪办"}, "body": {"到县政务服务中心商事登记窗口。"},
		"keywords": {"营业执照"}, "items": {"ibiz-register\nno-such-item"}})
	wantStatus(t, "unknown item", res, http.StatusUnprocessableEntity)
	mustContain(t, "unknown item", res.body, "没有已发布的事项“no-such-item”")
	res = sup.post("/staff/hotline/knowledge/new", page, url.Values{"title": {"营业执照在哪办"}, "body": {"到县政务服务中心商事登记窗口。"},
		"keywords": {"营业执照"}, "items": {"ibiz-register"}})
	wantRedirect(t, "new article", res, "/staff/hotline/knowledge")
	found := signIn(t, srv, "operator").getOK("/staff/hotline/knowledge?q=" + url.QueryEscape("营业执照"))
	mustContain(t, "found", found, "营业执照在哪办", "个体工商户设立登记")
}

func TestHotlinePagesForbidOthers(t *testing.T) {
	t.Parallel()
	srv := newDemoServer(t)
	clerk := signIn(t, srv, "clerk.nanhu")
	for _, p := range []string{"/staff/hotline", "/staff/tickets", "/staff/hotline/board", "/staff/hotline/knowledge", "/admin/hotline"} {
		wantStatus(t, "clerk on "+p, clerk.get(p), http.StatusForbidden)
	}
	wantStatus(t, "reviewer on the board", signIn(t, srv, "reviewer.scjg").get("/staff/hotline/board"), http.StatusForbidden)
	wantStatus(t, "reviewer on the console", signIn(t, srv, "reviewer.scjg").get("/staff/hotline"), http.StatusForbidden)
}

// TestHotlineMessageKeys checks that every key the hotline's pages name is in
// the catalogue with an English text, including those built from data.
func TestHotlineMessageKeys(t *testing.T) {
	t.Parallel()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("pages_hotline*.go")
	for _, pattern := range []string{"templates/hotline*.html", "templates/ticket*.html"} {
		more, _ := filepath.Glob(pattern)
		files = append(files, more...)
	}
	key := regexp.MustCompile(`\.T\(?\s*"([a-z_.0-9]+)"`)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range key.FindAllStringSubmatch(string(b), -1) {
			if !strings.HasSuffix(m[1], ".") && !cat.Has(m[1]) {
				t.Errorf("%s: message key %q is not in the catalogue", f, m[1])
			}
		}
	}
	dynamic := map[string][]string{
		"hotline.category.":      {"consult", "help", "complaint", "report", "suggestion", "praise"},
		"hotline.state.":         {"received", "dispatched", "handling", "replied", "concluded", "closed", "merged"},
		"hotline.channel.":       {"phone", "web", "mobile", "open311"},
		"hotline.light.":         {"green", "yellow", "red"},
		"hotline.satisfaction.":  {"satisfied", "basic", "unsatisfied", "unreached"},
		"hotline.event.":         {"intake", "dispatch", "redispatch", "return", "sign", "reply", "conclude", "answer", "urge", "merge", "merged_in", "callback", "rate", "reopen"},
		"hotline.ui.queue.":      {"waiting", "replied", "callbacks"},
		"hotline.text.required_": {"return", "redispatch", "reply", "answer", "urge"},
	}
	for prefix, names := range dynamic {
		for _, n := range names {
			if !cat.Has(prefix + n) {
				t.Errorf("no message %s%s", prefix, n)
			}
		}
	}
	for _, k := range cat.Missing(i18n.English) {
		if strings.HasPrefix(k, "hotline.") || strings.HasPrefix(k, "open311.") {
			t.Errorf("message %s has no English text", k)
		}
	}
}
