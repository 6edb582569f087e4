package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tongban/tongban/internal/payment"
	"github.com/tongban/tongban/internal/platform/i18n"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/testkit"
)

// A payer goes through the sandbox's pay page; the browser comes back to the
// platform and the gateway's callback, sent by its background job, pays the
// order and issues the receipt.
func TestSandboxPayPage(t *testing.T) {
	t.Parallel()
	a, srv := testkit.DemoServer(t)
	ctx := context.Background()
	payer := principal.With(ctx, principal.Principal{Kind: principal.Person, ID: 1, Name: "王建国"})
	newOrder := func(ref string) payment.Order {
		o, err := a.Payments.CreateOrder(ctx, payment.NewOrder{CaseRef: ref, PayerID: 1, ItemSlug: "food-biz-license",
			RegionCode: "620825", Lines: []payment.Line{{Name: "证照工本费", Amount: 3550}}})
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	o := newOrder("CASE-WEB-1")
	payURL, err := a.Payments.Pay(payer, o.No)
	if err != nil || payURL != "/sandbox/pay/"+o.No {
		t.Fatalf("Pay = %q, %v", payURL, err)
	}
	b := newBrowser(t, srv)
	page := b.getOK(payURL)
	mustContain(t, "pay page", page, o.No, "¥35.50", "证照工本费", `value="pay"`, `value="cancel"`, "模拟支付平台")
	res := b.post(payURL, "", url.Values{"action": {"pay"}})
	wantRedirect(t, "pay", res, "/me/payments/return?")
	if !strings.Contains(res.location, "result=paid") || !strings.Contains(res.location, "order_no="+o.No) {
		t.Fatalf("returned to %q", res.location)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		got, err := a.Payments.Order(payer, o.No)
		if err != nil {
			t.Fatal(err)
		}
		if got.State == payment.Paid && got.ReceiptNo != "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the callback never arrived: %+v", got)
		}
		time.Sleep(50 * time.Millisecond)
	}
	mustContain(t, "paid page", b.getOK(payURL), "已支付", "该笔支付已处理")
	wantStatus(t, "paying twice", b.post(payURL, "", url.Values{"action": {"pay"}}), http.StatusConflict)

	c := newOrder("CASE-WEB-2")
	if _, err := a.Payments.Pay(payer, c.No); err != nil {
		t.Fatal(err)
	}
	res = b.post("/sandbox/pay/"+c.No, "", url.Values{"action": {"cancel"}})
	wantRedirect(t, "cancel", res, "/me/payments/return?")
	if !strings.Contains(res.location, "result=cancelled") {
		t.Fatalf("returned to %q", res.location)
	}
	wantStatus(t, "unknown order", b.get("/sandbox/pay/PAY0000"), http.StatusNotFound)
}

func TestSandboxMessageKeys(t *testing.T) {
	t.Parallel()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []payment.GatewayState{payment.GatewayPending, payment.GatewayPaid, payment.GatewayClosed, payment.GatewayRefunded} {
		if !cat.Has("sandbox.state." + string(s)) {
			t.Errorf("no message for sandbox state %s", s)
		}
	}
}
