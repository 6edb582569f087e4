package delivery

import (
	"context"
	"crypto/rand"
	"fmt"
	"math/big"
	"strings"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/fieldcrypt"
	"github.com/tongban/tongban/internal/platform/principal"
)

// pickupCodeDigits is the length of a pickup code.
const pickupCodeDigits = 6

// freshPickupCode draws a random code that no waiting delivery has. With a
// million codes and a few hundred waiting parcels a clash is rare, so a few
// draws always suffice; the unique index is the final guard.
func (m *Manager) freshPickupCode(ctx context.Context) (string, error) {
	limit := big.NewInt(1_000_000)
	for range 10 {
		n, err := rand.Int(rand.Reader, limit)
		if err != nil {
			return "", err
		}
		code := fmt.Sprintf("%06d", n.Int64())
		taken, err := m.store.PickupCodeTaken(ctx, code)
		if err != nil {
			return "", err
		}
		if !taken {
			return code, nil
		}
	}
	return "", fmt.Errorf("no free pickup code after 10 draws")
}

// normalizeCode accepts a code typed with spaces or full-width digits.
func normalizeCode(s string) (string, bool) {
	s = strings.ReplaceAll(fieldcrypt.Normalize(s), " ", "")
	if len(s) != pickupCodeDigits {
		return s, false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return s, false
		}
	}
	return s, true
}

// PickupDesk checks that the signed-in staff member works a pickup desk: a
// window clerk. The pickup page asks before showing its form.
func (m *Manager) PickupDesk(ctx context.Context) error {
	p, err := principal.RequireStaff(ctx)
	if err != nil {
		return err
	}
	if !p.Has(principal.WindowClerk) || p.Scope.RegionCode == "" {
		return apperr.Forbid()
	}
	return nil
}

// Collect hands a result over at a window: a window clerk enters the
// applicant's pickup code. The code must belong to a waiting delivery of a
// case in the clerk's hall region (the hall's region contains the case's);
// using it clears it, so a code works once. The collection, its timeline
// entry, the case's delivered state and the audit entry are one transaction.
func (m *Manager) Collect(ctx context.Context, code string) (Delivery, error) {
	if err := m.PickupDesk(ctx); err != nil {
		return Delivery{}, err
	}
	p := principal.From(ctx)
	code, ok := normalizeCode(code)
	if !ok {
		return Delivery{}, apperr.Field("code", "delivery.pickup.code_format")
	}
	var d Delivery
	err := m.tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		d, err = m.store.DeliveryByPickupCode(ctx, code)
		if apperr.KindOf(err) == apperr.NotFound {
			return apperr.Field("code", "delivery.pickup.wrong_code")
		}
		if err != nil {
			return err
		}
		hall := principal.Scope{RegionCode: p.Scope.RegionCode}
		if !hall.Covers(principal.Scope{RegionCode: d.RegionCode}) {
			return apperr.New(apperr.Forbidden, "delivery.pickup.other_hall")
		}
		done, err := m.complete(ctx, d, StatusReady, HowCollected, Event{Kind: KindCollected}, "", nil)
		if err != nil {
			return err
		}
		if !done { // collected by another clerk a moment ago
			return apperr.Field("code", "delivery.pickup.wrong_code")
		}
		d.Status, d.CompletedHow = StatusCompleted, HowCollected
		return m.auditEntry(ctx, "delivery.collect", d)
	})
	return d, err
}
