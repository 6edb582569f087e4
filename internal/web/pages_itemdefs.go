package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/reqinfo"
)

// registerItemDefinitions adds the editors of an item's application form and
// workflow (申请表单, 办理流程), for the item's administrators. Who may edit
// is decided by casework; these pages only parse and render.
func (ui *UI) registerItemDefinitions(rt routeAdder) {
	rt.Handle("GET", "/staff/items/{id}/form", ui.itemFormPage)
	rt.Handle("POST", "/staff/items/{id}/form", ui.itemFormSave)
	rt.Handle("GET", "/staff/items/{id}/workflow", ui.itemWorkflowPage)
	rt.Handle("POST", "/staff/items/{id}/workflow", ui.itemWorkflowSave)
	rt.Handle("POST", "/staff/items/{id}/workflow/activate", ui.itemWorkflowActivate)
}

func itemDefsURL(id int64, what string) string {
	return "/staff/items/" + strconv.FormatInt(id, 10) + "/" + what
}

// problemsForm lists every problem in the summary, in order, and the first of
// each field next to it. (formFrom keeps one per field; editors of a whole
// definition need them all.)
func (ui *UI) problemsForm(r *http.Request, fes []apperr.FieldError) Form {
	lang := reqinfo.From(r.Context()).Lang
	f := Form{Values: map[string]string{}, Errors: map[string]string{}}
	for _, fe := range fes {
		msg := ui.Catalog.T(lang, fe.Key, fe.Args...)
		if _, seen := f.Errors[fe.Field]; !seen {
			f.Errors[fe.Field] = msg
		}
		f.Summary = append(f.Summary, FieldMessage{Field: fe.Field, Message: msg})
	}
	return f
}

// itemName is the published name of an item, for titles.
func (ui *UI) itemName(r *http.Request, id int64) (string, error) {
	p, err := ui.Items.Published(r.Context(), id)
	if err != nil {
		return "", err
	}
	return p.Version.Elements.Name, nil
}

// ---- The application form ----

// ItemFormEditView is the form editor: one row per field, blank rows to add
// fields, a box to remove one, and a preview of the form as applicants see it.
type ItemFormEditView struct {
	Page
	ItemID   int64
	ItemName string
	Version  int    // the active stored version; 0 = the default form
	SavedAt  string // when that version was saved
	Saved    bool
	Rows     []FormEditRow
	Types    []Option
	Preview  []FormPreviewField
}

// FormEditRow is one field of the editor as typed: options one "value=label"
// per line, the condition as "field=value".
type FormEditRow struct {
	N, Number                                                  int
	Name, Label, Type, Options, ShowIf, Help, MaxLen, Min, Max string
	Pattern                                                    string
	Required                                                   bool
}

func (row FormEditRow) blank() bool {
	return row.Name == "" && row.Label == "" && row.Options == "" && row.ShowIf == "" && row.Help == "" &&
		row.MaxLen == "" && row.Min == "" && row.Max == "" && row.Pattern == ""
}

// CellError is the message for one attribute of row n.
func (p ItemFormEditView) CellError(n int, attr string) string {
	return p.Form.Error("fields." + strconv.Itoa(n) + "." + attr)
}

// FormCell is one text cell of the editor.
type FormCell struct{ ID, Label, Value, Error string }

// Cell describes the text input of an attribute of row.
func (p ItemFormEditView) Cell(row FormEditRow, attr, value string) FormCell {
	return FormCell{ID: "fields." + strconv.Itoa(row.N) + "." + attr, Label: p.T("itemdefs.form.col."+attr) + " " + strconv.Itoa(row.Number),
		Value: value, Error: p.CellError(row.N, attr)}
}

// FormPreviewField is one field of the preview.
type FormPreviewField struct {
	casework.FormField
	ID       string
	ShowWhen string // in words, "" when always shown
}

// itemFormView loads the editor for an item administrator (casework refuses
// anyone else) with the item's current form.
func (ui *UI) itemFormView(r *http.Request) (ItemFormEditView, casework.FormVersion, error) {
	id, err := pathID(r, "item")
	if err != nil {
		return ItemFormEditView{}, casework.FormVersion{}, err
	}
	f, err := ui.Cases.ItemForm(r.Context(), id)
	if err != nil {
		return ItemFormEditView{}, f, err
	}
	name, err := ui.itemName(r, id)
	if err != nil {
		return ItemFormEditView{}, f, err
	}
	p := ItemFormEditView{Page: ui.page(r, "itemdefs.form.title"), ItemID: id, ItemName: name, Version: f.Version}
	p.Title = p.T("itemdefs.form.title") + "：" + name
	if f.Version > 0 {
		p.SavedAt = consoleTime(f.CreatedAt)
	}
	for _, t := range casework.FieldTypes {
		p.Types = append(p.Types, Option{t, p.T("itemdefs.type." + t)})
	}
	return p, f, nil
}

func (ui *UI) itemFormPage(w http.ResponseWriter, r *http.Request) error {
	p, f, err := ui.itemFormView(r)
	if err != nil {
		return err
	}
	p.Saved = r.URL.Query().Get("saved") == "1"
	p.show(f.Spec, specRows(f.Spec))
	return ui.render(w, http.StatusOK, "item_form_edit", p)
}

// itemFormSave stores the edited form as a new version. Every problem, of
// the typing (a number that is not one) and of the spec, is shown at once on
// the rows as typed.
func (ui *UI) itemFormSave(w http.ResponseWriter, r *http.Request) error {
	p, _, err := ui.itemFormView(r)
	if err != nil {
		return err
	}
	rows := postedFormRows(r)
	spec, probs := rowsSpec(rows)
	if len(probs) == 0 {
		_, err = ui.Cases.SaveForm(r.Context(), p.ItemID, spec)
		if err == nil {
			http.Redirect(w, r, itemDefsURL(p.ItemID, "form")+"?saved=1", http.StatusSeeOther)
			return nil
		}
		if apperr.KindOf(err) != apperr.Invalid {
			return err
		}
		probs = apperr.FieldErrors(err)
	} else if err := spec.Check(); err != nil {
		probs = append(probs, apperr.FieldErrors(err)...)
	}
	p.Page.Form = ui.problemsForm(r, probs)
	p.show(spec, rows)
	return ui.render(w, http.StatusUnprocessableEntity, "item_form_edit", p)
}

// show fills the editor rows (numbered, with blank rows to add fields) and
// the preview.
func (p *ItemFormEditView) show(spec casework.FormSpec, rows []FormEditRow) {
	p.Rows = nil
	for i := range len(rows) + emptyRows {
		row := FormEditRow{Type: casework.TypeText}
		if i < len(rows) {
			row = rows[i]
		}
		row.N, row.Number = i, i+1
		p.Rows = append(p.Rows, row)
	}
	for _, f := range spec.Fields {
		pf := FormPreviewField{FormField: f, ID: "preview-" + f.Name}
		if c := f.ShowIf; c != nil {
			pf.ShowWhen = p.T("itemdefs.form.shown_when", fieldLabel(spec, c.Field), optionLabel(spec, *c))
		}
		p.Preview = append(p.Preview, pf)
	}
}

func fieldLabel(spec casework.FormSpec, name string) string {
	for _, f := range spec.Fields {
		if f.Name == name {
			return f.Label
		}
	}
	return name
}

func optionLabel(spec casework.FormSpec, c casework.Condition) string {
	for _, f := range spec.Fields {
		for _, o := range f.Options {
			if f.Name == c.Field && o.Value == c.Equals {
				return o.Label
			}
		}
	}
	return c.Equals
}

// specRows writes a spec as editor rows.
func specRows(spec casework.FormSpec) []FormEditRow {
	rows := make([]FormEditRow, len(spec.Fields))
	for i, f := range spec.Fields {
		row := FormEditRow{Name: f.Name, Label: f.Label, Type: f.Type, Required: f.Required, Help: f.Help, Pattern: f.Pattern}
		var opts []string
		for _, o := range f.Options {
			opts = append(opts, o.Value+"="+o.Label)
		}
		row.Options = strings.Join(opts, "\n")
		if f.ShowIf != nil {
			row.ShowIf = f.ShowIf.Field + "=" + f.ShowIf.Equals
		}
		if f.MaxLen > 0 {
			row.MaxLen = strconv.Itoa(f.MaxLen)
		}
		if f.Min != nil {
			row.Min = strconv.FormatFloat(*f.Min, 'f', -1, 64)
		}
		if f.Max != nil {
			row.Max = strconv.FormatFloat(*f.Max, 'f', -1, 64)
		}
		rows[i] = row
	}
	return rows
}

// postedFormRows reads the rows as posted, dropping blank and removed ones,
// so that the spec's field i is row i of the page shown again.
func postedFormRows(r *http.Request) []FormEditRow {
	var rows []FormEditRow
	for i := 0; ; i++ {
		at := "fields." + strconv.Itoa(i) + "."
		if _, ok := r.PostForm[at+"name"]; !ok {
			return rows
		}
		v := func(attr string) string { return strings.TrimSpace(r.PostFormValue(at + attr)) }
		row := FormEditRow{Name: v("name"), Label: v("label"), Type: v("type"), Required: v("required") == "on",
			Options: v("options"), ShowIf: v("show_if"), Help: v("help"), MaxLen: v("max_len"), Min: v("min"), Max: v("max"),
			Pattern: v("pattern")}
		if v("remove") == "on" || row.blank() {
			continue
		}
		rows = append(rows, row)
	}
}

// rowsSpec turns rows into a spec, with the problems of what cannot be read
// (numbers, the condition's shape) on their cells.
func rowsSpec(rows []FormEditRow) (casework.FormSpec, []apperr.FieldError) {
	var spec casework.FormSpec
	var probs []apperr.FieldError
	for i, row := range rows {
		at := "fields." + strconv.Itoa(i) + "."
		f := casework.FormField{Name: row.Name, Label: row.Label, Type: row.Type, Required: row.Required, Help: row.Help, Pattern: row.Pattern}
		for _, line := range strings.Split(row.Options, "\n") {
			if line = strings.TrimSpace(line); line == "" {
				continue
			}
			value, label, ok := strings.Cut(line, "=")
			if !ok {
				label = value
			}
			f.Options = append(f.Options, casework.Option{Value: strings.TrimSpace(value), Label: strings.TrimSpace(label)})
		}
		if row.ShowIf != "" {
			field, value, ok := strings.Cut(row.ShowIf, "=")
			if !ok {
				probs = append(probs, apperr.FieldError{Field: at + "show_if", Key: "itemdefs.form.show_if_syntax"})
			}
			f.ShowIf = &casework.Condition{Field: strings.TrimSpace(field), Equals: strings.TrimSpace(value)}
		}
		if row.MaxLen != "" {
			n, err := strconv.Atoi(row.MaxLen)
			if err != nil {
				probs = append(probs, apperr.FieldError{Field: at + "max_len", Key: "itemdefs.form.number_invalid"})
			}
			f.MaxLen = n
		}
		for _, b := range []struct {
			text, attr string
			to         **float64
		}{{row.Min, "min", &f.Min}, {row.Max, "max", &f.Max}} {
			if b.text == "" {
				continue
			}
			n, err := strconv.ParseFloat(b.text, 64)
			if err != nil {
				probs = append(probs, apperr.FieldError{Field: at + b.attr, Key: "itemdefs.form.number_invalid"})
				continue
			}
			*b.to = &n
		}
		spec.Fields = append(spec.Fields, f)
	}
	return spec, probs
}

// ---- The workflow ----

// ItemWorkflowEditView is the workflow editor: the definition as JSON, its
// problems in words, its states and actions as tables, and the versions.
type ItemWorkflowEditView struct {
	Page
	ItemID        int64
	ItemName      string
	ActiveVersion int    // 0 = the default workflow
	Shown         string // what the definition below is, in words
	Definition    string
	Problems      []string
	States        []WorkflowStateRow
	Actions       []WorkflowActionRow
	Versions      []WorkflowVersionRow
	Notice        string
}

// WorkflowStateRow is one state for reading.
type WorkflowStateRow struct{ ID, Label, Kind, StepDays string }

// WorkflowActionRow is one action for reading.
type WorkflowActionRow struct{ ID, Label, From, To, Who string }

// WorkflowVersionRow is one stored version.
type WorkflowVersionRow struct {
	Version                    int
	Status, Created, Activated string
	CanActivate                bool
}

// itemWorkflowView loads the editor for an item administrator, showing the
// newest draft, else the definition in force.
func (ui *UI) itemWorkflowView(r *http.Request) (ItemWorkflowEditView, error) {
	id, err := pathID(r, "item")
	if err != nil {
		return ItemWorkflowEditView{}, err
	}
	ctx := r.Context()
	vs, err := ui.Cases.ItemWorkflows(ctx, id)
	if err != nil {
		return ItemWorkflowEditView{}, err
	}
	active, _, err := ui.Cases.ActiveWorkflow(ctx, id)
	if err != nil {
		return ItemWorkflowEditView{}, err
	}
	name, err := ui.itemName(r, id)
	if err != nil {
		return ItemWorkflowEditView{}, err
	}
	p := ItemWorkflowEditView{Page: ui.page(r, "itemdefs.workflow.title"), ItemID: id, ItemName: name}
	p.Title = p.T("itemdefs.workflow.title") + "：" + name
	for _, v := range vs {
		if v.Status == casework.WorkflowActive {
			p.ActiveVersion = v.Version
		}
		p.Versions = append(p.Versions, WorkflowVersionRow{Version: v.Version, Status: p.T("itemdefs.status." + v.Status),
			Created: consoleTime(v.CreatedAt), Activated: consoleTime(v.ActivatedAt), CanActivate: v.Status != casework.WorkflowActive})
	}
	switch {
	case len(vs) > 0 && vs[0].Status == casework.WorkflowDraft:
		p.Shown = p.T("itemdefs.workflow.shown_draft", vs[0].Version)
		p.show(vs[0].Workflow)
	case p.ActiveVersion > 0:
		p.Shown = p.T("itemdefs.workflow.shown_active", p.ActiveVersion)
		p.show(active)
	default:
		p.Shown = p.T("itemdefs.workflow.shown_default")
		p.show(active)
	}
	return p, nil
}

// show puts a workflow in the textarea and the tables, with its problems.
func (p *ItemWorkflowEditView) show(w casework.Workflow) {
	p.Definition = casework.FormatWorkflow(w)
	p.States, p.Actions, p.Problems = nil, nil, nil
	for _, s := range w.States {
		row := WorkflowStateRow{ID: s.ID, Label: s.Label, Kind: p.T("itemdefs.workflow.kind_step")}
		switch {
		case s.Terminal:
			row.Kind = p.T("itemdefs.workflow.kind_terminal")
		case s.Clock:
			row.Kind = p.T("itemdefs.workflow.kind_clock")
		}
		if s.StepDays != nil {
			row.StepDays = strconv.Itoa(*s.StepDays)
		}
		p.States = append(p.States, row)
	}
	for _, a := range w.Actions {
		var who []string
		for _, role := range a.Roles {
			who = append(who, p.tOr("role."+string(role), string(role)))
		}
		if a.ByApplicant {
			who = append(who, p.T("itemdefs.workflow.applicant"))
		}
		p.Actions = append(p.Actions, WorkflowActionRow{ID: a.ID, Label: a.Label, From: strings.Join(a.From, "、"), To: a.To,
			Who: strings.Join(who, "、")})
	}
	for _, fe := range casework.CheckWorkflow(w) {
		p.Problems = append(p.Problems, p.T(fe.Key, fe.Args...))
	}
}

func (ui *UI) itemWorkflowPage(w http.ResponseWriter, r *http.Request) error {
	p, err := ui.itemWorkflowView(r)
	if err != nil {
		return err
	}
	switch q := r.URL.Query(); {
	case q.Get("saved") == "1":
		p.Notice = p.T("itemdefs.workflow.saved")
	case q.Get("activated") != "":
		p.Notice = p.T("itemdefs.workflow.activated", q.Get("activated"))
	}
	return ui.render(w, http.StatusOK, "item_workflow_edit", p)
}

// itemWorkflowSave saves the typed definition as the draft. Text that is not
// a definition comes back as typed, with the reason.
func (ui *UI) itemWorkflowSave(w http.ResponseWriter, r *http.Request) error {
	p, err := ui.itemWorkflowView(r)
	if err != nil {
		return err
	}
	text := r.PostFormValue("definition")
	wf, err := casework.ParseWorkflow([]byte(text))
	if err == nil {
		_, err = ui.Cases.SaveWorkflowDraft(r.Context(), p.ItemID, wf)
	}
	if err == nil {
		http.Redirect(w, r, itemDefsURL(p.ItemID, "workflow")+"?saved=1", http.StatusSeeOther)
		return nil
	}
	if apperr.KindOf(err) != apperr.Invalid {
		return err
	}
	p.Page.Form = ui.problemsForm(r, apperr.FieldErrors(err))
	p.Definition, p.Problems = text, nil
	return ui.render(w, http.StatusUnprocessableEntity, "item_workflow_edit", p)
}

// itemWorkflowActivate puts a version in force; a definition with problems
// is refused and every problem listed above it.
func (ui *UI) itemWorkflowActivate(w http.ResponseWriter, r *http.Request) error {
	p, err := ui.itemWorkflowView(r)
	if err != nil {
		return err
	}
	version, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil {
		return apperr.NotFoundf("workflow version")
	}
	err = ui.Cases.ActivateWorkflow(r.Context(), p.ItemID, version)
	if err == nil {
		http.Redirect(w, r, itemDefsURL(p.ItemID, "workflow")+"?activated="+strconv.Itoa(version), http.StatusSeeOther)
		return nil
	}
	if apperr.KindOf(err) != apperr.Invalid {
		return err
	}
	p.Page.Form = ui.problemsForm(r, apperr.FieldErrors(err))
	p.Page.Form.Message = p.T("itemdefs.workflow.not_activated", version)
	p.Problems = nil
	return ui.render(w, http.StatusUnprocessableEntity, "item_workflow_edit", p)
}
