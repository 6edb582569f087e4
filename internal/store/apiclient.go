package store

import (
	"context"
	"time"

	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/sqldb"
)

var _ identity.APIClientStore = (*Store)(nil)

// An API client's department and roles are those of its staff account, so the
// two can never disagree; last use is the later of the last token issued and
// the last request seen on any of its sessions.
const apiClientSelect = `SELECT c.id, c.client_id, c.name, c.staff_id, s.region_code, COALESCE(s.department_id, 0),
	COALESCE(c.created_by, 0), c.created_at, c.last_used_at,
	(SELECT MAX(se.last_seen_at) FROM sessions se WHERE se.staff_id = c.staff_id), c.revoked_at`

const apiClientFrom = ` FROM api_clients c JOIN staff s ON s.id = c.staff_id`

func (s *Store) scanAPIClients(ctx context.Context, query string, args ...any) ([]identity.APIClient, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	var out []identity.APIClient
	for rows.Next() {
		var c identity.APIClient
		var created sqldb.Time
		var used, seen, revoked sqldb.NullTime
		if err := rows.Scan(&c.ID, &c.ClientID, &c.Name, &c.StaffID, &c.RegionCode, &c.DepartmentID,
			&c.CreatedBy, &created, &used, &seen, &revoked); err != nil {
			rows.Close()
			return nil, err
		}
		c.CreatedAt, c.LastUsedAt, c.RevokedAt = created.Time, used.Time, revoked.Time
		if seen.Valid && seen.Time.After(c.LastUsedAt) {
			c.LastUsedAt = seen.Time
		}
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Roles, err = s.staffRoles(ctx, out[i].StaffID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *Store) oneAPIClient(ctx context.Context, query string, arg any) (identity.APIClient, error) {
	out, err := s.scanAPIClients(ctx, query, arg)
	if err == nil && len(out) == 0 {
		err = sqldb.ErrNoRows
	}
	if err != nil {
		return identity.APIClient{}, mapErr(err, "api client")
	}
	return out[0], nil
}

// InsertAPIClient stores a client whose staff account exists already.
func (s *Store) InsertAPIClient(ctx context.Context, c *identity.APIClient, secretHash string) error {
	err := s.db.W(ctx).QueryRowContext(ctx, `/* identity.InsertAPIClient */
		INSERT INTO api_clients (client_id, name, staff_id, secret_hash, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		c.ClientID, c.Name, c.StaffID, secretHash, nullInt64(c.CreatedBy), sqldb.T(c.CreatedAt)).Scan(&c.ID)
	return mapErr(err, "api client")
}

// GetAPIClient returns one client.
func (s *Store) GetAPIClient(ctx context.Context, id int64) (identity.APIClient, error) {
	return s.oneAPIClient(ctx, `/* identity.GetAPIClient */ `+apiClientSelect+apiClientFrom+` WHERE c.id = $1`, id)
}

// FindAPIClient returns the client with a client id, and its secret hash.
func (s *Store) FindAPIClient(ctx context.Context, clientID string) (identity.APIClient, string, error) {
	c, err := s.oneAPIClient(ctx, `/* identity.FindAPIClient */ `+apiClientSelect+apiClientFrom+` WHERE c.client_id = $1`, clientID)
	if err != nil {
		return c, "", err
	}
	var hash string
	err = s.db.Q(ctx).QueryRowContext(ctx, `/* identity.FindAPIClient */ SELECT secret_hash FROM api_clients WHERE id = $1`, c.ID).Scan(&hash)
	return c, hash, mapErr(err, "api client")
}

// ListAPIClients lists the clients of a region subtree (and department),
// newest first.
func (s *Store) ListAPIClients(ctx context.Context, f identity.APIClientFilter) ([]identity.APIClient, int, error) {
	where := ` WHERE s.region_code LIKE $1 AND ($2 = 0 OR s.department_id = $2)`
	total, err := s.count(ctx, `/* identity.ListAPIClients */ SELECT COUNT(*)`+apiClientFrom+where, f.RegionPrefix+"%", f.DepartmentID)
	if err != nil {
		return nil, 0, err
	}
	out, err := s.scanAPIClients(ctx, `/* identity.ListAPIClients */ `+apiClientSelect+apiClientFrom+where+` ORDER BY c.id DESC LIMIT $3 OFFSET $4`,
		f.RegionPrefix+"%", f.DepartmentID, f.Limit, f.Offset)
	return out, total, err
}

// TouchAPIClient records that a token was issued.
func (s *Store) TouchAPIClient(ctx context.Context, id int64, at time.Time) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* identity.TouchAPIClient */ UPDATE api_clients SET last_used_at = $1 WHERE id = $2`, sqldb.T(at), id)
	return err
}

// RevokeAPIClient revokes a client, deactivates its staff account and ends
// every session of that account, in the caller's transaction.
func (s *Store) RevokeAPIClient(ctx context.Context, c identity.APIClient, at time.Time) error {
	w := s.db.W(ctx)
	if _, err := w.ExecContext(ctx, `/* identity.RevokeAPIClient */ UPDATE api_clients SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL`,
		sqldb.T(at), c.ID); err != nil {
		return err
	}
	if _, err := w.ExecContext(ctx, `/* identity.RevokeAPIClient */ UPDATE staff SET active = FALSE WHERE id = $1`, c.StaffID); err != nil {
		return err
	}
	_, err := w.ExecContext(ctx, `/* identity.RevokeAPIClient */ DELETE FROM sessions WHERE staff_id = $1`, c.StaffID)
	return err
}
