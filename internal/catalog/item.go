package catalog

import (
	"context"
	"time"

	"github.com/tongban/tongban/internal/platform/principal"
)

// Entry is a basic catalog entry (基本目录), issued by a national, provincial or
// city item administrator for the regions below to claim.
type Entry struct {
	ID             int64
	Code           string // 12-digit 基本编码; empty when not yet assigned
	Name           string
	ItemType       string
	LegalBasis     []string
	UseLevel       int
	IssuedRegion   string // the issuer's region: visible to its whole subtree
	DepartmentLine string // the department line expected to claim it (e.g. market-regulation)
	Cancelled      bool
	CreatedAt      time.Time
}

// Draft statuses of an item's working copy.
const (
	DraftNone      = ""          // no pending changes: the draft equals the published version
	DraftEditing   = "editing"   // being compiled by the department
	DraftSubmitted = "submitted" // waiting for the item administrator
	DraftReturned  = "returned"  // sent back with comments
)

// Item states (事项状态) of the published item.
const (
	StateUnpublished = "unpublished" // never published
	StateActive      = "active"      // 在用
	StateSuspended   = "suspended"   // 暂停
	StateCancelled   = "cancelled"   // 取消
)

// Item is an implementation-list item: one service implemented by one
// department in one region, with a working draft and published versions.
type Item struct {
	ID               int64
	Slug             string // stable, URL-safe identifier within the install
	EntryID          int64  // the basic entry it was claimed from; 0 for a local item
	RegionCode       string
	DepartmentID     int64
	Draft            Elements
	DraftStatus      string
	ReviewComment    string // the administrator's last comment on a return
	PublishedVersion int    // 0 = never published
	State            string
	StateReason      string
	StateFrom        time.Time // suspension or cancellation date
	StateUntil       time.Time // end of a suspension, zero = open-ended
	UpdatedAt        time.Time
	CreatedAt        time.Time
}

// Scope is the item's place for authorization: its region and department.
func (it Item) Scope() principal.Scope {
	return principal.Scope{RegionCode: it.RegionCode, DepartmentID: it.DepartmentID}
}

// Public reports whether citizens can see the item: published and not cancelled.
func (it Item) Public() bool {
	return it.PublishedVersion > 0 && (it.State == StateActive || it.State == StateSuspended)
}

// Version is an immutable published version of an item.
type Version struct {
	ItemID      int64
	Version     int
	Elements    Elements
	PublishedAt time.Time
	PublishedBy string
}

// Review is one step of an item's lifecycle trail: claim, submit, return,
// approve, suspend, cancel, resume — with who, when and why.
type Review struct {
	ItemID  int64
	Action  string
	Comment string
	Actor   string
	At      time.Time
}

// Review actions.
const (
	ActionClaim   = "claim"
	ActionSave    = "save"
	ActionSubmit  = "submit"
	ActionReturn  = "return"
	ActionApprove = "approve"
	ActionSuspend = "suspend"
	ActionCancel  = "cancel"
	ActionResume  = "resume"
	ActionImport  = "import"
)

// Published is a published item as citizens see it: the item's identity and
// state with the elements of its current version.
type Published struct {
	Item
	Version Version
}

// Departments resolves the departments items belong to; the region module
// provides it through app.
type Departments interface {
	// DepartmentInfo returns a department's region, display name and slug.
	DepartmentInfo(ctx context.Context, id int64) (DepartmentInfo, error)
}

// DepartmentInfo is what the catalog needs to know about a department.
type DepartmentInfo struct {
	ID         int64
	Slug       string
	Name       string
	ShortName  string
	RegionCode string
}
