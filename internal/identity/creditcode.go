package identity

import (
	"strings"
	"unicode/utf8"

	"github.com/tongban/tongban/internal/platform/apperr"
)

// Message keys reported by ParseCreditCode, all on the field "credit_code".
const (
	ccField        = "credit_code"
	keyCCRequired  = "identity.credit_code.required"
	keyCCLength    = "identity.credit_code.length"
	keyCCCharset   = "identity.credit_code.charset"
	keyCCDivision  = "identity.credit_code.division"
	keyCCOrgCheck  = "identity.credit_code.org_check"
	keyCCCheckChar = "identity.credit_code.check_char"
	ccLen          = 18
)

// ccAlphabet is the GB 32100 character set; a character's value is its index.
// I, O, S, V and Z are left out because they are easily confused with 1, 0, 5,
// U and 2 when codes are copied by hand.
const ccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// ccWeights are W_i = 3^(i−1) mod 31 for positions 1…17.
var ccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// ccOrgWeights are the GB 11714 weights for the eight-character body of the
// embedded 组织机构代码.
var ccOrgWeights = [8]int{3, 7, 9, 10, 5, 8, 4, 2}

// CreditCode is an 18-character 统一社会信用代码 that has passed ParseCreditCode.
// Its accessors return zero values on a value built by conversion that is too
// short, rather than panic.
type CreditCode string

// ParseCreditCode validates s as a GB 32100 统一社会信用代码 and returns it
// normalised (surrounding spaces removed, upper case). Besides the GB 32100
// check character it verifies the GB 11714 check of the embedded 组织机构代码
// (characters 9–17), which catches codes whose final check was recomputed over
// a mistyped body, e.g. by a careless data generator.
func ParseCreditCode(s string) (CreditCode, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if s == "" {
		return "", apperr.Field(ccField, keyCCRequired)
	}
	// Runes, not bytes: full-width input is a charset problem, not a length one.
	if utf8.RuneCountInString(s) != ccLen {
		return "", apperr.Field(ccField, keyCCLength)
	}
	for i := 0; i < ccLen; i++ {
		if strings.IndexByte(ccAlphabet, s[i]) < 0 {
			return "", apperr.Field(ccField, keyCCCharset)
		}
	}
	for i := 2; i < 8; i++ {
		if s[i] < '0' || s[i] > '9' {
			return "", apperr.Field(ccField, keyCCDivision)
		}
	}
	if orgCheck, ok := ccOrgCheckChar(s[8:16]); !ok || s[16] != orgCheck {
		return "", apperr.Field(ccField, keyCCOrgCheck)
	}
	if want, _ := CreditCodeCheckChar(s[:17]); s[17] != want {
		return "", apperr.Field(ccField, keyCCCheckChar)
	}
	return CreditCode(s), nil
}

// CreditCodeCheckChar computes the GB 32100 check character for the first 17
// characters of a credit code. It reports false when first17 is not 17
// characters of the GB 32100 alphabet (upper case). It does not check the
// embedded organisation code; ParseCreditCode does.
func CreditCodeCheckChar(first17 string) (byte, bool) {
	if len(first17) != ccLen-1 {
		return 0, false
	}
	sum := 0
	for i := 0; i < ccLen-1; i++ {
		v := strings.IndexByte(ccAlphabet, first17[i])
		if v < 0 {
			return 0, false
		}
		sum += v * ccWeights[i]
	}
	c := 31 - sum%31
	if c == 31 {
		c = 0
	}
	return ccAlphabet[c], true
}

// ccOrgCheckChar computes the GB 11714 check character for an eight-character
// organisation-code body. GB 11714 values letters by their position in the full
// Latin alphabet (A=10 … Z=35), unlike GB 32100's compressed alphabet.
func ccOrgCheckChar(body string) (byte, bool) {
	if len(body) != len(ccOrgWeights) {
		return 0, false
	}
	sum := 0
	for i := 0; i < len(body); i++ {
		c := body[i]
		var v int
		switch {
		case c >= '0' && c <= '9':
			v = int(c - '0')
		case c >= 'A' && c <= 'Z':
			v = int(c-'A') + 10
		default:
			return 0, false
		}
		sum += v * ccOrgWeights[i]
	}
	switch c := 11 - sum%11; c {
	case 10:
		return 'X', true
	case 11:
		return '0', true
	default:
		return byte('0' + c), true
	}
}

// RegistrationAuthority returns the 登记管理部门代码 (1st character), e.g. '9'
// for market regulation, '1' for 机构编制, '5' for civil affairs.
func (c CreditCode) RegistrationAuthority() byte {
	if len(c) != ccLen {
		return 0
	}
	return c[0]
}

// DivisionCode returns the six-digit GB/T 2260 code of the registering
// authority (characters 3–8).
func (c CreditCode) DivisionCode() string {
	if len(c) != ccLen {
		return ""
	}
	return string(c[2:8])
}

// OrgCode returns the nine-character GB 11714 组织机构代码 embedded in
// characters 9–17, check character included.
func (c CreditCode) OrgCode() string {
	if len(c) != ccLen {
		return ""
	}
	return string(c[8:17])
}

// String returns the code. A credit code identifies an organisation, not a
// person, so unlike IDNumber it needs no masked form.
func (c CreditCode) String() string { return string(c) }
