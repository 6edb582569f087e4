package guide_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/tongban/tongban/internal/guide"
)

func TestLicensePDF(t *testing.T) {
	t.Parallel()
	d := guide.LicenseDocument{
		TypeName:   "食品经营许可证",
		Identifier: "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U",
		HolderName: "庄浪县水洛镇示例面馆", HolderCode: "92620825TB00022776",
		Fields: []guide.LicenseField{
			{Name: "经营者名称", Value: "庄浪县水洛镇示例面馆"},
			{Name: "经营项目", Value: "热食类食品制售"},
			{Name: "日常监督管理机构", Value: ""},
		},
		IssuerName: "庄浪县市场监督管理局",
		IssuedAt:   time.Date(2026, 3, 9, 17, 0, 0, 0, time.UTC),
		ValidFrom:  time.Date(2026, 3, 9, 17, 0, 0, 0, time.UTC),
		ValidUntil: time.Date(2031, 3, 9, 16, 0, 0, 0, time.UTC),
		Version:    "001",
		SealName:   "庄浪县市场监督管理局",
		VerifyURL:  "https://tongban.example/verify/1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U",
		Notice:     "本证照已撤销",
	}
	pdf, err := guide.LicensePDF(d)
	if err != nil {
		t.Fatal(err)
	}
	text, out := pdfText(t, pdf)
	// The dates are Beijing's: 17:00 UTC is the next morning.
	for _, want := range []string{"食品经营许可证", d.Identifier, "持证主体", "庄浪县水洛镇示例面馆", "92620825TB00022776",
		"经营项目", "热食类食品制售", "日常监督管理机构", "2026年3月10日至2031年3月10日", "庄浪县市场监督管理局",
		"2026年3月10日", "本证照已撤销", "扫码核验"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text lacks %q:\n%s", want, out)
		}
	}
	// The printed fields keep the license type's order.
	if i, j := strings.Index(text, "经营者名称"), strings.Index(text, "经营项目"); i < 0 || j < i {
		t.Errorf("经营者名称 should come before 经营项目:\n%s", out)
	}
}

// A seal image from the seal module replaces the drawn one.
func TestLicensePDFWithSealImage(t *testing.T) {
	t.Parallel()
	img := image.NewNRGBA(image.Rect(0, 0, 64, 64))
	for i := range 64 {
		img.Set(i, i, color.NRGBA{R: 204, A: 255})
	}
	var seal bytes.Buffer
	if err := png.Encode(&seal, img); err != nil {
		t.Fatal(err)
	}
	plain, err := guide.LicensePDF(guide.LicenseDocument{TypeName: "营业执照", Identifier: "X", SealName: "庄浪县市场监督管理局", VerifyURL: "https://x/verify/X"})
	if err != nil {
		t.Fatal(err)
	}
	withImage, err := guide.LicensePDF(guide.LicenseDocument{TypeName: "营业执照", Identifier: "X", SealPNG: seal.Bytes(), VerifyURL: "https://x/verify/X"})
	if err != nil || !bytes.HasPrefix(withImage, []byte("%PDF-")) {
		t.Fatalf("LicensePDF with a seal image: %v", err)
	}
	// The QR code is an image; the seal's PNG adds one (and its alpha mask).
	if a, b := bytes.Count(plain, []byte("/Subtype /Image")), bytes.Count(withImage, []byte("/Subtype /Image")); b <= a {
		t.Errorf("images: %d without a seal image, %d with one", a, b)
	}
}
