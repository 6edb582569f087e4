package store

import (
	"context"
	"encoding/json"
	"slices"
	"time"

	"github.com/tongban/tongban/internal/catalog"
	"github.com/tongban/tongban/internal/sqldb"
)

var _ catalog.Store = (*Store)(nil)

func toJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // element types always marshal
	}
	return string(b)
}

// InsertEntry stores a basic catalog entry.
func (s *Store) InsertEntry(ctx context.Context, e *catalog.Entry) error {
	err := s.db.W(ctx).QueryRowContext(ctx, `/* catalog.InsertEntry */
		INSERT INTO catalog_entries (code, name, item_type, legal_basis, use_level, issued_region, department_line, cancelled, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		e.Code, e.Name, e.ItemType, toJSON(nonNil(e.LegalBasis)), e.UseLevel, e.IssuedRegion, e.DepartmentLine, e.Cancelled, sqldb.T(e.CreatedAt)).Scan(&e.ID)
	return mapErr(err, "catalog entry")
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

const entryColumns = `id, code, name, item_type, legal_basis, use_level, issued_region, department_line, cancelled, created_at`

func scanEntry(sc interface{ Scan(...any) error }) (catalog.Entry, error) {
	var e catalog.Entry
	var basis string
	var at sqldb.Time
	if err := sc.Scan(&e.ID, &e.Code, &e.Name, &e.ItemType, &basis, &e.UseLevel, &e.IssuedRegion, &e.DepartmentLine, &e.Cancelled, &at); err != nil {
		return e, err
	}
	e.CreatedAt = at.Time
	return e, json.Unmarshal([]byte(basis), &e.LegalBasis)
}

// GetEntry returns one basic entry.
func (s *Store) GetEntry(ctx context.Context, id int64) (catalog.Entry, error) {
	e, err := scanEntry(s.db.Q(ctx).QueryRowContext(ctx, `/* catalog.GetEntry */ SELECT `+entryColumns+` FROM catalog_entries WHERE id = $1`, id))
	return e, mapErr(err, "catalog entry")
}

// ListEntries lists entries issued at a region or any of its ancestors.
func (s *Store) ListEntries(ctx context.Context, f catalog.EntryFilter) ([]catalog.Entry, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* catalog.ListEntries */
		SELECT `+entryColumns+` FROM catalog_entries
		WHERE $1 LIKE issued_region || '%' AND ($2 = '' OR department_line = $2) AND ($3 = '' OR name LIKE $4 ESCAPE '\')
		ORDER BY id`, f.VisibleIn, f.DepartmentLine, f.Query, likePattern(f.Query))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []catalog.Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// ClaimedEntries maps each entry claimed in a region subtree to the claiming departments.
func (s *Store) ClaimedEntries(ctx context.Context, regionPrefix string) (map[int64][]int64, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* catalog.ClaimedEntries */
		SELECT entry_id, department_id FROM items WHERE entry_id IS NOT NULL AND region_code LIKE $1 AND state <> 'cancelled' ORDER BY entry_id, department_id`,
		regionPrefix+"%")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]int64{}
	for rows.Next() {
		var e, d int64
		if err := rows.Scan(&e, &d); err != nil {
			return nil, err
		}
		out[e] = append(out[e], d)
	}
	return out, rows.Err()
}

const itemColumns = `i.id, i.slug, COALESCE(i.entry_id, 0), i.region_code, i.department_id, i.draft, i.draft_status, i.review_comment,
	i.published_version, i.state, i.state_reason, i.state_from, i.state_until, i.updated_at, i.created_at`

func scanItem(sc interface{ Scan(...any) error }, extra ...any) (catalog.Item, error) {
	var it catalog.Item
	var draft string
	var from, until sqldb.NullTime
	var updated, created sqldb.Time
	dest := append([]any{&it.ID, &it.Slug, &it.EntryID, &it.RegionCode, &it.DepartmentID, &draft, &it.DraftStatus, &it.ReviewComment,
		&it.PublishedVersion, &it.State, &it.StateReason, &from, &until, &updated, &created}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return it, err
	}
	it.StateFrom, it.StateUntil, it.UpdatedAt, it.CreatedAt = from.Time, until.Time, updated.Time, created.Time
	return it, json.Unmarshal([]byte(draft), &it.Draft)
}

// InsertItem stores a new item.
func (s *Store) InsertItem(ctx context.Context, it *catalog.Item) error {
	err := s.db.W(ctx).QueryRowContext(ctx, `/* catalog.InsertItem */
		INSERT INTO items (slug, entry_id, region_code, department_id, name, draft, draft_status, review_comment, published_version,
			state, state_reason, state_from, state_until, updated_at, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
		it.Slug, nullInt64(it.EntryID), it.RegionCode, it.DepartmentID, it.Draft.Name, toJSON(it.Draft), it.DraftStatus, it.ReviewComment,
		it.PublishedVersion, it.State, it.StateReason, sqldb.NT(it.StateFrom), sqldb.NT(it.StateUntil), sqldb.T(it.UpdatedAt), sqldb.T(it.CreatedAt)).Scan(&it.ID)
	return mapErr(err, "item")
}

// UpdateItem saves an item's draft and lifecycle fields.
func (s *Store) UpdateItem(ctx context.Context, it catalog.Item) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* catalog.UpdateItem */
		UPDATE items SET name = $1, draft = $2, draft_status = $3, review_comment = $4, published_version = $5, state = $6,
			state_reason = $7, state_from = $8, state_until = $9, updated_at = $10 WHERE id = $11`,
		it.Draft.Name, toJSON(it.Draft), it.DraftStatus, it.ReviewComment, it.PublishedVersion, it.State, it.StateReason,
		sqldb.NT(it.StateFrom), sqldb.NT(it.StateUntil), sqldb.T(it.UpdatedAt), it.ID)
	return mapErr(err, "item")
}

// GetItem returns one item.
func (s *Store) GetItem(ctx context.Context, id int64) (catalog.Item, error) {
	it, err := scanItem(s.db.Q(ctx).QueryRowContext(ctx, `/* catalog.GetItem */ SELECT `+itemColumns+` FROM items i WHERE i.id = $1`, id))
	return it, mapErr(err, "item")
}

// GetItemBySlug returns one item by slug.
func (s *Store) GetItemBySlug(ctx context.Context, slug string) (catalog.Item, error) {
	it, err := scanItem(s.db.Q(ctx).QueryRowContext(ctx, `/* catalog.GetItemBySlug */ SELECT `+itemColumns+` FROM items i WHERE i.slug = $1`, slug))
	return it, mapErr(err, "item")
}

// itemWhere is the shared filter of item listings; it uses $1…$7.
const itemWhere = ` WHERE i.region_code LIKE $1 AND ($2 = 0 OR i.department_id = $2) AND ($3 = '' OR i.draft_status = $3)
	AND ($4 = '' OR i.state = $4) AND ($5 = '' OR i.name LIKE $6 ESCAPE '\') AND ($7 = FALSE OR (i.published_version > 0 AND i.state IN ('active', 'suspended')))`

func itemArgs(f catalog.ItemFilter) []any {
	return []any{f.RegionPrefix + "%", f.DepartmentID, f.DraftStatus, f.State, f.Query, likePattern(f.Query), f.PublicOnly}
}

// ListItems lists items with their drafts.
func (s *Store) ListItems(ctx context.Context, f catalog.ItemFilter) ([]catalog.Item, int, error) {
	total, err := s.count(ctx, `/* catalog.ListItems */ SELECT COUNT(*) FROM items i`+itemWhere, itemArgs(f)...)
	if err != nil {
		return nil, 0, err
	}
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* catalog.ListItems */ SELECT `+itemColumns+` FROM items i`+itemWhere+
		` ORDER BY i.id LIMIT $8 OFFSET $9`, append(itemArgs(f), f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []catalog.Item
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, it)
	}
	return out, total, rows.Err()
}

// ListPublished lists public items with their current version. Topic, life
// event and service-object filters look inside the version's JSON: a LIKE narrows
// the rows in SQL, then the exact test runs here and the page is cut after it,
// so totals and pages are right.
func (s *Store) ListPublished(ctx context.Context, f catalog.ItemFilter) ([]catalog.Published, int, error) {
	f.PublicOnly = true
	where := itemWhere + ` AND ($8 = '' OR v.doc LIKE $9) AND ($10 = '' OR v.doc LIKE $11)`
	args := append(itemArgs(f), f.Topic, `%"topics":[%`+jsonString(f.Topic)+`%`, f.LifeEvent, `%"life_events":[%`+jsonString(f.LifeEvent)+`%`)
	from := ` FROM items i JOIN item_versions v ON v.item_id = i.id AND v.version = i.published_version`
	exact := f.ServiceObj != 0 || f.Topic != "" || f.LifeEvent != ""
	limit, offset := f.Limit, f.Offset
	if exact {
		limit, offset = -1, 0 // every candidate; paginate after the exact test
	}
	total, err := s.count(ctx, `/* catalog.ListPublished */ SELECT COUNT(*)`+from+where, args...)
	if err != nil {
		return nil, 0, err
	}
	query := `/* catalog.ListPublished */ SELECT ` + itemColumns + `, v.doc, v.published_at, v.published_by` + from + where + ` ORDER BY i.id`
	if limit >= 0 {
		query += ` LIMIT $12 OFFSET $13`
		args = append(args, limit, offset)
	}
	rows, err := s.db.Q(ctx).QueryContext(ctx, query, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []catalog.Published
	for rows.Next() {
		var doc, by string
		var at sqldb.Time
		it, err := scanItem(rows, &doc, &at, &by)
		if err != nil {
			return nil, 0, err
		}
		p := catalog.Published{Item: it, Version: catalog.Version{ItemID: it.ID, Version: it.PublishedVersion, PublishedAt: at.Time, PublishedBy: by}}
		if err := json.Unmarshal([]byte(doc), &p.Version.Elements); err != nil {
			return nil, 0, err
		}
		el := p.Version.Elements
		if f.ServiceObj != 0 && !containsInt(el.ServiceObjects, f.ServiceObj) ||
			f.Topic != "" && !slices.Contains(el.Topics, f.Topic) || f.LifeEvent != "" && !slices.Contains(el.LifeEvents, f.LifeEvent) {
			continue
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	if !exact {
		return out, total, nil
	}
	total = len(out)
	lo, hi := min(f.Offset, total), total
	if f.Limit > 0 {
		hi = min(lo+f.Limit, total)
	}
	return out[lo:hi], total, nil
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// jsonString is s as it appears inside a JSON document, for LIKE matching.
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// InsertVersion stores a published version.
func (s *Store) InsertVersion(ctx context.Context, v catalog.Version) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* catalog.InsertVersion */
		INSERT INTO item_versions (item_id, version, doc, published_at, published_by) VALUES ($1, $2, $3, $4, $5)`,
		v.ItemID, v.Version, toJSON(v.Elements), sqldb.T(v.PublishedAt), v.PublishedBy)
	return mapErr(err, "item version")
}

func scanVersion(sc interface{ Scan(...any) error }) (catalog.Version, error) {
	var v catalog.Version
	var doc string
	var at sqldb.Time
	if err := sc.Scan(&v.ItemID, &v.Version, &doc, &at, &v.PublishedBy); err != nil {
		return v, err
	}
	v.PublishedAt = at.Time
	return v, json.Unmarshal([]byte(doc), &v.Elements)
}

// GetVersion returns one published version.
func (s *Store) GetVersion(ctx context.Context, itemID int64, version int) (catalog.Version, error) {
	v, err := scanVersion(s.db.Q(ctx).QueryRowContext(ctx, `/* catalog.GetVersion */
		SELECT item_id, version, doc, published_at, published_by FROM item_versions WHERE item_id = $1 AND version = $2`, itemID, version))
	return v, mapErr(err, "item version")
}

// ListVersions lists an item's versions, newest first.
func (s *Store) ListVersions(ctx context.Context, itemID int64) ([]catalog.Version, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* catalog.ListVersions */
		SELECT item_id, version, doc, published_at, published_by FROM item_versions WHERE item_id = $1 ORDER BY version DESC`, itemID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []catalog.Version
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// AppendReview records a lifecycle step.
func (s *Store) AppendReview(ctx context.Context, r catalog.Review) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* catalog.AppendReview */
		INSERT INTO item_reviews (item_id, action, comment, actor, at) VALUES ($1, $2, $3, $4, $5)`,
		r.ItemID, r.Action, r.Comment, r.Actor, sqldb.T(r.At))
	return mapErr(err, "item review")
}

// ListReviews returns an item's trail, oldest first.
func (s *Store) ListReviews(ctx context.Context, itemID int64) ([]catalog.Review, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* catalog.ListReviews */
		SELECT item_id, action, comment, actor, at FROM item_reviews WHERE item_id = $1 ORDER BY id`, itemID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []catalog.Review
	for rows.Next() {
		var r catalog.Review
		var at sqldb.Time
		if err := rows.Scan(&r.ItemID, &r.Action, &r.Comment, &r.Actor, &at); err != nil {
			return nil, err
		}
		r.At = at.Time
		out = append(out, r)
	}
	return out, rows.Err()
}

// AppendChange adds to the catalog change feed.
func (s *Store) AppendChange(ctx context.Context, itemID int64, at time.Time) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* catalog.AppendChange */ INSERT INTO catalog_changes (item_id, at) VALUES ($1, $2)`, itemID, sqldb.T(at))
	return err
}

// ChangesSince reads the change feed after seq.
func (s *Store) ChangesSince(ctx context.Context, seq int64, limit int) ([]catalog.Change, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* catalog.ChangesSince */
		SELECT seq, item_id, at FROM catalog_changes WHERE seq > $1 ORDER BY seq LIMIT $2`, seq, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []catalog.Change
	for rows.Next() {
		var c catalog.Change
		var at sqldb.Time
		if err := rows.Scan(&c.Seq, &c.ItemID, &at); err != nil {
			return nil, err
		}
		c.At = at.Time
		out = append(out, c)
	}
	return out, rows.Err()
}

// ListCodes returns the install's own code-table entries.
func (s *Store) ListCodes(ctx context.Context) ([]catalog.Code, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* catalog.ListCodes */ SELECT table_name, code, label FROM code_tables ORDER BY table_name, code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []catalog.Code
	for rows.Next() {
		var c catalog.Code
		if err := rows.Scan(&c.Table, &c.Code, &c.Label); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ListRuleSettings returns the settings of a region and its ancestors, ancestors first.
func (s *Store) ListRuleSettings(ctx context.Context, regionCode string) ([]catalog.RuleSetting, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* catalog.ListRuleSettings */
		SELECT region_code, rule, enabled, blocking FROM quality_rule_settings WHERE $1 LIKE region_code || '%'
		ORDER BY LENGTH(region_code), rule`, regionCode)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []catalog.RuleSetting
	for rows.Next() {
		var r catalog.RuleSetting
		if err := rows.Scan(&r.RegionCode, &r.Rule, &r.Enabled, &r.Blocking); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SaveRuleSetting stores a region's rule setting.
func (s *Store) SaveRuleSetting(ctx context.Context, r catalog.RuleSetting) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* catalog.SaveRuleSetting */
		INSERT INTO quality_rule_settings (region_code, rule, enabled, blocking) VALUES ($1, $2, $3, $4)
		ON CONFLICT (region_code, rule) DO UPDATE SET enabled = excluded.enabled, blocking = excluded.blocking`,
		r.RegionCode, r.Rule, r.Enabled, r.Blocking)
	return mapErr(err, "rule setting")
}

// DepartmentInfo gives the catalog what it needs about a department.
func (s *Store) DepartmentInfo(ctx context.Context, id int64) (catalog.DepartmentInfo, error) {
	d, err := s.GetDepartment(ctx, id)
	if err != nil {
		return catalog.DepartmentInfo{}, err
	}
	return catalog.DepartmentInfo{ID: d.ID, Slug: d.Slug, Name: d.Name, ShortName: d.ShortName, RegionCode: d.RegionCode}, nil
}
