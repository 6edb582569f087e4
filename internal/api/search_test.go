package api_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/tongban/tongban/internal/api"
)

// searchServer is newServer with the search index caught up with the demo.
func searchServer(t *testing.T) *server {
	t.Helper()
	s := newServer(t)
	if err := s.app.Search.Sync(context.Background()); err != nil {
		t.Fatalf("search sync: %v", err)
	}
	return s
}

func TestSearchAPI(t *testing.T) {
	t.Parallel()
	s := searchServer(t)
	r := s.must(http.StatusOK, "GET", "/api/v1/search?q="+url.QueryEscape("开饭店"), "", nil)
	res := decodeAs[api.SearchResults](t, r)
	if !res.GoodMatch || res.Total == 0 || len(res.Hits) == 0 || res.Guesses == nil {
		t.Fatalf("开饭店: %+v", res)
	}
	var top []string
	for i, h := range res.Hits {
		if h.Score <= 0 || h.Score > 1 || h.URL == "" || (h.Kind != "item" && h.Kind != "bundle") {
			t.Errorf("hit %+v", h)
		}
		if i < 3 {
			top = append(top, h.Slug)
		}
	}
	if !slices.Contains(top, "food-biz-license") {
		t.Errorf("开饭店: top three %v", top)
	}
	if len(res.Facets.Departments) == 0 || len(res.Facets.Topics) == 0 || len(res.Facets.ServiceObjects) == 0 {
		t.Errorf("facets %+v", res.Facets)
	}

	// A filter by facet and a page size.
	r = s.must(http.StatusOK, "GET", "/api/v1/search?q="+url.QueryEscape("登记")+"&department=health&limit=2", "", nil)
	res = decodeAs[api.SearchResults](t, r)
	if len(res.Hits) != 2 || res.Total < 2 {
		t.Fatalf("filtered page: %d hits of %d", len(res.Hits), res.Total)
	}
	for _, h := range res.Hits {
		if h.DepartmentSlug != "health" {
			t.Errorf("%s is of %s", h.Slug, h.DepartmentSlug)
		}
	}

	// No good answer: the flag, no hits, best guesses at most.
	r = s.must(http.StatusOK, "GET", "/api/v1/search?q="+url.QueryEscape("火星移民签证"), "", nil)
	res = decodeAs[api.SearchResults](t, r)
	if res.GoodMatch || res.Hits == nil || len(res.Hits) != 0 {
		t.Errorf("nonsense: %+v", res)
	}

	apiError(t, s.must(http.StatusUnprocessableEntity, "GET", "/api/v1/search?q=x&region=abc", "", nil))
	apiError(t, s.must(http.StatusUnprocessableEntity, "GET", "/api/v1/search?q=x&limit=-1", "", nil))
}

func TestSuggestAPI(t *testing.T) {
	t.Parallel()
	s := searchServer(t)
	r := s.must(http.StatusOK, "GET", "/api/v1/search/suggest?q=kaif", "", nil)
	l := decodeAs[api.List[api.Suggestion]](t, r)
	if len(l.Items) == 0 || l.Items[0].Text != "开饭店" || l.Items[0].Kind != "query" {
		t.Errorf("kaif: %+v", l.Items)
	}
	r = s.must(http.StatusOK, "GET", "/api/v1/search/suggest?q="+url.QueryEscape("食品经营"), "", nil)
	l = decodeAs[api.List[api.Suggestion]](t, r)
	if len(l.Items) == 0 || l.Items[0].Kind != "item" || l.Items[0].URL == "" {
		t.Errorf("食品经营: %+v", l.Items)
	}
	r = s.must(http.StatusOK, "GET", "/api/v1/search/suggest?q=k", "", nil)
	if l = decodeAs[api.List[api.Suggestion]](t, r); l.Items == nil || len(l.Items) != 0 {
		t.Errorf("one letter: %+v", l)
	}
}
