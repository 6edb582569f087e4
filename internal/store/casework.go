package store

import (
	"context"
	"encoding/json"

	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/calendar"
	"github.com/tongban/tongban/internal/sqldb"
)

var (
	_ casework.SequenceStore = (*Store)(nil)
	_ casework.Store         = (*Store)(nil)
)

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

// InsertApplication stores a new application.
func (s *Store) InsertApplication(ctx context.Context, a *casework.Application) error {
	form, err := s.sealText(formJSON(a.Form), "applications.form")
	if err != nil {
		return err
	}
	err = s.db.W(ctx).QueryRowContext(ctx, `/* casework.InsertApplication */
		INSERT INTO applications (person_id, org_id, item_id, item_version, form, materials, submitted, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		a.PersonID, a.OrgID, a.ItemID, a.ItemVersion, form, materialsJSON(a.Materials), a.Submitted,
		sqldb.T(a.CreatedAt), sqldb.T(a.UpdatedAt)).Scan(&a.ID)
	return mapErr(err, "application")
}

// UpdateApplication saves an application's contents and submitted flag.
func (s *Store) UpdateApplication(ctx context.Context, a casework.Application) error {
	form, err := s.sealText(formJSON(a.Form), "applications.form")
	if err != nil {
		return err
	}
	_, err = s.db.W(ctx).ExecContext(ctx, `/* casework.UpdateApplication */
		UPDATE applications SET item_version = $1, form = $2, materials = $3, submitted = $4, updated_at = $5 WHERE id = $6`,
		a.ItemVersion, form, materialsJSON(a.Materials), a.Submitted, sqldb.T(a.UpdatedAt), a.ID)
	return mapErr(err, "application")
}

func materialsJSON(ms []casework.MaterialCheck) string {
	if ms == nil {
		return "[]"
	}
	return toJSON(ms)
}

func formJSON(f map[string]string) string {
	if f == nil {
		return "{}"
	}
	return toJSON(f)
}

const applicationColumns = `id, person_id, org_id, item_id, item_version, form, materials, submitted, created_at, updated_at`

func (s *Store) scanApplication(sc interface{ Scan(...any) error }) (casework.Application, error) {
	var a casework.Application
	var form, materials string
	var created, updated sqldb.Time
	if err := sc.Scan(&a.ID, &a.PersonID, &a.OrgID, &a.ItemID, &a.ItemVersion, &form, &materials, &a.Submitted, &created, &updated); err != nil {
		return a, err
	}
	form, err := s.openText(form, "applications.form")
	if err != nil {
		return a, err
	}
	if err := json.Unmarshal([]byte(form), &a.Form); err != nil {
		return a, err
	}
	if err := json.Unmarshal([]byte(materials), &a.Materials); err != nil {
		return a, err
	}
	a.CreatedAt, a.UpdatedAt = created.Time, updated.Time
	return a, nil
}

// GetApplication returns one application.
func (s *Store) GetApplication(ctx context.Context, id int64) (casework.Application, error) {
	a, err := s.scanApplication(s.db.Q(ctx).QueryRowContext(ctx, `/* casework.GetApplication */
		SELECT `+applicationColumns+` FROM applications WHERE id = $1`, id))
	return a, mapErr(err, "application")
}

// FindDraft returns the applicant's latest unsubmitted application for an item.
func (s *Store) FindDraft(ctx context.Context, personID, orgID, itemID int64) (casework.Application, error) {
	a, err := s.scanApplication(s.db.Q(ctx).QueryRowContext(ctx, `/* casework.FindDraft */
		SELECT `+applicationColumns+` FROM applications
		WHERE person_id = $1 AND org_id = $2 AND item_id = $3 AND submitted = FALSE ORDER BY id DESC LIMIT 1`, personID, orgID, itemID))
	return a, mapErr(err, "application")
}

type spanJSON struct {
	From string `json:"from"`
	To   string `json:"to"`
}

func dateText(d calendar.Date) string {
	if d == (calendar.Date{}) {
		return ""
	}
	return d.String()
}

func parseDateText(s string) (calendar.Date, error) {
	if s == "" {
		return calendar.Date{}, nil
	}
	return calendar.ParseDate(s)
}

func pausesJSON(ps []calendar.Span) string {
	out := make([]spanJSON, len(ps))
	for i, p := range ps {
		out[i] = spanJSON{From: p.From.String(), To: p.To.String()}
	}
	return toJSON(out)
}

func pendingJSON(p *casework.Pending) string {
	if p == nil {
		return ""
	}
	return toJSON(p)
}

// InsertCase stores a new case.
func (s *Store) InsertCase(ctx context.Context, c *casework.Case) error {
	err := s.db.W(ctx).QueryRowContext(ctx, `/* casework.InsertCase */
		INSERT INTO cases (number, application_id, item_id, item_version, item_name, region_code, department_id, person_id, org_id,
			channel, registered_by, received_region, state, accepted_on, time_limit, time_unit, pauses, open_pause, due_on,
			provisional, closed, created_at, updated_at, closed_at, bundle_application_id, workflow_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26)
		RETURNING id`,
		c.Number, c.ApplicationID, c.ItemID, c.ItemVersion, c.ItemName, c.RegionCode, c.DepartmentID, c.PersonID, c.OrgID,
		c.Channel, c.RegisteredBy, c.ReceivedRegion, c.State, dateText(c.Clock.Accepted), c.Clock.Limit, c.Clock.Unit,
		pausesJSON(c.Clock.Pauses), dateText(c.Clock.OpenPause), dateText(c.Due),
		c.Provisional, c.Closed, sqldb.T(c.CreatedAt), sqldb.T(c.UpdatedAt), sqldb.NT(c.ClosedAt), c.BundleApplicationID, c.WorkflowID).Scan(&c.ID)
	return mapErr(err, "case")
}

// UpdateCase saves a case's state, clock and due date, provided it is still in
// fromState: two clerks acting at once cannot both move it.
func (s *Store) UpdateCase(ctx context.Context, c casework.Case, fromState string) error {
	res, err := s.db.W(ctx).ExecContext(ctx, `/* casework.UpdateCase */
		UPDATE cases SET state = $1, accepted_on = $2, pauses = $3, open_pause = $4, due_on = $5, provisional = $6,
			closed = $7, updated_at = $8, closed_at = $9, pending = $10, conclusion = $11, region_code = $12, department_id = $13
		WHERE id = $14 AND state = $15`,
		c.State, dateText(c.Clock.Accepted), pausesJSON(c.Clock.Pauses), dateText(c.Clock.OpenPause), dateText(c.Due), c.Provisional,
		c.Closed, sqldb.T(c.UpdatedAt), sqldb.NT(c.ClosedAt), pendingJSON(c.Pending), c.Conclusion, c.RegionCode, c.DepartmentID,
		c.ID, fromState)
	if err != nil {
		return mapErr(err, "case")
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		if err != nil {
			return err
		}
		return apperr.New(apperr.Conflict, "casework.case.changed")
	}
	return nil
}

const caseColumns = `id, number, application_id, item_id, item_version, item_name, region_code, department_id, person_id, org_id,
	channel, registered_by, received_region, state, accepted_on, time_limit, time_unit, pauses, open_pause, due_on,
	provisional, closed, created_at, updated_at, closed_at, pending, conclusion, bundle_application_id, workflow_id`

func scanCase(sc interface{ Scan(...any) error }) (casework.Case, error) {
	var c casework.Case
	var accepted, pauses, open, due, pending string
	var created, updated sqldb.Time
	var closed sqldb.NullTime
	if err := sc.Scan(&c.ID, &c.Number, &c.ApplicationID, &c.ItemID, &c.ItemVersion, &c.ItemName, &c.RegionCode, &c.DepartmentID,
		&c.PersonID, &c.OrgID, &c.Channel, &c.RegisteredBy, &c.ReceivedRegion, &c.State, &accepted, &c.Clock.Limit, &c.Clock.Unit,
		&pauses, &open, &due, &c.Provisional, &c.Closed, &created, &updated, &closed, &pending, &c.Conclusion,
		&c.BundleApplicationID, &c.WorkflowID); err != nil {
		return c, err
	}
	var err error
	if pending != "" {
		c.Pending = &casework.Pending{}
		if err := json.Unmarshal([]byte(pending), c.Pending); err != nil {
			return c, err
		}
	}
	if c.Clock.Accepted, err = parseDateText(accepted); err != nil {
		return c, err
	}
	if c.Clock.OpenPause, err = parseDateText(open); err != nil {
		return c, err
	}
	if c.Due, err = parseDateText(due); err != nil {
		return c, err
	}
	var spans []spanJSON
	if err := json.Unmarshal([]byte(pauses), &spans); err != nil {
		return c, err
	}
	for _, sp := range spans {
		from, err1 := calendar.ParseDate(sp.From)
		to, err2 := calendar.ParseDate(sp.To)
		if err1 != nil || err2 != nil {
			return c, apperr.Wrap(apperr.Internal, "error.internal", err1)
		}
		c.Clock.Pauses = append(c.Clock.Pauses, calendar.Span{From: from, To: to})
	}
	c.CreatedAt, c.UpdatedAt = created.Time, updated.Time
	if closed.Valid {
		c.ClosedAt = closed.Time
	}
	return c, nil
}

// GetCase returns one case.
func (s *Store) GetCase(ctx context.Context, id int64) (casework.Case, error) {
	c, err := scanCase(s.db.Q(ctx).QueryRowContext(ctx, `/* casework.GetCase */ SELECT `+caseColumns+` FROM cases WHERE id = $1`, id))
	return c, mapErr(err, "case")
}

// GetCaseByNumber returns the case with a case number.
func (s *Store) GetCaseByNumber(ctx context.Context, number string) (casework.Case, error) {
	c, err := scanCase(s.db.Q(ctx).QueryRowContext(ctx, `/* casework.GetCaseByNumber */ SELECT `+caseColumns+` FROM cases WHERE number = $1`, number))
	return c, mapErr(err, "case")
}

// ListCases lists cases newest first, scoped by region subtree first.
func (s *Store) ListCases(ctx context.Context, f casework.CaseFilter) ([]casework.Case, int, error) {
	where := ` FROM cases WHERE region_code LIKE $1 AND ($2 = 0 OR department_id = $2)
		AND ($3 = 0 OR (person_id = $3 AND org_id = $4)) AND ($5 = '' OR state = $5) AND ($6 = 0 OR bundle_application_id = $6)`
	if f.OpenOnly {
		where += ` AND closed = FALSE`
	}
	if f.AcceptedOnly {
		where += ` AND accepted_on <> ''`
	}
	args := []any{f.RegionPrefix + "%", f.DepartmentID, f.PersonID, f.OrgID, f.State, f.BundleApplicationID}
	total, err := s.count(ctx, `/* casework.ListCases */ SELECT COUNT(*)`+where, args...)
	if err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* casework.ListCases */ SELECT `+caseColumns+where+
		` ORDER BY id DESC LIMIT $7 OFFSET $8`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []casework.Case
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, c)
	}
	return out, total, rows.Err()
}

// AppendCaseEvent adds an entry to a case's timeline.
func (s *Store) AppendCaseEvent(ctx context.Context, e *casework.Event) error {
	detail := "{}"
	if len(e.Detail) > 0 {
		detail = toJSON(e.Detail)
	}
	err := s.db.W(ctx).QueryRowContext(ctx, `/* casework.AppendCaseEvent */
		INSERT INTO case_events (case_id, at, actor_kind, actor_id, actor_name, action, from_state, to_state, comment, detail)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		e.CaseID, sqldb.T(e.At), e.ActorKind, e.ActorID, e.ActorName, e.Action, e.FromState, e.ToState, e.Comment, detail).Scan(&e.ID)
	return mapErr(err, "case event")
}

// ListCaseEvents returns a case's timeline, oldest first.
func (s *Store) ListCaseEvents(ctx context.Context, caseID int64) ([]casework.Event, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* casework.ListCaseEvents */
		SELECT id, case_id, at, actor_kind, actor_id, actor_name, action, from_state, to_state, comment, detail
		FROM case_events WHERE case_id = $1 ORDER BY id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []casework.Event
	for rows.Next() {
		var e casework.Event
		var at sqldb.Time
		var detail string
		if err := rows.Scan(&e.ID, &e.CaseID, &at, &e.ActorKind, &e.ActorID, &e.ActorName, &e.Action, &e.FromState, &e.ToState,
			&e.Comment, &detail); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(detail), &e.Detail); err != nil {
			return nil, err
		}
		e.At = at.Time
		out = append(out, e)
	}
	return out, rows.Err()
}
