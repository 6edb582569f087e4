package identity_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/audit"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/region"
	"github.com/tongban/tongban/internal/testkit"
)

// clientFixture is a county with two departments and its system administrator.
type clientFixture struct {
	e             *testkit.Env
	admin         context.Context
	market, water int64
}

func newClientFixture(t *testing.T) clientFixture {
	t.Helper()
	e := testkit.NewEnv(t)
	ctx := context.Background()
	admin, err := e.Identity.InstallStaff(ctx, identity.StaffInput{Username: "admin", Name: "赵管理", RegionCode: "620825",
		Roles: []principal.Role{principal.SystemAdmin}, Password: pw})
	if err != nil {
		t.Fatal(err)
	}
	f := clientFixture{e: e, admin: principal.With(ctx, principal.Principal{Kind: principal.Staff, ID: admin.ID, Name: admin.Name,
		Roles: admin.Roles, Scope: admin.Scope()})}
	for _, d := range []struct {
		slug, name string
		id         *int64
	}{{"market-regulation", "庄浪县市场监督管理局", &f.market}, {"water", "庄浪县水务局", &f.water}} {
		saved, err := e.Regions.SaveDepartment(f.admin, region.Department{Slug: d.slug, Name: d.name, Kind: region.KindGovernment, RegionCode: "620825"})
		if err != nil {
			t.Fatal(err)
		}
		*d.id = saved.ID
	}
	return f
}

func (f clientFixture) create(t *testing.T, name string, dept int64, roles ...principal.Role) identity.NewAPIClient {
	t.Helper()
	c, err := f.e.Identity.CreateAPIClient(f.admin, identity.APIClientInput{Name: name, DepartmentID: dept, Roles: roles})
	if err != nil {
		t.Fatalf("CreateAPIClient: %v", err)
	}
	return c
}

func TestAPIClientTokenActsAsTheDepartment(t *testing.T) {
	t.Parallel()
	f := newClientFixture(t)
	ctx := context.Background()
	c := f.create(t, "市场监管审批系统", f.market, principal.Reviewer, principal.WindowClerk)
	if !strings.HasPrefix(c.ClientID, "tbc_") || !strings.HasPrefix(c.Secret, "tbs_") || len(c.Secret) < 40 {
		t.Fatalf("credentials %q / %q", c.ClientID, c.Secret)
	}
	if c.RegionCode != "620825" || c.DepartmentID != f.market || len(c.Roles) != 2 {
		t.Fatalf("client %+v", c.APIClient)
	}

	tok, err := f.e.Identity.ClientCredentialsToken(ctx, c.ClientID, c.Secret)
	if err != nil {
		t.Fatal(err)
	}
	if tok.ExpiresIn != testkit.EnvSessionIdle {
		t.Errorf("expires in %v, want the idle timeout %v", tok.ExpiresIn, testkit.EnvSessionIdle)
	}
	au, err := f.e.Identity.Authenticate(ctx, tok.Token, identity.SessionAPI)
	if err != nil {
		t.Fatal(err)
	}
	if au.Staff == nil || au.Staff.Name != "市场监管审批系统" || au.Staff.Scope() != c.Scope() || !au.Staff.Active {
		t.Fatalf("token signs in %+v", au.Staff)
	}
	// The token lives as long as it says, not a minute more.
	f.e.Clock.Advance(tok.ExpiresIn)
	if _, err := f.e.Identity.Authenticate(ctx, tok.Token, identity.SessionAPI); apperr.KindOf(err) != apperr.Unauthenticated {
		t.Errorf("token after expires_in: %v", err)
	}

	// The backing account has no password anyone knows.
	if _, _, err := f.e.Identity.StaffLogin(ctx, c.ClientID, c.Secret, identity.SessionAPI); apperr.KindOf(err) != apperr.Invalid {
		t.Errorf("password sign-in as the client: %v", err)
	}

	list, total, err := f.e.Identity.APIClients(f.admin, identity.APIClientFilter{})
	if err != nil || total != 1 || list[0].ClientID != c.ClientID || list[0].LastUsedAt.IsZero() {
		t.Fatalf("APIClients = %+v, %d, %v", list, total, err)
	}
}

func TestAPIClientWrongSecretAndRevocation(t *testing.T) {
	t.Parallel()
	f := newClientFixture(t)
	ctx := context.Background()
	c := f.create(t, "水务审批系统", f.water, principal.DeptHead)
	for name, try := range map[string][2]string{
		"wrong secret": {c.ClientID, c.Secret + "x"}, "unknown client": {"tbc_nobody", c.Secret},
		"empty secret": {c.ClientID, ""}, "empty id": {"", c.Secret},
	} {
		if _, err := f.e.Identity.ClientCredentialsToken(ctx, try[0], try[1]); apperr.KindOf(err) != apperr.Unauthenticated {
			t.Errorf("%s: %v", name, err)
		}
	}
	tok, err := f.e.Identity.ClientCredentialsToken(ctx, c.ClientID, c.Secret)
	if err != nil {
		t.Fatal(err)
	}
	revoked, err := f.e.Identity.RevokeAPIClient(f.admin, c.ID)
	if err != nil || !revoked.Revoked() {
		t.Fatalf("revoke: %+v, %v", revoked, err)
	}
	if _, err := f.e.Identity.Authenticate(ctx, tok.Token, identity.SessionAPI); apperr.KindOf(err) != apperr.Unauthenticated {
		t.Errorf("token of a revoked client: %v", err)
	}
	if _, err := f.e.Identity.ClientCredentialsToken(ctx, c.ClientID, c.Secret); apperr.KindOf(err) != apperr.Unauthenticated {
		t.Errorf("new token for a revoked client: %v", err)
	}
	again, err := f.e.Identity.RevokeAPIClient(f.admin, c.ID)
	if err != nil || !again.RevokedAt.Equal(revoked.RevokedAt) {
		t.Errorf("second revoke: %+v, %v", again, err)
	}

	entries, _, err := f.e.Store.ListAudit(ctx, audit.Filter{RegionPrefix: "620825", TargetKind: "apiclient", Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, e := range entries {
		count[e.Action]++
		if strings.Contains(e.Detail, c.Secret) {
			t.Errorf("audit entry %s holds the secret", e.Action)
		}
	}
	want := map[string]int{identity.AuditAPIClientCreate: 1, identity.AuditAPIClientRevoke: 1, audit.Login: 1, audit.LoginFailed: 2}
	for action, n := range want {
		if count[action] != n {
			t.Errorf("%d audit entries %s, want %d (all %v)", count[action], action, n, count)
		}
	}
}

func TestAPIClientAdministration(t *testing.T) {
	t.Parallel()
	f := newClientFixture(t)
	ctx := context.Background()
	_, err := f.e.Identity.CreateAPIClient(f.admin, identity.APIClientInput{Name: "X", Roles: []principal.Role{principal.SystemAdmin}})
	got := fieldKeys(err)
	want := map[string]string{"name": "apiclient.name.format", "department_id": "form.required", "roles": "apiclient.roles.handler_only"}
	for field, key := range want {
		if got[field] != key {
			t.Errorf("field %s: %q, want %q (all %v)", field, got[field], key, got)
		}
	}
	if _, err := f.e.Identity.CreateAPIClient(f.admin, identity.APIClientInput{Name: "某系统", DepartmentID: 99999, Roles: []principal.Role{principal.Reviewer}}); fieldKeys(err)["department_id"] != "form.choice" {
		t.Errorf("unknown department: %v", err)
	}

	c := f.create(t, "市场监管审批系统", f.market, principal.Reviewer)
	for name, who := range map[string]context.Context{
		"reviewer":        testkit.AsStaff(ctx, 1, principal.Reviewer, "620825", f.market),
		"township admin":  testkit.AsStaff(ctx, 1, principal.SystemAdmin, "620825101", 0),
		"department head": testkit.AsStaff(ctx, 1, principal.DeptHead, "620825", f.market),
	} {
		if _, err := f.e.Identity.CreateAPIClient(who, identity.APIClientInput{Name: "某系统", DepartmentID: f.market, Roles: []principal.Role{principal.Reviewer}}); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("%s creates: %v", name, err)
		}
		if _, err := f.e.Identity.RevokeAPIClient(who, c.ID); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("%s revokes: %v", name, err)
		}
	}
	if _, err := f.e.Identity.CreateAPIClient(ctx, identity.APIClientInput{}); apperr.KindOf(err) != apperr.Unauthenticated {
		t.Errorf("anonymous creates: %v", err)
	}
	// A township administrator sees none of the county's clients.
	if list, total, err := f.e.Identity.APIClients(testkit.AsStaff(ctx, 1, principal.SystemAdmin, "620825101", 0), identity.APIClientFilter{}); err != nil || total != 0 || len(list) != 0 {
		t.Errorf("township list: %v %d %v", list, total, err)
	}
	// A revoked client stays listed, marked revoked.
	f.e.Clock.Advance(time.Minute)
	if _, err := f.e.Identity.RevokeAPIClient(f.admin, c.ID); err != nil {
		t.Fatal(err)
	}
	list, _, err := f.e.Identity.APIClients(f.admin, identity.APIClientFilter{})
	if err != nil || len(list) != 1 || !list[0].Revoked() {
		t.Errorf("list after revoke: %+v %v", list, err)
	}
}
