package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/license"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/platform/reqinfo"
)

// The application form of an item, or the merged form of a bundle, is a
// casework.FormSpec rendered field by field, plus a materials list with one
// file input per line. Both the single-item and the bundle pages use what is
// here, so a form behaves the same everywhere: what was typed and every file
// already uploaded are kept when something is wrong.

// SpecField is one field of a spec-driven form, ready for the "specfield" partial.
type SpecField struct {
	casework.FormField
	ID       string // the HTML id: "f-" + name
	Value    string
	Error    string
	Checked  bool   // a ticked checkbox
	ShowWhen string // the words of its ShowIf condition, "" when always shown
}

// specFields renders a spec with the form's values and errors.
func specFields(p Page, spec casework.FormSpec) []SpecField {
	out := make([]SpecField, len(spec.Fields))
	for i, f := range spec.Fields {
		sf := SpecField{FormField: f, ID: "f-" + f.Name, Value: p.Form.Value(f.Name), Error: p.Form.Error(f.Name)}
		sf.Checked = sf.Value == casework.CheckboxTicked
		if f.ShowIf != nil {
			sf.ShowWhen = showWhen(spec, *f.ShowIf)
		}
		out[i] = sf
	}
	return out
}

// showWhen says in words when a conditional field applies: 「结果领取方式」选择「邮寄送达」时填写.
func showWhen(spec casework.FormSpec, c casework.Condition) string {
	for _, f := range spec.Fields {
		if f.Name != c.Field {
			continue
		}
		for _, o := range f.Options {
			if o.Value == c.Equals {
				return "「" + f.Label + "」选择「" + o.Label + "」时填写"
			}
		}
		return "「" + f.Label + "」为「" + c.Equals + "」时填写"
	}
	return ""
}

// readSpec reads the posted values of a spec's fields, trimmed.
func readSpec(r *http.Request, spec casework.FormSpec) map[string]string {
	v := map[string]string{}
	for _, f := range spec.Fields {
		if s := strings.TrimSpace(r.PostFormValue(f.Name)); s != "" {
			v[f.Name] = s
		}
	}
	return v
}

// ApplyMaterialRow is one line of the materials list on an application form.
type ApplyMaterialRow struct {
	Index       int
	Field       string // the file input's name: material_<index>
	Name        string
	Note        string // requirement, condition
	Required    bool
	Conditional bool
	Applies     bool   // the applicant ticked that the condition is theirs
	ProducedBy  string // another item of the bundle issues it: nothing to upload
	File        *casework.MaterialCheck
	Error       string
	// LicenseType is the license type that may stand in for the material
	// (免证办); Licenses are the applicant's usable licenses of it, offered
	// instead of an upload, and UsingLicense the identifier chosen.
	LicenseType  string
	Licenses     []LicenseOption
	UsingLicense string
}

// LicenseOption is one of the applicant's licenses offered for a material.
type LicenseOption struct {
	Identifier, Label string
}

// LicenseField is the radio group choosing between a license and an upload.
func (r ApplyMaterialRow) LicenseField() string { return "license_" + strconv.Itoa(r.Index) }

// useUpload is the radio value that chooses a file over the offered licenses.
const useUpload = "upload"

// appliesField is the checkbox by which an applicant says a conditional
// material's condition is theirs.
func appliesField(i int) string { return "applies_" + strconv.Itoa(i) }

// materialRows builds the rows of a materials list from its merged lines and
// what an application already holds.
func materialRows(p Page, lines []casework.BundleMaterial, held []casework.MaterialCheck) []ApplyMaterialRow {
	rows := make([]ApplyMaterialRow, len(lines))
	for i, l := range lines {
		row := ApplyMaterialRow{Index: i, Field: casework.MaterialField(i), Name: l.Name, ProducedBy: l.ProducedBy, LicenseType: l.LicenseTypeID,
			Required: l.Requirement == casework.MaterialRequired, Conditional: l.Requirement == casework.MaterialConditional}
		switch {
		case row.Required:
			row.Note = p.T("cases.ui.material_required")
		case row.Conditional:
			row.Note = p.T("cases.ui.material_conditional") + strings.Join(l.Conditions, "；")
		default:
			row.Note = p.T("cases.ui.material_optional")
		}
		if j := slices.IndexFunc(held, func(m casework.MaterialCheck) bool { return m.Name == l.Name }); j >= 0 {
			m := held[j]
			row.Applies = m.Note == noteApplies || m.FileID != 0 || m.LicenseRef != ""
			if m.FileID != 0 {
				row.File = &m
			}
			row.UsingLicense = m.LicenseRef
		}
		row.Error = p.Form.Error(row.Field)
		rows[i] = row
	}
	return rows
}

// offerLicenses offers the signed-in applicant's usable licenses on the rows
// a license may stand in for. Staff registering at a window are offered none.
func (ui *UI) offerLicenses(r *http.Request, p Page, rows []ApplyMaterialRow) error {
	if !principal.From(r.Context()).IsPerson() {
		return nil
	}
	held := map[string][]license.License{}
	for i, row := range rows {
		if row.LicenseType == "" || row.ProducedBy != "" {
			continue
		}
		ls, ok := held[row.LicenseType]
		if !ok {
			var err error
			if ls, err = ui.Licenses.HeldBy(r.Context(), row.LicenseType); err != nil {
				return err
			}
			held[row.LicenseType] = ls
		}
		for _, l := range ls {
			until := p.T("cases.ui.license_long_term")
			if !l.ValidUntil.IsZero() {
				until = l.ValidUntil.In(caseDays).Format("2006-01-02")
			}
			rows[i].Licenses = append(rows[i].Licenses, LicenseOption{Identifier: l.Identifier,
				Label: p.T("cases.ui.license_option", l.TypeName, l.Number, l.IssuerName, until)})
		}
	}
	return nil
}

// noteApplies marks a conditional material the applicant said applies to them
// before uploading it.
const noteApplies = "applies"

// receiveMaterials stores the files chosen for a materials list and returns
// the checklist: new uploads replace earlier ones, earlier ones are kept, and
// a failed upload is reported on its line while every other line is kept, so
// the applicant only chooses that one file again.
func (ui *UI) receiveMaterials(r *http.Request, p *Page, rows []ApplyMaterialRow, held []casework.MaterialCheck) []casework.MaterialCheck {
	var out []casework.MaterialCheck
	for i, row := range rows {
		line := casework.MaterialCheck{Name: row.Name}
		if j := slices.IndexFunc(held, func(m casework.MaterialCheck) bool { return m.Name == row.Name }); j >= 0 {
			line = held[j]
		}
		choice := r.PostFormValue(row.LicenseField())
		if choice != "" && choice != useUpload {
			// The applicant consents to this use of their license by ticking
			// it; casework checks at submission that it is theirs and valid.
			line.LicenseRef, line.Provided, line.Trust = choice, true, casework.TrustIssued
			line.FileID, line.FileName, line.SHA256 = 0, "", ""
			if line.Note == noteApplies {
				line.Note = ""
			}
			out = append(out, line)
			continue
		}
		if choice == useUpload && line.LicenseRef != "" {
			line.LicenseRef, line.Provided, line.Trust = "", false, ""
		}
		f, ok, err := ui.receiveUpload(r, row.Field)
		switch {
		case err != nil:
			ui.fieldProblem(r, p, row.Field, err)
		case ok:
			line.Provided, line.FileID, line.FileName, line.SHA256, line.Trust = true, f.ID, f.Name, f.SHA256, casework.TrustUploaded
		}
		if row.Conditional && r.PostFormValue(appliesField(i)) == "on" && line.FileID == 0 {
			line.Note = noteApplies
		} else if line.Note == noteApplies && r.PostFormValue(appliesField(i)) != "on" {
			line.Note = ""
		}
		out = append(out, line)
	}
	return out
}

// missingMaterials marks every line that must have a file and has none.
func missingMaterials(r *http.Request, p *Page, rows []ApplyMaterialRow, got []casework.MaterialCheck) {
	for i, row := range rows {
		needs := row.Required || (row.Conditional && r.PostFormValue(appliesField(i)) == "on")
		if !needs || row.ProducedBy != "" || p.Form.Error(row.Field) != "" {
			continue
		}
		if i < len(got) && (got[i].FileID != 0 || got[i].LicenseRef != "") {
			continue
		}
		p.problem(row.Field, p.T("cases.ui.material_missing", row.Name))
	}
}

// fieldProblem shows a module's refusal of one field on the form.
func (ui *UI) fieldProblem(r *http.Request, p *Page, field string, err error) {
	e := apperr.As(err)
	if e == nil {
		p.problem(field, p.T("error.internal"))
		return
	}
	lang := reqinfo.From(r.Context()).Lang
	if len(e.Fields) == 0 {
		p.problem(field, ui.Catalog.T(lang, e.Key, e.Args...))
		return
	}
	for _, fe := range e.Fields {
		p.problem(fe.Field, ui.Catalog.T(lang, fe.Key, fe.Args...))
	}
}

// specProblems shows a spec's validation problems on the form.
func (ui *UI) specProblems(r *http.Request, p *Page, fs []apperr.FieldError) {
	lang := reqinfo.From(r.Context()).Lang
	for _, fe := range fs {
		p.problem(fe.Field, ui.Catalog.T(lang, fe.Key, fe.Args...))
	}
}

// problem adds one error to the page's form, once per field.
func (p *Page) problem(field, msg string) {
	if p.Form.Errors == nil {
		p.Form.Errors = map[string]string{}
	}
	if _, seen := p.Form.Errors[field]; seen {
		return
	}
	p.Form.Errors[field] = msg
	p.Form.Summary = append(p.Form.Summary, FieldMessage{Field: field, Message: msg})
}

// MaterialListView is what the "materialrows" partial renders.
type MaterialListView struct {
	Page Page
	Rows []ApplyMaterialRow
}

// MaterialList is the materials list of the application page.
func (p ApplyView) MaterialList() MaterialListView {
	return MaterialListView{Page: p.Page, Rows: p.Materials}
}

// PendingList is the owed-materials list of the case page.
func (p CaseDetailView) PendingList() MaterialListView {
	return MaterialListView{Page: p.Page, Rows: p.PendingRows}
}

// UploadList is a resubmission's materials list on the case page.
func (p CaseDetailView) UploadList(rows []ApplyMaterialRow) MaterialListView {
	return MaterialListView{Page: p.Page, Rows: rows}
}

// typed keeps the problems a draft must show: all of them on submission, and
// before it only those of values typed wrongly (a draft may be incomplete,
// but a malformed phone number is worth saying at once).
func typed(fs []apperr.FieldError, values map[string]string, complete bool) []apperr.FieldError {
	if complete {
		return fs
	}
	var out []apperr.FieldError
	for _, f := range fs {
		if values[f.Field] != "" {
			out = append(out, f)
		}
	}
	return out
}
