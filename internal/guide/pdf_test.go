package guide_test

import (
	"os"
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
	text, out := pdfText(t, pdf)
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
