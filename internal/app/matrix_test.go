package app_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/tongban/tongban/internal/app"
	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/catalog"
	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/testkit"
)

// The principals of the authorization matrix, in column order.
var matrixPrincipals = []string{"anon", "citizen", "nanhu", "reviewer", "supervisor", "itemadmin", "admin"}

// matrixLogins signs each principal in: a citizen by ID number, staff by username.
var matrixLogins = map[string]string{
	"citizen": "620825196302140118", "nanhu": "clerk.nanhu", "reviewer": "reviewer.scjg",
	"supervisor": "supervisor", "itemadmin": "itemadmin", "admin": "admin",
}

// matrixFixture holds the ids the concrete paths need.
type matrixFixture struct {
	zhudianPerson, nanhuPerson, zhudianStaff, dept, hall, window int64
	saveItem, submitItem, reviewItem, stateItem, entry, synonym  int64  // catalog fixtures
	css                                                          string // the hashed stylesheet URL
	caseID                                                       int64  // 王建国's submitted 食品经营许可 case
	applicationID                                                int64  // the application that case was submitted from
	uploadID                                                     int64  // a PDF 王建国 uploaded
	noticeID                                                     int64  // 王建国's notice of his submission
	onlineDelivery, mailDelivery                                 int64  // deliveries of 王建国's cases (送达)
	licenseID                                                    int64  // 王建国's own licence (就业创业证)
	licenseIdentifier                                            string // its GB/T 36904 identifier
	marketLicense, marketSeal                                    int64  // a demo 营业执照 of 县市场监管局 and its seal
	ratingService, ratingTask, visit                             int64  // 好差评: a rated service, its task, a window visit

	hotline hotlineFixture // 12345 tickets (matrix_hotline_test.go)
}

// A route case: how to call a route, and the expected status per principal in
// matrixPrincipals order.
type routeCase struct {
	path string // with wildcards filled in; may use fixture ids through fmt verbs
	body string // form values or JSON, by the route's surface
	want [7]int
}

func s(v ...int) [7]int { return [7]int(v) }

func newMatrixApp(t *testing.T) (*app.App, matrixFixture) {
	t.Helper()
	a := testkit.DemoApp(t)
	ctx := context.Background()
	var f matrixFixture
	one := func(region string) int64 {
		ps, _, err := a.Store.ListPeople(ctx, identity.PeopleFilter{RegionPrefix: region, Limit: 1})
		if err != nil || len(ps) == 0 {
			t.Fatalf("no demo person in %s: %v", region, err)
		}
		return ps[0].ID
	}
	f.zhudianPerson, f.nanhuPerson = one("620825102"), one("620825101")
	st, err := a.Store.FindStaffByUsername(ctx, "clerk.zhudian")
	if err != nil {
		t.Fatal(err)
	}
	f.zhudianStaff = st.ID
	d, err := a.Store.GetDepartmentBySlug(ctx, "market-regulation")
	if err != nil {
		t.Fatal(err)
	}
	f.dept = d.ID
	halls, err := a.Store.ListHalls(ctx, "620825")
	if err != nil || len(halls) == 0 {
		t.Fatal(err)
	}
	f.hall = halls[0].ID
	ws, err := a.Store.ListWindows(ctx, f.hall)
	if err != nil || len(ws) == 0 {
		t.Fatal(err)
	}
	f.window = ws[0].ID
	srv := httptest.NewServer(a.Handler())
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`href="(/static/app\.[0-9a-f]+\.css)"`).FindSubmatch(page)
	if m == nil {
		t.Fatal("no stylesheet link on the home page")
	}
	f.css = string(m[1])
	slugID := func(slug string) int64 {
		it, err := a.Store.GetItemBySlug(ctx, slug)
		if err != nil {
			t.Fatalf("demo item %s: %v", slug, err)
		}
		return it.ID
	}
	// Every mutating catalog route works on its own market-regulation item, so
	// the rows do not depend on each other.
	f.saveItem, f.submitItem, f.reviewItem, f.stateItem = slugID("ibiz-register"), slugID("ibiz-change"), slugID("ent-register"), slugID("ibiz-cancel")
	entries, err := a.Store.ListEntries(ctx, catalog.EntryFilter{VisibleIn: "620825", Query: "食品小作坊登记"})
	if err != nil || len(entries) != 1 {
		t.Fatalf("demo entry 食品小作坊登记: %v %v", entries, err)
	}
	f.entry = entries[0].ID
	syns, err := a.Store.ListSynonyms(ctx, "620825")
	if err != nil || len(syns) == 0 {
		t.Fatalf("demo synonyms: %v %v", syns, err)
	}
	f.synonym = syns[0].ID
	// 王建国 (the citizen column) has applied for 食品经营许可 of 县市场监管局.
	wang, err := a.Store.FindPersonByIDNumber(ctx, identity.IDNumber(matrixLogins["citizen"]))
	if err != nil {
		t.Fatal(err)
	}
	me := testkit.AsPerson(ctx, wang.ID, wang.Name)
	up, err := a.Uploads.Put(me, "营业执照.pdf", strings.NewReader("%PDF-1.7\n%%EOF\n"))
	if err != nil {
		t.Fatal(err)
	}
	f.uploadID = up.ID
	draft, err := a.Cases.SaveDraft(me, casework.Application{ItemID: slugID("food-biz-license"), Form: testkit.Form("phone", "13900001111"),
		Materials: []casework.MaterialCheck{{Name: "营业执照", Provided: true, FileID: up.ID, FileName: up.Name, Trust: casework.TrustUploaded}}})
	if err != nil {
		t.Fatal(err)
	}
	c, err := a.Cases.Submit(me, draft.ID)
	if err != nil {
		t.Fatal(err)
	}
	f.caseID = c.ID
	f.applicationID = draft.ID
	f.noticeID, f.onlineDelivery, f.mailDelivery = matrixDeliveries(t, a, me, c, slugID("food-biz-license"))
	f.licenseID, f.licenseIdentifier = matrixLicense(t, a, wang)
	f.marketLicense, f.marketSeal = matrixMarketLicense(t, a, f.dept)
	f.ratingService, f.ratingTask, f.visit = matrixRatings(t, a, me, c.ID)
	f.hotline = matrixHotline(t, a, me, f.uploadID)
	return a, f
}

// login returns a fresh session token of the given kind for principal who.
func login(t *testing.T, a *app.App, who, kind string) (token, csrf string) {
	t.Helper()
	ctx := context.Background()
	var err error
	if who == "citizen" {
		_, token, err = a.Identity.Login(ctx, matrixLogins[who], "Tongban@2026", kind)
	} else {
		_, token, err = a.Identity.StaffLogin(ctx, matrixLogins[who], "Tongban@2026", kind)
	}
	if err != nil {
		t.Fatalf("login %s: %v", who, err)
	}
	if kind == identity.SessionWeb {
		au, err := a.Identity.Authenticate(ctx, token, kind)
		if err != nil {
			t.Fatal(err)
		}
		csrf = au.Session.CSRFToken
	}
	return token, csrf
}

func call(t *testing.T, srv *httptest.Server, a *app.App, who, method, path, body string) int {
	t.Helper()
	api := strings.HasPrefix(path, "/api/")
	var form url.Values
	if !api && body != "" {
		var err error
		if form, err = url.ParseQuery(body); err != nil {
			t.Fatal(err)
		}
	}
	var headers = http.Header{}
	if who != "anon" {
		if api {
			token, _ := login(t, a, who, identity.SessionAPI)
			headers.Set("Authorization", "Bearer "+token)
		} else {
			token, csrf := login(t, a, who, identity.SessionWeb)
			headers.Set("Cookie", "tongban_session="+token)
			if method != http.MethodGet {
				if form == nil {
					form = url.Values{}
				}
				form.Set("csrf_token", csrf)
			}
		}
	}
	var rd io.Reader
	switch {
	case api && body != "":
		rd = strings.NewReader(body)
		headers.Set("Content-Type", "application/json")
	case form != nil:
		rd = strings.NewReader(form.Encode())
		headers.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req, err := http.NewRequest(method, srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header = headers
	if method != http.MethodGet {
		req.Header.Set("Origin", srv.URL)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

func TestAuthorizationMatrix(t *testing.T) {
	t.Parallel()
	a, f := newMatrixApp(t)
	srv := httptest.NewServer(a.Handler())
	defer srv.Close()
	cases := matrixCases(f)
	record := os.Getenv("TONGBAN_MATRIX_RECORD") != ""
	var lines []string
	for _, r := range a.Server.Router.Routes() {
		key := r.Method + " " + r.Pattern
		c, ok := cases[key]
		if !ok && !record {
			t.Errorf("route %s has no row in the authorization matrix", key)
			continue
		}
		if c.path == "" {
			c.path = r.Pattern
		}
		var got [7]int
		for i, who := range matrixPrincipals {
			got[i] = call(t, srv, a, who, r.Method, c.path, c.body)
		}
		if record {
			parts := make([]string, 7)
			for i, g := range got {
				parts[i] = strconv.Itoa(g)
			}
			lines = append(lines, fmt.Sprintf("%-45s %s", key, strings.Join(parts, " ")))
			continue
		}
		if got != c.want {
			t.Errorf("%s %s:\n  got  %v\n  want %v  (%s)", r.Method, c.path, got, c.want, strings.Join(matrixPrincipals, " "))
		}
	}
	if record {
		sort.Strings(lines)
		t.Log("\n" + strings.Join(lines, "\n"))
	}
}

// matrixCases is the authorization matrix: every route, called as each principal
// (columns: anon, citizen, clerk of 南湖镇, reviewer of 县市场监管局, county
// supervisor, county item administrator, county system administrator) with the
// status each must get. Paths point at 朱店镇's people and staff where a route
// shows them, so the 南湖镇 clerk's column proves the scope rule. 303 for an
// anonymous GET is the redirect to sign in; 401 for anonymous writes and the API;
// 409 and 422 show that authorization passed and the request itself was refused.
// Status changes here are a review matter: rerun with TONGBAN_MATRIX_RECORD=1 to
// print what the server answers now.
func matrixCases(f matrixFixture) map[string]routeCase {
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	z, d, h, w := id(f.zhudianPerson), id(f.dept), id(f.hall), id(f.window)
	return map[string]routeCase{
		"GET /{$}":                       {path: "/", want: s(200, 200, 200, 200, 200, 200, 200)},
		"GET /static/":                   {path: f.css, want: s(200, 200, 200, 200, 200, 200, 200)},
		"GET /healthz":                   {want: s(200, 200, 200, 200, 200, 200, 200)},
		"GET /readyz":                    {want: s(200, 200, 200, 200, 200, 200, 200)},
		"GET /metrics":                   {want: s(200, 200, 200, 200, 200, 200, 200)},
		"GET /sandbox/pay/{orderNo}":     {path: "/sandbox/pay/PAY2026030200000000", want: s(404, 404, 404, 404, 404, 404, 404)},
		"POST /sandbox/pay/{orderNo}":    {path: "/sandbox/pay/PAY2026030200000000", body: "action=cancel", want: s(404, 404, 404, 404, 404, 404, 404)},
		"POST /api/v1/payments/callback": {want: s(422, 422, 422, 422, 422, 422, 422)},
		"POST /prefs":                    {body: "mode=elderly&next=/", want: s(303, 303, 303, 303, 303, 303, 303)},
		"GET /register":                  {want: s(200, 303, 200, 200, 200, 200, 200)},
		"POST /register":                 {body: "name=测试&id_number=110105194912310021&phone=13900009999&region_code=620825101&password=Secret%232026&password_confirm=Secret%232026", want: s(422, 422, 422, 422, 422, 422, 422)},
		"GET /login":                     {want: s(200, 200, 200, 200, 200, 200, 200)},
		"POST /login":                    {body: "login=13900009999&password=wrong-password", want: s(422, 422, 422, 422, 422, 422, 422)},
		"POST /logout":                   {want: s(303, 303, 303, 303, 303, 303, 303)},
		"GET /me":                        {want: s(303, 200, 403, 403, 403, 403, 403)},
		"GET /me/orgs/new":               {want: s(303, 200, 403, 403, 403, 403, 403)},
		"POST /me/orgs/new":              {body: "credit_code=91350100M000100Y44&name=示例公司&legal_rep=王建国", want: s(401, 422, 403, 403, 403, 403, 403)},
		"POST /me/act":                   {body: "org_id=0", want: s(401, 303, 403, 403, 403, 403, 403)},
		"GET /staff/login":               {want: s(200, 200, 200, 200, 200, 200, 200)},
		"POST /staff/login":              {body: "username=nobody&password=wrong-password", want: s(422, 422, 422, 422, 422, 422, 422)},
		"GET /staff":                     {want: s(303, 403, 200, 200, 200, 200, 200)},
		"GET /staff/people":              {path: "/staff/people?region=620825102", want: s(303, 403, 403, 200, 200, 403, 200)},
		"GET /staff/people/{id}":         {path: "/staff/people/" + z, want: s(303, 403, 403, 200, 200, 403, 200)},
		"POST /staff/people/{id}/reveal": {path: "/staff/people/" + z + "/reveal", body: "field=phone", want: s(401, 403, 403, 200, 403, 403, 200)},
		"GET /admin":                     {want: s(303, 403, 403, 403, 403, 200, 200)},
		"GET /admin/regions":             {want: s(303, 403, 403, 403, 403, 200, 200)},
		"POST /admin/regions/villages":   {body: "parent_code=620825102&code=620825102201&name=测试村", want: s(401, 403, 403, 403, 403, 403, 303)},
		"GET /admin/departments":         {want: s(303, 403, 200, 200, 200, 200, 200)},
		"GET /admin/departments/new":     {want: s(303, 403, 403, 403, 403, 403, 200)},
		"POST /admin/departments/new":    {body: "name=庄浪县测试局&short_name=县测试局&slug=test-bureau&kind=government_department&region_code=620825", want: s(401, 403, 403, 403, 403, 403, 303)},
		"GET /admin/departments/{id}":    {path: "/admin/departments/" + d, want: s(303, 403, 403, 403, 403, 403, 200)},
		"POST /admin/departments/{id}":   {path: "/admin/departments/" + d, body: "name=庄浪县市场监督管理局&short_name=县市场监管局&slug=market-regulation&kind=government_department&active=on", want: s(401, 403, 403, 403, 403, 403, 303)},
		"GET /admin/halls":               {want: s(303, 403, 200, 200, 200, 200, 200)},
		"POST /admin/halls/new":          {body: "name=南湖镇便民服务中心&region_code=620825101&address=南湖镇&hours=工作日", want: s(401, 403, 403, 403, 403, 403, 303)},
		"GET /admin/halls/{id}":          {path: "/admin/halls/" + h, want: s(303, 403, 403, 200, 200, 200, 200)},
		"POST /admin/halls/{id}/windows": {path: "/admin/halls/" + h + "/windows", body: "number=11&name=测试窗口", want: s(401, 403, 403, 403, 403, 403, 303)},
		"GET /admin/staff":               {path: "/admin/staff?region=620825102", want: s(303, 403, 403, 403, 200, 403, 200)},
		"GET /admin/staff/new":           {want: s(303, 403, 403, 403, 403, 403, 200)},
		"POST /admin/staff/new":          {body: "username=clerk.test&name=测试员&region_code=620825102&roles=window_clerk&password=Secret%232026", want: s(401, 403, 403, 403, 403, 403, 303)},
		"GET /admin/staff/{id}":          {path: "/admin/staff/" + id(f.zhudianStaff), want: s(303, 403, 403, 403, 200, 403, 200)},
		"POST /admin/staff/{id}/roles":   {path: "/admin/staff/" + id(f.zhudianStaff) + "/roles", body: "roles=window_clerk&roles=dept_reviewer", want: s(401, 403, 403, 403, 403, 403, 303)},
		"GET /admin/audit":               {want: s(303, 403, 403, 403, 200, 403, 200)},

		"GET /api/openapi.yaml":               {want: s(200, 200, 200, 200, 200, 200, 200)},
		"POST /api/v1/persons":                {body: `{"name":"测试","id_number":"110105194912310021","phone":"13900009998","region_code":"620825101","password":"Secret#2026","password_confirm":"Secret#2026"}`, want: s(422, 422, 422, 422, 422, 422, 422)},
		"POST /api/v1/tokens":                 {body: `{"username":"nobody","password":"wrong-password"}`, want: s(422, 422, 422, 422, 422, 422, 422)},
		"DELETE /api/v1/tokens/current":       {want: s(401, 204, 204, 204, 204, 204, 204)},
		"GET /api/v1/me":                      {want: s(401, 200, 200, 200, 200, 200, 200)},
		"GET /api/v1/me/organizations":        {want: s(401, 200, 403, 403, 403, 403, 403)},
		"POST /api/v1/me/organizations":       {body: `{"credit_code":"91350100M000100Y44","name":"示例公司","legal_rep":"王建国"}`, want: s(401, 422, 403, 403, 403, 403, 403)},
		"GET /api/v1/regions/{code}":          {path: "/api/v1/regions/620825102", want: s(200, 200, 200, 200, 200, 200, 200)},
		"GET /api/v1/regions/{code}/children": {path: "/api/v1/regions/620825/children", want: s(200, 200, 200, 200, 200, 200, 200)},
		"GET /api/v1/departments":             {want: s(401, 403, 200, 200, 200, 200, 200)},
		"GET /api/v1/departments/{id}":        {path: "/api/v1/departments/" + d, want: s(401, 403, 403, 200, 200, 200, 200)},
		"POST /api/v1/departments":            {body: `{"slug":"api-bureau","name":"庄浪县接口局","short_name":"县接口局","kind":"government_department","region_code":"620825"}`, want: s(401, 403, 403, 403, 403, 403, 201)},
		"PUT /api/v1/departments/{id}":        {path: "/api/v1/departments/" + d, body: `{"slug":"market-regulation","name":"庄浪县市场监督管理局","short_name":"县市场监管局","kind":"government_department","region_code":"620825","active":true}`, want: s(401, 403, 403, 403, 403, 403, 200)},
		"GET /api/v1/halls":                   {want: s(401, 403, 200, 200, 200, 200, 200)},
		"GET /api/v1/halls/{id}":              {path: "/api/v1/halls/" + h, want: s(401, 403, 403, 200, 200, 200, 200)},
		"POST /api/v1/halls":                  {body: `{"name":"朱店镇便民服务中心","region_code":"620825102"}`, want: s(401, 403, 403, 403, 403, 403, 201)},
		"POST /api/v1/halls/{id}/windows":     {path: "/api/v1/halls/" + h + "/windows", body: `{"number":12,"name":"接口窗口","comprehensive":true}`, want: s(401, 403, 403, 403, 403, 403, 201)},
		"PUT /api/v1/windows/{id}":            {path: "/api/v1/windows/" + w, body: `{"hall_id":` + h + `,"number":1,"name":"无差别全科综合","comprehensive":true,"active":true}`, want: s(401, 403, 403, 403, 403, 403, 200)},
		"GET /api/v1/people":                  {path: "/api/v1/people?region=620825102", want: s(401, 403, 403, 200, 200, 403, 200)},
		"GET /api/v1/people/{id}":             {path: "/api/v1/people/" + z, want: s(401, 403, 403, 200, 200, 403, 200)},
		"POST /api/v1/people/{id}/reveal":     {path: "/api/v1/people/" + z + "/reveal", body: `{"field":"phone"}`, want: s(401, 403, 403, 200, 403, 403, 200)},
		"GET /api/v1/organizations":           {path: "/api/v1/organizations?region=620825102", want: s(401, 403, 403, 200, 200, 403, 200)},
		"GET /api/v1/staff":                   {path: "/api/v1/staff?region=620825102", want: s(401, 403, 403, 403, 200, 403, 200)},
		"GET /api/v1/staff/{id}":              {path: "/api/v1/staff/" + id(f.zhudianStaff), want: s(401, 403, 403, 403, 200, 403, 200)},
		"POST /api/v1/staff":                  {body: `{"username":"api.clerk","name":"接口员","region_code":"620825102","roles":["window_clerk"],"password":"Secret#2026"}`, want: s(401, 403, 403, 403, 403, 403, 201)},
		"PUT /api/v1/staff/{id}/roles":        {path: "/api/v1/staff/" + id(f.zhudianStaff) + "/roles", body: `{"roles":["window_clerk","supervisor"]}`, want: s(401, 403, 403, 403, 403, 403, 200)},
		"GET /api/v1/audit":                   {want: s(401, 403, 403, 403, 200, 403, 200)},

		// The catalog: public channels.
		"GET /items":                            {path: "/items?topic=开办企业", want: s(200, 200, 200, 200, 200, 200, 200)},
		"GET /departments/{id}/items":           {path: "/departments/" + d + "/items", want: s(200, 200, 200, 200, 200, 200, 200)},
		"GET /guides/{slug}":                    {path: "/guides/food-biz-license", want: s(200, 200, 200, 200, 200, 200, 200)},
		"GET /guides/{slug}/pdf":                {path: "/guides/food-biz-license/pdf", want: s(200, 200, 200, 200, 200, 200, 200)},
		"GET /guides/{slug}/versions/{v}":       {path: "/guides/food-biz-license/versions/1", want: s(200, 200, 200, 200, 200, 200, 200)},
		"GET /apply/{slug}":                     {path: "/apply/food-biz-license", want: s(200, 200, 200, 200, 200, 200, 200)},
		"GET /bundles":                          {want: s(200, 200, 200, 200, 200, 200, 200)},
		"GET /bundles/{slug}":                   {path: "/bundles/bundle-open-restaurant", want: s(200, 200, 200, 200, 200, 200, 200)},
		"GET /search":                           {path: "/search?q=开饭店", want: s(200, 200, 200, 200, 200, 200, 200)},
		"GET /api/v1/items":                     {path: "/api/v1/items?topic=开办企业", want: s(200, 200, 200, 200, 200, 200, 200)},
		"GET /api/v1/items/{slug}":              {path: "/api/v1/items/food-biz-license", want: s(200, 200, 200, 200, 200, 200, 200)},
		"GET /api/v1/items/{slug}/versions":     {path: "/api/v1/items/food-biz-license/versions", want: s(200, 200, 200, 200, 200, 200, 200)},
		"GET /api/v1/items/{slug}/versions/{v}": {path: "/api/v1/items/food-biz-license/versions/1", want: s(200, 200, 200, 200, 200, 200, 200)},
		"GET /api/v1/bundles":                   {want: s(200, 200, 200, 200, 200, 200, 200)},
		"GET /api/v1/bundles/{slug}":            {path: "/api/v1/bundles/bundle-open-restaurant", want: s(200, 200, 200, 200, 200, 200, 200)},
		"GET /api/v1/license-types":             {want: s(200, 200, 200, 200, 200, 200, 200)},
		"GET /api/v1/search":                    {path: "/api/v1/search?q=开饭店", want: s(200, 200, 200, 200, 200, 200, 200)},
		"GET /api/v1/search/suggest":            {path: "/api/v1/search/suggest?q=食品", want: s(200, 200, 200, 200, 200, 200, 200)},

		// The catalog: staff.
		"GET /staff/catalog":                     {want: s(303, 403, 200, 200, 200, 200, 200)},
		"GET /staff/catalog/entries":             {want: s(303, 403, 200, 200, 200, 200, 200)},
		"POST /staff/catalog/entries/{id}/claim": {path: "/staff/catalog/entries/" + id(f.entry) + "/claim", body: "department_id=" + d, want: s(401, 403, 403, 303, 403, 409, 403)},
		"GET /staff/catalog/items/{id}":          {path: "/staff/catalog/items/" + id(f.saveItem), want: s(303, 403, 403, 200, 200, 200, 200)},
		"POST /staff/catalog/items/{id}":         {path: "/staff/catalog/items/" + id(f.saveItem), body: "name=个体工商户设立登记&item_type=01&promised_days=0&project_type=1", want: s(401, 403, 403, 200, 403, 200, 403)},
		"POST /staff/catalog/items/{id}/submit":  {path: "/staff/catalog/items/" + id(f.submitItem) + "/submit", want: s(401, 403, 403, 409, 403, 409, 403)},
		"POST /staff/catalog/items/{id}/approve": {path: "/staff/catalog/items/" + id(f.reviewItem) + "/approve", want: s(401, 403, 403, 403, 403, 409, 403)},
		"POST /staff/catalog/items/{id}/return":  {path: "/staff/catalog/items/" + id(f.reviewItem) + "/return", body: "comment=请补充", want: s(401, 403, 403, 403, 403, 409, 403)},
		"POST /staff/catalog/items/{id}/state":   {path: "/staff/catalog/items/" + id(f.stateItem) + "/state", body: "state=suspended&reason=系统升级", want: s(401, 403, 403, 403, 403, 303, 403)},
		"GET /staff/catalog/items/{id}/diff":     {path: "/staff/catalog/items/" + id(f.saveItem) + "/diff?from=1&to=0", want: s(303, 403, 403, 200, 200, 200, 200)},
		"GET /staff/catalog/quality":             {want: s(303, 403, 200, 200, 200, 200, 200)},
		"POST /staff/catalog/quality/rules":      {body: "region_code=620825&rule=phones&enabled=on&blocking=on", want: s(401, 403, 403, 403, 403, 303, 403)},
		"GET /staff/catalog/export.xlsx":         {want: s(303, 403, 403, 200, 403, 200, 403)},
		"GET /staff/catalog/import":              {want: s(303, 403, 403, 200, 403, 200, 403)},
		"POST /staff/catalog/import":             {want: s(401, 403, 403, 422, 403, 422, 403)},

		// An item's application form and workflow: its region's item administrator
		// only. The writes are refused as invalid (a bad field name, text that is
		// not JSON, a version that does not exist), so they change nothing.
		"GET /staff/items/{id}/form":               {path: "/staff/items/" + id(f.saveItem) + "/form", want: s(303, 403, 403, 403, 403, 200, 403)},
		"POST /staff/items/{id}/form":              {path: "/staff/items/" + id(f.saveItem) + "/form", body: "fields.0.name=Bad Name&fields.0.label=x&fields.0.type=text", want: s(401, 403, 403, 403, 403, 422, 403)},
		"GET /staff/items/{id}/workflow":           {path: "/staff/items/" + id(f.saveItem) + "/workflow", want: s(303, 403, 403, 403, 403, 200, 403)},
		"POST /staff/items/{id}/workflow":          {path: "/staff/items/" + id(f.saveItem) + "/workflow", body: "definition={", want: s(401, 403, 403, 403, 403, 422, 403)},
		"POST /staff/items/{id}/workflow/activate": {path: "/staff/items/" + id(f.saveItem) + "/workflow/activate", body: "version=1", want: s(401, 403, 403, 403, 403, 404, 403)},

		// Search administration.
		"GET /admin/search/synonyms":              {want: s(303, 403, 403, 403, 403, 200, 200)},
		"POST /admin/search/synonyms":             {body: "phrase=开面馆&target=食品经营许可", want: s(401, 403, 403, 403, 403, 303, 422)},
		"POST /admin/search/synonyms/{id}/delete": {path: "/admin/search/synonyms/" + id(f.synonym) + "/delete", want: s(401, 403, 403, 403, 403, 303, 404)},
		"GET /admin/search/misses":                {want: s(303, 403, 403, 403, 403, 200, 200)},

		// Applying and cases: 王建国's 食品经营许可 case of 县市场监管局. Writes are
		// chosen so they pass authorization but change nothing (a missing phone, a
		// refusal without reasons).
		"POST /apply/{slug}":        {path: "/apply/food-biz-license", body: "phone=123", want: s(401, 422, 403, 403, 403, 403, 403)},
		"POST /apply/{slug}/submit": {path: "/apply/food-biz-license/submit", body: "phone=", want: s(401, 422, 403, 403, 403, 403, 403)},
		"GET /me/cases":             {want: s(303, 200, 403, 403, 403, 403, 403)},
		"GET /me/cases/{id}":        {path: "/me/cases/" + id(f.caseID), want: s(303, 200, 403, 403, 403, 403, 403)},
		// The fixture case waits for acceptance, so the applicant's 补正材料 is
		// refused as "not now" (409): authorized, but not in this state.
		"POST /me/cases/{id}/act":    {path: "/me/cases/" + id(f.caseID) + "/act", body: "action=resubmit", want: s(401, 409, 403, 403, 403, 403, 403)},
		"GET /staff/cases":           {want: s(303, 403, 200, 200, 200, 403, 403)},
		"GET /staff/cases/{id}":      {path: "/staff/cases/" + id(f.caseID), want: s(303, 403, 403, 200, 200, 403, 403)},
		"POST /staff/cases/{id}/act": {path: "/staff/cases/" + id(f.caseID) + "/act", body: "action=refuse", want: s(401, 403, 403, 422, 403, 403, 403)},

		// Notices: everyone signed in has an inbox of their own; another's
		// notice does not exist for them.
		"GET /me/notices":            {want: s(303, 200, 200, 200, 200, 200, 200)},
		"POST /me/notices/read":      {want: s(401, 303, 303, 303, 303, 303, 303)},
		"POST /me/notices/{id}/read": {path: "/me/notices/" + id(f.noticeID) + "/read", want: s(401, 303, 404, 404, 404, 404, 404)},
		// Delivery (送达): only the applicant downloads the result; the case's
		// department hands mail to the carrier (the reviewer does, so later
		// columns are refused either way); window clerks work the pickup desk
		// (a code no one holds is refused with 422).
		"GET /me/deliveries/{id}/document":     {path: "/me/deliveries/" + id(f.onlineDelivery) + "/document", want: s(303, 200, 404, 404, 404, 404, 404)},
		"POST /staff/deliveries/{id}/dispatch": {path: "/staff/deliveries/" + id(f.mailDelivery) + "/dispatch", want: s(401, 403, 403, 303, 403, 403, 403)},
		"GET /staff/pickup":                    {want: s(303, 403, 200, 403, 403, 403, 403)},
		"POST /staff/pickup":                   {body: "code=000000", want: s(401, 403, 422, 403, 403, 403, 403)},

		// Supervision (电子监察): staff who handle or supervise cases, each in
		// their own scope (the 南湖镇 clerk sees the township's board).
		"GET /staff/supervision":              {want: s(303, 403, 200, 200, 200, 403, 403)},
		"GET /staff/supervision/overdue.xlsx": {want: s(303, 403, 200, 200, 200, 403, 403)},

		// Departmental business systems: the console page is the system
		// administrator's; a revoke of an unknown client is 404 only once
		// authorized. The token endpoint is public: an empty request is 400
		// for anyone. The case API answers as the staff case pages do.
		"GET /admin/api-clients":              {want: s(303, 403, 403, 403, 403, 403, 200)},
		"GET /admin/calendar":                 {want: s(303, 403, 200, 200, 200, 200, 200)},
		"POST /me/deliveries/{id}/method":     {path: "/me/deliveries/" + id(f.onlineDelivery) + "/method", body: "delivery_method=mail", want: s(401, 409, 403, 403, 403, 403, 403)},
		"GET /admin/notify-log":               {want: s(303, 403, 403, 403, 200, 403, 200)},
		"GET /staff/catalog/license-links":    {want: s(303, 403, 200, 200, 200, 200, 200)},
		"POST /staff/cases/{id}/license":      {path: "/staff/cases/" + id(f.caseID) + "/license", body: "identifier=1.2.156.3005.2.x&purpose=核验", want: s(401, 403, 404, 404, 403, 403, 403)},
		"POST /staff/catalog/license-links":   {want: s(401, 403, 403, 403, 403, 422, 403)},
		"POST /admin/calendar":                {body: "date=2026-02-30&kind=off&name=测试", want: s(401, 403, 403, 403, 403, 403, 422)},
		"POST /admin/calendar/{date}/delete":  {path: "/admin/calendar/2026-02-30/delete", want: s(401, 403, 403, 403, 403, 403, 404)},
		"POST /admin/api-clients":             {body: "name=测试系统&roles=dept_reviewer", want: s(401, 403, 403, 403, 403, 403, 422)},
		"POST /admin/api-clients/{id}/revoke": {path: "/admin/api-clients/999999/revoke", want: s(401, 403, 403, 403, 403, 403, 404)},
		"POST /api/v1/oauth/token":            {want: s(400, 400, 400, 400, 400, 400, 400)},
		"GET /api/v1/cases":                   {want: s(401, 403, 200, 200, 200, 403, 403)},
		"GET /api/v1/cases/{id}":              {path: "/api/v1/cases/" + id(f.caseID), want: s(401, 403, 403, 200, 200, 403, 403)},
		"POST /api/v1/cases/{id}/actions":     {path: "/api/v1/cases/" + id(f.caseID) + "/actions", body: `{"action":"refuse"}`, want: s(401, 403, 403, 422, 403, 403, 403)},

		// Electronic licences: verification, the log and the keys are public;
		// use and the query by holder are for case-handling staff of the
		// licence's region (the 南湖镇 clerk's region does not cover the county,
		// so the query finds nothing and the use is refused); the wallet routes
		// are the holder's.
		"GET /log/checkpoint":                            {want: s(200, 200, 200, 200, 200, 200, 200)},
		"GET /api/v1/licenses/log/checkpoint":            {want: s(200, 200, 200, 200, 200, 200, 200)},
		"GET /api/v1/licenses/keys":                      {want: s(200, 200, 200, 200, 200, 200, 200)},
		"GET /api/v1/licenses/{identifier}/verification": {path: "/api/v1/licenses/" + f.licenseIdentifier + "/verification", want: s(200, 200, 200, 200, 200, 200, 200)},
		"GET /api/v1/licenses/{identifier}/proof":        {path: "/api/v1/licenses/" + f.licenseIdentifier + "/proof", want: s(200, 200, 200, 200, 200, 200, 200)},
		"POST /api/v1/licenses/{identifier}/use":         {path: "/api/v1/licenses/" + f.licenseIdentifier + "/use", body: `{"purpose":"核验"}`, want: s(401, 403, 403, 200, 403, 403, 403)},
		"POST /api/v1/licenses/query":                    {body: `{"holder_code_type":"111","holder_code":"620825196302140118","purpose":"核验"}`, want: s(401, 403, 200, 200, 403, 403, 403)},
		"GET /api/v1/me/licenses":                        {want: s(401, 200, 403, 403, 403, 403, 403)},
		"GET /api/v1/me/licenses/{id}/file":              {path: "/api/v1/me/licenses/" + id(f.licenseID) + "/file", want: s(401, 200, 403, 403, 403, 403, 403)},
		"GET /api/v1/me/licenses/{id}/uses":              {path: "/api/v1/me/licenses/" + id(f.licenseID) + "/uses", want: s(401, 200, 403, 403, 403, 403, 403)},

		// License pages. The wallet is the holder's (王建国's 就业创业证);
		// verification and a seal's picture are public; the market regulator's
		// 营业执照 is seen by its reviewer, the county supervisor and the
		// administrator (it does not exist for anyone else: 404), read whole
		// (用证) only by the reviewer, and changed only by the administrator
		// (422: no reason given); seals are seen by the
		// supervisor and the administrator, made by the administrator; license
		// types are edited by the item and system administrators.
		"GET /me/licenses":                   {want: s(303, 200, 403, 403, 403, 403, 403)},
		"GET /me/licenses/{id}":              {path: "/me/licenses/" + id(f.licenseID), want: s(303, 200, 403, 403, 403, 403, 403)},
		"GET /me/licenses/{id}/qr.png":       {path: "/me/licenses/" + id(f.licenseID) + "/qr.png", want: s(303, 200, 403, 403, 403, 403, 403)},
		"GET /me/licenses/{id}/license.pdf":  {path: "/me/licenses/" + id(f.licenseID) + "/license.pdf", want: s(303, 200, 403, 403, 403, 403, 403)},
		"GET /me/licenses/{id}/license.json": {path: "/me/licenses/" + id(f.licenseID) + "/license.json", want: s(303, 200, 403, 403, 403, 403, 403)},
		"GET /verify":                        {want: s(200, 200, 200, 200, 200, 200, 200)},
		"GET /verify/{identifier}":           {path: "/verify/" + f.licenseIdentifier, want: s(200, 200, 200, 200, 200, 200, 200)},
		"GET /staff/licenses":                {want: s(303, 403, 403, 200, 200, 403, 200)},
		"GET /staff/licenses/{id}":           {path: "/staff/licenses/" + id(f.marketLicense), want: s(303, 404, 404, 200, 200, 404, 200)},
		"POST /staff/licenses/{id}/use":      {path: "/staff/licenses/" + id(f.marketLicense) + "/use", body: "purpose=核验", want: s(401, 404, 404, 200, 403, 404, 403)},
		"POST /staff/licenses/{id}/status":   {path: "/staff/licenses/" + id(f.marketLicense) + "/status", body: "action=suspend&reason=&confirm=yes", want: s(401, 404, 404, 403, 403, 404, 422)},
		"POST /staff/licenses/{id}/reissue":  {path: "/staff/licenses/" + id(f.marketLicense) + "/reissue", body: "reason=&confirm=yes", want: s(401, 404, 404, 403, 403, 404, 422)},
		"GET /admin/seals":                   {want: s(303, 403, 403, 403, 200, 403, 200)},
		"POST /admin/seals":                  {body: "department_id=" + d + "&valid_from=2030-01-02&valid_until=2030-01-01", want: s(401, 403, 403, 403, 403, 403, 422)},
		"GET /admin/seals/{id}":              {path: "/admin/seals/" + id(f.marketSeal), want: s(303, 403, 403, 403, 200, 403, 200)},
		"GET /seals/{id}/image.svg":          {path: "/seals/" + id(f.marketSeal) + "/image.svg", want: s(200, 200, 200, 200, 200, 200, 200)},
		"GET /admin/license-types":           {want: s(303, 403, 403, 403, 403, 200, 200)},
		"GET /admin/license-types/{slug}":    {path: "/admin/license-types/food-business-license", want: s(303, 403, 403, 403, 403, 200, 200)},
		"POST /admin/license-types/{slug}":   {path: "/admin/license-types/food-business-license", body: "name=", want: s(401, 403, 403, 403, 403, 422, 422)},

		// The applicant API: persons only, staff are refused before any lookup.
		// 王建国's fixture application is submitted, so saving or submitting
		// it again is refused as a conflict (409) once authorized.
		"POST /api/v1/applications":             {body: `{"form":{}}`, want: s(401, 422, 403, 403, 403, 403, 403)},
		"GET /api/v1/applications/{id}":         {path: "/api/v1/applications/" + id(f.applicationID), want: s(401, 200, 403, 403, 403, 403, 403)},
		"PUT /api/v1/applications/{id}":         {path: "/api/v1/applications/" + id(f.applicationID), body: `{"form":{}}`, want: s(401, 409, 403, 403, 403, 403, 403)},
		"POST /api/v1/applications/{id}/submit": {path: "/api/v1/applications/" + id(f.applicationID) + "/submit", want: s(401, 409, 403, 403, 403, 403, 403)},
		"GET /api/v1/me/cases":                  {want: s(401, 200, 403, 403, 403, 403, 403)},
		"GET /api/v1/me/cases/{id}":             {path: "/api/v1/me/cases/" + id(f.caseID), want: s(401, 200, 403, 403, 403, 403, 403)},
		// Uploaded files: the owner's own door; staff see files through a case.
		"GET /me/uploads/{id}": {path: "/me/uploads/" + id(f.uploadID), want: s(303, 200, 403, 403, 403, 403, 403)},
		// The case's files: its applicant and the staff who handle it.
		"GET /me/cases/{id}/files/{file}":    {path: "/me/cases/" + id(f.caseID) + "/files/" + id(f.uploadID), want: s(303, 200, 403, 200, 200, 403, 403)},
		"GET /staff/cases/{id}/files/{file}": {path: "/staff/cases/" + id(f.caseID) + "/files/" + id(f.uploadID), want: s(303, 200, 403, 200, 200, 403, 403)},
		"POST /staff/cases/{id}/transfer":    {path: "/staff/cases/" + id(f.caseID) + "/transfer", body: "department=&reason=", want: s(401, 403, 403, 422, 403, 403, 403)},
		"POST /me/cases/{id}/pending":        {path: "/me/cases/" + id(f.caseID) + "/pending", want: s(401, 409, 403, 403, 403, 403, 403)},
		"POST /me/cases/{id}/pay":            {path: "/me/cases/" + id(f.caseID) + "/pay", body: "order_no=PAY000", want: s(401, 404, 403, 403, 403, 403, 403)},
		"GET /me/payments/return":            {path: "/me/payments/return?order_no=PAY000", want: s(303, 404, 403, 403, 403, 403, 403)},
		// 一件事: applying is for persons; a bundle application is its applicant's.
		"GET /bundles/{slug}/apply":         {path: "/bundles/bundle-open-restaurant/apply", want: s(303, 200, 403, 403, 403, 403, 403)},
		"POST /bundles/{slug}/apply":        {path: "/bundles/bundle-open-restaurant/apply", body: "q_entity_type=individual", want: s(401, 303, 403, 403, 403, 403, 403)},
		"POST /bundles/{slug}/apply/submit": {path: "/bundles/bundle-open-restaurant/apply/submit", want: s(401, 422, 403, 403, 403, 403, 403)},
		"GET /me/bundles/{id}":              {path: "/me/bundles/999999", want: s(303, 404, 403, 403, 403, 403, 403)},

		// 好差评: the applicant rates their own services (the fixture's
		// submission waits for a follow-up; level 9 is refused as invalid);
		// the pad is the clerk's who opened the visit (the county clerk, not a
		// column, so the 南湖镇 clerk finds nothing there); tasks are the
		// department's and the supervisor's; the report is for supervisors
		// and department heads; the statistics are public.
		"GET /me/services/{id}/rate":               {path: "/me/services/" + id(f.ratingService) + "/rate", want: s(303, 200, 403, 403, 403, 403, 403)},
		"POST /me/services/{id}/rate":              {path: "/me/services/" + id(f.ratingService) + "/rate", body: "level=9&channel=1", want: s(401, 422, 403, 403, 403, 403, 403)},
		"GET /me/ratings":                          {want: s(303, 200, 403, 403, 403, 403, 403)},
		"POST /staff/cases/{id}/visits":            {path: "/staff/cases/" + id(f.caseID) + "/visits", body: "window=", want: s(401, 403, 403, 403, 403, 403, 403)},
		"GET /rate/{token}":                        {path: "/rate/AAAAAAAAAAAAAAAAAAAAAAAA", want: s(404, 404, 404, 404, 404, 404, 404)},
		"POST /rate/{token}":                       {path: "/rate/AAAAAAAAAAAAAAAAAAAAAAAA", body: "level=5&channel=4", want: s(404, 404, 404, 404, 404, 404, 404)},
		"GET /rate/{token}/qr.png":                 {path: "/rate/AAAAAAAAAAAAAAAAAAAAAAAA/qr.png", want: s(404, 404, 404, 404, 404, 404, 404)},
		"GET /staff/visits/{id}/rate":              {path: "/staff/visits/" + id(f.visit) + "/rate", want: s(303, 403, 404, 403, 403, 403, 403)},
		"POST /staff/visits/{id}/rate":             {path: "/staff/visits/" + id(f.visit) + "/rate", body: "level=9&channel=4", want: s(401, 403, 404, 403, 403, 403, 403)},
		"GET /staff/rectifications":                {want: s(303, 403, 403, 200, 200, 403, 403)},
		"GET /staff/rectifications/{id}":           {path: "/staff/rectifications/" + id(f.ratingTask), want: s(303, 404, 403, 200, 200, 403, 403)},
		"POST /staff/rectifications/{id}":          {path: "/staff/rectifications/" + id(f.ratingTask), body: "action=verify&text=", want: s(401, 403, 403, 422, 403, 403, 403)},
		"GET /ratings/stats":                       {want: s(200, 200, 200, 200, 200, 200, 200)},
		"GET /staff/ratings/report":                {want: s(303, 403, 403, 403, 200, 403, 403)},
		"GET /staff/ratings/report.xlsx":           {want: s(303, 403, 403, 403, 200, 403, 403)},
		"GET /api/v1/me/cases/{id}/services":       {path: "/api/v1/me/cases/" + id(f.caseID) + "/services", want: s(401, 200, 403, 403, 403, 403, 403)},
		"GET /api/v1/me/ratings":                   {want: s(401, 200, 403, 403, 403, 403, 403)},
		"POST /api/v1/me/ratings":                  {body: `{"service_id":` + id(f.ratingService) + `,"level":9}`, want: s(401, 422, 403, 403, 403, 403, 403)},
		"GET /api/v1/rectifications":               {want: s(401, 403, 403, 200, 200, 403, 403)},
		"GET /api/v1/rectifications/{id}":          {path: "/api/v1/rectifications/" + id(f.ratingTask), want: s(401, 404, 403, 200, 200, 403, 403)},
		"POST /api/v1/rectifications/{id}/actions": {path: "/api/v1/rectifications/" + id(f.ratingTask) + "/actions", body: `{"action":"verify"}`, want: s(401, 403, 403, 422, 403, 403, 403)},
		"GET /api/v1/ratings/stats":                {want: s(200, 200, 200, 200, 200, 200, 200)},

		// The 12345 hotline: 王建国's complaint, dispatched to 县市场监管局. The
		// citizen's pages are his; the ticket and its file are seen by the
		// market regulator's reviewer and the county supervisor (the 南湖镇
		// clerk and the administrators have no hotline role; operators are
		// tested in internal/hotline and internal/web); writes pass
		// authorization and change nothing (a rating before the conclusion is
		// 409, an urge without words 422, forms without their fields 422).
		"GET /hotline/new":                     {want: s(303, 200, 403, 403, 403, 403, 403)},
		"POST /hotline/new":                    {body: "category=", want: s(401, 422, 403, 403, 403, 403, 403)},
		"GET /me/tickets":                      {want: s(303, 200, 403, 403, 403, 403, 403)},
		"GET /me/tickets/{id}":                 {path: "/me/tickets/" + id(f.hotline.ticket), want: s(303, 200, 403, 403, 403, 403, 403)},
		"POST /me/tickets/{id}/rate":           {path: "/me/tickets/" + id(f.hotline.ticket) + "/rate", body: "satisfaction=satisfied", want: s(401, 409, 403, 403, 403, 403, 403)},
		"GET /me/tickets/{id}/files/{file}":    {path: "/me/tickets/" + id(f.hotline.ticket) + "/files/" + id(f.uploadID), want: s(303, 200, 403, 200, 200, 403, 403)},
		"GET /staff/tickets/{id}/files/{file}": {path: "/staff/tickets/" + id(f.hotline.ticket) + "/files/" + id(f.uploadID), want: s(303, 200, 403, 200, 200, 403, 403)},
		"GET /staff/hotline":                   {want: s(303, 403, 403, 403, 403, 403, 403)},
		"POST /staff/hotline/calls":            {body: "category=", want: s(401, 403, 403, 403, 403, 403, 403)},
		"GET /staff/hotline/board":             {want: s(303, 403, 403, 403, 200, 403, 403)},
		"GET /staff/tickets":                   {want: s(303, 403, 403, 200, 200, 403, 403)},
		"GET /staff/tickets/{id}":              {path: "/staff/tickets/" + id(f.hotline.ticket), want: s(303, 403, 403, 200, 200, 403, 403)},
		"POST /staff/tickets/{id}/act":         {path: "/staff/tickets/" + id(f.hotline.ticket) + "/act", body: "action=urge&text=", want: s(401, 403, 403, 403, 422, 403, 403)},
		"POST /staff/tickets/{id}/reveal":      {path: "/staff/tickets/" + id(f.hotline.ticket) + "/reveal", body: "field=phone", want: s(401, 403, 403, 200, 403, 403, 403)},
		"GET /staff/hotline/knowledge":         {want: s(303, 403, 403, 200, 200, 403, 200)},
		"GET /staff/hotline/knowledge/new":     {want: s(303, 403, 403, 403, 200, 403, 200)},
		"POST /staff/hotline/knowledge/new":    {body: "title=", want: s(401, 403, 403, 403, 422, 403, 422)},
		"GET /staff/hotline/knowledge/{id}":    {path: "/staff/hotline/knowledge/" + id(f.hotline.article), want: s(303, 403, 403, 200, 200, 403, 200)},
		"POST /staff/hotline/knowledge/{id}":   {path: "/staff/hotline/knowledge/" + id(f.hotline.article), body: "title=", want: s(401, 403, 403, 403, 422, 403, 422)},
		"GET /admin/hotline":                   {want: s(303, 403, 403, 403, 403, 403, 200)},
		"POST /admin/hotline/classes":          {body: "code=x&name=", want: s(401, 403, 403, 403, 403, 403, 422)},
		"POST /admin/hotline/limits":           {body: "region_code=620825", want: s(401, 403, 403, 403, 403, 403, 422)},
		"GET /admin/hotline/rules":             {want: s(303, 403, 403, 403, 403, 403, 200)},
		"POST /admin/hotline/rules":            {body: "name=&expression=(&priority=1", want: s(401, 403, 403, 403, 403, 403, 422)},
		"GET /admin/hotline/rules/{id}":        {path: "/admin/hotline/rules/" + id(f.hotline.rule), want: s(303, 403, 403, 403, 403, 403, 200)},
		"POST /admin/hotline/rules/{id}":       {path: "/admin/hotline/rules/" + id(f.hotline.rule), body: "name=x&expression=(&priority=1", want: s(401, 403, 403, 403, 403, 403, 422)},
		"GET /admin/hotline/keys":              {want: s(303, 403, 403, 403, 403, 403, 200)},
		"POST /admin/hotline/keys":             {body: "name=", want: s(401, 403, 403, 403, 403, 403, 422)},
		"POST /admin/hotline/keys/{id}/revoke": {path: "/admin/hotline/keys/999999/revoke", want: s(401, 403, 403, 403, 403, 403, 404)},
		"GET /api/v1/tickets":                  {want: s(401, 403, 403, 200, 200, 403, 403)},
		"POST /api/v1/tickets":                 {body: `{"category":"x"}`, want: s(401, 422, 403, 403, 403, 403, 403)},
		"GET /api/v1/tickets/{id}":             {path: "/api/v1/tickets/" + id(f.hotline.ticket), want: s(401, 200, 403, 200, 200, 403, 403)},
		"POST /api/v1/tickets/{id}/actions":    {path: "/api/v1/tickets/" + id(f.hotline.ticket) + "/actions", body: `{"action":"urge"}`, want: s(401, 403, 403, 403, 422, 403, 403)},
		"GET /api/v1/hotline/articles":         {want: s(401, 403, 403, 200, 200, 403, 200)},
		// Open311 GeoReport v2: reading is public, filing needs an API key
		// (none given: 403 for everyone, signed in or not).
		"GET /open311/v2/services.json":   {want: s(200, 200, 200, 200, 200, 200, 200)},
		"GET /open311/v2/services.xml":    {want: s(200, 200, 200, 200, 200, 200, 200)},
		"GET /open311/v2/services/{file}": {path: "/open311/v2/services/0101.xml", want: s(200, 200, 200, 200, 200, 200, 200)},
		"GET /open311/v2/requests.json":   {want: s(200, 200, 200, 200, 200, 200, 200)},
		"GET /open311/v2/requests.xml":    {want: s(200, 200, 200, 200, 200, 200, 200)},
		"POST /open311/v2/requests.json":  {body: "service_code=0101", want: s(403, 403, 403, 403, 403, 403, 403)},
		"POST /open311/v2/requests.xml":   {body: "service_code=0101", want: s(403, 403, 403, 403, 403, 403, 403)},
		"GET /open311/v2/requests/{file}": {path: "/open311/v2/requests/" + f.hotline.number + ".json", want: s(200, 200, 200, 200, 200, 200, 200)},
	}
}
