package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tongban/tongban/internal/catalog"
	"github.com/tongban/tongban/internal/catalogxlsx"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/region"
)

// maxWorkbook is the largest workbook staff may upload: a county's whole
// catalog is well under 1 MiB.
const maxWorkbook = 10 << 20

// maxProblems bounds the report: past it, a file is simply the wrong file.
const maxProblems = 1000

// registerCatalogExcel adds Excel export and import of implementation lists.
func (ui *UI) registerCatalogExcel(rt routeAdder) {
	rt.Handle("GET", "/staff/catalog/export.xlsx", ui.exportCatalog)
	rt.Handle("GET", "/staff/catalog/import", ui.importForm)
	rt.Handle("POST", "/staff/catalog/import", ui.importCatalog)
}

// CatalogImportView is the page to download a department's implementation
// list as a workbook and upload it back, with the outcome of the last upload.
type CatalogImportView struct {
	Page
	Departments    []region.Department // what may be exported
	AllDepartments bool                // the whole region may be exported at once
	MaxMiB         int
	Done           bool // an import just succeeded
	Updated        int
	Unchanged      int
	Problems       []ImportProblem // why the last upload was refused
	MoreProblems   int             // problems beyond those listed
}

// ImportProblem is one line of the row-by-row report.
type ImportProblem struct {
	Sheet   string
	Row     int
	Column  string
	Message string
}

func (ui *UI) importView(r *http.Request) (CatalogImportView, error) {
	ctx := r.Context()
	// The page is for those who compile items; the module checks every item again.
	pr, err := principal.AuthorizeOwn(ctx, principal.CompileItems)
	if err != nil {
		return CatalogImportView{}, err
	}
	depts, err := ui.Regions.Departments(ctx, pr.Scope.RegionCode)
	if err != nil {
		return CatalogImportView{}, err
	}
	return CatalogImportView{Page: ui.page(r, "xlsx.title"), Departments: depts, AllDepartments: pr.Scope.DepartmentID == 0, MaxMiB: maxWorkbook >> 20}, nil
}

func (ui *UI) importForm(w http.ResponseWriter, r *http.Request) error {
	p, err := ui.importView(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	if q.Has("updated") {
		p.Done = true
		p.Updated, _ = strconv.Atoi(q.Get("updated"))
		p.Unchanged, _ = strconv.Atoi(q.Get("unchanged"))
	}
	return ui.render(w, http.StatusOK, "catalog_import", p)
}

func (ui *UI) exportCatalog(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	var deptID int64
	if v := r.URL.Query().Get("department_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return apperr.NotFoundf("department")
		}
		deptID = id
	}
	items, err := ui.Items.ExportDrafts(ctx, catalog.ItemFilter{DepartmentID: deptID})
	if err != nil {
		return err
	}
	codes, err := ui.Items.Codes(ctx)
	if err != nil {
		return err
	}
	name, err := ui.exportName(ctx, r, deptID)
	if err != nil {
		return err
	}
	// Into a buffer first, so a failure is a clean error page, not half a file.
	var buf bytes.Buffer
	if err := catalogxlsx.Export(&buf, items, codes); err != nil {
		return err
	}
	return sendWorkbook(w, &buf, "implementation-list.xlsx", name+".xlsx")
}

// sendWorkbook answers with a workbook built in full beforehand (so a failure
// is a clean error page, not half a file), named for download.
func sendWorkbook(w http.ResponseWriter, buf *bytes.Buffer, fallback, name string) error {
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", contentDisposition(fallback, name))
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Header().Set("Cache-Control", "no-store")
	_, err := buf.WriteTo(w)
	return err
}

// exportName names the file after the region and department, e.g.
// 庄浪县市场监管局实施清单 (the short name's leading 县 is the region's).
func (ui *UI) exportName(ctx context.Context, r *http.Request, deptID int64) (string, error) {
	pr := principal.From(ctx)
	reg, err := ui.Regions.Get(ctx, pr.Scope.RegionCode)
	if err != nil {
		return "", err
	}
	prefix := reg.Name
	if deptID == 0 {
		deptID = pr.Scope.DepartmentID
	}
	if deptID != 0 {
		d, err := ui.Regions.Department(ctx, deptID)
		if err != nil {
			return "", err
		}
		last, _ := utf8.DecodeLastRuneInString(reg.Name)
		prefix += strings.TrimPrefix(d.ShortName, string(last))
	}
	return ui.page(r, "xlsx.title").T("xlsx.filename", prefix), nil
}

// contentDisposition offers a download under a UTF-8 name (RFC 6266 with the
// RFC 5987 encoding) and an ASCII fallback for old clients.
func contentDisposition(fallback, name string) string {
	var b strings.Builder
	for _, c := range []byte(name) {
		if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0) {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, fallback, b.String())
}

func (ui *UI) importCatalog(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := ui.importView(r)
	if err != nil {
		return err
	}
	file, key := readWorkbook(w, r)
	if key != "" {
		return ui.importRefused(w, p, key)
	}
	codes, err := ui.Items.Codes(ctx)
	if err != nil {
		return err
	}
	rows, problems, err := catalogxlsx.Parse(bytes.NewReader(file), codes)
	if e := apperr.As(err); e != nil && e.Kind == apperr.Invalid {
		ui.Log.Info("unreadable workbook", "err", err)
		return ui.importRefused(w, p, e.Key)
	} else if err != nil {
		return err
	}
	if len(problems) > 0 {
		for _, pb := range problems {
			p.addProblem(ImportProblem{Sheet: pb.Sheet, Row: pb.Row, Column: pb.Column, Message: p.T(pb.Key, pb.Args...)})
		}
		return ui.render(w, http.StatusUnprocessableEntity, "catalog_import", p)
	}
	in := make([]catalog.ImportRow, len(rows))
	for i, row := range rows {
		in[i] = catalog.ImportRow{Slug: row.Slug, Elements: row.Elements}
	}
	res, err := ui.Items.ImportDrafts(ctx, in)
	if len(res.Errors) > 0 {
		for _, e := range res.Errors {
			p.addProblem(ImportProblem{Sheet: catalogxlsx.SheetItems, Row: rows[e.Row].Line, Column: catalogxlsx.ColSlug, Message: p.T(e.Key, e.Args...)})
		}
		return ui.render(w, http.StatusUnprocessableEntity, "catalog_import", p)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/staff/catalog/import?updated=%d&unchanged=%d", res.Updated, res.Unchanged), http.StatusSeeOther)
	return nil
}

// ProblemCount is the number of problems found, listed or not.
func (p CatalogImportView) ProblemCount() int { return len(p.Problems) + p.MoreProblems }

func (p *CatalogImportView) addProblem(pb ImportProblem) {
	if len(p.Problems) >= maxProblems {
		p.MoreProblems++
		return
	}
	p.Problems = append(p.Problems, pb)
}

// importRefused re-shows the form with why the upload was not read.
func (ui *UI) importRefused(w http.ResponseWriter, p CatalogImportView, key string) error {
	msg := p.T(key, p.MaxMiB)
	p.Form = Form{Errors: map[string]string{"file": msg}, Summary: []FieldMessage{{Field: "file", Message: msg}}}
	return ui.render(w, http.StatusUnprocessableEntity, "catalog_import", p)
}

// readWorkbook returns the uploaded file, or the message key of why it cannot
// be used. The file is read into memory and never stored: any temporary copy
// the multipart reader made is removed before returning.
func readWorkbook(w http.ResponseWriter, r *http.Request) ([]byte, string) {
	r.Body = http.MaxBytesReader(w, r.Body, maxWorkbook+1<<20)
	err := r.ParseMultipartForm(1 << 20)
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return nil, "xlsx.upload.too_large"
	case err != nil:
		return nil, "xlsx.upload.required"
	}
	files := r.MultipartForm.File["file"]
	if len(files) == 0 || files[0].Size == 0 {
		return nil, "xlsx.upload.required"
	}
	if files[0].Size > maxWorkbook {
		return nil, "xlsx.upload.too_large"
	}
	f, err := files[0].Open()
	if err != nil {
		return nil, "xlsx.upload.required"
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxWorkbook+1))
	if err != nil || len(data) > maxWorkbook {
		return nil, "xlsx.upload.too_large"
	}
	// An .xlsx file is a zip archive; anything else is refused before parsing.
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) || http.DetectContentType(data) != "application/zip" {
		return nil, "xlsx.upload.not_xlsx"
	}
	return data, ""
}
