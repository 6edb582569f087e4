package app_test

import (
	"context"
	"testing"

	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/testkit"
)

// 免证办: an enterprise that holds a 营业执照 applies for 食品经营许可, whose
// materials include it, and uploads nothing for that material; the reviewer
// reads the verified license for a stated purpose, and the holder sees that
// use in the license's usage log.
func TestApplyWithHeldLicense(t *testing.T) {
	t.Parallel()
	a := testkit.DemoApp(t)
	ctx := context.Background()
	owner, err := a.Store.FindPersonByIDNumber(ctx, identity.IDNumber("620825198503180510")) // 陈永福
	if err != nil {
		t.Fatal(err)
	}
	org, err := a.Store.FindOrganizationByCode(ctx, identity.CreditCode("92620825TB00022776")) // 庄浪县水洛镇示例面馆
	if err != nil {
		t.Fatal(err)
	}
	asOrg := principal.With(ctx, principal.Principal{Kind: principal.Person, ID: owner.ID, Name: owner.Name, OrgID: org.ID})
	held, err := a.Licenses.HeldBy(asOrg, "business-license")
	if err != nil || len(held) != 1 {
		t.Fatalf("the enterprise's 营业执照 = %v, %v", held, err)
	}
	bl := held[0]
	if own, _ := a.Licenses.HeldBy(testkit.AsPerson(ctx, owner.ID, owner.Name), "business-license"); len(own) != 0 {
		t.Fatalf("acting for himself, 陈永福 holds the enterprise's licence: %v", own)
	}

	item, err := a.Items.PublishedBySlug(ctx, "food-biz-license")
	if err != nil {
		t.Fatal(err)
	}
	pub, err := a.Cases.Item(ctx, item.ID)
	if err != nil {
		t.Fatal(err)
	}
	var linked string
	for _, m := range pub.Materials {
		if m.LicenseTypeID == "business-license" {
			linked = m.Name
		}
	}
	if linked == "" {
		t.Fatal("食品经营许可 has no material linked to the 营业执照")
	}

	// Someone else's licence, or a wrong one, is refused at submission.
	stranger := testkit.AsPerson(ctx, owner.ID, owner.Name) // the same person, not acting for the enterprise
	d, err := a.Cases.SaveDraft(stranger, casework.Application{ItemID: item.ID, Form: testkit.Form(),
		Materials: []casework.MaterialCheck{{Name: linked, LicenseRef: bl.Identifier, Provided: true}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Cases.Submit(stranger, d.ID); apperr.KindOf(err) != apperr.Invalid {
		t.Fatalf("submitting with a licence one does not hold: %v", err)
	}

	d, err = a.Cases.SaveDraft(asOrg, casework.Application{ItemID: item.ID, Form: testkit.Form(),
		Materials: []casework.MaterialCheck{{Name: linked, LicenseRef: bl.Identifier}}})
	if err != nil {
		t.Fatal(err)
	}
	c, err := a.Cases.Submit(asOrg, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	v, err := a.Cases.Case(asOrg, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var line casework.MaterialCheck
	for _, m := range v.Application.Materials {
		if m.Name == linked {
			line = m
		}
	}
	if !line.Provided || line.LicenseRef != bl.Identifier || line.Trust != casework.TrustIssued || line.FileID != 0 {
		t.Fatalf("the licence line = %+v; want provided by the licence, trust A, no file", line)
	}

	staff := func(username string) context.Context {
		s, err := a.Store.FindStaffByUsername(ctx, username)
		if err != nil {
			t.Fatal(err)
		}
		return principal.With(ctx, principal.Principal{Kind: principal.Staff, ID: s.ID, Name: s.Name, Roles: s.Roles, Scope: s.Scope()})
	}
	if _, _, err := a.Licenses.Use(staff("reviewer.scjg"), bl.Identifier, "", c.ID); apperr.KindOf(err) != apperr.Invalid {
		t.Fatalf("a read without a purpose: %v", err)
	}
	if _, _, err := a.Licenses.Use(staff("reviewer.wjj"), bl.Identifier, "核验", c.ID); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("another department's reviewer read it for this case: %v", err)
	}
	got, verified, err := a.Licenses.Use(staff("reviewer.scjg"), bl.Identifier, "办理办件 "+c.Number+"，核验营业执照", c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !verified.Valid || got.HolderCode != "92620825TB00022776" || got.HolderName != org.Name {
		t.Fatalf("verified data: valid=%v holder=%s %s", verified.Valid, got.HolderName, got.HolderCode)
	}
	uses, err := a.Licenses.Uses(asOrg, bl.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(uses) != 1 || uses[0].ActorName != "周审核" || uses[0].Purpose != "办理办件 "+c.Number+"，核验营业执照" || uses[0].CaseID != c.ID {
		t.Fatalf("the holder's usage log = %+v", uses)
	}
}
