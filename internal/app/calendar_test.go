package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/audit"
	"github.com/tongban/tongban/internal/platform/calendar"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/testkit"
)

// A local holiday an administrator sets on the day a case would fall due
// moves the due date of a case accepted afterwards; a township clerk may not
// change the county's calendar, and every change is audited.
func TestLocalHolidayMovesNewDueDates(t *testing.T) {
	t.Parallel()
	a := testkit.DemoApp(t)
	ctx := context.Background()
	staff := func(username string) context.Context {
		s, err := a.Store.FindStaffByUsername(ctx, username)
		if err != nil {
			t.Fatal(err)
		}
		return principal.With(ctx, principal.Principal{Kind: principal.Staff, ID: s.ID, Name: s.Name, Roles: s.Roles, Scope: s.Scope()})
	}
	item, err := a.Items.PublishedBySlug(ctx, "food-biz-license")
	if err != nil {
		t.Fatal(err)
	}
	pub, err := a.Cases.Item(ctx, item.ID)
	if err != nil {
		t.Fatal(err)
	}
	if pub.PromisedDays == 0 {
		t.Fatal("food-biz-license has no promised limit to count")
	}
	today := calendar.FromTime(a.Now(), time.FixedZone("CST", 8*3600))
	wouldBeDue, _ := a.Calendar.AddWorkdays(today, pub.PromisedDays)

	if _, err := a.LocalCalendar.SetOverride(staff("clerk.nanhu"), wouldBeDue.String(), true, "地方节日"); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("a township clerk changed the county calendar: %v", err)
	}
	if _, err := a.LocalCalendar.SetOverride(staff("admin"), "2026-02-30", true, "地方节日"); apperr.KindOf(err) != apperr.Invalid {
		t.Fatalf("an impossible date: %v", err)
	}
	if _, err := a.LocalCalendar.SetOverride(staff("admin"), wouldBeDue.String(), true, "地方节日"); err != nil {
		t.Fatal(err)
	}

	person, err := a.Store.FindPersonByIDNumber(ctx, identity.IDNumber("620825196302140118"))
	if err != nil {
		t.Fatal(err)
	}
	me := testkit.AsPerson(ctx, person.ID, person.Name)
	draft, err := a.Cases.SaveDraft(me, casework.Application{ItemID: item.ID, Form: testkit.Form()})
	if err != nil {
		t.Fatal(err)
	}
	c, err := a.Cases.Submit(me, draft.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c, err = a.Cases.Act(staff("reviewer.scjg"), c.ID, "accept", ""); err != nil {
		t.Fatal(err)
	}
	if want, _ := a.Calendar.AddWorkdays(wouldBeDue, 1); c.Due != want {
		t.Errorf("due %v with a local holiday on %v; want the next working day %v", c.Due, wouldBeDue, want)
	}

	// Removing it gives the day back to the national notice.
	if err := a.LocalCalendar.RemoveOverride(staff("admin"), wouldBeDue.String()); err != nil {
		t.Fatal(err)
	}
	if !a.Calendar.IsWorkday(wouldBeDue) {
		t.Errorf("%v is still a rest day after the override was removed", wouldBeDue)
	}
	if err := a.LocalCalendar.RemoveOverride(staff("admin"), wouldBeDue.String()); apperr.KindOf(err) != apperr.NotFound {
		t.Errorf("removing it twice: %v", err)
	}
	entries, _, err := a.Store.ListAudit(ctx, audit.Filter{TargetKind: "calendar"})
	if err != nil || len(entries) != 2 {
		t.Fatalf("audit of calendar changes = %v, %v; want a set and a remove", entries, err)
	}
}
