package web_test

import (
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tongban/tongban/internal/httpserver"
	"github.com/tongban/tongban/internal/platform/i18n"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/region"
	"github.com/tongban/tongban/internal/testkit"
)

const demoPassword = "Tongban@2026"

// newDemoServer runs the real app over a fresh database with the demo county.
func newDemoServer(t *testing.T) *httptest.Server {
	t.Helper()
	_, srv := testkit.DemoServer(t)
	return srv
}

// browser is a cookie-keeping client that does not follow redirects.
type browser struct {
	t   *testing.T
	srv *httptest.Server
	c   *http.Client
}

func newBrowser(t *testing.T, srv *httptest.Server) *browser {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &browser{t: t, srv: srv, c: c}
}

// signIn returns a browser signed in as a demo staff member.
func signIn(t *testing.T, srv *httptest.Server, username string) *browser {
	t.Helper()
	return signInWith(t, srv, username, demoPassword)
}

func signInWith(t *testing.T, srv *httptest.Server, username, password string) *browser {
	t.Helper()
	b := newBrowser(t, srv)
	res := b.post("/staff/login", "", url.Values{"username": {username}, "password": {password}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("sign in as %s: status %d\n%s", username, res.status, res.body)
	}
	return b
}

type response struct {
	status   int
	header   http.Header
	body     string
	location string
}

func (b *browser) do(req *http.Request) response {
	b.t.Helper()
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: string(body), location: resp.Header.Get("Location")}
}

func (b *browser) get(path string) response {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodGet, b.srv.URL+path, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.do(req)
}

// getOK fetches a page that must answer 200.
func (b *browser) getOK(path string) string {
	b.t.Helper()
	res := b.get(path)
	if res.status != http.StatusOK {
		b.t.Fatalf("GET %s: status %d, want 200\n%s", path, res.status, res.body)
	}
	return res.body
}

var csrfInput = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// csrfToken reads the CSRF token of a page's form, failing the test if there is none.
func (b *browser) csrfToken(path, page string) string {
	b.t.Helper()
	m := csrfInput.FindStringSubmatch(page)
	if m == nil {
		b.t.Fatalf("POST %s: no csrf_token in the page", path)
	}
	return html.UnescapeString(m[1])
}

// post submits a form as a browser would: with the CSRF token of the page it
// came from (if any) and the server's own Origin.
func (b *browser) post(path, page string, form url.Values) response {
	b.t.Helper()
	if page != "" {
		form.Set("csrf_token", b.csrfToken(path, page))
	}
	req, err := http.NewRequest(http.MethodPost, b.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", b.srv.URL)
	return b.do(req)
}

// submit loads the page holding a form and posts the form from it.
func (b *browser) submit(pagePath, action string, form url.Values) response {
	b.t.Helper()
	return b.post(action, b.getOK(pagePath), form)
}

func mustContain(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s: missing %q", what, w)
		}
	}
}

func mustNotContain(t *testing.T, what, body string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(body, w) {
			t.Errorf("%s: unexpectedly contains %q", what, w)
		}
	}
}

// linkID finds the id in the first link to prefix+id whose text is text.
func linkID(t *testing.T, body, prefix, text string) string {
	t.Helper()
	re := regexp.MustCompile(`<a href="` + regexp.QuoteMeta(prefix) + `(\d+)">` + regexp.QuoteMeta(text) + `</a>`)
	m := re.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no link %s… reading %q", prefix, text)
	}
	return m[1]
}

func wantRedirect(t *testing.T, what string, res response, prefix string) {
	t.Helper()
	if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, prefix) {
		t.Fatalf("%s: status %d location %q, want 303 to %s…\n%s", what, res.status, res.location, prefix, res.body)
	}
}

func wantStatus(t *testing.T, what string, res response, status int) {
	t.Helper()
	if res.status != status {
		t.Fatalf("%s: status %d, want %d\n%s", what, res.status, status, res.body)
	}
}

func TestDirectoryDepartmentsAndHalls(t *testing.T) {
	t.Parallel()
	srv := newDemoServer(t)
	admin := signIn(t, srv, "admin")

	list := admin.getOK("/admin/departments")
	mustContain(t, "/admin/departments", list, "庄浪县市场监督管理局", "县市场监管局", "政府工作部门", "庄浪县",
		`href="/admin/departments/new"`, "新建部门", `<th scope="col">`)

	// A new department, then a mistaken one shown again with its errors.
	wantRedirect(t, "create department", admin.submit("/admin/departments/new", "/admin/departments/new", url.Values{
		"name": {"庄浪县测试服务局"}, "short_name": {"县测试局"}, "slug": {"test-bureau"}, "kind": {region.KindInstitution},
		"region_code": {"620825"}, "phone": {"0933-0000000"}, "note": {"测试用"},
	}), "/admin/departments")
	list = admin.getOK("/admin/departments")
	mustContain(t, "list after create", list, "庄浪县测试服务局", "县测试局", "事业单位")

	bad := admin.submit("/admin/departments/new", "/admin/departments/new", url.Values{
		"name": {""}, "slug": {"Not A Slug!"}, "kind": {region.KindGovernment}, "region_code": {"620825"},
	})
	wantStatus(t, "bad department", bad, http.StatusUnprocessableEntity)
	mustContain(t, "bad department", bad.body, `class="error-summary"`, `<a href="#slug">`,
		`id="slug-error">标识只能包含小写字母、数字和连字符。`, `id="name-error">此项为必填项。`, `value="Not A Slug!"`)

	// A slug that is taken keeps the form, with the reason next to the field.
	dup := admin.submit("/admin/departments/new", "/admin/departments/new", url.Values{
		"name": {"另一个局"}, "slug": {"market-regulation"}, "kind": {region.KindGovernment}, "region_code": {"620825"},
	})
	wantStatus(t, "duplicate slug", dup, http.StatusUnprocessableEntity)
	mustContain(t, "duplicate slug", dup.body, `id="slug-error">该标识或名称已被本区划的其他部门使用。`, `value="另一个局"`)

	// Edit: deactivate and rename; the region stays.
	deptID := linkID(t, list, "/admin/departments/", "庄浪县测试服务局")
	edit := admin.getOK("/admin/departments/" + deptID)
	mustContain(t, "edit form", edit, `value="test-bureau"`, `id="active"`, "checked", "测试用")
	wantRedirect(t, "update department", admin.post("/admin/departments/"+deptID, edit, url.Values{
		"name": {"庄浪县测试服务局"}, "short_name": {"县测试服务局"}, "slug": {"test-bureau"}, "kind": {region.KindUtility}, "note": {""},
	}), "/admin/departments")
	list = admin.getOK("/admin/departments")
	mustContain(t, "list after edit", list, "县测试服务局", "公用事业单位", "停用")

	// The county hall and its ten windows.
	halls := admin.getOK("/admin/halls")
	hallID := linkID(t, halls, "/admin/halls/", "庄浪县政务服务中心")
	hall := admin.getOK("/admin/halls/" + hallID)
	mustContain(t, "hall page", hall, "庄浪县政务服务中心", "共 10 条", "无差别全科综合", "商事登记", "投资项目审批", "不动产登记",
		"税务服务", "公安综合", "民政司法", "社保医保", "公积金", "水电气暖民生综合", "县市场监管局", "添加窗口")
	if n := strings.Count(hall, `name="department_ids"`); n < 10 {
		t.Errorf("hall page offers %d departments for a new window, want the county's", n)
	}

	// Add a window serving the new department; a taken number and a bad number are shown again.
	wantRedirect(t, "add window", admin.post("/admin/halls/"+hallID+"/windows", hall, url.Values{
		"number": {"11"}, "name": {"测试窗口"}, "comprehensive": {"on"}, "department_ids": {deptID},
	}), "/admin/halls/"+hallID)
	hall = admin.getOK("/admin/halls/" + hallID)
	mustContain(t, "hall after add", hall, "测试窗口", "县测试服务局", "共 11 条")
	taken := admin.post("/admin/halls/"+hallID+"/windows", hall, url.Values{"number": {"11"}, "name": {"又一个窗口"}, "department_ids": {deptID}})
	wantStatus(t, "taken window number", taken, http.StatusUnprocessableEntity)
	mustContain(t, "taken window number", taken.body, `id="number-error">该大厅已有这个窗口号或窗口名称。`, `value="又一个窗口"`)
	badNumber := admin.post("/admin/halls/"+hallID+"/windows", hall, url.Values{"number": {"abc"}, "name": {"又一个窗口"}})
	wantStatus(t, "bad window number", badNumber, http.StatusUnprocessableEntity)
	mustContain(t, "bad window number", badNumber.body, `id="number-error">窗口号应为 1 至 999。`)

	// A township convenience centre.
	halls = admin.getOK("/admin/halls")
	res := admin.post("/admin/halls/new", halls, url.Values{"region_code": {"620825101"}, "name": {"南湖镇便民服务中心"}, "hours": {"工作日"}})
	wantRedirect(t, "create hall", res, "/admin/halls/")
	mustContain(t, "new hall", admin.getOK(res.location), "南湖镇便民服务中心", "南湖镇", "工作日")
	noName := admin.post("/admin/halls/new", halls, url.Values{"region_code": {"620825101"}, "name": {""}})
	wantStatus(t, "hall without name", noName, http.StatusUnprocessableEntity)
	mustContain(t, "hall without name", noName.body, `id="name-error">此项为必填项。`)
}

func TestDirectoryStaffAndAudit(t *testing.T) {
	t.Parallel()
	srv := newDemoServer(t)
	admin := signIn(t, srv, "admin")

	list := admin.getOK("/admin/staff")
	mustContain(t, "/admin/staff", list, "clerk.nanhu", "孙南湖", "窗口人员", "南湖镇", "reviewer.scjg", "部门审核人员", "县市场监管局",
		"系统管理员", "启用", `href="/admin/staff/new"`)

	// A bad username is shown next to its field and in the summary.
	form := admin.getOK("/admin/staff/new")
	mustContain(t, "new staff form", form, `name="roles" value="system_admin"`, `name="roles" value="window_clerk"`,
		`<label for="username">`, `<label for="department_id">`, "不限部门")
	bad := admin.post("/admin/staff/new", form, url.Values{"username": {"X!"}, "name": {"测试员"}, "region_code": {"620825101"},
		"roles": {"window_clerk"}, "password": {demoPassword}})
	wantStatus(t, "bad username", bad, http.StatusUnprocessableEntity)
	mustContain(t, "bad username", bad.body, `<a href="#username">`,
		`<p class="error-message" id="username-error">用户名为 3 至 32 位小写字母、数字或 . _ -，以字母开头。</p>`,
		`value="测试员"`, `name="roles" value="window_clerk" checked`)
	mustNotContain(t, "bad username", bad.body, demoPassword)

	res := admin.post("/admin/staff/new", form, url.Values{"username": {"clerk.test"}, "name": {"测试员"}, "region_code": {"620825101"},
		"department_id": {""}, "roles": {"window_clerk"}, "password": {"Welcome@2026"}})
	wantRedirect(t, "create staff", res, "/admin/staff/")
	mustContain(t, "new staff page", admin.getOK(res.location), "clerk.test", "测试员", "窗口人员", "南湖镇")
	signInWith(t, srv, "clerk.test", "Welcome@2026").getOK("/staff")

	// Change clerk.zhudian's roles; an empty choice is refused.
	zhudian := linkID(t, list, "/admin/staff/", "clerk.zhudian")
	page := admin.getOK("/admin/staff/" + zhudian)
	empty := admin.post("/admin/staff/"+zhudian+"/roles", page, url.Values{})
	wantStatus(t, "no roles", empty, http.StatusUnprocessableEntity)
	mustContain(t, "no roles", empty.body, `id="roles-error">请至少选择一个角色。`)
	wantRedirect(t, "set roles", admin.post("/admin/staff/"+zhudian+"/roles", page, url.Values{"roles": {"window_clerk", "dept_reviewer"}}),
		"/admin/staff/"+zhudian)
	mustContain(t, "after roles", admin.getOK("/admin/staff/"+zhudian), "窗口人员、部门审核人员")

	// Nobody is offered a form to change their own roles.
	self := admin.getOK("/admin/staff/" + linkID(t, list, "/admin/staff/", "admin"))
	mustContain(t, "own page", self, "角色须由其他管理员修改")
	mustNotContain(t, "own page", self, `/roles"`)

	trail := admin.getOK("/admin/audit")
	mustContain(t, "/admin/audit", trail, "修改角色", "window_clerk -&gt; window_clerk,dept_reviewer", "工作人员 赵管理",
		"创建工作人员账号", "登录", "朱店镇", `<label for="action">`, `<option value="staff.roles">修改角色</option>`)
	mustNotContain(t, "/admin/audit", trail, ">audit.action.", ">audit.actor.", ">audit.target.")
	if !regexp.MustCompile(`<td>20\d\d-\d\d-\d\d \d\d:\d\d:\d\d</td>`).MatchString(trail) {
		t.Error("/admin/audit: no time in 2006-01-02 15:04:05 form")
	}
	filtered := admin.getOK("/admin/audit?action=staff.roles")
	mustContain(t, "filtered audit", filtered, "共 1 条", `<td>修改角色</td>`, `<option value="staff.roles" selected>`)
	mustNotContain(t, "filtered audit", filtered, `<td>登录</td>`)
	mustContain(t, "late page", admin.getOK("/admin/audit?page=9"), "第 9 页", "没有符合条件的记录")

	// The supervisor reads the trail of the county, but manages nobody.
	supervisor := signIn(t, srv, "supervisor")
	trail = supervisor.getOK("/admin/audit")
	mustContain(t, "supervisor audit", trail, "修改角色", `href="/staff"`)
	mustNotContain(t, "supervisor staff list", supervisor.getOK("/admin/staff"), `href="/admin/staff/new"`)
	wantStatus(t, "supervisor new staff", supervisor.get("/admin/staff/new"), http.StatusForbidden)
}

func TestDirectoryForbidden(t *testing.T) {
	t.Parallel()
	srv := newDemoServer(t)
	clerk := signIn(t, srv, "clerk.nanhu")
	for _, path := range []string{"/admin/departments/new", "/admin/staff", "/admin/staff/new", "/admin/audit", "/admin/departments/1"} {
		wantStatus(t, "clerk GET "+path, clerk.get(path), http.StatusForbidden)
	}
	page := clerk.getOK("/staff")
	wantStatus(t, "clerk creates a department", clerk.post("/admin/departments/new", page, url.Values{
		"name": {"南湖镇某所"}, "slug": {"nanhu-office"}, "kind": {region.KindGovernment}, "region_code": {"620825101"},
	}), http.StatusForbidden)
	wantStatus(t, "clerk creates staff", clerk.post("/admin/staff/new", page, url.Values{
		"username": {"sneaky"}, "name": {"某某"}, "region_code": {"620825101"}, "roles": {"system_admin"}, "password": {demoPassword},
	}), http.StatusForbidden)

	reviewer := signIn(t, srv, "reviewer.scjg")
	wantStatus(t, "reviewer audit", reviewer.get("/admin/audit"), http.StatusForbidden)
	wantStatus(t, "reviewer staff", reviewer.get("/admin/staff"), http.StatusForbidden)

	anon := newBrowser(t, srv)
	res := anon.get("/admin/audit")
	wantRedirect(t, "anonymous audit", res, "/staff/login")
}

func TestDirectoryEnglish(t *testing.T) {
	t.Parallel()
	srv := newDemoServer(t)
	admin := signIn(t, srv, "admin")
	u, _ := url.Parse(srv.URL)
	admin.c.Jar.SetCookies(u, []*http.Cookie{{Name: httpserver.LangCookie, Value: "en", Path: "/"}})
	mustContain(t, "english departments", admin.getOK("/admin/departments"), "Full name", "Government department", "New department")
	mustContain(t, "english staff", admin.getOK("/admin/staff"), "Window clerk", "Status")
	mustContain(t, "english audit", admin.getOK("/admin/audit"), "Sign-in", "Action")
}

// TestDirectoryMessageKeys checks that every key the console pages use is in
// the catalogue, including those built from data (kinds, roles).
func TestDirectoryMessageKeys(t *testing.T) {
	t.Parallel()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("templates/admin_*.html")
	if err != nil {
		t.Fatal(err)
	}
	key := regexp.MustCompile(`\.(?:T|Input|Optional) "[^"]*"(?: "[^"]*")*`)
	quoted := regexp.MustCompile(`"([a-z_]+(?:\.[a-z_]+)+)"`)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, call := range key.FindAllString(string(b), -1) {
			for _, m := range quoted.FindAllStringSubmatch(call, -1) {
				if !cat.Has(m[1]) {
					t.Errorf("%s: message key %q is not in the catalogue", f, m[1])
				}
			}
		}
	}
	for _, k := range region.DepartmentKinds {
		if !cat.Has("dept.kind." + k) {
			t.Errorf("no message for department kind %s", k)
		}
	}
	for _, r := range principal.Roles {
		if !cat.Has("role." + string(r)) {
			t.Errorf("no message for role %s", r)
		}
	}
	if m := cat.Missing(i18n.English); len(m) > 0 {
		for _, k := range m {
			if strings.HasPrefix(k, "dept.") || strings.HasPrefix(k, "hall.") || strings.HasPrefix(k, "window.") ||
				strings.HasPrefix(k, "staff.") || strings.HasPrefix(k, "audit.") || strings.HasPrefix(k, "directory.") {
				t.Errorf("message %s has no English text", k)
			}
		}
	}
}
