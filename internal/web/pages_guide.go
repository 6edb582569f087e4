package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/tongban/tongban/internal/guide"
	"github.com/tongban/tongban/internal/platform/apperr"
)

// registerGuides adds the public guides (办事指南) and the catalog navigation for citizens.
func (ui *UI) registerGuides(rt routeAdder) {
	rt.Handle("GET", "/guides/{slug}", ui.guidePage)
	rt.Handle("GET", "/guides/{slug}/pdf", ui.guidePDF)
	rt.Handle("GET", "/guides/{slug}/versions/{v}", ui.guideVersion)
	rt.Handle("GET", "/items", ui.itemsPage)
	rt.Handle("GET", "/departments/{id}/items", ui.departmentItems)
	rt.Handle("GET", "/bundles", ui.bundlesPage)
	rt.Handle("GET", "/bundles/{slug}", ui.bundlePage)
}

// guides is the reader every public catalog page goes through, the same one
// the API uses, so a page and its JSON show the same guide.
func (ui *UI) guides() guide.Reader {
	return guide.Reader{Items: ui.Items, Regions: ui.Regions, Licenses: ui.Licenses, Bundles: ui.Bundles, HomeRegion: ui.HomeRegion}
}

// GuideView is the public guide page.
type GuideView struct {
	Page
	Guide    guide.Guide
	Versions []guide.VersionRef
	Old      bool // an earlier version, not the one in force
}

func (ui *UI) guidePage(w http.ResponseWriter, r *http.Request) error {
	g, err := ui.guides().Guide(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	return ui.renderGuide(w, r, g)
}

func (ui *UI) guideVersion(w http.ResponseWriter, r *http.Request) error {
	v, err := strconv.Atoi(r.PathValue("v"))
	if err != nil || v < 1 {
		return apperr.NotFoundf("item version")
	}
	g, err := ui.guides().Version(r.Context(), r.PathValue("slug"), v)
	if err != nil {
		return err
	}
	return ui.renderGuide(w, r, g)
}

func (ui *UI) renderGuide(w http.ResponseWriter, r *http.Request, g guide.Guide) error {
	vs, err := ui.guides().Versions(r.Context(), g.Slug)
	if err != nil {
		return err
	}
	p := GuideView{Page: ui.page(r, "guide.pdf.title"), Guide: g, Versions: vs, Old: g.Version != g.CurrentVersion}
	p.Title = g.Name
	return ui.render(w, http.StatusOK, "guide", p)
}

// guidePDF sends the guide as a PDF built from the same Guide as the page.
func (ui *UI) guidePDF(w http.ResponseWriter, r *http.Request) error {
	g, err := ui.guides().Guide(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	pdf, err := guide.PDF(g)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", `inline; filename="`+g.Slug+`.pdf"`)
	h.Set("Cache-Control", "no-cache")
	_, err = w.Write(pdf)
	return err
}

// itemsPageSize keeps the citizen list short enough for a phone (ui.md: fewer
// items per page).
const itemsPageSize = 20

// ItemsView lists published items with the navigation facets.
type ItemsView struct {
	Page
	Lead     string
	Items    []guide.Summary
	Total    int
	Groups   []ItemFacetGroup
	Filtered bool
	ClearURL string
	Pager    Pager
}

// ItemFacetGroup is one kind of filter with its choices.
type ItemFacetGroup struct {
	ID       string // HTML id of the group's heading
	TitleKey string
	Links    []ItemFacetLink
}

// ItemFacetLink is one navigation choice: a link that sets (or, for 全部, clears)
// one filter while keeping the others.
type ItemFacetLink struct {
	Label    string
	Count    int
	HasCount bool // false for 全部
	URL      string
	Current  bool
}

func (ui *UI) itemsPage(w http.ResponseWriter, r *http.Request) error {
	return ui.listItems(w, r, 0)
}

// departmentItems is a department's items: the list with the department chosen.
func (ui *UI) departmentItems(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "department")
	if err != nil {
		return err
	}
	return ui.listItems(w, r, id)
}

func (ui *UI) listItems(w http.ResponseWriter, r *http.Request, deptID int64) error {
	q := r.URL.Query()
	f := guide.Filter{Topic: q.Get("topic"), ServiceObject: q.Get("service_object"), Event: q.Get("event"), DepartmentID: deptID}
	if s := q.Get("department"); s != "" && deptID == 0 {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return apperr.Field("department", "form.choice")
		}
		f.DepartmentID = id
	}
	number := pageNumber(r)
	f.Limit, f.Offset = itemsPageSize, (number-1)*itemsPageSize
	l, err := ui.guides().Browse(r.Context(), f)
	if err != nil {
		return err
	}
	p := ItemsView{Page: ui.page(r, "guide.items.title")}
	if f.DepartmentID != 0 {
		p.Title = p.T("guide.items.department_title", l.Department.Name)
	}
	if f.Event != "" {
		p.Title = p.T("guide.items.event_title", f.Event)
	}
	// Facet links go to /items with the department as a parameter, so choosing
	// a topic on a department's page keeps the department.
	base := url.Values{}
	for k, v := range q {
		if k != "page" {
			base[k] = v
		}
	}
	if deptID != 0 {
		base.Set("department", strconv.FormatInt(deptID, 10))
	}
	p.Items, p.Total, p.Lead = l.Items, l.Total, p.T("guide.items.lead")
	p.Groups = []ItemFacetGroup{
		{ID: "facet-topic", TitleKey: "guide.items.by_topic", Links: itemFacetLinks(p.Page, base, "topic", f.Topic, l.Facets.Topics)},
		{ID: "facet-department", TitleKey: "guide.items.by_department",
			Links: itemFacetLinks(p.Page, base, "department", strconv.FormatInt(f.DepartmentID, 10), l.Facets.Departments)},
		{ID: "facet-audience", TitleKey: "guide.items.by_audience",
			Links: itemFacetLinks(p.Page, base, "service_object", f.ServiceObject, l.Facets.Audiences)},
	}
	p.Filtered = len(base) > 0
	p.ClearURL = "/items"
	p.Pager = itemsPager(r.URL, number, l.Total)
	return ui.render(w, http.StatusOK, "items", p)
}

// itemFacetLinks makes a facet group's links: 全部 first, then each choice.
func itemFacetLinks(p Page, base url.Values, key, current string, facets []guide.Facet) []ItemFacetLink {
	link := func(value string) string {
		q := url.Values{}
		for k, v := range base {
			q[k] = v
		}
		q.Del(key)
		if value != "" {
			q.Set(key, value)
		}
		if len(q) == 0 {
			return "/items"
		}
		return "/items?" + q.Encode()
	}
	if current == "0" {
		current = ""
	}
	out := []ItemFacetLink{{Label: p.T("guide.items.all"), URL: link(""), Current: current == ""}}
	for _, f := range facets {
		out = append(out, ItemFacetLink{Label: f.Label, Count: f.Count, HasCount: true, URL: link(f.Value), Current: f.Value == current})
	}
	return out
}

func itemsPager(u *url.URL, number, total int) Pager {
	p := Pager{Number: number, Count: max(1, (total+itemsPageSize-1)/itemsPageSize)}
	link := func(n int) string {
		q := u.Query()
		q.Set("page", strconv.Itoa(n))
		return u.Path + "?" + q.Encode()
	}
	if number > 1 {
		p.PrevURL = link(min(number-1, p.Count))
	}
	if number < p.Count {
		p.NextURL = link(number + 1)
	}
	return p
}

// BundlesView lists the 一件事 bundles.
type BundlesView struct {
	Page
	Bundles []guide.BundleSummary
}

func (ui *UI) bundlesPage(w http.ResponseWriter, r *http.Request) error {
	bs, err := ui.guides().BundleList(r.Context())
	if err != nil {
		return err
	}
	return ui.render(w, http.StatusOK, "bundles", BundlesView{Page: ui.page(r, "guide.bundles.title"), Bundles: bs})
}

// BundleView is one bundle's public page.
type BundleView struct {
	Page
	Bundle guide.BundleGuide
}

func (ui *UI) bundlePage(w http.ResponseWriter, r *http.Request) error {
	b, err := ui.guides().Bundle(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	p := BundleView{Page: ui.page(r, "guide.bundles.title"), Bundle: b}
	p.Title = b.Name
	return ui.render(w, http.StatusOK, "bundle", p)
}
