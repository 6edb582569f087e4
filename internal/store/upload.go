package store

import (
	"context"

	"github.com/tongban/tongban/internal/sqldb"
	"github.com/tongban/tongban/internal/upload"
)

var _ upload.Store = (*Store)(nil)

// InsertUpload records a stored file and sets f.ID.
func (s *Store) InsertUpload(ctx context.Context, f *upload.File) error {
	err := s.db.W(ctx).QueryRowContext(ctx, `/* upload.Put */
		INSERT INTO uploads (owner_person_id, owner_org_id, uploaded_by, name, media_type, size, sha256, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		f.OwnerPersonID, f.OwnerOrgID, f.UploadedBy, f.Name, f.MediaType, f.Size, f.SHA256, sqldb.T(f.CreatedAt)).Scan(&f.ID)
	return mapErr(err, "upload")
}

// Upload returns a file's row.
func (s *Store) Upload(ctx context.Context, id int64) (upload.File, error) {
	var f upload.File
	var at sqldb.Time
	err := s.db.Q(ctx).QueryRowContext(ctx, `/* upload.Open */
		SELECT id, owner_person_id, owner_org_id, uploaded_by, name, media_type, size, sha256, created_at
		FROM uploads WHERE id = $1`, id).
		Scan(&f.ID, &f.OwnerPersonID, &f.OwnerOrgID, &f.UploadedBy, &f.Name, &f.MediaType, &f.Size, &f.SHA256, &at)
	f.CreatedAt = at.Time
	if err != nil {
		return upload.File{}, mapErr(err, "upload")
	}
	return f, nil
}
