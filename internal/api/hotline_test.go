package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/tongban/tongban/internal/api"
)

// aComplaint is a call about expired bread in 南湖镇.
var aComplaint = map[string]any{"category": "complaint", "class_code": "0101", "title": "超市出售过期面包",
	"content": "南湖镇街道某超市货架上的面包已过保质期。", "caller_name": "张秀兰", "caller_phone": "13900007777", "region_code": "620825101"}

func TestTicketAPILoop(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	operator := s.staffToken("operator")
	created := decodeAs[api.TicketDetail](t, s.must(http.StatusCreated, "POST", "/api/v1/tickets", operator, aComplaint))
	if created.State != "received" || created.CallerPhone != "139****7777" || created.Light != "green" || created.Channel != "phone" {
		t.Fatalf("created: %+v", created.Ticket)
	}
	if !strings.Contains(strings.Join(created.Actions, ","), "dispatch") {
		t.Errorf("the operator may not dispatch: %v", created.Actions)
	}
	path := "/api/v1/tickets/" + itoa(created.ID)
	d := decodeAs[api.TicketDetail](t, s.must(http.StatusOK, "POST", path+"/actions", operator, map[string]any{"action": "dispatch", "by_rule": true}))
	if d.State != "dispatched" || d.DepartmentName != "县市场监管局" || d.SignDue == "" {
		t.Fatalf("dispatched: %+v", d.Ticket)
	}
	reviewer := s.staffToken("reviewer.scjg")
	s.must(http.StatusForbidden, "POST", path+"/actions", s.staffToken("reviewer.wjj"), map[string]any{"action": "sign"})
	s.must(http.StatusOK, "POST", path+"/actions", reviewer, map[string]any{"action": "sign"})
	s.must(http.StatusConflict, "POST", path+"/actions", reviewer, map[string]any{"action": "sign"})
	s.must(http.StatusUnprocessableEntity, "POST", path+"/actions", reviewer, map[string]any{"action": "reply"})
	s.must(http.StatusOK, "POST", path+"/actions", reviewer, map[string]any{"action": "reply", "text": "已责令下架"})
	list := decodeAs[api.List[api.Ticket]](t, s.must(http.StatusOK, "GET", "/api/v1/tickets?state=replied", reviewer, nil))
	if list.Total != 1 || list.Items[0].CallerPhone != "" {
		t.Errorf("the department's inbox: %+v", list)
	}
	s.must(http.StatusOK, "POST", path+"/actions", operator, map[string]any{"action": "conclude"})
	d = decodeAs[api.TicketDetail](t, s.must(http.StatusOK, "POST", path+"/actions", operator,
		map[string]any{"action": "callback", "reached": true, "satisfaction": "unsatisfied"}))
	if d.State != "handling" || d.Round != 2 {
		t.Errorf("after an unsatisfied callback: %s round %d", d.State, d.Round)
	}
	s.must(http.StatusForbidden, "GET", "/api/v1/tickets", s.personToken(wangIDNumber), nil)
	s.must(http.StatusNotFound, "GET", path, s.personToken(wangIDNumber), nil)
	s.must(http.StatusUnauthorized, "GET", path, "", nil)
	arts := decodeAs[api.List[api.Article]](t, s.must(http.StatusOK, "GET", "/api/v1/hotline/articles?q=身份证", operator, nil))
	if arts.Total != 1 || len(arts.Items[0].Items) != 1 {
		t.Errorf("knowledge base: %+v", arts)
	}
}

func TestTicketAPIForCitizens(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	me := s.personToken(wangIDNumber)
	in := map[string]any{"channel": "mobile", "category": "help", "class_code": "0701", "title": "停水两天",
		"content": "南湖村三组停水两天。", "caller_name": wangName, "caller_phone": wangPhone, "region_code": "620825101"}
	d := decodeAs[api.TicketDetail](t, s.must(http.StatusCreated, "POST", "/api/v1/tickets", me, in))
	if d.Channel != "mobile" || d.CallerPhone != wangPhone {
		t.Fatalf("filed online: %+v", d.Ticket)
	}
	in["category"] = "gossip"
	e := apiError(t, s.must(http.StatusUnprocessableEntity, "POST", "/api/v1/tickets", me, in))
	if e.Error.Fields["category"] == "" {
		t.Errorf("no problem on category: %+v", e)
	}
	s.must(http.StatusForbidden, "POST", "/api/v1/tickets", s.staffToken("reviewer.scjg"), aComplaint)
}
