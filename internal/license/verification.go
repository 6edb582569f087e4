package license

import (
	"time"

	"github.com/tongban/tongban/internal/platform/fieldcrypt"
)

// Verification is the answer to "is this license genuine and in force?",
// each check reported on its own so a verifier can say what failed.
type Verification struct {
	Identifier string
	Found      bool // the platform knows the identifier
	// The checks. Each is true only when it was made and passed.
	IdentifierValid bool // the GB/T 36904 check character is right
	SealSignature   bool // the SM2 signature of the issuing department's seal
	JWSSignature    bool // the platform's JWS over the same bytes
	SealValid       bool // the seal was within its validity when it signed
	InLog           bool // the issuance is included in the transparency log
	Status          Status
	StatusAt        time.Time
	// Valid is the overall answer: every check passed and Status is valid.
	Valid bool
	// Problems are message keys explaining each failed check, in order.
	Problems  []string
	CheckedAt time.Time
	LogIndex  int64
	TreeSize  int64
	// Disclosure is what anyone may see (最小披露): no ID numbers.
	Disclosure Disclosure
}

// Disclosure is the minimal public view of a license.
type Disclosure struct {
	TypeName   string
	HolderName string // masked: 张*三, 庄浪县****有限公司
	IssuerName string
	Number     string // masked except its last four characters
	Version    int
	IssuedAt   time.Time
	ValidFrom  time.Time
	ValidUntil time.Time // zero = 长期
	Status     Status
	StatusAt   time.Time
}

// discloseOf is the minimal view of l at now.
func discloseOf(l License, now time.Time) Disclosure {
	return Disclosure{TypeName: l.TypeName, HolderName: maskHolderName(l), IssuerName: l.IssuerName,
		Number: maskNumber(l.Number), Version: l.Version, IssuedAt: l.IssuedAt, ValidFrom: l.ValidFrom,
		ValidUntil: l.ValidUntil, Status: l.EffectiveStatus(now), StatusAt: l.StatusAt}
}

// maskHolderName masks a person's name (张*三) and the middle of an
// enterprise's name, keeping its first two and last four characters.
func maskHolderName(l License) string {
	if l.HolderOrgID == 0 && l.HolderCodeType == HolderCodeIDCard {
		return fieldcrypt.MaskName(l.HolderName)
	}
	r := []rune(l.HolderName)
	if len(r) <= 6 {
		return l.HolderName
	}
	out := append([]rune{}, r[:2]...)
	for range len(r) - 6 {
		out = append(out, '*')
	}
	return string(append(out, r[len(r)-4:]...))
}

// maskNumber keeps the last four characters of a license number.
func maskNumber(n string) string {
	r := []rune(n)
	if len(r) <= 4 {
		return n
	}
	out := make([]rune, 0, len(r))
	for range len(r) - 4 {
		out = append(out, '*')
	}
	return string(append(out, r[len(r)-4:]...))
}

// Proof is an inclusion proof of a license's issuance in the log.
type Proof struct {
	Identifier string
	LogIndex   uint64
	TreeSize   uint64
	Entry      []byte   // the leaf's data (canonical JSON)
	LeafHash   []byte   // RFC 6962 leaf hash of Entry
	Hashes     [][]byte // the audit path, leaf to root
	RootHash   []byte
	Checkpoint []byte // the signed checkpoint of TreeSize (note format)
}

// PublicKeys are the keys a verifier pins: the log's checkpoint key, the
// platform's JWS key and every seal's public key.
type PublicKeys struct {
	LogOrigin    string
	LogKey       string // note verifier key: <name>+<hash>+<base64 key>
	JWSKeyID     string
	JWSPublicKey []byte // Ed25519
	Seals        []Seal
}
