package hotline

import (
	"context"
	"time"

	"github.com/tongban/tongban/internal/platform/calendar"
)

// TicketFilter selects tickets. The manager fills the scope from the
// principal before the store sees it.
type TicketFilter struct {
	RegionPrefix string
	DepartmentID int64 // 0 = every department
	PersonID     int64 // a requester's own tickets
	States       []State
	Category     Category
	ClassCode    string
	Channel      Channel
	Numbers      []string
	Query        string // a ticket number, or words of the title
	Satisfaction Satisfaction
	CreatedFrom  time.Time // inclusive; zero = no bound
	CreatedTo    time.Time // exclusive; zero = no bound
	// HandleDueBy keeps open tickets due on or before the date; SignDueBy
	// dispatched tickets whose signature is due on or before it.
	HandleDueBy calendar.Date
	SignDueBy   calendar.Date
	NotMerged   bool
	MergedInto  int64 // the duplicates of one main ticket
	Limit       int
	Offset      int
}

// Repeat counts complaints and reports about one place and class.
type Repeat struct {
	RegionCode string
	ClassCode  string
	ClassName  string
	Category   Category
	Count      int
	Last       time.Time
}

// Store keeps tickets, their configuration and the knowledge base.
type Store interface {
	// InsertTicket stores a new ticket, sealing the caller's name and phone.
	InsertTicket(ctx context.Context, t *Ticket) error
	SetTicketNumber(ctx context.Context, id int64, number string) error
	GetTicket(ctx context.Context, id int64) (Ticket, error)
	TicketByNumber(ctx context.Context, number string) (Ticket, error)
	// UpdateTicket writes a ticket's loop fields if its version is still
	// t.Version, and bumps the version; false when someone changed it first.
	UpdateTicket(ctx context.Context, t *Ticket) (bool, error)
	ListTickets(ctx context.Context, f TicketFilter) ([]Ticket, int, error)
	// CountTickets counts the tickets of a filter by state.
	CountTickets(ctx context.Context, f TicketFilter) (map[State]int, error)
	// RepointMerged moves the duplicates of one main ticket to another.
	RepointMerged(ctx context.Context, from, to int64) error
	// CallerTickets counts the tickets from a phone number since a time.
	CallerTickets(ctx context.Context, phone string, since time.Time) (int, error)
	// RepeatedComplaints groups the complaints and reports of a region
	// subtree since a time by place and class, keeping groups of at least min.
	RepeatedComplaints(ctx context.Context, regionPrefix string, since time.Time, min int) ([]Repeat, error)
	AppendTicketEvent(ctx context.Context, e *Event) error
	TicketEvents(ctx context.Context, ticketID int64) ([]Event, error)
	AddTicketFile(ctx context.Context, ticketID int64, f File) error
	TicketFiles(ctx context.Context, ticketID int64) ([]File, error)

	ListClasses(ctx context.Context, regionCode string) ([]Class, error)
	// SaveClass inserts a class or updates the one with its region and code.
	SaveClass(ctx context.Context, c *Class) error
	ListLimits(ctx context.Context) ([]Limit, error)
	SaveLimit(ctx context.Context, l Limit) error

	// ListRules lists every rule with its department's name.
	ListRules(ctx context.Context) ([]Rule, error)
	GetRule(ctx context.Context, id int64) (Rule, error)
	InsertRule(ctx context.Context, r *Rule) error
	UpdateRule(ctx context.Context, r Rule) error

	InsertArticle(ctx context.Context, a *Article) error
	UpdateArticle(ctx context.Context, a Article) error
	GetArticle(ctx context.Context, id int64) (Article, error)
	SearchArticles(ctx context.Context, f ArticleFilter) ([]Article, int, error)

	InsertAPIKey(ctx context.Context, k *APIKey) error
	APIKeyByHash(ctx context.Context, hash string) (APIKey, error)
	ListAPIKeys(ctx context.Context, regionPrefix string) ([]APIKey, error)
	RevokeAPIKey(ctx context.Context, id int64, at time.Time) (bool, error)
}

// Tx runs fn in one transaction carried by ctx.
type Tx interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}

// Department is what the hotline needs to know of a department.
type Department struct {
	ID         int64
	Name       string
	RegionCode string
	Active     bool
}

// Departments finds the departments tickets are dispatched to; app plugs in
// the region module.
type Departments interface {
	// Department returns one department; NotFound when there is none.
	Department(ctx context.Context, id int64) (Department, error)
	// Departments lists the active departments of a region subtree.
	Departments(ctx context.Context, regionPrefix string) ([]Department, error)
}

// Places names the divisions a ticket can be located in; app plugs in the
// region module.
type Places interface {
	// PlaceName returns the name of a division; NotFound when there is none.
	PlaceName(ctx context.Context, code string) (string, error)
}

// Items names the published service items articles link to; app plugs in
// the catalog.
type Items interface {
	// ItemName returns a published item's name by slug; NotFound otherwise.
	ItemName(ctx context.Context, slug string) (string, error)
}

// Uploads checks that the files a citizen attaches are their own; app plugs
// in the upload module.
type Uploads interface {
	// OwnUpload returns the name of the signed-in person's upload;
	// NotFound for anyone else's.
	OwnUpload(ctx context.Context, id int64) (string, error)
}
