package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/calendar"
	"github.com/tongban/tongban/internal/rating"
	"github.com/tongban/tongban/internal/sqldb"
)

var _ rating.Store = (*Store)(nil)

const serviceColumns = `id, stage, mode, case_id, case_number, case_event_id, person_id, org_id, item_id, item_name,
	region_code, department_id, department_name, hall_id, hall_name, window_id, window_name, staff_id, staff_name, at`

func scanService(sc interface{ Scan(...any) error }) (rating.Service, error) {
	var s rating.Service
	var stage, mode string
	var event sql.NullInt64
	var at sqldb.Time
	err := sc.Scan(&s.ID, &stage, &mode, &s.CaseID, &s.CaseNumber, &event, &s.PersonID, &s.OrgID, &s.ItemID, &s.ItemName,
		&s.RegionCode, &s.DepartmentID, &s.DepartmentName, &s.HallID, &s.HallName, &s.WindowID, &s.WindowName,
		&s.StaffID, &s.StaffName, &at)
	s.Stage, s.Mode, s.CaseEventID, s.At = rating.Stage(stage), rating.Mode(mode), event.Int64, at.Time
	return s, err
}

// InsertService stores a rateable service; a case event recorded twice is a
// Conflict.
func (s *Store) InsertService(ctx context.Context, sv *rating.Service) error {
	err := s.db.W(ctx).QueryRowContext(ctx, `/* rating.Record */
		INSERT INTO rating_services (stage, mode, case_id, case_number, case_event_id, person_id, org_id, item_id, item_name,
			region_code, department_id, department_name, hall_id, hall_name, window_id, window_name, staff_id, staff_name, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id`,
		string(sv.Stage), string(sv.Mode), sv.CaseID, sv.CaseNumber, nullInt64(sv.CaseEventID), sv.PersonID, sv.OrgID,
		sv.ItemID, sv.ItemName, sv.RegionCode, sv.DepartmentID, sv.DepartmentName, sv.HallID, sv.HallName, sv.WindowID,
		sv.WindowName, sv.StaffID, sv.StaffName, sqldb.T(sv.At)).Scan(&sv.ID)
	return mapErr(err, "service")
}

// GetService returns one rateable service.
func (s *Store) GetService(ctx context.Context, id int64) (rating.Service, error) {
	sv, err := scanService(s.db.Q(ctx).QueryRowContext(ctx, `/* rating.GetService */
		SELECT `+serviceColumns+` FROM rating_services WHERE id = $1`, id))
	return sv, mapErr(err, "service")
}

// ServicesOfCase lists a case's services, oldest first.
func (s *Store) ServicesOfCase(ctx context.Context, caseID int64) ([]rating.Service, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* rating.OfCase */
		SELECT `+serviceColumns+` FROM rating_services WHERE case_id = $1 ORDER BY id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []rating.Service
	for rows.Next() {
		sv, err := scanService(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, sv)
	}
	return out, rows.Err()
}

const ratingColumns = `id, service_id, number, level, dimensions, comment, channel, person_id, org_id, real_name, latest, excluded, created_at`

func scanRating(sc interface{ Scan(...any) error }) (rating.Rating, error) {
	var r rating.Rating
	var dims string
	var created sqldb.Time
	if err := sc.Scan(&r.ID, &r.ServiceID, &r.Number, &r.Level, &dims, &r.Comment, &r.Channel, &r.PersonID, &r.OrgID,
		&r.RealName, &r.Latest, &r.Excluded, &created); err != nil {
		return r, err
	}
	r.CreatedAt = created.Time
	return r, json.Unmarshal([]byte(dims), &r.Dimensions)
}

// InsertRating stores a rating; the unique (service, number) pair turns a
// second first rating, or a second follow-up, into a Conflict.
func (s *Store) InsertRating(ctx context.Context, r *rating.Rating) error {
	dims := r.Dimensions
	if dims == nil {
		dims = map[string]int{}
	}
	err := s.db.W(ctx).QueryRowContext(ctx, `/* rating.Rate */
		INSERT INTO ratings (service_id, number, level, dimensions, comment, channel, person_id, org_id, real_name, latest, excluded, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
		r.ServiceID, r.Number, int(r.Level), toJSON(dims), r.Comment, int(r.Channel), r.PersonID, r.OrgID, r.RealName,
		r.Latest, r.Excluded, sqldb.T(r.CreatedAt)).Scan(&r.ID)
	return mapErr(err, "rating")
}

// SupersedeRatings marks the ratings of a service before number as replaced.
func (s *Store) SupersedeRatings(ctx context.Context, serviceID int64, number int) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* rating.Rate */
		UPDATE ratings SET latest = FALSE WHERE service_id = $1 AND number < $2`, serviceID, number)
	return err
}

// ExcludeRating takes a rating out of the statistics after an upheld appeal.
func (s *Store) ExcludeRating(ctx context.Context, id int64) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* rating.Act */ UPDATE ratings SET excluded = TRUE WHERE id = $1`, id)
	return err
}

// idPlaceholders returns "$first, …" for n values.
func idPlaceholders(first, n int) string {
	ps := make([]string, n)
	for i := range ps {
		ps[i] = "$" + strconv.Itoa(first+i)
	}
	return strings.Join(ps, ", ")
}

func int64Args(ids []int64) []any {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return args
}

// RatingsOf lists the ratings of services, by service, first rating first.
func (s *Store) RatingsOf(ctx context.Context, serviceIDs []int64) (map[int64][]rating.Rating, error) {
	out := map[int64][]rating.Rating{}
	if len(serviceIDs) == 0 {
		return out, nil
	}
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* rating.RatingsOf */
		SELECT `+ratingColumns+` FROM ratings WHERE service_id IN (`+idPlaceholders(1, len(serviceIDs))+`)
		ORDER BY service_id, number`, int64Args(serviceIDs)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanRating(rows)
		if err != nil {
			return nil, err
		}
		out[r.ServiceID] = append(out[r.ServiceID], r)
	}
	return out, rows.Err()
}

// RatingsBy lists a person's ratings, newest first, each with its service.
func (s *Store) RatingsBy(ctx context.Context, personID, orgID int64, limit int) ([]rating.Rating, []rating.Service, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* rating.Mine */
		SELECT r.id, r.service_id, r.number, r.level, r.dimensions, r.comment, r.channel, r.person_id, r.org_id, r.real_name,
			r.latest, r.excluded, r.created_at,
			v.id, v.stage, v.mode, v.case_id, v.case_number, v.case_event_id, v.person_id, v.org_id, v.item_id, v.item_name,
			v.region_code, v.department_id, v.department_name, v.hall_id, v.hall_name, v.window_id, v.window_name,
			v.staff_id, v.staff_name, v.at
		FROM ratings r JOIN rating_services v ON v.id = r.service_id
		WHERE r.person_id = $1 AND r.org_id = $2 ORDER BY r.id DESC LIMIT $3`, personID, orgID, limit)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var rs []rating.Rating
	var ss []rating.Service
	for rows.Next() {
		var r rating.Rating
		var v rating.Service
		var dims, stage, mode string
		var created, at sqldb.Time
		var event sql.NullInt64
		if err := rows.Scan(&r.ID, &r.ServiceID, &r.Number, &r.Level, &dims, &r.Comment, &r.Channel, &r.PersonID, &r.OrgID,
			&r.RealName, &r.Latest, &r.Excluded, &created,
			&v.ID, &stage, &mode, &v.CaseID, &v.CaseNumber, &event, &v.PersonID, &v.OrgID, &v.ItemID, &v.ItemName,
			&v.RegionCode, &v.DepartmentID, &v.DepartmentName, &v.HallID, &v.HallName, &v.WindowID, &v.WindowName,
			&v.StaffID, &v.StaffName, &at); err != nil {
			return nil, nil, err
		}
		if err := json.Unmarshal([]byte(dims), &r.Dimensions); err != nil {
			return nil, nil, err
		}
		r.CreatedAt, v.Stage, v.Mode, v.CaseEventID, v.At = created.Time, rating.Stage(stage), rating.Mode(mode), event.Int64, at.Time
		rs, ss = append(rs, r), append(ss, v)
	}
	return rs, ss, rows.Err()
}

// taskSelect reads a task with what its list and page show of its rating
// and service.
const taskSelect = `SELECT t.id, t.rating_id, t.service_id, t.region_code, t.department_id, v.department_name, t.state,
	r.level, r.comment, r.real_name, r.person_id, r.org_id, v.stage, v.case_id, v.case_number, v.item_name, v.staff_name,
	v.hall_name, v.window_name, r.created_at, t.opened_on, t.workdays, t.pauses, t.open_pause, t.due_on, t.provisional,
	t.finding, t.resolution, t.resolution_text, t.feedback, t.fed_back_at, t.callback_attempts, t.callback_reached,
	t.callback_satisfied, t.callback_note, t.called_back_at, t.appeal_reason, t.review_outcome, t.review_opinion,
	t.created_at, t.updated_at, t.closed_at, t.closed_on
	FROM rectifications t JOIN ratings r ON r.id = t.rating_id JOIN rating_services v ON v.id = t.service_id`

func scanTask(sc interface{ Scan(...any) error }) (rating.Task, error) {
	var t rating.Task
	var stage, opened, pauses, openPause, due, closedOn string
	var rated, created, updated sqldb.Time
	var fedBack, calledBack, closed sqldb.NullTime
	if err := sc.Scan(&t.ID, &t.RatingID, &t.ServiceID, &t.RegionCode, &t.DepartmentID, &t.DepartmentName, &t.State,
		&t.Level, &t.Comment, &t.RealName, &t.PersonID, &t.OrgID, &stage, &t.CaseID, &t.CaseNumber, &t.ItemName, &t.StaffName,
		&t.HallName, &t.WindowName, &rated, &opened, &t.Clock.Workdays, &pauses, &openPause, &due, &t.Provisional,
		&t.Finding, &t.Resolution, &t.ResolutionText, &t.Feedback, &fedBack, &t.CallbackAttempts, &t.CallbackReached,
		&t.CallbackSatisfied, &t.CallbackNote, &calledBack, &t.AppealReason, &t.ReviewOutcome, &t.ReviewOpinion,
		&created, &updated, &closed, &closedOn); err != nil {
		return t, err
	}
	t.Stage, t.RatedAt, t.CreatedAt, t.UpdatedAt = rating.Stage(stage), rated.Time, created.Time, updated.Time
	t.FedBackAt, t.CalledBackAt, t.ClosedAt = fedBack.Time, calledBack.Time, closed.Time
	var err error
	for _, d := range []struct {
		text string
		dst  *calendar.Date
	}{{opened, &t.Clock.Opened}, {openPause, &t.Clock.OpenPause}, {due, &t.Due}, {closedOn, &t.ClosedOn}} {
		if *d.dst, err = parseDateText(d.text); err != nil {
			return t, err
		}
	}
	t.Clock.Pauses, err = parseSpans(pauses)
	return t, err
}

// parseSpans reads pauses stored by pausesJSON.
func parseSpans(text string) ([]calendar.Span, error) {
	var spans []spanJSON
	if err := json.Unmarshal([]byte(text), &spans); err != nil {
		return nil, err
	}
	out := make([]calendar.Span, 0, len(spans))
	for _, sp := range spans {
		from, err1 := calendar.ParseDate(sp.From)
		to, err2 := calendar.ParseDate(sp.To)
		if err1 != nil || err2 != nil {
			return nil, apperr.Wrap(apperr.Internal, "error.internal", err1)
		}
		out = append(out, calendar.Span{From: from, To: to})
	}
	return out, nil
}

// InsertTask stores a new rectification task; one per rating.
func (s *Store) InsertTask(ctx context.Context, t *rating.Task) error {
	err := s.db.W(ctx).QueryRowContext(ctx, `/* rating.Rate */
		INSERT INTO rectifications (rating_id, service_id, region_code, department_id, state, opened_on, workdays, pauses,
			open_pause, due_on, provisional, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
		t.RatingID, t.ServiceID, t.RegionCode, t.DepartmentID, t.State, dateText(t.Clock.Opened), t.Clock.Workdays,
		pausesJSON(t.Clock.Pauses), dateText(t.Clock.OpenPause), dateText(t.Due), t.Provisional,
		sqldb.T(t.CreatedAt), sqldb.T(t.UpdatedAt)).Scan(&t.ID)
	return mapErr(err, "rectification")
}

// UpdateTask saves a task that was in state from: two staff acting at once
// cannot both move it.
func (s *Store) UpdateTask(ctx context.Context, t rating.Task, from string) error {
	ok, err := s.changed(ctx, `/* rating.Act */
		UPDATE rectifications SET state = $1, pauses = $2, open_pause = $3, due_on = $4, provisional = $5, finding = $6,
			resolution = $7, resolution_text = $8, feedback = $9, fed_back_at = $10, callback_attempts = $11,
			callback_reached = $12, callback_satisfied = $13, callback_note = $14, called_back_at = $15, appeal_reason = $16,
			review_outcome = $17, review_opinion = $18, updated_at = $19, closed_at = $20, closed_on = $21
		WHERE id = $22 AND state = $23`,
		t.State, pausesJSON(t.Clock.Pauses), dateText(t.Clock.OpenPause), dateText(t.Due), t.Provisional, t.Finding,
		t.Resolution, t.ResolutionText, t.Feedback, sqldb.NT(t.FedBackAt), t.CallbackAttempts,
		t.CallbackReached, t.CallbackSatisfied, t.CallbackNote, sqldb.NT(t.CalledBackAt), t.AppealReason,
		t.ReviewOutcome, t.ReviewOpinion, sqldb.T(t.UpdatedAt), sqldb.NT(t.ClosedAt), dateText(t.ClosedOn),
		t.ID, from)
	if err != nil {
		return mapErr(err, "rectification")
	}
	if !ok {
		return apperr.New(apperr.Conflict, "rating.task.changed")
	}
	return nil
}

// GetTask returns one task.
func (s *Store) GetTask(ctx context.Context, id int64) (rating.Task, error) {
	t, err := scanTask(s.db.Q(ctx).QueryRowContext(ctx, `/* rating.Task */ `+taskSelect+` WHERE t.id = $1`, id))
	return t, mapErr(err, "rectification")
}

// TasksOfRatings returns the tasks of ratings, by rating id.
func (s *Store) TasksOfRatings(ctx context.Context, ratingIDs []int64) (map[int64]rating.Task, error) {
	out := map[int64]rating.Task{}
	if len(ratingIDs) == 0 {
		return out, nil
	}
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* rating.OfCase */ `+taskSelect+`
		WHERE t.rating_id IN (`+idPlaceholders(1, len(ratingIDs))+`)`, int64Args(ratingIDs)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			return nil, err
		}
		out[t.RatingID] = t
	}
	return out, rows.Err()
}

// ListTasks lists the tasks of a scope, earliest due first, with the total.
func (s *Store) ListTasks(ctx context.Context, f rating.TaskFilter) ([]rating.Task, int, error) {
	where := ` WHERE t.region_code LIKE $1 AND ($2 = 0 OR t.department_id = $2) AND ($3 = '' OR t.state = $3)
		AND ($4 = FALSE OR t.state <> 'closed')`
	args := []any{f.RegionPrefix + "%", f.DepartmentID, f.State, f.OpenOnly}
	total, err := s.count(ctx, `/* rating.Tasks */ SELECT COUNT(*) FROM rectifications t`+where, args...)
	if err != nil {
		return nil, 0, err
	}
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* rating.Tasks */ `+taskSelect+where+`
		ORDER BY t.state = 'closed', t.due_on, t.id LIMIT $5 OFFSET $6`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []rating.Task
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, t)
	}
	return out, total, rows.Err()
}

// AppendTaskStep adds an entry to a task's history.
func (s *Store) AppendTaskStep(ctx context.Context, st *rating.TaskStep) error {
	detail := st.Detail
	if detail == nil {
		detail = map[string]string{}
	}
	err := s.db.W(ctx).QueryRowContext(ctx, `/* rating.Act */
		INSERT INTO rectification_steps (task_id, at, action, actor_id, actor_name, text, detail)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		st.TaskID, sqldb.T(st.At), st.Action, st.ActorID, st.ActorName, st.Text, toJSON(detail)).Scan(&st.ID)
	return mapErr(err, "rectification")
}

// TaskSteps lists a task's history, oldest first.
func (s *Store) TaskSteps(ctx context.Context, taskID int64) ([]rating.TaskStep, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* rating.Task */
		SELECT id, task_id, at, action, actor_id, actor_name, text, detail FROM rectification_steps
		WHERE task_id = $1 ORDER BY id`, taskID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []rating.TaskStep
	for rows.Next() {
		var st rating.TaskStep
		var at sqldb.Time
		var detail string
		if err := rows.Scan(&st.ID, &st.TaskID, &at, &st.Action, &st.ActorID, &st.ActorName, &st.Text, &detail); err != nil {
			return nil, err
		}
		st.At = at.Time
		if err := json.Unmarshal([]byte(detail), &st.Detail); err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// LevelCounts counts the ratings that count in the statistics — each
// service's latest, none excluded — given in [from, until) in a region
// subtree, by department, item and level.
func (s *Store) LevelCounts(ctx context.Context, regionPrefix string, from, until time.Time) ([]rating.LevelCount, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* rating.Stats */
		SELECT v.department_id, MAX(v.department_name), v.item_id, MAX(v.item_name), r.level, COUNT(*)
		FROM ratings r JOIN rating_services v ON v.id = r.service_id
		WHERE r.latest = TRUE AND r.excluded = FALSE AND v.region_code LIKE $1 AND r.created_at >= $2 AND r.created_at < $3
		GROUP BY v.department_id, v.item_id, r.level`, regionPrefix+"%", sqldb.T(from), sqldb.T(until))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []rating.LevelCount
	for rows.Next() {
		var c rating.LevelCount
		if err := rows.Scan(&c.DepartmentID, &c.DepartmentName, &c.ItemID, &c.ItemName, &c.Level, &c.Count); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// TaskCounts counts, per department, the tasks of bad ratings given in the
// filter's time: all of them, fed back, real-name, called back (reached),
// open, and excluded by an upheld appeal.
func (s *Store) TaskCounts(ctx context.Context, f rating.CountFilter) ([]rating.TaskCounts, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* rating.Report */
		SELECT t.department_id, MAX(v.department_name),
			SUM(CASE WHEN r.excluded = FALSE THEN 1 ELSE 0 END),
			SUM(CASE WHEN r.excluded = FALSE AND t.fed_back_at IS NOT NULL THEN 1 ELSE 0 END),
			SUM(CASE WHEN r.excluded = FALSE AND r.real_name = TRUE THEN 1 ELSE 0 END),
			SUM(CASE WHEN r.excluded = FALSE AND r.real_name = TRUE AND t.called_back_at IS NOT NULL THEN 1 ELSE 0 END),
			SUM(CASE WHEN t.state <> 'closed' THEN 1 ELSE 0 END),
			SUM(CASE WHEN r.excluded = TRUE THEN 1 ELSE 0 END)
		FROM rectifications t JOIN ratings r ON r.id = t.rating_id JOIN rating_services v ON v.id = t.service_id
		WHERE t.region_code LIKE $1 AND ($2 = 0 OR t.department_id = $2) AND r.created_at >= $3 AND r.created_at < $4
		GROUP BY t.department_id`, f.RegionPrefix+"%", f.DepartmentID, sqldb.T(f.From), sqldb.T(f.Until))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []rating.TaskCounts
	for rows.Next() {
		var c rating.TaskCounts
		if err := rows.Scan(&c.DepartmentID, &c.DepartmentName, &c.Bad, &c.FedBack, &c.RealName, &c.CalledBack,
			&c.Open, &c.Excluded); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// SetPadToken stores a visit's rating link as its token's hash.
func (s *Store) SetPadToken(ctx context.Context, serviceID int64, tokenHash string, expires time.Time) error {
	res, err := s.db.W(ctx).ExecContext(ctx, `/* rating.SetPadToken */
		UPDATE rating_services SET pad_token = $1, pad_expires = $2 WHERE id = $3`, tokenHash, sqldb.T(expires), serviceID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return apperr.NotFoundf("service")
	}
	return nil
}

// ServiceByPadToken finds the visit of a rating link and its expiry.
func (s *Store) ServiceByPadToken(ctx context.Context, tokenHash string) (rating.Service, time.Time, error) {
	var id int64
	var expires sqldb.NullTime
	err := s.db.Q(ctx).QueryRowContext(ctx, `/* rating.ServiceByPadToken */
		SELECT id, pad_expires FROM rating_services WHERE pad_token = $1`, tokenHash).Scan(&id, &expires)
	if err != nil {
		return rating.Service{}, time.Time{}, mapErr(err, "service")
	}
	sv, err := s.GetService(ctx, id)
	return sv, expires.Time, err
}
