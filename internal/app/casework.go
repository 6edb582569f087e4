package app

import (
	"context"
	"time"

	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/catalog"
	"github.com/tongban/tongban/internal/license"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/calendar"
)

// chinaTime is where case days are counted. China keeps one offset all year,
// so a fixed zone needs no time-zone database on the machine.
var chinaTime = time.FixedZone("CST", 8*3600)

// CatalogItems lets casework read the published item version a case is made
// under, without casework importing the catalog.
type CatalogItems struct{ Catalog *catalog.Manager }

// Published adapts catalog.Manager.Published to casework.ItemSource.
func (c CatalogItems) Published(ctx context.Context, id int64) (casework.PublishedItem, error) {
	p, err := c.Catalog.Published(ctx, id)
	if err != nil {
		return casework.PublishedItem{}, err
	}
	e := p.Version.Elements
	out := casework.PublishedItem{
		ItemID: p.ID, Version: p.Version.Version, Name: e.Name, RegionCode: p.RegionCode, DepartmentID: p.DepartmentID,
		ImplCode: e.ImplCode, PromisedDays: e.PromisedDays, StatutoryDays: e.StatutoryDays, StatutoryUnit: e.StatutoryUnit,
		ServiceObjects: e.ServiceObjects, Suspended: p.State == catalog.StateSuspended, Slug: p.Slug, HandleRange: e.HandleRange,
		Charged: e.Fee.Charged, PayOnline: e.Fee.PayOnline, SubmissionFeeFen: e.Fee.AtSubmissionFen,
		ResultName: e.Result.Name, ResultType: e.Result.Type, ResultLicenseType: e.Result.LicenseTypeID,
	}
	for _, m := range e.Materials {
		out.Materials = append(out.Materials, casework.ItemMaterial{Name: m.Name, Requirement: m.Required,
			Condition: m.Condition, LicenseTypeID: m.LicenseTypeID})
	}
	for _, f := range e.Fee.Items {
		out.FeeLines = append(out.FeeLines, casework.FeeLine{Name: f.Name, Standard: f.Standard})
	}
	for _, sp := range e.SpecialProcedures {
		out.SpecialProcedures = append(out.SpecialProcedures, sp.Name)
	}
	return out, nil
}

// newCases wires the case-handling module.
func (a *App) newCases() error {
	cal, err := calendar.New()
	if err != nil {
		return err
	}
	a.Calendar = cal
	a.Cases = casework.NewManager(casework.Deps{
		Tx: a.DB, Store: a.Store, Items: CatalogItems{a.Items}, Audit: a.Store, Calendar: cal,
		Numbers: casework.NewNumberer(a.Store, chinaTime), Now: a.Now, Location: chinaTime,
		Thresholds:  casework.Thresholds{WarnWorkdays: a.Config.LightYellowDays, WarnShare: a.Config.LightYellowShare},
		Departments: caseDepartments{a},
	})
	return nil
}

// licenseHolder lets casework ask the license module whether the applicant
// holds a usable license (免证办), without casework knowing the module.
type licenseHolder struct {
	licenses *license.Manager
	now      func() time.Time
}

// HeldType finds the license in the signed-in holder's wallet.
func (h licenseHolder) HeldType(ctx context.Context, identifier string) (string, error) {
	ls, err := h.licenses.Wallet(ctx)
	if err != nil {
		return "", err
	}
	for _, l := range ls {
		if l.Identifier == identifier && l.Usable(h.now()) {
			return l.TypeSlug, nil
		}
	}
	return "", apperr.NotFoundf("license")
}
