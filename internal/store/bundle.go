package store

import (
	"context"
	"encoding/json"

	"github.com/tongban/tongban/internal/bundle"
	"github.com/tongban/tongban/internal/sqldb"
)

var _ bundle.Store = (*Store)(nil)

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
