package store

import (
	"context"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/calendar"
	"github.com/tongban/tongban/internal/region"
	"github.com/tongban/tongban/internal/sqldb"
)

// ListCalendarOverrides returns a region's local calendar overrides by date.
func (s *Store) ListCalendarOverrides(ctx context.Context, regionCode string) ([]region.CalendarOverride, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* calendar.List */
		SELECT region_code, day, off_day, name, created_by, created_at FROM calendar_overrides
		WHERE region_code = $1 ORDER BY day`, regionCode)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []region.CalendarOverride
	for rows.Next() {
		var o region.CalendarOverride
		var day string
		var at sqldb.Time
		if err := rows.Scan(&o.RegionCode, &day, &o.OffDay, &o.Name, &o.CreatedBy, &at); err != nil {
			return nil, err
		}
		if o.Date, err = calendar.ParseDate(day); err != nil {
			return nil, err
		}
		o.CreatedAt = at.Time
		out = append(out, o)
	}
	return out, rows.Err()
}

// PutCalendarOverride adds an override or replaces the one of its date.
func (s *Store) PutCalendarOverride(ctx context.Context, o region.CalendarOverride) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* calendar.Put */
		INSERT INTO calendar_overrides (region_code, day, off_day, name, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (region_code, day) DO UPDATE SET off_day = excluded.off_day, name = excluded.name,
			created_by = excluded.created_by, created_at = excluded.created_at`,
		o.RegionCode, o.Date.String(), o.OffDay, o.Name, o.CreatedBy, sqldb.T(o.CreatedAt))
	return err
}

// DeleteCalendarOverride removes the override of one date; NotFound when none.
func (s *Store) DeleteCalendarOverride(ctx context.Context, regionCode string, d calendar.Date) error {
	res, err := s.db.W(ctx).ExecContext(ctx, `/* calendar.Delete */
		DELETE FROM calendar_overrides WHERE region_code = $1 AND day = $2`, regionCode, d.String())
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return apperr.NotFoundf("calendar override")
	}
	return nil
}
