package license_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tongban/tongban/internal/license"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
)

func TestUseIsAuthorizedAndSeenByTheHolder(t *testing.T) {
	t.Parallel()
	f := setup(t)
	l := f.issueBusiness(t)
	ctx := context.Background()
	f.cases[1] = license.CaseFacts{Number: "C1", RegionCode: county, DepartmentID: f.market.ID, OrgID: orgID, PersonID: personID}
	f.cases[2] = license.CaseFacts{Number: "C2", RegionCode: county, DepartmentID: f.market.ID, PersonID: personID + 5}
	reviewer := asStaff(ctx, principal.Reviewer, f.market)

	got, v, err := f.m.Use(reviewer, l.Identifier, "食品经营许可申请材料核验", 1)
	if err != nil {
		t.Fatal(err)
	}
	if got.HolderCode != enterprise || !v.Valid {
		t.Fatalf("use returned %+v / %+v", got, v)
	}
	for _, c := range []struct {
		name    string
		ctx     context.Context
		purpose string
		caseID  int64
		kind    apperr.Kind
	}{
		{"no purpose", reviewer, "  ", 0, apperr.Invalid},
		{"purpose too long", reviewer, strings.Repeat("事", license.MaxPurpose+1), 0, apperr.Invalid},
		{"staff of another county", asStaff(ctx, principal.Reviewer, f.away), "核验", 0, apperr.Forbidden},
		{"case of another department", asStaff(ctx, principal.Reviewer, f.health), "核验", 1, apperr.Forbidden},
		{"case of another applicant", reviewer, "核验", 2, apperr.Forbidden},
		{"unknown case", reviewer, "核验", 99, apperr.Invalid},
		{"supervisor", testkitStaff(ctx, principal.Supervisor, county, 0), "核验", 0, apperr.Forbidden},
		{"citizen", asRep(ctx), "核验", 0, apperr.Forbidden},
		{"anonymous", ctx, "核验", 0, apperr.Unauthenticated},
	} {
		if _, _, err := f.m.Use(c.ctx, l.Identifier, c.purpose, c.caseID); apperr.KindOf(err) != c.kind {
			t.Errorf("%s: %v, want %v", c.name, err, c.kind)
		}
	}
	// A health reviewer may use it without citing a case of another department.
	if _, _, err := f.m.Use(asStaff(ctx, principal.Reviewer, f.health), l.Identifier, "公共场所卫生许可核验", 0); err != nil {
		t.Fatal(err)
	}
	uses, err := f.m.Uses(asRep(ctx), l.ID)
	if err != nil || len(uses) != 2 {
		t.Fatalf("holder sees %+v, %v", uses, err)
	}
	if uses[1].Purpose != "食品经营许可申请材料核验" || uses[1].DepartmentName != "庄浪县市场监督管理局" || uses[1].CaseID != 1 || uses[1].LogIndex < 1 {
		t.Errorf("use record %+v", uses[1])
	}
	if _, err := f.m.Uses(testkitPerson(ctx, personID+9), l.ID); apperr.KindOf(err) != apperr.NotFound {
		t.Errorf("a stranger reads the use log: %v", err)
	}
	audit, _, err := f.env.Store.ListAudit(ctx, auditFilter("license.use"))
	if err != nil || len(audit) != 2 {
		t.Errorf("audit entries %d, %v", len(audit), err)
	}
}

func TestQueryByHolder(t *testing.T) {
	t.Parallel()
	f := setup(t)
	l := f.issueBusiness(t)
	ctx := context.Background()
	q := license.HolderQuery{HolderCodeType: license.HolderCodeCreditCode, HolderCode: strings.ToLower(enterprise),
		TypeSlug: "business-license", Purpose: "企业开办核验营业执照"}
	got, err := f.m.QueryByHolder(asStaff(ctx, principal.Reviewer, f.health), q)
	if err != nil || len(got) != 1 || got[0].ID != l.ID {
		t.Fatalf("query %+v, %v", got, err)
	}
	away, err := f.m.QueryByHolder(asStaff(ctx, principal.Reviewer, f.away), q)
	if err != nil || len(away) != 0 {
		t.Fatalf("another county finds %+v, %v", away, err)
	}
	idq := q
	idq.HolderCodeType = license.HolderCodeIDCard
	if other, _ := f.m.QueryByHolder(asStaff(ctx, principal.Reviewer, f.health), idq); len(other) != 0 {
		t.Error("a credit code matched as an ID number")
	}
	q.Purpose = ""
	_, err = f.m.QueryByHolder(asStaff(ctx, principal.Reviewer, f.health), q)
	wantKind(t, err, apperr.Invalid)
	uses, _ := f.m.Uses(asRep(ctx), l.ID)
	if len(uses) != 1 || uses[0].Via != license.ViaQuery {
		t.Fatalf("the query is not in the holder's use log: %+v", uses)
	}
}

func TestSealsAndTypes(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ctx := context.Background()
	admin := testkitStaff(ctx, principal.SystemAdmin, county, 0)
	_, err := f.m.CreateSeal(asStaff(ctx, principal.DeptHead, f.market), license.SealRequest{DepartmentID: f.market.ID})
	wantKind(t, err, apperr.Forbidden)
	s, err := f.m.CreateSeal(admin, license.SealRequest{DepartmentID: f.market.ID})
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "庄浪县市场监督管理局电子证照专用章" || len(s.PublicKey) != 65 {
		t.Errorf("seal %+v", s)
	}
	l := f.issueBusiness(t)
	if l.SealID != s.ID {
		t.Errorf("licence sealed by %d, want the new seal %d", l.SealID, s.ID)
	}
	svg, err := f.m.SealImage(ctx, s.ID)
	if err != nil || !strings.Contains(string(svg), ">庄<") || !strings.Contains(string(svg), "<polygon") {
		t.Errorf("seal image %s, %v", svg, err)
	}
	seals, err := f.m.Seals(asStaff(ctx, principal.DeptHead, f.health))
	if err != nil || len(seals) != 0 {
		t.Errorf("health's head sees seals %+v, %v", seals, err)
	}

	_, err = f.m.UpdateType(asStaff(ctx, principal.Reviewer, f.market), license.TypeUpdate{Slug: "business-license"})
	wantKind(t, err, apperr.Forbidden)
	itemAdmin := testkitStaff(ctx, principal.ItemAdmin, county, 0)
	ty, _ := f.m.Type(ctx, "business-license")
	u := license.TypeUpdate{Slug: ty.Slug, Name: ty.Name, Validity: ty.Validity, KeyFields: ty.KeyFields, TypeCode: "bad",
		Mapping: []license.FieldSource{{Field: "类型", Source: "text:有限责任公司（自然人投资或控股）"}}}
	_, err = f.m.UpdateType(itemAdmin, u)
	wantKind(t, err, apperr.Invalid)
	u.TypeCode = "11100000000013661B006"
	if _, err := f.m.UpdateType(itemAdmin, u); err != nil {
		t.Fatal(err)
	}
	l2 := f.issueBusiness(t)
	if id, _ := license.ParseIdentifier(l2.Identifier); id.TypeCode != u.TypeCode {
		t.Errorf("identifier %s ignores the national type code", l2.Identifier)
	}
	for _, fl := range l2.Fields {
		if fl.Name == "类型" && fl.Value != "有限责任公司（自然人投资或控股）" {
			t.Errorf("mapped field 类型 = %q", fl.Value)
		}
	}
}
