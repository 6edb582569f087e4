package app_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/tongban/tongban/internal/hotline"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/testkit"
)

// A caller's name and phone are sealed at rest: neither is in the raw
// database, while the ticket's own words are.
func TestCallerIsNotStoredInPlainText(t *testing.T) {
	t.Parallel()
	db := testkit.NewDB(t)
	a := testkit.DemoApp(t, testkit.WithDB(db))
	operator := testkit.AsStaff(context.Background(), 1, principal.HotlineOperator, "620825", 0)
	if _, err := a.Hotline.RecordCall(operator, hotline.Intake{Category: hotline.Complaint, ClassCode: "0101",
		Title: "超市出售过期面包", Content: "货架上的面包过期了", CallerName: "欧阳秀兰", CallerPhone: "13987654321", RegionCode: "620825101"}); err != nil {
		t.Fatal(err)
	}
	raw := rawDatabase(t, db)
	if !bytes.Contains(raw, []byte("货架上的面包过期了")) {
		t.Fatal("the raw database does not contain the ticket's content; the check would prove nothing")
	}
	for _, secret := range []string{"欧阳秀兰", "13987654321"} {
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("the raw database contains %s in plain text", secret)
		}
	}
}

// The demo county ships dispatch rules that compile and send a complaint
// about 南湖镇's market to the market regulator, and the starting
// classification tree.
func TestDemoHotlineRules(t *testing.T) {
	t.Parallel()
	a := testkit.DemoApp(t)
	admin := testkit.AsStaff(context.Background(), 1, principal.SystemAdmin, "620825", 0)
	rules, err := a.Hotline.Rules(admin)
	if err != nil || len(rules) < 10 {
		t.Fatalf("demo rules: %d %v", len(rules), err)
	}
	for _, r := range rules {
		if err := hotline.CheckExpression(r.Expression); err != nil {
			t.Errorf("rule %s: %v", r.Name, err)
		}
	}
	operator := testkit.AsStaff(context.Background(), 1, principal.HotlineOperator, "620825", 0)
	cases := []struct {
		in   hotline.Intake
		dept string
	}{
		{hotline.Intake{Category: hotline.Complaint, ClassCode: "0103", RegionCode: "620825101", Title: "商家拒绝退货"}, "县市场监管局"},
		{hotline.Intake{Category: hotline.Report, ClassCode: "0202", RegionCode: "620825101", Title: "河里排污水"}, "庄浪生态环境分局"},
		{hotline.Intake{Category: hotline.Complaint, ClassCode: "0301", RegionCode: "620825102", Title: "公交不按点"}, "县交通运输局"},
		{hotline.Intake{Category: hotline.Help, ClassCode: "0701", RegionCode: "620825101", Title: "停水"}, "县自来水公司"},
		{hotline.Intake{Category: hotline.Consult, ClassCode: "99", RegionCode: "620825", Title: "办事时间"}, "县政务服务中心"},
	}
	for _, c := range cases {
		c.in.Content, c.in.CallerName, c.in.CallerPhone = c.in.Title, "李四", "13900006666"
		tk, err := a.Hotline.RecordCall(operator, c.in)
		if err != nil {
			t.Fatal(err)
		}
		s, err := a.Hotline.Suggest(operator, tk.ID)
		if err != nil || !s.Found || s.Department.Name != c.dept {
			t.Errorf("%s: suggested %+v %v, want %s", c.in.Title, s.Department, err, c.dept)
		}
	}
}
