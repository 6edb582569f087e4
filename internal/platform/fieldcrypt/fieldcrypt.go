package fieldcrypt

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"

	"golang.org/x/crypto/hkdf"
)

// KeySize is the length in bytes of the master key and of each derived subkey.
const KeySize = 32

// IndexSize is the length in bytes of a blind index.
const IndexSize = sha256.Size

// version1 is the first byte of every ciphertext. It names the format (AES-256-GCM,
// 12-byte nonce, subkey from the v1 HKDF info) so that a later change of
// algorithm or key can be rolled out while old rows still open.
const version1 byte = 1

// HKDF info strings. Changing either one changes every derived key, so they are
// versioned instead of edited.
const (
	infoEncryption = "tongban field encryption v1"
	infoIndex      = "tongban blind index v1"
)

// Errors returned by this package. None of them carries the plaintext.
var (
	// ErrKeySize is returned when a master key is not KeySize bytes long.
	ErrKeySize = errors.New("fieldcrypt: master key must be 32 bytes")
	// ErrNoContext is returned when Seal or Open is called without a context;
	// without one a ciphertext could be moved between columns unnoticed.
	ErrNoContext = errors.New("fieldcrypt: context must not be empty")
	// ErrDecrypt is returned by Open for any ciphertext that does not
	// authenticate: truncated, tampered with, sealed under another key or
	// another context, or of an unknown version. The cases are deliberately
	// not told apart, so Open gives an attacker nothing to probe.
	ErrDecrypt = errors.New("fieldcrypt: ciphertext cannot be opened")
)

// Keys holds the subkeys derived from one master key. It is safe for
// concurrent use: every method only reads it.
type Keys struct {
	aead     cipher.AEAD
	indexKey []byte
}

// NewKeys derives the encryption and blind-index subkeys from a KeySize-byte
// master key. The master key slice is not retained.
func NewKeys(master []byte) (*Keys, error) {
	if len(master) != KeySize {
		return nil, ErrKeySize
	}
	encKey, err := derive(master, infoEncryption)
	if err != nil {
		return nil, err
	}
	idxKey, err := derive(master, infoIndex)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(encKey)
	if err != nil {
		return nil, fmt.Errorf("fieldcrypt: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("fieldcrypt: %w", err)
	}
	return &Keys{aead: aead, indexKey: idxKey}, nil
}

// derive expands master into a KeySize-byte subkey bound to info. No salt is
// used: the master key is already uniformly random, which is the case RFC 5869
// §3.1 allows to skip it.
func derive(master []byte, info string) ([]byte, error) {
	key := make([]byte, KeySize)
	if _, err := io.ReadFull(hkdf.New(sha256.New, master, nil, []byte(info)), key); err != nil {
		return nil, fmt.Errorf("fieldcrypt: deriving subkey: %w", err)
	}
	return key, nil
}

// Seal encrypts plaintext for storage in the column named by context (e.g.
// "person.id_number"). The result is version ‖ nonce ‖ ciphertext+tag. A fresh
// random nonce is used each time, so sealing the same value twice gives
// different bytes; use Index for lookups.
func (k *Keys) Seal(plaintext, context string) ([]byte, error) {
	if context == "" {
		return nil, ErrNoContext
	}
	ns := k.aead.NonceSize()
	out := make([]byte, 1+ns, 1+ns+len(plaintext)+k.aead.Overhead())
	out[0] = version1
	if _, err := rand.Read(out[1 : 1+ns]); err != nil {
		return nil, fmt.Errorf("fieldcrypt: reading nonce: %w", err)
	}
	return k.aead.Seal(out, out[1:1+ns], []byte(plaintext), additionalData(version1, context)), nil
}

// Open decrypts a value produced by Seal with the same context. Any failure to
// authenticate is reported as ErrDecrypt.
func (k *Keys) Open(ciphertext []byte, context string) (string, error) {
	if context == "" {
		return "", ErrNoContext
	}
	ns := k.aead.NonceSize()
	if len(ciphertext) < 1+ns+k.aead.Overhead() || ciphertext[0] != version1 {
		return "", ErrDecrypt
	}
	pt, err := k.aead.Open(nil, ciphertext[1:1+ns], ciphertext[1+ns:], additionalData(version1, context))
	if err != nil {
		return "", ErrDecrypt
	}
	return string(pt), nil
}

// additionalData binds the format version as well as the context, so the
// version byte, which is outside the GCM ciphertext, cannot be altered either.
func additionalData(version byte, context string) []byte {
	return append([]byte{version}, context...)
}

// Index returns the IndexSize-byte blind index of value for the column named by
// context: HMAC-SHA256 under the index subkey over the length-prefixed context
// followed by Normalize(value). The length prefix keeps ("a.b", "c") and
// ("a.", "bc") apart. Equal values in the same context give equal indexes, so
// the index can back a unique constraint or an exact-match query.
//
// The context must not be empty; since Index has no error result and every
// caller passes a constant, an empty context is a programming error and panics.
func (k *Keys) Index(value, context string) []byte {
	if context == "" {
		panic(ErrNoContext)
	}
	m := hmac.New(sha256.New, k.indexKey)
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(context)))
	m.Write(n[:])
	m.Write([]byte(context))
	m.Write([]byte(Normalize(value)))
	return m.Sum(nil)
}

// Normalize is the form of a value that Index hashes. It removes surrounding
// white space, turns full-width ASCII (common from Chinese input methods, e.g.
// "１３９" or "Ｘ") into ordinary ASCII, and upper-cases, so that
// "11010519491231002x" and " 11010519491231002X" find the same row. Callers
// that validate first (identity.ParseIDNumber) already store the same form.
func Normalize(value string) string {
	value = strings.Map(func(r rune) rune {
		switch {
		case r == '\u3000': // ideographic space
			return ' '
		case r >= '\uFF01' && r <= '\uFF5E': // full-width ASCII block
			return r - 0xFEE0
		}
		return r
	}, value)
	return strings.ToUpper(strings.TrimFunc(value, unicode.IsSpace))
}

// GenerateMasterKey returns a fresh random KeySize-byte master key.
func GenerateMasterKey() ([]byte, error) {
	key := make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("fieldcrypt: generating key: %w", err)
	}
	return key, nil
}
