package guide

import (
	"cmp"
	"context"
	"slices"
	"strconv"

	"github.com/tongban/tongban/internal/bundle"
	"github.com/tongban/tongban/internal/catalog"
	"github.com/tongban/tongban/internal/license"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/region"
)

// Reader assembles guides, listings and bundle views from the modules, for the
// web pages and the API alike: both call the same method and get the same value.
// Everything it reads is public (published items, departments, license types,
// bundles), so it needs no principal.
type Reader struct {
	Items      *catalog.Manager
	Regions    *region.Manager
	Licenses   *license.Manager
	Bundles    *bundle.Manager
	HomeRegion string
}

// Service-object groups of the navigation: 自然人 and 法人 (every other code).
const (
	AudiencePerson       = "person"
	AudienceOrganization = "organization"
)

// Filter selects published items for a listing.
type Filter struct {
	Topic         string
	DepartmentID  int64
	ServiceObject string // a service_object code, or AudiencePerson / AudienceOrganization
	Event         string // life event, e.g. 生孩子
	Limit         int    // 0 = all
	Offset        int
}

// pageSize is how many published items one store call returns; the manager caps
// a page at 500.
const pageSize = 500

// all returns every published item matching f's topic, department and event,
// reading the store page by page. The service-object test is applied here, not
// in the store, because it is a group ("法人" is several codes).
func (r Reader) all(ctx context.Context, f Filter) ([]catalog.Published, error) {
	match, err := audience(f.ServiceObject)
	if err != nil {
		return nil, err
	}
	var out []catalog.Published
	for offset := 0; ; offset += pageSize {
		page, total, err := r.Items.PublicItems(ctx, catalog.ItemFilter{RegionPrefix: r.HomeRegion, DepartmentID: f.DepartmentID,
			Topic: f.Topic, LifeEvent: f.Event, Limit: pageSize, Offset: offset})
		if err != nil {
			return nil, err
		}
		for _, p := range page {
			if match(p.Version.Elements) {
				out = append(out, p)
			}
		}
		if len(page) == 0 || offset+pageSize >= total {
			return out, nil
		}
	}
}

// audience returns the service-object test for a filter value.
func audience(v string) (func(catalog.Elements) bool, error) {
	switch v {
	case "":
		return func(catalog.Elements) bool { return true }, nil
	case AudiencePerson:
		return catalog.Elements.ForPersons, nil
	case AudienceOrganization:
		return catalog.Elements.ForOrganizations, nil
	}
	code, err := strconv.Atoi(v)
	if err != nil || !catalog.DefaultCodes().Has(catalog.TableServiceObject, v) {
		return nil, apperr.Field("service_object", "form.choice")
	}
	return func(e catalog.Elements) bool { return slices.Contains(e.ServiceObjects, code) }, nil
}

// lookups is what every view needs besides the items: code tables, the
// departments by ID and slug, and license names.
type lookups struct {
	codes    catalog.CodeTables
	depts    map[int64]Department
	bySlug   map[string]Department
	order    []Department
	licenses map[string]string
}

func (r Reader) lookups(ctx context.Context) (lookups, error) {
	var l lookups
	var err error
	if l.codes, err = r.Items.Codes(ctx); err != nil {
		return l, err
	}
	ds, err := r.Regions.PublicDepartments(ctx, r.HomeRegion)
	if err != nil {
		return l, err
	}
	l.depts, l.bySlug = map[int64]Department{}, map[string]Department{}
	for _, d := range ds {
		v := Department{ID: d.ID, Name: d.Name, ShortName: d.ShortName}
		l.depts[d.ID], l.bySlug[d.Slug] = v, v
		l.order = append(l.order, v)
	}
	types, err := r.Licenses.Types(ctx)
	if err != nil {
		return l, err
	}
	l.licenses = map[string]string{}
	for _, t := range types {
		l.licenses[t.Slug] = t.Name
	}
	return l, nil
}

func (l lookups) department(id int64) Department {
	if d, ok := l.depts[id]; ok {
		return d
	}
	return Department{ID: id}
}

// Guide returns the guide of an item's current version. A cancelled or never
// published item is not found, on every channel.
func (r Reader) Guide(ctx context.Context, slug string) (Guide, error) {
	p, err := r.Items.PublishedBySlug(ctx, slug)
	if err != nil {
		return Guide{}, err
	}
	l, err := r.lookups(ctx)
	if err != nil {
		return Guide{}, err
	}
	return Build(p, l.codes, l.department(p.DepartmentID), l.licenses), nil
}

// Version returns the guide as an earlier (or the current) version published it.
// The item's state is today's: a suspended item's old versions carry the notice.
func (r Reader) Version(ctx context.Context, slug string, version int) (Guide, error) {
	p, err := r.Items.PublishedBySlug(ctx, slug)
	if err != nil {
		return Guide{}, err
	}
	vs, err := r.Items.Versions(ctx, p.ID)
	if err != nil {
		return Guide{}, err
	}
	i := slices.IndexFunc(vs, func(v catalog.Version) bool { return v.Version == version })
	if i < 0 {
		return Guide{}, apperr.NotFoundf("item version")
	}
	l, err := r.lookups(ctx)
	if err != nil {
		return Guide{}, err
	}
	p.Version = vs[i]
	return Build(p, l.codes, l.department(p.DepartmentID), l.licenses), nil
}

// Versions lists the published versions of a public item, newest first.
func (r Reader) Versions(ctx context.Context, slug string) ([]VersionRef, error) {
	p, err := r.Items.PublishedBySlug(ctx, slug)
	if err != nil {
		return nil, err
	}
	vs, err := r.Items.Versions(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	out := make([]VersionRef, 0, len(vs))
	for _, v := range vs {
		out = append(out, versionRef(slug, p.PublishedVersion, v))
	}
	return out, nil
}

// List returns one page of the published items matching f, and how many match.
func (r Reader) List(ctx context.Context, f Filter) ([]Summary, int, error) {
	ps, err := r.all(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	l, err := r.lookups(ctx)
	if err != nil {
		return nil, 0, err
	}
	total := len(ps)
	ps = ps[min(f.Offset, total):]
	if f.Limit > 0 {
		ps = ps[:min(f.Limit, len(ps))]
	}
	out := make([]Summary, 0, len(ps))
	for _, p := range ps {
		out = append(out, Summarize(p, l.codes, l.department(p.DepartmentID)))
	}
	return out, total, nil
}

// Facets are the navigation choices with how many published items each has.
type Facets struct {
	Topics      []Facet `json:"topics"`
	Departments []Facet `json:"departments"`
	Audiences   []Facet `json:"service_objects"`
}

// Facet is one navigation choice.
type Facet struct {
	Value string `json:"value"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// Listing is one page of the citizens' item list with its navigation.
type Listing struct {
	Items      []Summary
	Total      int
	Facets     Facets
	Department Department // the chosen department, when the filter has one
}

// Browse lists the items matching f, one page, with the facets: how many items
// each topic, department and service object has. Each group's counts apply
// the other groups' filters (and the life event) but not its own, so a count
// says how many items choosing it would show. Choices without items are left
// out unless chosen; topics come most used first, departments in the region's
// order. A department outside the install's region is not found.
func (r Reader) Browse(ctx context.Context, f Filter) (Listing, error) {
	match, err := audience(f.ServiceObject)
	if err != nil {
		return Listing{}, err
	}
	ps, err := r.all(ctx, Filter{Event: f.Event})
	if err != nil {
		return Listing{}, err
	}
	l, err := r.lookups(ctx)
	if err != nil {
		return Listing{}, err
	}
	var out Listing
	if f.DepartmentID != 0 {
		d, ok := l.depts[f.DepartmentID]
		if !ok {
			return Listing{}, apperr.NotFoundf("department")
		}
		out.Department = d
	}
	topics, depts := map[string]int{}, map[int64]int{}
	var persons, orgs int
	var matched []catalog.Published
	for _, p := range ps {
		e := p.Version.Elements
		inTopic := f.Topic == "" || slices.Contains(e.Topics, f.Topic)
		inDept := f.DepartmentID == 0 || p.DepartmentID == f.DepartmentID
		inAudience := match(e)
		if inTopic && inDept && inAudience {
			matched = append(matched, p)
		}
		if inDept && inAudience {
			for _, t := range e.Topics {
				topics[t]++
			}
		}
		if inTopic && inAudience {
			depts[p.DepartmentID]++
		}
		if inTopic && inDept {
			persons += b2i(e.ForPersons())
			orgs += b2i(e.ForOrganizations())
		}
	}
	out.Facets = l.facets(f, topics, depts, persons, orgs)
	out.Total = len(matched)
	matched = matched[min(f.Offset, len(matched)):]
	if f.Limit > 0 {
		matched = matched[:min(f.Limit, len(matched))]
	}
	out.Items = make([]Summary, 0, len(matched))
	for _, p := range matched {
		out.Items = append(out.Items, Summarize(p, l.codes, l.department(p.DepartmentID)))
	}
	return out, nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (l lookups) facets(f Filter, topics map[string]int, depts map[int64]int, persons, orgs int) Facets {
	var out Facets
	if _, ok := topics[f.Topic]; f.Topic != "" && !ok {
		topics[f.Topic] = 0
	}
	for t, n := range topics {
		out.Topics = append(out.Topics, Facet{Value: t, Label: l.codes.Label(catalog.TableTopic, t), Count: n})
	}
	slices.SortFunc(out.Topics, func(a, b Facet) int { return cmp.Or(b.Count-a.Count, cmp.Compare(a.Value, b.Value)) })
	for _, d := range l.order {
		if n := depts[d.ID]; n > 0 || d.ID == f.DepartmentID {
			out.Departments = append(out.Departments, Facet{Value: strconv.FormatInt(d.ID, 10), Label: d.ShortName, Count: n})
		}
	}
	out.Audiences = []Facet{
		{Value: AudiencePerson, Label: zh("guide.audience.person"), Count: persons},
		{Value: AudienceOrganization, Label: zh("guide.audience.organization"), Count: orgs},
	}
	return out
}

// LicenseType is an electronic license type as the public catalog shows it.
type LicenseType struct {
	Slug         string   `json:"slug"`
	Name         string   `json:"name"`
	HolderType   string   `json:"holder_type"`
	IssuingLevel int      `json:"issuing_level"`
	Issuer       string   `json:"issuer"` // the issuing county department, empty above the county
	Validity     string   `json:"validity"`
	KeyFields    []string `json:"key_fields"`
	Note         string   `json:"note"`
}

// LicenseTypes lists the license types.
func (r Reader) LicenseTypes(ctx context.Context) ([]LicenseType, error) {
	l, err := r.lookups(ctx)
	if err != nil {
		return nil, err
	}
	ts, err := r.Licenses.Types(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]LicenseType, 0, len(ts))
	for _, t := range ts {
		out = append(out, LicenseType{Slug: t.Slug, Name: t.Name, HolderType: t.HolderType, IssuingLevel: t.IssuingLevel,
			Issuer: l.bySlug[t.IssuingDept].Name, Validity: t.Validity, KeyFields: nonNil(t.KeyFields), Note: t.Note})
	}
	return out, nil
}
