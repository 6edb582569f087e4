package payment

import (
	"context"
	"time"

	"github.com/tongban/tongban/internal/platform/calendar"
)

// Gateway is a payment gateway (支付平台) as the platform needs it. Adapters for
// real gateways and the sandbox implement it; its calls are network calls, so
// the Manager never makes them inside a database transaction.
type Gateway interface {
	// CreatePayment registers the order at the gateway (idempotent per order
	// number) and returns the page the payer is sent to.
	CreatePayment(ctx context.Context, o Order) (payURL string, err error)
	// QueryPayment asks the gateway for an order's status.
	QueryPayment(ctx context.Context, orderNo string) (Status, error)
	// Refund returns amount fen of a paid order to the payer (idempotent per
	// order number).
	Refund(ctx context.Context, orderNo string, amount int64) error
	// Statement lists the gateway's transactions of a Beijing calendar day.
	Statement(ctx context.Context, day calendar.Date) ([]StatementLine, error)
}

// GatewayState is an order's state as the gateway sees it.
type GatewayState string

// Gateway states.
const (
	GatewayPending  GatewayState = "pending"
	GatewayPaid     GatewayState = "paid"
	GatewayClosed   GatewayState = "closed"
	GatewayRefunded GatewayState = "refunded"
)

// Status is the gateway's answer to a status query.
type Status struct {
	OrderNo string
	State   GatewayState
	Amount  int64
	TxnID   string
	PaidAt  time.Time
}

// Statement line kinds.
const (
	KindPay    = "pay"
	KindRefund = "refund"
)

// StatementLine is one transaction on the gateway's daily statement.
type StatementLine struct {
	OrderNo string
	TxnID   string
	Kind    string // KindPay or KindRefund
	Amount  int64  // fen, positive for both kinds
	At      time.Time
}

// DayBounds returns the instants a Beijing calendar day starts and ends.
func DayBounds(day calendar.Date) (from, to time.Time) {
	from = time.Date(day.Year, day.Month, day.Day, 0, 0, 0, 0, china)
	return from, from.AddDate(0, 0, 1)
}
