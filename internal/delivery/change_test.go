package delivery_test

import (
	"slices"
	"testing"

	"github.com/tongban/tongban/internal/delivery"
	"github.com/tongban/tongban/internal/platform/apperr"
)

// The applicant changes an online result to mail before downloading it, and a
// mailed one to the window before it is sent; once a result has gone out the
// choice is final, and no one else may change it.
func TestApplicantChangesTheDeliveryMethod(t *testing.T) {
	t.Parallel()
	f := setup(t)
	d := open(t, f, newDelivery(delivery.Online))

	if _, err := f.m.ChangeMethod(stranger, d.ID, delivery.Change{Method: delivery.Window}); apperr.KindOf(err) != apperr.NotFound {
		t.Fatalf("another citizen changed it: %v", err)
	}
	if _, err := f.m.ChangeMethod(reviewer, d.ID, delivery.Change{Method: delivery.Window}); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("the reviewer changed it: %v", err)
	}
	if _, err := f.m.ChangeMethod(applicant, d.ID, delivery.Change{Method: delivery.Mail}); apperr.KindOf(err) != apperr.Invalid {
		t.Fatalf("mail without an address: %v", err)
	}
	got, err := f.m.ChangeMethod(applicant, d.ID, delivery.Change{Method: delivery.Mail, Recipient: "王建国", Phone: mailPhone, Address: mailAddress})
	if err != nil || got.Method != delivery.Mail || got.Status != delivery.StatusPending {
		t.Fatalf("to mail: %+v, %v", got, err)
	}
	if _, _, err := f.m.Download(applicant, d.ID); apperr.KindOf(err) != apperr.Conflict {
		t.Fatalf("downloading a result now sent by mail: %v", err)
	}
	v, err := f.m.OfCase(applicant, d.CaseID)
	if err != nil || v.Address != mailAddress || v.Phone != mailPhone {
		t.Fatalf("the mail fields: %+v, %v", v.Delivery, err)
	}

	got, err = f.m.ChangeMethod(applicant, d.ID, delivery.Change{Method: delivery.Window})
	if err != nil || got.Method != delivery.Window || got.Status != delivery.StatusReady {
		t.Fatalf("to the window: %+v, %v", got, err)
	}
	if v, _ = f.m.OfCase(applicant, d.CaseID); len(v.PickupCode) != 6 || v.Address != "" {
		t.Fatalf("at the window: code %q, address %q", v.PickupCode, v.Address)
	}
	if !slices.Contains(f.tl.notes, "delivery.changed:") || f.tl.notes[len(f.tl.notes)-1] != "delivery.pickup:" {
		t.Fatalf("timeline %v", f.tl.notes)
	}

	// Once collected, the choice is final.
	if _, err := f.m.Collect(countyHd, v.PickupCode); err != nil {
		t.Fatal(err)
	}
	if _, err := f.m.ChangeMethod(applicant, d.ID, delivery.Change{Method: delivery.Online}); apperr.KindOf(err) != apperr.Conflict {
		t.Fatalf("changing a collected result: %v", err)
	}
}
