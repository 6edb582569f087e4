package store

import (
	"context"
	"encoding/json"

	"github.com/tongban/tongban/internal/bundle"
	"github.com/tongban/tongban/internal/license"
	"github.com/tongban/tongban/internal/sqldb"
)

var (
	_ bundle.Store  = (*Store)(nil)
	_ license.Store = (*Store)(nil)
)

// InsertBundle stores a bundle; its structure is one JSON document.
func (s *Store) InsertBundle(ctx context.Context, b bundle.Bundle) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* bundle.Insert */
		INSERT INTO bundles (slug, region_code, name, doc, created_at) VALUES ($1, $2, $3, $4, $5)`,
		b.Slug, b.RegionCode, b.Name, toJSON(b), sqldb.T(b.CreatedAt))
	return mapErr(err, "bundle")
}

func scanBundle(sc interface{ Scan(...any) error }) (bundle.Bundle, error) {
	var b bundle.Bundle
	var slug, region, name, doc string
	var at sqldb.Time
	if err := sc.Scan(&slug, &region, &name, &doc, &at); err != nil {
		return b, err
	}
	if err := json.Unmarshal([]byte(doc), &b); err != nil {
		return b, err
	}
	b.Slug, b.RegionCode, b.Name, b.CreatedAt = slug, region, name, at.Time
	return b, nil
}

// GetBundle returns one bundle.
func (s *Store) GetBundle(ctx context.Context, slug string) (bundle.Bundle, error) {
	b, err := scanBundle(s.db.Q(ctx).QueryRowContext(ctx, `/* bundle.Get */ SELECT slug, region_code, name, doc, created_at FROM bundles WHERE slug = $1`, slug))
	return b, mapErr(err, "bundle")
}

// ListBundles lists the bundles of a region subtree.
func (s *Store) ListBundles(ctx context.Context, regionPrefix string) ([]bundle.Bundle, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* bundle.List */
		SELECT slug, region_code, name, doc, created_at FROM bundles WHERE region_code LIKE $1 ORDER BY created_at, slug`, regionPrefix+"%")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bundle.Bundle
	for rows.Next() {
		b, err := scanBundle(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// InsertLicenseType stores a license type.
func (s *Store) InsertLicenseType(ctx context.Context, t license.Type) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* license.InsertType */
		INSERT INTO license_types (slug, name, holder_type, issuing_dept, issuing_level, validity, key_fields, note, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		t.Slug, t.Name, t.HolderType, t.IssuingDept, t.IssuingLevel, t.Validity, toJSON(nonNil(t.KeyFields)), t.Note, sqldb.T(t.CreatedAt))
	return mapErr(err, "license type")
}

func scanLicenseType(sc interface{ Scan(...any) error }) (license.Type, error) {
	var t license.Type
	var fields string
	var at sqldb.Time
	if err := sc.Scan(&t.Slug, &t.Name, &t.HolderType, &t.IssuingDept, &t.IssuingLevel, &t.Validity, &fields, &t.Note, &at); err != nil {
		return t, err
	}
	t.CreatedAt = at.Time
	return t, json.Unmarshal([]byte(fields), &t.KeyFields)
}

const licenseTypeColumns = `slug, name, holder_type, issuing_dept, issuing_level, validity, key_fields, note, created_at`

// GetLicenseType returns one license type.
func (s *Store) GetLicenseType(ctx context.Context, slug string) (license.Type, error) {
	t, err := scanLicenseType(s.db.Q(ctx).QueryRowContext(ctx, `/* license.GetType */ SELECT `+licenseTypeColumns+` FROM license_types WHERE slug = $1`, slug))
	return t, mapErr(err, "license type")
}

// ListLicenseTypes lists every license type by name.
func (s *Store) ListLicenseTypes(ctx context.Context) ([]license.Type, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* license.ListTypes */ SELECT `+licenseTypeColumns+` FROM license_types ORDER BY slug`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []license.Type
	for rows.Next() {
		t, err := scanLicenseType(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
