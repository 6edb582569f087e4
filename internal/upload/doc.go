// Package upload keeps the files applicants attach to applications (申请材料):
// it receives a file in one streaming pass (size limit, SHA-256, a copy in a
// temporary file), decides its type by its first bytes rather than by what the
// browser claims, runs a virus scanner over it, and only then stores the
// content under its checksum and records the upload. A file belongs to the
// person (and enterprise) it was uploaded for; only they, or staff whom the
// calling use case has already authorized for the case holding it, can read it.
//
// The module owns the Blobs interface (where contents live) and the Scanner
// interface (what checks them); the localfs sub-package keeps blobs on local
// disk, and SignatureScanner is the built-in scanner.
package upload
