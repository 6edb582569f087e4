// Package identity owns who people are on the platform: natural persons (with
// GB 11643 ID numbers), enterprises and other legal persons (with GB 32100 unified
// social credit codes) and the persons bound to act for them, staff accounts with
// roles and scopes, password sign-in with lockout, and server-side sessions for
// browsers and API clients.
//
// ID and phone numbers are personal data: the store keeps them encrypted and
// finds them by a keyed hash; screens show them masked; a staff member who needs
// the full value asks for it through Reveal, and that view is audited.
package identity
