package web

import (
	"net/http"
	"strconv"

	"github.com/tongban/tongban/internal/bundle"
	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
)

// registerBundleApps adds applying for a 一件事 bundle: the scenario questions,
// one merged form, one deduplicated materials list, one submission opening a
// case per item, and the applicant's one timeline of the bundle.
func (ui *UI) registerBundleApps(rt routeAdder) {
	rt.Handle("GET", "/bundles/{slug}/apply", ui.bundleApplyPage)
	rt.Handle("POST", "/bundles/{slug}/apply", ui.bundleApplySave)
	rt.Handle("POST", "/bundles/{slug}/apply/submit", ui.bundleApplySubmit)
	rt.Handle("GET", "/me/bundles/{id}", ui.myBundle)
}

// BundleApplyView is the page of a bundle application.
type BundleApplyView struct {
	Page
	Bundle    bundle.Bundle
	Questions []BundleQuestion
	Answered  bool // every question has an answer: the form is shown
	Items     []string
	Fields    []SpecField
	Materials []ApplyMaterialRow
	Saved     bool
}

// BundleQuestion is a scenario question with the applicant's answer.
type BundleQuestion struct {
	bundle.Question
	Answer string
	Error  string
}

// MaterialList is the materials list of the bundle page.
func (p BundleApplyView) MaterialList() MaterialListView {
	return MaterialListView{Page: p.Page, Rows: p.Materials}
}

// bundlePlan is what the answers select: items, merged form and materials.
type bundlePlan struct {
	b       bundle.Bundle
	answers map[string]string
	items   []casework.PublishedItem
	extra   []string
	spec    casework.FormSpec
	lines   []casework.BundleMaterial
}

// planBundle applies answers to a bundle: the items they select (those
// published here), the merged form of those items and their materials.
func (ui *UI) planBundle(r *http.Request, b bundle.Bundle, answers map[string]string) (bundlePlan, error) {
	ctx := r.Context()
	pl := bundlePlan{b: b, answers: answers}
	sel := b.Select(answers)
	pl.extra = sel.ExtraMaterials
	var specs []casework.FormSpec
	for _, slug := range sel.ItemSlugs {
		pub, err := ui.Items.PublishedBySlug(ctx, slug)
		if apperr.KindOf(err) == apperr.NotFound {
			continue // not offered in this install
		} else if err != nil {
			return pl, err
		}
		item, err := ui.Cases.Item(ctx, pub.ID)
		if err != nil {
			return pl, err
		}
		spec, err := ui.Cases.FormFor(ctx, pub.ID)
		if err != nil {
			return pl, err
		}
		pl.items, specs = append(pl.items, item), append(specs, spec)
	}
	pl.spec = casework.MergeForms(specs)
	pl.lines = casework.MergeMaterials(pl.items, pl.extra)
	return pl, nil
}

// answered reports whether every question has an answer.
func answered(b bundle.Bundle, answers map[string]string) bool {
	for _, q := range b.Questions {
		if answers[q.ID] == "" {
			return false
		}
	}
	return true
}

// bundleApplyView builds the page from a plan and what the application holds.
func (ui *UI) bundleApplyView(r *http.Request, pl bundlePlan, held []casework.MaterialCheck, page Page) BundleApplyView {
	p := BundleApplyView{Page: page, Bundle: pl.b, Answered: answered(pl.b, pl.answers)}
	p.Title = p.T("bundleapp.title") + "：" + pl.b.Name
	for _, q := range pl.b.Questions {
		p.Questions = append(p.Questions, BundleQuestion{Question: q, Answer: pl.answers[q.ID], Error: p.Form.Error("q_" + q.ID)})
	}
	if p.Answered {
		for _, it := range pl.items {
			p.Items = append(p.Items, it.Name)
		}
		p.Fields = specFields(p.Page, pl.spec)
		p.Materials = materialRows(p.Page, pl.lines, held)
		if err := ui.offerLicenses(r, p.Page, p.Materials); err != nil {
			ui.Log.Warn("license offers", "err", err) // the page still works with uploads
		}
	}
	return p
}

func (ui *UI) bundleApplyPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if _, err := principal.RequirePerson(ctx); err != nil {
		return err
	}
	b, err := ui.Bundles.Bundle(ctx, r.PathValue("slug"))
	if err != nil {
		return err
	}
	page := ui.page(r, "bundleapp.title")
	answers := map[string]string{}
	var held []casework.MaterialCheck
	if d, err := ui.Cases.BundleDraft(ctx, b.Slug); err == nil {
		answers, held, page.Form.Values = d.Answers, d.Materials, d.Form
	} else if apperr.KindOf(err) != apperr.NotFound {
		return err
	}
	pl, err := ui.planBundle(r, b, answers)
	if err != nil {
		return err
	}
	p := ui.bundleApplyView(r, pl, held, page)
	p.Saved = r.URL.Query().Get("saved") == "1"
	return ui.render(w, http.StatusOK, "bundle_apply", p)
}

// bundleApplyForm reads the posted answers, form and files; the draft always
// keeps what was given, and complete checks what submitting needs.
func (ui *UI) bundleApplyForm(r *http.Request, complete bool) (BundleApplyView, casework.BundleApplication, error) {
	ctx := r.Context()
	if _, err := principal.RequirePerson(ctx); err != nil {
		return BundleApplyView{}, casework.BundleApplication{}, err
	}
	b, err := ui.Bundles.Bundle(ctx, r.PathValue("slug"))
	if err != nil {
		return BundleApplyView{}, casework.BundleApplication{}, err
	}
	var held []casework.MaterialCheck
	if d, err := ui.Cases.BundleDraft(ctx, b.Slug); err == nil {
		held = d.Materials
	} else if apperr.KindOf(err) != apperr.NotFound {
		return BundleApplyView{}, casework.BundleApplication{}, err
	}
	page := ui.page(r, "bundleapp.title")
	answers := map[string]string{}
	for _, q := range b.Questions {
		v := r.PostFormValue("q_" + q.ID)
		for _, o := range q.Options {
			if o.Value == v {
				answers[q.ID] = v
			}
		}
		if answers[q.ID] == "" && complete {
			page.problem("q_"+q.ID, page.T("bundleapp.answer_required"))
		}
	}
	pl, err := ui.planBundle(r, b, answers)
	if err != nil {
		return BundleApplyView{}, casework.BundleApplication{}, err
	}
	values := readSpec(r, pl.spec)
	page.Form.Values = values
	rows := materialRows(page, pl.lines, held)
	got := held
	if answered(b, answers) {
		got = ui.receiveMaterials(r, &page, rows, held)
		ui.specProblems(r, &page, typed(pl.spec.Validate(values), values, complete))
		if complete {
			missingMaterials(r, &page, rows, got)
		}
	}
	p := ui.bundleApplyView(r, pl, got, page)
	a := casework.BundleApplication{BundleSlug: b.Slug, BundleName: b.Name, Answers: answers, Extra: pl.extra,
		Form: pl.spec.Clean(values), Materials: got}
	for _, it := range pl.items {
		a.ItemIDs = append(a.ItemIDs, it.ItemID)
	}
	return p, a, nil
}

func (ui *UI) bundleApplySave(w http.ResponseWriter, r *http.Request) error {
	p, a, err := ui.bundleApplyForm(r, false)
	if err != nil {
		return err
	}
	if _, err := ui.Cases.SaveBundleDraft(r.Context(), a); err != nil {
		return err
	}
	if p.Page.Form.HasErrors() {
		return ui.render(w, http.StatusUnprocessableEntity, "bundle_apply", p)
	}
	http.Redirect(w, r, "/bundles/"+p.Bundle.Slug+"/apply?saved=1", http.StatusSeeOther)
	return nil
}

func (ui *UI) bundleApplySubmit(w http.ResponseWriter, r *http.Request) error {
	p, a, err := ui.bundleApplyForm(r, true)
	if err != nil {
		return err
	}
	d, err := ui.Cases.SaveBundleDraft(r.Context(), a)
	if err != nil {
		return err
	}
	if p.Page.Form.HasErrors() {
		return ui.render(w, http.StatusUnprocessableEntity, "bundle_apply", p)
	}
	b, _, err := ui.Cases.SubmitBundle(r.Context(), d.ID)
	if err != nil {
		form, ok := ui.formFrom(r, err)
		if !ok {
			return err
		}
		form.Values = p.Page.Form.Values
		p.Page.Form = form
		return ui.render(w, statusOf(err), "bundle_apply", p)
	}
	http.Redirect(w, r, "/me/bundles/"+strconv.FormatInt(b.ID, 10), http.StatusSeeOther)
	return nil
}

// MyBundleView is the applicant's one view of a bundle application.
type MyBundleView struct {
	Page
	Bundle casework.BundleApplication
	Cases  []CaseRow
	Events []EventRow
}

func (ui *UI) myBundle(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "bundle application")
	if err != nil {
		return err
	}
	v, err := ui.Cases.MyBundle(r.Context(), id)
	if err != nil {
		return err
	}
	p := MyBundleView{Page: ui.page(r, "bundleapp.mine"), Bundle: v.BundleApplication}
	p.Title = v.BundleName
	for _, c := range v.Cases {
		p.Cases = append(p.Cases, caseRow(p.Page, c))
	}
	for _, e := range v.Timeline {
		row := eventRow(p.Page, e.Event)
		row.Item = e.ItemName
		p.Events = append(p.Events, row)
	}
	return ui.render(w, http.StatusOK, "my_bundle", p)
}
