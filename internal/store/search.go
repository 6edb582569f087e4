package store

import (
	"context"

	"github.com/tongban/tongban/internal/search"
	"github.com/tongban/tongban/internal/sqldb"
)

var _ search.Store = (*Store)(nil)

// ListSynonyms lists the synonyms of a region subtree ("" = all), by region
// and phrase.
func (s *Store) ListSynonyms(ctx context.Context, regionPrefix string) ([]search.Synonym, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* search.ListSynonyms */
		SELECT id, region_code, phrase, target, created_at FROM search_synonyms WHERE region_code LIKE $1
		ORDER BY region_code, phrase, id`, regionPrefix+"%")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []search.Synonym
	for rows.Next() {
		sy, err := scanSynonym(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, sy)
	}
	return out, rows.Err()
}

func scanSynonym(sc interface{ Scan(...any) error }) (search.Synonym, error) {
	var sy search.Synonym
	var at sqldb.Time
	err := sc.Scan(&sy.ID, &sy.RegionCode, &sy.Phrase, &sy.Target, &at)
	sy.CreatedAt = at.Time
	return sy, err
}

// GetSynonym returns one synonym.
func (s *Store) GetSynonym(ctx context.Context, id int64) (search.Synonym, error) {
	sy, err := scanSynonym(s.db.Q(ctx).QueryRowContext(ctx, `/* search.GetSynonym */
		SELECT id, region_code, phrase, target, created_at FROM search_synonyms WHERE id = $1`, id))
	return sy, mapErr(err, "synonym")
}

// InsertSynonym stores a synonym; the same phrase and target twice in one
// region is a conflict.
func (s *Store) InsertSynonym(ctx context.Context, sy *search.Synonym) error {
	err := s.db.W(ctx).QueryRowContext(ctx, `/* search.InsertSynonym */
		INSERT INTO search_synonyms (region_code, phrase, target, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		sy.RegionCode, sy.Phrase, sy.Target, sqldb.T(sy.CreatedAt)).Scan(&sy.ID)
	return mapErr(err, "synonym")
}

// DeleteSynonym removes a synonym.
func (s *Store) DeleteSynonym(ctx context.Context, id int64) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* search.DeleteSynonym */ DELETE FROM search_synonyms WHERE id = $1`, id)
	return err
}

// InsertMiss records a query without a good answer.
func (s *Store) InsertMiss(ctx context.Context, m search.Miss) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* search.InsertMiss */
		INSERT INTO search_misses (query, results, top_score, region_code, at) VALUES ($1, $2, $3, $4, $5)`,
		m.Query, m.Results, m.TopScore, m.RegionCode, sqldb.T(m.At))
	return err
}

// ListMisses groups the missed queries of a region subtree, most frequent
// first, then most recent.
func (s *Store) ListMisses(ctx context.Context, f search.MissFilter) ([]search.MissSummary, int, error) {
	total, err := s.count(ctx, `/* search.ListMisses */
		SELECT COUNT(DISTINCT query) FROM search_misses WHERE region_code LIKE $1`, f.RegionPrefix+"%")
	if err != nil {
		return nil, 0, err
	}
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* search.ListMisses */
		SELECT query, COUNT(*), MAX(top_score), MAX(at) FROM search_misses WHERE region_code LIKE $1
		GROUP BY query ORDER BY COUNT(*) DESC, MAX(at) DESC, query LIMIT $2 OFFSET $3`, f.RegionPrefix+"%", f.Limit, f.Offset)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []search.MissSummary
	for rows.Next() {
		var m search.MissSummary
		var at sqldb.Time
		if err := rows.Scan(&m.Query, &m.Count, &m.TopScore, &at); err != nil {
			return nil, 0, err
		}
		m.LastAt = at.Time
		out = append(out, m)
	}
	return out, total, rows.Err()
}
