// Package delivery owns the delivery (送达) of a concluded case's result to
// the applicant: online, where the applicant downloads the result document
// (办结通知书) and the first download completes the delivery; by mail, where
// staff hand the parcel to a carrier (the Carrier adapter this package owns)
// and the carrier's scans are followed until it is signed for; and at a
// window, where the applicant shows a one-time six-digit pickup code. Every
// step reaches the case's timeline through the Timeline interface, which the
// composition root adapts to casework, so this package knows no other module.
// The sandboxcarrier sub-package is a carrier that behaves like a courier's
// API, for tests and the demo.
package delivery
