// Package store implements every module's store interface in SQL that runs on
// both SQLite and PostgreSQL, one file per module. Queries are tagged with the
// use case that runs them so a slow query in the database log names its caller.
package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/fieldcrypt"
	"github.com/tongban/tongban/internal/sqldb"
)

// Store is the SQL implementation of the modules' stores.
type Store struct {
	db   *sqldb.DB
	keys *fieldcrypt.Keys
}

// New returns a Store over db; keys encrypt personal data at rest.
func New(db *sqldb.DB, keys *fieldcrypt.Keys) *Store { return &Store{db: db, keys: keys} }

// DB exposes the database for transactions (managers take it as their Tx).
func (s *Store) DB() *sqldb.DB { return s.db }

// mapErr turns driver errors into the error vocabulary: no rows → NotFound,
// unique violations → Conflict, anything else stays internal.
func mapErr(err error, what string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sql.ErrNoRows):
		return apperr.NotFoundf(what)
	case sqldb.IsUnique(err):
		return apperr.Wrap(apperr.Conflict, "record.exists", err)
	case sqldb.IsForeignKey(err):
		return apperr.Wrap(apperr.Invalid, "record.reference", err)
	}
	return err
}

// nullInt64 stores 0 as NULL for optional foreign keys.
func nullInt64(v int64) sql.NullInt64 { return sql.NullInt64{Int64: v, Valid: v != 0} }

// nullString stores "" as NULL.
func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

// likePattern escapes a user's search text for LIKE … ESCAPE '\'.
func likePattern(s string) string {
	out := make([]rune, 0, len(s)+2)
	out = append(out, '%')
	for _, r := range s {
		if r == '%' || r == '_' || r == '\\' {
			out = append(out, '\\')
		}
		out = append(out, r)
	}
	return string(append(out, '%'))
}

// count runs a COUNT(*) query.
func (s *Store) count(ctx context.Context, query string, args ...any) (int, error) {
	var n int
	err := s.db.Q(ctx).QueryRowContext(ctx, query, args...).Scan(&n)
	return n, err
}
