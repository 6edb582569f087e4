package app

import (
	"context"
	"strconv"

	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/license"
	"github.com/tongban/tongban/internal/platform/apperr"
)

// licenseLookups adapts the store to what license asks of other modules:
// issuing departments and the cases a use cites.
type licenseLookups struct{ a *App }

// LicenseDepartment returns an issuing department by id.
func (d licenseLookups) LicenseDepartment(ctx context.Context, id int64) (license.Department, error) {
	dept, err := d.a.Store.GetDepartment(ctx, id)
	return license.Department{ID: dept.ID, Slug: dept.Slug, Name: dept.Name, RegionCode: dept.RegionCode, CreditCode: dept.CreditCode}, err
}

// LicenseDepartmentBySlug returns an issuing department by slug.
func (d licenseLookups) LicenseDepartmentBySlug(ctx context.Context, slug string) (license.Department, error) {
	dept, err := d.a.Store.GetDepartmentBySlug(ctx, slug)
	return license.Department{ID: dept.ID, Slug: dept.Slug, Name: dept.Name, RegionCode: dept.RegionCode, CreditCode: dept.CreditCode}, err
}

// LicenseCase returns the facts of a case a license use cites.
func (d licenseLookups) LicenseCase(ctx context.Context, id int64) (license.CaseFacts, error) {
	c, err := d.a.Store.GetCase(ctx, id)
	return license.CaseFacts{Number: c.Number, RegionCode: c.RegionCode, DepartmentID: c.DepartmentID,
		PersonID: c.PersonID, OrgID: c.OrgID}, err
}

// wireLicenses builds the license manager, makes its platform keys on first
// start, and has it issue a license when a case concludes with one.
func (a *App) wireLicenses(ctx context.Context) error {
	a.Licenses = license.NewManager(license.Deps{Tx: a.DB, Store: a.Store, Departments: licenseLookups{a},
		Cases: licenseLookups{a}, Audit: a.Store, Now: a.Now})
	if err := a.Licenses.EnsureKeys(ctx); err != nil {
		return err
	}
	a.Cases.Observe(casework.ObserverFunc(a.issueLicense))
	return nil
}

// TimelineLicenseIssued is the case timeline entry of an issued license.
const TimelineLicenseIssued = "license.issued"

// issueLicense issues the license of an approved case whose item concludes
// with one (出证办结), from the case's data, in the decision's transaction;
// the case's timeline notes its identifier.
func (a *App) issueLicense(ctx context.Context, c casework.Case, e casework.Event) error {
	if e.Action != casework.ActionApprove && e.Action != casework.ActionCommitment {
		return nil
	}
	item, err := a.Cases.Item(ctx, c.ItemID)
	if apperr.KindOf(err) == apperr.NotFound {
		return nil // withdrawn since: nothing says which license it issues
	} else if err != nil {
		return err
	}
	conclusion := c.Conclusion
	if conclusion == "" {
		conclusion = item.ResultType
	}
	if conclusion != casework.ConclusionLicense || item.ResultLicenseType == "" {
		return nil
	}
	// An item may name a type this install does not hold (a catalog imported
	// from elsewhere): the decision stands, there is just no licence to issue.
	if _, err := a.Licenses.Type(ctx, item.ResultLicenseType); apperr.KindOf(err) == apperr.NotFound {
		return nil
	} else if err != nil {
		return err
	}
	r, err := a.licenseRequest(ctx, c, item)
	if err != nil {
		return err
	}
	l, err := a.Licenses.Issue(ctx, r)
	if err != nil {
		return err
	}
	return a.Cases.Note(ctx, c.ID, TimelineLicenseIssued, l.TypeName+" "+l.Identifier,
		map[string]string{"license_id": strconv.FormatInt(l.ID, 10), "identifier": l.Identifier})
}

// licenseRequest gathers what a license is issued from: the holder (the
// enterprise applied for, or the person), the application form by key and by
// label, and the item's name.
func (a *App) licenseRequest(ctx context.Context, c casework.Case, item casework.PublishedItem) (license.IssueRequest, error) {
	r := license.IssueRequest{TypeSlug: item.ResultLicenseType, DepartmentID: c.DepartmentID, CaseID: c.ID, CaseNumber: c.Number,
		Data: map[string]string{license.SourceItemName: c.ItemName}}
	app, err := a.Store.GetApplication(ctx, c.ApplicationID)
	if err != nil {
		return r, err
	}
	for k, v := range app.Form {
		r.Data[license.SourceFormPrefix+k] = v
	}
	if spec, err := a.Cases.FormFor(ctx, c.ItemID); err == nil {
		for _, f := range spec.Fields {
			if v, ok := app.Form[f.Name]; ok && f.Label != "" {
				r.Data[license.SourceFormPrefix+f.Label] = v
			}
		}
	} else if apperr.KindOf(err) != apperr.NotFound {
		return r, err
	}
	r.Data[license.SourceHolderAddress] = app.Form["address"]
	if c.OrgID != 0 {
		o, err := a.Store.GetOrganization(ctx, c.OrgID)
		if err != nil {
			return r, err
		}
		r.HolderName, r.HolderCodeType, r.HolderCode, r.HolderOrgID = o.Name, license.HolderCodeCreditCode, o.CreditCode.String(), o.ID
		r.Data[license.SourceHolderRep] = o.LegalRep
		return r, nil
	}
	p, err := a.Store.GetPerson(ctx, c.PersonID)
	if err != nil {
		return r, err
	}
	r.HolderName, r.HolderCodeType, r.HolderCode, r.HolderPersonID = p.Name, license.HolderCodeIDCard, p.IDNumber.String(), p.ID
	r.Data[license.SourceHolderRep] = p.Name
	return r, nil
}
