package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"time"

	"github.com/tongban/tongban/internal/payment"
	"github.com/tongban/tongban/internal/payment/sandbox"
)

// settingPaymentKey holds the merchant key shared with the payment gateway,
// made at first start.
const settingPaymentKey = "payment_merchant_key"

// callbackInterval is how often the sandbox gateway delivers due callbacks.
const callbackInterval = 2 * time.Second

// wirePayments wires the payment module to the sandbox gateway and starts the
// gateway's callback delivery until ctx ends.
func (a *App) wirePayments(ctx context.Context, run context.Context) error {
	key, err := a.Store.Setting(ctx, settingPaymentKey)
	if err != nil {
		return err
	}
	if key == "" {
		b := make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			return err
		}
		key = hex.EncodeToString(b)
		if err := a.Store.SetSetting(ctx, settingPaymentKey, key); err != nil {
			return err
		}
	}
	secret := []byte(key)
	// The browser comes back to the payer's return page, which shows the
	// order as the platform knows it and leads to the case.
	a.Sandbox = sandbox.New(a.DB, a.Store, sandbox.Config{PayURL: "/sandbox/pay/", ReturnURL: "/me/payments/return", Secret: secret}, a.Now)
	a.Payments = payment.NewManager(a.DB, a.Store, a.Sandbox, a.Store, a.Now, secret)
	go a.Sandbox.Run(run, a.Payments, callbackInterval, func(err error) {
		if run.Err() == nil {
			a.Log.Warn("payment sandbox callbacks", "err", err)
		}
	})
	return nil
}
