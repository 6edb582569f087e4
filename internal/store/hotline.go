package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/tongban/tongban/internal/hotline"
	"github.com/tongban/tongban/internal/platform/calendar"
	"github.com/tongban/tongban/internal/sqldb"
)

var _ hotline.Store = (*Store)(nil)

// Encryption contexts of the ticket columns that hold personal data.
const (
	ctxCallerName  = "tickets.caller_name"
	ctxCallerPhone = "tickets.caller_phone"
)

const ticketColumns = `id, number, channel, category, class_code, class_name, title, content, caller_name_enc, caller_phone_enc,
	person_id, api_key_id, region_code, village, address, lat, lng, state, round, department_id, department_name, rule_id,
	merged_into, received_on, sign_days, handle_days, sign_due, handle_due, reply, article_id, satisfaction, urges, returns,
	version, created_by, created_at, updated_at, dispatched_at, signed_at, replied_at, concluded_at, closed_at`

func (s *Store) scanTicket(sc interface{ Scan(...any) error }) (hotline.Ticket, error) {
	var t hotline.Ticket
	var channel, category, state, received, signDue, handleDue, sat string
	var name, phone []byte
	var lat, lng sql.NullFloat64
	var created, updated sqldb.Time
	var dispatched, signed, replied, concluded, closed sqldb.NullTime
	err := sc.Scan(&t.ID, &t.Number, &channel, &category, &t.ClassCode, &t.ClassName, &t.Title, &t.Content, &name, &phone,
		&t.PersonID, &t.APIKeyID, &t.RegionCode, &t.Village, &t.Address, &lat, &lng, &state, &t.Round, &t.DepartmentID,
		&t.DepartmentName, &t.RuleID, &t.MergedInto, &received, &t.SignDays, &t.HandleDays, &signDue, &handleDue, &t.Reply,
		&t.ArticleID, &sat, &t.Urges, &t.Returns, &t.Version, &t.CreatedBy, &created, &updated, &dispatched, &signed,
		&replied, &concluded, &closed)
	if err != nil {
		return t, err
	}
	t.Channel, t.Category, t.State, t.Satisfaction = hotline.Channel(channel), hotline.Category(category), hotline.State(state), hotline.Satisfaction(sat)
	t.Lat, t.Lng, t.HasCoords = lat.Float64, lng.Float64, lat.Valid && lng.Valid
	t.CreatedAt, t.UpdatedAt = created.Time, updated.Time
	t.DispatchedAt, t.SignedAt, t.RepliedAt, t.ConcludedAt, t.ClosedAt = dispatched.Time, signed.Time, replied.Time, concluded.Time, closed.Time
	if t.ReceivedOn, err = parseDateText(received); err != nil {
		return t, err
	}
	if t.SignDue, err = parseDateText(signDue); err != nil {
		return t, err
	}
	if t.HandleDue, err = parseDateText(handleDue); err != nil {
		return t, err
	}
	if t.CallerName, err = s.openOptional(name, ctxCallerName); err != nil {
		return t, err
	}
	t.CallerPhone, err = s.openOptional(phone, ctxCallerPhone)
	return t, err
}

// coords stores a ticket's coordinates, or NULLs without them.
func coords(t *hotline.Ticket) (sql.NullFloat64, sql.NullFloat64) {
	return sql.NullFloat64{Float64: t.Lat, Valid: t.HasCoords}, sql.NullFloat64{Float64: t.Lng, Valid: t.HasCoords}
}

// InsertTicket stores a new ticket with the caller's name and phone sealed
// and the phone's blind index.
func (s *Store) InsertTicket(ctx context.Context, t *hotline.Ticket) error {
	name, err := s.sealOptional(t.CallerName, ctxCallerName)
	if err != nil {
		return err
	}
	phone, err := s.sealOptional(t.CallerPhone, ctxCallerPhone)
	if err != nil {
		return err
	}
	var phoneIdx []byte
	if t.CallerPhone != "" {
		phoneIdx = s.keys.Index(t.CallerPhone, ctxCallerPhone)
	}
	lat, lng := coords(t)
	err = s.db.W(ctx).QueryRowContext(ctx, `/* hotline.Receive */
		INSERT INTO tickets (channel, category, class_code, class_name, title, content, caller_name_enc, caller_phone_enc,
			caller_phone_idx, person_id, api_key_id, region_code, village, address, lat, lng, state, round, received_on,
			sign_days, handle_days, handle_due, version, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26)
		RETURNING id`,
		string(t.Channel), string(t.Category), t.ClassCode, t.ClassName, t.Title, t.Content, name, phone, phoneIdx,
		t.PersonID, t.APIKeyID, t.RegionCode, t.Village, t.Address, lat, lng, string(t.State), t.Round, dateText(t.ReceivedOn),
		t.SignDays, t.HandleDays, dateText(t.HandleDue), t.Version, t.CreatedBy, sqldb.T(t.CreatedAt), sqldb.T(t.UpdatedAt)).Scan(&t.ID)
	return mapErr(err, "ticket")
}

// SetTicketNumber gives a new ticket its number.
func (s *Store) SetTicketNumber(ctx context.Context, id int64, number string) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* hotline.Receive */ UPDATE tickets SET number = $1 WHERE id = $2`, number, id)
	return mapErr(err, "ticket")
}

// GetTicket returns one ticket, opened.
func (s *Store) GetTicket(ctx context.Context, id int64) (hotline.Ticket, error) {
	t, err := s.scanTicket(s.db.Q(ctx).QueryRowContext(ctx, `/* hotline.Ticket */ SELECT `+ticketColumns+` FROM tickets WHERE id = $1`, id))
	return t, mapErr(err, "ticket")
}

// TicketByNumber returns the ticket with a number.
func (s *Store) TicketByNumber(ctx context.Context, number string) (hotline.Ticket, error) {
	t, err := s.scanTicket(s.db.Q(ctx).QueryRowContext(ctx, `/* hotline.TicketByNumber */ SELECT `+ticketColumns+` FROM tickets WHERE number = $1`, number))
	return t, mapErr(err, "ticket")
}

// UpdateTicket writes the fields the loop changes, if nobody changed the
// ticket since it was read, and bumps its version.
func (s *Store) UpdateTicket(ctx context.Context, t *hotline.Ticket) (bool, error) {
	ok, err := s.changed(ctx, `/* hotline.Act */
		UPDATE tickets SET state = $1, round = $2, department_id = $3, department_name = $4, rule_id = $5, merged_into = $6,
			sign_due = $7, handle_due = $8, reply = $9, article_id = $10, satisfaction = $11, urges = $12, returns = $13,
			updated_at = $14, dispatched_at = $15, signed_at = $16, replied_at = $17, concluded_at = $18, closed_at = $19,
			version = version + 1
		WHERE id = $20 AND version = $21`,
		string(t.State), t.Round, t.DepartmentID, t.DepartmentName, t.RuleID, t.MergedInto, dateText(t.SignDue), dateText(t.HandleDue),
		t.Reply, t.ArticleID, string(t.Satisfaction), t.Urges, t.Returns, sqldb.T(t.UpdatedAt), sqldb.NT(t.DispatchedAt),
		sqldb.NT(t.SignedAt), sqldb.NT(t.RepliedAt), sqldb.NT(t.ConcludedAt), sqldb.NT(t.ClosedAt), t.ID, t.Version)
	if ok {
		t.Version++
	}
	return ok, err
}

// conds builds a WHERE clause whose placeholders are numbered in the order
// the arguments are added, which is the order SQLite needs.
type conds struct {
	parts []string
	args  []any
}

// add appends a condition; each ? in it becomes the next placeholder.
func (c *conds) add(cond string, args ...any) {
	for _, a := range args {
		c.args = append(c.args, a)
		cond = strings.Replace(cond, "?", "$"+strconv.Itoa(len(c.args)), 1)
	}
	c.parts = append(c.parts, cond)
}

// in adds "column IN (…)" for a non-empty list of values.
func (c *conds) in(column string, values []string) {
	if len(values) == 0 {
		return
	}
	args := make([]any, len(values))
	for i, v := range values {
		args[i] = v
	}
	c.add(column+" IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(values)), ", ")+")", args...)
}

func (c *conds) where() string {
	if len(c.parts) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(c.parts, " AND ")
}

// next is the placeholder after the conditions' arguments.
func (c *conds) next(k int) string { return "$" + strconv.Itoa(len(c.args)+k) }

// ticketConds turns a filter into conditions, scoped by region first.
func ticketConds(f hotline.TicketFilter) *conds {
	c := &conds{}
	c.add("region_code LIKE ?", f.RegionPrefix+"%")
	if f.DepartmentID != 0 {
		c.add("department_id = ?", f.DepartmentID)
	}
	if f.PersonID != 0 {
		c.add("person_id = ?", f.PersonID)
	}
	states := make([]string, len(f.States))
	for i, st := range f.States {
		states[i] = string(st)
	}
	c.in("state", states)
	if f.Category != "" {
		c.add("category = ?", string(f.Category))
	}
	if f.ClassCode != "" {
		c.add("class_code = ?", f.ClassCode)
	}
	if f.Channel != "" {
		c.add("channel = ?", string(f.Channel))
	}
	c.in("number", f.Numbers)
	if q := strings.TrimSpace(f.Query); q != "" {
		c.add(`(number = ? OR title LIKE ? ESCAPE '\')`, q, likePattern(q))
	}
	if f.Satisfaction != "" {
		c.add("satisfaction = ?", string(f.Satisfaction))
	}
	if !f.CreatedFrom.IsZero() {
		c.add("created_at >= ?", sqldb.T(f.CreatedFrom))
	}
	if !f.CreatedTo.IsZero() {
		c.add("created_at < ?", sqldb.T(f.CreatedTo))
	}
	if f.HandleDueBy != (calendar.Date{}) {
		c.add("state IN ('received', 'dispatched', 'handling', 'replied') AND handle_due <> '' AND handle_due <= ?", dateText(f.HandleDueBy))
	}
	if f.SignDueBy != (calendar.Date{}) {
		c.add("state = 'dispatched' AND sign_due <> '' AND sign_due <= ?", dateText(f.SignDueBy))
	}
	if f.NotMerged {
		c.add("merged_into = 0")
	}
	if f.MergedInto != 0 {
		c.add("merged_into = ?", f.MergedInto)
	}
	return c
}

// ListTickets lists tickets newest first with the number that match.
func (s *Store) ListTickets(ctx context.Context, f hotline.TicketFilter) ([]hotline.Ticket, int, error) {
	c := ticketConds(f)
	total, err := s.count(ctx, `/* hotline.ListTickets */ SELECT COUNT(*) FROM tickets`+c.where(), c.args...)
	if err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* hotline.ListTickets */ SELECT `+ticketColumns+` FROM tickets`+c.where()+
		` ORDER BY id DESC LIMIT `+c.next(1)+` OFFSET `+c.next(2), append(c.args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []hotline.Ticket
	for rows.Next() {
		t, err := s.scanTicket(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, t)
	}
	return out, total, rows.Err()
}

// CountTickets counts a filter's tickets by state.
func (s *Store) CountTickets(ctx context.Context, f hotline.TicketFilter) (map[hotline.State]int, error) {
	c := ticketConds(f)
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* hotline.Board */ SELECT state, COUNT(*) FROM tickets`+c.where()+` GROUP BY state`, c.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[hotline.State]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		out[hotline.State(st)] = n
	}
	return out, rows.Err()
}

// RepointMerged moves the duplicates of one main ticket to another.
func (s *Store) RepointMerged(ctx context.Context, from, to int64) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* hotline.Merge */ UPDATE tickets SET merged_into = $1, version = version + 1 WHERE merged_into = $2`, to, from)
	return err
}

// CallerTickets counts the tickets from a phone number since a time, by the
// number's blind index.
func (s *Store) CallerTickets(ctx context.Context, phone string, since time.Time) (int, error) {
	return s.count(ctx, `/* hotline.Ticket */ SELECT COUNT(*) FROM tickets WHERE caller_phone_idx = $1 AND created_at >= $2`,
		s.keys.Index(phone, ctxCallerPhone), sqldb.T(since))
}

// RepeatedComplaints groups complaints and reports by place and class.
func (s *Store) RepeatedComplaints(ctx context.Context, regionPrefix string, since time.Time, min int) ([]hotline.Repeat, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* hotline.Board */
		SELECT region_code, class_code, MAX(class_name), category, COUNT(*), MAX(created_at) FROM tickets
		WHERE region_code LIKE $1 AND category IN ('complaint', 'report') AND created_at >= $2
		GROUP BY region_code, class_code, category HAVING COUNT(*) >= $3
		ORDER BY COUNT(*) DESC, region_code, class_code LIMIT 100`, regionPrefix+"%", sqldb.T(since), min)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hotline.Repeat
	for rows.Next() {
		var r hotline.Repeat
		var category string
		var last sqldb.Time
		if err := rows.Scan(&r.RegionCode, &r.ClassCode, &r.ClassName, &category, &r.Count, &last); err != nil {
			return nil, err
		}
		r.Category, r.Last = hotline.Category(category), last.Time
		out = append(out, r)
	}
	return out, rows.Err()
}

// AppendTicketEvent stores one step of a ticket.
func (s *Store) AppendTicketEvent(ctx context.Context, e *hotline.Event) error {
	err := s.db.W(ctx).QueryRowContext(ctx, `/* hotline.Step */
		INSERT INTO ticket_events (ticket_id, at, kind, actor_kind, actor_id, actor_name, department_name, text, detail)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		e.TicketID, sqldb.T(e.At), e.Kind, e.ActorKind, e.ActorID, e.ActorName, e.DepartmentName, e.Text, e.Detail).Scan(&e.ID)
	return mapErr(err, "ticket event")
}

// TicketEvents lists a ticket's steps, oldest first.
func (s *Store) TicketEvents(ctx context.Context, ticketID int64) ([]hotline.Event, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* hotline.Ticket */
		SELECT id, at, kind, actor_kind, actor_id, actor_name, department_name, text, detail
		FROM ticket_events WHERE ticket_id = $1 ORDER BY id`, ticketID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hotline.Event
	for rows.Next() {
		e := hotline.Event{TicketID: ticketID}
		var at sqldb.Time
		if err := rows.Scan(&e.ID, &at, &e.Kind, &e.ActorKind, &e.ActorID, &e.ActorName, &e.DepartmentName, &e.Text, &e.Detail); err != nil {
			return nil, err
		}
		e.At = at.Time
		out = append(out, e)
	}
	return out, rows.Err()
}

// AddTicketFile attaches an upload to a ticket.
func (s *Store) AddTicketFile(ctx context.Context, ticketID int64, f hotline.File) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* hotline.Receive */
		INSERT INTO ticket_files (ticket_id, upload_id, name) VALUES ($1, $2, $3)`, ticketID, f.UploadID, f.Name)
	return mapErr(err, "ticket file")
}

// TicketFiles lists a ticket's attachments.
func (s *Store) TicketFiles(ctx context.Context, ticketID int64) ([]hotline.File, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* hotline.Ticket */
		SELECT upload_id, name FROM ticket_files WHERE ticket_id = $1 ORDER BY upload_id`, ticketID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hotline.File
	for rows.Next() {
		var f hotline.File
		if err := rows.Scan(&f.UploadID, &f.Name); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// ListClasses lists a region's classes in code order.
func (s *Store) ListClasses(ctx context.Context, regionCode string) ([]hotline.Class, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* hotline.Classes */
		SELECT id, region_code, code, name, parent_code, keywords, sort, active FROM hotline_classes
		WHERE region_code = $1 ORDER BY code`, regionCode)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hotline.Class
	for rows.Next() {
		var c hotline.Class
		if err := rows.Scan(&c.ID, &c.RegionCode, &c.Code, &c.Name, &c.ParentCode, &c.Keywords, &c.Sort, &c.Active); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// SaveClass inserts a class or updates the one with its region and code.
func (s *Store) SaveClass(ctx context.Context, c *hotline.Class) error {
	err := s.db.W(ctx).QueryRowContext(ctx, `/* hotline.SaveClass */
		INSERT INTO hotline_classes (region_code, code, name, parent_code, keywords, sort, active)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (region_code, code) DO UPDATE SET name = excluded.name, parent_code = excluded.parent_code,
			keywords = excluded.keywords, sort = excluded.sort, active = excluded.active
		RETURNING id`, c.RegionCode, c.Code, c.Name, c.ParentCode, c.Keywords, c.Sort, c.Active).Scan(&c.ID)
	return mapErr(err, "class")
}

// ListLimits lists every configured limit.
func (s *Store) ListLimits(ctx context.Context) ([]hotline.Limit, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* hotline.Limits */
		SELECT region_code, category, sign_days, handle_days FROM hotline_limits ORDER BY region_code, category`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hotline.Limit
	for rows.Next() {
		var l hotline.Limit
		var category string
		if err := rows.Scan(&l.RegionCode, &category, &l.SignDays, &l.HandleDays); err != nil {
			return nil, err
		}
		l.Category = hotline.Category(category)
		out = append(out, l)
	}
	return out, rows.Err()
}

// SaveLimit sets a region's limit for a category.
func (s *Store) SaveLimit(ctx context.Context, l hotline.Limit) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* hotline.SaveLimits */
		INSERT INTO hotline_limits (region_code, category, sign_days, handle_days) VALUES ($1, $2, $3, $4)
		ON CONFLICT (region_code, category) DO UPDATE SET sign_days = excluded.sign_days, handle_days = excluded.handle_days`,
		l.RegionCode, string(l.Category), l.SignDays, l.HandleDays)
	return mapErr(err, "limit")
}

const ruleColumns = `r.id, r.region_code, r.name, r.expression, r.department_id, COALESCE(d.short_name, ''), r.priority, r.active, r.updated_at, r.updated_by`

func scanRule(sc interface{ Scan(...any) error }) (hotline.Rule, error) {
	var r hotline.Rule
	var at sqldb.Time
	err := sc.Scan(&r.ID, &r.RegionCode, &r.Name, &r.Expression, &r.DepartmentID, &r.DepartmentName, &r.Priority, &r.Active, &at, &r.UpdatedBy)
	r.UpdatedAt = at.Time
	return r, err
}

// ListRules lists every rule with its department's name.
func (s *Store) ListRules(ctx context.Context) ([]hotline.Rule, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* hotline.Rules */
		SELECT `+ruleColumns+` FROM hotline_rules r LEFT JOIN departments d ON d.id = r.department_id ORDER BY r.priority, r.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hotline.Rule
	for rows.Next() {
		r, err := scanRule(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// GetRule returns one rule.
func (s *Store) GetRule(ctx context.Context, id int64) (hotline.Rule, error) {
	r, err := scanRule(s.db.Q(ctx).QueryRowContext(ctx, `/* hotline.Rule */
		SELECT `+ruleColumns+` FROM hotline_rules r LEFT JOIN departments d ON d.id = r.department_id WHERE r.id = $1`, id))
	return r, mapErr(err, "rule")
}

// InsertRule stores a new rule.
func (s *Store) InsertRule(ctx context.Context, r *hotline.Rule) error {
	err := s.db.W(ctx).QueryRowContext(ctx, `/* hotline.SaveRule */
		INSERT INTO hotline_rules (region_code, name, expression, department_id, priority, active, updated_at, updated_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		r.RegionCode, r.Name, r.Expression, r.DepartmentID, r.Priority, r.Active, sqldb.T(r.UpdatedAt), r.UpdatedBy).Scan(&r.ID)
	return mapErr(err, "rule")
}

// UpdateRule changes a rule.
func (s *Store) UpdateRule(ctx context.Context, r hotline.Rule) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* hotline.SaveRule */
		UPDATE hotline_rules SET name = $1, expression = $2, department_id = $3, priority = $4, active = $5,
			updated_at = $6, updated_by = $7 WHERE id = $8`,
		r.Name, r.Expression, r.DepartmentID, r.Priority, r.Active, sqldb.T(r.UpdatedAt), r.UpdatedBy, r.ID)
	return mapErr(err, "rule")
}

const articleColumns = `id, region_code, title, body, keywords, items, created_at, updated_at, updated_by`

func scanArticle(sc interface{ Scan(...any) error }) (hotline.Article, error) {
	var a hotline.Article
	var items string
	var created, updated sqldb.Time
	if err := sc.Scan(&a.ID, &a.RegionCode, &a.Title, &a.Body, &a.Keywords, &items, &created, &updated, &a.UpdatedBy); err != nil {
		return a, err
	}
	a.CreatedAt, a.UpdatedAt = created.Time, updated.Time
	return a, json.Unmarshal([]byte(items), &a.Items)
}

// itemsJSON encodes an article's links; never null.
func itemsJSON(items []hotline.ItemRef) string {
	if items == nil {
		items = []hotline.ItemRef{}
	}
	b, _ := json.Marshal(items)
	return string(b)
}

// InsertArticle stores a new article.
func (s *Store) InsertArticle(ctx context.Context, a *hotline.Article) error {
	err := s.db.W(ctx).QueryRowContext(ctx, `/* hotline.SaveArticle */
		INSERT INTO hotline_articles (region_code, title, body, keywords, items, created_at, updated_at, updated_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		a.RegionCode, a.Title, a.Body, a.Keywords, itemsJSON(a.Items), sqldb.T(a.CreatedAt), sqldb.T(a.UpdatedAt), a.UpdatedBy).Scan(&a.ID)
	return mapErr(err, "article")
}

// UpdateArticle changes an article.
func (s *Store) UpdateArticle(ctx context.Context, a hotline.Article) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* hotline.SaveArticle */
		UPDATE hotline_articles SET title = $1, body = $2, keywords = $3, items = $4, updated_at = $5, updated_by = $6 WHERE id = $7`,
		a.Title, a.Body, a.Keywords, itemsJSON(a.Items), sqldb.T(a.UpdatedAt), a.UpdatedBy, a.ID)
	return mapErr(err, "article")
}

// GetArticle returns one article.
func (s *Store) GetArticle(ctx context.Context, id int64) (hotline.Article, error) {
	a, err := scanArticle(s.db.Q(ctx).QueryRowContext(ctx, `/* hotline.Article */ SELECT `+articleColumns+` FROM hotline_articles WHERE id = $1`, id))
	return a, mapErr(err, "article")
}

// SearchArticles finds articles with every word of the query in their
// title, keywords or body, newest change first.
func (s *Store) SearchArticles(ctx context.Context, f hotline.ArticleFilter) ([]hotline.Article, int, error) {
	c := &conds{}
	c.add("region_code LIKE ?", f.RegionPrefix+"%")
	for _, w := range strings.Fields(f.Query) {
		p := likePattern(w)
		c.add(`(title LIKE ? ESCAPE '\' OR keywords LIKE ? ESCAPE '\' OR body LIKE ? ESCAPE '\')`, p, p, p)
	}
	total, err := s.count(ctx, `/* hotline.Articles */ SELECT COUNT(*) FROM hotline_articles`+c.where(), c.args...)
	if err != nil {
		return nil, 0, err
	}
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* hotline.Articles */ SELECT `+articleColumns+` FROM hotline_articles`+c.where()+
		` ORDER BY updated_at DESC, id DESC LIMIT `+c.next(1)+` OFFSET `+c.next(2), append(c.args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []hotline.Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, a)
	}
	return out, total, rows.Err()
}

const keyColumns = `id, region_code, name, key_hash, prefix, created_at, created_by, revoked_at`

func scanKey(sc interface{ Scan(...any) error }) (hotline.APIKey, error) {
	var k hotline.APIKey
	var created sqldb.Time
	var revoked sqldb.NullTime
	err := sc.Scan(&k.ID, &k.RegionCode, &k.Name, &k.Hash, &k.Prefix, &created, &k.CreatedBy, &revoked)
	k.CreatedAt, k.RevokedAt = created.Time, revoked.Time
	return k, err
}

// InsertAPIKey stores a new Open311 key's hash.
func (s *Store) InsertAPIKey(ctx context.Context, k *hotline.APIKey) error {
	err := s.db.W(ctx).QueryRowContext(ctx, `/* hotline.IssueKey */
		INSERT INTO open311_keys (region_code, name, key_hash, prefix, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		k.RegionCode, k.Name, k.Hash, k.Prefix, sqldb.T(k.CreatedAt), k.CreatedBy).Scan(&k.ID)
	return mapErr(err, "key")
}

// APIKeyByHash finds a key by the hash of what a client sent.
func (s *Store) APIKeyByHash(ctx context.Context, hash string) (hotline.APIKey, error) {
	k, err := scanKey(s.db.Q(ctx).QueryRowContext(ctx, `/* hotline.FileByAPI */ SELECT `+keyColumns+` FROM open311_keys WHERE key_hash = $1`, hash))
	return k, mapErr(err, "key")
}

// ListAPIKeys lists a region's keys, newest first.
func (s *Store) ListAPIKeys(ctx context.Context, regionPrefix string) ([]hotline.APIKey, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* hotline.Keys */
		SELECT `+keyColumns+` FROM open311_keys WHERE region_code LIKE $1 ORDER BY id DESC`, regionPrefix+"%")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hotline.APIKey
	for rows.Next() {
		k, err := scanKey(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// RevokeAPIKey revokes a key that still works.
func (s *Store) RevokeAPIKey(ctx context.Context, id int64, at time.Time) (bool, error) {
	return s.changed(ctx, `/* hotline.RevokeKey */
		UPDATE open311_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL`, sqldb.T(at), id)
}
