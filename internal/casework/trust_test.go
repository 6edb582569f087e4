package casework_test

import (
	"testing"

	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/testkit"
)

// Each material of a case records how far it can be trusted: what a clerk saw
// at the window is verified (B), an uploaded file is the applicant's (C), a
// line ticked without a file is only their declaration (D), whatever the
// caller claimed.
func TestMaterialsRecordTheirTrustLevel(t *testing.T) {
	t.Parallel()
	f := setup(t)
	online, err := f.m.SaveDraft(f.applicant, casework.Application{ItemID: f.marketItem, Form: testkit.Form(), Materials: []casework.MaterialCheck{
		{Name: "登记申请书", Provided: true, FileID: 42, FileName: "申请书.pdf", Trust: casework.TrustIssued},
		{Name: "承诺书", Provided: true, Trust: casework.TrustVerified},
		{Name: "平面图", Provided: false, Trust: casework.TrustUploaded},
	}})
	if err != nil {
		t.Fatal(err)
	}
	c, err := f.m.Submit(f.applicant, online.ID)
	if err != nil {
		t.Fatal(err)
	}
	v, err := f.m.Case(f.applicant, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{casework.TrustUploaded, casework.TrustDeclared, ""}
	for i, m := range v.Application.Materials {
		if m.Trust != want[i] {
			t.Errorf("online %s: trust %q, want %q", m.Name, m.Trust, want[i])
		}
	}

	w, err := f.m.RegisterAtWindow(f.clerk, casework.Registration{PersonID: applicantID, ItemID: f.healthItem, Form: testkit.Form(),
		Materials: []casework.MaterialCheck{{Name: "登记申请书", Provided: true}}})
	if err != nil {
		t.Fatal(err)
	}
	wv, err := f.m.Case(f.clerk, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := wv.Application.Materials[0].Trust; got != casework.TrustVerified {
		t.Errorf("registered at the window: trust %q, want B", got)
	}
}
