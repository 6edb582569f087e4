package web

import (
	"math"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tongban/tongban/internal/catalog"
	"github.com/tongban/tongban/internal/license"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
)

// ---- One item: compile, review, publish ----

// CatalogItemView is an item's staff page: its draft as a form, the findings of
// the quality check, the review trail, the versions and the actions allowed.
type CatalogItemView struct {
	Page
	Item           catalog.Item
	Draft          catalog.Elements
	DepartmentName string
	RegionName     string
	Status, State  string
	StateFrom      string
	StateUntil     string
	Findings       []FindingRow
	Blocking       bool
	Notice         string
	Reviews        []ReviewRow
	Versions       []VersionRow
	DraftDiffURL   string

	Editable, CanSubmit, CanDecide, CanChangeState bool

	ItemTypes, StatutoryUnits, ProjectTypes, ResultTypes []Option
	MaterialForms, Sources, Requirements, LicenseTypes   []Option
	NewStates                                            []Option
	OnlineDepths, ServiceObjects                         []CheckOption
	Materials                                            []MaterialRow
	Process                                              []StepRow
	FeeItems                                             []FeeRow
	FAQ                                                  []QARow
}

// CheckOption is one box of a group of checkboxes.
type CheckOption struct {
	Value, Label string
	Checked      bool
}

// FindingRow is one quality finding ready to show.
type FindingRow struct {
	Rule, Element, ElementName, Message string
	Blocking                            bool
}

// ReviewRow is one step of the lifecycle trail.
type ReviewRow struct{ When, Action, Actor, Comment string }

// VersionRow is one published version with a link to what it changed.
type VersionRow struct {
	Version     int
	When, By    string
	DiffURL     string
	IsPublished bool
}

// The rows of the list elements; N is the index in the input names, Number the
// row number people read.
type (
	// MaterialRow is one material of the form.
	MaterialRow struct {
		N, Number int
		catalog.Material
	}
	// StepRow is one process step of the form.
	StepRow struct {
		N, Number int
		catalog.Step
	}
	// FeeRow is one fee item of the form.
	FeeRow struct {
		N, Number int
		catalog.FeeItem
	}
	// QARow is one question of the form.
	QARow struct {
		N, Number int
		catalog.QA
	}
)

// emptyRows is how many blank rows each list offers for adding.
const emptyRows = 3

func (ui *UI) catalogItemView(r *http.Request, id int64) (CatalogItemView, error) {
	ctx := r.Context()
	pr := principal.From(ctx)
	it, err := ui.Items.Item(ctx, id)
	if err != nil {
		return CatalogItemView{}, err
	}
	reviews, err := ui.Items.Reviews(ctx, id)
	if err != nil {
		return CatalogItemView{}, err
	}
	versions, err := ui.Items.Versions(ctx, id)
	if err != nil {
		return CatalogItemView{}, err
	}
	codes, err := ui.Items.Codes(ctx)
	if err != nil {
		return CatalogItemView{}, err
	}
	lics, err := ui.Licenses.Types(ctx)
	if err != nil {
		return CatalogItemView{}, err
	}
	p := CatalogItemView{Page: ui.page(r, "catalog.ui.item.title"), Item: it}
	p.Title = it.Draft.Name
	p.Status, p.State = p.statusLabel(it.DraftStatus), p.stateLabel(it.State)
	p.StateFrom, p.StateUntil = consoleDate(it.StateFrom), consoleDate(it.StateUntil)
	depts, err := ui.publicDepartments(r)
	if err != nil {
		return CatalogItemView{}, err
	}
	p.DepartmentName = depts[it.DepartmentID].ShortName
	p.RegionName = ui.regionNames(r, it.RegionCode)[it.RegionCode]

	compile := pr.Can(principal.CompileItems, it.Scope())
	review := pr.Can(principal.ReviewItems, principal.Scope{RegionCode: it.RegionCode})
	p.Editable = compile && it.DraftStatus != catalog.DraftSubmitted && it.State != catalog.StateCancelled
	p.CanSubmit = compile && (it.DraftStatus == catalog.DraftEditing || it.DraftStatus == catalog.DraftReturned)
	p.CanDecide = review && it.DraftStatus == catalog.DraftSubmitted
	p.CanChangeState = review && it.PublishedVersion > 0 && it.State != catalog.StateCancelled

	for _, rv := range reviews {
		p.Reviews = append(p.Reviews, ReviewRow{When: consoleTime(rv.At), Action: p.tOr("catalog.ui.action."+rv.Action, rv.Action),
			Actor: rv.Actor, Comment: rv.Comment})
	}
	for _, v := range versions {
		row := VersionRow{Version: v.Version, When: consoleTime(v.PublishedAt), By: v.PublishedBy, IsPublished: v.Version == it.PublishedVersion}
		if v.Version > 1 {
			row.DiffURL = catalogItemURL(id) + "/diff?from=" + strconv.Itoa(v.Version-1) + "&to=" + strconv.Itoa(v.Version)
		}
		p.Versions = append(p.Versions, row)
	}
	sort.Slice(p.Versions, func(i, j int) bool { return p.Versions[i].Version > p.Versions[j].Version })
	if it.PublishedVersion > 0 && it.DraftStatus != catalog.DraftNone {
		p.DraftDiffURL = catalogItemURL(id) + "/diff?from=" + strconv.Itoa(it.PublishedVersion) + "&to=0"
	}
	p.codeOptions(codes, lics)
	for _, s := range []string{catalog.StateSuspended, catalog.StateCancelled, catalog.StateActive} {
		if s != it.State {
			p.NewStates = append(p.NewStates, Option{s, p.T("catalog.ui.state_action." + s)})
		}
	}
	p.setDraft(it.Draft)
	return p, nil
}

// consoleDate formats a date for the console, empty for none.
func consoleDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(chinaTime).Format("2006-01-02")
}

// codeOptions fills the selects from the code tables.
func (p *CatalogItemView) codeOptions(codes catalog.CodeTables, lics []license.Type) {
	opts := func(table string, withCode bool) []Option {
		var out []Option
		for _, c := range codes.Codes(table) {
			label := codes.Label(table, c)
			if withCode {
				label = c + " " + label
			}
			out = append(out, Option{c, label})
		}
		return out
	}
	p.ItemTypes = opts(catalog.TableItemType, true)
	p.StatutoryUnits = opts(catalog.TableStatutoryUnit, false)
	p.ProjectTypes = opts(catalog.TableProjectType, false)
	p.ResultTypes = opts(catalog.TableResultType, false)
	p.MaterialForms = opts(catalog.TableMaterialForm, false)
	p.Sources = opts(catalog.TableSource, false)
	p.Requirements = []Option{{catalog.MaterialRequired, p.T("catalog.ui.material.required")},
		{catalog.MaterialOptional, p.T("catalog.ui.material.optional")}, {catalog.MaterialConditional, p.T("catalog.ui.material.conditional")}}
	for _, l := range lics {
		p.LicenseTypes = append(p.LicenseTypes, Option{l.Slug, l.Name})
	}
	p.OnlineDepths = checkOptions(opts(catalog.TableOnlineDepth, true))
	p.ServiceObjects = checkOptions(opts(catalog.TableServiceObject, false))
}

func checkOptions(os []Option) []CheckOption {
	out := make([]CheckOption, len(os))
	for i, o := range os {
		out[i] = CheckOption{Value: o.Value, Label: o.Label}
	}
	return out
}

// setDraft shows e in the form, with blank rows to add list entries.
func (p *CatalogItemView) setDraft(e catalog.Elements) {
	p.Draft = e
	for i := range p.OnlineDepths {
		p.OnlineDepths[i].Checked = slices.Contains(intStrings(e.OnlineDepth), p.OnlineDepths[i].Value)
	}
	for i := range p.ServiceObjects {
		p.ServiceObjects[i].Checked = slices.Contains(intStrings(e.ServiceObjects), p.ServiceObjects[i].Value)
	}
	p.Materials, p.Process, p.FeeItems, p.FAQ = nil, nil, nil, nil
	for i := range len(e.Materials) + emptyRows {
		row := MaterialRow{N: i, Number: i + 1}
		if i < len(e.Materials) {
			row.Material = e.Materials[i]
		}
		p.Materials = append(p.Materials, row)
	}
	for i := range len(e.Process) + emptyRows {
		row := StepRow{N: i, Number: i + 1}
		if i < len(e.Process) {
			row.Step = e.Process[i]
		}
		p.Process = append(p.Process, row)
	}
	for i := range len(e.Fee.Items) + emptyRows {
		row := FeeRow{N: i, Number: i + 1}
		if i < len(e.Fee.Items) {
			row.FeeItem = e.Fee.Items[i]
		}
		p.FeeItems = append(p.FeeItems, row)
	}
	for i := range len(e.FAQ) + emptyRows {
		row := QARow{N: i, Number: i + 1}
		if i < len(e.FAQ) {
			row.QA = e.FAQ[i]
		}
		p.FAQ = append(p.FAQ, row)
	}
}

// setFindings shows the quality findings, blocking ones first.
func (p *CatalogItemView) setFindings(fs []catalog.Finding) {
	p.Findings, p.Blocking = nil, catalog.Blocking(fs)
	for _, f := range fs {
		p.Findings = append(p.Findings, FindingRow{Rule: p.tOr("quality.rule."+f.Rule, f.Rule), Element: f.Element,
			ElementName: p.ElementName(f.Element), Message: p.T(f.Key, f.Args...), Blocking: f.Blocking})
	}
	sort.SliceStable(p.Findings, func(i, j int) bool { return p.Findings[i].Blocking && !p.Findings[j].Blocking })
}

// Lines joins a list element for a one-per-line textarea.
func (p CatalogItemView) Lines(xs []string) string { return strings.Join(xs, "\n") }

// Number shows an integer element: what was typed when the form comes back
// with an error, otherwise the value; blankZero leaves 0 empty (no statutory
// limit) where 0 is not a meaningful answer.
func (p CatalogItemView) Number(name string, n int, blankZero bool) string {
	if v, ok := p.Form.Values[name]; ok {
		return v
	}
	if n == 0 && blankZero {
		return ""
	}
	return strconv.Itoa(n)
}

// Text describes a text input of the draft form.
func (p CatalogItemView) Text(name, value, labelKey string) Field {
	return Field{Name: name, Type: "text", Label: p.T(labelKey), Value: value, Error: p.Form.Error(name)}
}

// NumberField describes a number input of the draft form.
func (p CatalogItemView) NumberField(name string, n int, blankZero bool, labelKey string) Field {
	return Field{Name: name, Type: "number", Label: p.T(labelKey), Value: p.Number(name, n, blankZero), Error: p.Form.Error(name)}
}

// RowNumber shows a number in a list row; a negative n (a blank row) is empty.
func (p CatalogItemView) RowNumber(name string, n int) string {
	if v, ok := p.Form.Values[name]; ok {
		return v
	}
	if n < 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// Completeness is the share of core elements the draft fills, in percent.
func (p CatalogItemView) Completeness() int { return percent(p.Draft.Completeness()) }

func intStrings(xs []int) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = strconv.Itoa(x)
	}
	return out
}

// itemPage loads the item page with the findings of the draft it shows.
func (ui *UI) itemPage(r *http.Request, id int64) (CatalogItemView, error) {
	p, err := ui.catalogItemView(r, id)
	if err != nil {
		return p, err
	}
	fs, err := ui.Items.Check(r.Context(), p.Item.RegionCode, p.Item.Draft)
	if err != nil {
		return p, err
	}
	p.setFindings(fs)
	return p, nil
}

// itemNotices are the confirmations shown after an action redirects back.
var itemNotices = []string{"saved", "submitted", "returned", "approved", "state"}

func (ui *UI) catalogItem(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "item")
	if err != nil {
		return err
	}
	p, err := ui.itemPage(r, id)
	if err != nil {
		return err
	}
	if n := r.URL.Query().Get("notice"); slices.Contains(itemNotices, n) {
		p.Notice = p.T("catalog.ui.notice." + n)
	}
	return ui.render(w, http.StatusOK, "catalog_item", p)
}

// catalogSave saves the draft. A draft with findings is saved all the same and
// shown again with them, since the clerk has work left on this page; a clean
// one redirects.
func (ui *UI) catalogSave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "item")
	if err != nil {
		return err
	}
	_ = r.ParseForm()
	p, err := ui.catalogItemView(r, id)
	if err != nil {
		return err
	}
	e, raw, bad := parseElements(r, p.Item.Draft)
	// showAgain shows what was typed, with its findings, and why it was not saved.
	showAgain := func(form Form, status int) error {
		fs, err := ui.Items.Check(r.Context(), p.Item.RegionCode, e)
		if err != nil {
			return err
		}
		p.Form = form
		p.setDraft(e)
		p.setFindings(fs)
		return ui.render(w, status, "catalog_item", p)
	}
	if len(bad) > 0 {
		form, _ := ui.formFrom(r, apperr.Fields(bad))
		form.Values = raw
		return showAgain(form, http.StatusUnprocessableEntity)
	}
	_, fs, err := ui.Items.SaveDraft(r.Context(), id, e)
	if err != nil {
		form, status, ok := ui.failedForm(r, err)
		if !ok {
			return err
		}
		return showAgain(form, status)
	}
	if len(fs) == 0 {
		http.Redirect(w, r, catalogItemURL(id)+"?notice=saved", http.StatusSeeOther)
		return nil
	}
	if p, err = ui.catalogItemView(r, id); err != nil {
		return err
	}
	p.setFindings(fs)
	p.Notice = p.T("catalog.ui.notice.saved_with_findings", len(fs))
	return ui.render(w, http.StatusOK, "catalog_item", p)
}

// itemAction runs one lifecycle step and redirects back to the item, or shows
// the item again with the refusal at the top.
func (ui *UI) itemAction(w http.ResponseWriter, r *http.Request, notice string, act func(id int64) ([]catalog.Finding, error), fields ...string) error {
	id, err := pathID(r, "item")
	if err != nil {
		return err
	}
	fs, err := act(id)
	if err == nil {
		http.Redirect(w, r, catalogItemURL(id)+"?notice="+notice, http.StatusSeeOther)
		return nil
	}
	form, status, ok := ui.failedForm(r, err, fields...)
	if !ok {
		return err
	}
	p, verr := ui.itemPage(r, id)
	if verr != nil {
		return verr
	}
	if fs != nil {
		p.setFindings(fs)
	}
	p.Form = form
	return ui.render(w, status, "catalog_item", p)
}

func (ui *UI) catalogSubmit(w http.ResponseWriter, r *http.Request) error {
	return ui.itemAction(w, r, "submitted", func(id int64) ([]catalog.Finding, error) {
		_, fs, err := ui.Items.Submit(r.Context(), id)
		return fs, err
	})
}

func (ui *UI) catalogApprove(w http.ResponseWriter, r *http.Request) error {
	return ui.itemAction(w, r, "approved", func(id int64) ([]catalog.Finding, error) {
		_, err := ui.Items.Approve(r.Context(), id)
		return nil, err
	})
}

func (ui *UI) catalogReturn(w http.ResponseWriter, r *http.Request) error {
	return ui.itemAction(w, r, "returned", func(id int64) ([]catalog.Finding, error) {
		_, err := ui.Items.Return(r.Context(), id, r.PostFormValue("comment"))
		return nil, err
	}, "comment")
}

func (ui *UI) catalogState(w http.ResponseWriter, r *http.Request) error {
	return ui.itemAction(w, r, "state", func(id int64) ([]catalog.Finding, error) {
		var bad []apperr.FieldError
		from, until := formDate(r, "from", &bad), formDate(r, "until", &bad)
		if err := apperr.Fields(bad); err != nil {
			return nil, err
		}
		_, err := ui.Items.ChangeState(r.Context(), id, r.PostFormValue("state"), r.PostFormValue("reason"), from, until)
		return nil, err
	}, "state", "reason", "from", "until")
}

// formDate reads a yyyy-mm-dd date in Beijing time; empty is the zero time.
func formDate(r *http.Request, name string, bad *[]apperr.FieldError) time.Time {
	v := strings.TrimSpace(r.PostFormValue(name))
	if v == "" {
		return time.Time{}
	}
	t, err := time.ParseInLocation("2006-01-02", v, chinaTime)
	if err != nil {
		*bad = append(*bad, apperr.FieldError{Field: name, Key: "catalog.ui.date"})
	}
	return t
}

// ---- Parsing the item form ----

// parseElements reads the item form over base, so elements the form does not
// show (the variant names, the use level, special procedures…) are kept. Rows
// of the list elements with an empty name are dropped. raw holds what was typed
// into the number fields, to show it again; bad lists numbers that are not.
func parseElements(r *http.Request, base catalog.Elements) (e catalog.Elements, raw map[string]string, bad []apperr.FieldError) {
	f := r.PostForm
	raw = map[string]string{}
	// numAs reads the number in field src and reports it as field as: a row's
	// position once blank rows are dropped.
	numAs := func(src, as string) int {
		v := strings.TrimSpace(f.Get(src))
		raw[as] = v
		if v == "" {
			return 0
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 100000 {
			bad = append(bad, apperr.FieldError{Field: as, Key: "catalog.ui.number"})
			return 0
		}
		return n
	}
	num := func(name string) int { return numAs(name, name) }
	ints := func(name string) []int {
		var out []int
		for _, v := range f[name] {
			if n, err := strconv.Atoi(v); err == nil {
				out = append(out, n)
			} else {
				bad = append(bad, apperr.FieldError{Field: name, Key: "form.choice"})
			}
		}
		return out
	}
	e = base
	e.Name, e.ItemType = f.Get("name"), f.Get("item_type")
	e.CatalogCode, e.ImplCode, e.LocalCode = f.Get("catalog_code"), f.Get("impl_code"), f.Get("local_code")
	e.AcceptConditions = f.Get("accept_conditions")
	e.StatutoryDays, e.StatutoryUnit = num("statutory_days"), f.Get("statutory_unit")
	e.PromisedDays, e.ProjectType = num("promised_days"), num("project_type")
	e.VisitsRequired, e.VisitsReason = num("visits_required"), f.Get("visits_reason")
	e.OnlineDepth, e.ServiceObjects = ints("online_depth"), ints("service_objects")
	e.InHall, e.HallWindow, e.ExpressSupported = f.Has("in_hall"), strings.TrimSpace(f.Get("hall_window")), f.Has("express_supported")
	e.Address, e.Hours = f.Get("address"), f.Get("hours")
	e.ConsultPhone, e.ComplaintPhone = f.Get("consult_phone"), f.Get("complaint_phone")
	e.LegalBasis, e.Keywords, e.Topics = lines(f.Get("legal_basis")), lines(f.Get("keywords")), lines(f.Get("topics"))
	e.Result = catalog.Result{Name: strings.TrimSpace(f.Get("result.name")), Type: f.Get("result.type"), LicenseTypeID: f.Get("result.license_type_id")}
	e.Fee = catalog.Fee{Charged: f.Has("fee.charged"), PayOnline: f.Has("fee.pay_online"), Note: strings.TrimSpace(f.Get("fee.note")),
		AtSubmissionFen: yuanField(f.Get("fee.at_submission"))}

	e.Materials = nil
	for i := 0; f.Has(row("materials", i, "name")); i++ {
		name := strings.TrimSpace(f.Get(row("materials", i, "name")))
		if name == "" {
			continue
		}
		copies := numAs(row("materials", i, "copies"), row("materials", len(e.Materials), "copies"))
		e.Materials = append(e.Materials, catalog.Material{Name: name, Required: f.Get(row("materials", i, "required")),
			Condition: f.Get(row("materials", i, "condition")), Form: f.Get(row("materials", i, "form")), Copies: copies,
			Source: f.Get(row("materials", i, "source")), LicenseTypeID: f.Get(row("materials", i, "license_type_id")),
			BlankForm: f.Has(row("materials", i, "blank_form")), SampleForm: f.Has(row("materials", i, "sample_form"))})
	}
	e.Process = nil
	for i := 0; f.Has(row("process", i, "step")); i++ {
		step := strings.TrimSpace(f.Get(row("process", i, "step")))
		if step != "" {
			days := numAs(row("process", i, "days"), row("process", len(e.Process), "days"))
			e.Process = append(e.Process, catalog.Step{Step: step, Days: days})
		}
	}
	for i := 0; f.Has(row("fee.items", i, "name")); i++ {
		it := catalog.FeeItem{Name: strings.TrimSpace(f.Get(row("fee.items", i, "name"))),
			Standard: strings.TrimSpace(f.Get(row("fee.items", i, "standard"))), Basis: strings.TrimSpace(f.Get(row("fee.items", i, "basis")))}
		if it.Name != "" {
			e.Fee.Items = append(e.Fee.Items, it)
		}
	}
	e.FAQ = nil
	for i := 0; f.Has(row("faq", i, "q")); i++ {
		qa := catalog.QA{Q: strings.TrimSpace(f.Get(row("faq", i, "q"))), A: strings.TrimSpace(f.Get(row("faq", i, "a")))}
		if qa.Q != "" {
			e.FAQ = append(e.FAQ, qa)
		}
	}
	return e, raw, bad
}

func row(list string, i int, field string) string { return list + "." + strconv.Itoa(i) + "." + field }

// lines splits a one-per-line textarea, dropping blank lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// yuanField reads an amount in yuan (“20” or “20.50”) as fen; an empty field
// is 0, and anything that is not an amount is -1, which the quality check
// reports next to the field.
func yuanField(s string) int64 {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	yuan, err := strconv.ParseFloat(s, 64)
	if err != nil || yuan < 0 || yuan > 1e8 {
		return -1
	}
	return int64(math.Round(yuan * 100))
}
