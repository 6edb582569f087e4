package api

import (
	"net/http"

	"github.com/tongban/tongban/internal/httpserver"
	"github.com/tongban/tongban/internal/search"
)

// registerSearch adds the search routes.
func (a *API) registerSearch(rt *httpserver.Router) {
	rt.Handle("GET", "/api/v1/search", a.search)
	rt.Handle("GET", "/api/v1/search/suggest", a.suggest)
}

// SearchResults is the answer to a search: ranked items and bundles with
// their normalised scores, and the facets of the result set. When good_match
// is false no result is a good answer: hits is empty and guesses holds the
// best guesses (您是不是要找).
type SearchResults struct {
	Query     string       `json:"query"`
	GoodMatch bool         `json:"good_match"`
	TopScore  float64      `json:"top_score"`
	Total     int          `json:"total"`
	Hits      []SearchHit  `json:"hits"`
	Guesses   []SearchHit  `json:"guesses"`
	Facets    SearchFacets `json:"facets"`
}

// SearchHit is one ranked result.
type SearchHit struct {
	Kind           string         `json:"kind"` // item or bundle
	Slug           string         `json:"slug"`
	Name           string         `json:"name"`
	URL            string         `json:"url"`
	Score          float64        `json:"score"`
	Department     string         `json:"department"`
	DepartmentSlug string         `json:"department_slug"`
	PromisedDays   int            `json:"promised_days"`
	OnlineLevel    int            `json:"online_level"`
	HighFrequency  bool           `json:"high_frequency"`
	Suspended      bool           `json:"suspended"`
	Topics         []string       `json:"topics"`
	ServiceObjects []search.Facet `json:"service_objects"`
}

// SearchFacets count the result set by department, topic and service object.
type SearchFacets struct {
	Departments    []SearchFacet `json:"departments"`
	Topics         []SearchFacet `json:"topics"`
	ServiceObjects []SearchFacet `json:"service_objects"`
}

// SearchFacet is one facet value.
type SearchFacet struct {
	Value    string `json:"value"`
	Label    string `json:"label"`
	Count    int    `json:"count"`
	Selected bool   `json:"selected"`
}

func searchHitOf(h search.Hit) SearchHit {
	return SearchHit{Kind: h.Kind, Slug: h.Slug, Name: h.Name, URL: h.URL(), Score: h.Score, Department: h.Department.Label,
		DepartmentSlug: h.Department.Value, PromisedDays: h.PromisedDays, OnlineLevel: h.OnlineLevel, HighFrequency: h.HighFreq,
		Suspended: h.Suspended, Topics: nonNil(h.Topics), ServiceObjects: nonNil(h.Objects)}
}

func facetsOf(fs []search.FacetCount) []SearchFacet {
	out := make([]SearchFacet, 0, len(fs))
	for _, f := range fs {
		out = append(out, SearchFacet{Value: f.Value, Label: f.Label, Count: f.Count, Selected: f.Selected})
	}
	return out
}

func hitsOf(hs []search.Hit) []SearchHit {
	out := make([]SearchHit, 0, len(hs))
	for _, h := range hs {
		out = append(out, searchHitOf(h))
	}
	return out
}

func (a *API) search(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	limit, offset, err := page(q)
	if err != nil {
		return err
	}
	res, err := a.Search.Search(r.Context(), search.Query{Text: q.Get("q"), Region: q.Get("region"), Department: q.Get("department"),
		Topic: q.Get("topic"), Object: q.Get("object"), Limit: limit, Offset: offset})
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, SearchResults{
		Query: res.Query, GoodMatch: res.GoodMatch, TopScore: res.TopScore, Total: res.Total,
		Hits: hitsOf(res.Hits), Guesses: hitsOf(res.Guesses),
		Facets: SearchFacets{Departments: facetsOf(res.Facets.Departments), Topics: facetsOf(res.Facets.Topics),
			ServiceObjects: facetsOf(res.Facets.Objects)},
	})
}

// Suggestion is one completion while typing.
type Suggestion struct {
	Text string `json:"text"`
	Kind string `json:"kind"` // item, bundle or query
	Slug string `json:"slug"`
	URL  string `json:"url"`
}

func (a *API) suggest(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	limit, err := queryInt(q, "limit")
	if err != nil {
		return err
	}
	out := a.Search.Suggest(r.Context(), q.Get("q"), int(min(limit, 100)))
	return encode(w, http.StatusOK, allOf(out, func(s search.Suggestion) Suggestion {
		return Suggestion{Text: s.Text, Kind: s.Kind, Slug: s.Slug, URL: s.URL}
	}))
}
