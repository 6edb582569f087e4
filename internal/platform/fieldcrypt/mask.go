package fieldcrypt

import (
	"strings"
	"unicode/utf8"
)

// MaskPhone hides the middle of a phone number the way Chinese services usually
// do, keeping the first three and last four characters: "13900000001" becomes
// "139****0001". Numbers shorter than eight characters keep only their last
// two, because "first three and last four" would show nearly all of them.
// Surrounding white space is removed first.
func MaskPhone(s string) string {
	r := []rune(strings.TrimSpace(s))
	switch {
	case len(r) >= 8:
		return keep(r, 3, 4)
	case len(r) > 2:
		return keep(r, 0, 2)
	default:
		return strings.Repeat("*", len(r))
	}
}

// MaskName keeps the first character of a name and hides the rest, one `*`
// per character: "王建国" becomes "王**", "王五" becomes "王*". A one-character
// name is hidden entirely, since keeping its first character would show it all.
// Surrounding white space is removed first.
func MaskName(s string) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) <= 1 {
		return strings.Repeat("*", len(r))
	}
	return keep(r, 1, 0)
}

// MaskIDNumber hides the birth date and most of the sequence of an 18-character
// identity number, keeping the address code and the last four characters:
// "620825196302141234" becomes "620825********1234". Any other length (a
// legacy 15-digit number, a passport number) keeps only the last four; values
// of four characters or fewer are hidden entirely. Surrounding white space is
// removed first.
func MaskIDNumber(s string) string {
	r := []rune(strings.TrimSpace(s))
	switch {
	case len(r) == 18:
		return keep(r, 6, 4)
	case len(r) > 4:
		return keep(r, 0, 4)
	default:
		return strings.Repeat("*", len(r))
	}
}

// keep returns r with all but its first head and last tail runes replaced by
// '*'. Callers ensure head+tail < len(r), so at least one rune is hidden.
func keep(r []rune, head, tail int) string {
	var b strings.Builder
	b.Grow(len(r) + utf8.UTFMax*(head+tail))
	b.WriteString(string(r[:head]))
	b.WriteString(strings.Repeat("*", len(r)-head-tail))
	b.WriteString(string(r[len(r)-tail:]))
	return b.String()
}
