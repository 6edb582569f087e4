package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/tongban/tongban/internal/payment"
	"github.com/tongban/tongban/internal/payment/sandbox"
	"github.com/tongban/tongban/internal/sqldb"
)

var (
	_ payment.Store = (*Store)(nil)
	_ sandbox.Store = (*Store)(nil)
)

// InsertPaymentOrder inserts an order and its lines and sets o.ID.
func (s *Store) InsertPaymentOrder(ctx context.Context, o *payment.Order) error {
	q := s.db.W(ctx)
	err := q.QueryRowContext(ctx, `/* payment.CreateOrder */
		INSERT INTO payment_orders (order_no, case_ref, payer_id, item_slug, region_code, department_id, total, state, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		o.No, o.CaseRef, o.PayerID, o.ItemSlug, o.RegionCode, o.DepartmentID, o.Total, string(o.State), sqldb.T(o.CreatedAt)).Scan(&o.ID)
	if err != nil {
		return mapErr(err, "payment_order")
	}
	for i, l := range o.Lines {
		if _, err := q.ExecContext(ctx, `/* payment.CreateOrder */
			INSERT INTO payment_order_lines (order_id, position, name, standard, amount) VALUES ($1, $2, $3, $4, $5)`,
			o.ID, i+1, l.Name, l.Standard, l.Amount); err != nil {
			return mapErr(err, "payment_order")
		}
	}
	return nil
}

const orderColumns = `o.id, o.order_no, o.case_ref, o.payer_id, o.item_slug, o.region_code, o.department_id, o.total, o.state,
	o.gateway_txn, o.created_at, o.paid_at, o.closed_at, o.close_reason, o.refund_reason, o.refunded_at, COALESCE(r.receipt_no, '')`

func scanOrder(row interface{ Scan(...any) error }) (payment.Order, error) {
	var o payment.Order
	var state string
	var created sqldb.Time
	var paid, closed, refunded sqldb.NullTime
	err := row.Scan(&o.ID, &o.No, &o.CaseRef, &o.PayerID, &o.ItemSlug, &o.RegionCode, &o.DepartmentID, &o.Total, &state,
		&o.GatewayTxn, &created, &paid, &closed, &o.CloseReason, &o.RefundReason, &refunded, &o.ReceiptNo)
	o.State, o.CreatedAt, o.PaidAt, o.ClosedAt, o.RefundedAt = payment.State(state), created.Time, paid.Time, closed.Time, refunded.Time
	return o, err
}

// PaymentOrder returns an order with its lines and receipt number.
func (s *Store) PaymentOrder(ctx context.Context, orderNo string) (payment.Order, error) {
	o, err := scanOrder(s.db.Q(ctx).QueryRowContext(ctx, `/* payment.Order */
		SELECT `+orderColumns+` FROM payment_orders o LEFT JOIN payment_receipts r ON r.order_id = o.id
		WHERE o.order_no = $1`, orderNo))
	if err != nil {
		return payment.Order{}, mapErr(err, "payment_order")
	}
	o.Lines, err = s.orderLines(ctx, o.ID)
	return o, err
}

// PaymentOrdersForCase lists the orders of a case, oldest first.
func (s *Store) PaymentOrdersForCase(ctx context.Context, caseRef string) ([]payment.Order, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* payment.OrdersForCase */
		SELECT `+orderColumns+` FROM payment_orders o LEFT JOIN payment_receipts r ON r.order_id = o.id
		WHERE o.case_ref = $1 ORDER BY o.id`, caseRef)
	if err != nil {
		return nil, err
	}
	var out []payment.Order
	for rows.Next() {
		o, err := scanOrder(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Lines, err = s.orderLines(ctx, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *Store) orderLines(ctx context.Context, orderID int64) ([]payment.Line, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* payment.Order */
		SELECT name, standard, amount FROM payment_order_lines WHERE order_id = $1 ORDER BY position`, orderID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []payment.Line
	for rows.Next() {
		var l payment.Line
		if err := rows.Scan(&l.Name, &l.Standard, &l.Amount); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// changed runs a conditional update and reports whether a row moved.
func (s *Store) changed(ctx context.Context, query string, args ...any) (bool, error) {
	res, err := s.db.W(ctx).ExecContext(ctx, query, args...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// MarkOrderPaid moves a created or closed order to paid.
func (s *Store) MarkOrderPaid(ctx context.Context, orderNo, txnID string, at time.Time) (bool, error) {
	return s.changed(ctx, `/* payment.HandleCallback */
		UPDATE payment_orders SET state = 'paid', gateway_txn = $1, paid_at = $2
		WHERE order_no = $3 AND state IN ('created', 'closed') AND gateway_txn = ''`, txnID, sqldb.T(at), orderNo)
}

// InsertReceipt issues a receipt; a second receipt for an order is a Conflict.
func (s *Store) InsertReceipt(ctx context.Context, r *payment.Receipt) error {
	items, err := json.Marshal(r.Items)
	if err != nil {
		return err
	}
	err = s.db.W(ctx).QueryRowContext(ctx, `/* payment.HandleCallback */
		INSERT INTO payment_receipts (receipt_no, order_id, payer_id, amount, items, issued_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		r.No, r.OrderID, r.PayerID, r.Amount, string(items), sqldb.T(r.IssuedAt)).Scan(&r.ID)
	return mapErr(err, "payment_receipt")
}

// PaymentReceipt returns the receipt of an order.
func (s *Store) PaymentReceipt(ctx context.Context, orderNo string) (payment.Receipt, error) {
	var r payment.Receipt
	var items string
	var at sqldb.Time
	err := s.db.Q(ctx).QueryRowContext(ctx, `/* payment.Receipt */
		SELECT r.id, r.receipt_no, r.order_id, o.order_no, r.payer_id, r.amount, r.items, r.issued_at
		FROM payment_receipts r JOIN payment_orders o ON o.id = r.order_id WHERE o.order_no = $1`, orderNo).
		Scan(&r.ID, &r.No, &r.OrderID, &r.OrderNo, &r.PayerID, &r.Amount, &items, &at)
	if err != nil {
		return payment.Receipt{}, mapErr(err, "payment_receipt")
	}
	r.IssuedAt = at.Time
	return r, json.Unmarshal([]byte(items), &r.Items)
}

// CloseOrder moves a created order to closed.
func (s *Store) CloseOrder(ctx context.Context, orderNo, reason string, at time.Time) (bool, error) {
	return s.changed(ctx, `/* payment.Close */
		UPDATE payment_orders SET state = 'closed', close_reason = $1, closed_at = $2
		WHERE order_no = $3 AND state = 'created'`, reason, sqldb.T(at), orderNo)
}

// BeginRefund moves a paid order to refunding.
func (s *Store) BeginRefund(ctx context.Context, orderNo, reason string, at time.Time) (bool, error) {
	return s.changed(ctx, `/* payment.Refund */
		UPDATE payment_orders SET state = 'refunding', refund_reason = $1, refund_requested_at = $2
		WHERE order_no = $3 AND state = 'paid'`, reason, sqldb.T(at), orderNo)
}

// FinishRefund moves a refunding order to refunded.
func (s *Store) FinishRefund(ctx context.Context, orderNo string, at time.Time) (bool, error) {
	return s.changed(ctx, `/* payment.Refund */
		UPDATE payment_orders SET state = 'refunded', refunded_at = $1
		WHERE order_no = $2 AND state = 'refunding'`, sqldb.T(at), orderNo)
}

// OrdersMovedBetween lists orders paid or refunded in [from, to).
func (s *Store) OrdersMovedBetween(ctx context.Context, from, to time.Time) ([]payment.Order, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* payment.Reconcile */
		SELECT `+orderColumns+` FROM payment_orders o LEFT JOIN payment_receipts r ON r.order_id = o.id
		WHERE (o.paid_at >= $1 AND o.paid_at < $2) OR (o.refunded_at >= $1 AND o.refunded_at < $2)
		ORDER BY o.id`, sqldb.T(from), sqldb.T(to))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []payment.Order
	for rows.Next() {
		o, err := scanOrder(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// SandboxCreate registers a sandbox payment or reopens a closed one.
func (s *Store) SandboxCreate(ctx context.Context, p sandbox.Payment) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* sandbox.CreatePayment */
		INSERT INTO sandbox_payments (order_no, amount, subject, state, created_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (order_no) DO UPDATE SET state = 'pending' WHERE sandbox_payments.state = 'closed'`,
		p.OrderNo, p.Amount, p.Subject, string(p.State), sqldb.T(p.CreatedAt))
	return err
}

// SandboxPayment returns a sandbox payment.
func (s *Store) SandboxPayment(ctx context.Context, orderNo string) (sandbox.Payment, error) {
	var p sandbox.Payment
	var state string
	var created sqldb.Time
	var paid sqldb.NullTime
	err := s.db.Q(ctx).QueryRowContext(ctx, `/* sandbox.Payment */
		SELECT order_no, amount, subject, state, txn_id, refunded, created_at, paid_at FROM sandbox_payments WHERE order_no = $1`, orderNo).
		Scan(&p.OrderNo, &p.Amount, &p.Subject, &state, &p.TxnID, &p.Refunded, &created, &paid)
	if err != nil {
		return sandbox.Payment{}, mapErr(err, "sandbox_payment")
	}
	p.State, p.CreatedAt, p.PaidAt = payment.GatewayState(state), created.Time, paid.Time
	return p, nil
}

// SandboxSetState moves a sandbox payment between states.
func (s *Store) SandboxSetState(ctx context.Context, orderNo string, from, to payment.GatewayState, txnID string, at time.Time) (bool, error) {
	var paidAt sqldb.NullTime
	if to == payment.GatewayPaid {
		paidAt = sqldb.NT(at)
	}
	return s.changed(ctx, `/* sandbox.SetState */
		UPDATE sandbox_payments SET state = $1, txn_id = CASE WHEN $2 = '' THEN txn_id ELSE $2 END,
			paid_at = COALESCE($3, paid_at)
		WHERE order_no = $4 AND state = $5`, string(to), txnID, paidAt, orderNo, string(from))
}

// SandboxAddRefund records a refunded amount.
func (s *Store) SandboxAddRefund(ctx context.Context, orderNo string, amount int64) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* sandbox.Refund */
		UPDATE sandbox_payments SET refunded = refunded + $1 WHERE order_no = $2`, amount, orderNo)
	return err
}

// SandboxLedgerAdd appends a ledger line.
func (s *Store) SandboxLedgerAdd(ctx context.Context, l payment.StatementLine) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* sandbox.Ledger */
		INSERT INTO sandbox_ledger (order_no, txn_id, kind, amount, at) VALUES ($1, $2, $3, $4, $5)`,
		l.OrderNo, l.TxnID, l.Kind, l.Amount, sqldb.T(l.At))
	return err
}

// SandboxLedger lists ledger lines in [from, to).
func (s *Store) SandboxLedger(ctx context.Context, from, to time.Time) ([]payment.StatementLine, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* sandbox.Statement */
		SELECT order_no, txn_id, kind, amount, at FROM sandbox_ledger WHERE at >= $1 AND at < $2 ORDER BY id`,
		sqldb.T(from), sqldb.T(to))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []payment.StatementLine
	for rows.Next() {
		var l payment.StatementLine
		var at sqldb.Time
		if err := rows.Scan(&l.OrderNo, &l.TxnID, &l.Kind, &l.Amount, &at); err != nil {
			return nil, err
		}
		l.At = at.Time
		out = append(out, l)
	}
	return out, rows.Err()
}

// SandboxEnqueueCallback writes a callback to the outbox, due at once.
func (s *Store) SandboxEnqueueCallback(ctx context.Context, c sandbox.Callback, at time.Time) error {
	params, err := json.Marshal(c.Params)
	if err != nil {
		return err
	}
	_, err = s.db.W(ctx).ExecContext(ctx, `/* sandbox.Enqueue */
		INSERT INTO sandbox_callbacks (order_no, params, state, next_at) VALUES ($1, $2, 'pending', $3)`,
		c.OrderNo, string(params), sqldb.T(at))
	return err
}

// SandboxDueCallbacks lists pending callbacks whose time has come.
func (s *Store) SandboxDueCallbacks(ctx context.Context, now time.Time, limit int) ([]sandbox.Callback, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* sandbox.Deliver */
		SELECT id, order_no, params, attempts FROM sandbox_callbacks
		WHERE state = 'pending' AND next_at <= $1 ORDER BY id LIMIT $2`, sqldb.T(now), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []sandbox.Callback
	for rows.Next() {
		var c sandbox.Callback
		var params string
		if err := rows.Scan(&c.ID, &c.OrderNo, &params, &c.Attempts); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(params), &c.Params); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// SandboxCallbackDelivered marks a callback acknowledged.
func (s *Store) SandboxCallbackDelivered(ctx context.Context, id int64, at time.Time) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* sandbox.Deliver */
		UPDATE sandbox_callbacks SET state = 'delivered', attempts = attempts + 1, delivered_at = $1 WHERE id = $2`, sqldb.T(at), id)
	return err
}

// SandboxCallbackFailed records a failed delivery and when to retry.
func (s *Store) SandboxCallbackFailed(ctx context.Context, id int64, attempts int, next time.Time, lastErr string, final bool) error {
	state := "pending"
	if final {
		state = "failed"
	}
	_, err := s.db.W(ctx).ExecContext(ctx, `/* sandbox.Deliver */
		UPDATE sandbox_callbacks SET state = $1, attempts = $2, next_at = $3, last_error = $4 WHERE id = $5`,
		state, attempts, sqldb.T(next), lastErr, id)
	return err
}
