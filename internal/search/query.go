package search

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Thresholds of the normalised score.
const (
	// GoodScore is the score below which no result is a good answer: the page
	// says so and offers the best guesses instead, and the query is a miss.
	GoodScore = 0.5
	// minScore is the least score a result needs to be listed at all.
	minScore = 0.3
	// relativeCut drops results far weaker than the best one.
	relativeCut = 0.4
	// synonymWeight discounts what a synonym finds against what the citizen's
	// own words find: a keyword the citizen typed exactly beats a synonym's.
	synonymWeight = 0.88
	// guessScore is the least score of a best guess.
	guessScore = 0.12
	// maxGuesses is how many best guesses a failed query shows.
	maxGuesses = 5
)

// Boosts added to the rank (not to the score): a frequently used item, and an
// item of the searcher's own region, come first among equals.
const (
	boostHighFreq = 0.03
	boostRegion   = 0.04
	boostExact    = 0.1
)

// Query is what a citizen typed, with the filters chosen on the result page.
type Query struct {
	Text       string
	Region     string // the searcher's region: its items rank first; "" = none
	Department string // department slug
	Topic      string
	Object     string // service-object code
	Limit      int
	Offset     int
}

// Filtered reports whether any facet filter is set.
func (q Query) Filtered() bool { return q.Department != "" || q.Topic != "" || q.Object != "" }

// Hit is one result with its normalised score in [0, 1].
type Hit struct {
	Doc
	Score float64
	rank  float64
}

// Facets are the result set's counts by department, topic and service object.
type Facets struct {
	Departments []FacetCount
	Topics      []FacetCount
	Objects     []FacetCount
}

// FacetCount is one facet value with the number of results that carry it.
type FacetCount struct {
	Facet
	Count    int
	Selected bool
}

// Results answer a query.
type Results struct {
	Query     string
	GoodMatch bool    // false: nothing is a good answer; show Guesses
	TopScore  float64 // the best score found, good or not
	Total     int     // results after the filters
	Hits      []Hit   // one page of results
	Guesses   []Hit   // best guesses when there is no good match
	Facets    Facets
}

// scratch is per-search working memory, pooled.
type scratch struct {
	acc     []acc
	touched []int32
	best    []float32
	seen    []int32
	hits    []hit
	counts  []int32
}

// hit is a scored document while a search is being answered; only the page
// shown becomes a Hit with its document.
type hit struct {
	doc         int32
	score, rank float32
}

func (x *Index) getScratch() *scratch {
	s, _ := x.scratch.Get().(*scratch)
	if s == nil {
		s = &scratch{}
	}
	if len(s.acc) < len(x.docs) {
		s.acc = make([]acc, len(x.docs)+len(x.docs)/4+16)
		s.best = make([]float32, len(s.acc))
	}
	if len(s.counts) < len(x.facets) {
		s.counts = make([]int32, len(x.facets)+len(x.facets)/4+16)
	}
	return s
}

// Search answers a query. It never fails: a query with no good answer comes
// back with GoodMatch false and the best guesses.
func (x *Index) Search(q Query) Results {
	res := Results{Query: strings.TrimSpace(q.Text)}
	x.mu.RLock()
	defer x.mu.RUnlock()
	vs := x.variants(q)
	if len(vs) == 0 {
		return res
	}
	s := x.getScratch()
	defer x.scratch.Put(s)
	for _, v := range vs {
		x.score(s, v)
	}
	hits, top := x.collect(s, q)
	res.TopScore = round3(top)
	res.GoodMatch = top >= GoodScore
	if !res.GoodMatch {
		res.Guesses = x.materialise(topK(hits, maxGuesses, x.before))
		return res
	}
	// The result set: every hit not far below the best one.
	cut := float32(max(minScore, relativeCut*top))
	n := 0
	for _, h := range hits {
		if h.score >= cut {
			hits[n] = h
			n++
		}
	}
	hits = hits[:n]
	f := x.filterOf(q)
	res.Facets = x.countFacets(s, hits, f)
	n = 0
	for _, h := range hits {
		if f.pass(x.docs[h.doc], "") {
			hits[n] = h
			n++
		}
	}
	hits = hits[:n]
	res.Total = len(hits)
	limit := q.Limit
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	off := min(max(q.Offset, 0), len(hits))
	page := topK(hits, off+limit, x.before)
	res.Hits = x.materialise(page[min(off, len(page)):])
	return res
}

// collect turns the best score of every document seen into hits with their
// rank: the score plus the boosts.
func (x *Index) collect(s *scratch, q Query) ([]hit, float64) {
	hits := s.hits[:0]
	top := float32(0)
	for _, i := range s.seen {
		sc := s.best[i]
		s.best[i] = 0
		if sc < guessScore {
			continue
		}
		e := x.docs[i]
		h := hit{doc: i, score: sc, rank: sc}
		if e.HighFreq {
			h.rank += boostHighFreq
		}
		if sc >= 0.9995 {
			h.rank += boostExact // an exact name stays first whatever boosts the others get
		}
		if q.Region != "" && e.RegionCode != "" && strings.HasPrefix(q.Region, e.RegionCode) {
			h.rank += boostRegion
		}
		top = max(top, sc)
		hits = append(hits, h)
	}
	s.seen = s.seen[:0]
	s.hits = hits
	return hits, float64(top)
}

// before orders hits: higher rank first, then the shorter name, then the
// older document, so equal queries give equal pages.
func (x *Index) before(a, b hit) bool {
	if a.rank != b.rank {
		return a.rank > b.rank
	}
	la, lb := len(x.docs[a.doc].Name), len(x.docs[b.doc].Name)
	if la != lb {
		return la < lb
	}
	return a.doc < b.doc
}

// topK returns the first k hits in order, selecting with a bounded heap so a
// result set of tens of thousands is not sorted whole.
func topK(hits []hit, k int, before func(a, b hit) bool) []hit {
	if k <= 0 || len(hits) == 0 {
		return nil
	}
	if len(hits) <= k {
		out := slices.Clone(hits)
		slices.SortFunc(out, func(a, b hit) int { return orderOf(before, a, b) })
		return out
	}
	// h is a heap whose root is the worst of the best k so far.
	h := slices.Clone(hits[:k])
	worse := func(i, j int) bool { return before(h[j], h[i]) }
	down := func(i int) {
		for {
			l := 2*i + 1
			if l >= len(h) {
				return
			}
			w := l
			if r := l + 1; r < len(h) && worse(r, l) {
				w = r
			}
			if !worse(w, i) {
				return
			}
			h[i], h[w] = h[w], h[i]
			i = w
		}
	}
	for i := k/2 - 1; i >= 0; i-- {
		down(i)
	}
	for _, c := range hits[k:] {
		if before(c, h[0]) {
			h[0] = c
			down(0)
		}
	}
	slices.SortFunc(h, func(a, b hit) int { return orderOf(before, a, b) })
	return h
}

func orderOf(before func(a, b hit) bool, a, b hit) int {
	switch {
	case before(a, b):
		return -1
	case before(b, a):
		return 1
	}
	return 0
}

// materialise turns hits into results with their documents.
func (x *Index) materialise(hs []hit) []Hit {
	out := make([]Hit, len(hs))
	for i, h := range hs {
		out[i] = Hit{Doc: x.docs[h.doc].Doc, Score: round3(float64(h.score)), rank: float64(h.rank)}
	}
	return out
}

func round3(f float64) float64 { return math.Round(f*1000) / 1000 }

// filter is a query's facet filters as facet IDs; -2 stands for a value no
// document has, so nothing passes.
type filter struct{ dept, topic, obj int32 }

const (
	noFilter    = -1
	noSuchFacet = -2
)

func (x *Index) filterOf(q Query) filter {
	id := func(kind, v string) int32 {
		if v == "" {
			return noFilter
		}
		if i, ok := x.facetIDs[kind+v]; ok {
			return i
		}
		return noSuchFacet
	}
	return filter{id(facetDept, q.Department), id(facetTopic, q.Topic), id(facetObject, q.Object)}
}

// pass reports whether a document passes the filters, ignoring one facet (for
// counting that facet's values).
func (f filter) pass(e *entry, ignore string) bool {
	if f.dept != noFilter && ignore != facetDept && e.dept != f.dept {
		return false
	}
	if f.topic != noFilter && ignore != facetTopic && !slices.Contains(e.topicID, f.topic) {
		return false
	}
	if f.obj != noFilter && ignore != facetObject && !slices.Contains(e.objID, f.obj) {
		return false
	}
	return true
}

// countFacets counts each facet's values over the hits that pass the other
// facets' filters, most frequent first — in one pass over the hits, since
// reaching each document is the cost.
func (x *Index) countFacets(s *scratch, hits []hit, f filter) Facets {
	counts := s.counts[:len(x.facets)]
	var used []int32
	add := func(id int32) {
		if counts[id] == 0 {
			used = append(used, id)
		}
		counts[id]++
	}
	filtered := f != filter{noFilter, noFilter, noFilter}
	for _, h := range hits {
		e := x.docs[h.doc]
		dept, topic, obj := true, true, true
		if filtered {
			dept, topic, obj = f.pass(e, facetDept), f.pass(e, facetTopic), f.pass(e, facetObject)
		}
		if dept && e.dept >= 0 {
			add(e.dept)
		}
		if topic {
			for _, id := range e.topicID {
				add(id)
			}
		}
		if obj {
			for _, id := range e.objID {
				add(id)
			}
		}
	}
	var out Facets
	for _, id := range used {
		fc := FacetCount{Facet: x.facets[id], Count: int(counts[id])}
		counts[id] = 0
		switch x.facetKinds[id] {
		case facetDept:
			fc.Selected = id == f.dept
			out.Departments = append(out.Departments, fc)
		case facetTopic:
			fc.Selected = id == f.topic
			out.Topics = append(out.Topics, fc)
		default:
			fc.Selected = id == f.obj
			out.Objects = append(out.Objects, fc)
		}
	}
	for _, l := range [][]FacetCount{out.Departments, out.Topics, out.Objects} {
		slices.SortFunc(l, func(a, b FacetCount) int {
			return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Value, b.Value))
		})
	}
	return out
}

// objectValue is a service-object code as a facet value.
func objectValue(code int) string { return strconv.Itoa(code) }
