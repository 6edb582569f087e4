package license

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"strings"

	"github.com/tongban/tongban/internal/platform/apperr"
)

// Problems a verification reports, as message keys.
const (
	ProblemIdentifier = "license.verify.identifier"
	ProblemUnknown    = "license.verify.unknown"
	ProblemSeal       = "license.verify.seal_signature"
	ProblemJWS        = "license.verify.jws"
	ProblemSealDates  = "license.verify.seal_dates"
	ProblemLog        = "license.verify.log"
	ProblemStatus     = "license.verify.status" // + "." + status
)

// Verify answers whether a license is genuine and in force, for anyone (the
// QR code's page, a counter clerk, a bank): the identifier's check
// character, the seal's SM2 signature, the platform's JWS, the seal's
// validity when it signed, the issuance's inclusion in the log under the
// current root, and the status at this moment. An unknown identifier is not
// an error: the answer says it is not found.
func (m *Manager) Verify(ctx context.Context, identifier string) (Verification, error) {
	identifier = strings.TrimSpace(identifier)
	v := Verification{Identifier: identifier, CheckedAt: m.now()}
	if _, err := ParseIdentifier(identifier); err != nil {
		v.Problems = []string{ProblemIdentifier}
		return v, nil
	}
	l, err := m.store.GetLicenseByIdentifier(ctx, identifier)
	if apperr.KindOf(err) == apperr.NotFound {
		v.IdentifierValid, v.Problems = true, []string{ProblemUnknown}
		return v, nil
	} else if err != nil {
		return v, err
	}
	return m.verify(ctx, l)
}

// verify checks a stored license.
func (m *Manager) verify(ctx context.Context, l License) (Verification, error) {
	now := m.now()
	v := Verification{Identifier: l.Identifier, Found: true, CheckedAt: now, LogIndex: l.LogIndex,
		Status: l.EffectiveStatus(now), StatusAt: l.StatusAt, Disclosure: discloseOf(l, now)}
	_, err := ParseIdentifier(l.Identifier)
	v.IdentifierValid = err == nil
	content, err := ParseContent(l.Payload)
	bound := err == nil && content.Identifier == l.Identifier
	s, err := m.store.GetSeal(ctx, l.SealID)
	if err != nil {
		return v, err
	}
	v.SealSignature = bound && VerifySM2(s.PublicKey, l.Payload, l.SM2Signature)
	v.SealValid = s.ValidAt(l.IssuedAt) && bound && content.Seal.Code == s.Code
	keys, err := m.platformKeys(ctx)
	if err != nil {
		return v, err
	}
	payload, _, err := VerifyJWS(keys.jws.Public().(ed25519.PublicKey), l.JWS)
	v.JWSSignature = bound && err == nil && bytes.Equal(payload, l.Payload)
	if v.InLog, err = m.included(ctx, l, &v); err != nil {
		return v, err
	}
	for _, c := range []struct {
		ok  bool
		key string
	}{{v.IdentifierValid, ProblemIdentifier}, {v.SealSignature, ProblemSeal}, {v.JWSSignature, ProblemJWS},
		{v.SealValid, ProblemSealDates}, {v.InLog, ProblemLog}, {v.Status == StatusValid, ProblemStatus + "." + string(v.Status)}} {
		if !c.ok {
			v.Problems = append(v.Problems, c.key)
		}
	}
	v.Valid = len(v.Problems) == 0
	return v, nil
}

// included checks the issuance's leaf against the current root.
func (m *Manager) included(ctx context.Context, l License, v *Verification) (bool, error) {
	leaf, err := m.store.GetLogLeaf(ctx, uint64(l.LogIndex))
	if apperr.KindOf(err) == apperr.NotFound {
		return false, nil
	} else if err != nil {
		return false, err
	}
	if !checkIssueEntry(leaf.Entry, l.Identifier, l.Payload) {
		return false, nil
	}
	size, root, err := m.LogRoot(ctx)
	if err != nil || size <= leaf.Index {
		return false, err
	}
	v.TreeSize = int64(size)
	path, err := m.inclusion(ctx, leaf.Index, size)
	if err != nil {
		return false, err
	}
	return VerifyInclusion(leaf.Entry, leaf.Index, size, path, root) == nil, nil
}

// InclusionProof proves that a license's issuance is in the log, with the
// signed checkpoint of the size it proves against; anyone may ask.
func (m *Manager) InclusionProof(ctx context.Context, identifier string) (Proof, error) {
	l, err := m.store.GetLicenseByIdentifier(ctx, strings.TrimSpace(identifier))
	if err != nil {
		return Proof{}, err
	}
	return m.proofOf(ctx, l)
}

// proofOf builds a license's inclusion proof at the current size.
func (m *Manager) proofOf(ctx context.Context, l License) (Proof, error) {
	leaf, err := m.store.GetLogLeaf(ctx, uint64(l.LogIndex))
	if err != nil {
		return Proof{}, err
	}
	size, root, err := m.LogRoot(ctx)
	if err != nil {
		return Proof{}, err
	}
	path, err := m.inclusion(ctx, leaf.Index, size)
	if err != nil {
		return Proof{}, err
	}
	cp, err := m.signCheckpoint(ctx, size, root)
	if err != nil {
		return Proof{}, err
	}
	return Proof{Identifier: l.Identifier, LogIndex: leaf.Index, TreeSize: size, Entry: leaf.Entry,
		LeafHash: hasher.HashLeaf(leaf.Entry), Hashes: path, RootHash: root, Checkpoint: cp}, nil
}
