package guide

import (
	"fmt"
	"time"

	"github.com/signintech/gopdf"
)

// ConclusionNotice is what a result document (办结通知书) says. The delivery
// module fills it from a concluded case; this package only draws it.
type ConclusionNotice struct {
	CaseNumber     string
	ItemName       string
	ApplicantName  string
	ResultType     string // 出证办结, 出文办结, 审批办结, 不予许可, 其他
	ResultName     string
	Opinion        string // the department's opinion
	DepartmentName string
	Concluded      time.Time
}

// beijing is where the date of conclusion is counted.
var beijing = time.FixedZone("CST", 8*3600)

// ConclusionNoticePDF draws a result document as an A4 PDF with the guide's
// font and layout helpers, on demand, so nothing big is stored.
func ConclusionNoticePDF(n ConclusionNotice) ([]byte, error) {
	fc, err := fonts()
	if err != nil {
		return nil, fmt.Errorf("guide font: %w", err)
	}
	w := &writer{pdf: &gopdf.GoPdf{}, footer: zh("delivery.pdf.footer", n.CaseNumber)}
	w.pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitPT})
	w.pdf.SetInfo(gopdf.PdfInfo{Title: zh("delivery.pdf.title") + " " + n.CaseNumber, Subject: zh("delivery.pdf.title"), Creator: "Tongban"})
	if err := w.pdf.AddTTFFontFromFontContainer(fontFamily, fc); err != nil {
		return nil, err
	}
	w.newPage()
	w.notice(n)
	if w.err != nil {
		return nil, w.err
	}
	return w.pdf.GetBytesPdfReturnErr()
}

func (w *writer) notice(n ConclusionNotice) {
	w.setFont(sizeTitle)
	if width, err := w.pdf.MeasureTextWidth(zh("delivery.pdf.title")); err == nil {
		w.color(11, 74, 139)
		w.put((pageW-width)/2, w.y, zh("delivery.pdf.title"))
		w.color(0, 0, 0)
	}
	w.y += sizeTitle*leading + 12
	w.para(margin, bodyW, sizeBody, zh("delivery.pdf.intro", n.ApplicantName))
	w.para(margin+2*sizeBody, bodyW-2*sizeBody, sizeBody, zh("delivery.pdf.text", n.ItemName))
	w.y += 8
	w.row("delivery.pdf.case_number", n.CaseNumber)
	w.row("delivery.pdf.item", n.ItemName)
	w.row("delivery.pdf.applicant", n.ApplicantName)
	w.row("delivery.pdf.result_type", n.ResultType)
	w.row("delivery.pdf.result_name", n.ResultName)
	w.row("delivery.pdf.opinion", n.Opinion)
	w.y += 24
	d := n.Concluded.In(beijing)
	for _, line := range []string{n.DepartmentName, zh("delivery.pdf.date_format", d.Year(), int(d.Month()), d.Day())} {
		w.setFont(sizeBody)
		if width, err := w.pdf.MeasureTextWidth(line); err == nil {
			w.room(sizeBody * leading)
			w.put(pageW-margin-width, w.y, line)
			w.y += sizeBody * leading
		}
	}
}
