// Package password hashes and checks the passwords of Tongban accounts that
// sign in with a password (staff, and citizens who do not use a national
// identity provider).
//
// Hashes are argon2id in the PHC string format used by the reference
// implementation and most other libraries
// ($argon2id$v=19$m=…,t=…,p=…$salt$hash), so the parameters travel with each
// hash: raising the cost later needs no migration, and hashes remain portable
// to other tools.
//
// CheckStrength is the minimal strength rule applied when a password is set;
// its failures are apperr field errors ready for the form.
package password
