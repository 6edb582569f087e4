package app_test

import (
	"context"
	"testing"

	"github.com/tongban/tongban/internal/app"
	"github.com/tongban/tongban/internal/rating"
)

// matrixRatings prepares what the 好差评 rows of the matrix act on: 王建国
// rates the submission of the fixture case 非常不满意, which opens a task in
// 县市场监管局 (so the service now waits for a follow-up), and the county
// hall's clerk opens a window visit of the case for the pad.
func matrixRatings(t *testing.T, a *app.App, me context.Context, caseID int64) (service, task, visit int64) {
	t.Helper()
	cr, err := a.Ratings.OfCase(me, caseID)
	if err != nil || len(cr.Services) == 0 {
		t.Fatalf("services of the fixture case: %+v, %v", cr, err)
	}
	service = cr.Services[0].ID
	if _, err := a.Ratings.Rate(me, service, rating.Input{Level: rating.VeryDissatisfied, Comment: "网上提交后无人联系",
		Channel: rating.ChannelPC}); err != nil {
		t.Fatal(err)
	}
	v, err := a.Ratings.Service(me, service)
	if err != nil || len(v.Tasks) != 1 {
		t.Fatalf("the bad rating's task: %+v, %v", v, err)
	}
	for _, tk := range v.Tasks {
		task = tk.ID
	}
	s, err := a.Ratings.OpenVisit(staffOf(t, a, "clerk"), caseID, 0)
	if err != nil {
		t.Fatal(err)
	}
	return service, task, s.ID
}
