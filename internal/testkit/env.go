package testkit

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/tongban/tongban/internal/catalog"
	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/platform/fieldcrypt"
	"github.com/tongban/tongban/internal/platform/password"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/region"
	"github.com/tongban/tongban/internal/region/divisions"
	"github.com/tongban/tongban/internal/store"
)

// Clock is a settable clock for tests that need time to pass.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock starts a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Env is a fresh database with the module managers wired on it, for module tests
// that call the real managers.
type Env struct {
	DB       DB
	Store    *store.Store
	Keys     *fieldcrypt.Keys
	Clock    *Clock
	Regions  *region.Manager
	Identity *identity.Manager
	Items    *catalog.Manager
}

// Session policy used by NewEnv.
const (
	EnvSessionIdle     = 30 * time.Minute
	EnvSessionAbsolute = 12 * time.Hour
)

// NewEnv wires the managers over a fresh database with 庄浪县's divisions loaded.
func NewEnv(t testing.TB) *Env {
	t.Helper()
	db := NewDB(t)
	master, err := fieldcrypt.GenerateMasterKey()
	if err != nil {
		t.Fatal(err)
	}
	keys, err := fieldcrypt.NewKeys(master)
	if err != nil {
		t.Fatal(err)
	}
	st := store.New(db.DB, keys)
	clock := NewClock(time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC))
	e := &Env{DB: db, Store: st, Keys: keys, Clock: clock}
	e.Regions = region.NewManager(db.DB, st, clock.Now)
	e.Identity, err = identity.NewManager(db.DB, st, st, st, clock.Now, identity.Config{
		PasswordParams: password.Fast, SessionIdle: EnvSessionIdle, SessionAbsolute: EnvSessionAbsolute,
	})
	if err != nil {
		t.Fatal(err)
	}
	e.Items = catalog.NewManager(db.DB, st, st, st, clock.Now, func(code string) bool {
		_, err := identity.ParseCreditCode(code)
		return err == nil
	})
	if err := e.Regions.InstallDivisions(context.Background(), "6208", divisions.County); err != nil {
		t.Fatal(err)
	}
	if err := e.Regions.InstallDivisions(context.Background(), "620825", 0); err != nil {
		t.Fatal(err)
	}
	return e
}

// AsStaff returns ctx acting as a staff member with one role and a scope.
func AsStaff(ctx context.Context, id int64, role principal.Role, regionCode string, departmentID int64) context.Context {
	return principal.With(ctx, principal.Principal{Kind: principal.Staff, ID: id, Name: "测试" + string(role),
		Roles: []principal.Role{role}, Scope: principal.Scope{RegionCode: regionCode, DepartmentID: departmentID}})
}

// AsPerson returns ctx acting as a citizen.
func AsPerson(ctx context.Context, id int64, name string) context.Context {
	return principal.With(ctx, principal.Principal{Kind: principal.Person, ID: id, Name: name})
}

// ValidIDNumber returns a valid ID number for prefix (6 digits), birth date
// (YYYYMMDD) and 3-digit sequence, computing the check character.
func ValidIDNumber(t testing.TB, prefix, birth, seq string) string {
	t.Helper()
	first := prefix + birth + seq
	c, ok := identity.IDCheckChar(first)
	if !ok {
		t.Fatalf("bad ID number parts %q", first)
	}
	return first + string(c)
}
