package app_test

import (
	"context"
	"testing"

	"github.com/tongban/tongban/internal/app"
	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/license"
)

// matrixLicense issues 王建国 a licence of his own (issuance authorizes
// nothing), so the holder's routes of the matrix have something to show.
func matrixLicense(t *testing.T, a *app.App, wang identity.Person) (int64, string) {
	t.Helper()
	l, err := a.Licenses.Issue(context.Background(), license.IssueRequest{TypeSlug: "employment-card", HolderName: wang.Name,
		HolderCodeType: license.HolderCodeIDCard, HolderCode: wang.IDNumber.String(), HolderPersonID: wang.ID})
	if err != nil {
		t.Fatal(err)
	}
	return l.ID, l.Identifier
}
