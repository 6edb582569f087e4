package guide_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/tongban/tongban/internal/guide"
)

const systemTTC = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"

// TestEmbeddedFontIsFaceZeroOfWenQuanYi checks that the committed TTF is what
// ExtractTTCFace makes of Debian's fonts-wqy-microhei, so it can be rebuilt.
func TestEmbeddedFontIsFaceZeroOfWenQuanYi(t *testing.T) {
	t.Parallel()
	ttc, err := os.ReadFile(systemTTC)
	if err != nil {
		t.Skipf("fonts-wqy-microhei is not installed (%v); cannot rebuild the font", err)
	}
	ttf, err := guide.ExtractTTCFace(ttc, 0)
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile("fonts/wqy-microhei.ttf")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(ttf, committed) {
		t.Error("fonts/wqy-microhei.ttf differs from face 0 of " + systemTTC + "; run go generate ./internal/guide")
	}
	if _, err := guide.ExtractTTCFace(ttc, 2); err == nil {
		t.Error("face 2 of a two-face collection was extracted")
	}
}

func TestExtractTTCFaceRefusesOtherFiles(t *testing.T) {
	t.Parallel()
	for _, in := range [][]byte{nil, []byte("not a font"), []byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x01\x00\x00\xff\xff")} {
		if _, err := guide.ExtractTTCFace(in, 0); err == nil {
			t.Errorf("%q was accepted", in)
		}
	}
}
