package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/tongban/tongban/internal/license"
	"github.com/tongban/tongban/internal/sqldb"
)

const licenseColumns = `id, identifier, first_id, serial, type_slug, type_name, type_code, number, version,
	holder_name, holder_code_type, holder_code_enc, holder_person_id, holder_org_id, fields,
	issuer_dept_id, issuer_name, issuer_code, region_code, seal_id, case_id, case_number,
	issued_at, valid_from, valid_until, status, status_reason, status_at, previous_id, log_index,
	payload, sm2_signature, jws`

func (s *Store) scanLicense(sc interface{ Scan(...any) error }) (license.License, error) {
	var l license.License
	var codeEnc []byte
	var fields, payload, jws, status string
	var issued, from, statusAt sqldb.Time
	var until sqldb.NullTime
	if err := sc.Scan(&l.ID, &l.Identifier, &l.FirstID, &l.Serial, &l.TypeSlug, &l.TypeName, &l.TypeCode, &l.Number, &l.Version,
		&l.HolderName, &l.HolderCodeType, &codeEnc, &l.HolderPersonID, &l.HolderOrgID, &fields,
		&l.IssuerDeptID, &l.IssuerName, &l.IssuerCode, &l.RegionCode, &l.SealID, &l.CaseID, &l.CaseNumber,
		&issued, &from, &until, &status, &l.StatusReason, &statusAt, &l.PreviousID, &l.LogIndex,
		&payload, &l.SM2Signature, &jws); err != nil {
		return l, err
	}
	l.Status, l.IssuedAt, l.ValidFrom, l.ValidUntil, l.StatusAt = license.Status(status), issued.Time, from.Time, until.Time, statusAt.Time
	var err error
	if l.HolderCode, err = s.keys.Open(codeEnc, ctxLicenseHolderCode); err != nil {
		return l, err
	}
	if fields, err = s.openText(fields, ctxLicenseFields); err != nil {
		return l, err
	}
	if err := json.Unmarshal([]byte(fields), &l.Fields); err != nil {
		return l, err
	}
	if payload, err = s.openText(payload, ctxLicensePayload); err != nil {
		return l, err
	}
	l.Payload = []byte(payload)
	l.JWS, err = s.openText(jws, ctxLicenseJWS)
	return l, err
}

// holderCodeIndex is the blind index of a holder's code, with its type, so
// an ID number and a credit code never meet.
func (s *Store) holderCodeIndex(codeType, code string) []byte {
	return s.keys.Index(codeType+":"+code, ctxLicenseHolderCode)
}

// InsertLicense stores a license, its holder code, fields, payload and JWS
// sealed; a version 1 becomes its own first version.
func (s *Store) InsertLicense(ctx context.Context, l *license.License) error {
	code, err := s.keys.Seal(l.HolderCode, ctxLicenseHolderCode)
	if err != nil {
		return err
	}
	fieldsJSON, err := json.Marshal(l.Fields)
	if err != nil {
		return err
	}
	fields, err := s.sealText(string(fieldsJSON), ctxLicenseFields)
	if err != nil {
		return err
	}
	payload, err := s.sealText(string(l.Payload), ctxLicensePayload)
	if err != nil {
		return err
	}
	jws, err := s.sealText(l.JWS, ctxLicenseJWS)
	if err != nil {
		return err
	}
	err = s.db.W(ctx).QueryRowContext(ctx, `/* license.Issue */
		INSERT INTO licenses (identifier, first_id, serial, type_slug, type_name, type_code, number, version,
			holder_name, holder_code_type, holder_code_enc, holder_code_idx, holder_person_id, holder_org_id, fields,
			issuer_dept_id, issuer_name, issuer_code, region_code, seal_id, case_id, case_number,
			issued_at, valid_from, valid_until, status, status_reason, status_at, previous_id, log_index,
			payload, sm2_signature, jws)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,
			$23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33) RETURNING id`,
		l.Identifier, l.FirstID, l.Serial, l.TypeSlug, l.TypeName, l.TypeCode, l.Number, l.Version,
		l.HolderName, l.HolderCodeType, code, s.holderCodeIndex(l.HolderCodeType, l.HolderCode), l.HolderPersonID, l.HolderOrgID, fields,
		l.IssuerDeptID, l.IssuerName, l.IssuerCode, l.RegionCode, l.SealID, l.CaseID, l.CaseNumber,
		sqldb.T(l.IssuedAt), sqldb.T(l.ValidFrom), sqldb.NT(l.ValidUntil), string(l.Status), l.StatusReason, sqldb.T(l.StatusAt),
		l.PreviousID, l.LogIndex, payload, l.SM2Signature, jws).Scan(&l.ID)
	if err != nil {
		return mapErr(err, "license")
	}
	if l.FirstID == 0 {
		l.FirstID = l.ID
		_, err = s.db.W(ctx).ExecContext(ctx, `/* license.Issue */ UPDATE licenses SET first_id = id WHERE id = $1`, l.ID)
	}
	return err
}

// SetLicenseLogIndex records where a license's issuance is in the log.
func (s *Store) SetLicenseLogIndex(ctx context.Context, id int64, index uint64) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* license.Issue */ UPDATE licenses SET log_index = $1 WHERE id = $2`, int64(index), id)
	return err
}

// GetLicense returns one license, opened.
func (s *Store) GetLicense(ctx context.Context, id int64) (license.License, error) {
	l, err := s.scanLicense(s.db.Q(ctx).QueryRowContext(ctx, `/* license.Get */ SELECT `+licenseColumns+` FROM licenses WHERE id = $1`, id))
	return l, mapErr(err, "license")
}

// GetLicenseByIdentifier returns the license with an identifier.
func (s *Store) GetLicenseByIdentifier(ctx context.Context, identifier string) (license.License, error) {
	l, err := s.scanLicense(s.db.Q(ctx).QueryRowContext(ctx, `/* license.ByIdentifier */
		SELECT `+licenseColumns+` FROM licenses WHERE identifier = $1`, identifier))
	return l, mapErr(err, "license")
}

func (s *Store) queryLicenses(ctx context.Context, query string, args ...any) ([]license.License, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []license.License
	for rows.Next() {
		l, err := s.scanLicense(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// ListLicenses lists the licenses of a scope, newest first, with the total.
func (s *Store) ListLicenses(ctx context.Context, f license.Filter) ([]license.License, int, error) {
	where := ` FROM licenses WHERE region_code LIKE $1 AND ($2 = 0 OR issuer_dept_id = $2) AND ($3 = '' OR type_slug = $3)
		AND ($4 = '' OR status = $4) AND ($5 = '' OR holder_name LIKE $6 ESCAPE '\') AND ($7 = '' OR number = $7)`
	args := []any{f.RegionPrefix + "%", f.DepartmentID, f.TypeSlug, string(f.Status), f.HolderName, likePattern(f.HolderName), f.Number}
	total, err := s.count(ctx, `/* license.List */ SELECT COUNT(*)`+where, args...)
	if err != nil {
		return nil, 0, err
	}
	out, err := s.queryLicenses(ctx, `/* license.List */ SELECT `+licenseColumns+where+` ORDER BY id DESC LIMIT $8 OFFSET $9`,
		append(args, f.Limit, f.Offset)...)
	return out, total, err
}

// HolderLicenses lists a holder's licenses, newest first.
func (s *Store) HolderLicenses(ctx context.Context, personID, orgID int64, typeSlug string) ([]license.License, error) {
	if orgID != 0 {
		return s.queryLicenses(ctx, `/* license.Wallet */ SELECT `+licenseColumns+` FROM licenses
			WHERE holder_org_id = $1 AND ($2 = '' OR type_slug = $2) ORDER BY id DESC`, orgID, typeSlug)
	}
	return s.queryLicenses(ctx, `/* license.Wallet */ SELECT `+licenseColumns+` FROM licenses
		WHERE holder_person_id = $1 AND holder_org_id = 0 AND ($2 = '' OR type_slug = $2) ORDER BY id DESC`, personID, typeSlug)
}

// LicensesByHolderCode finds licenses by the holder's code, newest first.
func (s *Store) LicensesByHolderCode(ctx context.Context, codeType, code, typeSlug string) ([]license.License, error) {
	return s.queryLicenses(ctx, `/* license.QueryByHolder */ SELECT `+licenseColumns+` FROM licenses
		WHERE holder_code_idx = $1 AND ($2 = '' OR type_slug = $2) ORDER BY id DESC LIMIT 100`,
		s.holderCodeIndex(codeType, code), typeSlug)
}

// LicenseVersions lists every version of a license, newest first.
func (s *Store) LicenseVersions(ctx context.Context, firstID int64) ([]license.License, error) {
	return s.queryLicenses(ctx, `/* license.History */ SELECT `+licenseColumns+` FROM licenses WHERE first_id = $1 ORDER BY version DESC`, firstID)
}

// UpdateLicenseStatus moves a license between stored states, if it is still
// in from.
func (s *Store) UpdateLicenseStatus(ctx context.Context, id int64, from, to license.Status, reason string, at time.Time) (bool, error) {
	res, err := s.db.W(ctx).ExecContext(ctx, `/* license.Status */
		UPDATE licenses SET status = $1, status_reason = $2, status_at = $3 WHERE id = $4 AND status = $5`,
		string(to), reason, sqldb.T(at), id, string(from))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// InsertLicenseUse records a use of a license.
func (s *Store) InsertLicenseUse(ctx context.Context, u *license.Usage, firstID int64) error {
	err := s.db.W(ctx).QueryRowContext(ctx, `/* license.Use */
		INSERT INTO license_uses (license_id, first_id, actor_kind, actor_id, actor_name, department_id, department_name,
			region_code, purpose, case_id, via, at, log_index)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, -1) RETURNING id`,
		u.LicenseID, firstID, u.ActorKind, u.ActorID, u.ActorName, u.DepartmentID, u.DepartmentName,
		u.RegionCode, u.Purpose, u.CaseID, u.Via, sqldb.T(u.At)).Scan(&u.ID)
	return mapErr(err, "license use")
}

// SetLicenseUseLogIndex records where a use is in the log.
func (s *Store) SetLicenseUseLogIndex(ctx context.Context, id int64, index uint64) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* license.Use */ UPDATE license_uses SET log_index = $1 WHERE id = $2`, int64(index), id)
	return err
}

// ListLicenseUses lists the uses of every version of a license, newest first.
func (s *Store) ListLicenseUses(ctx context.Context, firstID int64) ([]license.Usage, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* license.Uses */
		SELECT u.id, u.license_id, l.identifier, u.actor_kind, u.actor_id, u.actor_name, u.department_id, u.department_name,
			u.region_code, u.purpose, u.case_id, u.via, u.at, u.log_index
		FROM license_uses u JOIN licenses l ON l.id = u.license_id WHERE u.first_id = $1 ORDER BY u.id DESC LIMIT 500`, firstID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []license.Usage
	for rows.Next() {
		var u license.Usage
		var at sqldb.Time
		if err := rows.Scan(&u.ID, &u.LicenseID, &u.Identifier, &u.ActorKind, &u.ActorID, &u.ActorName, &u.DepartmentID,
			&u.DepartmentName, &u.RegionCode, &u.Purpose, &u.CaseID, &u.Via, &at, &u.LogIndex); err != nil {
			return nil, err
		}
		u.At = at.Time
		out = append(out, u)
	}
	return out, rows.Err()
}
