package guide

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/signintech/gopdf"
)

//go:generate go run ./fonts/mkfont /usr/share/fonts/truetype/wqy/wqy-microhei.ttc 0 fonts/wqy-microhei.ttf

// fontTTF is face 0 of WenQuanYi Micro Hei (Apache-2.0 or GPL-3+ with the font
// exception, see fonts/), extracted from Debian's TTC by ExtractTTCFace. It
// covers CJK, Latin letters and digits, so a fee basis like 发改价格〔2003〕2322号
// prints whole.
//
//go:embed fonts/wqy-microhei.ttf
var fontTTF []byte

const fontFamily = "wqy"

// fonts parses the font once per process: parsing 4.6 MB of TrueType is most
// of the cost of a PDF, and the parsed font is copied, not shared, by each PDF.
var fonts = sync.OnceValues(func() (*gopdf.FontContainer, error) {
	fc := &gopdf.FontContainer{}
	return fc, fc.AddTTFFontData(fontFamily, fontTTF)
})

// Page geometry in points (A4).
const (
	pageW, pageH = 595.28, 841.89
	margin       = 50.0
	bodyW        = pageW - 2*margin
	labelW       = 96.0
	footerY      = pageH - 32
)

// Font sizes and line heights.
const (
	sizeTitle, sizeHeading, sizeBody, sizeSmall = 18.0, 13.0, 10.5, 9.0
	leading                                     = 1.5
)

// PDF renders a guide as an A4 document: the same sections, in the same order,
// with the same text as the page and the JSON.
func PDF(g Guide) ([]byte, error) {
	fc, err := fonts()
	if err != nil {
		return nil, fmt.Errorf("guide font: %w", err)
	}
	w := &writer{pdf: &gopdf.GoPdf{}, footer: zh("guide.pdf.footer", g.Version, g.PublishDate)}
	w.pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitPT})
	w.pdf.SetInfo(gopdf.PdfInfo{Title: g.Name + " " + zh("guide.pdf.title"), Subject: zh("guide.pdf.title"), Creator: "Tongban"})
	if err := w.pdf.AddTTFFontFromFontContainer(fontFamily, fc); err != nil {
		return nil, err
	}
	w.newPage()
	w.document(g)
	if w.err != nil {
		return nil, w.err
	}
	return w.pdf.GetBytesPdfReturnErr()
}

// writer lays text out top to bottom, starting a new page when the next line
// would not fit. The first error sticks, so the layout code stays linear.
type writer struct {
	pdf    *gopdf.GoPdf
	y      float64
	page   int
	footer string
	err    error
}

func (w *writer) newPage() {
	w.pdf.AddPage()
	w.page++
	w.y = margin
	w.setFont(sizeSmall)
	w.color(110, 110, 110)
	w.put(margin, footerY, w.footer)
	page := zh("guide.pdf.page", w.page)
	if width, err := w.pdf.MeasureTextWidth(page); err == nil {
		w.put(pageW-margin-width, footerY, page)
	}
	w.pdf.SetStrokeColor(200, 200, 200)
	w.pdf.SetLineWidth(0.5)
	w.pdf.Line(margin, footerY-6, pageW-margin, footerY-6)
	w.color(0, 0, 0)
}

func (w *writer) setFont(size float64) {
	if w.err == nil {
		w.err = w.pdf.SetFont(fontFamily, "", size)
	}
}

func (w *writer) color(r, g, b uint8) { w.pdf.SetTextColor(r, g, b) }

// put writes one line with its top-left corner at x, y.
func (w *writer) put(x, y float64, s string) {
	if w.err != nil || s == "" {
		return
	}
	w.pdf.SetXY(x, y)
	w.err = w.pdf.Cell(nil, s)
}

// lines splits s into lines no wider than width at the current font size.
func (w *writer) lines(s string, width float64) []string {
	if w.err != nil || strings.TrimSpace(s) == "" {
		return nil
	}
	ls, err := w.pdf.SplitTextWithWordWrap(s, width)
	if err != nil {
		w.err = err
	}
	return ls
}

// room starts a new page unless h points fit above the footer.
func (w *writer) room(h float64) {
	if w.y+h > footerY-14 {
		w.newPage()
	}
}

// para writes wrapped text at x with the given size.
func (w *writer) para(x, width, size float64, s string) {
	w.setFont(size)
	for _, l := range w.lines(s, width) {
		w.room(size * leading)
		w.put(x, w.y, l)
		w.y += size * leading
	}
}

func (w *writer) title(g Guide) {
	w.color(11, 74, 139)
	w.para(margin, bodyW, sizeTitle, g.Name)
	w.color(0, 0, 0)
	if g.MainItem != "" && g.BusinessItem != "" {
		w.para(margin, bodyW, sizeBody, zh("guide.main_item")+"："+g.MainItem+"　"+zh("guide.business_item")+"："+g.BusinessItem)
	}
	w.color(80, 80, 80)
	w.para(margin, bodyW, sizeSmall, zh("guide.pdf.title")+" · "+g.Department.Name+" · "+zh("guide.version_line", g.Version, g.PublishDate))
	w.color(0, 0, 0)
	w.y += 4
}

// heading starts a section; it keeps at least two lines of body with it.
func (w *writer) heading(key string) {
	w.y += 8
	w.room(sizeHeading*leading + 3*sizeBody*leading)
	w.pdf.SetFillColor(232, 238, 246)
	w.pdf.RectFromUpperLeftWithStyle(margin, w.y-2, bodyW, sizeHeading*leading, "F")
	w.pdf.SetFillColor(11, 74, 139)
	w.pdf.RectFromUpperLeftWithStyle(margin, w.y-2, 3, sizeHeading*leading, "F")
	w.setFont(sizeHeading)
	w.color(7, 53, 99)
	w.put(margin+8, w.y+1, zh(key))
	w.color(0, 0, 0)
	w.y += sizeHeading*leading + 4
}

// row writes a label and a wrapped value beside it.
func (w *writer) row(labelKey, value string) {
	if strings.TrimSpace(value) == "" {
		return
	}
	w.setFont(sizeBody)
	ls := w.lines(value, bodyW-labelW)
	w.room(sizeBody * leading)
	w.color(80, 80, 80)
	w.put(margin, w.y, zh(labelKey))
	w.color(0, 0, 0)
	for _, l := range ls {
		w.room(sizeBody * leading)
		w.put(margin+labelW, w.y, l)
		w.y += sizeBody * leading
	}
	w.y += 2
}

// item writes a numbered entry: a first line and indented detail lines.
func (w *writer) item(n int, first string, details ...string) {
	w.room(2 * sizeBody * leading)
	num := strconv.Itoa(n) + "."
	w.setFont(sizeBody)
	w.put(margin, w.y, num)
	w.para(margin+18, bodyW-18, sizeBody, first)
	w.color(80, 80, 80)
	for _, d := range details {
		w.para(margin+18, bodyW-18, sizeSmall, d)
	}
	w.color(0, 0, 0)
	w.y += 3
}

func (w *writer) document(g Guide) {
	w.title(g)
	if g.Suspension != nil {
		w.color(179, 38, 30)
		w.para(margin, bodyW, sizeBody, zh("guide.suspended.title")+"："+g.Suspension.Text)
		w.color(0, 0, 0)
	}
	w.heading("guide.section.basic")
	w.row("guide.item_type", g.ItemTypeLabel)
	w.row("guide.department", g.Department.Name)
	w.row("guide.service_objects", strings.Join(g.ServiceObjects, "、"))
	w.row("guide.use_level", g.UseLevel)
	w.row("guide.project_type", g.ProjectType)
	w.row("guide.statutory_limit", g.StatutoryLimit.Text)
	w.row("guide.promised_limit", g.PromisedLimit.Text)
	w.row("guide.deadline_note", g.DeadlineNote)

	w.heading("guide.section.legal_basis")
	for i, b := range g.LegalBasis {
		w.item(i+1, b)
	}
	w.heading("guide.section.conditions")
	w.para(margin, bodyW, sizeBody, g.Conditions)

	w.heading("guide.section.materials")
	for i, m := range g.Materials {
		req := m.RequirementLabel
		if m.Condition != "" {
			req += "（" + m.Condition + "）"
		}
		details := []string{zh("guide.pdf.material_line", req, m.Form, m.Copies, m.Source, m.FormsText)}
		if m.LicenseNote != "" {
			details = append(details, m.LicenseNote)
		}
		w.item(i+1, m.Name, details...)
	}
	w.para(margin, bodyW, sizeSmall, g.FormsNote)

	w.heading("guide.section.process")
	for i, s := range g.Process {
		w.item(i+1, s.Name+"　"+s.DaysText)
	}
	w.heading("guide.section.fees")
	w.para(margin, bodyW, sizeBody, g.Fees.Text)
	for i, f := range g.Fees.Items {
		w.item(i+1, f.Name+"："+f.Standard, zh("guide.fee.basis")+"："+f.Basis)
	}
	w.para(margin, bodyW, sizeSmall, g.Fees.Note)

	w.heading("guide.section.where")
	w.row("guide.address", g.Address)
	w.row("guide.hours", g.Hours)
	w.row("guide.consult_phone", g.ConsultPhone)
	w.row("guide.complaint_phone", g.ComplaintPhone)

	w.heading("guide.section.online")
	w.row("guide.online_level", g.Online.LevelLabel)
	w.row("guide.online_depth", strings.Join(g.Online.Depth, "、"))
	w.row("guide.visits", g.VisitsText)
	w.row("guide.visits_reason", g.VisitsReason)
	w.row("guide.express", g.ExpressText)

	w.heading("guide.section.result")
	w.row("guide.result_name", g.Result.Name)
	w.row("guide.result_type", g.Result.Type)
	w.row("guide.result_license", g.Result.LicenseName)

	if len(g.Special) > 0 {
		w.heading("guide.section.special")
		for i, s := range g.Special {
			w.item(i+1, s.Name+"　"+s.Limit, s.Description)
		}
	}
	if len(g.FAQ) > 0 {
		w.heading("guide.section.faq")
		for i, q := range g.FAQ {
			w.item(i+1, q.Question, q.Answer)
		}
	}
	if len(g.Topics) > 0 {
		w.heading("guide.section.topics")
		w.para(margin, bodyW, sizeBody, strings.Join(g.Topics, "、"))
	}
}
