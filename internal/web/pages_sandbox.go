package web

import (
	"net/http"

	"github.com/tongban/tongban/internal/httpserver"
	"github.com/tongban/tongban/internal/payment"
	"github.com/tongban/tongban/internal/payment/sandbox"
)

// SandboxPayView is the sandbox gateway's pay page. The sandbox plays an
// outside payment platform; it is served here only so the demo and the tests
// can pay without one.
type SandboxPayView struct {
	Page
	Payment sandbox.Payment
	Amount  string // yuan, "35.50"
	Pending bool
}

func (ui *UI) registerSandbox(rt *httpserver.Router) {
	rt.Handle("GET", "/sandbox/pay/{orderNo}", ui.sandboxPayPage)
	rt.Handle("POST", "/sandbox/pay/{orderNo}", ui.sandboxPay)
}

func (ui *UI) sandboxPayPage(w http.ResponseWriter, r *http.Request) error {
	pay, err := ui.Sandbox.Checkout(r.Context(), r.PathValue("orderNo"))
	if err != nil {
		return err
	}
	p := SandboxPayView{Page: ui.page(r, "sandbox.title"), Payment: pay, Amount: payment.FormatFen(pay.Amount),
		Pending: pay.State == payment.GatewayPending}
	return ui.render(w, http.StatusOK, "sandbox_pay", p)
}

// sandboxPay is the payer pressing 支付 or 取消; the browser is sent back to
// the platform either way.
func (ui *UI) sandboxPay(w http.ResponseWriter, r *http.Request) error {
	orderNo := r.PathValue("orderNo")
	var back string
	var err error
	if r.PostFormValue("action") == "cancel" {
		back, err = ui.Sandbox.Abandon(r.Context(), orderNo)
	} else {
		back, err = ui.Sandbox.Confirm(r.Context(), orderNo)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}
