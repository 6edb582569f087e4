package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/tongban/tongban/internal/search"
)

// registerSearch adds search for citizens and the search administration pages.
func (ui *UI) registerSearch(rt routeAdder) {
	rt.Handle("GET", "/search", ui.searchPage)
	rt.Handle("GET", "/admin/search/synonyms", ui.synonymsPage)
	rt.Handle("POST", "/admin/search/synonyms", ui.addSynonym)
	rt.Handle("POST", "/admin/search/synonyms/{id}/delete", ui.deleteSynonym)
	rt.Handle("GET", "/admin/search/misses", ui.missesPage)
}

// searchPageSize is how many results one page of search shows.
const searchPageSize = 20

// SearchView is the result page of the one search box.
type SearchView struct {
	Page
	Query    string
	Searched bool // a query was given
	Good     bool // a good answer was found
	Total    int
	Rows     []SearchRow
	Guesses  []SearchRow
	Facets   []FacetGroup
	ClearURL string // the query without filters, when a filter is set
	Pager    Pager
}

// SearchRow is one result line: where it leads and what a citizen needs to
// know before clicking (who handles it, how long, how far online). It carries
// the page so that its partial can translate labels.
type SearchRow struct {
	Page
	Name, URL, Department, Promise, Online string
	Bundle, HighFreq, Suspended            bool
}

// FacetGroup is one facet's filter links.
type FacetGroup struct {
	Title   string
	Options []FacetLink
}

// FacetLink narrows (or widens again) the result set by one facet value.
type FacetLink struct {
	Label    string
	Count    int
	URL      string
	Selected bool
}

func (ui *UI) searchPage(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	number := pageNumber(r)
	q := search.Query{Text: v.Get("q"), Department: v.Get("department"), Topic: v.Get("topic"), Object: v.Get("object"),
		Limit: searchPageSize, Offset: (number - 1) * searchPageSize}
	res, err := ui.Search.Search(r.Context(), q)
	if err != nil {
		return err
	}
	p := SearchView{Page: ui.page(r, "search.title"), Query: res.Query, Searched: res.Query != "", Good: res.GoodMatch, Total: res.Total}
	if p.Searched {
		p.Title = p.T("search.title_query", res.Query)
	}
	for _, h := range res.Hits {
		p.Rows = append(p.Rows, p.searchRow(h))
	}
	for _, h := range res.Guesses {
		p.Guesses = append(p.Guesses, p.searchRow(h))
	}
	p.Facets = p.facetGroups(r.URL, res.Facets)
	if q.Filtered() {
		p.ClearURL = "/search?" + url.Values{"q": {res.Query}}.Encode()
	}
	if p.Good {
		p.Pager = searchPager(r.URL, number, res.Total)
	}
	return ui.render(w, http.StatusOK, "search", p)
}

func (p Page) searchRow(h search.Hit) SearchRow {
	row := SearchRow{Page: p, Name: h.Name, URL: h.URL(), Department: h.Department.Label, Bundle: h.Kind == search.KindBundle,
		HighFreq: h.HighFreq, Suspended: h.Suspended}
	if h.PromisedDays == 0 {
		row.Promise = p.T("search.promise_now")
	} else {
		row.Promise = p.T("search.promise_days", h.PromisedDays)
	}
	if !row.Bundle {
		row.Online = p.T("search.online." + strconv.Itoa(h.OnlineLevel))
	}
	return row
}

// facetGroups turns facet counts into filter links that keep the query and
// the other filters; a selected value's link removes it.
func (p Page) facetGroups(u *url.URL, f search.Facets) []FacetGroup {
	var out []FacetGroup
	add := func(titleKey, param string, counts []search.FacetCount) {
		if len(counts) == 0 {
			return
		}
		g := FacetGroup{Title: p.T(titleKey)}
		for _, c := range counts {
			v := u.Query()
			v.Del("page")
			if c.Selected {
				v.Del(param)
			} else {
				v.Set(param, c.Value)
			}
			g.Options = append(g.Options, FacetLink{Label: c.Label, Count: c.Count, URL: "/search?" + v.Encode(), Selected: c.Selected})
		}
		out = append(out, g)
	}
	add("search.facet.department", "department", f.Departments)
	add("search.facet.topic", "topic", f.Topics)
	add("search.facet.object", "object", f.Objects)
	return out
}

func searchPager(u *url.URL, number, total int) Pager {
	p := Pager{Number: number, Count: max(1, (total+searchPageSize-1)/searchPageSize)}
	link := func(n int) string {
		v := u.Query()
		v.Set("page", strconv.Itoa(n))
		return "/search?" + v.Encode()
	}
	if number > 1 {
		p.PrevURL = link(min(number-1, p.Count))
	}
	if number < p.Count {
		p.NextURL = link(number + 1)
	}
	return p
}

// SynonymsView is the administrator's list of colloquial phrases.
type SynonymsView struct {
	Page
	Rows        []search.Synonym
	RegionNames map[string]string
	Back        Link
}

func (ui *UI) synonymsView(r *http.Request) (SynonymsView, error) {
	rows, err := ui.Search.Synonyms(r.Context())
	if err != nil {
		return SynonymsView{}, err
	}
	codes := make([]string, len(rows))
	for i, s := range rows {
		codes[i] = s.RegionCode
	}
	return SynonymsView{Page: ui.page(r, "search.synonyms.title"), Rows: rows, RegionNames: ui.regionNames(r, codes...), Back: backLink(r)}, nil
}

func (ui *UI) synonymsPage(w http.ResponseWriter, r *http.Request) error {
	p, err := ui.synonymsView(r)
	if err != nil {
		return err
	}
	return ui.render(w, http.StatusOK, "search_synonyms", p)
}

func (ui *UI) addSynonym(w http.ResponseWriter, r *http.Request) error {
	_, err := ui.Search.AddSynonym(r.Context(), r.PostFormValue("phrase"), r.PostFormValue("target"))
	if err != nil {
		form, ok := ui.formFrom(r, err, "phrase", "target")
		if !ok {
			return err
		}
		p, verr := ui.synonymsView(r)
		if verr != nil {
			return verr
		}
		p.Form = form
		return ui.render(w, http.StatusUnprocessableEntity, "search_synonyms", p)
	}
	http.Redirect(w, r, "/admin/search/synonyms", http.StatusSeeOther)
	return nil
}

func (ui *UI) deleteSynonym(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "synonym")
	if err != nil {
		return err
	}
	if err := ui.Search.DeleteSynonym(r.Context(), id); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/search/synonyms", http.StatusSeeOther)
	return nil
}

// MissesView is the no-result log: what citizens asked for and did not find.
type MissesView struct {
	Page
	Rows  []MissRow
	Total int
	Pager Pager
	Back  Link
}

// MissRow is one missed query with how often it was asked.
type MissRow struct {
	Query, LastAt, TopScore, SearchURL string
	Count                              int
}

func (ui *UI) missesPage(w http.ResponseWriter, r *http.Request) error {
	number := pageNumber(r)
	rows, total, err := ui.Search.Misses(r.Context(), search.MissFilter{Limit: listPageSize, Offset: (number - 1) * listPageSize})
	if err != nil {
		return err
	}
	p := MissesView{Page: ui.page(r, "search.misses.title"), Total: total, Pager: newPager(r.URL, number, total), Back: backLink(r)}
	for _, m := range rows {
		p.Rows = append(p.Rows, MissRow{Query: m.Query, Count: m.Count, LastAt: consoleTime(m.LastAt),
			TopScore: strconv.FormatFloat(m.TopScore, 'f', 2, 64), SearchURL: "/search?" + url.Values{"q": {m.Query}}.Encode()})
	}
	return ui.render(w, http.StatusOK, "search_misses", p)
}

// SynonymPhrases is the synonym's target terms, for display.
func (v SynonymsView) SynonymPhrases(s search.Synonym) string {
	return strings.Join(s.Targets(), "、")
}
