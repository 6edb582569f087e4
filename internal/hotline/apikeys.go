package hotline

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"strings"
	"time"
)

// APIKey is the key of an Open311 client (a city app, a partner's system)
// that files tickets through POST requests. Only its SHA-256 is kept: the
// key itself is shown once, when it is issued.
type APIKey struct {
	ID         int64
	RegionCode string
	Name       string // who the key was issued to
	Hash       string // hex SHA-256 of the key
	Prefix     string // the key's first characters, to tell keys apart
	CreatedAt  time.Time
	CreatedBy  string
	RevokedAt  time.Time
}

// Revoked reports whether the key no longer works.
func (k APIKey) Revoked() bool { return !k.RevokedAt.IsZero() }

// keyPrefix marks Tongban's Open311 keys, so a leaked one is recognisable.
const keyPrefix = "tb311_"

// newAPIKey returns a fresh key (160 random bits) and its hash.
func newAPIKey() (plain, hash string) {
	b := make([]byte, 20)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	plain = keyPrefix + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
	return plain, hashKey(plain)
}

// hashKey is the stored form of a key. A key is random and long, so a plain
// SHA-256 is enough: there is nothing to guess that a slow hash would protect.
func hashKey(plain string) string {
	sum := sha256.Sum256([]byte(strings.TrimSpace(plain)))
	return hex.EncodeToString(sum[:])
}
