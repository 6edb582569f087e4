package payment

import (
	"context"
	"time"
)

// Tx runs fn in one transaction carried by ctx.
type Tx interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}

// Store keeps orders and receipts. Every state change is conditional on the
// state it leaves and reports whether it happened, so concurrent callers (two
// deliveries of one callback) cannot both move an order.
type Store interface {
	InsertPaymentOrder(ctx context.Context, o *Order) error
	// PaymentOrder returns an order with its lines and receipt number.
	PaymentOrder(ctx context.Context, orderNo string) (Order, error)
	// PaymentOrdersForCase lists the orders of a case, oldest first.
	PaymentOrdersForCase(ctx context.Context, caseRef string) ([]Order, error)
	// MarkOrderPaid moves a created or closed order to paid.
	MarkOrderPaid(ctx context.Context, orderNo, txnID string, at time.Time) (bool, error)
	InsertReceipt(ctx context.Context, r *Receipt) error
	PaymentReceipt(ctx context.Context, orderNo string) (Receipt, error)
	// CloseOrder moves a created order to closed.
	CloseOrder(ctx context.Context, orderNo, reason string, at time.Time) (bool, error)
	// BeginRefund moves a paid order to refunding.
	BeginRefund(ctx context.Context, orderNo, reason string, at time.Time) (bool, error)
	// FinishRefund moves a refunding order to refunded.
	FinishRefund(ctx context.Context, orderNo string, at time.Time) (bool, error)
	// OrdersMovedBetween lists orders paid or refunded in [from, to).
	OrdersMovedBetween(ctx context.Context, from, to time.Time) ([]Order, error)
}
