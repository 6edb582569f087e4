package casework

import (
	"context"
	"slices"

	"github.com/tongban/tongban/internal/platform/apperr"
)

// LicenseHolder is the e-license module as casework sees it (免证办): whether
// the applicant signed in holds a license they may use now. The composition
// root plugs it in; without it no material can be satisfied by a license.
type LicenseHolder interface {
	// HeldType returns the type of the license with this identifier when the
	// principal in ctx holds it and it is usable (valid, not expired), and a
	// NotFound error otherwise.
	HeldType(ctx context.Context, identifier string) (string, error)
}

// UseLicenses plugs the license module in; app calls it while wiring.
func (m *Manager) UseLicenses(l LicenseHolder) { m.licenses = l }

// checkLicenses confirms every material the applicant satisfies with a
// license (LicenseRef) instead of a file: the license must be theirs, usable,
// and of the type the material is linked to. Such a line becomes trust level A
// (issued by the platform) with no file. It runs at submission, so a license
// revoked while the application was a draft is caught.
func (m *Manager) checkLicenses(ctx context.Context, items []PublishedItem, mats []MaterialCheck) ([]MaterialCheck, error) {
	out := slices.Clone(mats)
	for i, mat := range out {
		if mat.LicenseRef == "" {
			continue
		}
		if m.licenses == nil {
			return nil, apperr.Field("materials", "casework.license.unavailable")
		}
		held, err := m.licenses.HeldType(ctx, mat.LicenseRef)
		if apperr.KindOf(err) == apperr.NotFound {
			return nil, apperr.Field("materials", "casework.license.not_held", mat.Name)
		} else if err != nil {
			return nil, err
		}
		if !linkedTo(items, mat.Name, held) {
			return nil, apperr.Field("materials", "casework.license.wrong_type", mat.Name)
		}
		out[i].Provided, out[i].Trust = true, TrustIssued
		out[i].FileID, out[i].FileName, out[i].SHA256 = 0, "", ""
	}
	return out, nil
}

// linkedTo reports whether any of the items asks for a material of this name
// that a license of type typeSlug may replace.
func linkedTo(items []PublishedItem, name, typeSlug string) bool {
	for _, it := range items {
		for _, im := range it.Materials {
			if im.Name == name && im.LicenseTypeID != "" && im.LicenseTypeID == typeSlug {
				return true
			}
		}
	}
	return false
}
