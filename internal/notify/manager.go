package notify

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
)

// inboxSize bounds the inbox listing: older notices stay stored, and the case
// pages they link to keep the full story.
const inboxSize = 100

// Deps are what a Manager is built from.
type Deps struct {
	Tx    Tx
	Store Store
	// Senders hand copies to each outside channel; a channel without one gets
	// a LogSender, which only writes a log line.
	Senders map[Channel]Sender
	Log     *slog.Logger
	Now     func() time.Time
	// MaxAttempts bounds deliveries of one copy (8 if zero).
	MaxAttempts int
}

// Manager is notify's use cases: sending, the inbox, and the outbox worker.
type Manager struct {
	tx          Tx
	store       Store
	senders     map[Channel]Sender
	log         *slog.Logger
	now         func() time.Time
	maxAttempts int
}

// NewManager wires a Manager.
func NewManager(d Deps) *Manager {
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.MaxAttempts == 0 {
		d.MaxAttempts = 8
	}
	senders := map[Channel]Sender{}
	for _, c := range []Channel{SMS, Email} {
		senders[c] = LogSender{Log: d.Log}
	}
	for c, s := range d.Senders {
		senders[c] = s
	}
	return &Manager{tx: d.Tx, store: d.Store, senders: senders, log: d.Log, now: d.Now, maxAttempts: d.MaxAttempts}
}

// Send stores a notice in the recipient's inbox and queues its SMS and e-mail
// copies, in the caller's transaction. It authorizes nothing: it is called by
// the composition root and other modules' observers, whose callers were
// authorized by their own module.
func (m *Manager) Send(ctx context.Context, msg Message) (Notice, error) {
	msg.Title, msg.Body = strings.TrimSpace(msg.Title), strings.TrimSpace(msg.Body)
	if !msg.To.valid() {
		return Notice{}, apperr.Field("recipient", "notify.recipient.invalid")
	}
	if msg.Title == "" {
		return Notice{}, apperr.Field("title", "form.required")
	}
	n := Notice{To: msg.To, Title: msg.Title, Body: msg.Body, Link: msg.Link, CreatedAt: m.now()}
	err := m.tx.InTx(ctx, func(ctx context.Context) error {
		if err := m.store.InsertNotice(ctx, &n); err != nil {
			return err
		}
		for _, c := range copiesOf(msg) {
			o := Outgoing{NoticeID: n.ID, Channel: c.channel, Address: c.address, MaskedAddress: mask(c.channel, c.address),
				Status: StatusPending, CreatedAt: n.CreatedAt, NextAt: n.CreatedAt}
			if err := m.store.EnqueueOutgoing(ctx, &o); err != nil {
				return err
			}
		}
		return nil
	})
	return n, err
}

type outsideCopy struct {
	channel Channel
	address string
}

// copiesOf lists the outside copies a message asks for; an address that is
// plainly not one is skipped rather than queued to fail eight times.
func copiesOf(msg Message) []outsideCopy {
	var out []outsideCopy
	if phone := normalizePhone(msg.Phone); phone != "" {
		out = append(out, outsideCopy{SMS, phone})
	}
	if email := strings.TrimSpace(msg.Email); strings.Contains(email, "@") {
		out = append(out, outsideCopy{Email, email})
	}
	return out
}

// Inbox is a recipient's notices, newest first, with the unread count.
type Inbox struct {
	Notices []Notice
	Unread  int
}

// Inbox returns the signed-in person's or staff member's notices.
func (m *Manager) Inbox(ctx context.Context) (Inbox, error) {
	to, err := me(ctx)
	if err != nil {
		return Inbox{}, err
	}
	ns, err := m.store.Notices(ctx, to, inboxSize)
	if err != nil {
		return Inbox{}, err
	}
	unread, err := m.store.UnreadNotices(ctx, to)
	return Inbox{Notices: ns, Unread: unread}, err
}

// Unread counts the signed-in principal's unread notices (0 for a visitor),
// for the count beside the navigation link.
func (m *Manager) Unread(ctx context.Context) (int, error) {
	to, ok := recipientOf(principal.From(ctx))
	if !ok {
		return 0, nil
	}
	return m.store.UnreadNotices(ctx, to)
}

// MarkRead marks one of the signed-in principal's notices read; someone
// else's notice does not exist for them. Marking a read notice again changes
// nothing.
func (m *Manager) MarkRead(ctx context.Context, id int64) error {
	to, err := me(ctx)
	if err != nil {
		return err
	}
	found, err := m.store.MarkNoticeRead(ctx, to, id, m.now())
	if err != nil {
		return err
	}
	if !found {
		return apperr.NotFoundf("notice")
	}
	return nil
}

// MarkAllRead marks every notice of the signed-in principal read and reports
// how many were unread.
func (m *Manager) MarkAllRead(ctx context.Context) (int, error) {
	to, err := me(ctx)
	if err != nil {
		return 0, err
	}
	return m.store.MarkAllNoticesRead(ctx, to, m.now())
}

// me is the signed-in principal's inbox.
func me(ctx context.Context) (Recipient, error) {
	to, ok := recipientOf(principal.From(ctx))
	if !ok {
		return Recipient{}, apperr.New(apperr.Unauthenticated, "auth.required")
	}
	return to, nil
}

// DeliveryLog lists the latest outside copies with masked addresses, for
// supervisors and administrators checking that SMS and e-mail go out.
func (m *Manager) DeliveryLog(ctx context.Context, limit int) ([]Outgoing, error) {
	if _, err := principal.AuthorizeOwn(ctx, principal.ViewAudit); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	return m.store.OutgoingLog(ctx, limit)
}
