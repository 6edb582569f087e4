package upload

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestSignatureScannerFindsAPatternAcrossChunks(t *testing.T) {
	t.Parallel()
	for _, at := range []int{0, 100, scanChunk - 10, scanChunk - 1, scanChunk, 3*scanChunk - 30} {
		content := make([]byte, 4*scanChunk)
		copy(content[at:], EICAR.Pattern)
		v, err := SignatureScanner{}.Scan(context.Background(), bytes.NewReader(content), int64(len(content)))
		if err != nil || !v.Infected || v.Signature != EICAR.Name {
			t.Errorf("EICAR at %d: %+v, %v", at, v, err)
		}
	}
	clean := bytes.Repeat([]byte("X5O!P%@AP"), scanChunk)
	if v, err := (SignatureScanner{}).Scan(context.Background(), bytes.NewReader(clean), int64(len(clean))); err != nil || v.Infected {
		t.Errorf("clean content: %+v, %v", v, err)
	}
}

func TestCleanName(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("材", 200) + ".pdf"
	for in, want := range map[string]string{
		`C:\fakepath\申请书.pdf`:    "申请书.pdf",
		"../../etc/passwd.png":   "passwd.png",
		" 照片\x00\n.jpg ":         "照片.jpg",
		"invoice\u202efdp.exe":   "invoicefdp.exe",
		"bad\xffutf8.pdf":        "badutf8.pdf",
		long:                     strings.Repeat("材", maxNameRunes-4) + ".pdf",
		"营业执照（副本）2026-03-02.PDF": "营业执照（副本）2026-03-02.PDF",
	} {
		if got := cleanName(in); got != want {
			t.Errorf("cleanName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMegabytes(t *testing.T) {
	t.Parallel()
	for n, want := range map[int64]string{10 << 20: "10", 1536 << 10: "1.5", 5 << 20: "5"} {
		if got := megabytes(n); got != want {
			t.Errorf("megabytes(%d) = %q, want %q", n, got, want)
		}
	}
}
