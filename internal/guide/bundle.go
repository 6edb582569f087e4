package guide

import (
	"context"

	"github.com/tongban/tongban/internal/bundle"
	"github.com/tongban/tongban/internal/catalog"
)

// BundleSummary is a 一件事 bundle as the bundle list shows it.
type BundleSummary struct {
	Slug           string            `json:"slug"`
	Name           string            `json:"name"`
	Description    string            `json:"description"`
	PromisedLimit  Limit             `json:"promised_limit"`
	LeadDepartment Department        `json:"lead_department"`
	ItemCount      int               `json:"item_count"`
	Links          map[string]string `json:"links"`
}

// BundleGuide is the public page of a bundle: what it covers, the items in its
// pool with links to their guides, the scenario questions with what each answer
// does, and the materials submitted once for several items.
type BundleGuide struct {
	BundleSummary
	Items           []BundleItem     `json:"items"`
	Questions       []Question       `json:"questions"`
	MergedMaterials []MergedMaterial `json:"merged_materials"`
	MergedNote      string           `json:"merged_materials_note"`
}

// BundleItem is an item of a bundle's pool.
type BundleItem struct {
	Slug     string `json:"slug"`
	Name     string `json:"name"`
	Optional bool   `json:"optional"` // included only by some answer
	Public   bool   `json:"public"`   // published and not cancelled; only then has it a guide
	Promised string `json:"promised"` // the item's own promised limit
	Link     string `json:"link"`     // its guide, when public
}

// Question is a scenario question.
type Question struct {
	ID      string   `json:"id"`
	Text    string   `json:"text"`
	Options []Option `json:"options"`
}

// Option is an answer with what choosing it does.
type Option struct {
	Value        string   `json:"value"`
	Label        string   `json:"label"`
	AddItems     []string `json:"add_items"`     // names of the items it adds
	RemoveItems  []string `json:"remove_items"`  // names of the items it removes
	AddMaterials []string `json:"add_materials"` // extra materials it asks for
}

// MergedMaterial is a material submitted once and shared by several items.
type MergedMaterial struct {
	Name        string   `json:"name"`
	LicenseName string   `json:"license_name"`
	LicenseNote string   `json:"license_note"`
	Items       []string `json:"items"` // names of the items sharing it
	Note        string   `json:"note"`
}

func (l lookups) bundleSummary(b bundle.Bundle) BundleSummary {
	return BundleSummary{Slug: b.Slug, Name: b.Name, Description: b.Description, PromisedLimit: promised(b.PromisedDays),
		LeadDepartment: l.bySlug[b.LeadDepartment], ItemCount: len(b.ItemSlugs),
		Links: map[string]string{"html": "/bundles/" + b.Slug, "json": "/api/v1/bundles/" + b.Slug}}
}

// BundleList lists the bundles offered in the install's region.
func (r Reader) BundleList(ctx context.Context) ([]BundleSummary, error) {
	bs, err := r.Bundles.Bundles(ctx, r.HomeRegion)
	if err != nil {
		return nil, err
	}
	l, err := r.lookups(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]BundleSummary, 0, len(bs))
	for _, b := range bs {
		out = append(out, l.bundleSummary(b))
	}
	return out, nil
}

// Bundle returns the public view of one bundle.
func (r Reader) Bundle(ctx context.Context, slug string) (BundleGuide, error) {
	b, err := r.Bundles.Bundle(ctx, slug)
	if err != nil {
		return BundleGuide{}, err
	}
	l, err := r.lookups(ctx)
	if err != nil {
		return BundleGuide{}, err
	}
	items, err := r.all(ctx, Filter{})
	if err != nil {
		return BundleGuide{}, err
	}
	public := map[string]catalog.Published{}
	for _, p := range items {
		public[p.Slug] = p
	}
	return l.bundleGuide(b, public), nil
}

func (l lookups) bundleGuide(b bundle.Bundle, public map[string]catalog.Published) BundleGuide {
	g := BundleGuide{BundleSummary: l.bundleSummary(b), MergedNote: b.MergedNote,
		Items: []BundleItem{}, Questions: []Question{}, MergedMaterials: []MergedMaterial{}}
	optional := map[string]bool{}
	for _, q := range b.Questions {
		for _, e := range q.Effects {
			for _, s := range e.IncludeItems {
				optional[s] = true
			}
		}
	}
	name := func(slug string) string {
		if p, ok := public[slug]; ok {
			return p.Version.Elements.Name
		}
		return slug
	}
	names := func(slugs []string) []string {
		out := make([]string, 0, len(slugs))
		for _, s := range slugs {
			out = append(out, name(s))
		}
		return out
	}
	for _, s := range b.ItemSlugs {
		it := BundleItem{Slug: s, Name: name(s), Optional: optional[s]}
		if p, ok := public[s]; ok {
			it.Public, it.Link, it.Promised = true, "/guides/"+s, promised(p.Version.Elements.PromisedDays).Text
		}
		g.Items = append(g.Items, it)
	}
	for _, q := range b.Questions {
		qv := Question{ID: q.ID, Text: q.Text, Options: []Option{}}
		for _, o := range q.Options {
			ov := Option{Value: o.Value, Label: o.Label, AddItems: []string{}, RemoveItems: []string{}, AddMaterials: []string{}}
			for _, e := range q.Effects {
				if e.When == o.Value {
					ov.AddItems = append(ov.AddItems, names(e.IncludeItems)...)
					ov.RemoveItems = append(ov.RemoveItems, names(e.ExcludeItems)...)
					ov.AddMaterials = append(ov.AddMaterials, e.AddMaterials...)
				}
			}
			qv.Options = append(qv.Options, ov)
		}
		g.Questions = append(g.Questions, qv)
	}
	for _, m := range b.MergedMaterials {
		mv := MergedMaterial{Name: m.Name, Items: names(m.ItemSlugs), Note: m.Note}
		if m.LicenseTypeID != "" {
			mv.LicenseName = l.licenses[m.LicenseTypeID]
			if mv.LicenseName == "" {
				mv.LicenseName = m.Name
			}
			mv.LicenseNote = zh("guide.material.license", mv.LicenseName)
		}
		g.MergedMaterials = append(g.MergedMaterials, mv)
	}
	return g
}
