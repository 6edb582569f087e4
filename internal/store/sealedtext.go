package store

import (
	"encoding/base64"
	"strings"
)

// sealedPrefix marks a TEXT column value sealed with the personal-data key.
// Application forms hold phone numbers, ID numbers and addresses typed by the
// applicant, so they are sealed whole (the column name is the context, as for
// every sealed field); a value without the prefix is plain JSON written before
// forms were sealed, and is still read.
const sealedPrefix = "sealed:"

// sealText seals a column value for a TEXT column.
func (s *Store) sealText(plain, column string) (string, error) {
	b, err := s.keys.Seal(plain, column)
	if err != nil {
		return "", err
	}
	return sealedPrefix + base64.StdEncoding.EncodeToString(b), nil
}

// openText reads a TEXT column value written by sealText, or plain text.
func (s *Store) openText(stored, column string) (string, error) {
	rest, sealed := strings.CutPrefix(stored, sealedPrefix)
	if !sealed {
		return stored, nil
	}
	b, err := base64.StdEncoding.DecodeString(rest)
	if err != nil {
		return "", err
	}
	return s.keys.Open(b, column)
}
