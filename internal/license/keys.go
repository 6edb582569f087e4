package license

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sync"
	"time"

	"github.com/tongban/tongban/internal/platform/apperr"
	"golang.org/x/mod/sumdb/note"
)

// Platform key names in the key store.
const (
	keyJWS = "jws" // Ed25519: the license JWS
	keyLog = "log" // Ed25519 note key: the log's checkpoints
)

// KeyStore keeps the platform's signing keys, the private half sealed.
type KeyStore interface {
	// LicenseKey returns a key's public and private halves; NotFound when
	// it has not been made yet.
	LicenseKey(ctx context.Context, name string) (public, private string, err error)
	// InsertLicenseKey stores a key unless one of that name exists already,
	// in which case it changes nothing (the first node to make it wins).
	InsertLicenseKey(ctx context.Context, name, public, private string, at time.Time) error
}

// platformKeys are the platform's parsed signing keys.
type platformKeys struct {
	jws       ed25519.PrivateKey
	jwk       JWK
	logSigner note.Signer
	logKey    string // the verifier key, published
}

// keyCache holds the keys once they are known to be committed.
type keyCache struct {
	mu   sync.Mutex
	keys *platformKeys
}

// EnsureKeys makes the platform keys on first start and keeps them in
// memory. The composition root calls it outside any transaction, so a key
// cached here is a committed key; until it has run, keys are read (or made)
// within the caller's transaction and not cached, lest a rolled-back key be
// remembered.
func (m *Manager) EnsureKeys(ctx context.Context) error {
	var k *platformKeys
	err := m.tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		k, err = m.loadKeys(ctx)
		return err
	})
	if err != nil {
		return err
	}
	m.keys.mu.Lock()
	m.keys.keys = k
	m.keys.mu.Unlock()
	return nil
}

// platformKeys returns the cached keys, or loads them.
func (m *Manager) platformKeys(ctx context.Context) (*platformKeys, error) {
	m.keys.mu.Lock()
	k := m.keys.keys
	m.keys.mu.Unlock()
	if k != nil {
		return k, nil
	}
	err := m.tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		k, err = m.loadKeys(ctx)
		return err
	})
	return k, err
}

// loadKeys reads both keys, making whichever is missing.
func (m *Manager) loadKeys(ctx context.Context) (*platformKeys, error) {
	jwsPub, jwsPriv, err := m.key(ctx, keyJWS, func() (string, string, error) {
		pub, priv, err := ed25519.GenerateKey(rand.Reader)
		return hex.EncodeToString(pub), hex.EncodeToString(priv.Seed()), err
	})
	if err != nil {
		return nil, err
	}
	logPub, logPriv, err := m.key(ctx, keyLog, func() (string, string, error) {
		skey, vkey, err := note.GenerateKey(rand.Reader, m.origin)
		return vkey, skey, err
	})
	if err != nil {
		return nil, err
	}
	seed, err := hex.DecodeString(jwsPriv)
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("license JWS key is damaged")
	}
	k := &platformKeys{jws: ed25519.NewKeyFromSeed(seed), logKey: logPub}
	if hex.EncodeToString(k.jws.Public().(ed25519.PublicKey)) != jwsPub {
		return nil, fmt.Errorf("license JWS key halves do not match")
	}
	k.jwk = JWKOf(k.jws.Public().(ed25519.PublicKey))
	if k.logSigner, err = note.NewSigner(logPriv); err != nil {
		return nil, fmt.Errorf("license log key: %w", err)
	}
	return k, nil
}

// key reads a named key, making it with gen when missing.
func (m *Manager) key(ctx context.Context, name string, gen func() (string, string, error)) (string, string, error) {
	pub, priv, err := m.store.LicenseKey(ctx, name)
	if apperr.KindOf(err) != apperr.NotFound {
		return pub, priv, err
	}
	if pub, priv, err = gen(); err != nil {
		return "", "", err
	}
	if err := m.store.InsertLicenseKey(ctx, name, pub, priv, m.now()); err != nil {
		return "", "", err
	}
	return m.store.LicenseKey(ctx, name)
}

// Keys returns the public keys a verifier pins; anyone may read them.
func (m *Manager) Keys(ctx context.Context) (PublicKeys, error) {
	k, err := m.platformKeys(ctx)
	if err != nil {
		return PublicKeys{}, err
	}
	seals, err := m.store.ListSeals(ctx, SealFilter{})
	if err != nil {
		return PublicKeys{}, err
	}
	return PublicKeys{LogOrigin: m.origin, LogKey: k.logKey, JWSKeyID: k.jwk.Kid,
		JWSPublicKey: k.jws.Public().(ed25519.PublicKey), Seals: seals}, nil
}
