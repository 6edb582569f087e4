package web_test

import (
	"bytes"
	"context"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/tongban/tongban/internal/app"
	"github.com/tongban/tongban/internal/catalog"
	"github.com/tongban/tongban/internal/catalogxlsx"
	"github.com/tongban/tongban/internal/platform/i18n"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/testkit"
)

// upload posts a workbook from the form on page, as a browser would.
func (b *browser) upload(page string, filename string, file []byte) response {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf_token", b.csrfToken("/staff/catalog/import", page))
	if filename != "" {
		fw, err := mw.CreateFormFile("file", filename)
		if err != nil {
			b.t.Fatal(err)
		}
		_, _ = fw.Write(file)
	}
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, b.srv.URL+"/staff/catalog/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", b.srv.URL)
	return b.do(req)
}

// export downloads a workbook through the page's link.
func (b *browser) export(query string) []byte {
	b.t.Helper()
	res := b.get("/staff/catalog/export.xlsx" + query)
	if res.status != http.StatusOK {
		b.t.Fatalf("export%s: status %d\n%s", query, res.status, res.body)
	}
	return []byte(res.body)
}

var xlProblem = regexp.MustCompile(`(?s)<tr>\s*<td>([^<]*)</td>\s*<td>([^<]*)</td>\s*<td>([^<]*)</td>\s*<td>([^<]*)</td>\s*</tr>`)

// problems reads the row-by-row report as "sheet row column" lines.
func problems(body string) []string {
	var out []string
	for _, m := range xlProblem.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1]+" "+m[2]+" "+m[3]+" "+html.UnescapeString(m[4]))
	}
	return out
}

func asAdmin() context.Context {
	return testkit.AsStaff(context.Background(), 1, principal.ItemAdmin, "620825", 0)
}

func drafts(t *testing.T, a *app.App) map[string]catalog.Item {
	t.Helper()
	items, err := a.Items.ExportDrafts(asAdmin(), catalog.ItemFilter{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]catalog.Item{}
	for _, it := range items {
		out[it.Slug] = it
	}
	return out
}

func sameAll(t *testing.T, what string, before, after map[string]catalog.Item) {
	t.Helper()
	for slug, b := range before {
		a := after[slug]
		if !reflect.DeepEqual(a.Draft, b.Draft) || a.DraftStatus != b.DraftStatus || !a.UpdatedAt.Equal(b.UpdatedAt) {
			t.Errorf("%s: %s changed", what, slug)
		}
	}
}

// workbook opens a file to edit it as a member of staff would.
type workbook struct {
	t *testing.T
	f *excelize.File
}

func openWorkbook(t *testing.T, file []byte) *workbook {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return &workbook{t: t, f: f}
}

// cell returns the address of the column headed header in row.
func (w *workbook) cell(sheet, header string, row int) string {
	w.t.Helper()
	rows, err := w.f.GetRows(sheet)
	if err != nil {
		w.t.Fatal(err)
	}
	for i, h := range rows[0] {
		if h == header {
			name, _ := excelize.CoordinatesToCellName(i+1, row)
			return name
		}
	}
	w.t.Fatalf("no column %s on %s", header, sheet)
	return ""
}

// rowOf returns the row of slug on the 事项 sheet.
func (w *workbook) rowOf(slug string) int {
	w.t.Helper()
	rows, _ := w.f.GetRows(catalogxlsx.SheetItems)
	for i, r := range rows {
		if len(r) > 0 && r[0] == slug {
			return i + 1
		}
	}
	w.t.Fatalf("no row for %s", slug)
	return 0
}

func (w *workbook) set(sheet, header string, row int, value any) {
	w.t.Helper()
	if err := w.f.SetCellValue(sheet, w.cell(sheet, header, row), value); err != nil {
		w.t.Fatal(err)
	}
}

func (w *workbook) bytes() []byte {
	w.t.Helper()
	var buf bytes.Buffer
	if err := w.f.Write(&buf); err != nil {
		w.t.Fatal(err)
	}
	return buf.Bytes()
}

func TestCatalogExcelForbidden(t *testing.T) {
	t.Parallel()
	a, srv := testkit.DemoServer(t)
	clerk := signIn(t, srv, "clerk.nanhu")
	for _, path := range []string{"/staff/catalog/import", "/staff/catalog/export.xlsx"} {
		if res := clerk.get(path); res.status != http.StatusForbidden {
			t.Errorf("clerk GET %s: status %d, want 403", path, res.status)
		}
	}
	file := signIn(t, srv, "itemadmin").export("")
	if res := clerk.upload(clerk.getOK("/staff"), "清单.xlsx", file); res.status != http.StatusForbidden {
		t.Errorf("clerk uploads: status %d, want 403", res.status)
	}

	// A department's reviewer exports only their own department.
	market, err := a.Regions.DepartmentBySlug(context.Background(), "market-regulation")
	if err != nil {
		t.Fatal(err)
	}
	wjj := signIn(t, srv, "reviewer.wjj")
	if res := wjj.get("/staff/catalog/export.xlsx?department_id=" + strconv.FormatInt(market.ID, 10)); res.status != http.StatusForbidden {
		t.Errorf("health reviewer exports market regulation: status %d, want 403", res.status)
	}

	anon := newBrowser(t, srv)
	if res := anon.get("/staff/catalog/import"); res.status != http.StatusSeeOther || !strings.HasPrefix(res.header.Get("Location"), "/staff/login") {
		t.Errorf("anonymous: status %d location %q, want a redirect to sign in", res.status, res.header.Get("Location"))
	}
}

func TestCatalogExcelExport(t *testing.T) {
	t.Parallel()
	a, srv := testkit.DemoServer(t)
	scjg := signIn(t, srv, "reviewer.scjg")
	page := scjg.getOK("/staff/catalog/import")
	for _, want := range []string{"实施清单导出与导入", `enctype="multipart/form-data"`, `accept=".xlsx`, `<label for="file">`, "县市场监管局", `action="/staff/catalog/export.xlsx"`} {
		if !strings.Contains(page, want) {
			t.Errorf("import page: missing %q", want)
		}
	}
	if strings.Contains(page, "本区划全部部门") {
		t.Error("a department's reviewer is offered the whole region")
	}
	res := scjg.get("/staff/catalog/export.xlsx")
	if res.status != http.StatusOK {
		t.Fatalf("export: status %d\n%s", res.status, res.body)
	}
	if ct := res.header.Get("Content-Type"); ct != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Errorf("Content-Type %q", ct)
	}
	wantCD := "attachment; filename=\"implementation-list.xlsx\"; filename*=UTF-8''" + url.PathEscape("庄浪县市场监管局实施清单.xlsx")
	if cd := res.header.Get("Content-Disposition"); cd != wantCD {
		t.Errorf("Content-Disposition %q, want %q", cd, wantCD)
	}
	codes, _ := a.Items.Codes(context.Background())
	rows, errs, err := catalogxlsx.Parse(strings.NewReader(res.body), codes)
	if err != nil || len(errs) > 0 {
		t.Fatalf("the department's export does not read back: %v %+v", err, errs)
	}
	market, _ := a.Regions.DepartmentBySlug(context.Background(), "market-regulation")
	all := drafts(t, a)
	want := 0
	for _, it := range all {
		if it.DepartmentID == market.ID {
			want++
		}
	}
	if len(rows) != want || want == 0 {
		t.Errorf("the market-regulation export has %d items, want %d", len(rows), want)
	}
	for _, r := range rows {
		if all[r.Slug].DepartmentID != market.ID {
			t.Errorf("the market-regulation export holds %s", r.Slug)
		}
	}

	// The item administrator exports the whole county, or one department.
	admin := signIn(t, srv, "itemadmin")
	if !strings.Contains(admin.getOK("/staff/catalog/import"), "本区划全部部门") {
		t.Error("the item administrator is not offered the whole region")
	}
	res = admin.get("/staff/catalog/export.xlsx?department_id=")
	if cd := res.header.Get("Content-Disposition"); !strings.HasSuffix(cd, url.PathEscape("庄浪县实施清单.xlsx")) {
		t.Errorf("region export named %q", cd)
	}
	rows, _, _ = catalogxlsx.Parse(strings.NewReader(res.body), codes)
	if len(rows) != 171 {
		t.Errorf("the county export has %d items, want 171", len(rows))
	}
	rows, _, _ = catalogxlsx.Parse(bytes.NewReader(admin.export("?department_id="+strconv.FormatInt(market.ID, 10))), codes)
	if len(rows) != want {
		t.Errorf("the administrator's market-regulation export has %d items, want %d", len(rows), want)
	}
}

// TestCatalogExcelThreeBadRows is an acceptance criterion: a file with three
// bad rows reports exactly those, and nothing is imported.
func TestCatalogExcelThreeBadRows(t *testing.T) {
	t.Parallel()
	a, srv := testkit.DemoServer(t)
	admin := signIn(t, srv, "itemadmin")
	wb := openWorkbook(t, admin.export(""))
	// A good edit, which must not be written either.
	wb.set(catalogxlsx.SheetItems, "办理时间", wb.rowOf("ibiz-register"), "工作日 9:00–17:00")
	// The three bad rows.
	wb.set(catalogxlsx.SheetItems, "承诺办结时限", 5, "三天")
	wb.set(catalogxlsx.SheetItems, "事项类型", 9, "行政审批")
	mats, _ := wb.f.GetRows(catalogxlsx.SheetMaterials)
	last := len(mats) + 1
	if err := wb.f.SetSheetRow(catalogxlsx.SheetMaterials, "A"+strconv.Itoa(last), &[]any{"no-such-item", 1, "身份证", "必要", "", "原件", 1, "申请人自备", "", "否", "否"}); err != nil {
		t.Fatal(err)
	}
	before := drafts(t, a)
	page := admin.getOK("/staff/catalog/import")
	res := admin.upload(page, "清单.xlsx", wb.bytes())
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("bad file: status %d, want 422", res.status)
	}
	got := problems(res.body)
	want := []string{
		"事项 5 承诺办结时限 应填写不小于 0 的整数，“三天”不是。",
		"事项 9 事项类型 “行政审批”不是可选值，请从下拉列表或“代码表”中选择。",
		"材料 " + strconv.Itoa(last) + " 事项编码 事项编码“no-such-item”不在“事项”表中。",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("report:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	body := res.body
	for _, w := range []string{"发现 3 个问题，未导入任何内容", `<th scope="col">行号</th>`, `enctype="multipart/form-data"`, `name="csrf_token"`} {
		if !strings.Contains(body, w) {
			t.Errorf("report page: missing %q", w)
		}
	}
	sameAll(t, "after a refused file", before, drafts(t, a))

	// The page can be used again at once: the next upload is read afresh.
	res = admin.upload(body, "说明.txt", []byte("这不是表格"))
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "该文件不是 .xlsx 格式的 Excel 文件。") {
		t.Errorf("a text file: status %d", res.status)
	}
	res = admin.upload(body, "", nil)
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, `id="file-error">请选择要上传的 Excel 文件。`) {
		t.Errorf("no file: status %d", res.status)
	}
}

// TestCatalogExcelPermissions: a health reviewer's file touching a
// market-regulation item gets that row refused, and nothing else is written.
func TestCatalogExcelPermissions(t *testing.T) {
	t.Parallel()
	a, srv := testkit.DemoServer(t)
	ctx := asAdmin()
	health, _ := a.Regions.DepartmentBySlug(context.Background(), "health")
	items, err := a.Items.ExportDrafts(ctx, catalog.ItemFilter{DepartmentID: health.ID})
	if err != nil || len(items) == 0 {
		t.Fatalf("health items: %d, %v", len(items), err)
	}
	ibiz, err := a.Items.ExportDrafts(ctx, catalog.ItemFilter{Query: "个体工商户设立登记"})
	if err != nil || len(ibiz) != 1 {
		t.Fatalf("ibiz-register: %d, %v", len(ibiz), err)
	}
	items[0].Draft.Hours = "工作日 9:00–17:00" // an edit the reviewer may make
	items = append(items, ibiz[0])
	codes, _ := a.Items.Codes(ctx)
	var buf bytes.Buffer
	if err := catalogxlsx.Export(&buf, items, codes); err != nil {
		t.Fatal(err)
	}
	before := drafts(t, a)
	wjj := signIn(t, srv, "reviewer.wjj")
	res := wjj.upload(wjj.getOK("/staff/catalog/import"), "卫健.xlsx", buf.Bytes())
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422\n%s", res.status, res.body)
	}
	want := []string{"事项 " + strconv.Itoa(len(items)+1) + " 事项编码 您无权修改事项“ibiz-register”（不属于您负责的部门或区划）。"}
	if got := problems(res.body); !reflect.DeepEqual(got, want) {
		t.Errorf("report %q, want %q", got, want)
	}
	sameAll(t, "after a refused row", before, drafts(t, a))

	// Without the foreign row, the same reviewer's edit goes in.
	buf.Reset()
	if err := catalogxlsx.Export(&buf, items[:len(items)-1], codes); err != nil {
		t.Fatal(err)
	}
	res = wjj.upload(wjj.getOK("/staff/catalog/import"), "卫健.xlsx", buf.Bytes())
	if res.status != http.StatusSeeOther || res.header.Get("Location") != "/staff/catalog/import?updated=1&unchanged="+strconv.Itoa(len(items)-2) {
		t.Fatalf("status %d location %q\n%s", res.status, res.header.Get("Location"), res.body)
	}
}

// TestCatalogExcelEdit is an acceptance criterion: an edit made in the file
// changes the draft, not the published version.
func TestCatalogExcelEdit(t *testing.T) {
	t.Parallel()
	a, srv := testkit.DemoServer(t)
	scjg := signIn(t, srv, "reviewer.scjg")
	file := scjg.export("")
	wb := openWorkbook(t, file)
	rows, _ := wb.f.GetRows(catalogxlsx.SheetItems)
	before := drafts(t, a)
	old := before["ent-register"].Draft.PromisedDays
	wb.set(catalogxlsx.SheetItems, "承诺办结时限", wb.rowOf("ent-register"), old+1)
	page := scjg.getOK("/staff/catalog/import")
	res := scjg.upload(page, "清单.xlsx", wb.bytes())
	wantLoc := "/staff/catalog/import?updated=1&unchanged=" + strconv.Itoa(len(rows)-2)
	if res.status != http.StatusSeeOther || res.header.Get("Location") != wantLoc {
		t.Fatalf("import: status %d location %q, want 303 to %s\n%s", res.status, res.header.Get("Location"), wantLoc, res.body)
	}
	done := scjg.getOK(wantLoc)
	if !strings.Contains(done, "已更新 1 个事项的草稿，"+strconv.Itoa(len(rows)-2)+" 个事项没有变化。") {
		t.Errorf("the result page does not give the counts:\n%s", done)
	}

	after := drafts(t, a)
	it := after["ent-register"]
	if it.Draft.PromisedDays != old+1 || it.DraftStatus != catalog.DraftEditing {
		t.Errorf("draft: promised %d status %q, want %d editing", it.Draft.PromisedDays, it.DraftStatus, old+1)
	}
	if diff := catalog.Diff(before["ent-register"].Draft, it.Draft); len(diff) != 1 || diff[0].Path != "promised_days" {
		t.Errorf("the import changed more than the promise: %+v", diff)
	}
	pub, err := a.Items.PublishedBySlug(context.Background(), "ent-register")
	if err != nil {
		t.Fatal(err)
	}
	if pub.Version.Elements.PromisedDays != old || pub.PublishedVersion != before["ent-register"].PublishedVersion {
		t.Errorf("the published version changed: promised %d, version %d", pub.Version.Elements.PromisedDays, pub.PublishedVersion)
	}
	trail, err := a.Items.Reviews(asAdmin(), it.ID)
	if err != nil {
		t.Fatal(err)
	}
	if last := trail[len(trail)-1]; last.Action != catalog.ActionImport || last.Actor != "周审核" {
		t.Errorf("last trail entry %+v, want an import by 周审核", last)
	}
	delete(before, "ent-register")
	sameAll(t, "other items", before, after)

	// The same file again changes nothing more.
	res = scjg.upload(page, "清单.xlsx", wb.bytes())
	if loc := res.header.Get("Location"); loc != "/staff/catalog/import?updated=0&unchanged="+strconv.Itoa(len(rows)-1) {
		t.Errorf("second import: status %d location %q", res.status, loc)
	}
}

// TestCatalogExcelMessageKeys checks that the page's keys and every key the
// workbook checks and the import can report are in the catalogue, in both
// languages.
func TestCatalogExcelMessageKeys(t *testing.T) {
	t.Parallel()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile("templates/catalog_import.html")
	if err != nil {
		t.Fatal(err)
	}
	keys := []string{
		"xlsx.title", "xlsx.filename", "xlsx.cell.required", "xlsx.cell.number", "xlsx.cell.yes_no", "xlsx.cell.label",
		"xlsx.cell.process", "xlsx.item.duplicate", "xlsx.item.unknown", "xlsx.header.missing", "xlsx.header.duplicate",
		"xlsx.sheet.missing", "xlsx.sheet.empty", "xlsx.file.unreadable", "xlsx.upload.required", "xlsx.upload.too_large",
		"xlsx.upload.not_xlsx", "catalog.import.empty", "catalog.import.rejected", "catalog.import.duplicate",
		"catalog.import.unknown_item", "catalog.import.forbidden", "catalog.draft.under_review", "catalog.item.cancelled",
	}
	for _, m := range regexp.MustCompile(`\.T "([a-z_.]+)"`).FindAllStringSubmatch(string(b), -1) {
		keys = append(keys, m[1])
	}
	english := map[string]bool{}
	for _, k := range cat.Missing(i18n.English) {
		english[k] = true
	}
	for _, k := range keys {
		if !cat.Has(k) {
			t.Errorf("message key %q is not in the catalogue", k)
		} else if english[k] {
			t.Errorf("message %q has no English text", k)
		}
	}
}
