// Package sandboxcarrier is a courier for tests and the demo that behaves like
// a courier's API: it books parcels under tracking numbers of its own ("SB" and
// twelve digits), answers for the same booking reference with the same number,
// keeps its own records (it plays an outside system), and reports scans that
// advance with the time since shipping — picked up at once, then in transit,
// out for delivery and signed for, one step apart.
package sandboxcarrier

import (
	"context"
	"crypto/rand"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/tongban/tongban/internal/delivery"
	"github.com/tongban/tongban/internal/platform/apperr"
)

// Name is the carrier's name on deliveries.
const Name = "sandbox"

// DefaultStep is the time between two scans when none is configured.
const DefaultStep = 3 * time.Minute

// Parcel is the sandbox's record of a booking. It keeps no address, phone or
// name: the scans follow from the time since shipping alone.
type Parcel struct {
	TrackingNo string
	Reference  string
	Contents   string
	ShippedAt  time.Time
}

// Store keeps the sandbox's parcels.
type Store interface {
	// InsertCarrierParcel books a parcel; a Conflict error means the tracking
	// number or the reference is taken.
	InsertCarrierParcel(ctx context.Context, p Parcel) error
	CarrierParcel(ctx context.Context, trackingNo string) (Parcel, error)
	CarrierParcelByReference(ctx context.Context, reference string) (Parcel, error)
}

// Carrier is the sandbox courier. It implements delivery.Carrier.
type Carrier struct {
	store Store
	step  time.Duration
	now   func() time.Time
}

var _ delivery.Carrier = (*Carrier)(nil)

// New returns a sandbox courier whose scans are step apart (DefaultStep if 0).
func New(store Store, step time.Duration, now func() time.Time) *Carrier {
	if step <= 0 {
		step = DefaultStep
	}
	return &Carrier{store: store, step: step, now: now}
}

// Name identifies the carrier.
func (c *Carrier) Name() string { return Name }

// Ship books a parcel, or returns the tracking number of the booking already
// made under the same reference.
func (c *Carrier) Ship(ctx context.Context, p delivery.Parcel) (string, error) {
	if strings.TrimSpace(p.Reference) == "" {
		return "", fmt.Errorf("sandbox carrier: a parcel needs a reference")
	}
	for range 5 {
		if old, err := c.store.CarrierParcelByReference(ctx, p.Reference); err == nil {
			return old.TrackingNo, nil
		} else if apperr.KindOf(err) != apperr.NotFound {
			return "", err
		}
		no, err := trackingNo()
		if err != nil {
			return "", err
		}
		err = c.store.InsertCarrierParcel(ctx, Parcel{TrackingNo: no, Reference: p.Reference, Contents: p.Contents, ShippedAt: c.now()})
		if err == nil {
			return no, nil
		}
		if apperr.KindOf(err) != apperr.Conflict {
			return "", err
		}
		// A clash of numbers, or the same reference booked meanwhile: look again.
	}
	return "", fmt.Errorf("sandbox carrier: could not book parcel %s", p.Reference)
}

// route is what the sandbox courier reports at each step.
var route = []struct{ status, text string }{
	{delivery.ScanPickedUp, "快件已揽收"},
	{delivery.ScanInTransit, "快件运输中，已到达转运中心"},
	{delivery.ScanOutForDelivery, "快件派送中，请保持电话畅通"},
	{delivery.ScanSigned, "快件已签收，签收人：本人"},
}

// Track returns the scans a parcel has passed by now: the pickup at the time
// of shipping and one more each step after it.
func (c *Carrier) Track(ctx context.Context, trackingNo string) ([]delivery.Scan, error) {
	p, err := c.store.CarrierParcel(ctx, trackingNo)
	if err != nil {
		return nil, err
	}
	passed := int(c.now().Sub(p.ShippedAt) / c.step)
	var out []delivery.Scan
	for i, r := range route {
		if i > passed {
			break
		}
		out = append(out, delivery.Scan{At: p.ShippedAt.Add(time.Duration(i) * c.step), Status: r.status, Text: r.text})
	}
	return out, nil
}

// trackingNo makes "SB" and twelve random digits.
func trackingNo() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000_000_000))
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("SB%012d", n.Int64()), nil
}
