// Package payment owns fees: payment orders for items that charge, their
// payment through a gateway adapter (the Gateway interface this package owns),
// verification and idempotent handling of the gateway's signed callbacks,
// electronic receipts, refunds, and the daily reconciliation against the
// gateway's statement. Orders refer to a case by an opaque reference and to the
// payer by person id, so the module does not depend on casework or identity.
// The sandbox sub-package is a gateway adapter that behaves like a real one,
// for tests and the demo.
package payment
