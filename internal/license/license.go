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
	// TypeCode is the national 证照类型代码 when known; empty otherwise, and
	// then the identifier uses LocalTypeCode (see identifier.go).
	TypeCode string
	// Mapping says which source value fills each printed field; empty means
	// DefaultMapping.
	Mapping   []FieldSource
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Store is the persistence license needs.
type Store interface {
	TypeStore
	KeyStore
	SealStore
	LicenseStore
	LogStore
}

// TypeStore keeps license types.
type TypeStore interface {
	InsertLicenseType(ctx context.Context, t Type) error
	GetLicenseType(ctx context.Context, slug string) (Type, error)
	ListLicenseTypes(ctx context.Context) ([]Type, error)
	UpdateLicenseType(ctx context.Context, t Type) error
}

// LicenseStore keeps licenses and their uses.
type LicenseStore interface {
	// InsertLicense stores a license and sets its ID (and FirstID, for a
	// version 1).
	InsertLicense(ctx context.Context, l *License) error
	SetLicenseLogIndex(ctx context.Context, id int64, index uint64) error
	GetLicense(ctx context.Context, id int64) (License, error)
	GetLicenseByIdentifier(ctx context.Context, identifier string) (License, error)
	// ListLicenses lists in f's scope, newest first, with the total.
	ListLicenses(ctx context.Context, f Filter) ([]License, int, error)
	// HolderLicenses lists a holder's licenses, newest first: an enterprise's
	// when orgID is set, else the person's own; typeSlug "" = every type.
	HolderLicenses(ctx context.Context, personID, orgID int64, typeSlug string) ([]License, error)
	// LicensesByHolderCode finds licenses by the holder's code (blind index).
	LicensesByHolderCode(ctx context.Context, codeType, code, typeSlug string) ([]License, error)
	// LicenseVersions lists every version of a license, newest first.
	LicenseVersions(ctx context.Context, firstID int64) ([]License, error)
	// UpdateLicenseStatus moves a license from one stored status to another;
	// false when it was no longer in from.
	UpdateLicenseStatus(ctx context.Context, id int64, from, to Status, reason string, at time.Time) (bool, error)
	InsertLicenseUse(ctx context.Context, u *Usage, firstID int64) error
	SetLicenseUseLogIndex(ctx context.Context, id int64, index uint64) error
	// ListLicenseUses lists the uses of every version, newest first.
	ListLicenseUses(ctx context.Context, firstID int64) ([]Usage, error)
}

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
	t.UpdatedAt = t.CreatedAt
	return m.store.InsertLicenseType(ctx, t)
}
