package search

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
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

// variant is one reading of the query: as typed, or a synonym's target.
type variant struct {
	compact string
	parts   []string // the compact text of each segment, when there are several
	runes   int
	han     bool // contains Chinese characters
	grams   []string
	pgrams  []string
	syl     string // " kai fan dian "
	letters bool   // only ASCII letters: pinyin or initials
	synonym bool   // a synonym's target: catalog terms, typed without typos
	weight  float64
}

func newVariant(text string, weight float64) (variant, bool) {
	segs := segments(text)
	v := variant{compact: compactOf(segs), weight: weight}
	if v.compact == "" {
		return v, false
	}
	if n := utf8.RuneCountInString(v.compact); n > maxQueryRunes {
		v.compact = string([]rune(v.compact)[:maxQueryRunes])
		segs = segments(v.compact)
	}
	v.runes = utf8.RuneCountInString(v.compact)
	if len(segs) > 1 {
		for _, sg := range segs {
			v.parts = append(v.parts, string(sg.runes))
		}
	}
	v.grams = dedupe(charGrams(segs, false))
	var seqs [][]string
	v.letters = true
	for _, sg := range segs {
		if sg.han {
			v.han, v.letters = true, false
			seqs = append(seqs, syllablesOf([]segment{sg})...)
			continue
		}
		if w := string(sg.runes); strings.Trim(w, "abcdefghijklmnopqrstuvwxyz") == "" {
			if syl, ok := splitPinyin(w); ok {
				seqs = append(seqs, syl)
				continue
			}
		} else {
			v.letters = false
		}
		seqs = append(seqs, []string{string(sg.runes)})
	}
	v.pgrams = dedupe(pinyinGrams(seqs, false))
	v.syl = joinSyllables(seqs)
	return v, true
}

func dedupe(ss []string) []string {
	slices.Sort(ss)
	return slices.Compact(ss)
}

// acc counts, per document, how many of a variant's terms each field matched,
// and which prefix forms matched.
type acc struct {
	chars   [numFields]uint8
	pys     [2]uint8
	pre     float32 // the best score of typed letters beginning a name or keyword's pinyin
	inside  float32 // the best score of a name or keyword found inside the query
	touched bool
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

// variants reads the query as typed and through every synonym whose phrase it
// contains (or spells, in pinyin) that applies in the searcher's region.
func (x *Index) variants(q Query) []variant {
	v, ok := newVariant(q.Text, 1)
	if !ok {
		return nil
	}
	out := []variant{v}
	region := cmp.Or(q.Region, x.homes)
	for _, sy := range x.syns {
		if !strings.HasPrefix(region, sy.region) {
			continue
		}
		var w float64
		switch {
		case sy.phrase == v.compact || v.letters && sy.spelled == v.compact:
			w = synonymWeight
		case v.han && strings.Contains(v.compact, sy.phrase):
			w = synonymWeight * max(0.6, float64(utf8.RuneCountInString(sy.phrase))/float64(v.runes))
		case v.han && strings.Contains(v.syl, sy.syl): // the phrase with a homophone typo
			w = 0.9 * synonymWeight * max(0.6, float64(utf8.RuneCountInString(sy.phrase))/float64(v.runes))
		default:
			continue
		}
		for _, t := range sy.targets {
			if tv, ok := newVariant(t, w); ok && len(out) < 12 {
				// An administrator's terms need no tolerance of typos or
				// homophones, which are the expensive checks.
				tv.synonym, tv.pgrams = true, nil
				out = append(out, tv)
			}
		}
	}
	return out
}

// score accumulates one variant's matches and keeps each document's best score.
func (x *Index) score(s *scratch, v variant) {
	mark := func(d int32) *acc {
		a := &s.acc[d]
		if !a.touched {
			a.touched = true
			s.touched = append(s.touched, d)
		}
		return a
	}
	for _, g := range v.grams {
		for _, p := range x.chars[g] {
			a := mark(int32(p >> 4))
			for f := range numFields {
				if p&(1<<f) != 0 {
					a.chars[f]++
				}
			}
		}
	}
	for _, g := range v.pgrams {
		for _, p := range x.pinyin[g] {
			a := mark(int32(p >> 4))
			for f := range 2 {
				if p&(1<<f) != 0 {
					a.pys[f]++
				}
			}
		}
	}
	if v.letters && v.runes >= 2 {
		x.withPrefix(v.compact, 5000, func(e prefixEntry) {
			a := mark(e.doc)
			a.pre = max(a.pre, float32(prefixTier(e, v.compact)))
		})
	}
	if v.runes >= 3 && !v.synonym {
		x.textsInside(&v, func(d int32, sc float32) {
			a := mark(d)
			a.inside = max(a.inside, sc)
		})
	}
	for _, d := range s.touched {
		a := &s.acc[d]
		e := x.docs[d]
		if !e.dead {
			if sc := float32(scoreDoc(e, a, &v) * v.weight); sc > s.best[d] {
				if s.best[d] == 0 {
					s.seen = append(s.seen, d)
				}
				s.best[d] = sc
			}
		}
		*a = acc{}
	}
	s.touched = s.touched[:0]
}

// scoreDoc is the normalised score of one document for one variant: exact name
// ≫ name prefix or containment ≫ keyword ≫ character overlap. It runs for
// every candidate, so each check is gated by the term counts that make it
// possible, and texts are compared joined rather than one by one.
func scoreDoc(e *entry, a *acc, v *variant) float64 {
	nq, np := len(v.grams), len(v.pgrams)
	best := 0.0
	// Overlap: the share of the query's terms found in the best field.
	for f := range numFields {
		cov := float64(a.chars[f]) / float64(max(nq, 1))
		if f < 2 && np > 0 {
			cov = max(cov, 0.9*float64(a.pys[f])/float64(np))
		}
		best = max(best, 0.7*fieldWeight[f]*cov)
	}
	// Each check below runs only when it could still raise the score: a
	// cheap test of the best so far against the check's highest tier.
	full := func(f int) bool { return nq > 0 && int(a.chars[f]) == nq }
	if full(fieldName) {
		best = max(best, joinedTier(e.names, v.compact, 1.0, 0.8, 0.7, 0.95))
		if len(v.parts) > 1 && best < 0.92 { // several words, each in the same name: 食品 许可
			best = max(best, partsTier(v, e.names, 0.72))
		}
	}
	if full(fieldKeyword) && best < 0.9 {
		best = max(best, joinedTier(e.keywords, v.compact, 0.9, 0.65, 0.65, 1))
		if len(v.parts) > 1 && best < 0.82 {
			best = max(best, partsTier(v, e.keywords, 0.62))
		}
	}
	if full(fieldTopic) && best < 0.6 {
		best = max(best, joinedTier(e.topics, v.compact, 0.6, 0.5, 0.5, 1))
	}
	if full(fieldOther) && best < 0.6 {
		best = max(best, joinedTier(e.others, v.compact, 0.6, 0.55, 0.55, 1))
	}
	// The query says more than the name or a keyword: 我想开饭店 (found by
	// textsInside, before scoring).
	best = max(best, float64(a.inside))
	// One character typed wrong: 营业执找.
	if v.han && !v.synonym && v.runes >= 3 && best < 0.7 {
		need := max(1, nq-2)
		if int(a.chars[fieldName]) >= need {
			for n := range parts(e.names) {
				best = max(best, 0.85*substitutionTier(v.compact, n, 0.8, 0.7))
			}
		}
		if int(a.chars[fieldKeyword]) >= need {
			for k := range parts(e.keywords) {
				best = max(best, 0.85*substitutionTier(v.compact, k, 0.65, 0.65))
			}
		}
	}
	// Same sound: 营业直照, or pinyin typed as such: kaifandian. For Chinese
	// text this only matters where the characters themselves did not all match.
	if np > 0 {
		factor := 0.9
		if v.letters {
			factor = 0.97
		}
		if int(a.pys[fieldName]) == np && (v.letters || !full(fieldName)) && best < factor {
			best = max(best, factor*joinedTier(e.nameSyl, v.syl, 1.0, 0.8, 0.7, 0.95))
		}
		if int(a.pys[fieldKeyword]) == np && (v.letters || !full(fieldKeyword)) && best < 0.9*factor {
			best = max(best, factor*joinedTier(e.kwSyl, v.syl, 0.9, 0.65, 0.65, 1))
		}
	}
	best = max(best, float64(a.pre))
	if v.runes == 1 {
		best *= 0.7 // one character says little
	}
	return best
}

// joined is several texts in one string, each followed by a NUL and the whole
// preceded by one: "\x00name\x00main item\x00". One search of the joined
// string replaces a loop over the texts.
func join(texts []string) string {
	if len(texts) == 0 {
		return ""
	}
	return "\x00" + strings.Join(texts, "\x00") + "\x00"
}

// parts iterates over the texts of a joined string.
func parts(j string) func(yield func(string) bool) {
	return func(yield func(string) bool) {
		for rest := j; len(rest) > 1; {
			rest = rest[1:]
			i := strings.IndexByte(rest, 0)
			if i < 0 || !yield(rest[:i]) {
				return
			}
			rest = rest[i:]
		}
	}
}

// joinedTier is textTier over the texts of a joined string, the best of them;
// texts after the first count less (by later: a main item covers several
// business items, so it is a weaker answer than the item's own name). Ratios
// are of bytes, which for Chinese text is the ratio of characters.
func joinedTier(j, q string, exact, prefix, contain, later float64) float64 {
	if q == "" || len(j) <= len(q) {
		return 0
	}
	best := 0.0
	for off := 0; off < len(j); {
		i := strings.Index(j[off:], q)
		if i < 0 {
			break
		}
		i += off
		start := strings.LastIndexByte(j[:i], 0) + 1
		end := i + strings.IndexByte(j[i:], 0)
		var sc float64
		switch r := float64(len(q)) / float64(end-start); {
		case start == i && end == i+len(q):
			sc = exact
		case start == i:
			sc = prefix + 0.15*r
		default:
			sc = contain + 0.2*r
		}
		if start > 1 {
			sc *= later
		} else if sc == exact {
			return exact
		}
		best = max(best, sc)
		off = end
	}
	return best
}

// partsTier scores a query of several words that all occur in one of the
// texts of a joined string.
func partsTier(v *variant, j string, base float64) float64 {
	best := 0.0
	for t := range parts(j) {
		all := true
		for _, p := range v.parts {
			all = all && strings.Contains(t, p)
		}
		if all {
			best = max(best, base+0.2*float64(v.runes)/float64(max(1, utf8.RuneCountInString(t))))
		}
	}
	return best
}

// maxGapRunes bounds the queries in which a text with one extra character
// inside is looked for: the number of lookups grows with the cube of the length.
const maxGapRunes = 16

// textsInside finds the names and keywords that occur whole inside the query —
// 开饭店 in 我想开饭店, or with one extra character, in 我想开个饭店 — by looking
// up each piece of the query rather than scanning candidates.
func (x *Index) textsInside(v *variant, found func(doc int32, score float32)) {
	q := v.compact
	var offs [maxQueryRunes + 1]int // byte offset of each rune, and the end
	n := 0
	for i := range q {
		offs[n] = i
		n++
	}
	offs[n] = len(q)
	report := func(t []byte, runes int, factor float64) {
		for _, p := range x.texts[string(t)] { // no allocation: a map lookup by converted bytes
			base := 0.55
			if p&(1<<fieldName) != 0 {
				base = 0.6
			}
			found(int32(p>>4), float32(factor*(base+0.3*float64(runes)/float64(n))))
		}
	}
	var buf [4 * maxQueryRunes]byte
	for size := 2; size < n; size++ {
		for start := 0; start+size <= n; start++ {
			report(append(buf[:0], q[offs[start]:offs[start+size]]...), size, 1)
			if size < 3 || n > maxGapRunes || start+size+1 > n {
				continue
			}
			// The same text with one extra character inside: drop each inner
			// character of the window one longer.
			for skip := start + 1; skip < start+size; skip++ {
				t := append(append(buf[:0], q[offs[start]:offs[skip]]...), q[offs[skip+1]:offs[start+size+1]]...)
				report(t, size, 0.9)
			}
		}
	}
}

// substitutionTier is textTier allowing one character of q to differ.
func substitutionTier(q, t string, prefix, contain float64) float64 {
	var qb, tb [64]rune
	qr, tr := appendRunes(qb[:0], q), appendRunes(tb[:0], t)
	if len(qr) > len(tr) {
		return 0
	}
	for start := 0; start+len(qr) <= len(tr); start++ {
		diff := 0
		for i, r := range qr {
			if tr[start+i] != r {
				if diff++; diff > 1 {
					break
				}
			}
		}
		if diff == 1 {
			r := float64(len(qr)) / float64(len(tr))
			if start == 0 {
				return prefix + 0.15*r + 0.05*boolf(len(qr) == len(tr))
			}
			return contain + 0.2*r
		}
	}
	return 0
}

// prefixTier scores typed letters q that begin a name or keyword's pinyin
// (shipinjingying) or initials (spjy).
func prefixTier(e prefixEntry, q string) float64 {
	exact, base := 0.95, 0.7
	switch {
	case e.form == formInitials && e.keyword:
		exact, base = 0.75, 0.55
	case e.form == formInitials:
		exact, base = 0.85, 0.6
	case e.keyword:
		exact, base = 0.85, 0.6
	}
	if e.text == q {
		return exact
	}
	return base + 0.25*float64(len(q))/float64(len(e.text))
}

// appendRunes decodes s into buf, which callers back with an array on the
// stack: the scorer runs for every candidate and must not allocate.
func appendRunes(buf []rune, s string) []rune {
	for _, r := range s {
		buf = append(buf, r)
	}
	return buf
}

func ratio(part, whole string) float64 {
	return float64(utf8.RuneCountInString(part)) / float64(max(1, utf8.RuneCountInString(whole)))
}

func boolf(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

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
