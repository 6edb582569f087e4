package store

import (
	"context"
	"strings"
	"time"

	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/sqldb"
)

var _ identity.Store = (*Store)(nil)

// Encryption contexts bind each ciphertext to its column, so a value cannot be
// copied from one column to another and still decrypt.
const (
	ctxIDNumber = "person.id_number"
	ctxPhone    = "person.phone"
)

const personColumns = `id, name, id_number_enc, phone_enc, gender, birth_date, region_code, pref_mode, pref_lang, created_at`

func (s *Store) scanPerson(sc interface{ Scan(...any) error }) (identity.Person, error) {
	var p identity.Person
	var idEnc, phoneEnc []byte
	var gender, birth string
	var at sqldb.Time
	if err := sc.Scan(&p.ID, &p.Name, &idEnc, &phoneEnc, &gender, &birth, &p.RegionCode, &p.PrefMode, &p.PrefLang, &at); err != nil {
		return p, err
	}
	id, err := s.keys.Open(idEnc, ctxIDNumber)
	if err != nil {
		return p, err
	}
	phone, err := s.keys.Open(phoneEnc, ctxPhone)
	if err != nil {
		return p, err
	}
	p.IDNumber, p.Phone, p.Gender, p.CreatedAt = identity.IDNumber(id), phone, identity.Gender(gender), at.Time
	p.BirthDate, _ = time.Parse(time.DateOnly, birth)
	return p, nil
}

// InsertPerson stores a person with ID and phone numbers encrypted.
func (s *Store) InsertPerson(ctx context.Context, p *identity.Person, passwordHash string) error {
	idEnc, err := s.keys.Seal(string(p.IDNumber), ctxIDNumber)
	if err != nil {
		return err
	}
	phoneEnc, err := s.keys.Seal(p.Phone, ctxPhone)
	if err != nil {
		return err
	}
	err = s.db.W(ctx).QueryRowContext(ctx, `/* identity.InsertPerson */
		INSERT INTO persons (name, id_number_enc, id_number_idx, phone_enc, phone_idx, gender, birth_date, region_code, password_hash, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		p.Name, idEnc, s.keys.Index(string(p.IDNumber), ctxIDNumber), phoneEnc, s.keys.Index(p.Phone, ctxPhone),
		string(p.Gender), p.BirthDate.Format(time.DateOnly), p.RegionCode, passwordHash, sqldb.T(p.CreatedAt)).Scan(&p.ID)
	return mapErr(err, "person")
}

// GetPerson returns one person, decrypted.
func (s *Store) GetPerson(ctx context.Context, id int64) (identity.Person, error) {
	p, err := s.scanPerson(s.db.Q(ctx).QueryRowContext(ctx, `/* identity.GetPerson */
		SELECT `+personColumns+` FROM persons WHERE id = $1`, id))
	return p, mapErr(err, "person")
}

// FindPersonByIDNumber looks a person up by the blind index of the ID number.
func (s *Store) FindPersonByIDNumber(ctx context.Context, n identity.IDNumber) (identity.Person, error) {
	p, err := s.scanPerson(s.db.Q(ctx).QueryRowContext(ctx, `/* identity.FindPersonByIDNumber */
		SELECT `+personColumns+` FROM persons WHERE id_number_idx = $1`, s.keys.Index(string(n), ctxIDNumber)))
	return p, mapErr(err, "person")
}

// FindPersonByPhone looks a person up by the blind index of the phone number.
func (s *Store) FindPersonByPhone(ctx context.Context, phone string) (identity.Person, error) {
	p, err := s.scanPerson(s.db.Q(ctx).QueryRowContext(ctx, `/* identity.FindPersonByPhone */
		SELECT `+personColumns+` FROM persons WHERE phone_idx = $1`, s.keys.Index(phone, ctxPhone)))
	return p, mapErr(err, "person")
}

// ListPeople lists persons in a region subtree, newest first.
func (s *Store) ListPeople(ctx context.Context, f identity.PeopleFilter) ([]identity.Person, int, error) {
	var idx []byte
	if f.IDNumber != "" {
		idx = s.keys.Index(string(f.IDNumber), ctxIDNumber)
	}
	where := ` FROM persons WHERE region_code LIKE $1 AND ($2 = '' OR name LIKE $3 ESCAPE '\') AND ($4 = FALSE OR id_number_idx = $5)`
	args := []any{f.RegionPrefix + "%", f.Name, likePattern(f.Name), idx != nil, idx}
	if idx == nil {
		args[4] = []byte{}
	}
	total, err := s.count(ctx, `/* identity.ListPeople */ SELECT COUNT(*)`+where, args...)
	if err != nil {
		return nil, 0, err
	}
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* identity.ListPeople */ SELECT `+personColumns+where+` ORDER BY id DESC LIMIT $6 OFFSET $7`,
		append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []identity.Person
	for rows.Next() {
		p, err := s.scanPerson(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, p)
	}
	return out, total, rows.Err()
}

func (s *Store) credentials(ctx context.Context, table string, id int64) (identity.Credentials, error) {
	var c identity.Credentials
	var locked sqldb.NullTime
	err := s.db.Q(ctx).QueryRowContext(ctx, `/* identity.Credentials */
		SELECT password_hash, failed_logins, locked_until FROM `+table+` WHERE id = $1`, id).Scan(&c.PasswordHash, &c.FailedLogins, &locked)
	c.LockedUntil = locked.Time
	return c, mapErr(err, table)
}

func (s *Store) setCredentials(ctx context.Context, table string, id int64, c identity.Credentials) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* identity.SetCredentials */
		UPDATE `+table+` SET password_hash = $1, failed_logins = $2, locked_until = $3 WHERE id = $4`,
		c.PasswordHash, c.FailedLogins, sqldb.NT(c.LockedUntil), id)
	return err
}

// PersonCredentials returns a person's sign-in state.
func (s *Store) PersonCredentials(ctx context.Context, id int64) (identity.Credentials, error) {
	return s.credentials(ctx, "persons", id)
}

// SetPersonCredentials saves a person's sign-in state.
func (s *Store) SetPersonCredentials(ctx context.Context, id int64, c identity.Credentials) error {
	return s.setCredentials(ctx, "persons", id, c)
}

// SetPersonPrefs saves a person's display preferences.
func (s *Store) SetPersonPrefs(ctx context.Context, id int64, mode, lang string) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* identity.SetPersonPrefs */ UPDATE persons SET pref_mode = $1, pref_lang = $2 WHERE id = $3`, mode, lang, id)
	return err
}

const orgColumns = `o.id, o.credit_code, o.name, o.legal_rep, o.region_code, o.created_at`

func scanOrg(sc interface{ Scan(...any) error }, extra ...any) (identity.Organization, error) {
	var o identity.Organization
	var code string
	var at sqldb.Time
	err := sc.Scan(append([]any{&o.ID, &code, &o.Name, &o.LegalRep, &o.RegionCode, &at}, extra...)...)
	o.CreditCode, o.CreatedAt = identity.CreditCode(code), at.Time
	return o, err
}

// InsertOrganization stores an organization.
func (s *Store) InsertOrganization(ctx context.Context, o *identity.Organization) error {
	err := s.db.W(ctx).QueryRowContext(ctx, `/* identity.InsertOrganization */
		INSERT INTO organizations (credit_code, name, legal_rep, region_code, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		string(o.CreditCode), o.Name, o.LegalRep, o.RegionCode, sqldb.T(o.CreatedAt)).Scan(&o.ID)
	return mapErr(err, "organization")
}

// GetOrganization returns one organization.
func (s *Store) GetOrganization(ctx context.Context, id int64) (identity.Organization, error) {
	o, err := scanOrg(s.db.Q(ctx).QueryRowContext(ctx, `/* identity.GetOrganization */ SELECT `+orgColumns+` FROM organizations o WHERE o.id = $1`, id))
	return o, mapErr(err, "organization")
}

// FindOrganizationByCode returns the organization with a credit code.
func (s *Store) FindOrganizationByCode(ctx context.Context, code identity.CreditCode) (identity.Organization, error) {
	o, err := scanOrg(s.db.Q(ctx).QueryRowContext(ctx, `/* identity.FindOrganizationByCode */
		SELECT `+orgColumns+` FROM organizations o WHERE o.credit_code = $1`, string(code)))
	return o, mapErr(err, "organization")
}

// ListOrganizations lists organizations in a region subtree.
func (s *Store) ListOrganizations(ctx context.Context, f identity.OrgFilter) ([]identity.Organization, int, error) {
	where := ` FROM organizations o WHERE o.region_code LIKE $1 AND ($2 = '' OR o.name LIKE $3 ESCAPE '\')`
	args := []any{f.RegionPrefix + "%", f.Name, likePattern(f.Name)}
	total, err := s.count(ctx, `/* identity.ListOrganizations */ SELECT COUNT(*)`+where, args...)
	if err != nil {
		return nil, 0, err
	}
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* identity.ListOrganizations */ SELECT `+orgColumns+where+` ORDER BY o.id LIMIT $4 OFFSET $5`,
		append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []identity.Organization
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, o)
	}
	return out, total, rows.Err()
}

// AddMember binds a person to an organization.
func (s *Store) AddMember(ctx context.Context, orgID, personID int64, role string, at time.Time) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* identity.AddMember */
		INSERT INTO org_members (org_id, person_id, role, created_at) VALUES ($1, $2, $3, $4)`, orgID, personID, role, sqldb.T(at))
	return mapErr(err, "organization member")
}

// MemberRole returns how a person is bound to an organization.
func (s *Store) MemberRole(ctx context.Context, orgID, personID int64) (string, error) {
	var role string
	err := s.db.Q(ctx).QueryRowContext(ctx, `/* identity.MemberRole */
		SELECT role FROM org_members WHERE org_id = $1 AND person_id = $2`, orgID, personID).Scan(&role)
	return role, mapErr(err, "organization member")
}

// OrganizationsOf lists the organizations a person is bound to.
func (s *Store) OrganizationsOf(ctx context.Context, personID int64) ([]identity.Organization, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* identity.OrganizationsOf */
		SELECT `+orgColumns+`, m.role FROM organizations o JOIN org_members m ON m.org_id = o.id
		WHERE m.person_id = $1 ORDER BY o.name`, personID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []identity.Organization
	for rows.Next() {
		var role string
		o, err := scanOrg(rows, &role)
		if err != nil {
			return nil, err
		}
		o.MemberRole = role
		out = append(out, o)
	}
	return out, rows.Err()
}

const staffColumns = `id, username, name, region_code, COALESCE(department_id, 0), active, pref_mode, pref_lang, created_at`

func (s *Store) scanStaffRows(ctx context.Context, query string, args ...any) ([]identity.Staff, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	var out []identity.Staff
	for rows.Next() {
		var st identity.Staff
		var at sqldb.Time
		if err := rows.Scan(&st.ID, &st.Username, &st.Name, &st.RegionCode, &st.DepartmentID, &st.Active, &st.PrefMode, &st.PrefLang, &at); err != nil {
			rows.Close()
			return nil, err
		}
		st.CreatedAt = at.Time
		out = append(out, st)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Roles, err = s.staffRoles(ctx, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *Store) staffRoles(ctx context.Context, id int64) ([]principal.Role, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* identity.StaffRoles */ SELECT role FROM staff_roles WHERE staff_id = $1 ORDER BY role`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var roles []principal.Role
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, err
		}
		roles = append(roles, principal.Role(r))
	}
	return roles, rows.Err()
}

// InsertStaff stores a staff account with its roles.
func (s *Store) InsertStaff(ctx context.Context, st *identity.Staff, passwordHash string) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		err := s.db.W(ctx).QueryRowContext(ctx, `/* identity.InsertStaff */
			INSERT INTO staff (username, name, region_code, department_id, password_hash, active, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			st.Username, st.Name, st.RegionCode, nullInt64(st.DepartmentID), passwordHash, st.Active, sqldb.T(st.CreatedAt)).Scan(&st.ID)
		if err != nil {
			return mapErr(err, "staff")
		}
		names := make([]string, len(st.Roles))
		for i, r := range st.Roles {
			names[i] = string(r)
		}
		return s.SetStaffRoles(ctx, st.ID, names)
	})
}

// GetStaff returns one staff account with roles.
func (s *Store) GetStaff(ctx context.Context, id int64) (identity.Staff, error) {
	out, err := s.scanStaffRows(ctx, `/* identity.GetStaff */ SELECT `+staffColumns+` FROM staff WHERE id = $1`, id)
	if err == nil && len(out) == 0 {
		err = sqldb.ErrNoRows
	}
	if err != nil {
		return identity.Staff{}, mapErr(err, "staff")
	}
	return out[0], nil
}

// FindStaffByUsername returns the staff account with a username.
func (s *Store) FindStaffByUsername(ctx context.Context, username string) (identity.Staff, error) {
	out, err := s.scanStaffRows(ctx, `/* identity.FindStaffByUsername */ SELECT `+staffColumns+` FROM staff WHERE username = $1`, strings.ToLower(username))
	if err == nil && len(out) == 0 {
		err = sqldb.ErrNoRows
	}
	if err != nil {
		return identity.Staff{}, mapErr(err, "staff")
	}
	return out[0], nil
}

// ListStaff lists staff accounts in a region subtree (and department).
func (s *Store) ListStaff(ctx context.Context, f identity.StaffFilter) ([]identity.Staff, int, error) {
	where := ` FROM staff WHERE region_code LIKE $1 AND ($2 = 0 OR department_id = $2)`
	total, err := s.count(ctx, `/* identity.ListStaff */ SELECT COUNT(*)`+where, f.RegionPrefix+"%", f.DepartmentID)
	if err != nil {
		return nil, 0, err
	}
	out, err := s.scanStaffRows(ctx, `/* identity.ListStaff */ SELECT `+staffColumns+where+` ORDER BY region_code, username LIMIT $3 OFFSET $4`,
		f.RegionPrefix+"%", f.DepartmentID, f.Limit, f.Offset)
	return out, total, err
}

// SetStaffRoles replaces a staff member's roles.
func (s *Store) SetStaffRoles(ctx context.Context, id int64, roles []string) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.W(ctx).ExecContext(ctx, `DELETE FROM staff_roles WHERE staff_id = $1`, id); err != nil {
			return err
		}
		for _, r := range roles {
			if _, err := s.db.W(ctx).ExecContext(ctx, `/* identity.SetStaffRoles */ INSERT INTO staff_roles (staff_id, role) VALUES ($1, $2)`, id, r); err != nil {
				return mapErr(err, "staff role")
			}
		}
		return nil
	})
}

// StaffCredentials returns a staff member's sign-in state.
func (s *Store) StaffCredentials(ctx context.Context, id int64) (identity.Credentials, error) {
	return s.credentials(ctx, "staff", id)
}

// SetStaffCredentials saves a staff member's sign-in state.
func (s *Store) SetStaffCredentials(ctx context.Context, id int64, c identity.Credentials) error {
	return s.setCredentials(ctx, "staff", id, c)
}

// SetStaffPrefs saves a staff member's display preferences.
func (s *Store) SetStaffPrefs(ctx context.Context, id int64, mode, lang string) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* identity.SetStaffPrefs */ UPDATE staff SET pref_mode = $1, pref_lang = $2 WHERE id = $3`, mode, lang, id)
	return err
}

const sessionColumns = `token_hash, kind, COALESCE(person_id, 0), COALESCE(org_id, 0), COALESCE(staff_id, 0), csrf_token, created_at, last_seen_at, expires_at`

// InsertSession stores a new session.
func (s *Store) InsertSession(ctx context.Context, se identity.Session) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* identity.InsertSession */
		INSERT INTO sessions (token_hash, kind, person_id, org_id, staff_id, csrf_token, created_at, last_seen_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		se.TokenHash, se.Kind, nullInt64(se.PersonID), nullInt64(se.OrgID), nullInt64(se.StaffID), se.CSRFToken,
		sqldb.T(se.CreatedAt), sqldb.T(se.LastSeenAt), sqldb.T(se.ExpiresAt))
	return mapErr(err, "session")
}

// GetSession returns a session by token hash.
func (s *Store) GetSession(ctx context.Context, tokenHash string) (identity.Session, error) {
	var se identity.Session
	var created, seen, expires sqldb.Time
	err := s.db.Q(ctx).QueryRowContext(ctx, `/* identity.GetSession */ SELECT `+sessionColumns+` FROM sessions WHERE token_hash = $1`, tokenHash).
		Scan(&se.TokenHash, &se.Kind, &se.PersonID, &se.OrgID, &se.StaffID, &se.CSRFToken, &created, &seen, &expires)
	se.CreatedAt, se.LastSeenAt, se.ExpiresAt = created.Time, seen.Time, expires.Time
	return se, mapErr(err, "session")
}

// TouchSession records activity on a session.
func (s *Store) TouchSession(ctx context.Context, tokenHash string, at time.Time) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* identity.TouchSession */ UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2`, sqldb.T(at), tokenHash)
	return err
}

// SetSessionOrg sets the organization a person's session acts for.
func (s *Store) SetSessionOrg(ctx context.Context, tokenHash string, orgID int64) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* identity.SetSessionOrg */ UPDATE sessions SET org_id = $1 WHERE token_hash = $2`, nullInt64(orgID), tokenHash)
	return err
}

// DeleteSession ends a session.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* identity.DeleteSession */ DELETE FROM sessions WHERE token_hash = $1`, tokenHash)
	return err
}

// DeleteExpiredSessions removes sessions idle since before idleBefore or past expiry.
func (s *Store) DeleteExpiredSessions(ctx context.Context, idleBefore, now time.Time) (int, error) {
	res, err := s.db.W(ctx).ExecContext(ctx, `/* identity.DeleteExpiredSessions */
		DELETE FROM sessions WHERE last_seen_at < $1 OR expires_at <= $2`, sqldb.T(idleBefore), sqldb.T(now))
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
