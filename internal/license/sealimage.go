package license

import (
	"bytes"
	"fmt"
	"html"
	"math"
	"strings"
)

// SealColor is the red of an official seal.
const SealColor = "#d7000f"

// SealSVG draws a seal the way a round official seal looks: a red ring, the
// department's name running clockwise along the upper arc, a five-pointed
// star in the middle and the seal's purpose (电子证照专用章) in a straight
// line below it. Each character is placed and turned on its own, so the
// drawing does not depend on a renderer's textPath support; a PDF writer can
// place the same characters with SealGlyphs.
func SealSVG(s Seal) []byte {
	var b bytes.Buffer
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200" width="200" height="200" role="img"`)
	fmt.Fprintf(&b, ` aria-label="%s">`, html.EscapeString(s.Name))
	fmt.Fprintf(&b, `<circle cx="100" cy="100" r="94" fill="none" stroke="%s" stroke-width="6"/>`, SealColor)
	fmt.Fprintf(&b, `<polygon points="%s" fill="%s"/>`, starPoints(100, 96, 30), SealColor)
	fmt.Fprintf(&b, `<g fill="%s" font-family="'Noto Serif CJK SC','Source Han Serif SC','SimSun','WenQuanYi Micro Hei',serif" font-weight="bold" text-anchor="middle">`, SealColor)
	for _, g := range SealGlyphs(s) {
		fmt.Fprintf(&b, `<text x="%.2f" y="%.2f" font-size="%.1f" transform="rotate(%.2f %.2f %.2f)">%s</text>`,
			g.X, g.Y, g.Size, g.Rotate, g.X, g.Y, html.EscapeString(g.Char))
	}
	b.WriteString(`</g></svg>`)
	return b.Bytes()
}

// SealGlyph is one character of a seal drawing, in a 200×200 box: its
// baseline centre, its size and its clockwise rotation in degrees.
type SealGlyph struct {
	Char   string
	X, Y   float64
	Size   float64
	Rotate float64
}

// SealGlyphs lays out a seal's characters: the department along the arc,
// the purpose below the star.
func SealGlyphs(s Seal) []SealGlyph {
	ring := []rune(strings.TrimSpace(s.DepartmentName))
	if len(ring) == 0 {
		ring = []rune(s.Name)
	}
	var out []SealGlyph
	// The ring text spans up to 240° of the circle, centred at the top.
	span := math.Min(240, float64(len(ring))*22)
	size := math.Min(22, 240/float64(max(len(ring), 1))*1.6)
	for i, r := range ring {
		deg := -span/2 + span*(float64(i)+0.5)/float64(len(ring)) // 0 = top, clockwise
		rad := deg * math.Pi / 180
		const radius = 72
		out = append(out, SealGlyph{Char: string(r), X: 100 + radius*math.Sin(rad), Y: 100 - radius*math.Cos(rad) + size*0.35,
			Size: size, Rotate: deg})
	}
	purpose := []rune(strings.TrimPrefix(s.Name, s.DepartmentName))
	if len(purpose) == 0 || len(purpose) > 9 {
		purpose = []rune(sealSuffix)
	}
	const width = 110
	step := width / float64(len(purpose))
	for i, r := range purpose {
		out = append(out, SealGlyph{Char: string(r), X: 100 - width/2 + step*(float64(i)+0.5), Y: 152, Size: math.Min(15, step), Rotate: 0})
	}
	return out
}

// starPoints is the outline of a five-pointed star with its centre and
// outer radius, one point up.
func starPoints(cx, cy, r float64) string {
	inner := r * 0.382
	var pts []string
	for i := range 10 {
		rr := r
		if i%2 == 1 {
			rr = inner
		}
		a := float64(i)*math.Pi/5 - math.Pi/2
		pts = append(pts, fmt.Sprintf("%.2f,%.2f", cx+rr*math.Cos(a), cy+rr*math.Sin(a)))
	}
	return strings.Join(pts, " ")
}
