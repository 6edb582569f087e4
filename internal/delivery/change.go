package delivery

import (
	"context"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
)

// KindChanged is the step of an applicant changing how a result reaches them.
const KindChanged = "changed"

// Change is the applicant's new choice of delivery; mail needs where to.
type Change struct {
	Method                    Method
	Recipient, Address, Phone string
}

// ChangeMethod lets the applicant change how the result reaches them while it
// has not gone out yet (结果送达方式变更): mail not handed to the carrier, an
// online document not downloaded, a result not collected at the window. In a
// 一件事 bundle the one form chose one way for every result; this is where
// the applicant has one of them mailed and another downloaded. Moving away
// from the window voids the pickup code; moving to it gives a new one.
func (m *Manager) ChangeMethod(ctx context.Context, id int64, c Change) (Delivery, error) {
	p, err := principal.RequirePerson(ctx)
	if err != nil {
		return Delivery{}, err
	}
	d, err := m.store.GetDelivery(ctx, id)
	if err != nil {
		return Delivery{}, err
	}
	if !isApplicant(p, d) {
		return Delivery{}, apperr.NotFoundf("delivery")
	}
	if d.Status != StatusPending && d.Status != StatusReady {
		return Delivery{}, apperr.New(apperr.Conflict, "delivery.change.too_late")
	}
	n := New{CaseID: d.CaseID, PersonID: d.PersonID, RegionCode: d.RegionCode, ResultName: d.ResultName, ResultType: d.ResultType,
		Method: c.Method, Recipient: c.Recipient, Address: c.Address, Phone: c.Phone}
	if err := n.validate(); err != nil {
		return Delivery{}, err
	}
	from := d.Status
	d.Method, d.Recipient, d.Address, d.Phone, d.Status = n.Method, "", "", "", StatusReady
	if n.Method == Mail {
		d.Recipient, d.Address, d.Phone, d.Status = n.Recipient, n.Address, n.Phone, StatusPending
	}
	d.UpdatedAt = m.now()
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		code := ""
		if d.Method == Window {
			if code, err = m.freshPickupCode(ctx); err != nil {
				return err
			}
		}
		ok, err := m.store.ChangeDeliveryMethod(ctx, d, from, code)
		if err != nil {
			return err
		}
		if !ok {
			return apperr.New(apperr.Conflict, "delivery.change.too_late")
		}
		if err := m.step(ctx, d, Event{Kind: KindChanged, Text: string(d.Method)}, "", map[string]string{"method": string(d.Method)}); err != nil {
			return err
		}
		switch d.Method {
		case Online:
			return m.step(ctx, d, Event{Kind: KindReady}, "", nil)
		case Window:
			return m.step(ctx, d, Event{Kind: KindPickup}, "", nil)
		}
		return nil
	})
	return d, err
}
