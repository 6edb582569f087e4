package payment

import (
	"context"
	"strings"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/audit"
	"github.com/tongban/tongban/internal/platform/principal"
)

// authorizeRefund lets a department head or system administrator whose scope
// covers the order's department refund it.
func authorizeRefund(ctx context.Context, o Order) error {
	_, err := principal.Authorize(ctx, principal.RefundPayments, principal.Scope{RegionCode: o.RegionCode, DepartmentID: o.DepartmentID})
	return err
}

// Refund returns the whole amount of a paid order to the payer, for a reason.
// The order is marked refunding in one transaction, the gateway is asked
// outside it, and the order becomes refunded in a second one. If the gateway
// call fails the order stays refunding and calling Refund again retries it
// (gateways treat a refund of the same order as one refund).
func (m *Manager) Refund(ctx context.Context, orderNo, reason string) (Order, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return Order{}, apperr.Field("reason", "form.required")
	}
	if len([]rune(reason)) > 200 {
		return Order{}, apperr.Field("reason", "form.too_long", 200)
	}
	o, err := m.store.PaymentOrder(ctx, orderNo)
	if err != nil {
		return Order{}, err
	}
	if err := authorizeRefund(ctx, o); err != nil {
		return Order{}, err
	}
	if o.State != Refunding {
		err = m.tx.InTx(ctx, func(ctx context.Context) error {
			ok, err := m.store.BeginRefund(ctx, orderNo, reason, m.now())
			if err != nil {
				return err
			}
			if !ok {
				return apperr.New(apperr.Conflict, "payment.refund.not_paid")
			}
			return m.audit.AppendAudit(ctx, audit.New(ctx, m.now(), AuditRefundRequest, auditTarget, o.No, o.RegionCode,
				"amount="+FormatFen(o.Total)+" reason="+reason))
		})
		if err != nil {
			return Order{}, err
		}
	}
	if err := m.gw.Refund(ctx, orderNo, o.Total); err != nil {
		return Order{}, err
	}
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		ok, err := m.store.FinishRefund(ctx, orderNo, m.now())
		if err != nil || !ok {
			return err // !ok: a concurrent retry finished it
		}
		return m.audit.AppendAudit(ctx, audit.New(ctx, m.now(), AuditRefunded, auditTarget, o.No, o.RegionCode,
			"amount="+FormatFen(o.Total)))
	})
	if err != nil {
		return Order{}, err
	}
	return m.store.PaymentOrder(ctx, orderNo)
}
