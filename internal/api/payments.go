package api

import (
	"net/http"

	"github.com/tongban/tongban/internal/platform/apperr"
)

// PaymentAck is the answer to a callback the platform accepted (or had
// accepted before): the gateway stops retrying when it sees it.
type PaymentAck struct {
	Result string `json:"result"`
}

// paymentCallback is the gateway's asynchronous payment notification: signed
// form-encoded parameters from a server, with no session. The payment module
// verifies the signature, refuses and audits what it will not accept, and
// acknowledges a repeat without changing anything.
func (a *API) paymentCallback(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return errBadRequest(err)
	}
	params := make(map[string]string, len(r.PostForm))
	for k, vs := range r.PostForm {
		if len(vs) != 1 {
			return apperr.New(apperr.Invalid, "payment.callback.signature")
		}
		params[k] = vs[0]
	}
	if err := a.Payments.HandleCallback(r.Context(), params); err != nil {
		return err
	}
	return encode(w, http.StatusOK, PaymentAck{Result: "success"})
}
