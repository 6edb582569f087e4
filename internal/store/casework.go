package store

import (
	"context"

	"github.com/tongban/tongban/internal/casework"
)

var _ casework.SequenceStore = (*Store)(nil)

// NextCaseSequence allocates with one upsert: the first caller of the day
// inserts 1, later callers increment under the row's lock (PostgreSQL) or the
// single writer (SQLite), so no two callers get the same number.
func (s *Store) NextCaseSequence(ctx context.Context, implCode, day string) (int, error) {
	var seq int
	err := s.db.W(ctx).QueryRowContext(ctx, `/* casework.NextCaseSequence */
		INSERT INTO case_sequences (impl_code, day, last) VALUES ($1, $2, 1)
		ON CONFLICT (impl_code, day) DO UPDATE SET last = case_sequences.last + 1
		RETURNING last`, implCode, day).Scan(&seq)
	return seq, err
}
