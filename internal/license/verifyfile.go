package license

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
)

// Check is one check of an offline verification.
type Check struct {
	Name   string // stable English name: identifier, content, sm2, seal_validity, jws, checkpoint, inclusion, keys
	OK     bool
	Detail string // why it failed, or what was checked
}

// FileReport is the result of checking a license file offline.
type FileReport struct {
	Identifier string
	Content    Content
	Checks     []Check
	Pinned     bool // the keys were checked against a published key document
	Valid      bool
}

// failed returns the failed checks.
func (r FileReport) Failed() []Check {
	return slices.DeleteFunc(slices.Clone(r.Checks), func(c Check) bool { return c.OK })
}

// VerifyFile checks a license file offline: its content is canonical and
// carries its identifier, whose check character is right; the seal's SM2
// signature and the JWS verify over the same bytes; the seal was valid when
// it signed; the checkpoint's signature verifies under the log key; and the
// issuance entry, which binds identifier and content, leads through the
// audit path to the checkpoint's root. With pinned keys (the platform's
// KeysDocument), the seal, JWS and log keys must be the published ones;
// without, the file's own keys are used and the report says so.
//
// The status (revoked, suspended…) cannot be known offline; the online
// verification tells it.
func VerifyFile(file []byte, pinned *KeysDocument) FileReport {
	var r FileReport
	add := func(name string, ok bool, format string, args ...any) bool {
		r.Checks = append(r.Checks, Check{Name: name, OK: ok, Detail: fmt.Sprintf(format, args...)})
		return ok
	}
	var f File
	if err := json.Unmarshal(file, &f); err != nil || f.Format != FileFormat {
		add("format", false, "not a %s file: %v", FileFormat, err)
		return r
	}
	r.Identifier, r.Pinned = f.Identifier, pinned != nil
	payload, err := b64.DecodeString(f.Payload)
	if !add("content", err == nil, "payload is base64url: %v", err) {
		return r
	}
	content, err := ParseContent(payload)
	if !add("content", err == nil && content.Identifier == f.Identifier, "content is canonical and names %s: %v", f.Identifier, err) {
		return r
	}
	r.Content = content
	_, err = ParseIdentifier(f.Identifier)
	add("identifier", err == nil, "GB/T 36904 form and MOD 37,36 check character: %v", err)

	checkSeal(&r, f, content, payload, pinned, add)
	checkJWS(f, payload, pinned, add)
	checkLog(f, payload, pinned, add)
	r.Valid = len(r.Failed()) == 0
	return r
}

type addFunc func(name string, ok bool, format string, args ...any) bool

func checkSeal(r *FileReport, f File, c Content, payload []byte, pinned *KeysDocument, add addFunc) {
	seal := f.SM2.Seal
	if pinned != nil {
		i := slices.IndexFunc(pinned.Seals, func(s FileSeal) bool { return s.Code == c.Seal.Code })
		if !add("keys", i >= 0 && pinned.Seals[i].PublicKey == seal.PublicKey, "seal %s is a published seal with this key", c.Seal.Code) {
			return
		}
		seal = pinned.Seals[i]
	}
	pub, err1 := hex.DecodeString(seal.PublicKey)
	sig, err2 := base64.StdEncoding.DecodeString(f.SM2.Signature)
	ok := err1 == nil && err2 == nil && f.SM2.UserID == SM2UserID && seal.Code == c.Seal.Code && VerifySM2(pub, payload, sig)
	add("sm2", ok, "SM2-with-SM3 signature of seal %s (%s)", seal.Code, seal.Name)
	from, err1 := parseSealTime(seal.ValidFrom)
	until, err2 := parseSealTime(seal.ValidUntil)
	issued, _, _, err3 := c.Times()
	valid := err1 == nil && err2 == nil && err3 == nil && !issued.Before(from) && !issued.After(until) &&
		c.Seal.ValidFrom == seal.ValidFrom && c.Seal.ValidUntil == seal.ValidUntil
	add("seal_validity", valid, "seal valid %s – %s, signed %s", seal.ValidFrom, seal.ValidUntil, c.IssuedAt)
}

func checkJWS(f File, payload []byte, pinned *KeysDocument, add addFunc) {
	jwk := f.JWK
	if pinned != nil {
		i := slices.IndexFunc(pinned.JWKS.Keys, func(k JWK) bool { return k.Kid == f.JWK.Kid })
		if !add("keys", i >= 0 && pinned.JWKS.Keys[i].X == f.JWK.X, "JWS key %s is the published key", f.JWK.Kid) {
			return
		}
		jwk = pinned.JWKS.Keys[i]
	}
	pub, err := jwk.PublicKey()
	if err == nil {
		var got []byte
		var kid string
		got, kid, err = VerifyJWS(pub, f.JWS)
		if err == nil && (!bytes.Equal(got, payload) || kid != jwk.Kid) {
			err = fmt.Errorf("the JWS covers other content or names key %s", kid)
		}
	}
	add("jws", err == nil, "EdDSA JWS by key %s: %v", jwk.Kid, err)
}

func checkLog(f File, payload []byte, pinned *KeysDocument, add addFunc) {
	key := f.Log.PublicKey
	if pinned != nil {
		if !add("keys", pinned.Log.PublicKey == key, "log key is the published key") {
			return
		}
	}
	cp, err := OpenCheckpoint([]byte(f.Log.Checkpoint), key)
	if !add("checkpoint", err == nil && cp.Size == f.Log.TreeSize, "checkpoint signed by %s for size %d: %v", f.Log.Origin, f.Log.TreeSize, err) {
		return
	}
	entry, err := base64.StdEncoding.DecodeString(f.Log.Entry)
	if err == nil && !checkIssueEntry(entry, f.Identifier, payload) {
		err = fmt.Errorf("the log entry is not this license's issuance")
	}
	path := make([][]byte, len(f.Log.Proof))
	for i, h := range f.Log.Proof {
		if path[i], err = base64.StdEncoding.DecodeString(h); err != nil {
			break
		}
	}
	if err == nil {
		err = VerifyInclusion(entry, f.Log.Index, cp.Size, path, cp.Root)
	}
	add("inclusion", err == nil, "entry %d included in the tree of size %d: %v", f.Log.Index, cp.Size, err)
}
