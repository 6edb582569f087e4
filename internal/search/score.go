package search

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"
)

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

// newVariant analyses a query text; it reports false for text with nothing to
// search (punctuation only).
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

// acc is what one variant found in one document: how many of its terms each
// field matched, and the scores of the matches found by lookup rather than by
// terms (typed pinyin, a text inside the query).
type acc struct {
	chars   [numFields]uint8
	pys     [2]uint8
	pre     float32 // the best score of typed letters beginning a name or keyword's pinyin
	inside  float32 // the best score of a name or keyword found inside the query
	touched bool
}

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

// joinedTier scores query q against the texts of a joined string — exact,
// prefix or contained, the latter two rising with how much of the text the
// query covers — and returns the best of them;
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

// substitutionTier scores q against text t as a prefix or contained with one
// character of q different.
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
