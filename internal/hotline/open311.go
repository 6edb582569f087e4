package hotline

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/tongban/tongban/internal/platform/apperr"
)

// IssueKey issues an Open311 API key to a named client. The key is returned
// once; only its hash is kept.
func (m *Manager) IssueKey(ctx context.Context, name string) (APIKey, string, error) {
	p, err := m.configure(ctx)
	if err != nil {
		return APIKey{}, "", err
	}
	name = strings.TrimSpace(name)
	if name == "" || runes(name) > maxName {
		return APIKey{}, "", apperr.Field("name", "hotline.text.length", maxName)
	}
	plain, hash := newAPIKey()
	k := APIKey{RegionCode: m.home, Name: name, Hash: hash, Prefix: plain[:len(keyPrefix)+4], CreatedAt: m.now(), CreatedBy: p.Name}
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		if err := m.store.InsertAPIKey(ctx, &k); err != nil {
			return err
		}
		return m.auditEntry(ctx, AuditKey, Ticket{RegionCode: m.home}, strconv.FormatInt(k.ID, 10)+" "+k.Name)
	})
	return k, plain, err
}

// Keys lists the Open311 keys of the home region.
func (m *Manager) Keys(ctx context.Context) ([]APIKey, error) {
	if _, err := m.configure(ctx); err != nil {
		return nil, err
	}
	return m.store.ListAPIKeys(ctx, m.home)
}

// RevokeKey stops a key from working.
func (m *Manager) RevokeKey(ctx context.Context, id int64) error {
	if _, err := m.configure(ctx); err != nil {
		return err
	}
	return m.tx.InTx(ctx, func(ctx context.Context) error {
		ok, err := m.store.RevokeAPIKey(ctx, id, m.now())
		if err != nil {
			return err
		}
		if !ok {
			return apperr.NotFoundf("key")
		}
		return m.auditEntry(ctx, AuditKeyRev, Ticket{RegionCode: m.home}, strconv.FormatInt(id, 10))
	})
}

// ErrBadKey is the refusal of a missing, unknown or revoked API key.
var ErrBadKey = apperr.New(apperr.Forbidden, "hotline.open311.api_key")

// FileByAPI files a ticket for an Open311 client holding a valid key. The
// requester's phone is optional there; the description is the content.
func (m *Manager) FileByAPI(ctx context.Context, key string, in Intake) (Ticket, error) {
	k, err := m.store.APIKeyByHash(ctx, hashKey(key))
	if apperr.KindOf(err) == apperr.NotFound || (err == nil && (k.Revoked() || !strings.HasPrefix(m.home, k.RegionCode))) || strings.TrimSpace(key) == "" {
		return Ticket{}, ErrBadKey
	} else if err != nil {
		return Ticket{}, err
	}
	in.Channel, in.Files, in.Answer, in.ArticleID = Open311, nil, "", 0
	return m.receive(ctx, in, origin{keyID: k.ID})
}

// PublicFilter selects the tickets an Open311 client may list.
type PublicFilter struct {
	Numbers   []string
	ClassCode string
	From, To  time.Time
	Open      *bool // nil: both
	Limit     int
}

// PublicRequests lists tickets filed through Open311 for any client to
// follow. Calls and portal tickets stay private: their requesters did not
// file them in public, and their text is about their own lives.
func (m *Manager) PublicRequests(ctx context.Context, f PublicFilter) ([]Ticket, error) {
	tf := TicketFilter{RegionPrefix: m.home, Channel: Open311, Numbers: f.Numbers, ClassCode: f.ClassCode,
		CreatedFrom: f.From, CreatedTo: f.To, Limit: f.Limit}
	if f.Open != nil {
		if *f.Open {
			tf.States = []State{Received, Dispatched, Handling, Replied, Merged}
		} else {
			tf.States = []State{Concluded, Closed, Merged}
		}
	}
	ts, _, err := m.store.ListTickets(ctx, tf)
	if err != nil {
		return nil, err
	}
	out := make([]Ticket, 0, len(ts))
	for _, t := range ts {
		t = m.followed(ctx, t)
		if f.Open != nil && *f.Open != PublicOpen(t) {
			continue
		}
		t.CallerName, t.CallerPhone = "", ""
		out = append(out, t)
	}
	return out, nil
}

// followed shows a duplicate with its main ticket's progress.
func (m *Manager) followed(ctx context.Context, t Ticket) Ticket {
	if t.MergedInto == 0 {
		return t
	}
	main, err := m.store.GetTicket(ctx, t.MergedInto)
	if err != nil {
		return t
	}
	t.State, t.DepartmentName, t.Reply, t.HandleDue, t.UpdatedAt = main.State, main.DepartmentName, main.Reply, main.HandleDue, main.UpdatedAt
	return t
}

// PublicOpen is Open311's status of a ticket: open until concluded.
func PublicOpen(t Ticket) bool { return t.State.Open() }
