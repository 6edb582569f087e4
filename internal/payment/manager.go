package payment

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/audit"
	"github.com/tongban/tongban/internal/platform/principal"
)

// Audit actions of the payment module.
const (
	AuditOrderCreate      = "payment.order.create"
	AuditPaid             = "payment.paid"
	AuditCallbackRejected = "payment.callback.rejected"
	AuditClose            = "payment.order.close"
	AuditRefundRequest    = "payment.refund.request"
	AuditRefunded         = "payment.refunded"
)

// auditTarget is the target kind of the module's audit entries.
const auditTarget = "payment_order"

// Manager is the payment use cases.
type Manager struct {
	tx     Tx
	store  Store
	gw     Gateway
	audit  audit.Writer
	now    func() time.Time
	secret []byte // the per-install key the gateway signs callbacks with
	// onPaid hear of each order paid, in the callback's transaction.
	onPaid []func(ctx context.Context, o Order) error
}

// OnPaid adds a function told of every order paid, inside the transaction
// that records the payment (the case's timeline, a delivery waiting for the
// fee); app calls it while wiring.
func (m *Manager) OnPaid(f func(ctx context.Context, o Order) error) { m.onPaid = append(m.onPaid, f) }

// OrdersForCase returns a case's orders to its payer or to staff of their
// scope; others see none.
func (m *Manager) OrdersForCase(ctx context.Context, caseRef string) ([]Order, error) {
	all, err := m.store.PaymentOrdersForCase(ctx, caseRef)
	if err != nil {
		return nil, err
	}
	var out []Order
	for _, o := range all {
		if m.mayView(ctx, o) == nil {
			out = append(out, o)
		}
	}
	return out, nil
}

// NewManager wires a Manager; secret is the key shared with the gateway.
func NewManager(tx Tx, store Store, gw Gateway, aw audit.Writer, now func() time.Time, secret []byte) *Manager {
	return &Manager{tx: tx, store: store, gw: gw, audit: aw, now: now, secret: secret}
}

// NewOrder is what the case-handling module asks for when an item charges.
type NewOrder struct {
	CaseRef      string
	PayerID      int64
	ItemSlug     string
	RegionCode   string
	DepartmentID int64
	Lines        []Line
}

func (n NewOrder) validate() error {
	var fs []apperr.FieldError
	if n.CaseRef == "" {
		fs = append(fs, apperr.FieldError{Field: "case_ref", Key: "form.required"})
	}
	if n.PayerID == 0 {
		fs = append(fs, apperr.FieldError{Field: "payer_id", Key: "form.required"})
	}
	if n.ItemSlug == "" {
		fs = append(fs, apperr.FieldError{Field: "item_slug", Key: "form.required"})
	}
	if n.RegionCode == "" {
		fs = append(fs, apperr.FieldError{Field: "region_code", Key: "form.required"})
	}
	if len(n.Lines) == 0 {
		fs = append(fs, apperr.FieldError{Field: "lines", Key: "payment.lines.empty"})
	}
	for _, l := range n.Lines {
		if strings.TrimSpace(l.Name) == "" || l.Amount <= 0 {
			fs = append(fs, apperr.FieldError{Field: "lines", Key: "payment.lines.invalid"})
			break
		}
	}
	return apperr.Fields(fs)
}

// CreateOrder creates a payment order. The case-handling module calls it on
// approval, or at submission for items that charge up front; it is the
// caller's use case that decides a fee is due, so no role is checked here.
func (m *Manager) CreateOrder(ctx context.Context, n NewOrder) (Order, error) {
	if err := n.validate(); err != nil {
		return Order{}, err
	}
	o := Order{CaseRef: n.CaseRef, PayerID: n.PayerID, ItemSlug: n.ItemSlug, RegionCode: n.RegionCode,
		DepartmentID: n.DepartmentID, Lines: n.Lines, State: Created, CreatedAt: m.now()}
	for _, l := range n.Lines {
		o.Total += l.Amount
	}
	// A random order number can collide; each attempt is its own transaction
	// because a failed statement spoils a PostgreSQL transaction.
	var err error
	for range 3 {
		if o.No, err = newNumber("PAY", o.CreatedAt); err != nil {
			return Order{}, err
		}
		err = m.tx.InTx(ctx, func(ctx context.Context) error {
			if err := m.store.InsertPaymentOrder(ctx, &o); err != nil {
				return err
			}
			return m.audit.AppendAudit(ctx, audit.New(ctx, o.CreatedAt, AuditOrderCreate, auditTarget, o.No, o.RegionCode,
				"case="+o.CaseRef+" total="+FormatFen(o.Total)))
		})
		if apperr.KindOf(err) != apperr.Conflict {
			break
		}
	}
	if err != nil {
		return Order{}, err
	}
	return o, nil
}

// Order returns an order to its payer or to staff of its scope.
func (m *Manager) Order(ctx context.Context, orderNo string) (Order, error) {
	o, err := m.store.PaymentOrder(ctx, orderNo)
	if err != nil {
		return Order{}, err
	}
	if err := m.mayView(ctx, o); err != nil {
		return Order{}, err
	}
	return o, nil
}

// Receipt returns the receipt of a paid order to its payer or to staff.
func (m *Manager) Receipt(ctx context.Context, orderNo string) (Receipt, error) {
	if _, err := m.Order(ctx, orderNo); err != nil {
		return Receipt{}, err
	}
	return m.store.PaymentReceipt(ctx, orderNo)
}

func (m *Manager) mayView(ctx context.Context, o Order) error {
	p := principal.From(ctx)
	switch {
	case p.IsPerson() && p.ID == o.PayerID:
		return nil
	case p.IsStaff() && p.Scope.Covers(principal.Scope{RegionCode: o.RegionCode, DepartmentID: o.DepartmentID}):
		return nil
	case p.Kind == principal.Anonymous:
		return apperr.New(apperr.Unauthenticated, "auth.required")
	}
	// Someone else's order does not exist as far as they can tell.
	return apperr.NotFoundf("payment_order")
}

// Pay starts the payer's payment of an order and returns the gateway page to
// send the browser to. The gateway is called outside any transaction.
func (m *Manager) Pay(ctx context.Context, orderNo string) (string, error) {
	p, err := principal.RequirePerson(ctx)
	if err != nil {
		return "", err
	}
	o, err := m.store.PaymentOrder(ctx, orderNo)
	if err != nil {
		return "", err
	}
	if o.PayerID != p.ID {
		return "", apperr.NotFoundf("payment_order")
	}
	if o.State != Created {
		return "", apperr.New(apperr.Conflict, "payment.order.not_payable")
	}
	return m.gw.CreatePayment(ctx, o)
}

// Cancel closes an unpaid order at the payer's request. The gateway is asked
// first: a payment whose callback has not arrived yet is recorded, not lost.
func (m *Manager) Cancel(ctx context.Context, orderNo string) (Order, error) {
	p, err := principal.RequirePerson(ctx)
	if err != nil {
		return Order{}, err
	}
	o, err := m.store.PaymentOrder(ctx, orderNo)
	if err != nil {
		return Order{}, err
	}
	if o.PayerID != p.ID {
		return Order{}, apperr.NotFoundf("payment_order")
	}
	if o.State == Created {
		st, err := m.gw.QueryPayment(ctx, orderNo)
		if err != nil && apperr.KindOf(err) != apperr.NotFound {
			return Order{}, err
		}
		if st.State == GatewayPaid {
			return Order{}, apperr.New(apperr.Conflict, "payment.order.already_paid")
		}
	}
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		ok, err := m.store.CloseOrder(ctx, orderNo, "cancelled", m.now())
		if err != nil {
			return err
		}
		if !ok {
			return apperr.New(apperr.Conflict, "payment.order.not_payable")
		}
		return m.audit.AppendAudit(ctx, audit.New(ctx, m.now(), AuditClose, auditTarget, o.No, o.RegionCode, "cancelled"))
	})
	if err != nil {
		return Order{}, err
	}
	return m.store.PaymentOrder(ctx, orderNo)
}

// refusal is a callback the platform will not accept: it is audited outside
// the (rolled back) transaction and answered with err.
type refusal struct {
	reason string
	err    error
}

func (r *refusal) Error() string { return r.reason }

// HandleCallback takes the gateway's asynchronous payment notification. It
// verifies the signature, then marks the order paid and issues its receipt in
// one transaction. A repeated callback for an order already paid by the same
// transaction changes nothing and is acknowledged (nil), so the gateway stops
// retrying. A bad signature, an unknown order, an amount that differs from the
// order or a second transaction for a paid order is refused and audited with
// the raw callback as data.
func (m *Manager) HandleCallback(ctx context.Context, params map[string]string) error {
	if !Verify(m.secret, params) {
		return m.refuse(ctx, params, &refusal{"signature", apperr.New(apperr.Invalid, "payment.callback.signature")})
	}
	err := m.tx.InTx(ctx, func(ctx context.Context) error { return m.applyCallback(ctx, params) })
	var r *refusal
	if errors.As(err, &r) {
		return m.refuse(ctx, params, r)
	}
	return err
}

func (m *Manager) applyCallback(ctx context.Context, params map[string]string) error {
	orderNo, txn := params[ParamOrderNo], params[ParamTxnID]
	if params[ParamStatus] != string(GatewayPaid) || txn == "" {
		return &refusal{"status", apperr.New(apperr.Invalid, "payment.callback.status")}
	}
	o, err := m.store.PaymentOrder(ctx, orderNo)
	if apperr.KindOf(err) == apperr.NotFound {
		return &refusal{"unknown order", apperr.New(apperr.Invalid, "payment.callback.order")}
	} else if err != nil {
		return err
	}
	if amt, ok := parseFen(params[ParamAmount]); !ok || amt != o.Total {
		return &refusal{"amount differs from order total " + FormatFen(o.Total), apperr.New(apperr.Invalid, "payment.callback.amount")}
	}
	if o.GatewayTxn != "" {
		if o.GatewayTxn == txn {
			return nil // a repeat: already applied
		}
		return &refusal{"second transaction for a paid order", apperr.New(apperr.Conflict, "payment.callback.duplicate")}
	}
	now := m.now()
	paidAt := now
	if t, err := time.Parse(time.RFC3339, params[ParamPaidAt]); err == nil {
		paidAt = t
	}
	// A closed order is marked paid too: the gateway has taken the money, so
	// the platform must record it (and staff may refund it) rather than lose it.
	ok, err := m.store.MarkOrderPaid(ctx, orderNo, txn, paidAt)
	if err != nil || !ok {
		// !ok: the order moved meanwhile (refunded, or a concurrent delivery
		// won); the reloaded state decides on the next delivery.
		if err == nil {
			err = apperr.New(apperr.Conflict, "payment.order.changed")
		}
		return err
	}
	r := Receipt{OrderID: o.ID, OrderNo: o.No, PayerID: o.PayerID, Amount: o.Total, Items: o.Lines, IssuedAt: now}
	if r.No, err = newNumber("RCP", now); err != nil {
		return err
	}
	if err := m.store.InsertReceipt(ctx, &r); err != nil {
		return err
	}
	if err := m.audit.AppendAudit(ctx, audit.Entry{At: now, ActorKind: "gateway", ActorName: "payment gateway",
		Action: AuditPaid, TargetKind: auditTarget, TargetID: o.No, RegionCode: o.RegionCode,
		Detail: "txn=" + txn + " amount=" + FormatFen(o.Total) + " receipt=" + r.No}); err != nil {
		return err
	}
	o.State, o.GatewayTxn, o.PaidAt, o.ReceiptNo = Paid, txn, paidAt, r.No
	for _, f := range m.onPaid {
		if err := f(ctx, o); err != nil {
			return err
		}
	}
	return nil
}

// refuse audits a refused callback (in its own write, since the use case's
// transaction is rolled back) and returns the refusal's error.
func (m *Manager) refuse(ctx context.Context, params map[string]string, r *refusal) error {
	region := ""
	if o, err := m.store.PaymentOrder(ctx, params[ParamOrderNo]); err == nil {
		region = o.RegionCode
	}
	e := audit.New(ctx, m.now(), AuditCallbackRejected, auditTarget, clip(params[ParamOrderNo], 40), region,
		r.reason+"; callback="+rawCallback(params))
	e.ActorKind, e.ActorName = "gateway", "payment gateway"
	if err := m.audit.AppendAudit(ctx, e); err != nil {
		return errors.Join(r.err, err)
	}
	return r.err
}

// rawCallback renders a callback for the audit trail. A callback carries no
// personal data by design; to keep it so whatever a forger sends, only the
// known parameters are kept (clipped), and unknown ones are named, not copied.
func rawCallback(params map[string]string) string {
	known := map[string]string{}
	var unknown []string
	for k, v := range params {
		switch k {
		case ParamOrderNo, ParamTxnID, ParamAmount, ParamStatus, ParamPaidAt, ParamNonce, ParamSignType, ParamSign:
			known[k] = clip(v, 128)
		default:
			unknown = append(unknown, clip(k, 40))
		}
	}
	slices.Sort(unknown)
	b, _ := json.Marshal(struct {
		Params  map[string]string `json:"params"`
		Unknown []string          `json:"unknown_params,omitempty"`
	}{known, unknown})
	return string(b)
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s + "…"
}

// parseFen parses a non-negative decimal amount in fen.
func parseFen(s string) (int64, bool) {
	if s == "" || len(s) > 15 {
		return 0, false
	}
	var n int64
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}
