// Package license owns electronic licenses (电子证照). So far it holds the
// license types (证照类型) of the catalog: what an application material can be
// replaced by (免证办) and what a concluded case issues. Issuance, the wallet and
// verification come with the e-license work.
package license

import (
	"context"
	"strings"
	"time"

	"github.com/tongban/tongban/internal/platform/apperr"
)

// Holder types.
const (
	HolderPerson       = "自然人"
	HolderOrganization = "法人"
	HolderBoth         = "both"
)

// Type is a license type.
type Type struct {
	Slug         string
	Name         string
	HolderType   string
	IssuingDept  string // slug of the issuing county department, empty when issued above the county
	IssuingLevel int    // 1 国家 … 5 乡镇
	Validity     string
	KeyFields    []string // the fields printed on the license
	Note         string
	CreatedAt    time.Time
}

// Store is the persistence license needs.
type Store interface {
	InsertLicenseType(ctx context.Context, t Type) error
	GetLicenseType(ctx context.Context, slug string) (Type, error)
	ListLicenseTypes(ctx context.Context) ([]Type, error)
}

// Manager is license's use cases.
type Manager struct {
	store Store
	now   func() time.Time
}

// NewManager wires a Manager.
func NewManager(store Store, now func() time.Time) *Manager { return &Manager{store: store, now: now} }

// Types lists every license type; the catalog is public, so are its types.
func (m *Manager) Types(ctx context.Context) ([]Type, error) { return m.store.ListLicenseTypes(ctx) }

// Type returns one license type.
func (m *Manager) Type(ctx context.Context, slug string) (Type, error) {
	return m.store.GetLicenseType(ctx, slug)
}

// InstallType adds a license type during install.
func (m *Manager) InstallType(ctx context.Context, t Type) error {
	t.Slug, t.Name = strings.TrimSpace(t.Slug), strings.TrimSpace(t.Name)
	if t.Slug == "" || t.Name == "" {
		return apperr.New(apperr.Invalid, "form.required")
	}
	t.CreatedAt = m.now()
	return m.store.InsertLicenseType(ctx, t)
}
