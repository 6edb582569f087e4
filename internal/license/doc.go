// Package license owns electronic licenses (电子证照) and what makes them
// trustworthy: the license types of the catalog, each issuing department's
// electronic seal (SM2/SM3 keys sealed at rest), issuance from a concluded
// case under a GB/T 36904 identifier, two signatures over one canonical
// serialization (the seal's SM2 signature and the platform's EdDSA JWS), the
// holder's wallet, purpose-bound use by staff and departmental systems with a
// usage log the holder sees, the lifecycle (suspend, resume, revoke, cancel,
// re-issue), and an append-only RFC 6962 Merkle log of every issuance, status
// change and use with signed checkpoints and inclusion proofs. The license
// file it produces is checked offline by `tongban verify`.
package license
