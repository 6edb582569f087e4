package catalog

import (
	"context"
	"time"
)

// Store is the persistence the catalog needs; package store implements it.
type Store interface {
	InsertEntry(ctx context.Context, e *Entry) error
	GetEntry(ctx context.Context, id int64) (Entry, error)
	ListEntries(ctx context.Context, f EntryFilter) ([]Entry, error)

	InsertItem(ctx context.Context, it *Item) error
	UpdateItem(ctx context.Context, it Item) error
	GetItem(ctx context.Context, id int64) (Item, error)
	GetItemBySlug(ctx context.Context, slug string) (Item, error)
	ListItems(ctx context.Context, f ItemFilter) ([]Item, int, error)
	ClaimedEntries(ctx context.Context, regionPrefix string) (map[int64][]int64, error) // entry → departments that claimed it

	InsertVersion(ctx context.Context, v Version) error
	GetVersion(ctx context.Context, itemID int64, version int) (Version, error)
	ListVersions(ctx context.Context, itemID int64) ([]Version, error)
	ListPublished(ctx context.Context, f ItemFilter) ([]Published, int, error)

	AppendReview(ctx context.Context, r Review) error
	ListReviews(ctx context.Context, itemID int64) ([]Review, error)

	// AppendChange records that an item's public face changed, in the same
	// transaction; the search index follows this feed.
	AppendChange(ctx context.Context, itemID int64, at time.Time) error
	ChangesSince(ctx context.Context, seq int64, limit int) ([]Change, error)

	ListCodes(ctx context.Context) ([]Code, error)
	ListRuleSettings(ctx context.Context, regionCode string) ([]RuleSetting, error)
	SaveRuleSetting(ctx context.Context, s RuleSetting) error
}

// Change is one entry of the catalog's change feed.
type Change struct {
	Seq    int64
	ItemID int64
	At     time.Time
}

// EntryFilter selects basic entries visible in a region.
type EntryFilter struct {
	VisibleIn      string // entries issued at this region or any ancestor
	DepartmentLine string
	Query          string
}

// ItemFilter selects items.
type ItemFilter struct {
	RegionPrefix string
	DepartmentID int64
	DraftStatus  string // "" any; or one of the Draft* statuses (DraftNone excluded)
	State        string
	Topic        string
	LifeEvent    string
	ServiceObj   int
	Query        string // substring of the name
	PublicOnly   bool
	Limit        int
	Offset       int
}

// Tx runs fn in one transaction carried by ctx.
type Tx interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}
