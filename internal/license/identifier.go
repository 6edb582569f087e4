package license

import (
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"strconv"
	"strings"
)

// RootOID is the fixed root of every electronic-license identifier
// (电子证照根代码), GB/T 36904.
const RootOID = "1.2.156.3005.2"

// Identifier is a parsed GB/T 36904 license identifier (证照标识):
//
//	1.2.156.3005.2.<证照类型代码>.<证照颁发机构代码>.<流水号>.<版本号>.<校验位>
type Identifier struct {
	TypeCode   string // 18-character defining authority's USCC + 3-digit sequence, or a local code
	IssuerCode string // issuing body's USCC, or its division code
	Serial     string // 流水号, uppercase letters and digits
	Version    int    // 1…999, printed as three digits
}

// String formats the identifier with its check character.
func (id Identifier) String() string {
	body := id.TypeCode + "." + id.IssuerCode + "." + id.Serial + "." + fmt.Sprintf("%03d", id.Version)
	return RootOID + "." + body + "." + string(CheckChar(strings.ReplaceAll(body, ".", "")))
}

// ParseIdentifier reads an identifier and checks its form and its ISO/IEC
// 7064 MOD 37,36 check character.
func ParseIdentifier(s string) (Identifier, error) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(s), RootOID+".")
	if !ok {
		return Identifier{}, fmt.Errorf("identifier does not start with %s", RootOID)
	}
	parts := strings.Split(rest, ".")
	if len(parts) != 5 {
		return Identifier{}, fmt.Errorf("identifier has %d parts after the root, want 5", len(parts))
	}
	for i, p := range parts {
		if p == "" || !alnumUpper(p) {
			return Identifier{}, fmt.Errorf("identifier part %d is not uppercase letters and digits", i+1)
		}
	}
	if len(parts[3]) != 3 || len(parts[4]) != 1 {
		return Identifier{}, fmt.Errorf("identifier version must be 3 digits and the check 1 character")
	}
	v, err := strconv.Atoi(parts[3])
	if err != nil || v < 1 {
		return Identifier{}, fmt.Errorf("identifier version %q is not 001–999", parts[3])
	}
	if want := CheckChar(parts[0] + parts[1] + parts[2] + parts[3]); parts[4][0] != want {
		return Identifier{}, fmt.Errorf("identifier check character is %s, want %c", parts[4], want)
	}
	return Identifier{TypeCode: parts[0], IssuerCode: parts[1], Serial: parts[2], Version: v}, nil
}

const mod3736Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

// CheckChar computes the ISO/IEC 7064 MOD 37,36 check character of s, whose
// characters are 0–9 and A–Z with values 0–35 (a hybrid system: the running
// value is kept mod 36, doubled mod 37).
func CheckChar(s string) byte {
	p := 36
	for i := 0; i < len(s); i++ {
		p = (p + strings.IndexByte(mod3736Alphabet, s[i])) % 36
		if p == 0 {
			p = 36
		}
		p = (2 * p) % 37
	}
	return mod3736Alphabet[(37-p)%36]
}

func alnumUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(mod3736Alphabet, s[i]) < 0 {
			return false
		}
	}
	return true
}

// LocalTypeCode is the 证照类型代码 of a type without a national code: "TB",
// sixteen characters derived from the type's slug, and "000", 21 characters
// like a national code. A national code starts with a credit code, whose
// first character (the registering authority: 1–9, A, N, Y…) is never "T",
// so a local code cannot be mistaken for a national one; and being derived
// from the slug, it is the same on every install.
func LocalTypeCode(slug string) string {
	sum := sha256.Sum256([]byte(slug))
	return "TB" + base32.StdEncoding.EncodeToString(sum[:])[:16] + "000"
}

// IssuerCodeOf is the 证照颁发机构代码 of a department: its credit code when
// known, else its division code (the standard allows either).
func IssuerCodeOf(d Department) string {
	if d.CreditCode != "" {
		return strings.ToUpper(d.CreditCode)
	}
	return d.RegionCode
}
