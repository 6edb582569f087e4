package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/tongban/tongban/internal/api"
	"github.com/tongban/tongban/internal/casework"
)

// 李春梅, a second demo citizen, for "another person's application".
const liIDNumber = "620825198807230222"

// A citizen drafts an application, resumes it from another "device", submits
// it and finds the case in "my cases"; the case number is the one the submit
// answered, and nothing in the answers carries an ID or phone number.
func TestApplicantDraftsResumesAndSubmits(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	wang := s.personToken(wangIDNumber)

	r := s.must(http.StatusCreated, "POST", "/api/v1/applications", wang, map[string]any{
		"item_slug": "food-biz-license", "form": map[string]string{"shop": "示例小吃店"},
	})
	draft := decodeAs[api.Application](t, r)
	if draft.ID == 0 || draft.ItemID == 0 || draft.Submitted || draft.Form["shop"] != "示例小吃店" || draft.ItemVersion < 1 {
		t.Fatalf("draft %+v", draft)
	}

	// A second device signs in and resumes: posting for the same item (by ID
	// this time) returns the same draft, and PUT replaces its contents.
	other := s.personToken(wangPhone)
	r = s.must(http.StatusCreated, "POST", "/api/v1/applications", other, map[string]any{"item_id": draft.ItemID, "form": map[string]string{"shop": "示例面馆"}})
	if again := decodeAs[api.Application](t, r); again.ID != draft.ID || again.Form["shop"] != "示例面馆" {
		t.Fatalf("resumed %+v, want draft %d", again, draft.ID)
	}
	path := "/api/v1/applications/" + itoa(draft.ID)
	// The item's form rules apply to the API as to the page: a submission
	// without the contact, the phone and the delivery method is refused.
	refused := s.must(http.StatusUnprocessableEntity, "POST", path+"/submit", wang, nil)
	for _, field := range []string{`"contact_name"`, `"phone"`, `"delivery_method"`} {
		if !strings.Contains(string(refused.Body), field) {
			t.Errorf("the refusal does not name %s: %s", field, refused.Body)
		}
	}
	s.must(http.StatusOK, "PUT", path, other, map[string]any{
		"form": map[string]string{"shop": "示例小吃店", "note": "已备齐", "contact_name": "王建国", "phone": "13900001111",
			"delivery_method": "online"},
		"materials": []map[string]any{{"name": "食品经营许可申请书", "provided": true}},
	})
	got := decodeAs[api.Application](t, s.must(http.StatusOK, "GET", path, wang, nil))
	if got.Form["note"] != "已备齐" || len(got.Materials) != 1 || !got.Materials[0].Provided {
		t.Fatalf("resumed draft %+v", got)
	}

	r = s.must(http.StatusCreated, "POST", path+"/submit", wang, nil)
	sub := decodeAs[api.SubmittedCase](t, r)
	if len(sub.Number) != casework.CaseNumberLength || sub.CaseID == 0 || sub.State != "submitted" {
		t.Fatalf("submitted %+v", sub)
	}
	// Submitted is final: neither a second submit nor an edit goes through.
	s.must(http.StatusConflict, "POST", path+"/submit", wang, nil)
	s.must(http.StatusConflict, "PUT", path, wang, map[string]any{"form": map[string]string{}})
	if got := decodeAs[api.Application](t, s.must(http.StatusOK, "GET", path, wang, nil)); !got.Submitted {
		t.Fatal("the application is not marked submitted")
	}

	mine := decodeAs[api.List[api.MyCase]](t, s.must(http.StatusOK, "GET", "/api/v1/me/cases", wang, nil))
	if mine.Total != 1 || mine.Items[0].Number != sub.Number || mine.Items[0].ApplicationID != draft.ID || mine.Items[0].StateLabel == "" {
		t.Fatalf("my cases %+v, want %s", mine, sub.Number)
	}
	r = s.must(http.StatusOK, "GET", "/api/v1/me/cases/"+itoa(sub.CaseID), wang, nil)
	detail := decodeAs[api.MyCaseDetail](t, r)
	if detail.Number != sub.Number || len(detail.Events) == 0 || detail.Events[0].Action != casework.EventSubmit {
		t.Fatalf("case detail %+v", detail)
	}
	for _, body := range []string{string(r.Body), string(s.must(http.StatusOK, "GET", "/api/v1/me/cases", wang, nil).Body)} {
		if strings.Contains(body, wangIDNumber) || strings.Contains(body, wangPhone) {
			t.Errorf("an answer carries the applicant's ID or phone number: %s", body)
		}
	}
}

// Another citizen cannot see, change or submit the application, nor see the
// case (404: it does not exist for them); staff are refused the applicant
// routes (403); without a token the answer is 401.
func TestApplicationsAreTheApplicantsOwn(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	wang := s.personToken(wangIDNumber)
	draft := decodeAs[api.Application](t, s.must(http.StatusCreated, "POST", "/api/v1/applications", wang,
		map[string]any{"item_slug": "food-biz-license", "form": map[string]string{"contact_name": "王建国", "phone": "13900001111",
			"delivery_method": "online"}}))
	path := "/api/v1/applications/" + itoa(draft.ID)
	li := s.personToken(liIDNumber)
	s.must(http.StatusNotFound, "GET", path, li, nil)
	s.must(http.StatusNotFound, "PUT", path, li, map[string]any{"form": map[string]string{"x": "y"}})
	s.must(http.StatusNotFound, "POST", path+"/submit", li, nil)

	sub := decodeAs[api.SubmittedCase](t, s.must(http.StatusCreated, "POST", path+"/submit", wang, nil))
	casePath := "/api/v1/me/cases/" + itoa(sub.CaseID)
	s.must(http.StatusNotFound, "GET", casePath, li, nil)
	if l := decodeAs[api.List[api.MyCase]](t, s.must(http.StatusOK, "GET", "/api/v1/me/cases", li, nil)); l.Total != 0 || l.Items == nil {
		t.Fatalf("李春梅 sees %+v", l)
	}

	routes := []struct{ method, path, body string }{
		{"POST", "/api/v1/applications", `{"item_slug":"food-biz-license","form":{}}`},
		{"GET", path, ""},
		{"PUT", path, `{"form":{}}`},
		{"POST", path + "/submit", ""},
		{"GET", "/api/v1/me/cases", ""},
		{"GET", casePath, ""}, // the reviewer handles this very case, but not as its applicant
	}
	reviewer := s.staffToken("reviewer.scjg")
	for _, rt := range routes {
		var body any
		if rt.body != "" {
			body = rt.body
		}
		e := apiError(t, s.must(http.StatusForbidden, rt.method, rt.path, reviewer, body))
		if e.Error.Code != "forbidden" {
			t.Errorf("%s %s as staff: %+v", rt.method, rt.path, e)
		}
		s.must(http.StatusUnauthorized, rt.method, rt.path, "", body)
	}
}

// The item is named once, must exist, and must be open for online
// application, as on the web's 在线办理 form.
func TestCreateApplicationChecksTheItem(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	wang := s.personToken(wangIDNumber)
	for _, c := range []struct {
		body  string
		want  int
		field string
	}{
		{`{"form":{}}`, http.StatusUnprocessableEntity, "item_id"},
		{`{"item_id":1,"item_slug":"food-biz-license"}`, http.StatusUnprocessableEntity, "item_slug"},
		{`{"item_slug":"no-such-item"}`, http.StatusNotFound, ""},
		{`{"item_id":99999999}`, http.StatusNotFound, ""},
		{`{"item_slug":"id-card-apply"}`, http.StatusConflict, ""}, // 居民身份证申领: in person only
		{`{"item_slug":"food-biz-license","extra":1}`, http.StatusUnprocessableEntity, ""},
		{`{"item_slug":"food-biz-license","form":{"big":"` + strings.Repeat("长", 30000) + `"}}`, http.StatusUnprocessableEntity, "form"},
	} {
		e := apiError(t, s.must(c.want, "POST", "/api/v1/applications", wang, c.body))
		if c.field != "" && e.Error.Fields[c.field] == "" {
			t.Errorf("%.60s: no message for %s: %+v", c.body, c.field, e)
		}
	}
	s.must(http.StatusNotFound, "GET", "/api/v1/applications/abc", wang, nil)
	s.must(http.StatusNotFound, "GET", "/api/v1/me/cases/0", wang, nil)
}
