package license

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/emmansun/gmsm/sm2"
)

// SM2UserID is the signer ID (user ID) of every seal signature: the GB/T
// 35276 default, which independent SM2 implementations assume too.
const SM2UserID = "1234567812345678"

// sealKey is a seal's SM2 private key.
type sealKey struct{ priv *sm2.PrivateKey }

// newSealKey generates a seal key pair.
func newSealKey() (sealKey, error) {
	priv, err := sm2.GenerateKey(rand.Reader)
	return sealKey{priv}, err
}

// parseSealKey reads a private key stored as 64 hex digits.
func parseSealKey(hexKey string) (sealKey, error) {
	raw, err := hex.DecodeString(hexKey)
	if err != nil || len(raw) != 32 {
		return sealKey{}, errors.New("seal key is damaged")
	}
	priv, err := sm2.NewPrivateKey(raw)
	return sealKey{priv}, err
}

// hex is the private key as stored (sealed) in the database.
func (k sealKey) hex() string { return hex.EncodeToString(k.priv.D.FillBytes(make([]byte, 32))) }

// public is the uncompressed public point 04||X||Y.
func (k sealKey) public() []byte { return marshalSM2Public(&k.priv.PublicKey) }

// sign makes an SM2-with-SM3 signature (ASN.1 DER) of msg under the default
// user ID.
func (k sealKey) sign(msg []byte) ([]byte, error) {
	return k.priv.Sign(rand.Reader, msg, sm2.DefaultSM2SignerOpts)
}

func marshalSM2Public(pub *ecdsa.PublicKey) []byte {
	out := make([]byte, 65)
	out[0] = 4
	pub.X.FillBytes(out[1:33])
	pub.Y.FillBytes(out[33:])
	return out
}

// VerifySM2 checks an SM2-with-SM3 DER signature of msg by the public point
// pub (65 bytes, uncompressed) under the default user ID.
func VerifySM2(pub, msg, sig []byte) bool {
	key, err := sm2.NewPublicKey(pub)
	if err != nil {
		return false
	}
	return sm2.VerifyASN1WithSM2(key, nil, msg, sig)
}

// jwsHeader is the protected header of every license JWS.
type jwsHeader struct {
	Alg string `json:"alg"`
	Kid string `json:"kid"`
	Typ string `json:"typ"`
}

// JWSType is the typ of a license JWS.
const JWSType = "tongban-license+json"

var b64 = base64.RawURLEncoding

// signJWS makes a compact JWS (RFC 7515, EdDSA per RFC 8037) over payload.
func signJWS(priv ed25519.PrivateKey, kid string, payload []byte) (string, error) {
	h, err := json.Marshal(jwsHeader{Alg: "EdDSA", Kid: kid, Typ: JWSType})
	if err != nil {
		return "", err
	}
	signing := b64.EncodeToString(h) + "." + b64.EncodeToString(payload)
	return signing + "." + b64.EncodeToString(ed25519.Sign(priv, []byte(signing))), nil
}

// VerifyJWS checks a compact EdDSA JWS by pub and returns its payload and kid.
func VerifyJWS(pub ed25519.PublicKey, jws string) ([]byte, string, error) {
	parts := strings.Split(jws, ".")
	if len(parts) != 3 {
		return nil, "", errors.New("a compact JWS has three parts")
	}
	hb, err := b64.DecodeString(parts[0])
	if err != nil {
		return nil, "", fmt.Errorf("JWS header: %w", err)
	}
	var h jwsHeader
	if err := json.Unmarshal(hb, &h); err != nil {
		return nil, "", fmt.Errorf("JWS header: %w", err)
	}
	if h.Alg != "EdDSA" {
		return nil, "", fmt.Errorf("JWS algorithm %q, want EdDSA", h.Alg)
	}
	sig, err := b64.DecodeString(parts[2])
	if err != nil {
		return nil, "", fmt.Errorf("JWS signature: %w", err)
	}
	if len(pub) != ed25519.PublicKeySize || !ed25519.Verify(pub, []byte(parts[0]+"."+parts[1]), sig) {
		return nil, h.Kid, errors.New("JWS signature does not verify")
	}
	payload, err := b64.DecodeString(parts[1])
	return payload, h.Kid, err
}

// JWK is a public JSON Web Key (RFC 8037 OKP).
type JWK struct {
	Kty string `json:"kty"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Kid string `json:"kid"`
	Use string `json:"use"`
	Alg string `json:"alg"`
}

// JWKOf is the JWK of an Ed25519 public key; its kid is the RFC 7638
// thumbprint.
func JWKOf(pub ed25519.PublicKey) JWK {
	x := b64.EncodeToString(pub)
	// RFC 7638: the required members in lexicographic order, no whitespace.
	sum := sha256.Sum256([]byte(`{"crv":"Ed25519","kty":"OKP","x":"` + x + `"}`))
	return JWK{Kty: "OKP", Crv: "Ed25519", X: x, Kid: b64.EncodeToString(sum[:]), Use: "sig", Alg: "EdDSA"}
}

// PublicKey decodes the JWK's key.
func (j JWK) PublicKey() (ed25519.PublicKey, error) {
	if j.Kty != "OKP" || j.Crv != "Ed25519" {
		return nil, fmt.Errorf("JWK %s/%s is not Ed25519", j.Kty, j.Crv)
	}
	b, err := b64.DecodeString(j.X)
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, errors.New("JWK x is not an Ed25519 key")
	}
	return b, nil
}
