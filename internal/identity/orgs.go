package identity

import (
	"context"
	"strings"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/audit"
	"github.com/tongban/tongban/internal/platform/principal"
)

// OrgRegistration is what a person fills in to register an enterprise.
type OrgRegistration struct {
	CreditCode string
	Name       string
	LegalRep   string
	RegionCode string // empty: the registering person's region
}

func validateOrg(r OrgRegistration) (CreditCode, error) {
	var fs []apperr.FieldError
	code, err := ParseCreditCode(r.CreditCode)
	if err != nil {
		fs = append(fs, apperr.FieldErrors(err)...)
	}
	if n := len([]rune(strings.TrimSpace(r.Name))); n == 0 {
		fs = append(fs, apperr.FieldError{Field: "name", Key: "form.required"})
	} else if n > 100 {
		fs = append(fs, apperr.FieldError{Field: "name", Key: "form.too_long", Args: []any{100}})
	}
	if f := checkName("legal_rep", strings.TrimSpace(r.LegalRep)); f != nil {
		fs = append(fs, *f)
	}
	return code, apperr.Fields(fs)
}

// RegisterOrganization registers an enterprise and binds the signed-in person to
// it as its legal representative (when the names match) or as an agent.
func (m *Manager) RegisterOrganization(ctx context.Context, r OrgRegistration) (Organization, error) {
	pr, err := principal.RequirePerson(ctx)
	if err != nil {
		return Organization{}, err
	}
	code, err := validateOrg(r)
	if err != nil {
		return Organization{}, err
	}
	var o Organization
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		me, err := m.store.GetPerson(ctx, pr.ID)
		if err != nil {
			return err
		}
		region := r.RegionCode
		if region == "" {
			region = me.RegionCode
		}
		o = Organization{CreditCode: code, Name: strings.TrimSpace(r.Name), LegalRep: strings.TrimSpace(r.LegalRep), RegionCode: region, CreatedAt: m.now()}
		if err := m.insertOrg(ctx, &o); err != nil {
			return err
		}
		role := MemberAgent
		if o.LegalRep == me.Name {
			role = MemberLegalRep
		}
		o.MemberRole = role
		if err := m.store.AddMember(ctx, o.ID, me.ID, role, m.now()); err != nil {
			return err
		}
		return m.audit.AppendAudit(ctx, audit.New(ctx, m.now(), audit.Register, "organization", itoa(o.ID), o.RegionCode, string(code)))
	})
	return o, err
}

func (m *Manager) insertOrg(ctx context.Context, o *Organization) error {
	if _, err := m.store.FindOrganizationByCode(ctx, o.CreditCode); err == nil {
		return apperr.Field("credit_code", "identity.credit_code.taken")
	}
	if err := m.store.InsertOrganization(ctx, o); err != nil {
		if apperr.KindOf(err) == apperr.Conflict {
			return apperr.Field("credit_code", "identity.credit_code.taken")
		}
		return err
	}
	return nil
}

// InstallOrganization registers an organization during install, binding ownerID
// (0 for none) as its legal representative.
func (m *Manager) InstallOrganization(ctx context.Context, r OrgRegistration, ownerID int64) (Organization, error) {
	code, err := validateOrg(r)
	if err != nil {
		return Organization{}, err
	}
	o := Organization{CreditCode: code, Name: strings.TrimSpace(r.Name), LegalRep: strings.TrimSpace(r.LegalRep), RegionCode: r.RegionCode, CreatedAt: m.now()}
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		if err := m.insertOrg(ctx, &o); err != nil {
			return err
		}
		if ownerID == 0 {
			return nil
		}
		return m.store.AddMember(ctx, o.ID, ownerID, MemberLegalRep, m.now())
	})
	return o, err
}

// MyOrganizations lists the organizations the signed-in person may act for.
func (m *Manager) MyOrganizations(ctx context.Context) ([]Organization, error) {
	pr, err := principal.RequirePerson(ctx)
	if err != nil {
		return nil, err
	}
	return m.store.OrganizationsOf(ctx, pr.ID)
}

// ActFor switches the session behind token to act for organization orgID (0 to
// act for oneself again). The person must be bound to the organization.
func (m *Manager) ActFor(ctx context.Context, token string, orgID int64) error {
	pr, err := principal.RequirePerson(ctx)
	if err != nil {
		return err
	}
	if orgID != 0 {
		if _, err := m.store.MemberRole(ctx, orgID, pr.ID); err != nil {
			return apperr.Forbid()
		}
	}
	return m.store.SetSessionOrg(ctx, HashToken(token), orgID)
}

// Organizations lists registered organizations in a region subtree for staff.
func (m *Manager) Organizations(ctx context.Context, f OrgFilter) ([]Organization, int, error) {
	p := principal.From(ctx)
	if f.RegionPrefix == "" {
		f.RegionPrefix = p.Scope.RegionCode
	}
	if _, err := principal.Authorize(ctx, principal.ViewPeople, principal.Scope{RegionCode: f.RegionPrefix}); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	return m.store.ListOrganizations(ctx, f)
}
