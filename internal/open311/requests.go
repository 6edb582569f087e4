package open311

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tongban/tongban/internal/hotline"
	"github.com/tongban/tongban/internal/platform/apperr"
)

// chinaTime is the zone the endpoint's datetimes are written in; the
// specification wants an explicit offset, and the hotline's days are China's.
var chinaTime = time.FixedZone("CST", 8*3600)

// Listing bounds from the specification: without dates, the last 90 days;
// never more than 1000 requests.
const (
	defaultDays = 90
	maxRequests = 1000
)

// requests lists the requests filed through Open311, filtered as the
// specification describes: by IDs (which overrides every other filter), or
// by service code, dates and status.
func (s *Server) requests(c call) (answer, error) {
	q := c.r.Form
	f := hotline.PublicFilter{Limit: maxRequests}
	if ids := splitList(q.Get("service_request_id")); len(ids) > 0 {
		f.Numbers = ids
	} else {
		f.ClassCode = strings.TrimSpace(q.Get("service_code"))
		var bad []apiError
		for name, dst := range map[string]*time.Time{"start_date": &f.From, "end_date": &f.To} {
			if v := strings.TrimSpace(q.Get(name)); v != "" {
				t, err := time.Parse(time.RFC3339, v)
				if err != nil {
					bad = append(bad, apiError{Code: http.StatusBadRequest, Description: name + ": " + s.t(c.r, "open311.datetime")})
				}
				*dst = t
			}
		}
		if bad != nil {
			return answer{status: http.StatusBadRequest, problems: bad}, nil
		}
		if f.From.IsZero() && f.To.IsZero() {
			f.From = time.Now().AddDate(0, 0, -defaultDays)
		}
		if st := splitList(q.Get("status")); len(st) == 1 {
			open := st[0] == "open"
			if !open && st[0] != "closed" {
				return problem(http.StatusBadRequest, "status: "+s.t(c.r, "open311.status")), nil
			}
			f.Open = &open
		}
	}
	ts, err := s.Hotline.PublicRequests(c.r.Context(), f)
	if err != nil {
		return answer{}, err
	}
	return s.requestAnswer(c, ts), nil
}

// request is one request, as a list of one.
func (s *Server) request(c call) (answer, error) {
	ts, err := s.Hotline.PublicRequests(c.r.Context(), hotline.PublicFilter{Numbers: []string{c.id}, Limit: 1})
	if err != nil {
		return answer{}, err
	}
	if len(ts) == 0 {
		return problem(http.StatusNotFound, s.t(c.r, "open311.request_id", c.id)), nil
	}
	return s.requestAnswer(c, ts), nil
}

func (s *Server) requestAnswer(c call, ts []hotline.Ticket) answer {
	list := make([]request, 0, len(ts))
	for _, t := range ts {
		list = append(list, s.requestOf(c, t))
	}
	return answer{json: list, xml: requestList{Requests: list}}
}

// requestOf is a ticket as the specification describes a request. The
// status notes are the reply once there is one, else where the ticket is.
func (s *Server) requestOf(c call, t hotline.Ticket) request {
	rq := request{ID: t.Number, Status: "open", ServiceName: lastName(t.ClassName), ServiceCode: t.ClassCode,
		Description: t.Content, AgencyResponsible: t.DepartmentName, RequestedDatetime: datetime(t.CreatedAt),
		UpdatedDatetime: datetime(t.UpdatedAt), Address: t.Address, StatusNotes: s.t(c.r, "hotline.state."+string(t.State))}
	if !hotline.PublicOpen(t) {
		rq.Status = "closed"
	}
	if t.Reply != "" {
		rq.StatusNotes = t.Reply
	}
	if t.State.Open() {
		rq.ExpectedDatetime = endOfDay(t.HandleDue.String())
		rq.ServiceNotice = s.t(c.r, "open311.notice", t.HandleDue.String())
	}
	if t.HasCoords {
		lat, lng := t.Lat, t.Lng
		rq.Lat, rq.Long = &lat, &lng
	}
	return rq
}

// lastName is the leaf of a class path such as 市场监管/食品安全.
func lastName(path string) string {
	if i := strings.LastIndex(path, "/"); i >= 0 {
		return path[i+1:]
	}
	return path
}

// datetime writes an instant as the specification's w3c datetime, in China time.
func datetime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(chinaTime).Format(time.RFC3339)
}

// endOfDay is the last second of a due date in China time.
func endOfDay(date string) string {
	if date == "" {
		return ""
	}
	return date + "T23:59:59+08:00"
}

// splitList reads a comma-delimited parameter.
func splitList(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// create files a ticket for a client holding an API key. The location is
// the township attribute (which decides where the ticket is dispatched),
// with the address or coordinates the specification requires.
func (s *Server) create(c call) (answer, error) {
	q := c.r.PostForm
	key := strings.TrimSpace(q.Get("api_key"))
	if key == "" {
		return problem(http.StatusForbidden, s.t(c.r, "hotline.open311.api_key")), nil
	}
	code := strings.TrimSpace(q.Get("service_code"))
	if code == "" {
		return problem(http.StatusBadRequest, "service_code: "+s.t(c.r, "form.required")), nil
	}
	classes, err := s.Hotline.Classes(c.r.Context())
	if err != nil {
		return answer{}, err
	}
	cl, ok := leaf(classes, code)
	if !ok {
		return problem(http.StatusBadRequest, s.t(c.r, "open311.service_code", code)), nil
	}
	in, bad := s.intake(c, cl)
	if bad != nil {
		return answer{status: http.StatusBadRequest, problems: bad}, nil
	}
	t, err := s.Hotline.FileByAPI(c.r.Context(), key, in)
	if apperr.KindOf(err) == apperr.Forbidden {
		return problem(http.StatusForbidden, s.t(c.r, "hotline.open311.api_key")), nil
	} else if err != nil {
		return answer{}, err
	}
	out := []created{{ID: t.Number, Notice: s.t(c.r, "open311.notice", t.HandleDue.String())}}
	return answer{status: http.StatusCreated, json: out, xml: createdList{Requests: out}}, nil
}

// intake reads a POST into a ticket's intake, reporting what the
// specification's own rules refuse (no location, bad coordinates).
func (s *Server) intake(c call, cl hotline.Class) (hotline.Intake, []apiError) {
	q := c.r.PostForm
	in := hotline.Intake{Category: hotline.Category(q.Get("attribute[" + attrCategory + "]")), ClassCode: cl.Code,
		RegionCode: strings.TrimSpace(q.Get("attribute[" + attrTownship + "]")), Village: q.Get("attribute[" + attrVillage + "]"),
		Address: strings.TrimSpace(q.Get("address_string")), Content: strings.TrimSpace(q.Get("description")),
		CallerName: strings.TrimSpace(q.Get("last_name") + q.Get("first_name")), CallerPhone: q.Get("phone")}
	var bad []apiError
	fail := func(field, key string) {
		bad = append(bad, apiError{Code: http.StatusBadRequest, Description: field + ": " + s.t(c.r, key)})
	}
	latS, lngS := strings.TrimSpace(q.Get("lat")), strings.TrimSpace(q.Get("long"))
	if latS != "" || lngS != "" {
		lat, err1 := strconv.ParseFloat(latS, 64)
		lng, err2 := strconv.ParseFloat(lngS, 64)
		if err1 != nil || err2 != nil {
			fail("lat/long", "hotline.coords")
		}
		in.Lat, in.Lng, in.HasCoords = lat, lng, true
	}
	if !in.HasCoords && in.Address == "" && strings.TrimSpace(q.Get("address_id")) == "" {
		fail("lat/long, address_string, address_id", "open311.location")
	}
	if in.Content == "" {
		in.Content = cl.Name // a report may be just a place and a kind of problem
	}
	in.Title = cl.Name
	if first := firstLine(in.Content); first != cl.Name {
		in.Title = truncate(cl.Name+"："+first, 100)
	}
	if media := strings.TrimSpace(q.Get("media_url")); media != "" {
		in.Content += "\n" + media
	}
	return in, bad
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return strings.TrimSpace(line)
}

// truncate cuts s to n characters.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
