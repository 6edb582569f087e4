package app_test

import (
	"context"
	"testing"

	"github.com/tongban/tongban/internal/app"
	"github.com/tongban/tongban/internal/license"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/testkit"
)

// matrixMarketLicense finds a demo 营业执照 the market regulator issued and
// the regulator's seal, for the rows of the license pages: the reviewer of
// 县市场监管局 is in their scope, the 南湖镇 clerk is not.
func matrixMarketLicense(t *testing.T, a *app.App, dept int64) (licenseID, sealID int64) {
	t.Helper()
	admin := testkit.AsStaff(context.Background(), 0, principal.SystemAdmin, "620825", 0)
	ls, _, err := a.Licenses.List(admin, license.Filter{TypeSlug: "business-license", Limit: 1})
	if err != nil || len(ls) == 0 {
		t.Fatalf("a demo 营业执照: %v %v", ls, err)
	}
	seals, err := a.Licenses.Seals(admin)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range seals {
		if s.DepartmentID == dept {
			return ls[0].ID, s.ID
		}
	}
	t.Fatalf("no seal of the market regulator among %d", len(seals))
	return 0, 0
}
