package demo

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/license"
	"github.com/tongban/tongban/internal/region"
)

// OrgFinder finds a registered enterprise by its credit code; the store is one.
type OrgFinder interface {
	FindOrganizationByCode(ctx context.Context, code identity.CreditCode) (identity.Organization, error)
}

// businessLicenseRecord is what an enterprise's 营业执照 prints, from the
// reference enterprises.
type businessLicenseRecord struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	CreditCode string `json:"unified_social_credit_code"`
	LegalRep   string `json:"legal_representative"`
	Address    string `json:"address"`
	Profile    struct {
		Kind           string  `json:"kind"`
		LegalForm      string  `json:"legal_form"`
		IndustryName   string  `json:"industry_name"`
		Established    string  `json:"established_date"`
		CapitalWanYuan float64 `json:"registered_capital"`
	} `json:"profile"`
}

// InstallLicenses gives every issuing department of the demo its seal and
// every demo enterprise the 营业执照 it holds, issued through the license
// manager like any other, so the wallet, verification and 免证办 have
// something real to show from the first start.
func InstallLicenses(ctx context.Context, lm *license.Manager, regions *region.Manager, orgs OrgFinder) error {
	types, err := lm.Types(ctx)
	if err != nil {
		return err
	}
	var seen []string
	for _, t := range types {
		if t.IssuingDept == "" || slices.Contains(seen, t.IssuingDept) {
			continue
		}
		seen = append(seen, t.IssuingDept)
		d, err := regions.DepartmentBySlug(ctx, t.IssuingDept)
		if err != nil {
			return fmt.Errorf("demo seal of %s: %w", t.IssuingDept, err)
		}
		if _, err := lm.EnsureSeal(ctx, d.ID); err != nil {
			return fmt.Errorf("demo seal of %s: %w", t.IssuingDept, err)
		}
	}
	recs, err := load[businessLicenseRecord]("enterprises.json")
	if err != nil {
		return err
	}
	for _, r := range recs {
		o, err := orgs.FindOrganizationByCode(ctx, identity.CreditCode(r.CreditCode))
		if err != nil {
			return fmt.Errorf("demo licence of %s: %w", r.ID, err)
		}
		established, _ := time.Parse(time.RFC3339, r.Profile.Established)
		capital := strconv.FormatFloat(r.Profile.CapitalWanYuan, 'f', -1, 64) + "万元"
		if _, err := lm.Issue(ctx, license.IssueRequest{TypeSlug: "business-license", HolderName: o.Name,
			HolderCodeType: license.HolderCodeCreditCode, HolderCode: o.CreditCode.String(), HolderOrgID: o.ID, ValidFrom: established,
			Data: map[string]string{
				license.SourceHolderRep: r.LegalRep, license.SourceHolderAddress: r.Address,
				"form:类型": r.Profile.LegalForm, "form:经营范围": r.Profile.IndustryName, "form:注册资本（资金数额）": capital,
				"form:成立日期（注册日期）": established.In(time.FixedZone("CST", 8*3600)).Format("2006年1月2日"), "form:营业期限": "长期",
			}}); err != nil {
			return fmt.Errorf("demo licence of %s: %w", r.ID, err)
		}
	}
	return nil
}
