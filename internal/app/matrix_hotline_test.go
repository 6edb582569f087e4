package app_test

import (
	"context"
	"testing"

	"github.com/tongban/tongban/internal/app"
	"github.com/tongban/tongban/internal/hotline"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/testkit"
)

// hotlineFixture is what the 12345 rows of the matrix act on.
type hotlineFixture struct {
	ticket  int64  // 王建国's complaint about 南湖镇, with his PDF attached, dispatched to 县市场监管局
	number  string // the number of a ticket filed through Open311
	article int64  // a demo knowledge-base article
	rule    int64  // a demo dispatch rule
}

// matrixHotline files 王建国's complaint online with the PDF he uploaded, has
// the operator dispatch it by rule (to 县市场监管局, whose reviewer is a
// column), and files a second ticket through Open311 with a fresh key.
func matrixHotline(t *testing.T, a *app.App, me context.Context, uploadID int64) hotlineFixture {
	t.Helper()
	in := hotline.Intake{Category: hotline.Complaint, ClassCode: "0101", Title: "超市出售过期面包", Content: "南湖镇某超市出售过期面包。",
		CallerName: "王建国", CallerPhone: "13900000001", RegionCode: "620825101", Files: []int64{uploadID}}
	tk, err := a.Hotline.FileOnline(me, in)
	if err != nil {
		t.Fatal(err)
	}
	operator := testkit.AsStaff(context.Background(), 1, principal.HotlineOperator, "620825", 0)
	if _, err := a.Hotline.Act(operator, tk.ID, hotline.Action{Kind: hotline.ActDispatch, ByRule: true}); err != nil {
		t.Fatal(err)
	}
	admin := testkit.AsStaff(context.Background(), 1, principal.SystemAdmin, "620825", 0)
	_, key, err := a.Hotline.IssueKey(admin, "矩阵测试")
	if err != nil {
		t.Fatal(err)
	}
	in.Files, in.CallerName, in.CallerPhone, in.Address = nil, "", "", "南湖镇"
	pub, err := a.Hotline.FileByAPI(context.Background(), key, in)
	if err != nil {
		t.Fatal(err)
	}
	f := hotlineFixture{ticket: tk.ID, number: pub.Number}
	arts, _, err := a.Hotline.Articles(admin, hotline.ArticleFilter{Limit: 1})
	if err != nil || len(arts) == 0 {
		t.Fatalf("demo articles: %v %v", arts, err)
	}
	rules, err := a.Hotline.Rules(admin)
	if err != nil || len(rules) == 0 {
		t.Fatalf("demo rules: %v %v", rules, err)
	}
	f.article, f.rule = arts[0].ID, rules[0].ID
	return f
}
