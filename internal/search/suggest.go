package search

import (
	"cmp"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"
)

// Suggestion is one completion offered while typing: an item or bundle to go to
// directly, or a colloquial phrase to search for.
type Suggestion struct {
	Text string
	Kind string // KindItem, KindBundle or KindQuery
	Slug string
	URL  string
}

// KindQuery marks a suggestion that is a search, not a document.
const KindQuery = "query"

// maxSuggestions bounds a suggestion list.
const maxSuggestions = 10

// Suggest completes what has been typed so far: names and keywords that begin
// with it, in characters or in pinyin (full or initials), and synonym phrases.
// Names come before keywords, frequently used items first.
func (x *Index) Suggest(prefix string, limit int) []Suggestion {
	p := normalize(prefix)
	if limit <= 0 || limit > maxSuggestions {
		limit = 8
	}
	n := utf8.RuneCountInString(p)
	if p == "" || n > maxQueryRunes || (n < 2 && p[0] < utf8.RuneSelf) {
		return nil // one letter matches half the catalog
	}
	x.mu.RLock()
	defer x.mu.RUnlock()
	type cand struct {
		doc     int32
		keyword bool
	}
	best := map[int32]bool{} // doc → matched by name (true) or only by keyword
	x.withPrefix(p, 400, func(e prefixEntry) {
		best[e.doc] = best[e.doc] || !e.keyword
	})
	cands := make([]cand, 0, len(best))
	for d, byName := range best {
		cands = append(cands, cand{d, !byName})
	}
	slices.SortFunc(cands, func(a, b cand) int {
		da, db := x.docs[a.doc], x.docs[b.doc]
		return cmp.Or(compareBool(a.keyword, b.keyword), compareBool(!da.HighFreq, !db.HighFreq),
			cmp.Compare(len(da.Name), len(db.Name)), strings.Compare(da.Slug, db.Slug))
	})
	var out []Suggestion
	for _, sy := range x.syns {
		if len(out) < limit/2 && sy.phrase != p && (strings.HasPrefix(sy.phrase, p) || strings.HasPrefix(sy.spelled, p)) &&
			!slices.ContainsFunc(out, func(s Suggestion) bool { return s.Text == sy.phrase }) {
			out = append(out, Suggestion{Text: sy.phrase, Kind: KindQuery, URL: "/search?q=" + url.QueryEscape(sy.phrase)})
		}
	}
	for _, c := range cands {
		if len(out) >= limit {
			break
		}
		d := x.docs[c.doc].Doc
		out = append(out, Suggestion{Text: d.Name, Kind: d.Kind, Slug: d.Slug, URL: d.URL()})
	}
	return out
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}
