package guide_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tongban/tongban/internal/guide"
)

func TestConclusionNoticePDF(t *testing.T) {
	t.Parallel()
	n := guide.ConclusionNotice{CaseNumber: "TB620825000000000000000000000000202603020001", ItemName: "食品经营许可",
		ApplicantName: "王建国", ResultType: "出证办结", ResultName: "食品经营许可证", Opinion: "材料齐全，符合法定条件，准予许可。",
		DepartmentName: "庄浪县市场监督管理局", Concluded: time.Date(2026, 3, 9, 17, 0, 0, 0, time.UTC)}
	pdf, err := guide.ConclusionNoticePDF(n)
	if err != nil {
		t.Fatal(err)
	}
	text, out := pdfText(t, pdf)
	// 17:00 UTC is the next morning in Beijing.
	for _, want := range []string{"办结通知书", n.CaseNumber, "王建国", "出证办结", "食品经营许可证", "准予许可。", n.DepartmentName, "2026年3月10日"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text lacks %q:\n%s", want, out)
		}
	}
}
