package upload

import (
	"archive/zip"
	"bytes"
	"io"
	"path"
	"slices"
	"strings"

	"github.com/tongban/tongban/internal/platform/apperr"
)

// The media types an upload may have.
const (
	PDF  = "application/pdf"
	JPEG = "image/jpeg"
	PNG  = "image/png"
	OFD  = "application/ofd" // 版式文档, GB/T 33190: a ZIP package with OFD.xml at its root
)

// format is an allowed file format: how its content starts and the file name
// extensions that may carry it (the first is the one suggested).
type format struct {
	mediaType string
	label     string
	magic     []byte
	exts      []string
}

var formats = []format{
	{PDF, "PDF", []byte("%PDF-"), []string{".pdf"}},
	{JPEG, "JPG", []byte{0xFF, 0xD8, 0xFF}, []string{".jpg", ".jpeg"}},
	{PNG, "PNG", []byte("\x89PNG\r\n\x1a\n"), []string{".png"}},
	{OFD, "OFD", []byte("PK\x03\x04"), []string{".ofd"}},
}

// sniffLen is how much of the start of a file sniffing looks at.
const sniffLen = 16

// sniff decides a file's media type from its first bytes (head) and checks
// that its name's extension agrees. A ZIP is accepted only as OFD: named .ofd
// and holding OFD.xml, so an arbitrary archive (or an office document, also a
// ZIP) renamed to .ofd is refused.
func sniff(head []byte, name string, content io.ReaderAt, size int64) (string, error) {
	i := slices.IndexFunc(formats, func(f format) bool { return bytes.HasPrefix(head, f.magic) })
	if i < 0 {
		return "", typeError()
	}
	f := formats[i]
	ext := strings.ToLower(path.Ext(name))
	if f.mediaType == OFD {
		if ext != ".ofd" || !isOFDPackage(content, size) {
			return "", typeError()
		}
	}
	if !slices.Contains(f.exts, ext) {
		return "", apperr.Field(FileField, "upload.mismatch", f.label, f.exts[0])
	}
	return f.mediaType, nil
}

// Extension is the file name extension of an allowed media type, with its
// dot, or "" for any other type.
func Extension(mediaType string) string {
	if i := slices.IndexFunc(formats, func(f format) bool { return f.mediaType == mediaType }); i >= 0 {
		return formats[i].exts[0]
	}
	return ""
}

// typeError refuses a format that is not allowed; its message lists the
// allowed ones.
func typeError() error { return apperr.Field(FileField, "upload.type") }

// isOFDPackage reports whether a ZIP is an OFD document: its entry file
// OFD.xml sits at the root of the package. Only the directory is read; no
// entry is decompressed.
func isOFDPackage(content io.ReaderAt, size int64) bool {
	z, err := zip.NewReader(content, size)
	if err != nil {
		return false
	}
	return slices.ContainsFunc(z.File, func(f *zip.File) bool { return strings.EqualFold(f.Name, "OFD.xml") })
}
