package upload

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tongban/tongban/internal/platform/apperr"
)

// FileField is the field upload errors are reported on; a page whose file
// input has another name renames it.
const FileField = "file"

// received is an upload streamed into a temporary file.
type received struct {
	size int64
	sum  string // lowercase hex SHA-256
	head []byte // the first sniffLen bytes
}

// headWriter keeps the first bytes written through it.
type headWriter struct{ b []byte }

func (h *headWriter) Write(p []byte) (int, error) {
	if room := sniffLen - len(h.b); room > 0 {
		h.b = append(h.b, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

// receive copies body into t in one pass, hashing it and keeping its head. It
// reads at most limit+1 bytes: one byte past the limit is enough to know the
// file is too large, without reading (or storing) the rest.
func receive(t Temp, body io.Reader, limit int64) (received, error) {
	hash, head := sha256.New(), &headWriter{}
	n, err := io.Copy(io.MultiWriter(t, hash, head), io.LimitReader(body, limit+1))
	switch {
	case err != nil:
		return received{}, &apperr.Error{Kind: apperr.Invalid, Key: "form.invalid",
			Fields: []apperr.FieldError{{Field: FileField, Key: "upload.incomplete"}}, Cause: err}
	case n > limit:
		return received{}, apperr.Field(FileField, "upload.too_large", megabytes(limit))
	case n == 0:
		return received{}, apperr.Field(FileField, "upload.empty")
	}
	return received{size: n, sum: hex.EncodeToString(hash.Sum(nil)), head: head.b}, nil
}

// megabytes shows a limit in MB the way people read file sizes.
func megabytes(n int64) string {
	s := fmt.Sprintf("%.1f", float64(n)/(1<<20))
	return strings.TrimSuffix(s, ".0")
}

// maxNameRunes caps a stored file name; the extension is kept when cutting.
const maxNameRunes = 120

// cleanName keeps what a file name may safely be shown and sent back as: the
// last path element (browsers on Windows may send a full path), without
// control characters, direction overrides (which make "gpj.exe" read as
// "exe.jpg") or invalid UTF-8, at most maxNameRunes long.
func cleanName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(name, ""))
	name = strings.TrimSpace(name)
	if utf8.RuneCountInString(name) <= maxNameRunes {
		return name
	}
	ext := ""
	if i := strings.LastIndexByte(name, '.'); i >= 0 && utf8.RuneCountInString(name[i:]) <= 10 {
		ext = name[i:]
	}
	stem := []rune(strings.TrimSuffix(name, ext))
	return string(stem[:maxNameRunes-utf8.RuneCountInString(ext)]) + ext
}
