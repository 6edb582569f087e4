package store

import (
	"context"
	"encoding/json"

	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/platform/calendar"
)

var _ casework.SupervisionStore = (*Store)(nil)

// supervisionWhere selects the open cases of a region subtree and optionally
// one department ($1 prefix pattern, $2 department id or 0).
const supervisionWhere = ` WHERE c.closed = FALSE AND c.region_code LIKE $1 AND ($2 = 0 OR c.department_id = $2)`

// SupervisionGroups counts open cases in one aggregate query, grouped by what
// their light depends on (acceptance day, limit, closed pauses, a running
// pause) and by the board rows they count in (department, channel, clerk,
// receiving region), with the rows' names joined in. A county has far fewer
// such groups than cases.
func (s *Store) SupervisionGroups(ctx context.Context, f casework.SupervisionFilter) ([]casework.SupervisionGroup, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* casework.SupervisionGroups */
		SELECT c.department_id, COALESCE(d.short_name, ''), c.channel, c.registered_by, COALESCE(st.name, ''),
			c.received_region, COALESCE(r.name, ''), c.accepted_on, c.time_limit, c.time_unit, c.pauses,
			CASE WHEN c.open_pause <> '' THEN 1 ELSE 0 END, COUNT(*)
		FROM cases c
		LEFT JOIN departments d ON d.id = c.department_id
		LEFT JOIN staff st ON st.id = c.registered_by
		LEFT JOIN regions r ON r.code = c.received_region`+supervisionWhere+`
		GROUP BY c.department_id, d.short_name, c.channel, c.registered_by, st.name, c.received_region, r.name,
			c.accepted_on, c.time_limit, c.time_unit, c.pauses, CASE WHEN c.open_pause <> '' THEN 1 ELSE 0 END`,
		f.RegionPrefix+"%", f.DepartmentID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []casework.SupervisionGroup
	for rows.Next() {
		var g casework.SupervisionGroup
		var accepted, pauses string
		var paused int
		if err := rows.Scan(&g.DepartmentID, &g.DepartmentName, &g.Channel, &g.RegisteredBy, &g.ClerkName,
			&g.ReceivedRegion, &g.ReceivedName, &accepted, &g.Clock.Limit, &g.Clock.Unit, &pauses, &paused, &g.Count); err != nil {
			return nil, err
		}
		if g.Clock.Accepted, err = parseDateText(accepted); err != nil {
			return nil, err
		}
		if g.Clock.Pauses, err = parsePauses(pauses); err != nil {
			return nil, err
		}
		g.Paused = paused == 1
		out = append(out, g)
	}
	return out, rows.Err()
}

// parsePauses reads the JSON pauses column.
func parsePauses(text string) ([]calendar.Span, error) {
	var spans []spanJSON
	if err := json.Unmarshal([]byte(text), &spans); err != nil {
		return nil, err
	}
	var out []calendar.Span
	for _, sp := range spans {
		from, err := calendar.ParseDate(sp.From)
		if err != nil {
			return nil, err
		}
		to, err := calendar.ParseDate(sp.To)
		if err != nil {
			return nil, err
		}
		out = append(out, calendar.Span{From: from, To: to})
	}
	return out, nil
}

// DueCases lists open, accepted, running cases due on or before dueBy. Due
// dates are stored as yyyy-mm-dd text, so text order is date order.
func (s *Store) DueCases(ctx context.Context, f casework.SupervisionFilter, dueBy calendar.Date, limit int) ([]casework.Case, error) {
	return s.supervisedCases(ctx, `/* casework.DueCases */ SELECT `+caseColumns+` FROM cases c`+supervisionWhere+`
		AND c.accepted_on <> '' AND c.open_pause = '' AND c.due_on <= $3
		ORDER BY c.due_on, c.id LIMIT $4`, f.RegionPrefix+"%", f.DepartmentID, dueBy.String(), limit)
}

// WaitingCases lists open cases whose clock has not started and is not
// paused, oldest change first.
func (s *Store) WaitingCases(ctx context.Context, f casework.SupervisionFilter, limit int) ([]casework.Case, error) {
	return s.supervisedCases(ctx, `/* casework.WaitingCases */ SELECT `+caseColumns+` FROM cases c`+supervisionWhere+`
		AND c.accepted_on = '' AND c.open_pause = ''
		ORDER BY c.updated_at, c.id LIMIT $3`, f.RegionPrefix+"%", f.DepartmentID, limit)
}

func (s *Store) supervisedCases(ctx context.Context, query string, args ...any) ([]casework.Case, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []casework.Case
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
