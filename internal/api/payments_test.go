package api_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/tongban/tongban/internal/payment"
	"github.com/tongban/tongban/internal/platform/audit"
)

// The gateway's callback endpoint: no session, a bad signature is refused and
// audited, a good one pays the order, and repeating it changes nothing.
func TestPaymentCallback(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	ctx := context.Background()
	o, err := s.app.Payments.CreateOrder(ctx, payment.NewOrder{CaseRef: "CASE-API", PayerID: 1, ItemSlug: "food-biz-license",
		RegionCode: "620825", Lines: []payment.Line{{Name: "工本费", Amount: 1500}}})
	if err != nil {
		t.Fatal(err)
	}
	key, err := s.app.Store.Setting(ctx, "payment_merchant_key")
	if err != nil || key == "" {
		t.Fatalf("merchant key %q, %v", key, err)
	}
	params := map[string]string{
		payment.ParamOrderNo: o.No, payment.ParamTxnID: "GW0001", payment.ParamAmount: strconv.FormatInt(o.Total, 10),
		payment.ParamStatus: "paid", payment.ParamSignType: payment.SignType,
	}
	post := func(sign string) int {
		t.Helper()
		form := url.Values{}
		for k, v := range params {
			form.Set(k, v)
		}
		form.Set(payment.ParamSign, sign)
		resp, err := http.PostForm(s.url+"/api/v1/payments/callback", form)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := post(payment.Sign([]byte("forged"), params)); got != http.StatusUnprocessableEntity {
		t.Fatalf("forged callback: %d", got)
	}
	if es, _, _ := s.app.Store.ListAudit(ctx, audit.Filter{Action: payment.AuditCallbackRejected, TargetID: o.No}); len(es) != 1 {
		t.Fatalf("%d audit entries for the forged callback", len(es))
	}
	for range 2 {
		if got := post(payment.Sign([]byte(key), params)); got != http.StatusOK {
			t.Fatalf("signed callback: %d", got)
		}
	}
	r, err := s.app.Store.PaymentReceipt(ctx, o.No)
	if err != nil || r.Amount != 1500 {
		t.Fatalf("receipt %+v, %v", r, err)
	}
	if es, _, _ := s.app.Store.ListAudit(ctx, audit.Filter{Action: payment.AuditPaid, TargetID: o.No}); len(es) != 1 {
		t.Fatalf("%d payments audited for one payment", len(es))
	}
}
