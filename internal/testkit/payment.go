package testkit

import (
	"testing"

	"github.com/tongban/tongban/internal/payment"
	"github.com/tongban/tongban/internal/payment/sandbox"
)

// PaymentSecret is the merchant key of PaymentEnv.
var PaymentSecret = []byte("test-merchant-key-0123456789abcdef")

// PaymentEnv is an Env with the payment module wired to the sandbox gateway.
type PaymentEnv struct {
	*Env
	Payments *payment.Manager
	Sandbox  *sandbox.Gateway
}

// NewPaymentEnv wires payment.Manager over a fresh Env with the sandbox as its
// gateway, sharing PaymentSecret.
func NewPaymentEnv(t testing.TB) *PaymentEnv {
	t.Helper()
	e := NewEnv(t)
	gw := sandbox.New(e.DB.DB, e.Store, sandbox.Config{
		PayURL: "https://pay.test/sandbox/pay/", ReturnURL: "https://tongban.test/payments/return", Secret: PaymentSecret,
	}, e.Clock.Now)
	return &PaymentEnv{Env: e, Sandbox: gw,
		Payments: payment.NewManager(e.DB.DB, e.Store, gw, e.Store, e.Clock.Now, PaymentSecret)}
}
