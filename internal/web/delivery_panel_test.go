package web

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"github.com/tongban/tongban/internal/platform/i18n"
)

// The delivery partial renders the applicant's and the staff's panels.
func TestDeliveryPanel(t *testing.T) {
	t.Parallel()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	ui, err := New(Deps{Catalog: cat, Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	page := Page{Lang: i18n.Chinese, CSRF: "token-1", cat: cat}
	render := func(v *DeliveryView) string {
		var b bytes.Buffer
		if err := ui.pages["notices"].ExecuteTemplate(&b, "delivery", v); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	applicant := render(&DeliveryView{Page: page, Method: "窗口领取", Status: "待领取", ResultName: "食品经营许可证",
		ResultType: "出证办结", PickupCode: "042917", ForApplicant: true})
	for _, want := range []string{"办理结果送达", "窗口领取", "待领取", "食品经营许可证（出证办结）", "042917", "取件码只能使用一次"} {
		if !strings.Contains(applicant, want) {
			t.Errorf("applicant's panel lacks %q:\n%s", want, applicant)
		}
	}
	staff := render(&DeliveryView{Page: page, Method: "邮寄送达", Status: "待交寄", ResultName: "食品经营许可证",
		ResultType: "出证办结", Recipient: "王**", Phone: "139****0001", Address: "庄浪县水洛镇紫荆路 88 号",
		DispatchURL: "/staff/deliveries/7/dispatch", TrackingNo: "SB000000000001", Carrier: "模拟快递（测试）",
		Steps: []DeliveryStep{{At: "2026-03-02 09:00", Label: "已揽收", Text: "快件已揽收"}}})
	for _, want := range []string{`action="/staff/deliveries/7/dispatch"`, `value="token-1"`, "王** 139****0001", "SB000000000001",
		"2026-03-02 09:00", "已揽收：快件已揽收"} {
		if !strings.Contains(staff, want) {
			t.Errorf("staff panel lacks %q:\n%s", want, staff)
		}
	}
	if strings.Contains(staff, "pickup-code") {
		t.Error("the staff panel shows a pickup code")
	}
}
