package store

import (
	"context"
	"errors"

	"github.com/tongban/tongban/internal/sqldb"
)

// Setting returns an install-wide setting, or "" when it is not set.
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := s.db.Q(ctx).QueryRowContext(ctx, `/* settings.Get */ SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
	if errors.Is(err, sqldb.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// SetSetting stores an install-wide setting.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* settings.Set */
		INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}
