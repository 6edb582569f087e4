package catalog_test

import (
	"context"
	"testing"

	"github.com/tongban/tongban/internal/catalog"
	"github.com/tongban/tongban/internal/platform/apperr"
)

var linkTypes = []catalog.LicenseName{{Slug: "resident-id-card", Name: "居民身份证"}, {Slug: "business-license", Name: "营业执照"},
	{Slug: "food-business-license", Name: "食品经营许可证"}}

// The tool proposes materials that name a license, the administrator applies
// the reviewed ones, and the item gets a new version that differs only by
// the links — the draft's unreviewed change stays unpublished.
func TestLicenseLinkTool(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ctx := context.Background()
	e := good("食品小作坊登记")
	e.Materials = append(e.Materials,
		catalog.Material{Name: "经营者身份证", Required: catalog.MaterialRequired, Form: "原件", Copies: 1, Source: "政府部门核发"},
		catalog.Material{Name: "营业执照", Required: catalog.MaterialRequired, Form: "原件", Copies: 1, Source: "政府部门核发"},
		catalog.Material{Name: "食品经营许可证申请表", Required: catalog.MaterialRequired, Form: "原件", Copies: 1, Source: "申请人自备"})
	pub, err := f.env.Items.InstallPublished(ctx, "food-workshop", f.entryID, f.dept.ID, e)
	if err != nil {
		t.Fatal(err)
	}
	// A department is editing the draft meanwhile.
	draft := e
	draft.ConsultPhone = "0933-6620000"
	if _, _, err := f.env.Items.SaveDraft(f.clerk, pub.Item.ID, draft); err != nil {
		t.Fatal(err)
	}

	if _, err := f.env.Items.LicenseLinkProposals(f.clerk, linkTypes); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("a department reviewer ran the tool: %v", err)
	}
	props, err := f.env.Items.LicenseLinkProposals(f.admin, linkTypes)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]catalog.LinkProposal{}
	for _, p := range props {
		got[p.Material] = p
	}
	if p := got["经营者身份证"]; p.LicenseSlug != "resident-id-card" || !p.Likely {
		t.Errorf("经营者身份证: %+v", p)
	}
	if p := got["营业执照"]; p.LicenseSlug != "business-license" || !p.Likely {
		t.Errorf("营业执照: %+v", p)
	}
	if p := got["食品经营许可证申请表"]; p.LicenseSlug != "food-business-license" || p.Likely {
		t.Errorf("an application form is proposed as likely: %+v", p)
	}
	if _, ok := got["登记申请书"]; ok || len(props) != 3 {
		t.Errorf("proposals %+v", props)
	}

	before, err := f.env.Items.LicenseLinkReport(f.admin)
	if err != nil || len(before) != 1 || before[0].WithLicenses != 1 || before[0].Linked != 0 {
		t.Fatalf("report before = %+v, %v", before, err)
	}
	known := func(s string) bool { return s == "resident-id-card" || s == "business-license" }
	if _, err := f.env.Items.LinkLicenses(f.admin, []catalog.MaterialLink{{ItemID: pub.Item.ID, Material: "营业执照", LicenseSlug: "no-such"}}, known); apperr.KindOf(err) != apperr.Invalid {
		t.Fatalf("an unknown license type: %v", err)
	}
	if _, err := f.env.Items.LinkLicenses(f.clerk, []catalog.MaterialLink{{ItemID: pub.Item.ID, Material: "营业执照", LicenseSlug: "business-license"}}, known); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("a department reviewer linked: %v", err)
	}
	n, err := f.env.Items.LinkLicenses(f.admin, []catalog.MaterialLink{{ItemID: pub.Item.ID, Material: "经营者身份证", LicenseSlug: "resident-id-card"},
		{ItemID: pub.Item.ID, Material: "营业执照", LicenseSlug: "business-license"}}, known)
	if err != nil || n != 1 {
		t.Fatalf("link = %d, %v", n, err)
	}
	now, err := f.env.Items.Published(ctx, pub.Item.ID)
	if err != nil {
		t.Fatal(err)
	}
	if now.Version.Version != pub.Version.Version+1 {
		t.Fatalf("version %d, want %d", now.Version.Version, pub.Version.Version+1)
	}
	linked := map[string]string{}
	for _, m := range now.Version.Elements.Materials {
		linked[m.Name] = m.LicenseTypeID
	}
	if linked["经营者身份证"] != "resident-id-card" || linked["营业执照"] != "business-license" || linked["食品经营许可证申请表"] != "" {
		t.Errorf("published links %v", linked)
	}
	if now.Version.Elements.ConsultPhone != e.ConsultPhone {
		t.Error("the draft's unreviewed change was published with the links")
	}
	it, err := f.env.Items.Item(f.admin, pub.Item.ID)
	if err != nil {
		t.Fatal(err)
	}
	if it.Draft.ConsultPhone != draft.ConsultPhone || it.Draft.Materials[1].LicenseTypeID != "resident-id-card" {
		t.Errorf("the draft lost its change or did not get the link: %+v", it.Draft)
	}
	after, err := f.env.Items.LicenseLinkReport(f.admin)
	if err != nil || len(after) != 1 || after[0].Linked != 1 || after[0].Percent() != 100 {
		t.Fatalf("report after = %+v, %v", after, err)
	}
	if props, _ := f.env.Items.LicenseLinkProposals(f.admin, linkTypes); len(props) != 1 {
		t.Errorf("linked materials are still proposed: %+v", props)
	}
}
