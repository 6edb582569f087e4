// Package audit defines the audit trail: who did what to which record, and every
// view of personal data by staff. Entries are data in the database, written in the
// same transaction as the change they record, never just log lines.
package audit

import (
	"context"
	"time"

	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/platform/reqinfo"
)

// Actions recorded by the foundation. Modules add their own.
const (
	Login          = "login"
	LoginFailed    = "login.failed"
	LoginLocked    = "login.locked"
	Logout         = "logout"
	RevealPersonal = "personal.reveal" // a staff member saw an unmasked value
	RoleChange     = "staff.roles"
	StaffCreate    = "staff.create"
	Register       = "register"
)

// Entry is one line of the audit trail.
type Entry struct {
	ID         int64
	At         time.Time
	ActorKind  string
	ActorID    int64
	ActorName  string
	Action     string
	TargetKind string
	TargetID   string
	RegionCode string // lets supervisors see the entries of their region only
	Detail     string // never contains personal data in plain text
	IP         string
	RequestID  string
}

// Writer appends entries; the store implements it within the caller's transaction.
type Writer interface {
	AppendAudit(ctx context.Context, e Entry) error
}

// Filter selects entries for a listing.
type Filter struct {
	RegionPrefix string // entries whose region lies in this subtree
	Action       string
	TargetKind   string
	TargetID     string
	Limit        int
	Offset       int
}

// Reader lists entries.
type Reader interface {
	ListAudit(ctx context.Context, f Filter) ([]Entry, int, error)
}

// New fills an entry's actor and request fields from ctx.
func New(ctx context.Context, now time.Time, action, targetKind, targetID, regionCode, detail string) Entry {
	p := principal.From(ctx)
	info := reqinfo.From(ctx)
	return Entry{
		At: now, ActorKind: string(p.Kind), ActorID: p.ID, ActorName: p.Name,
		Action: action, TargetKind: targetKind, TargetID: targetID, RegionCode: regionCode,
		Detail: detail, IP: info.IP, RequestID: info.ID,
	}
}

// List is the audit trail's one read use case, shared by the console and the
// API: only roles with principal.ViewAudit read it, and only for their own region
// subtree, at most 200 entries at a time.
func List(ctx context.Context, r Reader, f Filter) ([]Entry, int, error) {
	p, err := principal.AuthorizeOwn(ctx, principal.ViewAudit)
	if err != nil {
		return nil, 0, err
	}
	f.RegionPrefix = p.Scope.RegionCode
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	return r.ListAudit(ctx, f)
}
