package guide_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/tongban/tongban/internal/guide"
)

func TestPDFHasTheGuideAsText(t *testing.T) {
	t.Parallel()
	g := build(idCard())
	pdf, err := guide.PDF(g)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %.20q", pdf)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed; cannot check the PDF's text")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "guide.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := strings.Join(strings.Fields(string(out)), "")
	for _, want := range []string{g.Name, "申请材料", "居民户口簿", "发改价格〔2003〕2322号", "60日（自然日）", "庄浪县政务服务中心5号窗口", "Ⅱ级（网上预审）"} {
		if !strings.Contains(text, strings.ReplaceAll(want, " ", "")) {
			t.Errorf("the PDF's text lacks %q:\n%s", want, out)
		}
	}
	if dst := os.Getenv("GUIDE_PDF_OUT"); dst != "" { // for looking at the rendering
		_ = os.WriteFile(dst, pdf, 0o644)
	}
}

// TestPDFConcurrent renders guides in parallel from the one parsed font; run
// with -race, it shows the font container is not shared mutable state.
func TestPDFConcurrent(t *testing.T) {
	t.Parallel()
	var wg sync.WaitGroup
	sizes := make([]int, 8)
	for i := range sizes {
		wg.Go(func() {
			pdf, err := guide.PDF(build(idCard()))
			if err != nil {
				t.Error(err)
			}
			sizes[i] = len(pdf)
		})
	}
	wg.Wait()
	for _, n := range sizes[1:] {
		if n != sizes[0] {
			t.Errorf("the same guide rendered to %d and %d bytes", sizes[0], n)
		}
	}
}
