package guide

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/signintech/gopdf"
	"github.com/skip2/go-qrcode"
)

// LicenseDocument is what the printable copy of an electronic license (电子证照)
// shows. The license module issues and signs the license; this package only
// draws it, so the pages fill this value from the license they were given.
type LicenseDocument struct {
	TypeName   string // 食品经营许可证
	Identifier string // the GB/T 36904 证照标识
	HolderName string
	HolderCode string // as printed for the holder: the credit code of an enterprise, a masked ID number of a person
	Fields     []LicenseField
	IssuerName string // the issuing department
	IssuedAt   time.Time
	ValidFrom  time.Time
	ValidUntil time.Time // zero: 长期
	Version    string    // 001…
	// SealName is written around the seal's star when no SealPNG is given.
	SealName string
	SealPNG  []byte // the seal's own image, when the seal module has one
	// VerifyURL is the public verification page the QR code opens.
	VerifyURL string
	// Notice is printed in red under the title: a license that is no longer
	// valid says so on every copy downloaded after the change.
	Notice string
}

// LicenseField is one printed field (证照照面项), in the license type's order.
type LicenseField struct{ Name, Value string }

// The license page's geometry in points.
const (
	licenseLabelW = 150.0
	sealRadius    = 58.0
	qrSize        = 104.0
)

// Seal red (印泥红) and the frame's blue.
var (
	sealRed   = [3]uint8{204, 30, 30}
	frameBlue = [3]uint8{11, 74, 139}
)

// LicensePDF draws a license as one A4 page: the type name, the printed fields
// in order, holder, validity, the issuer with its seal, and a QR code for the
// public verification page.
func LicensePDF(d LicenseDocument) ([]byte, error) {
	fc, err := fonts()
	if err != nil {
		return nil, fmt.Errorf("guide font: %w", err)
	}
	qr, err := qrcode.Encode(d.VerifyURL, qrcode.Medium, 384)
	if err != nil {
		return nil, fmt.Errorf("license QR code: %w", err)
	}
	w := &writer{pdf: &gopdf.GoPdf{}, footer: zh("license.doc.footer")}
	w.pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitPT})
	w.pdf.SetInfo(gopdf.PdfInfo{Title: d.TypeName + " " + d.Identifier, Subject: zh("license.doc.subject"), Creator: "Tongban"})
	if err := w.pdf.AddTTFFontFromFontContainer(fontFamily, fc); err != nil {
		return nil, err
	}
	w.newPage()
	w.license(d, qr)
	if w.err != nil {
		return nil, w.err
	}
	return w.pdf.GetBytesPdfReturnErr()
}

func (w *writer) license(d LicenseDocument, qr []byte) {
	w.frame()
	w.y = margin + 30
	w.centered(26, frameBlue, d.TypeName)
	w.y += 6
	w.centered(sizeSmall, [3]uint8{80, 80, 80}, zh("license.doc.kind"))
	w.centered(sizeSmall, [3]uint8{80, 80, 80}, zh("license.doc.identifier", d.Identifier))
	if d.Notice != "" {
		w.y += 4
		w.centered(sizeHeading, sealRed, d.Notice)
	}
	w.y += 14
	w.fieldRow(zh("license.doc.holder"), d.HolderName)
	w.fieldRow(zh("license.doc.holder_code"), d.HolderCode)
	for _, f := range d.Fields {
		w.fieldRow(f.Name, f.Value)
	}
	w.fieldRow(zh("license.doc.validity"), validityText(d.ValidFrom, d.ValidUntil))
	w.fieldRow(zh("license.doc.version"), d.Version)
	w.signature(d, qr)
}

// frame draws the double border every printed license carries.
func (w *writer) frame() {
	w.pdf.SetStrokeColor(frameBlue[0], frameBlue[1], frameBlue[2])
	w.pdf.SetLineWidth(2)
	w.pdf.RectFromUpperLeftWithStyle(margin-20, margin-20, pageW-2*margin+40, footerY-margin+6, "D")
	w.pdf.SetLineWidth(0.6)
	w.pdf.RectFromUpperLeftWithStyle(margin-15, margin-15, pageW-2*margin+30, footerY-margin-4, "D")
}

// centered writes one line centred on the page in the given size and colour.
func (w *writer) centered(size float64, rgb [3]uint8, s string) {
	w.setFont(size)
	if w.err != nil || s == "" {
		return
	}
	width, err := w.pdf.MeasureTextWidth(s)
	if err != nil {
		w.err = err
		return
	}
	w.color(rgb[0], rgb[1], rgb[2])
	w.put((pageW-width)/2, w.y, s)
	w.color(0, 0, 0)
	w.y += size * leading
}

// fieldRow is one ruled line of the license: the field's name and its value,
// wrapped beside it. Empty values print as a dash so the form stays complete.
func (w *writer) fieldRow(name, value string) {
	if strings.TrimSpace(value) == "" {
		value = "—"
	}
	w.setFont(sizeBody + 1)
	size := sizeBody + 1
	ls := w.lines(value, bodyW-licenseLabelW-8)
	h := float64(len(ls))*size*leading + 8
	w.room(h)
	w.pdf.SetStrokeColor(190, 200, 215)
	w.pdf.SetLineWidth(0.5)
	w.pdf.Line(margin, w.y, pageW-margin, w.y)
	w.color(80, 80, 80)
	w.put(margin+4, w.y+4, name)
	w.color(0, 0, 0)
	y := w.y + 4
	for _, l := range ls {
		w.put(margin+licenseLabelW, y, l)
		y += size * leading
	}
	w.y += h
	w.pdf.Line(margin, w.y, pageW-margin, w.y)
}

// signature places the QR code on the left and the issuer, the date and the
// seal on the right, below the fields.
func (w *writer) signature(d LicenseDocument, qr []byte) {
	w.y += 24
	w.room(2*sealRadius + 10)
	top := w.y
	if img, err := gopdf.ImageHolderByBytes(qr); err != nil {
		w.err = err
	} else if w.err == nil {
		w.err = w.pdf.ImageByHolder(img, margin, top, &gopdf.Rect{W: qrSize, H: qrSize})
	}
	w.setFont(sizeSmall)
	w.color(80, 80, 80)
	w.put(margin, top+qrSize+4, zh("license.doc.scan"))
	w.color(0, 0, 0)

	// The seal is stamped over the issuer's name and the date, as on paper;
	// the name sits above the star and the date below it, so both stay legible.
	issued := d.IssuedAt.In(beijing)
	cx, cy := pageW-margin-110, top+sealRadius
	w.setFont(sizeBody + 2)
	for _, line := range []struct {
		y float64
		s string
	}{{cy - 36, d.IssuerName}, {cy + 18, zh("delivery.pdf.date_format", issued.Year(), int(issued.Month()), issued.Day())}} {
		if width, err := w.pdf.MeasureTextWidth(line.s); err == nil {
			w.put(cx-width/2, line.y, line.s)
		}
	}
	if len(d.SealPNG) > 0 {
		if img, err := gopdf.ImageHolderByBytes(d.SealPNG); err == nil {
			w.err = w.pdf.ImageByHolder(img, cx-sealRadius, cy-sealRadius, &gopdf.Rect{W: 2 * sealRadius, H: 2 * sealRadius})
			return
		}
	}
	w.seal(cx, cy, sealRadius, d.SealName)
}

// seal draws a round official seal: a red ring, a five-pointed star in the
// middle, the department's name along the upper arc and a short line under
// the star, as Chinese seals are cut.
func (w *writer) seal(cx, cy, r float64, name string) {
	w.pdf.SetStrokeColor(sealRed[0], sealRed[1], sealRed[2])
	w.pdf.SetFillColor(sealRed[0], sealRed[1], sealRed[2])
	w.pdf.SetLineWidth(3)
	w.pdf.Oval(cx-r, cy-r, cx+r, cy+r)
	w.pdf.Polygon(starPoints(cx, cy, r*0.3), "F")
	w.arcText(cx, cy, r-13, name)
	w.setFont(sizeSmall)
	if width, err := w.pdf.MeasureTextWidth(zh("license.doc.seal_line")); err == nil {
		w.color(sealRed[0], sealRed[1], sealRed[2])
		w.put(cx-width/2, cy+r*0.58, zh("license.doc.seal_line"))
		w.color(0, 0, 0)
	}
}

// arcText writes s clockwise along a circle of radius r, centred on the top
// of the circle and spread over at most 240°, each character turned to face
// the centre.
func (w *writer) arcText(cx, cy, r float64, s string) {
	chars := []rune(strings.TrimSpace(s))
	if len(chars) == 0 {
		return
	}
	size := 12.0
	if len(chars) > 12 {
		size = 10
	}
	step := math.Min(240.0/float64(len(chars)), 26)
	start := -step * float64(len(chars)-1) / 2
	w.setFont(size)
	w.color(sealRed[0], sealRed[1], sealRed[2])
	for i, c := range chars {
		deg := start + step*float64(i)
		rad := deg * math.Pi / 180
		px, py := cx+r*math.Sin(rad), cy-r*math.Cos(rad)
		width, err := w.pdf.MeasureTextWidth(string(c))
		if err != nil {
			w.err = err
			break
		}
		// PDF angles turn anticlockwise; the text runs clockwise.
		w.pdf.Rotate(-deg, px, py)
		w.put(px-width/2, py-size/2, string(c))
		w.pdf.RotateReset()
	}
	w.color(0, 0, 0)
}

// starPoints are the ten corners of a five-pointed star with its top point up.
func starPoints(cx, cy, outer float64) []gopdf.Point {
	inner := outer * 0.382
	pts := make([]gopdf.Point, 0, 10)
	for i := range 10 {
		rad := float64(i) * math.Pi / 5
		rr := outer
		if i%2 == 1 {
			rr = inner
		}
		pts = append(pts, gopdf.Point{X: cx + rr*math.Sin(rad), Y: cy - rr*math.Cos(rad)})
	}
	return pts
}

// validityText is the validity period as printed: 2026年3月10日至2031年3月9日, or
// 长期 from the start date.
func validityText(from, until time.Time) string {
	day := func(t time.Time) string {
		t = t.In(beijing)
		return zh("delivery.pdf.date_format", t.Year(), int(t.Month()), t.Day())
	}
	if from.IsZero() {
		return ""
	}
	if until.IsZero() {
		return zh("license.doc.validity_long", day(from))
	}
	return zh("license.doc.validity_range", day(from), day(until))
}
