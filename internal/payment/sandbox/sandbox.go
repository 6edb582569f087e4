// Package sandbox is a payment gateway for tests and the demo that behaves like
// a real one: it keeps its own records (it plays an outside system), shows a
// pay page, sends the browser back to the platform, delivers a signed
// asynchronous callback through an outbox with retries, answers status
// queries, refunds, and draws a daily statement from its ledger. The HTTP pages
// are served by the web layer from the methods here.
package sandbox

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"strconv"
	"time"

	"github.com/tongban/tongban/internal/payment"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/calendar"
)

// Payment is the sandbox's record of an order.
type Payment struct {
	OrderNo   string
	Amount    int64
	Subject   string
	State     payment.GatewayState
	TxnID     string
	Refunded  int64
	CreatedAt time.Time
	PaidAt    time.Time
}

// Callback is an outbox row: signed parameters waiting to be delivered.
type Callback struct {
	ID       int64
	OrderNo  string
	Params   map[string]string
	Attempts int
}

// Tx runs fn in one transaction carried by ctx.
type Tx interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}

// Store keeps the sandbox's records.
type Store interface {
	// SandboxCreate registers a payment, or reopens a closed one; a pending or
	// paid one is left as it is.
	SandboxCreate(ctx context.Context, p Payment) error
	SandboxPayment(ctx context.Context, orderNo string) (Payment, error)
	// SandboxSetState moves a payment from one state to another, setting the
	// transaction id and paid time when it becomes paid.
	SandboxSetState(ctx context.Context, orderNo string, from, to payment.GatewayState, txnID string, at time.Time) (bool, error)
	SandboxAddRefund(ctx context.Context, orderNo string, amount int64) error
	SandboxLedgerAdd(ctx context.Context, l payment.StatementLine) error
	SandboxLedger(ctx context.Context, from, to time.Time) ([]payment.StatementLine, error)
	SandboxEnqueueCallback(ctx context.Context, c Callback, at time.Time) error
	SandboxDueCallbacks(ctx context.Context, now time.Time, limit int) ([]Callback, error)
	SandboxCallbackDelivered(ctx context.Context, id int64, at time.Time) error
	SandboxCallbackFailed(ctx context.Context, id int64, attempts int, next time.Time, lastErr string, final bool) error
}

// Receiver is the platform's callback endpoint. In a deployment with a real
// gateway it sits behind POST /api/v1/payments/callback; the sandbox calls it
// in process, the way a gateway's job would call that URL.
type Receiver interface {
	HandleCallback(ctx context.Context, params map[string]string) error
}

// Config places the sandbox.
type Config struct {
	// PayURL is the base of the pay page, e.g. "https://host/sandbox/pay/".
	PayURL string
	// ReturnURL is where the browser goes back to; the order number and the
	// outcome are added as query parameters.
	ReturnURL string
	// Secret is the merchant key shared with the platform.
	Secret []byte
	// MaxAttempts bounds callback deliveries (8 if zero).
	MaxAttempts int
}

// Gateway is the sandbox gateway. It implements payment.Gateway.
type Gateway struct {
	tx    Tx
	store Store
	cfg   Config
	now   func() time.Time
}

var _ payment.Gateway = (*Gateway)(nil)

// New returns a sandbox gateway.
func New(tx Tx, store Store, cfg Config, now func() time.Time) *Gateway {
	if cfg.MaxAttempts == 0 {
		cfg.MaxAttempts = 8
	}
	return &Gateway{tx: tx, store: store, cfg: cfg, now: now}
}

// CreatePayment registers the order and returns its pay page.
func (g *Gateway) CreatePayment(ctx context.Context, o payment.Order) (string, error) {
	subject := o.ItemSlug
	if len(o.Lines) > 0 {
		subject = o.Lines[0].Name
	}
	err := g.store.SandboxCreate(ctx, Payment{OrderNo: o.No, Amount: o.Total, Subject: subject,
		State: payment.GatewayPending, CreatedAt: g.now()})
	if err != nil {
		return "", err
	}
	return g.cfg.PayURL + url.PathEscape(o.No), nil
}

// Checkout returns the payment the pay page shows.
func (g *Gateway) Checkout(ctx context.Context, orderNo string) (Payment, error) {
	return g.store.SandboxPayment(ctx, orderNo)
}

// Confirm is the payer pressing 支付: the payment, its ledger line and the
// callback to send are written in one transaction of the sandbox's own; the
// callback is delivered later by Deliver, never inside this request. It
// returns the URL to send the browser back to.
func (g *Gateway) Confirm(ctx context.Context, orderNo string) (string, error) {
	now := g.now()
	txn, err := newTxnID()
	if err != nil {
		return "", err
	}
	err = g.tx.InTx(ctx, func(ctx context.Context) error {
		p, err := g.store.SandboxPayment(ctx, orderNo)
		if err != nil {
			return err
		}
		ok, err := g.store.SandboxSetState(ctx, orderNo, payment.GatewayPending, payment.GatewayPaid, txn, now)
		if err != nil {
			return err
		}
		if !ok {
			return apperr.New(apperr.Conflict, "payment.sandbox.not_pending")
		}
		if err := g.store.SandboxLedgerAdd(ctx, payment.StatementLine{OrderNo: orderNo, TxnID: txn,
			Kind: payment.KindPay, Amount: p.Amount, At: now}); err != nil {
			return err
		}
		params := map[string]string{
			payment.ParamOrderNo: orderNo, payment.ParamTxnID: txn,
			payment.ParamAmount: strconv.FormatInt(p.Amount, 10), payment.ParamStatus: string(payment.GatewayPaid),
			payment.ParamPaidAt: now.UTC().Format(time.RFC3339), payment.ParamNonce: txn[len(txn)-8:],
			payment.ParamSignType: payment.SignType,
		}
		params[payment.ParamSign] = payment.Sign(g.cfg.Secret, params)
		return g.store.SandboxEnqueueCallback(ctx, Callback{OrderNo: orderNo, Params: params}, now)
	})
	if err != nil {
		return "", err
	}
	return g.returnURL(orderNo, "paid"), nil
}

// Abandon is the payer pressing 取消: the payment is closed (and may be
// reopened by paying again) and the browser goes back.
func (g *Gateway) Abandon(ctx context.Context, orderNo string) (string, error) {
	if _, err := g.store.SandboxPayment(ctx, orderNo); err != nil {
		return "", err // an unknown payment is NotFound, not a Conflict
	}
	ok, err := g.store.SandboxSetState(ctx, orderNo, payment.GatewayPending, payment.GatewayClosed, "", g.now())
	if err != nil {
		return "", err
	}
	if !ok {
		return "", apperr.New(apperr.Conflict, "payment.sandbox.not_pending")
	}
	return g.returnURL(orderNo, "cancelled"), nil
}

func (g *Gateway) returnURL(orderNo, outcome string) string {
	sep := "?"
	if u, err := url.Parse(g.cfg.ReturnURL); err == nil && u.RawQuery != "" {
		sep = "&"
	}
	return g.cfg.ReturnURL + sep + url.Values{"order_no": {orderNo}, "result": {outcome}}.Encode()
}

// QueryPayment answers a status query.
func (g *Gateway) QueryPayment(ctx context.Context, orderNo string) (payment.Status, error) {
	p, err := g.store.SandboxPayment(ctx, orderNo)
	if err != nil {
		return payment.Status{}, err
	}
	return payment.Status{OrderNo: p.OrderNo, State: p.State, Amount: p.Amount, TxnID: p.TxnID, PaidAt: p.PaidAt}, nil
}

// Refund refunds a paid payment in full; refunding it again changes nothing.
func (g *Gateway) Refund(ctx context.Context, orderNo string, amount int64) error {
	now := g.now()
	return g.tx.InTx(ctx, func(ctx context.Context) error {
		p, err := g.store.SandboxPayment(ctx, orderNo)
		if err != nil {
			return err
		}
		if p.State == payment.GatewayRefunded && p.Refunded == amount {
			return nil
		}
		if p.State != payment.GatewayPaid || amount != p.Amount {
			return apperr.New(apperr.Conflict, "payment.sandbox.refund")
		}
		if _, err := g.store.SandboxSetState(ctx, orderNo, payment.GatewayPaid, payment.GatewayRefunded, p.TxnID, now); err != nil {
			return err
		}
		if err := g.store.SandboxAddRefund(ctx, orderNo, amount); err != nil {
			return err
		}
		return g.store.SandboxLedgerAdd(ctx, payment.StatementLine{OrderNo: orderNo, TxnID: p.TxnID,
			Kind: payment.KindRefund, Amount: amount, At: now})
	})
}

// Statement lists the ledger of a Beijing calendar day.
func (g *Gateway) Statement(ctx context.Context, day calendar.Date) ([]payment.StatementLine, error) {
	from, to := payment.DayBounds(day)
	return g.store.SandboxLedger(ctx, from, to)
}

// Deliver sends the callbacks that are due and reports how many were
// acknowledged. A refused or failed delivery is retried with back-off
// (30s, 1m, 2m… capped at an hour) until MaxAttempts.
func (g *Gateway) Deliver(ctx context.Context, to Receiver) (int, error) {
	due, err := g.store.SandboxDueCallbacks(ctx, g.now(), 50)
	if err != nil {
		return 0, err
	}
	done := 0
	for _, c := range due {
		if err := to.HandleCallback(ctx, c.Params); err != nil {
			attempts := c.Attempts + 1
			wait := min(30*time.Second<<min(attempts-1, 7), time.Hour)
			msg := err.Error()
			if len(msg) > 500 {
				msg = msg[:500]
			}
			if err := g.store.SandboxCallbackFailed(ctx, c.ID, attempts, g.now().Add(wait), msg, attempts >= g.cfg.MaxAttempts); err != nil {
				return done, err
			}
			continue
		}
		if err := g.store.SandboxCallbackDelivered(ctx, c.ID, g.now()); err != nil {
			return done, err
		}
		done++
	}
	return done, nil
}

// Run delivers callbacks every interval until ctx ends; app starts it in a
// goroutine. Errors are passed to report and the loop goes on.
func (g *Gateway) Run(ctx context.Context, to Receiver, interval time.Duration, report func(error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := g.Deliver(ctx, to); err != nil && report != nil {
				report(err)
			}
		}
	}
}

// newTxnID makes a gateway transaction id: "SBX" + 24 hex digits.
func newTxnID() (string, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return "SBX" + hex.EncodeToString(b), nil
}
