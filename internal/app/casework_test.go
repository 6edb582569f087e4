package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/testkit"
)

// The wired case module applies to the demo catalog: a citizen's application
// for 食品经营许可 reaches 县市场监管局's inbox and not 县卫健局's.
func TestCasesOnTheDemoCatalog(t *testing.T) {
	t.Parallel()
	a := testkit.DemoApp(t)
	ctx := context.Background()
	item, err := a.Items.PublishedBySlug(ctx, "food-biz-license")
	if err != nil {
		t.Fatal(err)
	}
	person, err := a.Store.FindPersonByIDNumber(ctx, identity.IDNumber("620825196302140118"))
	if err != nil {
		t.Fatal(err)
	}
	me := testkit.AsPerson(ctx, person.ID, person.Name)
	app, err := a.Cases.SaveDraft(me, casework.Application{ItemID: item.ID, Form: testkit.Form("name", "示例小吃店")})
	if err != nil {
		t.Fatal(err)
	}
	c, err := a.Cases.Submit(me, app.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Number) != casework.CaseNumberLength || !strings.HasPrefix(c.Number, "TB620825") {
		t.Fatalf("case number %q", c.Number)
	}
	staff := func(username string) context.Context {
		s, err := a.Store.FindStaffByUsername(ctx, username)
		if err != nil {
			t.Fatal(err)
		}
		return principal.With(ctx, principal.Principal{Kind: principal.Staff, ID: s.ID, Name: s.Name, Roles: s.Roles, Scope: s.Scope()})
	}
	inbox, _, err := a.Cases.Inbox(staff("reviewer.scjg"), casework.InboxFilter{})
	if err != nil || len(inbox) != 1 || inbox[0].ID != c.ID {
		t.Fatalf("县市场监管局 inbox = %v, %v", inbox, err)
	}
	if other, _, err := a.Cases.Inbox(staff("reviewer.wjj"), casework.InboxFilter{}); err != nil || len(other) != 0 {
		t.Fatalf("县卫健局 inbox = %v, %v", other, err)
	}
	if _, err := a.Cases.Act(staff("reviewer.wjj"), c.ID, "accept", ""); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("县卫健局 accepting a 县市场监管局 case: %v", err)
	}
	if _, err := a.Cases.Act(staff("reviewer.scjg"), c.ID, "accept", ""); err != nil {
		t.Fatalf("accept: %v", err)
	}
}
