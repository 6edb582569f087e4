package license

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"time"
)

// FileFormat names the license file's shape.
const FileFormat = "tongban-license-file/1"

// File is the signed license file a holder downloads: everything needed to
// check the license offline, without asking the platform (see VerifyFile).
//
//   - payload: the canonical content (Canonical) as base64url without
//     padding — the same string as the JWS's middle part; content is the
//     same content decoded, for people to read (verifiers use payload);
//   - sm2: the seal's SM2-with-SM3 signature (ASN.1 DER, base64) over the
//     payload bytes with the default user ID, the seal's public key (hex,
//     uncompressed 04||X||Y) and its name, code and validity;
//   - jws: a compact JWS (EdDSA, Ed25519) over the same bytes, and the JWK
//     of its key;
//   - log: the issuance's leaf (entry, base64), its index, the audit path
//     (base64 hashes) to the root of tree_size, the signed checkpoint of that
//     size, and the log's note verifier key.
type File struct {
	Format     string  `json:"format"`
	Identifier string  `json:"identifier"`
	Payload    string  `json:"payload"`
	Content    Content `json:"content"`
	SM2        FileSM2 `json:"sm2"`
	JWS        string  `json:"jws"`
	JWK        JWK     `json:"jwk"`
	Log        FileLog `json:"log"`
}

// FileSM2 is the seal's signature and the seal.
type FileSM2 struct {
	Algorithm string   `json:"algorithm"` // SM2-with-SM3
	UserID    string   `json:"user_id"`
	Signature string   `json:"signature"` // base64 (standard) of the DER signature
	Seal      FileSeal `json:"seal"`
}

// FileSeal describes the signing seal.
type FileSeal struct {
	Code           string `json:"code"`
	Name           string `json:"name"`
	DepartmentName string `json:"department_name"`
	PublicKey      string `json:"public_key"` // hex, uncompressed point
	ValidFrom      string `json:"valid_from"`
	ValidUntil     string `json:"valid_until"`
}

// FileLog is the issuance's place in the log.
type FileLog struct {
	Origin     string   `json:"origin"`
	PublicKey  string   `json:"public_key"` // note verifier key
	Index      uint64   `json:"index"`
	TreeSize   uint64   `json:"tree_size"`
	Entry      string   `json:"entry"` // base64 of the leaf's data
	Proof      []string `json:"proof"` // base64 hashes, leaf to root
	Checkpoint string   `json:"checkpoint"`
}

// File returns the signed license file of one of the caller's licenses,
// with an inclusion proof against the latest checkpoint.
func (m *Manager) File(ctx context.Context, id int64) ([]byte, error) {
	l, err := m.Mine(ctx, id)
	if err != nil {
		return nil, err
	}
	f, err := m.fileOf(ctx, l)
	if err != nil {
		return nil, err
	}
	return json.MarshalIndent(f, "", "  ")
}

// fileOf assembles a license file.
func (m *Manager) fileOf(ctx context.Context, l License) (File, error) {
	s, err := m.store.GetSeal(ctx, l.SealID)
	if err != nil {
		return File{}, err
	}
	keys, err := m.platformKeys(ctx)
	if err != nil {
		return File{}, err
	}
	p, err := m.proofOf(ctx, l)
	if err != nil {
		return File{}, err
	}
	content, err := ParseContent(l.Payload)
	if err != nil {
		return File{}, err
	}
	path := make([]string, len(p.Hashes))
	for i, h := range p.Hashes {
		path[i] = base64.StdEncoding.EncodeToString(h)
	}
	return File{Format: FileFormat, Identifier: l.Identifier, Payload: b64.EncodeToString(l.Payload), Content: content,
		SM2: FileSM2{Algorithm: "SM2-with-SM3", UserID: SM2UserID, Signature: base64.StdEncoding.EncodeToString(l.SM2Signature),
			Seal: FileSeal{Code: s.Code, Name: s.Name, DepartmentName: s.DepartmentName, PublicKey: hex.EncodeToString(s.PublicKey),
				ValidFrom: sealTime(s.ValidFrom), ValidUntil: sealTime(s.ValidUntil)}},
		JWS: l.JWS, JWK: keys.jwk,
		Log: FileLog{Origin: m.origin, PublicKey: keys.logKey, Index: p.LogIndex, TreeSize: p.TreeSize,
			Entry: base64.StdEncoding.EncodeToString(p.Entry), Proof: path, Checkpoint: string(p.Checkpoint)}}, nil
}

// KeysDocument is the platform's published keys (GET /api/v1/licenses/keys),
// the file `tongban verify --keys` pins.
type KeysDocument struct {
	Log   KeysLog    `json:"log"`
	JWKS  JWKSet     `json:"jwks"`
	Seals []FileSeal `json:"seals"`
}

// KeysLog is the log's name and checkpoint key.
type KeysLog struct {
	Origin    string `json:"origin"`
	PublicKey string `json:"public_key"`
}

// JWKSet is a JSON Web Key Set.
type JWKSet struct {
	Keys []JWK `json:"keys"`
}

// Document is the published form of the keys.
func (k PublicKeys) Document() KeysDocument {
	d := KeysDocument{Log: KeysLog{Origin: k.LogOrigin, PublicKey: k.LogKey}, JWKS: JWKSet{Keys: []JWK{JWKOf(k.JWSPublicKey)}},
		Seals: make([]FileSeal, 0, len(k.Seals))}
	for _, s := range k.Seals {
		d.Seals = append(d.Seals, FileSeal{Code: s.Code, Name: s.Name, DepartmentName: s.DepartmentName,
			PublicKey: hex.EncodeToString(s.PublicKey), ValidFrom: sealTime(s.ValidFrom), ValidUntil: sealTime(s.ValidUntil)})
	}
	return d
}

// parseSealTime reads a seal date of a file.
func parseSealTime(s string) (time.Time, error) { return time.Parse(time.RFC3339, s) }
