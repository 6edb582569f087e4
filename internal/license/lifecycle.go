package license

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
)

// Get returns a license to staff who may see its issuer's licenses, with
// the holder's ID number masked (Use reveals it, for a stated purpose).
func (m *Manager) Get(ctx context.Context, id int64) (License, error) {
	l, err := m.store.GetLicense(ctx, id)
	if err != nil {
		return License{}, err
	}
	if _, err := principal.Authorize(ctx, principal.ViewLicenses, l.Scope()); err != nil {
		if apperr.KindOf(err) == apperr.Forbidden {
			// Outside the caller's scope a licence is as good as absent.
			return License{}, apperr.NotFoundf("license")
		}
		return License{}, err
	}
	return redact(l), nil
}

// List lists the licenses issued in the caller's scope (their department's,
// or their region's for staff of no department), newest first.
func (m *Manager) List(ctx context.Context, f Filter) ([]License, int, error) {
	p, err := principal.AuthorizeOwn(ctx, principal.ViewLicenses)
	if err != nil {
		return nil, 0, err
	}
	f.RegionPrefix, f.DepartmentID = p.Scope.RegionCode, p.Scope.DepartmentID
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	f.Offset = max(f.Offset, 0)
	ls, total, err := m.store.ListLicenses(ctx, f)
	for i := range ls {
		ls[i] = redact(ls[i])
	}
	return ls, total, err
}

// A transition is a lifecycle change: the stored states it leaves and the
// state it reaches.
type transition struct {
	action string
	from   []Status
	to     Status
}

var (
	suspendT = transition{"suspend", []Status{StatusValid}, StatusSuspended}
	resumeT  = transition{"resume", []Status{StatusSuspended}, StatusValid}
	revokeT  = transition{"revoke", []Status{StatusValid, StatusSuspended}, StatusRevoked}
	cancelT  = transition{"cancel", []Status{StatusValid, StatusSuspended}, StatusCancelled}
	reissueT = transition{"reissue", []Status{StatusValid, StatusSuspended}, StatusSuperseded}
)

// Suspend suspends a license (暂停): it stops verifying as valid until
// resumed.
func (m *Manager) Suspend(ctx context.Context, id int64, reason string) (License, error) {
	return m.change(ctx, id, reason, suspendT)
}

// Resume puts a suspended license back in force.
func (m *Manager) Resume(ctx context.Context, id int64, reason string) (License, error) {
	return m.change(ctx, id, reason, resumeT)
}

// Revoke revokes a license (吊销/撤销), for good.
func (m *Manager) Revoke(ctx context.Context, id int64, reason string) (License, error) {
	return m.change(ctx, id, reason, revokeT)
}

// Cancel cancels a license (注销), for good.
func (m *Manager) Cancel(ctx context.Context, id int64, reason string) (License, error) {
	return m.change(ctx, id, reason, cancelT)
}

// changeable loads a license for a lifecycle change and checks the caller
// may change it: the issuing department's head, or a system administrator
// over its region (principal.ManageLicenses), with a reason.
func (m *Manager) changeable(ctx context.Context, id int64, reason string, t transition) (License, string, error) {
	l, err := m.store.GetLicense(ctx, id)
	if err != nil {
		return License{}, "", err
	}
	if _, err := principal.Authorize(ctx, principal.ManageLicenses, l.Scope()); err != nil {
		return License{}, "", err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return License{}, "", apperr.Field("reason", "license.reason.required")
	}
	if utf8.RuneCountInString(reason) > 500 {
		return License{}, "", apperr.Field("reason", "license.reason.long")
	}
	if !slices.Contains(t.from, l.Status) {
		return License{}, "", apperr.New(apperr.Conflict, "license.status.not_now")
	}
	return l, reason, nil
}

// change applies a lifecycle transition, audits and logs it.
func (m *Manager) change(ctx context.Context, id int64, reason string, t transition) (License, error) {
	l, reason, err := m.changeable(ctx, id, reason, t)
	if err != nil {
		return License{}, err
	}
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		return m.setStatus(ctx, &l, t, reason)
	})
	return l, err
}

// setStatus moves l along t in ctx's transaction.
func (m *Manager) setStatus(ctx context.Context, l *License, t transition, reason string) error {
	now := m.now()
	from := l.Status
	ok, err := m.store.UpdateLicenseStatus(ctx, l.ID, from, t.to, reason, now)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.New(apperr.Conflict, "license.status.not_now")
	}
	l.Status, l.StatusReason, l.StatusAt = t.to, reason, now
	if err := m.auditf(ctx, "license."+t.action, "license", strconv.FormatInt(l.ID, 10), l.RegionCode, l.Identifier); err != nil {
		return err
	}
	_, err = m.appendLog(ctx, EntryStatus, l.ID, statusEntry{Kind: EntryStatus, Identifier: l.Identifier,
		Status: string(t.to), ReasonSHA256: digest([]byte(reason)), At: entryTime(now)})
	return err
}

// Reissue re-issues a license as a new version (换发/补发): the same serial
// with the version part of the identifier one higher, signed afresh by the
// department's current seal; the old version becomes superseded. Fields and
// the end of validity may change; everything else carries over.
func (m *Manager) Reissue(ctx context.Context, id int64, r ReissueRequest) (License, error) {
	old, reason, err := m.changeable(ctx, id, r.Reason, reissueT)
	if err != nil {
		return License{}, err
	}
	if old.Version >= 999 {
		return License{}, apperr.New(apperr.Conflict, "license.version.exhausted")
	}
	now := m.now()
	n := old
	n.ID, n.Version, n.PreviousID, n.IssuedAt = 0, old.Version+1, old.ID, now
	n.Status, n.StatusReason, n.StatusAt = StatusValid, "", now
	n.Identifier = Identifier{TypeCode: old.TypeCode, IssuerCode: old.IssuerCode, Serial: old.Serial, Version: n.Version}.String()
	if r.Fields != nil {
		n.Fields = r.Fields
	}
	if !r.ValidUntil.IsZero() {
		n.ValidUntil = r.ValidUntil
	}
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		if err := m.setStatus(ctx, &old, reissueT, reason); err != nil {
			return err
		}
		if err := m.seal(ctx, &n, old.Identifier, "reissue"); err != nil {
			return err
		}
		return m.auditf(ctx, "license.issue", "license", strconv.FormatInt(n.ID, 10), n.RegionCode, n.Identifier)
	})
	if err != nil {
		return License{}, err
	}
	return n, nil
}
