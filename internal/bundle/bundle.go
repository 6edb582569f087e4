// Package bundle owns 一件事 bundles: several items done with one application,
// with scenario questions that decide which items and extra materials apply.
package bundle

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/tongban/tongban/internal/platform/apperr"
)

// Bundle is one 一件事.
type Bundle struct {
	Slug            string           `json:"-"`
	RegionCode      string           `json:"-"`
	Name            string           `json:"-"`
	Description     string           `json:"description"`
	ItemSlugs       []string         `json:"item_ids"`
	Questions       []Question       `json:"questions"`
	MergedMaterials []MergedMaterial `json:"merged_materials"`
	MergedNote      string           `json:"merged_materials_note"`
	PromisedDays    int              `json:"promised_days"`
	LeadDepartment  string           `json:"lead_department_id"`
	Keywords        []string         `json:"keywords"`
	CreatedAt       time.Time        `json:"-"`
}

// Question is a scenario question.
type Question struct {
	ID      string   `json:"id"`
	Text    string   `json:"text"`
	Options []Option `json:"options"`
	Effects []Effect `json:"effects"`
}

// Option is one answer to a question.
type Option struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// Effect is what choosing an answer does.
type Effect struct {
	When         string   `json:"when"`
	IncludeItems []string `json:"include_items"`
	ExcludeItems []string `json:"exclude_items"`
	AddMaterials []string `json:"add_materials"`
}

// MergedMaterial is a material submitted once and shared by several items.
type MergedMaterial struct {
	Name          string   `json:"name"`
	LicenseTypeID string   `json:"license_type_id"`
	ItemSlugs     []string `json:"item_ids"`
	Note          string   `json:"note"`
}

// Selection is what a set of answers selects.
type Selection struct {
	ItemSlugs      []string
	ExtraMaterials []string
}

// Select applies answers (question id → option value): the base set is the pool
// minus every item some effect can include; each answered question adds its
// effect's items, removes its excluded items and appends its extra materials. An
// unanswered question contributes nothing.
func (b Bundle) Select(answers map[string]string) Selection {
	optional := map[string]bool{}
	for _, q := range b.Questions {
		for _, e := range q.Effects {
			for _, s := range e.IncludeItems {
				optional[s] = true
			}
		}
	}
	chosen := map[string]bool{}
	for _, s := range b.ItemSlugs {
		if !optional[s] {
			chosen[s] = true
		}
	}
	var sel Selection
	for _, q := range b.Questions {
		v, ok := answers[q.ID]
		if !ok {
			continue
		}
		for _, e := range q.Effects {
			if e.When != v {
				continue
			}
			for _, s := range e.IncludeItems {
				chosen[s] = true
			}
			for _, s := range e.ExcludeItems {
				delete(chosen, s)
			}
			sel.ExtraMaterials = append(sel.ExtraMaterials, e.AddMaterials...)
		}
	}
	for _, s := range b.ItemSlugs { // keep the pool's order
		if chosen[s] {
			sel.ItemSlugs = append(sel.ItemSlugs, s)
		}
	}
	return sel
}

// Store is the persistence bundle needs.
type Store interface {
	InsertBundle(ctx context.Context, b Bundle) error
	GetBundle(ctx context.Context, slug string) (Bundle, error)
	ListBundles(ctx context.Context, regionPrefix string) ([]Bundle, error)
}

// Manager is bundle's use cases.
type Manager struct {
	store Store
	now   func() time.Time
}

// NewManager wires a Manager.
func NewManager(store Store, now func() time.Time) *Manager { return &Manager{store: store, now: now} }

// Bundles lists the bundles offered in a region and the regions above it.
func (m *Manager) Bundles(ctx context.Context, regionPrefix string) ([]Bundle, error) {
	return m.store.ListBundles(ctx, regionPrefix)
}

// Bundle returns one bundle.
func (m *Manager) Bundle(ctx context.Context, slug string) (Bundle, error) {
	return m.store.GetBundle(ctx, slug)
}

// Install adds a bundle during install.
func (m *Manager) Install(ctx context.Context, b Bundle) error {
	b.Name = strings.TrimSpace(b.Name)
	if b.Slug == "" || b.Name == "" || len(b.ItemSlugs) == 0 {
		return apperr.New(apperr.Invalid, "form.required")
	}
	for _, q := range b.Questions {
		for _, e := range q.Effects {
			for _, s := range append(slices.Clone(e.IncludeItems), e.ExcludeItems...) {
				if !slices.Contains(b.ItemSlugs, s) {
					return apperr.New(apperr.Invalid, "bundle.effect_outside_pool")
				}
			}
		}
	}
	b.CreatedAt = m.now()
	return m.store.InsertBundle(ctx, b)
}
