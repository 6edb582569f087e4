package open311_test

// Contract tests written from the Open311 GeoReport v2 specification
// (wiki.open311.org/GeoReport_v2): the resources, their field names and
// types, the XML root and element names, the error list in both formats,
// and well-formed XML checked by xmllint.

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tongban/tongban/internal/app"
	"github.com/tongban/tongban/internal/hotline"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/testkit"
)

type client struct {
	t   *testing.T
	a   *app.App
	url string
}

func newClient(t *testing.T) client {
	t.Helper()
	a, srv := testkit.DemoServer(t)
	return client{t: t, a: a, url: srv.URL + "/open311/v2/"}
}

type reply struct {
	status int
	ctype  string
	body   []byte
}

func (c client) do(req *http.Request) reply {
	c.t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return reply{status: res.StatusCode, ctype: res.Header.Get("Content-Type"), body: b}
}

func (c client) get(path string) reply {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.url+path, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	return c.do(req)
}

// post sends a form the way the specification describes POST requests.
func (c client) post(path string, form url.Values) reply {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.url+path, strings.NewReader(form.Encode()))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// key issues an API key as the county's administrator would.
func (c client) key() string {
	c.t.Helper()
	admin := testkit.AsStaff(context.Background(), 1, principal.SystemAdmin, "620825", 0)
	_, plain, err := c.a.Hotline.IssueKey(admin, "测试客户端")
	if err != nil {
		c.t.Fatal(err)
	}
	return plain
}

// jsonOf decodes a JSON answer, checking its media type.
func jsonOf[T any](t *testing.T, r reply, status int) T {
	t.Helper()
	if r.status != status || !strings.HasPrefix(r.ctype, "application/json") {
		t.Fatalf("status %d %q, want %d JSON\n%s", r.status, r.ctype, status, r.body)
	}
	var v T
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("%v\n%s", err, r.body)
	}
	return v
}

// wellFormed checks an XML answer: its media type, the UTF-8 declaration
// the specification requires, and xmllint's verdict.
func wellFormed(t *testing.T, r reply, status int) {
	t.Helper()
	if r.status != status || !strings.HasPrefix(r.ctype, "text/xml") {
		t.Fatalf("status %d %q, want %d XML\n%s", r.status, r.ctype, status, r.body)
	}
	if !strings.HasPrefix(string(r.body), `<?xml version="1.0" encoding="UTF-8"?>`) {
		t.Errorf("no XML declaration with the UTF-8 encoding: %.60q", r.body)
	}
	lint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Log("xmllint is not installed (apt-get install libxml2-utils): well-formedness checked by encoding/xml only")
		if err := xml.Unmarshal(r.body, new(struct{})); err != nil {
			t.Errorf("not well-formed: %v", err)
		}
		return
	}
	cmd := exec.Command(lint, "--noout", "-")
	cmd.Stdin = strings.NewReader(string(r.body))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("xmllint: %v\n%s\n%s", err, out, r.body)
	}
}

// keys are the field names of a JSON object, sorted.
func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func sameKeys(t *testing.T, what string, m map[string]any, want ...string) {
	t.Helper()
	slices.Sort(want)
	if got := keys(m); !slices.Equal(got, want) {
		t.Errorf("%s has fields %v, want %v", what, got, want)
	}
}

func wantType[T any](t *testing.T, what string, v any) {
	t.Helper()
	if _, ok := v.(T); !ok {
		t.Errorf("%s is %T (%v)", what, v, v)
	}
}

// The XML documents as the specification names their elements.
type xmlServices struct {
	XMLName  xml.Name `xml:"services"`
	Services []struct {
		Code        string `xml:"service_code"`
		Name        string `xml:"service_name"`
		Description string `xml:"description"`
		Metadata    string `xml:"metadata"`
		Type        string `xml:"type"`
		Keywords    string `xml:"keywords"`
		Group       string `xml:"group"`
	} `xml:"service"`
}

type xmlDefinition struct {
	XMLName    xml.Name `xml:"service_definition"`
	Code       string   `xml:"service_code"`
	Attributes []struct {
		Variable            string  `xml:"variable"`
		Code                string  `xml:"code"`
		Datatype            string  `xml:"datatype"`
		Required            string  `xml:"required"`
		Order               string  `xml:"order"`
		Description         string  `xml:"description"`
		DatatypeDescription *string `xml:"datatype_description"`
		Values              []struct {
			Key  string `xml:"key"`
			Name string `xml:"name"`
		} `xml:"values>value"`
	} `xml:"attributes>attribute"`
}

type xmlRequests struct {
	XMLName  xml.Name `xml:"service_requests"`
	Requests []struct {
		ID                string  `xml:"service_request_id"`
		Status            string  `xml:"status"`
		ServiceCode       string  `xml:"service_code"`
		ServiceNotice     string  `xml:"service_notice"`
		AccountID         *string `xml:"account_id"`
		RequestedDatetime string  `xml:"requested_datetime"`
		AgencyResponsible string  `xml:"agency_responsible"`
		StatusNotes       string  `xml:"status_notes"`
	} `xml:"request"`
}

type xmlErrors struct {
	XMLName xml.Name `xml:"errors"`
	Errors  []struct {
		Code        int    `xml:"code"`
		Description string `xml:"description"`
	} `xml:"error"`
}

func fromXML[T any](t *testing.T, r reply, status int) T {
	t.Helper()
	wellFormed(t, r, status)
	var v T
	if err := xml.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("%v\n%s", err, r.body)
	}
	return v
}

// wantErrors checks the specification's error list in both formats.
func wantErrors(t *testing.T, c client, method, path string, form url.Values, status int) {
	t.Helper()
	for _, f := range []string{"json", "xml"} {
		p := strings.Replace(path, "{f}", f, 1)
		var r reply
		if method == http.MethodPost {
			r = c.post(p, form)
		} else {
			r = c.get(p)
		}
		if f == "json" {
			list := jsonOf[[]map[string]any](t, r, status)
			if len(list) == 0 {
				t.Fatalf("%s %s: an empty error list", method, p)
			}
			for _, e := range list {
				sameKeys(t, "an error", e, "code", "description")
				if code, _ := e["code"].(float64); int(code) != status {
					t.Errorf("%s %s: error code %v, want %d", method, p, e["code"], status)
				}
				wantType[string](t, "description", e["description"])
			}
			continue
		}
		errs := fromXML[xmlErrors](t, r, status)
		if len(errs.Errors) == 0 || errs.Errors[0].Code != status || errs.Errors[0].Description == "" {
			t.Errorf("%s %s: %+v", method, p, errs)
		}
	}
}

func TestServiceList(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	list := jsonOf[[]map[string]any](t, c.get("services.json?jurisdiction_id=620825"), http.StatusOK)
	if len(list) < 10 {
		t.Fatalf("%d services", len(list))
	}
	var food map[string]any
	for _, s := range list {
		sameKeys(t, "a service", s, "service_code", "service_name", "description", "metadata", "type", "keywords", "group")
		wantType[string](t, "service_code", s["service_code"])
		wantType[bool](t, "metadata", s["metadata"])
		if typ := s["type"]; typ != "realtime" && typ != "batch" && typ != "blackbox" {
			t.Errorf("type %v", typ)
		}
		if s["service_code"] == "0101" {
			food = s
		}
	}
	if food == nil || food["service_name"] != "食品安全" || food["group"] != "市场监管" || food["metadata"] != true {
		t.Errorf("the 食品安全 service: %v", food)
	}
	doc := fromXML[xmlServices](t, c.get("services.xml"), http.StatusOK)
	if len(doc.Services) != len(list) || doc.Services[0].Code == "" || doc.Services[0].Metadata != "true" {
		t.Errorf("XML services: %d vs %d, first %+v", len(doc.Services), len(list), doc.Services[0])
	}
	wantErrors(t, c, http.MethodGet, "services.{f}?jurisdiction_id=620826", nil, http.StatusNotFound)
}

func TestServiceDefinition(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	def := jsonOf[map[string]any](t, c.get("services/0101.json"), http.StatusOK)
	sameKeys(t, "a definition", def, "service_code", "attributes")
	attrs, _ := def["attributes"].([]any)
	if def["service_code"] != "0101" || len(attrs) != 3 {
		t.Fatalf("definition: %v", def)
	}
	datatypes := []string{"string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"}
	for _, a := range attrs {
		m := a.(map[string]any)
		for _, k := range []string{"variable", "code", "datatype", "required", "datatype_description", "order", "description"} {
			if _, ok := m[k]; !ok {
				t.Errorf("attribute %v has no %s", m["code"], k)
			}
		}
		wantType[bool](t, "variable", m["variable"])
		wantType[bool](t, "required", m["required"])
		wantType[float64](t, "order", m["order"])
		if !slices.Contains(datatypes, m["datatype"].(string)) {
			t.Errorf("datatype %v", m["datatype"])
		}
		if m["datatype"] == "singlevaluelist" {
			values, _ := m["values"].([]any)
			if len(values) == 0 {
				t.Errorf("list %v without values", m["code"])
			}
			for _, v := range values {
				sameKeys(t, "a value", v.(map[string]any), "key", "name")
			}
		}
	}
	doc := fromXML[xmlDefinition](t, c.get("services/0101.xml"), http.StatusOK)
	if doc.Code != "0101" || len(doc.Attributes) != 3 || doc.Attributes[0].Code != "category" || doc.Attributes[0].Required != "true" ||
		len(doc.Attributes[0].Values) != 6 || doc.Attributes[0].Values[2].Key != "complaint" || doc.Attributes[0].Values[2].Name != "投诉" {
		t.Errorf("XML definition: %+v", doc)
	}
	townships := doc.Attributes[1].Values
	if !slices.ContainsFunc(townships, func(v struct {
		Key  string `xml:"key"`
		Name string `xml:"name"`
	}) bool {
		return v.Key == "620825101" && v.Name == "南湖镇"
	}) {
		t.Errorf("南湖镇 is not a township value: %+v", townships)
	}
	wantErrors(t, c, http.MethodGet, "services/9999.{f}", nil, http.StatusNotFound)
	wantErrors(t, c, http.MethodGet, "services/0101.{f}?jurisdiction_id=110101", nil, http.StatusNotFound)
}

// aReport is a POST request's form for a 南湖镇 food complaint.
func aReport(key string) url.Values {
	return url.Values{"api_key": {key}, "jurisdiction_id": {"620825"}, "service_code": {"0101"}, "lat": {"35.2"}, "long": {"106.0"},
		"address_string": {"南湖镇街道 12 号"}, "description": {"超市出售过期面包。"}, "first_name": {"秀兰"}, "last_name": {"张"},
		"attribute[category]": {"complaint"}, "attribute[township]": {"620825101"}, "attribute[village]": {"南湖村"}}
}

func TestPostRequest(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	key := c.key()
	wantErrors(t, c, http.MethodPost, "requests.{f}", aReport(""), http.StatusForbidden)
	wantErrors(t, c, http.MethodPost, "requests.{f}", aReport("tb311_not-a-key"), http.StatusForbidden)
	noPlace := aReport(key)
	noPlace.Del("lat")
	noPlace.Del("long")
	noPlace.Del("address_string")
	wantErrors(t, c, http.MethodPost, "requests.{f}", noPlace, http.StatusBadRequest)
	badAttr := aReport(key)
	badAttr.Set("attribute[township]", "110101001")
	wantErrors(t, c, http.MethodPost, "requests.{f}", badAttr, http.StatusBadRequest)
	otherPlace := aReport(key)
	otherPlace.Set("jurisdiction_id", "620826")
	wantErrors(t, c, http.MethodPost, "requests.{f}", otherPlace, http.StatusNotFound)

	created := jsonOf[[]map[string]any](t, c.post("requests.json", aReport(key)), http.StatusCreated)
	if len(created) != 1 {
		t.Fatalf("%d answers", len(created))
	}
	sameKeys(t, "a created request", created[0], "service_request_id", "service_notice", "account_id")
	if created[0]["account_id"] != nil {
		t.Errorf("account_id %v, want null", created[0]["account_id"])
	}
	wantType[string](t, "service_request_id", created[0]["service_request_id"])
	doc := fromXML[xmlRequests](t, c.post("requests.xml", aReport(key)), http.StatusCreated)
	if len(doc.Requests) != 1 || doc.Requests[0].ID == "" || doc.Requests[0].AccountID == nil || doc.Requests[0].ServiceNotice == "" {
		t.Errorf("XML created request: %+v", doc)
	}
	// The ticket is an online ticket of the hotline, dispatched like any other.
	tk, err := c.a.Store.TicketByNumber(context.Background(), created[0]["service_request_id"].(string))
	if err != nil {
		t.Fatal(err)
	}
	if tk.Channel != hotline.Open311 || tk.Category != hotline.Complaint || tk.RegionCode != "620825101" || tk.CallerName != "张秀兰" || !tk.HasCoords {
		t.Errorf("the ticket: %+v", tk)
	}
}

func TestGetRequests(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	key := c.key()
	id := jsonOf[[]map[string]any](t, c.post("requests.json", aReport(key)), http.StatusCreated)[0]["service_request_id"].(string)
	other := jsonOf[[]map[string]any](t, c.post("requests.json", aReport(key)), http.StatusCreated)[0]["service_request_id"].(string)
	// A phone call is a ticket too, but never public.
	operator := testkit.AsStaff(context.Background(), 1, principal.HotlineOperator, "620825", 0)
	call, err := c.a.Hotline.RecordCall(operator, hotline.Intake{Category: hotline.Complaint, ClassCode: "0101", Title: "来电", Content: "来电内容",
		CallerName: "李四", CallerPhone: "13900006666", RegionCode: "620825101"})
	if err != nil {
		t.Fatal(err)
	}

	list := jsonOf[[]map[string]any](t, c.get("requests.json?service_request_id="+id+","+call.Number), http.StatusOK)
	if len(list) != 1 {
		t.Fatalf("requests by ID: %v", list)
	}
	r := list[0]
	sameKeys(t, "a request", r, "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
		"agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime", "address",
		"address_id", "zipcode", "lat", "long", "media_url")
	if r["service_request_id"] != id || r["status"] != "open" || r["service_code"] != "0101" || r["service_name"] != "食品安全" {
		t.Errorf("request: %v", r)
	}
	wantType[float64](t, "lat", r["lat"])
	for _, k := range []string{"requested_datetime", "updated_datetime", "expected_datetime"} {
		s, _ := r[k].(string)
		if _, err := time.Parse(time.RFC3339, s); err != nil || !strings.HasSuffix(s, "+08:00") {
			t.Errorf("%s %q is not a w3c datetime with its offset", k, s)
		}
	}

	// Through the loop to its conclusion: the request is closed, with the reply.
	tk, err := c.a.Store.TicketByNumber(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	market, err := c.a.Store.GetDepartmentBySlug(context.Background(), "market-regulation")
	if err != nil {
		t.Fatal(err)
	}
	reviewer := testkit.AsStaff(context.Background(), 2, principal.Reviewer, "620825", market.ID)
	for _, step := range []struct {
		ctx context.Context
		a   hotline.Action
	}{
		{operator, hotline.Action{Kind: hotline.ActDispatch, ByRule: true}},
		{reviewer, hotline.Action{Kind: hotline.ActSign}},
		{reviewer, hotline.Action{Kind: hotline.ActReply, Text: "已责令下架。"}},
		{operator, hotline.Action{Kind: hotline.ActConclude}},
	} {
		if _, err := c.a.Hotline.Act(step.ctx, tk.ID, step.a); err != nil {
			t.Fatalf("%s: %v", step.a.Kind, err)
		}
	}
	one := fromXML[xmlRequests](t, c.get("requests/"+id+".xml"), http.StatusOK)
	if len(one.Requests) != 1 || one.Requests[0].Status != "closed" || one.Requests[0].StatusNotes != "已责令下架。" ||
		one.Requests[0].AgencyResponsible != "县市场监管局" {
		t.Errorf("concluded request: %+v", one)
	}
	closed := jsonOf[[]map[string]any](t, c.get("requests.json?status=closed"), http.StatusOK)
	open := jsonOf[[]map[string]any](t, c.get("requests.json?status=open&service_code=0101"), http.StatusOK)
	if len(closed) != 1 || closed[0]["service_request_id"] != id || len(open) != 1 || open[0]["service_request_id"] != other {
		t.Errorf("by status: closed %v open %v", closed, open)
	}
	all := fromXML[xmlRequests](t, c.get("requests.xml?start_date="+url.QueryEscape(time.Now().Add(-time.Hour).Format(time.RFC3339))), http.StatusOK)
	if len(all.Requests) != 2 {
		t.Errorf("since an hour ago: %d requests, want the 2 filed through Open311", len(all.Requests))
	}
	future := jsonOf[[]map[string]any](t, c.get("requests.json?start_date="+url.QueryEscape(time.Now().Add(time.Hour).Format(time.RFC3339))), http.StatusOK)
	if len(future) != 0 {
		t.Errorf("requests from the future: %v", future)
	}
	wantErrors(t, c, http.MethodGet, "requests.{f}?start_date=yesterday", nil, http.StatusBadRequest)
	wantErrors(t, c, http.MethodGet, "requests/"+call.Number+".{f}", nil, http.StatusNotFound)
	wantErrors(t, c, http.MethodGet, "requests/"+id+".{f}?jurisdiction_id=620826", nil, http.StatusNotFound)
}
