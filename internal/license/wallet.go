package license

import (
	"context"
	"slices"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
)

// actorName is the name of whoever acts in ctx, for the logs.
func actorName(ctx context.Context) string { return principal.From(ctx).Name }

// holder is the signed-in holder in ctx: a person, acting for themselves or
// for an enterprise.
func holder(ctx context.Context) (principal.Principal, error) { return principal.RequirePerson(ctx) }

// Wallet lists the caller's licenses (证照夹), newest first: the person's
// own, or the enterprise's when they act for one. Versions replaced by a
// re-issue are left out; History shows them.
func (m *Manager) Wallet(ctx context.Context) ([]License, error) {
	p, err := holder(ctx)
	if err != nil {
		return nil, err
	}
	ls, err := m.store.HolderLicenses(ctx, p.ID, p.OrgID, "")
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(ls, func(l License) bool { return l.Status == StatusSuperseded }), nil
}

// Mine returns one of the caller's licenses; anyone else's is not found.
func (m *Manager) Mine(ctx context.Context, id int64) (License, error) {
	p, err := holder(ctx)
	if err != nil {
		return License{}, err
	}
	l, err := m.store.GetLicense(ctx, id)
	if err != nil {
		return License{}, err
	}
	if !l.HeldBy(p) {
		return License{}, apperr.NotFoundf("license")
	}
	return l, nil
}

// HeldBy lists the caller's licenses of one type that can be relied on now
// (valid and not expired): what an application may offer instead of an
// upload (免证办).
func (m *Manager) HeldBy(ctx context.Context, typeSlug string) ([]License, error) {
	p, err := holder(ctx)
	if err != nil {
		return nil, err
	}
	ls, err := m.store.HolderLicenses(ctx, p.ID, p.OrgID, typeSlug)
	if err != nil {
		return nil, err
	}
	now := m.now()
	return slices.DeleteFunc(ls, func(l License) bool { return !l.Usable(now) }), nil
}

// History lists every version of a license, newest first, to its holder
// and to staff who may see the licenses of its issuer.
func (m *Manager) History(ctx context.Context, id int64) ([]License, error) {
	l, err := m.readable(ctx, id)
	if err != nil {
		return nil, err
	}
	vs, err := m.store.LicenseVersions(ctx, l.FirstID)
	if err != nil || l.HeldBy(principal.From(ctx)) {
		return vs, err
	}
	for i := range vs {
		vs[i] = redact(vs[i])
	}
	return vs, nil
}

// Uses lists who used a license (every version of it), when and why — to
// its holder, and to staff who may see the licenses of its issuer.
func (m *Manager) Uses(ctx context.Context, licenseID int64) ([]Usage, error) {
	l, err := m.readable(ctx, licenseID)
	if err != nil {
		return nil, err
	}
	return m.store.ListLicenseUses(ctx, l.FirstID)
}

// readable returns a license its holder or authorized staff may read about.
func (m *Manager) readable(ctx context.Context, id int64) (License, error) {
	p := principal.From(ctx)
	if p.Kind == principal.Anonymous {
		return License{}, apperr.New(apperr.Unauthenticated, "auth.required")
	}
	l, err := m.store.GetLicense(ctx, id)
	if err != nil {
		return License{}, err
	}
	switch {
	case l.HeldBy(p):
		return l, nil
	case p.Can(principal.ViewLicenses, l.Scope()):
		return l, nil
	}
	return License{}, apperr.NotFoundf("license")
}

// redact is a license as staff lists show it: the holder's ID number masked
// wherever it appears, and without the signed forms (which carry it).
func redact(l License) License {
	code := l.HolderCode
	l.HolderCode = l.MaskedHolderCode()
	if code != l.HolderCode {
		fields := make([]Field, len(l.Fields))
		for i, f := range l.Fields {
			if f.Value == code {
				f.Value = l.HolderCode
			}
			fields[i] = f
		}
		l.Fields = fields
	}
	l.Payload, l.SM2Signature, l.JWS = nil, nil, ""
	return l
}
