package api_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"

	"github.com/tongban/tongban/internal/api"
	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/testkit"
)

// concludedCase takes 王建国's 食品经营许可 to approval through the case module.
func (s *server) concludedCase() casework.Case {
	s.t.Helper()
	ctx := context.Background()
	item, err := s.app.Items.PublishedBySlug(ctx, "food-biz-license")
	if err != nil {
		s.t.Fatal(err)
	}
	wang, err := s.app.Store.FindPersonByIDNumber(ctx, identity.IDNumber(wangIDNumber))
	if err != nil {
		s.t.Fatal(err)
	}
	me := testkit.AsPerson(ctx, wang.ID, wang.Name)
	draft, err := s.app.Cases.SaveDraft(me, casework.Application{ItemID: item.ID, Form: testkit.Form()})
	if err != nil {
		s.t.Fatal(err)
	}
	c, err := s.app.Cases.Submit(me, draft.ID)
	if err != nil {
		s.t.Fatal(err)
	}
	for _, step := range []struct{ who, action, comment string }{
		{"reviewer.scjg", "accept", ""}, {"reviewer.scjg", "review", ""}, {"head.scjg", "approve", "准予许可。"},
	} {
		st, err := s.app.Store.FindStaffByUsername(ctx, step.who)
		if err != nil {
			s.t.Fatal(err)
		}
		as := principal.With(ctx, principal.Principal{Kind: principal.Staff, ID: st.ID, Name: st.Name, Roles: st.Roles, Scope: st.Scope()})
		if c, err = s.app.Cases.Act(as, c.ID, step.action, step.comment); err != nil {
			s.t.Fatalf("%s: %v", step.action, err)
		}
	}
	return c
}

// The applicant rates over the API; the department works the task over the
// API; the public statistics count it.
func TestRatingsOverAPI(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	c := s.concludedCase()
	before := decodeAs[api.RatingStats](t, s.must(http.StatusOK, "GET", "/api/v1/ratings/stats", "", nil))

	wang := s.personToken(wangIDNumber)
	services := decodeAs[api.List[api.RatedService]](t, s.must(http.StatusOK, "GET",
		"/api/v1/me/cases/"+strconv.FormatInt(c.ID, 10)+"/services", wang, nil))
	if services.Total != 3 || services.Items[2].Stage != "conclude" || services.Items[2].NextNumber != 1 ||
		len(services.Items[2].Dimensions) != 4 || services.Items[2].StaffName != "吴局长" {
		t.Fatalf("services = %+v", services)
	}
	conclusion := services.Items[2].ID
	e := apiError(t, s.must(http.StatusUnprocessableEntity, "POST", "/api/v1/me/ratings", wang,
		map[string]any{"service_id": conclusion, "level": 2}))
	if len(e.Error.Fields) != 1 || e.Error.Fields["comment"] == "" {
		t.Fatalf("missing comment: %+v", e)
	}
	r := decodeAs[api.Rating](t, s.must(http.StatusCreated, "POST", "/api/v1/me/ratings", wang,
		map[string]any{"service_id": conclusion, "level": 2, "comment": "办结通知没有说明领取方式", "dimensions": map[string]int{"efficiency": 2}}))
	if r.Number != 1 || r.Channel != 2 || !r.RealName || r.Dimensions["efficiency"] != 2 {
		t.Fatalf("rating = %+v", r)
	}
	mine := decodeAs[api.List[api.MyRating]](t, s.must(http.StatusOK, "GET", "/api/v1/me/ratings", wang, nil))
	if mine.Total != 1 || mine.Items[0].CaseNumber != c.Number || mine.Items[0].Stage != "conclude" {
		t.Fatalf("mine = %+v", mine)
	}
	// Someone else's case: not found.
	s.register("李四", testkit.ValidIDNumber(t, "620825", "19900101", "123"), "13900009876", "620825101")
	s.must(http.StatusNotFound, "GET", "/api/v1/me/cases/"+strconv.FormatInt(c.ID, 10)+"/services", s.personToken("13900009876"), nil)

	reviewer := s.staffToken("reviewer.scjg")
	list := decodeAs[api.List[api.Rectification]](t, s.must(http.StatusOK, "GET", "/api/v1/rectifications", reviewer, nil))
	if list.Total != 1 || list.Items[0].Light != "green" || list.Items[0].DueOn == "" || list.Items[0].State != "verifying" {
		t.Fatalf("tasks = %+v", list)
	}
	path := "/api/v1/rectifications/" + strconv.FormatInt(list.Items[0].ID, 10)
	s.must(http.StatusConflict, "POST", path+"/actions", reviewer, map[string]any{"action": "feedback", "text": "太早"})
	var v api.RectificationView
	for _, step := range []map[string]any{
		{"action": "verify", "text": "核实属实"},
		{"action": "rectify", "resolution": "explained", "text": "领取方式见网上送达，已补充说明"},
		{"action": "feedback", "text": "已在通知书中补充领取方式说明"},
		{"action": "callback", "reached": true, "satisfied": true, "text": "回访满意"},
		{"action": "close"},
	} {
		v = decodeAs[api.RectificationView](t, s.must(http.StatusOK, "POST", path+"/actions", reviewer, step))
	}
	if v.State != "closed" || len(v.Steps) != 6 || len(v.Actions) != 0 || !v.CallbackReached || v.Resolution != "explained" {
		t.Fatalf("closed task = %+v", v)
	}
	s.must(http.StatusForbidden, "GET", path, s.staffToken("reviewer.wjj"), nil)

	services = decodeAs[api.List[api.RatedService]](t, s.must(http.StatusOK, "GET",
		"/api/v1/me/cases/"+strconv.FormatInt(c.ID, 10)+"/services", wang, nil))
	if a := services.Items[2].Ratings[0].Answer; a == nil || a.Feedback != "已在通知书中补充领取方式说明" || a.State != "closed" {
		t.Fatalf("answer = %+v", a)
	}
	after := decodeAs[api.RatingStats](t, s.must(http.StatusOK, "GET", "/api/v1/ratings/stats", "", nil))
	if after.Total.Count != before.Total.Count+1 || after.Total.Bad != before.Total.Bad+1 || after.Total.ByLevel[1] != before.Total.ByLevel[1]+1 {
		t.Fatalf("stats before %+v after %+v", before.Total, after.Total)
	}
	s.must(http.StatusUnprocessableEntity, "GET", "/api/v1/ratings/stats?from=2026-13-01", "", nil)
}
