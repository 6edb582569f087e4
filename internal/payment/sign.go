package payment

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"sort"
	"strings"
)

// Callback parameter names. The gateway signs every parameter except ParamSign.
const (
	ParamOrderNo  = "order_no"
	ParamTxnID    = "txn_id"
	ParamAmount   = "amount" // fen, decimal
	ParamStatus   = "status" // "paid"
	ParamPaidAt   = "paid_at"
	ParamNonce    = "nonce"
	ParamSignType = "sign_type" // "HMAC-SHA256"
	ParamSign     = "sign"
)

// SignType is the only signature scheme accepted.
const SignType = "HMAC-SHA256"

// Canonical is the form that is signed: the parameters other than sign, with
// non-empty values, sorted by name, as name=value joined by '&', values
// query-escaped so that no value can forge a separator.
func Canonical(params map[string]string) string {
	keys := make([]string, 0, len(params))
	for k, v := range params {
		if k != ParamSign && v != "" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(k))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(params[k]))
	}
	return b.String()
}

// Sign returns the hex HMAC-SHA256 of the canonical form under secret.
func Sign(secret []byte, params map[string]string) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(Canonical(params)))
	return hex.EncodeToString(mac.Sum(nil))
}

// Verify checks a callback's signature in constant time.
func Verify(secret []byte, params map[string]string) bool {
	if len(secret) == 0 || params[ParamSignType] != SignType {
		return false
	}
	got, err := hex.DecodeString(params[ParamSign])
	if err != nil {
		return false
	}
	want, _ := hex.DecodeString(Sign(secret, params))
	return hmac.Equal(got, want)
}
