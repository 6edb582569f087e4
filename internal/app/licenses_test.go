package app_test

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"github.com/tongban/tongban/internal/app"
	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/license"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/testkit"
)

// Every demo enterprise holds a genuine 营业执照 from the first start.
func TestDemoEnterprisesHoldBusinessLicences(t *testing.T) {
	t.Parallel()
	a := testkit.DemoApp(t)
	ctx := context.Background()
	o, err := a.Store.FindOrganizationByCode(ctx, identity.CreditCode("91620825TB00010121"))
	if err != nil {
		t.Fatal(err)
	}
	rep := principal.With(ctx, principal.Principal{Kind: principal.Person, ID: 1, Name: "柳卫东", OrgID: o.ID})
	held, err := a.Licenses.HeldBy(rep, "business-license")
	if err != nil || len(held) != 1 {
		t.Fatalf("the enterprise holds %+v, %v", held, err)
	}
	l := held[0]
	if l.HolderName != o.Name || l.Number != "91620825TB00010121" || l.IssuerName != "庄浪县市场监督管理局" {
		t.Errorf("licence %+v", l)
	}
	v, err := a.Licenses.Verify(ctx, l.Identifier)
	if err != nil || !v.Valid {
		t.Fatalf("demo licence does not verify: %+v, %v", v, err)
	}
	size, _, err := a.Licenses.LogRoot(ctx)
	if err != nil || size != 40 {
		t.Errorf("log holds %d entries after install, want one per demo enterprise (40), %v", size, err)
	}
}

// Approving a case whose item concludes with a licence issues it to the
// applicant in the decision's transaction and notes it on the timeline;
// the reviewer's use of it shows in the holder's use log.
func TestApprovalIssuesTheLicence(t *testing.T) {
	t.Parallel()
	db := testkit.NewDB(t)
	a := testkit.DemoApp(t, testkit.WithDB(db))
	c, me := decidedCase(t, a, map[string]string{"address": "庄浪县水洛镇紫荆路 88 号"})
	if tl := timelineOf(t, a, me, c.ID); !slices.Contains(tl, app.TimelineLicenseIssued) {
		t.Fatalf("timeline %v lacks the licence", tl)
	}
	w, err := a.Licenses.Wallet(me)
	if err != nil || len(w) != 1 {
		t.Fatalf("wallet %+v, %v", w, err)
	}
	l := w[0]
	if l.TypeSlug != "food-business-license" || l.CaseID != c.ID || l.HolderCodeType != license.HolderCodeIDCard || l.HolderCode != "620825196302140118" {
		t.Errorf("licence %+v", l)
	}
	v, err := a.Licenses.Verify(context.Background(), l.Identifier)
	if err != nil || !v.Valid {
		t.Fatalf("issued licence: %+v, %v", v, err)
	}
	// The licence carries 王建国's ID number in its holder code, its fields,
	// its payload and its JWS: none of it is stored in plain text.
	if raw := rawDatabase(t, db); bytes.Contains(raw, []byte(l.HolderCode)) {
		t.Error("the raw database contains the licence holder's ID number")
	}
	reviewer := staffOf(t, a, "reviewer.scjg")
	if _, _, err := a.Licenses.Use(reviewer, l.Identifier, "复核食品经营许可", c.ID); err != nil {
		t.Fatal(err)
	}
	// A reviewer of another department may not cite this case.
	health := staffOf(t, a, "reviewer.wjj")
	if _, _, err := a.Licenses.Use(health, l.Identifier, "复核", c.ID); apperr.KindOf(err) != apperr.Forbidden {
		t.Errorf("another department cites the case: %v", err)
	}
	uses, err := a.Licenses.Uses(me, l.ID)
	if err != nil || len(uses) != 1 || uses[0].ActorName != "周审核" || uses[0].Purpose != "复核食品经营许可" {
		t.Fatalf("holder's use log %+v, %v", uses, err)
	}
	// The head revokes it: the verification says so at once.
	if _, err := a.Licenses.Revoke(staffOf(t, a, "admin"), l.ID, "许可决定被撤销"); err != nil {
		t.Fatal(err)
	}
	if v, _ := a.Licenses.Verify(context.Background(), l.Identifier); v.Valid || v.Status != license.StatusRevoked {
		t.Fatalf("after revocation: %+v", v)
	}
}
