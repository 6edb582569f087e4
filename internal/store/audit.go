package store

import (
	"context"

	"github.com/tongban/tongban/internal/platform/audit"
	"github.com/tongban/tongban/internal/sqldb"
)

// AppendAudit writes one audit entry in the caller's transaction.
func (s *Store) AppendAudit(ctx context.Context, e audit.Entry) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* audit.Append */
		INSERT INTO audit_log (at, actor_kind, actor_id, actor_name, action, target_kind, target_id, region_code, detail, ip, request_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		sqldb.T(e.At), e.ActorKind, nullInt64(e.ActorID), e.ActorName, e.Action, e.TargetKind, e.TargetID,
		e.RegionCode, e.Detail, e.IP, e.RequestID)
	return err
}

// ListAudit lists entries newest first.
func (s *Store) ListAudit(ctx context.Context, f audit.Filter) ([]audit.Entry, int, error) {
	where := ` FROM audit_log WHERE region_code LIKE $1 AND ($2 = '' OR action = $2) AND ($3 = '' OR target_kind = $3) AND ($4 = '' OR target_id = $4)`
	args := []any{f.RegionPrefix + "%", f.Action, f.TargetKind, f.TargetID}
	total, err := s.count(ctx, `/* audit.List */ SELECT COUNT(*)`+where, args...)
	if err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* audit.List */
		SELECT id, at, actor_kind, COALESCE(actor_id, 0), actor_name, action, target_kind, target_id, region_code, detail, ip, request_id`+
		where+` ORDER BY id DESC LIMIT $5 OFFSET $6`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []audit.Entry
	for rows.Next() {
		var e audit.Entry
		var at sqldb.Time
		if err := rows.Scan(&e.ID, &at, &e.ActorKind, &e.ActorID, &e.ActorName, &e.Action, &e.TargetKind, &e.TargetID,
			&e.RegionCode, &e.Detail, &e.IP, &e.RequestID); err != nil {
			return nil, 0, err
		}
		e.At = at.Time
		out = append(out, e)
	}
	return out, total, rows.Err()
}
