package payment_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tongban/tongban/internal/payment"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/audit"
	"github.com/tongban/tongban/internal/platform/calendar"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/testkit"
)

const (
	payerID = 42
	region  = "620825"
	deptID  = 7
)

// recorder is the platform's callback endpoint with a tap on what arrives.
type recorder struct {
	m    *payment.Manager
	seen []map[string]string
}

func (r *recorder) HandleCallback(ctx context.Context, params map[string]string) error {
	r.seen = append(r.seen, params)
	return r.m.HandleCallback(ctx, params)
}

func newOrder(t *testing.T, env *testkit.PaymentEnv, caseRef string) payment.Order {
	t.Helper()
	o, err := env.Payments.CreateOrder(context.Background(), payment.NewOrder{
		CaseRef: caseRef, PayerID: payerID, ItemSlug: "food-biz-license", RegionCode: region, DepartmentID: deptID,
		Lines: []payment.Line{{Name: "证照工本费", Standard: "甘发改收费〔2020〕1号", Amount: 1000}, {Name: "检测费", Amount: 2550}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func asPayer() context.Context { return testkit.AsPerson(context.Background(), payerID, "王建国") }

// payOrder goes through the sandbox like a browser would: the pay page, 支付,
// the redirect back, then the gateway's asynchronous callback.
func payOrder(t *testing.T, env *testkit.PaymentEnv, o payment.Order, rec *recorder) {
	t.Helper()
	payURL, err := env.Payments.Pay(asPayer(), o.No)
	if err != nil || payURL != "https://pay.test/sandbox/pay/"+o.No {
		t.Fatalf("Pay = %q, %v", payURL, err)
	}
	if p, err := env.Sandbox.Checkout(context.Background(), o.No); err != nil || p.Amount != o.Total || p.State != payment.GatewayPending {
		t.Fatalf("pay page shows %+v, %v", p, err)
	}
	back, err := env.Sandbox.Confirm(context.Background(), o.No)
	if err != nil || !strings.HasPrefix(back, "https://tongban.test/payments/return?") || !strings.Contains(back, "result=paid") {
		t.Fatalf("Confirm = %q, %v", back, err)
	}
	if got, _ := env.Store.PaymentOrder(context.Background(), o.No); got.State != payment.Created {
		t.Fatalf("order %s before the callback, want created", got.State)
	}
	if n, err := env.Sandbox.Deliver(context.Background(), rec); err != nil || n != 1 {
		t.Fatalf("Deliver = %d, %v", n, err)
	}
}

func auditCount(t *testing.T, env *testkit.PaymentEnv, action, target string) []audit.Entry {
	t.Helper()
	es, _, err := env.Store.ListAudit(context.Background(), audit.Filter{Action: action, TargetID: target})
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func receipts(t *testing.T, env *testkit.PaymentEnv) int {
	t.Helper()
	var n int
	if err := env.DB.Q(context.Background()).QueryRowContext(context.Background(), `SELECT COUNT(*) FROM payment_receipts`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestPayThroughSandbox(t *testing.T) {
	t.Parallel()
	env := testkit.NewPaymentEnv(t)
	o := newOrder(t, env, "CASE-1")
	if o.Total != 3550 || o.State != payment.Created || len(o.No) != 19 || !strings.HasPrefix(o.No, "PAY20260302") {
		t.Fatalf("order %+v", o)
	}
	rec := &recorder{m: env.Payments}
	payOrder(t, env, o, rec)

	got, err := env.Payments.Order(asPayer(), o.No)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != payment.Paid || got.GatewayTxn == "" || got.GatewayTxn != rec.seen[0][payment.ParamTxnID] || got.PaidAt.IsZero() || got.ReceiptNo == "" {
		t.Fatalf("after the callback: %+v", got)
	}
	r, err := env.Payments.Receipt(asPayer(), o.No)
	if err != nil {
		t.Fatal(err)
	}
	if r.No != got.ReceiptNo || r.Amount != 3550 || r.PayerID != payerID || len(r.Items) != 2 || r.Items[1].Name != "检测费" || r.IssuedAt.IsZero() {
		t.Fatalf("receipt %+v", r)
	}
	if len(auditCount(t, env, payment.AuditPaid, o.No)) != 1 {
		t.Fatal("the payment is not in the audit trail")
	}
	if st, _ := env.Sandbox.QueryPayment(context.Background(), o.No); st.State != payment.GatewayPaid || st.TxnID != got.GatewayTxn {
		t.Fatalf("gateway status %+v", st)
	}
	// Someone else neither sees nor pays the order.
	other := testkit.AsPerson(context.Background(), 99, "李四")
	if _, err := env.Payments.Order(other, o.No); apperr.KindOf(err) != apperr.NotFound {
		t.Fatalf("another person's view: %v", err)
	}
	if _, err := env.Payments.Pay(asPayer(), o.No); apperr.KindOf(err) != apperr.Conflict {
		t.Fatalf("paying a paid order: %v", err)
	}
}

func TestBadSignatureRefusedAndAudited(t *testing.T) {
	t.Parallel()
	env := testkit.NewPaymentEnv(t)
	o := newOrder(t, env, "CASE-2")
	params := map[string]string{
		payment.ParamOrderNo: o.No, payment.ParamTxnID: "SBXforged", payment.ParamAmount: strconv.FormatInt(o.Total, 10),
		payment.ParamStatus: "paid", payment.ParamSignType: payment.SignType,
	}
	params[payment.ParamSign] = payment.Sign([]byte("not-the-merchant-key"), params)
	err := env.Payments.HandleCallback(context.Background(), params)
	if e := apperr.As(err); e == nil || e.Kind != apperr.Invalid || e.Key != "payment.callback.signature" {
		t.Fatalf("forged callback: %v", err)
	}
	// A correctly signed callback whose amount was altered afterwards fails too.
	params[payment.ParamSign] = payment.Sign(testkit.PaymentSecret, params)
	params[payment.ParamAmount] = "1"
	if err := env.Payments.HandleCallback(context.Background(), params); apperr.KindOf(err) != apperr.Invalid {
		t.Fatalf("altered callback: %v", err)
	}
	if got, _ := env.Store.PaymentOrder(context.Background(), o.No); got.State != payment.Created || receipts(t, env) != 0 {
		t.Fatalf("a refused callback changed the order: %+v", got)
	}
	es := auditCount(t, env, payment.AuditCallbackRejected, o.No)
	if len(es) != 2 {
		t.Fatalf("%d audit entries for two refused callbacks", len(es))
	}
	if d := es[1].Detail; !strings.Contains(d, "signature") || !strings.Contains(d, `"txn_id":"SBXforged"`) || es[1].RegionCode != region {
		t.Fatalf("audit detail %q (region %q) does not keep the raw callback", d, es[1].RegionCode)
	}
}

func TestRepeatedCallbackChangesNothing(t *testing.T) {
	t.Parallel()
	env := testkit.NewPaymentEnv(t)
	o := newOrder(t, env, "CASE-3")
	rec := &recorder{m: env.Payments}
	payOrder(t, env, o, rec)
	before, _ := env.Store.PaymentOrder(context.Background(), o.No)
	env.Clock.Advance(time.Hour)
	for range 2 {
		if err := env.Payments.HandleCallback(context.Background(), rec.seen[0]); err != nil {
			t.Fatalf("a repeated callback is not acknowledged: %v", err)
		}
	}
	after, _ := env.Store.PaymentOrder(context.Background(), o.No)
	if receipts(t, env) != 1 || after.ReceiptNo != before.ReceiptNo || after.State != payment.Paid || !after.PaidAt.Equal(before.PaidAt) {
		t.Fatalf("repeat changed the order: before %+v after %+v", before, after)
	}
	if len(auditCount(t, env, payment.AuditPaid, o.No)) != 1 {
		t.Fatal("a repeat was audited as a second payment")
	}
	// A different transaction for the same paid order is refused.
	second := map[string]string{}
	for k, v := range rec.seen[0] {
		second[k] = v
	}
	second[payment.ParamTxnID] = "SBXsecond"
	second[payment.ParamSign] = payment.Sign(testkit.PaymentSecret, second)
	if err := env.Payments.HandleCallback(context.Background(), second); apperr.KindOf(err) != apperr.Conflict {
		t.Fatalf("second transaction: %v", err)
	}
}

func TestAmountMismatchRefused(t *testing.T) {
	t.Parallel()
	env := testkit.NewPaymentEnv(t)
	o := newOrder(t, env, "CASE-4")
	params := map[string]string{
		payment.ParamOrderNo: o.No, payment.ParamTxnID: "SBXcheap", payment.ParamAmount: "100",
		payment.ParamStatus: "paid", payment.ParamSignType: payment.SignType,
	}
	params[payment.ParamSign] = payment.Sign(testkit.PaymentSecret, params)
	err := env.Payments.HandleCallback(context.Background(), params)
	if e := apperr.As(err); e == nil || e.Key != "payment.callback.amount" {
		t.Fatalf("short payment: %v", err)
	}
	if got, _ := env.Store.PaymentOrder(context.Background(), o.No); got.State != payment.Created || receipts(t, env) != 0 {
		t.Fatalf("order changed: %+v", got)
	}
	es := auditCount(t, env, payment.AuditCallbackRejected, o.No)
	if len(es) != 1 || !strings.Contains(es[0].Detail, "amount") {
		t.Fatalf("audit %+v", es)
	}
}

// A refused delivery stays in the gateway's outbox and is retried later.
func TestCallbackRetried(t *testing.T) {
	t.Parallel()
	env := testkit.NewPaymentEnv(t)
	o := newOrder(t, env, "CASE-5")
	if _, err := env.Payments.Pay(asPayer(), o.No); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Sandbox.Confirm(context.Background(), o.No); err != nil {
		t.Fatal(err)
	}
	down := receiverFunc(func(context.Context, map[string]string) error { return apperr.New(apperr.Internal, "down") })
	if n, err := env.Sandbox.Deliver(context.Background(), down); err != nil || n != 0 {
		t.Fatalf("Deliver to a failing platform = %d, %v", n, err)
	}
	rec := &recorder{m: env.Payments}
	if n, _ := env.Sandbox.Deliver(context.Background(), rec); n != 0 {
		t.Fatal("retried before the back-off")
	}
	env.Clock.Advance(time.Minute)
	if n, err := env.Sandbox.Deliver(context.Background(), rec); err != nil || n != 1 {
		t.Fatalf("retry = %d, %v", n, err)
	}
	if got, _ := env.Store.PaymentOrder(context.Background(), o.No); got.State != payment.Paid {
		t.Fatalf("after retry: %s", got.State)
	}
}

type receiverFunc func(context.Context, map[string]string) error

func (f receiverFunc) HandleCallback(ctx context.Context, p map[string]string) error {
	return f(ctx, p)
}

func TestReconcile(t *testing.T) {
	t.Parallel()
	env := testkit.NewPaymentEnv(t)
	ctx := context.Background()
	rec := &recorder{m: env.Payments}
	matched, lost, short, ghost := newOrder(t, env, "A"), newOrder(t, env, "B"), newOrder(t, env, "C"), newOrder(t, env, "D")
	for _, o := range []payment.Order{matched, short, ghost} {
		payOrder(t, env, o, rec)
	}
	// B is paid at the gateway but its callback never arrives.
	if _, err := env.Payments.Pay(asPayer(), lost.No); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Sandbox.Confirm(ctx, lost.No); err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) {
		if _, err := env.DB.W(ctx).ExecContext(ctx, q, args...); err != nil {
			t.Fatal(err)
		}
	}
	exec(`UPDATE sandbox_callbacks SET state = 'failed' WHERE order_no = $1`, lost.No)
	// The gateway's books differ for C and know nothing of D.
	exec(`UPDATE sandbox_ledger SET amount = amount - 50 WHERE order_no = $1`, short.No)
	exec(`DELETE FROM sandbox_ledger WHERE order_no = $1`, ghost.No)

	day := calendar.FromTime(env.Clock.Now(), time.FixedZone("CST", 8*3600))
	admin := testkit.AsStaff(ctx, 1, principal.SystemAdmin, region, 0)
	r, err := env.Payments.Reconcile(admin, day)
	if err != nil {
		t.Fatal(err)
	}
	if r.Balanced() || len(r.Matched) != 1 || r.Matched[0].OrderNo != matched.No ||
		len(r.MissingOnPlatform) != 1 || r.MissingOnPlatform[0].OrderNo != lost.No ||
		len(r.MissingAtGateway) != 1 || r.MissingAtGateway[0].OrderNo != ghost.No ||
		len(r.AmountMismatches) != 1 || r.AmountMismatches[0].Gateway.Amount != short.Total-50 {
		t.Fatalf("report %+v", r)
	}
	// The next day has nothing on either side.
	if r, err := env.Payments.Reconcile(admin, day.AddDays(1)); err != nil || !r.Balanced() || len(r.Matched) != 0 {
		t.Fatalf("next day %+v, %v", r, err)
	}
	head := testkit.AsStaff(ctx, 2, principal.DeptHead, region, deptID)
	if _, err := env.Payments.Reconcile(head, day); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("a department head reconciles: %v", err)
	}
}

func TestRefund(t *testing.T) {
	t.Parallel()
	env := testkit.NewPaymentEnv(t)
	ctx := context.Background()
	o := newOrder(t, env, "CASE-6")
	head := testkit.AsStaff(ctx, 2, principal.DeptHead, region, deptID)
	if _, err := env.Payments.Refund(head, o.No, "申请人撤回申请"); apperr.KindOf(err) != apperr.Conflict {
		t.Fatalf("refunding an unpaid order: %v", err)
	}
	payOrder(t, env, o, &recorder{m: env.Payments})

	refusals := map[string]context.Context{
		"reviewer":         testkit.AsStaff(ctx, 3, principal.Reviewer, region, deptID),
		"other department": testkit.AsStaff(ctx, 4, principal.DeptHead, region, deptID+1),
		"other region":     testkit.AsStaff(ctx, 5, principal.SystemAdmin, "620826", 0),
		"the payer":        asPayer(),
		"window clerk":     testkit.AsStaff(ctx, 6, principal.WindowClerk, region, 0),
	}
	for who, c := range refusals {
		if _, err := env.Payments.Refund(c, o.No, "退款"); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("%s refunds: %v", who, err)
		}
	}
	if _, err := env.Payments.Refund(ctx, o.No, "退款"); apperr.KindOf(err) != apperr.Unauthenticated {
		t.Errorf("anonymous refund: %v", err)
	}
	if _, err := env.Payments.Refund(head, o.No, "  "); apperr.KindOf(err) != apperr.Invalid {
		t.Fatalf("refund without a reason: %v", err)
	}
	got, err := env.Payments.Refund(head, o.No, "申请人撤回申请")
	if err != nil {
		t.Fatal(err)
	}
	if got.State != payment.Refunded || got.RefundReason != "申请人撤回申请" || got.RefundedAt.IsZero() {
		t.Fatalf("after refund %+v", got)
	}
	if st, _ := env.Sandbox.QueryPayment(ctx, o.No); st.State != payment.GatewayRefunded {
		t.Fatalf("gateway state %s", st.State)
	}
	if _, err := env.Payments.Refund(head, o.No, "again"); apperr.KindOf(err) != apperr.Conflict {
		t.Fatalf("second refund: %v", err)
	}
	if len(auditCount(t, env, payment.AuditRefundRequest, o.No)) != 1 || len(auditCount(t, env, payment.AuditRefunded, o.No)) != 1 {
		t.Fatal("refund not audited")
	}
	// The refund reconciles: a pay line and a refund line on both sides.
	admin := testkit.AsStaff(ctx, 1, principal.SystemAdmin, region, 0)
	r, err := env.Payments.Reconcile(admin, calendar.FromTime(env.Clock.Now(), time.FixedZone("CST", 8*3600)))
	if err != nil || !r.Balanced() || len(r.Matched) != 2 {
		t.Fatalf("reconcile after refund %+v, %v", r, err)
	}
}

func TestCancelAndValidation(t *testing.T) {
	t.Parallel()
	env := testkit.NewPaymentEnv(t)
	if _, err := env.Payments.CreateOrder(context.Background(), payment.NewOrder{CaseRef: "X", PayerID: 1, ItemSlug: "a", RegionCode: region,
		Lines: []payment.Line{{Name: "费", Amount: 0}}}); apperr.KindOf(err) != apperr.Invalid {
		t.Fatalf("a zero fee: %v", err)
	}
	o := newOrder(t, env, "CASE-7")
	// The payer opened the pay page, pressed 取消 there, then cancels the order.
	if _, err := env.Payments.Pay(asPayer(), o.No); err != nil {
		t.Fatal(err)
	}
	if back, err := env.Sandbox.Abandon(context.Background(), o.No); err != nil || !strings.Contains(back, "result=cancelled") {
		t.Fatalf("Abandon = %q, %v", back, err)
	}
	got, err := env.Payments.Cancel(asPayer(), o.No)
	if err != nil || got.State != payment.Closed || got.ClosedAt.IsZero() {
		t.Fatalf("Cancel = %+v, %v", got, err)
	}
	if _, err := env.Payments.Pay(asPayer(), o.No); apperr.KindOf(err) != apperr.Conflict {
		t.Fatalf("paying a closed order: %v", err)
	}
	// An order paid at the gateway cannot be cancelled before its callback lands.
	p := newOrder(t, env, "CASE-8")
	if _, err := env.Payments.Pay(asPayer(), p.No); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Sandbox.Confirm(context.Background(), p.No); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Payments.Cancel(asPayer(), p.No); apperr.KindOf(err) != apperr.Conflict {
		t.Fatalf("cancelling a paid order: %v", err)
	}
}

func TestSignatureCanonicalForm(t *testing.T) {
	t.Parallel()
	key := []byte("k")
	a := map[string]string{"a": "1&b=2", payment.ParamSignType: payment.SignType}
	b := map[string]string{"a": "1", "b": "2", payment.ParamSignType: payment.SignType}
	if payment.Sign(key, a) == payment.Sign(key, b) {
		t.Fatal("a value containing & forges another parameter set")
	}
	a[payment.ParamSign] = payment.Sign(key, a)
	if !payment.Verify(key, a) || payment.Verify([]byte("other"), a) {
		t.Fatal("Verify")
	}
	a[payment.ParamSignType] = "MD5"
	if payment.Verify(key, a) {
		t.Fatal("another sign type accepted")
	}
	if payment.FormatFen(3550) != "35.50" || payment.FormatFen(5) != "0.05" {
		t.Fatal("FormatFen")
	}
}
