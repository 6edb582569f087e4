package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var (
	createdClientID = regexp.MustCompile(`<code id="created-client-id">(tbc_[a-z0-9]+)</code>`)
	createdSecret   = regexp.MustCompile(`<code id="created-secret">(tbs_[A-Za-z0-9_-]+)</code>`)
	revokeForm      = regexp.MustCompile(`action="(/admin/api-clients/\d+/revoke)"`)
)

func TestAPIClientsConsole(t *testing.T) {
	t.Parallel()
	srv := newDemoServer(t)
	admin := signIn(t, srv, "admin")

	page := admin.getOK("/admin/api-clients")
	mustContain(t, "empty list", page, "业务系统接入", "没有", `<label for="name">系统名称</label>`, "县市场监管局",
		`name="roles" value="dept_reviewer"`, `name="roles" value="dept_head"`, `name="roles" value="window_clerk"`)
	mustNotContain(t, "empty list", page, `value="system_admin"`, `id="created-secret"`)

	// Mistakes come back next to their fields, with what was typed.
	bad := admin.post("/admin/api-clients", page, url.Values{"name": {"审批系统"}, "department_id": {""}})
	wantStatus(t, "no department", bad, http.StatusUnprocessableEntity)
	mustContain(t, "no department", bad.body, `<a href="#department_id">`, `<a href="#roles">`, `value="审批系统"`, `id="roles-error">请至少选择一个角色。`)

	dept := regexp.MustCompile(`<option value="(\d+)">县市场监管局</option>`).FindStringSubmatch(page)
	if dept == nil {
		t.Fatalf("no 县市场监管局 option\n%s", page)
	}
	res := admin.post("/admin/api-clients", page, url.Values{"name": {"市场监管审批系统"}, "department_id": {dept[1]},
		"roles": {"dept_reviewer", "window_clerk"}})
	wantStatus(t, "create", res, http.StatusOK)
	if res.header.Get("Cache-Control") != "no-store" {
		t.Errorf("the page with the secret may be cached: %q", res.header.Get("Cache-Control"))
	}
	id, secret := createdClientID.FindStringSubmatch(res.body), createdSecret.FindStringSubmatch(res.body)
	if id == nil || secret == nil {
		t.Fatalf("the new credentials are not shown\n%s", res.body)
	}
	mustContain(t, "created", res.body, "请立即复制密钥", "/api/v1/oauth/token", "部门审核人员", "从未使用")

	// The secret is shown that once, and works.
	list := admin.getOK("/admin/api-clients")
	mustContain(t, "list", list, "市场监管审批系统", id[1], "县市场监管局", "窗口人员、部门审核人员", "使用中")
	mustNotContain(t, "list", list, secret[1])
	tok, err := http.PostForm(srv.URL+"/api/v1/oauth/token", url.Values{"grant_type": {"client_credentials"},
		"client_id": {id[1]}, "client_secret": {secret[1]}})
	if err != nil {
		t.Fatal(err)
	}
	var body struct {
		AccessToken string `json:"access_token"`
	}
	_ = json.NewDecoder(tok.Body).Decode(&body)
	tok.Body.Close()
	if tok.StatusCode != http.StatusOK || body.AccessToken == "" {
		t.Fatalf("token with the shown secret: %d", tok.StatusCode)
	}
	list = admin.getOK("/admin/api-clients")
	mustNotContain(t, "after use", list, "从未使用")

	// Revoking keeps the client listed, marked, with no revoke button.
	m := revokeForm.FindStringSubmatch(list)
	if m == nil {
		t.Fatalf("no revoke button\n%s", list)
	}
	wantRedirect(t, "revoke", admin.post(m[1], list, url.Values{}), "/admin/api-clients")
	list = admin.getOK("/admin/api-clients")
	mustContain(t, "revoked", list, "已停用（")
	mustNotContain(t, "revoked", list, m[1])

	trail := admin.getOK("/admin/audit")
	mustContain(t, "audit", trail, "创建业务系统接入凭据", "停用业务系统接入凭据")
	if strings.Contains(trail, secret[1]) {
		t.Error("the audit trail shows the secret")
	}

	// Department staff neither see nor manage the credentials.
	reviewer := signIn(t, srv, "reviewer.scjg")
	wantStatus(t, "reviewer list", reviewer.get("/admin/api-clients"), http.StatusForbidden)
	wantStatus(t, "reviewer creates", reviewer.post("/admin/api-clients", reviewer.getOK("/staff"), url.Values{
		"name": {"某系统"}, "department_id": {dept[1]}, "roles": {"dept_reviewer"}}), http.StatusForbidden)
	wantRedirect(t, "anonymous list", newBrowser(t, srv).get("/admin/api-clients"), "/staff/login")
}
