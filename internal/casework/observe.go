package casework

import (
	"context"
	"slices"

	"github.com/tongban/tongban/internal/platform/apperr"
)

// Observer hears of every change to a case inside the change's transaction, so
// what other modules do in answer (a payment order on approval, a delivery on
// conclusion, a notice to the applicant) commits or rolls back with it. The
// composition root plugs the other modules in; casework knows none of them.
type Observer interface {
	CaseChanged(ctx context.Context, c Case, e Event) error
}

// ObserverFunc adapts a function to Observer.
type ObserverFunc func(ctx context.Context, c Case, e Event) error

// CaseChanged calls f.
func (f ObserverFunc) CaseChanged(ctx context.Context, c Case, e Event) error { return f(ctx, c, e) }

// Observe adds an observer; app calls it while wiring, before serving.
func (m *Manager) Observe(o Observer) { m.observers = append(m.observers, o) }

// notify tells every observer of a change, in the caller's transaction.
func (m *Manager) notify(ctx context.Context, c Case, e Event) error {
	for _, o := range m.observers {
		if err := o.CaseChanged(ctx, c, e); err != nil {
			return err
		}
	}
	return nil
}

// Timeline actions recorded by other modules through Note and MarkDelivered.
const (
	EventDelivered = "delivered" // the result reached the applicant
)

// Note appends an entry to a case's timeline on behalf of another module (the
// payment of a fee, a parcel scan, a pickup), in the caller's transaction. It
// authorizes nothing: it is for the composition root, whose callers have
// already been authorized by their own module.
func (m *Manager) Note(ctx context.Context, caseID int64, action, comment string, detail map[string]string) error {
	c, err := m.store.GetCase(ctx, caseID)
	if err != nil {
		return err
	}
	return m.record(ctx, c, action, "", "", comment, detail)
}

// MarkDelivered moves a concluded case to its terminal delivered state once its
// result has reached the applicant (downloaded, signed for, collected), and
// closes it. Like Note it is for the composition root. A case already past
// conclusion is left as it is, so a repeated signal changes nothing.
func (m *Manager) MarkDelivered(ctx context.Context, caseID int64, how string) error {
	return m.tx.InTx(ctx, func(ctx context.Context) error {
		c, err := m.store.GetCase(ctx, caseID)
		if err != nil {
			return err
		}
		wf := m.workflowFor(c)
		for _, a := range wf.Actions {
			if a.ID != ActionDeliver {
				continue
			}
			if c.Closed || !slices.Contains(a.From, c.State) {
				return nil
			}
			from := c.State
			m.advance(&c, wf, a)
			if err := m.store.UpdateCase(ctx, c, from); err != nil {
				return err
			}
			return m.record(ctx, c, EventDelivered, from, c.State, "", map[string]string{"how": how})
		}
		return apperr.New(apperr.Conflict, "casework.action.not_now")
	})
}
