package search

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/tongban/tongban/internal/bundle"
	"github.com/tongban/tongban/internal/catalog"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/audit"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/region"
)

// Catalog is what search reads from the catalog module: the public face of
// items and the change feed.
type Catalog interface {
	PublicItems(ctx context.Context, f catalog.ItemFilter) ([]catalog.Published, int, error)
	Published(ctx context.Context, id int64) (catalog.Published, error)
	ChangesSince(ctx context.Context, seq int64, limit int) ([]catalog.Change, error)
	Codes(ctx context.Context) (catalog.CodeTables, error)
}

// Departments lists the public departments, for names and facets.
type Departments interface {
	PublicDepartments(ctx context.Context, regionPrefix string) ([]region.Department, error)
}

// Bundles lists the 一件事 bundles.
type Bundles interface {
	Bundles(ctx context.Context, regionPrefix string) ([]bundle.Bundle, error)
}

// Store is the persistence search needs; package store implements it.
type Store interface {
	ListSynonyms(ctx context.Context, regionPrefix string) ([]Synonym, error)
	GetSynonym(ctx context.Context, id int64) (Synonym, error)
	InsertSynonym(ctx context.Context, s *Synonym) error
	DeleteSynonym(ctx context.Context, id int64) error
	InsertMiss(ctx context.Context, m Miss) error
	ListMisses(ctx context.Context, f MissFilter) ([]MissSummary, int, error)
}

// Tx runs fn in one transaction carried by ctx.
type Tx interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}

// Miss is a query that found no good answer.
type Miss struct {
	Query      string
	Results    int     // best guesses offered
	TopScore   float64 // the best score found
	RegionCode string
	At         time.Time
}

// MissSummary is one distinct missed query with how often it was asked.
type MissSummary struct {
	Query    string
	Count    int
	TopScore float64 // the best score any of its searches found
	LastAt   time.Time
}

// MissFilter selects the no-result log of a region subtree.
type MissFilter struct {
	RegionPrefix string
	Limit        int
	Offset       int
}

// Audit actions of search administration.
const (
	ActionSynonymAdd    = "search.synonym.add"
	ActionSynonymDelete = "search.synonym.delete"
)

// Deps wire a Manager.
type Deps struct {
	Catalog     Catalog
	Departments Departments
	Bundles     Bundles
	Store       Store
	Tx          Tx
	Audit       audit.Writer
	HomeRegion  string
	Now         func() time.Time
	Log         *slog.Logger
}

// Manager is search's use cases: searching and suggesting for everyone, the
// synonym list and the no-result log for search administrators, and keeping the
// node's index in step with the catalog.
type Manager struct {
	d   Deps
	idx *Index

	mu    sync.Mutex // one follower at a time
	seq   int64      // last change-feed entry applied
	depts map[int64]region.Department
	codes catalog.CodeTables
	ticks int
}

// NewManager returns a Manager with an empty index; call Rebuild to fill it.
func NewManager(d Deps) *Manager {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	return &Manager{d: d, idx: NewIndex()}
}

// Index is the node's index, for tests and benchmarks.
func (m *Manager) Index() *Index { return m.idx }

// Page sizes: change-feed entries per read, and published items per read
// while rebuilding (the catalog caps a page at 500).
const (
	feedPage       = 500
	rebuildPage    = 500
	rebuildOverlap = 50
)

// Rebuild fills the index from the database, the source of truth: every
// public item, every bundle and the synonyms. The feed position is read first,
// so a change committed while loading is applied again by the follower rather
// than lost.
func (m *Manager) Rebuild(ctx context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	seq := int64(0)
	for {
		cs, err := m.d.Catalog.ChangesSince(ctx, seq, 5000)
		if err != nil {
			return err
		}
		if len(cs) == 0 {
			break
		}
		seq = cs[len(cs)-1].Seq
	}
	if err := m.loadReference(ctx); err != nil {
		return err
	}
	// Pages overlap, so that an item cancelled between two reads (which
	// shifts the later pages by one) cannot make another item fall between
	// them; the overlap is dropped by ID.
	var docs []Doc
	seen := map[int64]bool{}
	for off := 0; ; off += rebuildPage - rebuildOverlap {
		page, _, err := m.d.Catalog.PublicItems(ctx, catalog.ItemFilter{Limit: rebuildPage, Offset: off})
		if err != nil {
			return err
		}
		for _, p := range page {
			if !seen[p.ID] {
				seen[p.ID] = true
				docs = append(docs, m.itemDoc(p))
			}
		}
		if len(page) < rebuildPage {
			break
		}
	}
	idx := NewIndex()
	idx.PutAll(docs)
	m.idx.replaceDocs(idx)
	m.seq = seq
	return m.reloadSide(ctx)
}

// loadReference reads the department names and code tables documents show.
func (m *Manager) loadReference(ctx context.Context) error {
	ds, err := m.d.Departments.PublicDepartments(ctx, "")
	if err != nil {
		return err
	}
	m.depts = make(map[int64]region.Department, len(ds))
	for _, d := range ds {
		m.depts[d.ID] = d
	}
	m.codes, err = m.d.Catalog.Codes(ctx)
	return err
}

// reloadSide reloads what has no change feed: synonyms and bundles. Both are
// small; an unchanged bundle is not re-indexed.
func (m *Manager) reloadSide(ctx context.Context) error {
	syns, err := m.d.Store.ListSynonyms(ctx, "")
	if err != nil {
		return err
	}
	m.idx.SetSynonyms(syns, m.d.HomeRegion)
	bs, err := m.d.Bundles.Bundles(ctx, "")
	if err != nil {
		return err
	}
	var slugs []string
	for _, b := range bs {
		slugs = append(slugs, b.ItemSlugs...)
	}
	names := m.idx.itemNames(slugs)
	keep := map[string]bool{}
	for _, b := range bs {
		d := m.bundleDoc(b, names)
		keep[d.Key()] = true
		m.idx.Put(d)
	}
	for _, k := range m.idx.Keys(KindBundle) {
		if !keep[k] {
			m.idx.Remove(k)
		}
	}
	return nil
}

// Sync applies every change in the feed since the last one applied, and
// reloads synonyms and bundles. The follower calls it every second; tests call
// it to catch up at once.
func (m *Manager) Sync(ctx context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.sync(ctx, true)
}

func (m *Manager) sync(ctx context.Context, side bool) error {
	changed := false
	for {
		cs, err := m.d.Catalog.ChangesSince(ctx, m.seq, feedPage)
		if err != nil {
			return err
		}
		for _, c := range cs {
			if err := m.apply(ctx, c.ItemID); err != nil {
				return err
			}
			m.seq, changed = c.Seq, true
		}
		if len(cs) < feedPage {
			break
		}
	}
	if side || changed {
		return m.reloadSide(ctx)
	}
	return nil
}

// apply re-reads one item's public face: re-indexed when public, removed when
// cancelled or otherwise gone.
func (m *Manager) apply(ctx context.Context, itemID int64) error {
	p, err := m.d.Catalog.Published(ctx, itemID)
	if apperr.KindOf(err) == apperr.NotFound {
		m.idx.Remove(ItemKey(itemID))
		return nil
	}
	if err != nil {
		return err
	}
	if _, ok := m.depts[p.DepartmentID]; !ok {
		if err := m.loadReference(ctx); err != nil {
			return err
		}
	}
	m.idx.Put(m.itemDoc(p))
	return nil
}

// Follow keeps the index current until ctx ends: every second it applies the
// catalog's new changes; every few seconds it also reloads synonyms and bundles
// (changed on another node, or by an install). After an error it waits longer,
// up to a minute, so a database outage is not hammered.
func (m *Manager) Follow(ctx context.Context) {
	wait := time.Second
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		m.mu.Lock()
		m.ticks++
		err := m.sync(ctx, m.ticks%5 == 0)
		m.mu.Unlock()
		switch {
		case err == nil:
			wait = time.Second
		case ctx.Err() != nil:
			return
		default:
			m.d.Log.Warn("search index follow", "err", err)
			wait = min(2*wait, time.Minute)
		}
	}
}

// itemDoc turns a published item into a search document.
func (m *Manager) itemDoc(p catalog.Published) Doc {
	e := p.Version.Elements
	d := Doc{
		Kind: KindItem, ID: p.ID, Slug: p.Slug, Name: e.Name, MainItem: e.MainItem, BusinessItem: e.BusinessItem,
		Keywords: e.Keywords, Topics: e.Topics, LifeEvents: e.LifeEvents, RegionCode: p.RegionCode, HighFreq: e.HighFrequency,
		Suspended: p.State == catalog.StateSuspended, PromisedDays: e.PromisedDays, OnlineLevel: e.DepthLevel(),
	}
	if dep, ok := m.depts[p.DepartmentID]; ok {
		d.Department = Facet{Value: dep.Slug, Label: dep.ShortName}
	}
	for _, o := range e.ServiceObjects {
		d.Objects = append(d.Objects, Facet{Value: objectValue(o), Label: m.codes.IntLabel(catalog.TableServiceObject, o)})
	}
	return d
}

// bundleDoc turns a bundle into a search document; its items' names come from
// the index (names: slug → published name).
func (m *Manager) bundleDoc(b bundle.Bundle, names map[string]string) Doc {
	d := Doc{Kind: KindBundle, Slug: b.Slug, Name: b.Name, Keywords: b.Keywords, Description: b.Description,
		RegionCode: b.RegionCode, PromisedDays: b.PromisedDays}
	for _, dep := range m.depts {
		if dep.Slug == b.LeadDepartment {
			d.Department = Facet{Value: dep.Slug, Label: dep.ShortName}
		}
	}
	for _, s := range b.ItemSlugs {
		if n, ok := names[s]; ok {
			d.ItemNames = append(d.ItemNames, n)
		}
	}
	return d
}

// Search answers a citizen's query on any channel. The searcher's region is
// the query's, or a staff member's own; a query without a good answer is
// recorded in the no-result log (the first page of an unfiltered search only,
// so that paging and facets do not count it twice).
func (m *Manager) Search(ctx context.Context, q Query) (Results, error) {
	q.Text = strings.TrimSpace(q.Text)
	if q.Region != "" && !digits(q.Region) {
		return Results{}, apperr.Field("region", "search.region.invalid")
	}
	if p := principal.From(ctx); q.Region == "" && p.IsStaff() {
		q.Region = p.Scope.RegionCode
	}
	res := m.idx.Search(q)
	if res.GoodMatch || res.Query == "" || q.Filtered() || q.Offset > 0 {
		return res, nil
	}
	miss := Miss{Query: truncate(res.Query, 100), Results: len(res.Guesses), TopScore: res.TopScore,
		RegionCode: q.Region, At: m.d.Now()}
	if miss.RegionCode == "" {
		miss.RegionCode = m.d.HomeRegion
	}
	if err := m.d.Store.InsertMiss(ctx, miss); err != nil {
		// The answer matters more than the log: say so and carry on.
		m.d.Log.Warn("search miss not recorded", "err", err)
	}
	return res, nil
}

// Suggest completes a query being typed.
func (m *Manager) Suggest(ctx context.Context, prefix string, limit int) []Suggestion {
	return m.idx.Suggest(prefix, limit)
}

// Synonyms lists the synonyms of the administrator's region subtree.
func (m *Manager) Synonyms(ctx context.Context) ([]Synonym, error) {
	p, err := principal.AuthorizeOwn(ctx, principal.ManageSearch)
	if err != nil {
		return nil, err
	}
	return m.d.Store.ListSynonyms(ctx, p.Scope.RegionCode)
}

// AddSynonym adds a phrase → target mapping for the administrator's region and
// applies it on this node at once (other nodes within seconds).
func (m *Manager) AddSynonym(ctx context.Context, phrase, target string) (Synonym, error) {
	p, err := principal.AuthorizeOwn(ctx, principal.ManageSearch)
	if err != nil {
		return Synonym{}, err
	}
	phrase, target = strings.TrimSpace(phrase), strings.Join(strings.Fields(target), " ")
	if field, key := validSynonym(phrase, target); field != "" {
		return Synonym{}, apperr.Field(field, key)
	}
	s := Synonym{RegionCode: p.Scope.RegionCode, Phrase: phrase, Target: target, CreatedAt: m.d.Now()}
	err = m.d.Tx.InTx(ctx, func(ctx context.Context) error {
		if err := m.d.Store.InsertSynonym(ctx, &s); err != nil {
			if apperr.KindOf(err) == apperr.Conflict {
				return apperr.Field("phrase", "search.synonym.exists")
			}
			return err
		}
		return m.d.Audit.AppendAudit(ctx, audit.New(ctx, s.CreatedAt, ActionSynonymAdd, "search_synonym",
			strconv.FormatInt(s.ID, 10), s.RegionCode, phrase+" → "+target))
	})
	if err != nil {
		return Synonym{}, err
	}
	return s, m.refreshSynonyms(ctx)
}

// DeleteSynonym removes a synonym of the administrator's region subtree.
func (m *Manager) DeleteSynonym(ctx context.Context, id int64) error {
	err := m.d.Tx.InTx(ctx, func(ctx context.Context) error {
		s, err := m.d.Store.GetSynonym(ctx, id)
		if err != nil {
			return err
		}
		if _, err := principal.Authorize(ctx, principal.ManageSearch, principal.Scope{RegionCode: s.RegionCode}); err != nil {
			return err
		}
		if err := m.d.Store.DeleteSynonym(ctx, id); err != nil {
			return err
		}
		return m.d.Audit.AppendAudit(ctx, audit.New(ctx, m.d.Now(), ActionSynonymDelete, "search_synonym",
			strconv.FormatInt(id, 10), s.RegionCode, s.Phrase+" → "+s.Target))
	})
	if err != nil {
		return err
	}
	return m.refreshSynonyms(ctx)
}

func (m *Manager) refreshSynonyms(ctx context.Context) error {
	syns, err := m.d.Store.ListSynonyms(ctx, "")
	if err != nil {
		return err
	}
	m.idx.SetSynonyms(syns, m.d.HomeRegion)
	return nil
}

// Misses lists the queries of the administrator's region subtree that found no
// good answer, the most frequent first.
func (m *Manager) Misses(ctx context.Context, f MissFilter) ([]MissSummary, int, error) {
	p, err := principal.AuthorizeOwn(ctx, principal.ManageSearch)
	if err != nil {
		return nil, 0, err
	}
	f.RegionPrefix = p.Scope.RegionCode
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	return m.d.Store.ListMisses(ctx, f)
}

// InstallDefaultSynonyms seeds the default colloquial phrases for a region. It
// is an install step: it does not authorize, and skips pairs already there.
func (m *Manager) InstallDefaultSynonyms(ctx context.Context, regionCode string) error {
	have, err := m.d.Store.ListSynonyms(ctx, regionCode)
	if err != nil {
		return err
	}
	seen := map[[3]string]bool{}
	for _, s := range have {
		seen[[3]string{s.RegionCode, s.Phrase, s.Target}] = true
	}
	for _, d := range DefaultSynonyms {
		if seen[[3]string{regionCode, d.Phrase, d.Target}] {
			continue
		}
		s := Synonym{RegionCode: regionCode, Phrase: d.Phrase, Target: d.Target, CreatedAt: m.d.Now()}
		if err := m.d.Store.InsertSynonym(ctx, &s); err != nil {
			return fmt.Errorf("synonym %s: %w", d.Phrase, err)
		}
	}
	return nil
}

func digits(s string) bool {
	if len(s) > 12 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
