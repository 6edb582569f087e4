package notify

import (
	"context"
	"time"

	"github.com/tongban/tongban/internal/platform/principal"
)

// RecipientKind says whose inbox a notice lands in.
type RecipientKind string

// Kinds of recipient.
const (
	ToPerson RecipientKind = "person" // a citizen, possibly for an enterprise
	ToStaff  RecipientKind = "staff"  // a staff member (reminders)
)

// Recipient is the owner of an inbox. A person acting for an enterprise has
// an inbox per enterprise, like their cases: OrgID is that enterprise, 0 when
// acting for themselves.
type Recipient struct {
	Kind  RecipientKind
	ID    int64
	OrgID int64
}

// valid reports whether the recipient names an inbox.
func (r Recipient) valid() bool {
	switch r.Kind {
	case ToPerson:
		return r.ID > 0
	case ToStaff:
		return r.ID > 0 && r.OrgID == 0
	}
	return false
}

// recipientOf is the inbox of the signed-in principal.
func recipientOf(p principal.Principal) (Recipient, bool) {
	switch p.Kind {
	case principal.Person:
		return Recipient{Kind: ToPerson, ID: p.ID, OrgID: p.OrgID}, true
	case principal.Staff:
		return Recipient{Kind: ToStaff, ID: p.ID}, true
	}
	return Recipient{}, false
}

// Notice is one message in an inbox.
type Notice struct {
	ID        int64
	To        Recipient
	Title     string
	Body      string
	Link      string // a path on this site, e.g. /me/cases/12
	CreatedAt time.Time
	ReadAt    time.Time // zero while unread
}

// Unread reports whether the recipient has not read the notice yet.
func (n Notice) Unread() bool { return n.ReadAt.IsZero() }

// Message is what a caller asks to send: the notice, and optionally where its
// outside copies go.
type Message struct {
	To    Recipient
	Title string
	Body  string
	Link  string
	Phone string // an SMS copy goes here when set
	Email string // an e-mail copy goes here when set
}

// Channel is an outside channel a notice is copied to.
type Channel string

// Outside channels.
const (
	SMS   Channel = "sms"
	Email Channel = "email"
)

// Delivery states of an outbox row.
const (
	StatusPending = "pending"
	StatusSent    = "sent"
	StatusFailed  = "failed" // given up after the last attempt
)

// Outgoing is one outside copy of a notice: an outbox row and, once handled,
// a line of the delivery log.
type Outgoing struct {
	ID       int64
	NoticeID int64
	Channel  Channel
	// Address is the phone number or e-mail address in full. The store fills
	// it only for the worker that sends; the delivery log leaves it empty.
	Address       string
	MaskedAddress string
	Title         string
	Body          string
	Status        string
	Attempts      int
	LastError     string
	CreatedAt     time.Time
	NextAt        time.Time
	SentAt        time.Time
}

// Sender hands a copy to an outside channel (an SMS gateway, a mail server).
// It runs outside any transaction; an error makes the worker try again later.
type Sender interface {
	Send(ctx context.Context, o Outgoing) error
}

// Store keeps notices and their outbox.
type Store interface {
	InsertNotice(ctx context.Context, n *Notice) error
	// EnqueueOutgoing stores an outbox row, encrypting the address.
	EnqueueOutgoing(ctx context.Context, o *Outgoing) error
	// Notices lists an inbox, newest first.
	Notices(ctx context.Context, to Recipient, limit int) ([]Notice, error)
	UnreadNotices(ctx context.Context, to Recipient) (int, error)
	// MarkNoticeRead marks one unread notice of the inbox read and reports
	// whether the notice is in the inbox at all.
	MarkNoticeRead(ctx context.Context, to Recipient, id int64, at time.Time) (bool, error)
	MarkAllNoticesRead(ctx context.Context, to Recipient, at time.Time) (int, error)
	// DueOutgoing returns pending rows due by now, with their full address
	// and the notice's text.
	DueOutgoing(ctx context.Context, now time.Time, limit int) ([]Outgoing, error)
	OutgoingSent(ctx context.Context, id int64, attempts int, at time.Time) error
	OutgoingFailed(ctx context.Context, id int64, attempts int, next time.Time, lastErr string, final bool) error
	// OutgoingLog lists outbox rows, newest first, without full addresses.
	OutgoingLog(ctx context.Context, limit int) ([]Outgoing, error)
}

// Tx runs fn in one transaction carried by ctx.
type Tx interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}
