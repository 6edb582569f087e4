package identity

import (
	"context"
	"slices"
	"strings"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/audit"
	"github.com/tongban/tongban/internal/platform/password"
	"github.com/tongban/tongban/internal/platform/principal"
)

// StaffInput is a new staff account.
type StaffInput struct {
	Username     string
	Name         string
	RegionCode   string
	DepartmentID int64
	Roles        []principal.Role
	Password     string
}

func (m *Manager) validateStaff(ctx context.Context, in *StaffInput) error {
	in.Username = strings.ToLower(strings.TrimSpace(in.Username))
	in.Name = strings.TrimSpace(in.Name)
	var fs []apperr.FieldError
	if !usernamePattern.MatchString(in.Username) {
		fs = append(fs, apperr.FieldError{Field: "username", Key: "identity.username.format"})
	}
	if f := checkName("name", in.Name); f != nil {
		fs = append(fs, *f)
	}
	if ok, err := m.regions.RegionExists(ctx, in.RegionCode); err != nil {
		return err
	} else if !ok {
		fs = append(fs, apperr.FieldError{Field: "region_code", Key: "region.unknown"})
	}
	if in.DepartmentID != 0 {
		// A department-bound account works in that department's region.
		deptRegion, err := m.regions.DepartmentRegion(ctx, in.DepartmentID)
		if err != nil || !strings.HasPrefix(deptRegion, in.RegionCode) {
			fs = append(fs, apperr.FieldError{Field: "department_id", Key: "identity.department.outside"})
		}
	}
	if len(in.Roles) == 0 {
		fs = append(fs, apperr.FieldError{Field: "roles", Key: "identity.roles.required"})
	}
	for _, r := range in.Roles {
		if !r.Valid() {
			fs = append(fs, apperr.FieldError{Field: "roles", Key: "form.choice"})
			break
		}
	}
	if err := password.CheckStrength(in.Password); err != nil {
		fs = append(fs, apperr.FieldErrors(err)...)
	}
	return apperr.Fields(fs)
}

// CreateStaff creates a staff account inside the administrator's scope.
func (m *Manager) CreateStaff(ctx context.Context, in StaffInput) (Staff, error) {
	// Authorize before validating, so that someone who may not create accounts
	// learns nothing from the validation messages.
	if _, err := principal.AuthorizeOwn(ctx, principal.ManageStaff); err != nil {
		return Staff{}, err
	}
	if err := m.validateStaff(ctx, &in); err != nil {
		return Staff{}, err
	}
	target := principal.Scope{RegionCode: in.RegionCode, DepartmentID: in.DepartmentID}
	if _, err := principal.Authorize(ctx, principal.ManageStaff, target); err != nil {
		return Staff{}, err
	}
	var s Staff
	err := m.tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		s, err = m.insertStaff(ctx, in)
		if err != nil {
			return err
		}
		return m.audit.AppendAudit(ctx, audit.New(ctx, m.now(), audit.StaffCreate, "staff", itoa(s.ID), s.RegionCode, rolesDetail(s.Roles)))
	})
	return s, err
}

func (m *Manager) insertStaff(ctx context.Context, in StaffInput) (Staff, error) {
	hash, err := password.Hash(m.cfg.PasswordParams, in.Password)
	if err != nil {
		return Staff{}, err
	}
	s := Staff{Username: in.Username, Name: in.Name, RegionCode: in.RegionCode, DepartmentID: in.DepartmentID,
		Roles: slices.Clone(in.Roles), Active: true, CreatedAt: m.now()}
	if err := m.store.InsertStaff(ctx, &s, hash); err != nil {
		if apperr.KindOf(err) == apperr.Conflict {
			return Staff{}, apperr.Field("username", "identity.username.taken")
		}
		return Staff{}, err
	}
	return s, nil
}

// InstallStaff creates a staff account during install, without a principal.
func (m *Manager) InstallStaff(ctx context.Context, in StaffInput) (Staff, error) {
	if err := m.validateStaff(ctx, &in); err != nil {
		return Staff{}, err
	}
	var s Staff
	err := m.tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		s, err = m.insertStaff(ctx, in)
		return err
	})
	return s, err
}

// SetRoles replaces a staff member's roles; the change is audited. Nobody may
// change their own roles, so an administrator cannot quietly widen their power.
func (m *Manager) SetRoles(ctx context.Context, staffID int64, roles []principal.Role) (Staff, error) {
	for _, r := range roles {
		if !r.Valid() {
			return Staff{}, apperr.Field("roles", "form.choice")
		}
	}
	if len(roles) == 0 {
		return Staff{}, apperr.Field("roles", "identity.roles.required")
	}
	var s Staff
	err := m.tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		s, err = m.store.GetStaff(ctx, staffID)
		if err != nil {
			return err
		}
		p, err := principal.Authorize(ctx, principal.ManageStaff, s.Scope())
		if err != nil {
			return err
		}
		if p.ID == s.ID {
			return apperr.New(apperr.Forbidden, "identity.roles.self")
		}
		before := rolesDetail(s.Roles)
		names := make([]string, len(roles))
		for i, r := range roles {
			names[i] = string(r)
		}
		if err := m.store.SetStaffRoles(ctx, s.ID, names); err != nil {
			return err
		}
		s.Roles = slices.Clone(roles)
		return m.audit.AppendAudit(ctx, audit.New(ctx, m.now(), audit.RoleChange, "staff", itoa(s.ID), s.RegionCode, before+" -> "+rolesDetail(s.Roles)))
	})
	return s, err
}

func rolesDetail(rs []principal.Role) string {
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = string(r)
	}
	return strings.Join(names, ",")
}

// StaffMember returns one staff account visible to the principal.
func (m *Manager) StaffMember(ctx context.Context, id int64) (Staff, error) {
	s, err := m.store.GetStaff(ctx, id)
	if err != nil {
		return s, err
	}
	if _, err := principal.Authorize(ctx, principal.ViewStaff, s.Scope()); err != nil {
		return Staff{}, err
	}
	return s, nil
}

// StaffList lists staff accounts in a region subtree the principal covers.
func (m *Manager) StaffList(ctx context.Context, f StaffFilter) ([]Staff, int, error) {
	p := principal.From(ctx)
	if f.RegionPrefix == "" {
		f.RegionPrefix = p.Scope.RegionCode
	}
	if f.DepartmentID == 0 {
		f.DepartmentID = p.Scope.DepartmentID
	}
	if _, err := principal.Authorize(ctx, principal.ViewStaff, principal.Scope{RegionCode: f.RegionPrefix, DepartmentID: f.DepartmentID}); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	return m.store.ListStaff(ctx, f)
}

// StaffLogin signs a staff member in by username and password.
func (m *Manager) StaffLogin(ctx context.Context, username, pw, kind string) (Staff, string, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	if username == "" || pw == "" {
		return Staff{}, "", apperr.New(apperr.Invalid, "identity.login.failed")
	}
	s, err := m.store.FindStaffByUsername(ctx, username)
	found := err == nil && s.Active
	var token string
	err = m.signIn(ctx, "staff", s.RegionCode, s.ID, found, pw,
		func(ctx context.Context) (Credentials, error) { return m.store.StaffCredentials(ctx, s.ID) },
		func(ctx context.Context, c Credentials) error { return m.store.SetStaffCredentials(ctx, s.ID, c) },
		func(ctx context.Context) error {
			var err error
			token, _, err = m.newSession(ctx, kind, 0, s.ID)
			if err != nil {
				return err
			}
			ctx = principal.With(ctx, principal.Principal{Kind: principal.Staff, ID: s.ID, Name: s.Name})
			return m.audit.AppendAudit(ctx, audit.New(ctx, m.now(), audit.Login, "staff", itoa(s.ID), s.RegionCode, kind))
		})
	if err != nil {
		return Staff{}, "", err
	}
	return s, token, nil
}

// MyStaffProfile returns the signed-in staff member's own account; every staff
// member may see themself, whatever their roles.
func (m *Manager) MyStaffProfile(ctx context.Context) (Staff, error) {
	p, err := principal.RequireStaff(ctx)
	if err != nil {
		return Staff{}, err
	}
	return m.store.GetStaff(ctx, p.ID)
}
