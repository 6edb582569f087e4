package identity

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tongban/tongban/internal/platform/apperr"
)

// Gender is the sex encoded in a 公民身份号码 (odd sequence digit = male).
type Gender string

// The two values GB 11643 can encode.
const (
	Male   Gender = "male"
	Female Gender = "female"
)

// Message keys reported by ParseIDNumber, all on the field "id_number". They are
// part of the contract with the web layer's message catalogue, so they are named
// once here rather than spelled out at each return.
const (
	idField             = "id_number"
	keyIDRequired       = "identity.id_number.required"
	keyIDLength         = "identity.id_number.length"
	keyIDFormat         = "identity.id_number.format"
	keyIDRegion         = "identity.id_number.region"
	keyIDBirthDate      = "identity.id_number.birth_date"
	keyIDFuture         = "identity.id_number.future"
	keyIDCheckDigit     = "identity.id_number.check_digit"
	idNumberLen         = 18
	idCheckAlphabet     = "10X98765432"
	idAddressCodeLength = 6
)

// idWeights are W_i = 2^(18−i) mod 11 for positions 1…17 (ISO 7064 MOD 11-2).
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// idEarliestBirth is the lower bound for a plausible birth date. Nobody born before
// 1880 can still be applying for a service, so an earlier date is a typing error.
var idEarliestBirth = time.Date(1880, time.January, 1, 0, 0, 0, 0, time.UTC)

// idProvinceCodes are the province-level prefixes of GB/T 2260 (any year), plus
// 71 台湾 and the 81/82/83 prefixes of 港澳台居民居住证. The list is deliberately
// closed: the 9x prefix of 外国人永久居留身份证 is not accepted for citizens.
var idProvinceCodes = map[string]bool{
	"11": true, "12": true, "13": true, "14": true, "15": true,
	"21": true, "22": true, "23": true,
	"31": true, "32": true, "33": true, "34": true, "35": true, "36": true, "37": true,
	"41": true, "42": true, "43": true, "44": true, "45": true, "46": true,
	"50": true, "51": true, "52": true, "53": true, "54": true,
	"61": true, "62": true, "63": true, "64": true, "65": true,
	"71": true, "81": true, "82": true, "83": true,
}

// IDNumber is an 18-character 公民身份号码 that has passed ParseIDNumber: the
// check character is always an uppercase X or a digit. Its methods assume that;
// on a value that did not come from ParseIDNumber they return zero values rather
// than panic.
type IDNumber string

// ParseIDNumber validates s as a GB 11643 公民身份号码 and returns it normalised
// (surrounding spaces removed, check character x upper-cased). today bounds the
// birth date: nobody can be born after it. The checks run from the cheapest and
// most specific to the checksum, so the user is told the first real mistake
// (for example "no such date") rather than a generic check-digit failure.
func ParseIDNumber(s string, today time.Time) (IDNumber, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", apperr.Field(idField, keyIDRequired)
	}
	// Count runes, not bytes, so that 18 full-width digits are reported as a
	// format problem (what the user actually has to fix), not a length one.
	if utf8.RuneCountInString(s) != idNumberLen {
		return "", apperr.Field(idField, keyIDLength)
	}
	for i := 0; i < idNumberLen-1; i++ {
		if !idIsDigit(s[i]) {
			return "", apperr.Field(idField, keyIDFormat)
		}
	}
	last := s[idNumberLen-1]
	if last == 'x' {
		last = 'X'
		s = s[:idNumberLen-1] + "X"
	}
	if !idIsDigit(last) && last != 'X' {
		return "", apperr.Field(idField, keyIDFormat)
	}
	if !idProvinceCodes[s[:2]] {
		return "", apperr.Field(idField, keyIDRegion)
	}
	birth, ok := idParseBirthDate(s[6:14])
	if !ok || birth.Before(idEarliestBirth) {
		return "", apperr.Field(idField, keyIDBirthDate)
	}
	// Compare calendar dates in the caller's location, so "today" means the
	// date the applicant sees, whatever time of day the request arrives.
	y, m, d := today.Date()
	if birth.After(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)) {
		return "", apperr.Field(idField, keyIDFuture)
	}
	want, _ := IDCheckChar(s[:idNumberLen-1]) // first 17 are digits: always ok
	if last != want {
		return "", apperr.Field(idField, keyIDCheckDigit)
	}
	return IDNumber(s), nil
}

// IDCheckChar computes the GB 11643 check character (ISO 7064 MOD 11-2) for the
// first 17 digits of an identity number. It reports false when first17 is not
// exactly 17 ASCII digits. It is exported so that tests and data generators can
// build valid numbers instead of hard-coding them.
func IDCheckChar(first17 string) (byte, bool) {
	if len(first17) != idNumberLen-1 {
		return 0, false
	}
	sum := 0
	for i := 0; i < idNumberLen-1; i++ {
		c := first17[i]
		if !idIsDigit(c) {
			return 0, false
		}
		sum += int(c-'0') * idWeights[i]
	}
	return idCheckAlphabet[sum%11], true
}

// idParseBirthDate reads YYYYMMDD as a UTC date and reports whether it names a
// real calendar day. time.Date silently normalises 0230 to 0302, so the result
// is compared back with its parts to catch impossible dates.
func idParseBirthDate(s string) (time.Time, bool) {
	y := idAtoi(s[0:4])
	m := idAtoi(s[4:6])
	d := idAtoi(s[6:8])
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

// BirthDate returns the encoded birth date at UTC midnight. A birth date is a
// calendar date, not an instant, so it carries no local offset.
func (n IDNumber) BirthDate() time.Time {
	if !n.wellFormed() {
		return time.Time{}
	}
	t, _ := idParseBirthDate(string(n[6:14]))
	return t
}

// Gender returns the sex encoded by the 17th digit (odd = male, even = female).
func (n IDNumber) Gender() Gender {
	if !n.wellFormed() {
		return ""
	}
	if (n[16]-'0')%2 == 1 {
		return Male
	}
	return Female
}

// AddressCode returns the six-digit GB/T 2260 code of the place of first
// registration. It may name a division that no longer exists: codes are never
// re-issued, so it must not be validated against the current division list.
func (n IDNumber) AddressCode() string {
	if !n.wellFormed() {
		return ""
	}
	return string(n[:idAddressCodeLength])
}

// Masked returns the form shown on screens and in logs: the address code and
// the last four characters, with the birth date and most of the sequence hidden,
// e.g. 620825********123X.
func (n IDNumber) Masked() string {
	if !n.wellFormed() {
		return strings.Repeat("*", utf8.RuneCountInString(string(n)))
	}
	return string(n[:idAddressCodeLength]) + "********" + string(n[idNumberLen-4:])
}

// String returns the full number. Callers that display or log a number should
// use Masked instead.
func (n IDNumber) String() string { return string(n) }

// wellFormed guards the accessors against an IDNumber built by conversion
// instead of ParseIDNumber; slicing such a value could otherwise panic.
func (n IDNumber) wellFormed() bool {
	if len(n) != idNumberLen {
		return false
	}
	for i := 0; i < idNumberLen-1; i++ {
		if !idIsDigit(n[i]) {
			return false
		}
	}
	return true
}

func idIsDigit(c byte) bool { return c >= '0' && c <= '9' }

// idAtoi converts a short run of ASCII digits already checked by the caller.
func idAtoi(s string) int {
	v := 0
	for i := 0; i < len(s); i++ {
		v = v*10 + int(s[i]-'0')
	}
	return v
}
