package delivery

import (
	"context"
	"errors"
	"fmt"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
)

// Dispatch hands a pending mail delivery to the carrier: staff who handle
// cases in the case's scope (window clerk, reviewer, department head) may. The
// carrier is called outside any transaction; the parcel's reference is the
// case number, so a retried or doubled dispatch books one parcel. The
// shipment, its timeline entry and the audit entry are one transaction.
func (m *Manager) Dispatch(ctx context.Context, id int64) (Delivery, error) {
	p, err := principal.RequireStaff(ctx)
	if err != nil {
		return Delivery{}, err
	}
	d, err := m.store.GetDelivery(ctx, id)
	if err != nil {
		return Delivery{}, err
	}
	if !staffIn(p, d, dispatcherRoles) {
		return Delivery{}, apperr.Forbid()
	}
	if d.Method != Mail {
		return Delivery{}, apperr.New(apperr.Conflict, "delivery.not_mail")
	}
	if d.Status != StatusPending {
		return Delivery{}, apperr.New(apperr.Conflict, "delivery.already_shipped")
	}
	tracking, err := m.carrier.Ship(ctx, Parcel{Reference: d.CaseNumber, Recipient: d.Recipient, Address: d.Address,
		Phone: d.Phone, Contents: d.ResultName})
	if err != nil {
		return Delivery{}, fmt.Errorf("carrier %s: ship: %w", m.carrier.Name(), err) // an outside outage: a 500, cause logged
	}
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		ok, err := m.store.MarkShipped(ctx, d.ID, m.carrier.Name(), tracking, m.now())
		if err != nil {
			return err
		}
		if !ok {
			return apperr.New(apperr.Conflict, "delivery.already_shipped")
		}
		d.Status, d.Carrier, d.TrackingNo = StatusShipped, m.carrier.Name(), tracking
		if err := m.auditEntry(ctx, "delivery.dispatch", d); err != nil {
			return err
		}
		return m.step(ctx, d, Event{Kind: KindShipped, Text: tracking}, tracking,
			map[string]string{"carrier": d.Carrier, "tracking": tracking})
	})
	return d, err
}

// refreshBatch bounds the parcels asked about in one pass.
const refreshBatch = 200

// Refresh asks the carrier for new scans of every parcel on its way and
// records them on the delivery and the case timeline; a signed scan completes
// the delivery and the case. It is a job: it runs without a principal, each
// parcel's news in its own transaction, and a parcel the carrier cannot
// answer for is skipped until the next pass. It reports how many scans were
// recorded.
func (m *Manager) Refresh(ctx context.Context) (int, error) {
	ds, err := m.store.ShippedDeliveries(ctx, refreshBatch)
	if err != nil {
		return 0, err
	}
	recorded := 0
	var errs []error
	for _, d := range ds {
		scans, err := m.carrier.Track(ctx, d.TrackingNo)
		if err != nil {
			errs = append(errs, fmt.Errorf("track delivery %d: %w", d.ID, err))
			continue
		}
		if len(scans) <= d.Scans {
			continue
		}
		if err := m.tx.InTx(ctx, func(ctx context.Context) error { return m.recordScans(ctx, d, scans) }); err != nil {
			errs = append(errs, fmt.Errorf("record scans of delivery %d: %w", d.ID, err))
			continue
		}
		recorded += len(scans) - d.Scans
	}
	return recorded, errors.Join(errs...)
}

// recordScans appends the scans after the ones already recorded.
func (m *Manager) recordScans(ctx context.Context, d Delivery, scans []Scan) error {
	ok, err := m.store.AdvanceScans(ctx, d.ID, d.Scans, len(scans), m.now())
	if err != nil || !ok {
		return err // another pass recorded them meanwhile
	}
	for _, s := range scans[d.Scans:] {
		e := Event{Kind: KindScan, ScanStatus: s.Status, Text: s.Text, ActorName: d.Carrier}
		detail := map[string]string{"status": s.Status, "tracking": d.TrackingNo, "at": s.At.UTC().Format("2006-01-02T15:04:05Z")}
		if s.Status == ScanSigned {
			if _, err := m.complete(ctx, d, StatusShipped, HowSigned, e, s.Text, detail); err != nil {
				return err
			}
			continue
		}
		if err := m.step(ctx, d, e, s.Text, detail); err != nil {
			return err
		}
	}
	return nil
}
