package search

import (
	"cmp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Kinds of document.
const (
	KindItem   = "item"
	KindBundle = "bundle"
)

// Facet is a value a result set can be narrowed by, with its display label.
type Facet struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// Doc is what the index knows about a published item or a bundle: the text it
// matches on and what a result line shows.
type Doc struct {
	Kind         string
	ID           int64 // item ID; 0 for a bundle
	Slug         string
	Name         string
	MainItem     string
	BusinessItem string
	Keywords     []string
	Topics       []string
	LifeEvents   []string // 生孩子, 开店, 买房…: matched like topics, not a facet
	Department   Facet    // slug and name (a bundle's lead department)
	Objects      []Facet  // service objects: code and label
	Description  string   // a bundle's description
	ItemNames    []string
	RegionCode   string
	HighFreq     bool
	Suspended    bool
	PromisedDays int
	OnlineLevel  int // 网上办理深度 Ⅰ–Ⅳ, 0 = none
}

// Key identifies a document in the index: items by ID (the change feed names
// items by ID, and a cancelled item has no public face left to read a slug
// from), bundles by slug.
func (d Doc) Key() string {
	if d.Kind == KindBundle {
		return "b:" + d.Slug
	}
	return "i:" + strconv.FormatInt(d.ID, 10)
}

// ItemKey is the key of an item document.
func ItemKey(id int64) string { return Doc{Kind: KindItem, ID: id}.Key() }

// URL is where a result leads: the item's guide or the bundle's page.
func (d Doc) URL() string {
	if d.Kind == KindBundle {
		return "/bundles/" + d.Slug
	}
	return "/guides/" + d.Slug
}

// Fields a term can occur in, as bits of a posting.
const (
	fieldName    = iota // name, main item, business item
	fieldKeyword        // keywords and colloquial phrases
	fieldTopic          // 主题分类
	fieldOther          // department, service objects, a bundle's description and items
	numFields
)

// fieldWeight says how much a field's match counts: name ≫ keywords > topics >
// department and the rest.
var fieldWeight = [numFields]float64{1.0, 0.85, 0.6, 0.45}

// entry is an indexed document with the normalised forms the scorer compares.
type entry struct {
	Doc
	dead bool
	// The compact forms the scorer compares, each several texts joined (see
	// join): name, main item, main item + business item; keywords; topics;
	// department and item names; and the syllables (" shi pin … ") of names
	// and keywords.
	name                                            string
	names, keywords, topics, others, nameSyl, kwSyl string
	// The terms, from analysis until the postings are written.
	charTerms, pyTerms map[string]uint8
	// Facet values as indexes into Index.facets, so counting is array work.
	dept    int32
	topicID []int32
	objID   []int32
}

// spellForm says which form of a text a prefix entry holds.
const (
	formText     = iota // the compact text itself
	formPinyin          // full pinyin
	formInitials        // pinyin initials
)

// prefixEntry is one text of one document in the sorted prefix list used by
// suggestions and by typed pinyin.
type prefixEntry struct {
	text    string
	doc     int32
	keyword bool // a keyword rather than a name
	form    uint8
}

func comparePrefix(a, b prefixEntry) int {
	return cmp.Or(strings.Compare(a.text, b.text), cmp.Compare(a.doc, b.doc))
}

// Index is the in-memory search index of one node. It is safe for concurrent
// use: searches share a read lock, updates take the write lock briefly.
type Index struct {
	mu     sync.RWMutex
	docs   []*entry
	byKey  map[string]int32
	chars  map[string][]uint32 // character term → postings (doc << 4 | field bits)
	pinyin map[string][]uint32 // syllable term → postings
	texts  map[string][]uint32 // a whole compact name or keyword → postings, for texts inside a query
	sorted []prefixEntry       // sorted by text
	recent []prefixEntry       // added since the last merge, unsorted
	dead   int
	syns   []synonym
	homes  string // region whose synonyms apply when a query names none
	bulk   bool   // loading many documents: sort the prefix list once at the end

	facets     []Facet          // every facet value seen, by ID
	facetKinds []string         // the kind of each, by ID
	facetIDs   map[string]int32 // kind:value → ID

	scratch sync.Pool
}

// NewIndex returns an empty index.
func NewIndex() *Index {
	return &Index{byKey: map[string]int32{}, chars: map[string][]uint32{}, pinyin: map[string][]uint32{},
		texts: map[string][]uint32{}, facetIDs: map[string]int32{}}
}

// Facet kinds, as prefixes of facet keys.
const (
	facetDept   = "d:"
	facetTopic  = "t:"
	facetObject = "o:"
)

// facetID interns a facet value.
func (x *Index) facetID(kind string, f Facet) int32 {
	k := kind + f.Value
	if id, ok := x.facetIDs[k]; ok {
		return id
	}
	id := int32(len(x.facets))
	x.facets = append(x.facets, f)
	x.facetKinds = append(x.facetKinds, kind)
	x.facetIDs[k] = id
	return id
}

// PutAll adds many documents at once, as a rebuild or a benchmark does: the
// prefix list is sorted once at the end rather than merged as it grows, and
// the analysis — pure work — is spread over the cores, a chunk at a time so
// that the analysed terms waiting for the lock stay few.
func (x *Index) PutAll(docs []Doc) {
	const chunk = 2048
	workers := runtime.GOMAXPROCS(0)
	es := make([]*entry, chunk)
	x.mu.Lock()
	defer x.mu.Unlock()
	x.bulk = true
	for from := 0; from < len(docs); from += chunk {
		part := docs[from:min(from+chunk, len(docs))]
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				for i := w; i < len(part); i += workers {
					es[i] = analyse(part[i])
				}
			})
		}
		wg.Wait()
		for _, e := range es[:len(part)] {
			if i, ok := x.byKey[e.Key()]; ok {
				x.kill(i)
			}
			x.add(e)
		}
	}
	x.bulk = false
	x.mergePrefixes()
	x.maybeCompact()
}

// Len is the number of live documents.
func (x *Index) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.docs) - x.dead
}

// Put adds a document or replaces the one with the same key. Replacing an
// identical document does nothing, so re-reading unchanged data is cheap.
func (x *Index) Put(d Doc) {
	x.mu.RLock()
	i, ok := x.byKey[d.Key()]
	same := ok && sameDoc(x.docs[i].Doc, d)
	x.mu.RUnlock()
	if same {
		return
	}
	e := analyse(d)
	x.mu.Lock()
	defer x.mu.Unlock()
	if i, ok := x.byKey[d.Key()]; ok {
		if sameDoc(x.docs[i].Doc, d) {
			return
		}
		x.kill(i)
	}
	x.add(e)
	x.maybeCompact()
}

// Remove drops the document with key, if any.
func (x *Index) Remove(key string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if i, ok := x.byKey[key]; ok {
		x.kill(i)
		delete(x.byKey, key)
		x.maybeCompact()
	}
}

// Has reports whether a document with key is indexed.
func (x *Index) Has(key string) bool {
	x.mu.RLock()
	defer x.mu.RUnlock()
	_, ok := x.byKey[key]
	return ok
}

// Keys lists the keys of the live documents of a kind.
func (x *Index) Keys(kind string) []string {
	x.mu.RLock()
	defer x.mu.RUnlock()
	var out []string
	for k, i := range x.byKey {
		if x.docs[i].Kind == kind {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// itemNames returns the names of the live items with the given slugs, in one
// pass over the index.
func (x *Index) itemNames(slugs []string) map[string]string {
	want := map[string]bool{}
	for _, s := range slugs {
		want[s] = true
	}
	out := map[string]string{}
	x.mu.RLock()
	defer x.mu.RUnlock()
	for _, e := range x.docs {
		if !e.dead && e.Kind == KindItem && want[e.Slug] {
			out[e.Slug] = e.Name
		}
	}
	return out
}

// kill marks a slot dead; its postings are skipped until the next compaction.
func (x *Index) kill(i int32) {
	if !x.docs[i].dead {
		x.docs[i].dead = true
		x.dead++
	}
}

// maybeCompact rebuilds the postings once a quarter of the slots are dead.
func (x *Index) maybeCompact() {
	if x.dead < 256 || x.dead*4 < len(x.docs) {
		return
	}
	live := make([]*entry, 0, len(x.docs)-x.dead)
	for _, e := range x.docs {
		if !e.dead {
			live = append(live, e)
		}
	}
	x.docs, x.dead, x.byKey = nil, 0, map[string]int32{}
	x.chars, x.pinyin, x.texts, x.sorted, x.recent = map[string][]uint32{}, map[string][]uint32{}, map[string][]uint32{}, nil, nil
	bulk := x.bulk
	x.bulk = true
	for _, e := range live {
		x.add(e)
	}
	x.bulk = bulk
	if !bulk {
		x.mergePrefixes()
	}
}

// replaceDocs takes over the documents of a freshly built index, keeping the
// synonyms: how a rebuild swaps in without a moment of emptiness.
func (x *Index) replaceDocs(from *Index) {
	from.mu.Lock()
	defer from.mu.Unlock()
	x.mu.Lock()
	defer x.mu.Unlock()
	x.docs, x.byKey, x.chars, x.pinyin, x.texts = from.docs, from.byKey, from.chars, from.pinyin, from.texts
	x.sorted, x.recent, x.dead = from.sorted, from.recent, from.dead
	x.facets, x.facetKinds, x.facetIDs = from.facets, from.facetKinds, from.facetIDs
}

// add appends an analysed document and its postings.
func (x *Index) add(e *entry) {
	i := int32(len(x.docs))
	x.docs = append(x.docs, e)
	e.dept = -1
	if e.Department.Value != "" {
		e.dept = x.facetID(facetDept, e.Department)
	}
	e.topicID, e.objID = e.topicID[:0], e.objID[:0]
	for _, t := range e.Topics {
		e.topicID = append(e.topicID, x.facetID(facetTopic, Facet{t, t}))
	}
	for _, o := range e.Objects {
		e.objID = append(e.objID, x.facetID(facetObject, o))
	}
	x.byKey[e.Key()] = i
	chars, pys := e.charTerms, e.pyTerms
	e.charTerms, e.pyTerms = nil, nil
	if chars == nil {
		chars, pys = terms(e)
	}
	for t, m := range chars {
		x.chars[t] = append(x.chars[t], uint32(i)<<4|uint32(m))
	}
	for t, m := range pys {
		x.pinyin[t] = append(x.pinyin[t], uint32(i)<<4|uint32(m))
	}
	whole := map[string]uint8{}
	for t := range parts(e.names) {
		whole[t] |= 1 << fieldName
	}
	for t := range parts(e.keywords) {
		whole[t] |= 1 << fieldKeyword
	}
	for t, m := range whole {
		x.texts[t] = append(x.texts[t], uint32(i)<<4|uint32(m))
	}
	x.addPrefixes(i, e)
}

// addPrefixes records the document's names and keywords, in text, pinyin and
// initials form, for prefix lookups.
func (x *Index) addPrefixes(i int32, e *entry) {
	add := func(text string, keyword bool) {
		segs := segments(text)
		c := compactOf(segs)
		if c == "" {
			return
		}
		full, ini := spelled(segs)
		x.recent = append(x.recent, prefixEntry{c, i, keyword, formText})
		if full != c {
			x.recent = append(x.recent, prefixEntry{full, i, keyword, formPinyin})
		}
		if ini != full && len(ini) > 1 {
			x.recent = append(x.recent, prefixEntry{ini, i, keyword, formInitials})
		}
	}
	add(e.Name, false)
	if e.MainItem != "" && normalize(e.MainItem) != e.name {
		add(e.MainItem, false)
	}
	for _, k := range e.Keywords {
		add(k, true)
	}
	// Merge when the unsorted tail grows past an eighth of the sorted list: the
	// cost of a merge is then paid off over many additions.
	if !x.bulk && len(x.recent) > max(512, len(x.sorted)/8) {
		x.mergePrefixes()
	}
}

func (x *Index) mergePrefixes() {
	slices.SortFunc(x.recent, comparePrefix)
	merged := make([]prefixEntry, 0, len(x.sorted)+len(x.recent))
	a, b := x.sorted, x.recent
	for len(a) > 0 && len(b) > 0 {
		if comparePrefix(a[0], b[0]) <= 0 {
			merged, a = append(merged, a[0]), a[1:]
		} else {
			merged, b = append(merged, b[0]), b[1:]
		}
	}
	merged = append(append(merged, a...), b...)
	x.sorted, x.recent = merged, nil
}

// withPrefix calls fn for every live prefix entry starting with p, at most
// limit times.
func (x *Index) withPrefix(p string, limit int, fn func(prefixEntry)) {
	n := 0
	start, _ := slices.BinarySearchFunc(x.sorted, p, func(e prefixEntry, t string) int { return strings.Compare(e.text, t) })
	for _, e := range x.sorted[start:] {
		if !strings.HasPrefix(e.text, p) || n >= limit {
			break
		}
		if !x.docs[e.doc].dead {
			fn(e)
			n++
		}
	}
	for _, e := range x.recent {
		if n < limit && strings.HasPrefix(e.text, p) && !x.docs[e.doc].dead {
			fn(e)
			n++
		}
	}
}

// analyse computes the normalised forms of a document.
func analyse(d Doc) *entry {
	e := &entry{Doc: d, name: normalize(d.Name)}
	e.names = join(appendNonEmpty(nil, e.name, normalize(d.MainItem), normalize(d.MainItem+d.BusinessItem)))
	var kws, kwSyl, topics, others, nameSyl []string
	for _, k := range d.Keywords {
		if c := normalize(k); c != "" && !slices.Contains(kws, c) {
			kws = append(kws, c)
			kwSyl = append(kwSyl, joinSyllables(syllablesOf(segments(k))))
		}
	}
	for _, t := range append(slices.Clip(d.Topics), d.LifeEvents...) {
		topics = appendNonEmpty(topics, normalize(t))
	}
	others = appendNonEmpty(nil, normalize(d.Department.Label))
	for _, n := range d.ItemNames {
		others = appendNonEmpty(others, normalize(n))
	}
	for _, n := range []string{d.Name, d.MainItem, d.MainItem + d.BusinessItem} {
		if n != "" {
			nameSyl = appendNonEmpty(nameSyl, joinSyllables(syllablesOf(segments(n))))
		}
	}
	e.keywords, e.kwSyl, e.topics, e.others, e.nameSyl = join(kws), join(kwSyl), join(topics), join(others), join(nameSyl)
	e.charTerms, e.pyTerms = terms(e)
	return e
}

func appendNonEmpty(out []string, ss ...string) []string {
	for _, s := range ss {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// terms lists a document's character and pinyin terms with the fields each
// occurs in.
func terms(e *entry) (chars, pys map[string]uint8) {
	chars, pys = map[string]uint8{}, map[string]uint8{}
	add := func(m map[string]uint8, ts []string, f int) {
		for _, t := range ts {
			m[t] |= 1 << f
		}
	}
	text := func(s string, f int, unigrams, withPinyin bool) {
		segs := segments(s)
		add(chars, charGrams(segs, unigrams), f)
		if withPinyin {
			add(pys, pinyinGrams(syllablesOf(segs), unigrams), f)
		}
	}
	text(e.Name, fieldName, true, true)
	text(e.MainItem, fieldName, false, true)
	text(e.BusinessItem, fieldName, false, true)
	for _, k := range e.Keywords {
		text(k, fieldKeyword, false, true)
	}
	for _, t := range append(slices.Clip(e.Topics), e.LifeEvents...) {
		text(t, fieldTopic, false, false)
	}
	text(e.Department.Label, fieldOther, false, false)
	for _, o := range e.Objects {
		text(o.Label, fieldOther, false, false)
	}
	text(e.Description, fieldOther, false, false)
	for _, n := range e.ItemNames {
		text(n, fieldOther, false, false)
	}
	return chars, pys
}

func sameDoc(a, b Doc) bool {
	return a.Kind == b.Kind && a.ID == b.ID && a.Slug == b.Slug && a.Name == b.Name && a.MainItem == b.MainItem &&
		a.BusinessItem == b.BusinessItem && slices.Equal(a.Keywords, b.Keywords) && slices.Equal(a.Topics, b.Topics) && slices.Equal(a.LifeEvents, b.LifeEvents) &&
		a.Department == b.Department && slices.Equal(a.Objects, b.Objects) && a.Description == b.Description &&
		slices.Equal(a.ItemNames, b.ItemNames) && a.RegionCode == b.RegionCode && a.HighFreq == b.HighFreq &&
		a.Suspended == b.Suspended && a.PromisedDays == b.PromisedDays && a.OnlineLevel == b.OnlineLevel
}
