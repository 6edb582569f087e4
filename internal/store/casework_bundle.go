package store

import (
	"context"
	"encoding/json"

	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/sqldb"
)

// InsertBundleApplication stores a new 一件事 application.
func (s *Store) InsertBundleApplication(ctx context.Context, b *casework.BundleApplication) error {
	form, err := s.sealText(formJSON(b.Form), "bundle_applications.form")
	if err != nil {
		return err
	}
	err = s.db.W(ctx).QueryRowContext(ctx, `/* casework.InsertBundleApplication */
		INSERT INTO bundle_applications (bundle_slug, bundle_name, person_id, org_id, answers, item_ids, extra, form, materials,
			submitted, concluded, created_at, updated_at, submitted_at, concluded_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
		b.BundleSlug, b.BundleName, b.PersonID, b.OrgID, formJSON(b.Answers), listJSON(b.ItemIDs), listJSON(b.Extra),
		form, materialsJSON(b.Materials), b.Submitted, b.Concluded, sqldb.T(b.CreatedAt), sqldb.T(b.UpdatedAt),
		sqldb.NT(b.SubmittedAt), sqldb.NT(b.ConcludedAt)).Scan(&b.ID)
	return mapErr(err, "bundle application")
}

// UpdateBundleApplication saves a bundle application's contents and state.
func (s *Store) UpdateBundleApplication(ctx context.Context, b casework.BundleApplication) error {
	form, err := s.sealText(formJSON(b.Form), "bundle_applications.form")
	if err != nil {
		return err
	}
	_, err = s.db.W(ctx).ExecContext(ctx, `/* casework.UpdateBundleApplication */
		UPDATE bundle_applications SET bundle_name = $1, answers = $2, item_ids = $3, extra = $4, form = $5, materials = $6,
			submitted = $7, concluded = $8, updated_at = $9, submitted_at = $10, concluded_at = $11
		WHERE id = $12`,
		b.BundleName, formJSON(b.Answers), listJSON(b.ItemIDs), listJSON(b.Extra), form, materialsJSON(b.Materials),
		b.Submitted, b.Concluded, sqldb.T(b.UpdatedAt), sqldb.NT(b.SubmittedAt), sqldb.NT(b.ConcludedAt), b.ID)
	return mapErr(err, "bundle application")
}

// listJSON encodes a list, empty as [] rather than null.
func listJSON[T any](v []T) string {
	if v == nil {
		return "[]"
	}
	return toJSON(v)
}

const bundleApplicationColumns = `id, bundle_slug, bundle_name, person_id, org_id, answers, item_ids, extra, form, materials,
	submitted, concluded, created_at, updated_at, submitted_at, concluded_at`

func (s *Store) scanBundleApplication(sc interface{ Scan(...any) error }) (casework.BundleApplication, error) {
	var b casework.BundleApplication
	var answers, items, extra, form, materials string
	var created, updated sqldb.Time
	var submitted, concluded sqldb.NullTime
	if err := sc.Scan(&b.ID, &b.BundleSlug, &b.BundleName, &b.PersonID, &b.OrgID, &answers, &items, &extra, &form, &materials,
		&b.Submitted, &b.Concluded, &created, &updated, &submitted, &concluded); err != nil {
		return b, err
	}
	form, err := s.openText(form, "bundle_applications.form")
	if err != nil {
		return b, err
	}
	for _, f := range []struct {
		text string
		into any
	}{{answers, &b.Answers}, {items, &b.ItemIDs}, {extra, &b.Extra}, {form, &b.Form}, {materials, &b.Materials}} {
		if err := json.Unmarshal([]byte(f.text), f.into); err != nil {
			return b, err
		}
	}
	b.CreatedAt, b.UpdatedAt = created.Time, updated.Time
	if submitted.Valid {
		b.SubmittedAt = submitted.Time
	}
	if concluded.Valid {
		b.ConcludedAt = concluded.Time
	}
	return b, nil
}

// GetBundleApplication returns one bundle application.
func (s *Store) GetBundleApplication(ctx context.Context, id int64) (casework.BundleApplication, error) {
	b, err := s.scanBundleApplication(s.db.Q(ctx).QueryRowContext(ctx, `/* casework.GetBundleApplication */
		SELECT `+bundleApplicationColumns+` FROM bundle_applications WHERE id = $1`, id))
	return b, mapErr(err, "bundle application")
}

// FindBundleDraft returns the applicant's latest unsubmitted application for a bundle.
func (s *Store) FindBundleDraft(ctx context.Context, personID, orgID int64, slug string) (casework.BundleApplication, error) {
	b, err := s.scanBundleApplication(s.db.Q(ctx).QueryRowContext(ctx, `/* casework.FindBundleDraft */
		SELECT `+bundleApplicationColumns+` FROM bundle_applications
		WHERE person_id = $1 AND org_id = $2 AND bundle_slug = $3 AND submitted = FALSE ORDER BY id DESC LIMIT 1`,
		personID, orgID, slug))
	return b, mapErr(err, "bundle application")
}

// ListBundleApplications lists an applicant's bundle applications, newest first.
func (s *Store) ListBundleApplications(ctx context.Context, personID, orgID int64) ([]casework.BundleApplication, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* casework.ListBundleApplications */
		SELECT `+bundleApplicationColumns+` FROM bundle_applications WHERE person_id = $1 AND org_id = $2 ORDER BY id DESC LIMIT 200`,
		personID, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []casework.BundleApplication
	for rows.Next() {
		b, err := s.scanBundleApplication(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}
