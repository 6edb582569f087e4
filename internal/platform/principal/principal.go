// Package principal says who is acting — an anonymous visitor, a citizen
// (possibly acting for an enterprise), a staff member with roles and a scope, or
// an API client — and decides what they may do. Authorization is one function of
// role and scope, used by every module, so a page and its API cannot disagree.
package principal

import (
	"context"
	"slices"
	"strings"

	"github.com/tongban/tongban/internal/platform/apperr"
)

// Kind is the kind of principal.
type Kind string

// The kinds of principal.
const (
	Anonymous Kind = "anonymous"
	Person    Kind = "person" // a natural person; OrgID set when acting for an enterprise
	Staff     Kind = "staff"
)

// Role is a staff role.
type Role string

// The staff roles of a government service platform.
const (
	WindowClerk Role = "window_clerk"  // 窗口人员: receives applicants at the hall
	Reviewer    Role = "dept_reviewer" // 部门审核人员: reviews cases in a department
	DeptHead    Role = "dept_head"     // 部门负责人: decides and signs off
	ItemAdmin   Role = "item_admin"    // 事项管理员: maintains the service catalog
	DataAdmin   Role = "data_admin"    // 数据管理员: data sharing and open data
	Supervisor  Role = "supervisor"    // 效能监督人员: e-supervision, audit
	SystemAdmin Role = "system_admin"  // 系统管理员: regions, departments, staff
	// HotlineOperator is the 12345 hotline's 话务员: records calls as tickets,
	// answers from the knowledge base, dispatches, concludes and calls back.
	HotlineOperator Role = "hotline_operator"
)

// Roles lists every role in display order.
var Roles = []Role{WindowClerk, Reviewer, DeptHead, HotlineOperator, ItemAdmin, DataAdmin, Supervisor, SystemAdmin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// Scope is where a staff member works, or where a record belongs: a region subtree
// (by its division code) and optionally one department.
type Scope struct {
	RegionCode   string
	DepartmentID int64 // 0 = all departments of the region subtree
}

// Covers reports whether a staff scope includes a target record's scope: the
// target's region lies in the staff region's subtree (division codes are
// hierarchical prefixes: 62 → 6208 → 620825 → 620825101), and a department-bound
// scope covers only records of its own department. Records that belong to no
// department (a registered citizen, a region) are covered by region alone.
func (s Scope) Covers(target Scope) bool {
	if s.RegionCode == "" || target.RegionCode == "" || !strings.HasPrefix(target.RegionCode, s.RegionCode) {
		return false
	}
	if s.DepartmentID != 0 && target.DepartmentID != 0 && target.DepartmentID != s.DepartmentID {
		return false
	}
	return true
}

// Principal is the actor of a request.
type Principal struct {
	Kind      Kind
	ID        int64  // person or staff id
	Name      string // for audit and display
	OrgID     int64  // enterprise a person acts for, 0 when acting for themselves
	Roles     []Role // staff only
	Scope     Scope  // staff only
	SessionID string // hash of the session token, for logout
	Via       string // "web" or "api"
}

// IsStaff reports whether p is a staff member.
func (p Principal) IsStaff() bool { return p.Kind == Staff }

// IsPerson reports whether p is a signed-in citizen.
func (p Principal) IsPerson() bool { return p.Kind == Person }

// Has reports whether a staff principal holds role r.
func (p Principal) Has(r Role) bool { return p.Kind == Staff && slices.Contains(p.Roles, r) }

type ctxKey struct{}

// With returns ctx carrying p.
func With(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, ctxKey{}, p)
}

// From returns the principal in ctx, or Anonymous.
func From(ctx context.Context) Principal {
	if p, ok := ctx.Value(ctxKey{}).(Principal); ok {
		return p
	}
	return Principal{Kind: Anonymous}
}

// RequirePerson fails unless a citizen is signed in.
func RequirePerson(ctx context.Context) (Principal, error) {
	p := From(ctx)
	switch p.Kind {
	case Person:
		return p, nil
	case Anonymous:
		return p, apperr.New(apperr.Unauthenticated, "auth.required")
	}
	return p, apperr.Forbid()
}

// RequireStaff fails unless a staff member is signed in.
func RequireStaff(ctx context.Context) (Principal, error) {
	p := From(ctx)
	switch p.Kind {
	case Staff:
		return p, nil
	case Anonymous:
		return p, apperr.New(apperr.Unauthenticated, "auth.required")
	}
	return p, apperr.Forbid()
}
