package license

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
)

// MaxPurpose is the longest 用证事由, in characters (GB/T 36906 practice).
const MaxPurpose = 200

// How a use reached the license.
const (
	ViaWeb   = "web"   // a staff page
	ViaAPI   = "api"   // a departmental system by identifier
	ViaQuery = "query" // a departmental system's query by holder
)

// cleanPurpose checks a stated purpose.
func cleanPurpose(purpose string) (string, error) {
	purpose = strings.TrimSpace(purpose)
	switch n := utf8.RuneCountInString(purpose); {
	case n == 0:
		return "", apperr.Field("purpose", "license.purpose.required")
	case n > MaxPurpose:
		return "", apperr.Field("purpose", "license.purpose.long", MaxPurpose)
	}
	return purpose, nil
}

// Use reads a license for a stated purpose (用证): the full license and a
// fresh verification. Staff who handle cases (principal.UseLicenses) may
// use the licenses issued in their region; citing a case narrows it further:
// the case must be in the caller's scope (their department) and its
// applicant must be the holder. Every use is recorded for the holder to see,
// audited and appended to the log.
func (m *Manager) Use(ctx context.Context, identifier, purpose string, caseID int64) (License, Verification, error) {
	// The role first, so no one without it learns which identifiers exist.
	if _, err := principal.AuthorizeOwn(ctx, principal.UseLicenses); err != nil {
		return License{}, Verification{}, err
	}
	purpose, err := cleanPurpose(purpose)
	if err != nil {
		return License{}, Verification{}, err
	}
	l, err := m.store.GetLicenseByIdentifier(ctx, strings.TrimSpace(identifier))
	if err != nil {
		return License{}, Verification{}, err
	}
	p, err := principal.Authorize(ctx, principal.UseLicenses, principal.Scope{RegionCode: l.RegionCode})
	if err != nil {
		return License{}, Verification{}, err
	}
	if err := m.checkCase(ctx, p, l, caseID); err != nil {
		return License{}, Verification{}, err
	}
	via := ViaWeb
	if p.Via == ViaAPI {
		via = ViaAPI
	}
	err = m.tx.InTx(ctx, func(ctx context.Context) error { return m.recordUse(ctx, p, l, purpose, caseID, via) })
	if err != nil {
		return License{}, Verification{}, err
	}
	v, err := m.verify(ctx, l)
	return l, v, err
}

// checkCase checks the case a use cites.
func (m *Manager) checkCase(ctx context.Context, p principal.Principal, l License, caseID int64) error {
	if caseID == 0 {
		return nil
	}
	if m.cases == nil {
		return apperr.Field("case_id", "license.use.case")
	}
	c, err := m.cases.LicenseCase(ctx, caseID)
	if apperr.KindOf(err) == apperr.NotFound {
		return apperr.Field("case_id", "license.use.case")
	} else if err != nil {
		return err
	}
	if !p.Scope.Covers(principal.Scope{RegionCode: c.RegionCode, DepartmentID: c.DepartmentID}) {
		return apperr.New(apperr.Forbidden, "license.use.case_scope")
	}
	holds := l.HolderOrgID == c.OrgID && (c.OrgID != 0 || l.HolderPersonID == c.PersonID)
	if !holds {
		return apperr.New(apperr.Forbidden, "license.use.not_holder")
	}
	return nil
}

// recordUse writes a use, its audit entry and its log leaf.
func (m *Manager) recordUse(ctx context.Context, p principal.Principal, l License, purpose string, caseID int64, via string) error {
	u := Usage{LicenseID: l.ID, Identifier: l.Identifier, ActorKind: string(p.Kind), ActorID: p.ID, ActorName: p.Name,
		DepartmentID: p.Scope.DepartmentID, RegionCode: p.Scope.RegionCode, Purpose: purpose, CaseID: caseID, Via: via, At: m.now()}
	if p.Via == ViaAPI {
		u.ActorKind = ViaAPI
	}
	if u.DepartmentID != 0 {
		d, err := m.depts.LicenseDepartment(ctx, u.DepartmentID)
		if err != nil && apperr.KindOf(err) != apperr.NotFound {
			return err
		}
		u.DepartmentName = d.Name
	}
	if err := m.store.InsertLicenseUse(ctx, &u, l.FirstID); err != nil {
		return err
	}
	if err := m.auditf(ctx, "license.use", "license", strconv.FormatInt(l.ID, 10), l.RegionCode, l.Identifier+" "+purpose); err != nil {
		return err
	}
	idx, err := m.appendLog(ctx, EntryUse, l.ID, useEntry{Kind: EntryUse, Identifier: l.Identifier, UseID: u.ID,
		DepartmentID: u.DepartmentID, PurposeSHA256: digest([]byte(purpose)), At: entryTime(u.At)})
	if err != nil {
		return err
	}
	return m.store.SetLicenseUseLogIndex(ctx, u.ID, idx)
}

// QueryByHolder is a departmental system's query by holder (GB/T 36906
// practice): the licenses issued in the caller's region to the holder with
// that code, optionally of one type or number, for a stated purpose. It is
// authorized as Use is, and each license returned is recorded as a use.
func (m *Manager) QueryByHolder(ctx context.Context, q HolderQuery) ([]License, error) {
	p, err := principal.AuthorizeOwn(ctx, principal.UseLicenses)
	if err != nil {
		return nil, err
	}
	purpose, err := cleanPurpose(q.Purpose)
	if err != nil {
		return nil, err
	}
	if q.HolderCodeType != HolderCodeIDCard && q.HolderCodeType != HolderCodeCreditCode {
		return nil, apperr.Field("holder_code_type", "form.choice")
	}
	code := strings.ToUpper(strings.TrimSpace(q.HolderCode))
	if code == "" {
		return nil, apperr.Field("holder_code", "form.required")
	}
	found, err := m.store.LicensesByHolderCode(ctx, q.HolderCodeType, code, q.TypeSlug)
	if err != nil {
		return nil, err
	}
	var out []License
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		for _, l := range found {
			if !p.Scope.Covers(principal.Scope{RegionCode: l.RegionCode}) || l.Status == StatusSuperseded ||
				(q.Number != "" && l.Number != strings.TrimSpace(q.Number)) {
				continue
			}
			if err := m.recordUse(ctx, p, l, purpose, 0, ViaQuery); err != nil {
				return err
			}
			out = append(out, l)
		}
		return nil
	})
	return out, err
}
