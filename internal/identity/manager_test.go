package identity_test

import (
	"context"
	"testing"
	"time"

	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/audit"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/testkit"
)

const pw = "Secret#2026"

func register(t *testing.T, e *testkit.Env, id, phone, regionCode string) (identity.Person, string) {
	t.Helper()
	p, token, err := e.Identity.Register(context.Background(), identity.Registration{
		Name: "张三", IDNumber: id, Phone: phone, RegionCode: regionCode, Password: pw, PasswordConfirm: pw}, identity.SessionWeb)
	if err != nil {
		t.Fatalf("register %s: %v", id, err)
	}
	return p, token
}

func fieldKeys(err error) map[string]string {
	out := map[string]string{}
	for _, f := range apperr.FieldErrors(err) {
		out[f.Field] = f.Key
	}
	return out
}

func TestRegisterValidatesEveryField(t *testing.T) {
	t.Parallel()
	e := testkit.NewEnv(t)
	_, _, err := e.Identity.Register(context.Background(), identity.Registration{
		Name: "X", IDNumber: "110105194912310021", Phone: "12345", RegionCode: "999999", Password: "short", PasswordConfirm: "other"}, identity.SessionWeb)
	got := fieldKeys(err)
	want := map[string]string{
		"name": "identity.name.format", "id_number": "identity.id_number.check_digit", "phone": "identity.phone.format",
		"region_code": "region.unknown", "password": "identity.password.weak", "password_confirm": "identity.password.mismatch",
	}
	for f, k := range want {
		if got[f] != k {
			t.Errorf("field %s: got %q, want %q (all: %v)", f, got[f], k, got)
		}
	}
}

func TestRegisterStoresAndFindsByIDAndPhone(t *testing.T) {
	t.Parallel()
	e := testkit.NewEnv(t)
	ctx := context.Background()
	p, token := register(t, e, "11010519491231002x", "139 0000 0101", "620825101")
	if p.IDNumber != "11010519491231002X" || p.Phone != "13900000101" || p.Gender != identity.Female {
		t.Fatalf("normalised person = %+v", p)
	}
	if token == "" {
		t.Fatal("no session token")
	}
	a, err := e.Identity.Authenticate(ctx, token, identity.SessionWeb)
	if err != nil || a.Person == nil || a.Person.ID != p.ID {
		t.Fatalf("Authenticate = %+v, %v", a, err)
	}
	// The same ID number or phone cannot register twice.
	_, _, err = e.Identity.Register(ctx, identity.Registration{Name: "李四", IDNumber: "11010519491231002X", Phone: "13900000102",
		RegionCode: "620825101", Password: pw, PasswordConfirm: pw}, identity.SessionWeb)
	if fieldKeys(err)["id_number"] != "identity.id_number.taken" {
		t.Fatalf("duplicate ID: %v", err)
	}
	id2 := testkit.ValidIDNumber(t, "620825", "19900101", "011")
	_, _, err = e.Identity.Register(ctx, identity.Registration{Name: "李四", IDNumber: id2, Phone: "13900000101",
		RegionCode: "620825101", Password: pw, PasswordConfirm: pw}, identity.SessionWeb)
	if fieldKeys(err)["phone"] != "identity.phone.taken" {
		t.Fatalf("duplicate phone: %v", err)
	}
	// Sign in by either number.
	for _, login := range []string{"11010519491231002x", "13900000101"} {
		if _, _, err := e.Identity.Login(ctx, login, pw, identity.SessionWeb); err != nil {
			t.Errorf("login with %s: %v", login, err)
		}
	}
}

func TestLockoutAfterRepeatedFailures(t *testing.T) {
	t.Parallel()
	e := testkit.NewEnv(t)
	ctx := context.Background()
	register(t, e, "11010519491231002X", "13900000101", "620825101")
	for i := 0; i < identity.MaxFailedLogins; i++ {
		_, _, err := e.Identity.Login(ctx, "13900000101", "wrong-password-1", identity.SessionWeb)
		if apperr.As(err) == nil || apperr.As(err).Key != "identity.login.failed" {
			t.Fatalf("attempt %d: %v", i+1, err)
		}
	}
	// Locked: even the right password is refused until the period ends.
	_, _, err := e.Identity.Login(ctx, "13900000101", pw, identity.SessionWeb)
	if apperr.KindOf(err) != apperr.TooMany {
		t.Fatalf("after %d failures: %v, want locked", identity.MaxFailedLogins, err)
	}
	e.Clock.Advance(identity.LockoutPeriod + time.Second)
	if _, _, err := e.Identity.Login(ctx, "13900000101", pw, identity.SessionWeb); err != nil {
		t.Fatalf("after the lockout period: %v", err)
	}
	entries, _, err := e.Store.ListAudit(ctx, audit.Filter{Action: audit.LoginFailed})
	if err != nil || len(entries) != identity.MaxFailedLogins {
		t.Fatalf("audited failures = %d, %v; want %d", len(entries), err, identity.MaxFailedLogins)
	}
	if locked, _, _ := e.Store.ListAudit(ctx, audit.Filter{Action: audit.LoginLocked}); len(locked) != 1 {
		t.Fatalf("audited locked attempts = %d, want 1", len(locked))
	}
}

func TestSessionTimeouts(t *testing.T) {
	t.Parallel()
	e := testkit.NewEnv(t)
	ctx := context.Background()
	_, token := register(t, e, "11010519491231002X", "13900000101", "620825101")

	// Activity keeps a session alive past the idle timeout…
	for i := 0; i < 3; i++ {
		e.Clock.Advance(testkit.EnvSessionIdle - time.Minute)
		if _, err := e.Identity.Authenticate(ctx, token, identity.SessionWeb); err != nil {
			t.Fatalf("active session ended early: %v", err)
		}
	}
	// …but not past idleness.
	e.Clock.Advance(testkit.EnvSessionIdle + time.Second)
	if _, err := e.Identity.Authenticate(ctx, token, identity.SessionWeb); apperr.KindOf(err) != apperr.Unauthenticated {
		t.Fatalf("idle session: %v, want unauthenticated", err)
	}

	// The absolute timeout ends even an active session.
	_, token, err := e.Identity.Login(ctx, "13900000101", pw, identity.SessionWeb)
	if err != nil {
		t.Fatal(err)
	}
	for elapsed := time.Duration(0); elapsed < testkit.EnvSessionAbsolute-testkit.EnvSessionIdle; elapsed += 20 * time.Minute {
		e.Clock.Advance(20 * time.Minute)
		if _, err := e.Identity.Authenticate(ctx, token, identity.SessionWeb); err != nil {
			t.Fatalf("session ended at %v: %v", elapsed, err)
		}
	}
	e.Clock.Advance(testkit.EnvSessionIdle)
	if _, err := e.Identity.Authenticate(ctx, token, identity.SessionWeb); apperr.KindOf(err) != apperr.Unauthenticated {
		t.Fatalf("past the absolute timeout: %v, want unauthenticated", err)
	}
	// A web token is not a bearer token, and logout ends a session.
	_, token, _ = e.Identity.Login(ctx, "13900000101", pw, identity.SessionWeb)
	if _, err := e.Identity.Authenticate(ctx, token, identity.SessionAPI); err == nil {
		t.Fatal("a browser session token was accepted as an API token")
	}
	if err := e.Identity.Logout(ctx, token); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Identity.Authenticate(ctx, token, identity.SessionWeb); err == nil {
		t.Fatal("session still valid after logout")
	}
}

func TestStaffSeeOnlyTheirScope(t *testing.T) {
	t.Parallel()
	e := testkit.NewEnv(t)
	ctx := context.Background()
	nanhu, _ := register(t, e, testkit.ValidIDNumber(t, "620825", "19800101", "011"), "13900000201", "620825101")
	zhudian, _ := register(t, e, testkit.ValidIDNumber(t, "620825", "19800101", "021"), "13900000202", "620825102")

	clerk := testkit.AsStaff(ctx, 9001, principal.WindowClerk, "620825101", 0)
	if _, err := e.Identity.Person(clerk, nanhu.ID); err != nil {
		t.Fatalf("南湖镇 clerk viewing a 南湖镇 resident: %v", err)
	}
	if _, err := e.Identity.Person(clerk, zhudian.ID); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("南湖镇 clerk viewing a 朱店镇 resident: %v, want forbidden", err)
	}
	if _, _, err := e.Identity.People(clerk, identity.PeopleFilter{RegionPrefix: "620825102"}); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("南湖镇 clerk listing 朱店镇: %v, want forbidden", err)
	}
	people, total, err := e.Identity.People(clerk, identity.PeopleFilter{})
	if err != nil || total != 1 || people[0].ID != nanhu.ID {
		t.Fatalf("own list = %v (%d), %v; want only the 南湖镇 resident", people, total, err)
	}
	if _, err := e.Identity.Reveal(clerk, zhudian.ID, identity.FieldIDNumber); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("reveal out of scope: %v", err)
	}
	county := testkit.AsStaff(ctx, 9002, principal.Supervisor, "620825", 0)
	if _, total, err := e.Identity.People(county, identity.PeopleFilter{}); err != nil || total != 2 {
		t.Fatalf("county supervisor sees %d, %v; want 2", total, err)
	}
	// A supervisor may look but not unmask; a citizen may not list at all.
	if _, err := e.Identity.Reveal(county, nanhu.ID, identity.FieldPhone); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("supervisor reveal: %v, want forbidden", err)
	}
	if _, _, err := e.Identity.People(testkit.AsPerson(ctx, nanhu.ID, nanhu.Name), identity.PeopleFilter{}); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("citizen listing people: %v, want forbidden", err)
	}
	if _, _, err := e.Identity.People(ctx, identity.PeopleFilter{}); apperr.KindOf(err) != apperr.Unauthenticated {
		t.Fatalf("anonymous listing people: %v, want unauthenticated", err)
	}
}

func TestRevealIsAudited(t *testing.T) {
	t.Parallel()
	e := testkit.NewEnv(t)
	ctx := context.Background()
	p, _ := register(t, e, "11010519491231002X", "13900000101", "620825101")
	clerk := testkit.AsStaff(ctx, 9001, principal.WindowClerk, "620825101", 0)
	got, err := e.Identity.Reveal(clerk, p.ID, identity.FieldIDNumber)
	if err != nil || got != "11010519491231002X" {
		t.Fatalf("Reveal = %q, %v", got, err)
	}
	entries, _, err := e.Store.ListAudit(ctx, audit.Filter{Action: audit.RevealPersonal})
	if err != nil || len(entries) != 1 {
		t.Fatalf("audit entries = %v, %v", entries, err)
	}
	en := entries[0]
	if en.ActorID != 9001 || en.TargetKind != "person" || en.Detail != identity.FieldIDNumber || en.RegionCode != "620825101" {
		t.Fatalf("audit entry = %+v", en)
	}
	if en.Detail == got || en.TargetID == got {
		t.Fatal("the audit entry contains the revealed value")
	}
}

func TestStaffRolesChangeIsAuditedAndScoped(t *testing.T) {
	t.Parallel()
	e := testkit.NewEnv(t)
	ctx := context.Background()
	admin := testkit.AsStaff(ctx, 99001, principal.SystemAdmin, "620825", 0)
	s, err := e.Identity.CreateStaff(admin, identity.StaffInput{Username: "clerk.test", Name: "测试员", RegionCode: "620825102",
		Roles: []principal.Role{principal.WindowClerk}, Password: pw})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Identity.SetRoles(admin, s.ID, []principal.Role{principal.WindowClerk, principal.Reviewer}); err != nil {
		t.Fatal(err)
	}
	got, err := e.Identity.StaffMember(admin, s.ID)
	if err != nil || len(got.Roles) != 2 {
		t.Fatalf("roles after change = %v, %v", got.Roles, err)
	}
	changes, _, _ := e.Store.ListAudit(ctx, audit.Filter{Action: audit.RoleChange})
	if len(changes) != 1 || changes[0].Detail != "window_clerk -> window_clerk,dept_reviewer" {
		t.Fatalf("role change audit = %+v", changes)
	}
	townAdmin := testkit.AsStaff(ctx, 99002, principal.SystemAdmin, "620825101", 0)
	if _, err := e.Identity.SetRoles(townAdmin, s.ID, []principal.Role{principal.SystemAdmin}); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("南湖镇 admin changing a 朱店镇 account: %v, want forbidden", err)
	}
	if _, err := e.Identity.SetRoles(testkit.AsStaff(ctx, s.ID, principal.SystemAdmin, "620825", 0), s.ID, []principal.Role{principal.SystemAdmin}); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("changing one's own roles: %v, want forbidden", err)
	}
	if _, err := e.Identity.CreateStaff(admin, identity.StaffInput{Username: "clerk.test", Name: "重复", RegionCode: "620825",
		Roles: []principal.Role{principal.WindowClerk}, Password: pw}); fieldKeys(err)["username"] != "identity.username.taken" {
		t.Fatalf("duplicate username: %v", err)
	}
}

func TestOrganizationsAndActingFor(t *testing.T) {
	t.Parallel()
	e := testkit.NewEnv(t)
	ctx := context.Background()
	p, token := register(t, e, "11010519491231002X", "13900000101", "620825101")
	me := testkit.AsPerson(ctx, p.ID, p.Name)
	_, err := e.Identity.RegisterOrganization(me, identity.OrgRegistration{CreditCode: "91350100M000100Y44", Name: "示例公司", LegalRep: "张三"})
	if fieldKeys(err)["credit_code"] != "identity.credit_code.check_char" {
		t.Fatalf("bad credit code: %v", err)
	}
	o, err := e.Identity.RegisterOrganization(me, identity.OrgRegistration{CreditCode: "91350100m000100y43", Name: "示例公司", LegalRep: "张三"})
	if err != nil || o.CreditCode != "91350100M000100Y43" || o.MemberRole != identity.MemberLegalRep || o.RegionCode != "620825101" {
		t.Fatalf("RegisterOrganization = %+v, %v", o, err)
	}
	if err := e.Identity.ActFor(me, token, o.ID); err != nil {
		t.Fatal(err)
	}
	a, err := e.Identity.Authenticate(ctx, token, identity.SessionWeb)
	if err != nil || a.Session.OrgID != o.ID || a.OrgName != "示例公司" {
		t.Fatalf("acting session = %+v, %v", a, err)
	}
	other, otherToken := register(t, e, testkit.ValidIDNumber(t, "620825", "19900101", "011"), "13900000102", "620825101")
	if err := e.Identity.ActFor(testkit.AsPerson(ctx, other.ID, other.Name), otherToken, o.ID); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("acting for an enterprise one is not bound to: %v, want forbidden", err)
	}
}
