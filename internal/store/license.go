package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/tongban/tongban/internal/license"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/sqldb"
)

var _ license.Store = (*Store)(nil)

// Encryption contexts of the license columns that hold secrets or personal data.
const (
	ctxLicenseKey        = "license_keys.private_enc"
	ctxSealKey           = "seals.private_enc"
	ctxLicenseHolderCode = "licenses.holder_code"
	ctxLicenseFields     = "licenses.fields"
	ctxLicensePayload    = "licenses.payload"
	ctxLicenseJWS        = "licenses.jws"
)

// InsertLicenseType stores a license type.
func (s *Store) InsertLicenseType(ctx context.Context, t license.Type) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* license.InsertType */
		INSERT INTO license_types (slug, name, holder_type, issuing_dept, issuing_level, validity, key_fields, note, created_at,
			type_code, mapping, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		t.Slug, t.Name, t.HolderType, t.IssuingDept, t.IssuingLevel, t.Validity, toJSON(nonNil(t.KeyFields)), t.Note,
		sqldb.T(t.CreatedAt), t.TypeCode, mappingJSON(t.Mapping), sqldb.NT(t.UpdatedAt))
	return mapErr(err, "license type")
}

// UpdateLicenseType saves a type's managed attributes.
func (s *Store) UpdateLicenseType(ctx context.Context, t license.Type) error {
	res, err := s.db.W(ctx).ExecContext(ctx, `/* license.UpdateType */
		UPDATE license_types SET name = $1, validity = $2, key_fields = $3, note = $4, type_code = $5, mapping = $6, updated_at = $7
		WHERE slug = $8`,
		t.Name, t.Validity, toJSON(nonNil(t.KeyFields)), t.Note, t.TypeCode, mappingJSON(t.Mapping), sqldb.NT(t.UpdatedAt), t.Slug)
	if err != nil {
		return err
	}
	return mustAffect(res, "license type")
}

// mustAffect maps an update that changed no row to NotFound.
func mustAffect(res sql.Result, what string) error {
	n, err := res.RowsAffected()
	if err == nil && n == 0 {
		err = apperr.NotFoundf(what)
	}
	return err
}

func mappingJSON(m []license.FieldSource) string {
	if m == nil {
		m = []license.FieldSource{}
	}
	return toJSON(m)
}

func scanLicenseType(sc interface{ Scan(...any) error }) (license.Type, error) {
	var t license.Type
	var fields, mapping string
	var at sqldb.Time
	var updated sqldb.NullTime
	if err := sc.Scan(&t.Slug, &t.Name, &t.HolderType, &t.IssuingDept, &t.IssuingLevel, &t.Validity, &fields, &t.Note, &at,
		&t.TypeCode, &mapping, &updated); err != nil {
		return t, err
	}
	t.CreatedAt, t.UpdatedAt = at.Time, updated.Time
	if err := json.Unmarshal([]byte(fields), &t.KeyFields); err != nil {
		return t, err
	}
	if err := json.Unmarshal([]byte(mapping), &t.Mapping); err != nil {
		return t, err
	}
	if len(t.Mapping) == 0 {
		t.Mapping = nil
	}
	return t, nil
}

const licenseTypeColumns = `slug, name, holder_type, issuing_dept, issuing_level, validity, key_fields, note, created_at,
	type_code, mapping, updated_at`

// GetLicenseType returns one license type.
func (s *Store) GetLicenseType(ctx context.Context, slug string) (license.Type, error) {
	t, err := scanLicenseType(s.db.Q(ctx).QueryRowContext(ctx, `/* license.GetType */ SELECT `+licenseTypeColumns+` FROM license_types WHERE slug = $1`, slug))
	return t, mapErr(err, "license type")
}

// ListLicenseTypes lists every license type by slug.
func (s *Store) ListLicenseTypes(ctx context.Context) ([]license.Type, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* license.ListTypes */ SELECT `+licenseTypeColumns+` FROM license_types ORDER BY slug`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []license.Type
	for rows.Next() {
		t, err := scanLicenseType(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// LicenseKey returns a platform key, its private half opened.
func (s *Store) LicenseKey(ctx context.Context, name string) (string, string, error) {
	var pub string
	var enc []byte
	err := s.db.Q(ctx).QueryRowContext(ctx, `/* license.Key */ SELECT public_key, private_enc FROM license_keys WHERE name = $1`, name).Scan(&pub, &enc)
	if err != nil {
		return "", "", mapErr(err, "license key")
	}
	priv, err := s.keys.Open(enc, ctxLicenseKey)
	return pub, priv, err
}

// InsertLicenseKey stores a platform key, sealed, unless it exists.
func (s *Store) InsertLicenseKey(ctx context.Context, name, public, private string, at time.Time) error {
	enc, err := s.keys.Seal(private, ctxLicenseKey)
	if err != nil {
		return err
	}
	_, err = s.db.W(ctx).ExecContext(ctx, `/* license.InsertKey */
		INSERT INTO license_keys (name, public_key, private_enc, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (name) DO NOTHING`, name, public, enc, sqldb.T(at))
	return err
}

const sealColumns = `id, department_id, department_name, region_code, name, code, public_key, valid_from, valid_until, created_at`

func scanSeal(sc interface{ Scan(...any) error }) (license.Seal, error) {
	var x license.Seal
	var from, until, created sqldb.Time
	err := sc.Scan(&x.ID, &x.DepartmentID, &x.DepartmentName, &x.RegionCode, &x.Name, &x.Code, &x.PublicKey, &from, &until, &created)
	x.ValidFrom, x.ValidUntil, x.CreatedAt = from.Time, until.Time, created.Time
	return x, err
}

// InsertSeal stores a seal with its private key sealed.
func (s *Store) InsertSeal(ctx context.Context, x *license.Seal, privateKey string) error {
	enc, err := s.keys.Seal(privateKey, ctxSealKey)
	if err != nil {
		return err
	}
	err = s.db.W(ctx).QueryRowContext(ctx, `/* license.InsertSeal */
		INSERT INTO seals (department_id, department_name, region_code, name, code, public_key, private_enc, valid_from, valid_until, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		x.DepartmentID, x.DepartmentName, x.RegionCode, x.Name, x.Code, x.PublicKey, enc,
		sqldb.T(x.ValidFrom), sqldb.T(x.ValidUntil), sqldb.T(x.CreatedAt)).Scan(&x.ID)
	return mapErr(err, "seal")
}

// GetSeal returns a seal's public facts.
func (s *Store) GetSeal(ctx context.Context, id int64) (license.Seal, error) {
	x, err := scanSeal(s.db.Q(ctx).QueryRowContext(ctx, `/* license.GetSeal */ SELECT `+sealColumns+` FROM seals WHERE id = $1`, id))
	return x, mapErr(err, "seal")
}

// SealPrivateKey returns a seal's private key, opened.
func (s *Store) SealPrivateKey(ctx context.Context, id int64) (string, error) {
	var enc []byte
	if err := s.db.Q(ctx).QueryRowContext(ctx, `/* license.SealKey */ SELECT private_enc FROM seals WHERE id = $1`, id).Scan(&enc); err != nil {
		return "", mapErr(err, "seal")
	}
	return s.keys.Open(enc, ctxSealKey)
}

// ListSeals lists seals, newest first.
func (s *Store) ListSeals(ctx context.Context, f license.SealFilter) ([]license.Seal, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* license.ListSeals */ SELECT `+sealColumns+` FROM seals
		WHERE region_code LIKE $1 AND ($2 = 0 OR department_id = $2) ORDER BY valid_from DESC, id DESC`,
		f.RegionPrefix+"%", f.DepartmentID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []license.Seal
	for rows.Next() {
		x, err := scanSeal(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// InsertSealUse records a signature a seal made.
func (s *Store) InsertSealUse(ctx context.Context, u *license.SealUse) error {
	err := s.db.W(ctx).QueryRowContext(ctx, `/* license.SealUse */
		INSERT INTO seal_uses (seal_id, license_id, identifier, action, actor_name, at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		u.SealID, u.LicenseID, u.Identifier, u.Action, u.ActorName, sqldb.T(u.At)).Scan(&u.ID)
	return mapErr(err, "seal use")
}

// ListSealUses lists a seal's newest uses.
func (s *Store) ListSealUses(ctx context.Context, sealID int64, limit int) ([]license.SealUse, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* license.SealUses */
		SELECT id, seal_id, license_id, identifier, action, actor_name, at FROM seal_uses WHERE seal_id = $1 ORDER BY id DESC LIMIT $2`,
		sealID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []license.SealUse
	for rows.Next() {
		var u license.SealUse
		var at sqldb.Time
		if err := rows.Scan(&u.ID, &u.SealID, &u.LicenseID, &u.Identifier, &u.Action, &u.ActorName, &at); err != nil {
			return nil, err
		}
		u.At = at.Time
		out = append(out, u)
	}
	return out, rows.Err()
}
