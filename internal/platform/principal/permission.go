package principal

import (
	"context"
	"slices"

	"github.com/tongban/tongban/internal/platform/apperr"
)

// Permission is something a staff member may do, somewhere.
type Permission string

// Permissions. Each module checks one of these against the target's scope.
const (
	ViewWorkbench   Permission = "workbench.view"
	ViewPeople      Permission = "people.view"   // see registered persons and enterprises (masked)
	RevealPersonal  Permission = "people.reveal" // see an unmasked ID or phone number (audited)
	ViewRegions     Permission = "regions.view"
	ManageRegions   Permission = "regions.manage" // villages, departments, halls, windows
	ViewStaff       Permission = "staff.view"
	ManageStaff     Permission = "staff.manage" // accounts, roles, scopes
	ViewAudit       Permission = "audit.view"
	UseAdminConsole Permission = "admin.console"
	ViewItems       Permission = "items.view"         // drafts and review trails of the catalog
	CompileItems    Permission = "items.compile"      // claim basic entries, edit drafts, submit
	ReviewItems     Permission = "items.review"       // issue entries, approve or return, suspend, cancel, quality reports
	ManageSearch    Permission = "search.manage"      // synonyms and the no-result log
	RefundPayments  Permission = "payments.refund"    // refund a paid fee order of one's scope
	ReconcilePay    Permission = "payments.reconcile" // the install-wide reconciliation with the gateway

	// ManageAPIClients: register departmental business systems and revoke them.
	ManageAPIClients Permission = "apiclients.manage"

	// Electronic licenses (电子证照) and seals.
	ViewLicenses       Permission = "licenses.view"   // list the licenses a department issued
	UseLicenses        Permission = "licenses.use"    // read a license for a stated purpose (用证, logged)
	ManageLicenses     Permission = "licenses.manage" // suspend, resume, revoke, cancel, re-issue
	ManageLicenseTypes Permission = "licensetypes.manage"
	ViewSeals          Permission = "seals.view" // seals and their use log
	ManageSeals        Permission = "seals.manage"

	// 好差评: invite an applicant at the window to rate the visit on the hall
	// pad; handle a bad rating's rectification in one's department; review a
	// department's appeal against a rating; read the rating reports.
	InviteRatings       Permission = "ratings.invite"
	RectifyRatings      Permission = "ratings.rectify"
	ReviewRatingAppeals Permission = "ratings.review"
	ViewRatingReports   Permission = "ratings.report"

	// The 12345 hotline: see tickets of one's scope (a department sees those
	// dispatched to it); record calls, dispatch, conclude and call back; sign,
	// return and reply for one's department; urge (督办) and read the board;
	// see a caller's unmasked name or phone (audited); edit the knowledge
	// base; configure rules, classes, limits and Open311 keys.
	ViewTickets      Permission = "tickets.view"
	OperateHotline   Permission = "hotline.operate"
	HandleTickets    Permission = "tickets.handle"
	SuperviseTickets Permission = "tickets.supervise"
	RevealCaller     Permission = "tickets.reveal"
	EditKnowledge    Permission = "hotline.knowledge"
	ConfigureHotline Permission = "hotline.configure"
)

// grants says which roles hold which permission. It is the one table behind every
// authorization decision, kept as data so it can be read and tested as a whole.
var grants = map[Permission][]Role{
	ViewWorkbench:   Roles,
	ViewPeople:      {WindowClerk, Reviewer, DeptHead, Supervisor, SystemAdmin},
	RevealPersonal:  {WindowClerk, Reviewer, DeptHead, SystemAdmin},
	ViewRegions:     Roles,
	ManageRegions:   {SystemAdmin},
	ViewStaff:       {DeptHead, Supervisor, SystemAdmin},
	ManageStaff:     {SystemAdmin},
	ViewAudit:       {Supervisor, SystemAdmin},
	UseAdminConsole: {SystemAdmin, ItemAdmin, DataAdmin},
	ViewItems:       Roles,
	CompileItems:    {Reviewer, DeptHead, ItemAdmin},
	ReviewItems:     {ItemAdmin},
	ManageSearch:    {ItemAdmin, SystemAdmin},
	RefundPayments:  {DeptHead, SystemAdmin},
	ReconcilePay:    {SystemAdmin},

	ManageAPIClients: {SystemAdmin},

	ViewLicenses:       {Reviewer, DeptHead, Supervisor, SystemAdmin},
	UseLicenses:        {WindowClerk, Reviewer, DeptHead},
	ManageLicenses:     {DeptHead, SystemAdmin},
	ManageLicenseTypes: {ItemAdmin, SystemAdmin},
	ViewSeals:          {DeptHead, Supervisor, SystemAdmin},
	ManageSeals:        {SystemAdmin},

	InviteRatings:       {WindowClerk},
	RectifyRatings:      {Reviewer, DeptHead},
	ReviewRatingAppeals: {Supervisor},
	ViewRatingReports:   {DeptHead, Supervisor},

	ViewTickets:      {HotlineOperator, Reviewer, DeptHead, Supervisor},
	OperateHotline:   {HotlineOperator},
	HandleTickets:    {Reviewer, DeptHead},
	SuperviseTickets: {Supervisor},
	RevealCaller:     {HotlineOperator, Reviewer, DeptHead},
	EditKnowledge:    {Supervisor, SystemAdmin},
	ConfigureHotline: {SystemAdmin},
}

// Permissions lists every permission, for tests and documentation.
func Permissions() []Permission {
	ps := make([]Permission, 0, len(grants))
	for p := range grants {
		ps = append(ps, p)
	}
	slices.Sort(ps)
	return ps
}

// RolesWith returns the roles holding perm.
func RolesWith(perm Permission) []Role { return grants[perm] }

// Can reports whether p may exercise perm on a record in target scope: p must be
// staff, hold a role granting perm, and have a scope covering the target.
func (p Principal) Can(perm Permission, target Scope) bool {
	if p.Kind != Staff || !p.Scope.Covers(target) {
		return false
	}
	for _, r := range grants[perm] {
		if p.Has(r) {
			return true
		}
	}
	return false
}

// CanAnywhere reports whether p holds perm at all (within its own scope), for
// pages that list what a staff member may see.
func (p Principal) CanAnywhere(perm Permission) bool { return p.Can(perm, p.Scope) }

// Authorize is Can as an error: 401 for no one signed in, 403 otherwise.
func Authorize(ctx context.Context, perm Permission, target Scope) (Principal, error) {
	p := From(ctx)
	if p.Kind == Anonymous {
		return p, apperr.New(apperr.Unauthenticated, "auth.required")
	}
	if !p.Can(perm, target) {
		return p, apperr.Forbid()
	}
	return p, nil
}

// AuthorizeOwn is Authorize for the principal's own scope: may p do perm at all?
func AuthorizeOwn(ctx context.Context, perm Permission) (Principal, error) {
	p := From(ctx)
	return Authorize(ctx, perm, p.Scope)
}
