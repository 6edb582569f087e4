package api

import (
	"net/http"

	"github.com/tongban/tongban/internal/httpserver"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/calendar"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/rating"
)

// registerRatings adds 好差评: the applicant rates the services of their
// cases and lists their ratings; departments and supervisors work the
// rectification tasks of bad ratings; anyone reads the statistics. The
// rating module decides who sees and does what.
func (a *API) registerRatings(rt *httpserver.Router) {
	rt.Handle("GET", "/api/v1/me/cases/{id}/services", a.myCaseServices)
	rt.Handle("GET", "/api/v1/me/ratings", a.myRatings)
	rt.Handle("POST", "/api/v1/me/ratings", a.rate)
	rt.Handle("GET", "/api/v1/rectifications", a.rectifications)
	rt.Handle("GET", "/api/v1/rectifications/{id}", a.rectification)
	rt.Handle("POST", "/api/v1/rectifications/{id}/actions", a.rectificationAct)
	rt.Handle("GET", "/api/v1/ratings/stats", a.ratingStats)
}

// Rating is one rating of a service.
type Rating struct {
	ID         int64          `json:"id"`
	ServiceID  int64          `json:"service_id"`
	Number     int            `json:"number"` // 1 first, 2 follow-up (assessNumber)
	Level      int            `json:"level"`  // 1 非常不满意 … 5 非常满意
	Dimensions map[string]int `json:"dimensions"`
	Comment    string         `json:"comment"`
	Channel    int            `json:"channel"`
	RealName   bool           `json:"real_name"`
	Excluded   bool           `json:"excluded"`
	CreatedAt  string         `json:"created_at"`
	// Answer is the department's answer to a bad rating, once there is a task.
	Answer *RatingAnswer `json:"answer,omitempty"`
}

// RatingAnswer is where the rectification of a bad rating stands, as its
// rater sees it: the feedback appears once it is given.
type RatingAnswer struct {
	TaskID     int64  `json:"task_id"`
	State      string `json:"state"`
	DueOn      string `json:"due_on"`
	Resolution string `json:"resolution,omitempty"`
	Feedback   string `json:"feedback,omitempty"`
	FedBackAt  string `json:"fed_back_at,omitempty"`
}

func ratingOf(r rating.Rating, t *rating.Task) Rating {
	out := Rating{ID: r.ID, ServiceID: r.ServiceID, Number: r.Number, Level: int(r.Level), Dimensions: r.Dimensions,
		Comment: r.Comment, Channel: int(r.Channel), RealName: r.RealName, Excluded: r.Excluded, CreatedAt: timestamp(r.CreatedAt)}
	if out.Dimensions == nil {
		out.Dimensions = map[string]int{}
	}
	if t != nil {
		out.Answer = &RatingAnswer{TaskID: t.ID, State: t.State, DueOn: t.Due.String()}
		if !t.FedBackAt.IsZero() {
			out.Answer.Resolution, out.Answer.Feedback, out.Answer.FedBackAt = t.Resolution, t.Feedback, timestamp(t.FedBackAt)
		}
	}
	return out
}

// RatedService is a rateable service of the applicant's case, with the
// dimensions its rating takes and its ratings so far.
type RatedService struct {
	ID             int64    `json:"id"`
	Stage          string   `json:"stage"`
	Mode           string   `json:"mode"`
	CaseID         int64    `json:"case_id"`
	CaseNumber     string   `json:"case_number"`
	ItemID         int64    `json:"item_id"`
	ItemName       string   `json:"item_name"`
	DepartmentID   int64    `json:"department_id"`
	DepartmentName string   `json:"department_name"`
	HallName       string   `json:"hall_name,omitempty"`
	WindowName     string   `json:"window_name,omitempty"`
	StaffName      string   `json:"staff_name,omitempty"`
	At             string   `json:"at"`
	Dimensions     []string `json:"dimensions"`
	Ratings        []Rating `json:"ratings"`
	// NextNumber is the number the next rating would have; 0 when the
	// service has been rated and followed up.
	NextNumber int `json:"next_number"`
}

func ratedServiceOf(s rating.Rated) RatedService {
	out := RatedService{ID: s.ID, Stage: string(s.Stage), Mode: string(s.Mode), CaseID: s.CaseID, CaseNumber: s.CaseNumber,
		ItemID: s.ItemID, ItemName: s.ItemName, DepartmentID: s.DepartmentID, DepartmentName: s.DepartmentName,
		HallName: s.HallName, WindowName: s.WindowName, StaffName: s.StaffName, At: timestamp(s.At),
		Dimensions: rating.Dimensions(s.Mode), Ratings: []Rating{}, NextNumber: s.Next}
	for _, r := range s.Ratings {
		var t *rating.Task
		if task, ok := s.Tasks[r.ID]; ok {
			t = &task
		}
		out.Ratings = append(out.Ratings, ratingOf(r, t))
	}
	return out
}

// myCaseServices lists the services of the caller's case they may rate.
func (a *API) myCaseServices(w http.ResponseWriter, r *http.Request) error {
	if _, err := principal.RequirePerson(r.Context()); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := a.Cases.Case(r.Context(), id); err != nil {
		return err
	}
	cr, err := a.Ratings.OfCase(r.Context(), id)
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, allOf(cr.Services, ratedServiceOf))
}

// MyRating is one of the caller's ratings with what it rated.
type MyRating struct {
	Rating
	Stage      string `json:"stage"`
	CaseID     int64  `json:"case_id"`
	CaseNumber string `json:"case_number"`
	ItemName   string `json:"item_name"`
}

func (a *API) myRatings(w http.ResponseWriter, r *http.Request) error {
	rs, err := a.Ratings.Mine(r.Context())
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, allOf(rs, func(m rating.MyRating) MyRating {
		return MyRating{Rating: ratingOf(m.Rating, nil), Stage: string(m.Service.Stage), CaseID: m.Service.CaseID,
			CaseNumber: m.Service.CaseNumber, ItemName: m.Service.ItemName}
	}))
}

type rateInput struct {
	ServiceID  int64          `json:"service_id"`
	Level      int            `json:"level"`
	Dimensions map[string]int `json:"dimensions"`
	Comment    string         `json:"comment"`
	Channel    int            `json:"channel"`
}

// rate records the caller's rating (or follow-up) of a service of theirs.
// The channel defaults to mobile, the usual caller of this API.
func (a *API) rate(w http.ResponseWriter, r *http.Request) error {
	if _, err := principal.RequirePerson(r.Context()); err != nil {
		return err
	}
	var in rateInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if in.Channel == 0 {
		in.Channel = int(rating.ChannelMobile)
	}
	got, err := a.Ratings.Rate(r.Context(), in.ServiceID, rating.Input{Level: rating.Level(in.Level), Dimensions: in.Dimensions,
		Comment: in.Comment, Channel: rating.Channel(in.Channel)})
	if err != nil {
		return err
	}
	return encode(w, http.StatusCreated, ratingOf(got, nil))
}

// Rectification is a rectification task of a bad rating, as the department
// and supervisors see it. The rater is named by person_id alone.
type Rectification struct {
	ID                int64  `json:"id"`
	RatingID          int64  `json:"rating_id"`
	State             string `json:"state"`
	Level             int    `json:"level"`
	Comment           string `json:"comment"`
	RealName          bool   `json:"real_name"`
	PersonID          int64  `json:"person_id"`
	Stage             string `json:"stage"`
	CaseID            int64  `json:"case_id"`
	CaseNumber        string `json:"case_number"`
	ItemName          string `json:"item_name"`
	RegionCode        string `json:"region_code"`
	DepartmentID      int64  `json:"department_id"`
	DepartmentName    string `json:"department_name"`
	StaffName         string `json:"staff_name,omitempty"`
	RatedAt           string `json:"rated_at"`
	OpenedOn          string `json:"opened_on"`
	Workdays          int    `json:"workdays"`
	DueOn             string `json:"due_on"`
	Provisional       bool   `json:"provisional"`
	Paused            bool   `json:"paused"`
	Light             string `json:"light,omitempty"`
	Finding           string `json:"finding,omitempty"`
	Resolution        string `json:"resolution,omitempty"`
	ResolutionText    string `json:"resolution_text,omitempty"`
	Feedback          string `json:"feedback,omitempty"`
	FedBackAt         string `json:"fed_back_at,omitempty"`
	CallbackAttempts  int    `json:"callback_attempts"`
	CallbackReached   bool   `json:"callback_reached"`
	CallbackSatisfied bool   `json:"callback_satisfied"`
	CallbackNote      string `json:"callback_note,omitempty"`
	CalledBackAt      string `json:"called_back_at,omitempty"`
	AppealReason      string `json:"appeal_reason,omitempty"`
	ReviewOutcome     string `json:"review_outcome,omitempty"`
	ReviewOpinion     string `json:"review_opinion,omitempty"`
	ClosedOn          string `json:"closed_on,omitempty"`
}

func rectificationOf(t rating.TaskRow) Rectification {
	out := Rectification{ID: t.ID, RatingID: t.RatingID, State: t.State, Level: int(t.Level), Comment: t.Comment,
		RealName: t.RealName, PersonID: t.PersonID, Stage: string(t.Stage), CaseID: t.CaseID, CaseNumber: t.CaseNumber,
		ItemName: t.ItemName, RegionCode: t.RegionCode, DepartmentID: t.DepartmentID, DepartmentName: t.DepartmentName,
		StaffName: t.StaffName, RatedAt: timestamp(t.RatedAt), OpenedOn: t.Clock.Opened.String(), Workdays: t.Clock.Workdays,
		DueOn: t.Due.String(), Provisional: t.Provisional, Paused: t.Clock.Paused(), Light: string(t.Light),
		Finding: t.Finding, Resolution: t.Resolution, ResolutionText: t.ResolutionText, Feedback: t.Feedback,
		FedBackAt: timestamp(t.FedBackAt), CallbackAttempts: t.CallbackAttempts, CallbackReached: t.CallbackReached,
		CallbackSatisfied: t.CallbackSatisfied, CallbackNote: t.CallbackNote, CalledBackAt: timestamp(t.CalledBackAt),
		AppealReason: t.AppealReason, ReviewOutcome: t.ReviewOutcome, ReviewOpinion: t.ReviewOpinion}
	if t.ClosedOn != (calendar.Date{}) {
		out.ClosedOn = t.ClosedOn.String()
	}
	return out
}

// RectificationStep is one entry of a task's history.
type RectificationStep struct {
	At        string            `json:"at"`
	Action    string            `json:"action"`
	ActorID   int64             `json:"actor_id,omitempty"`
	ActorName string            `json:"actor_name,omitempty"`
	Text      string            `json:"text,omitempty"`
	Detail    map[string]string `json:"detail,omitempty"`
}

// RectificationView is a task with its history and the caller's next actions.
type RectificationView struct {
	Rectification
	Steps   []RectificationStep `json:"steps"`
	Actions []string            `json:"actions"`
}

func rectificationViewOf(v rating.TaskView) RectificationView {
	out := RectificationView{Rectification: rectificationOf(v.TaskRow), Steps: []RectificationStep{}, Actions: v.Actions}
	if out.Actions == nil {
		out.Actions = []string{}
	}
	for _, s := range v.Steps {
		out.Steps = append(out.Steps, RectificationStep{At: timestamp(s.At), Action: s.Action, ActorID: s.ActorID,
			ActorName: s.ActorName, Text: s.Text, Detail: s.Detail})
	}
	return out
}

// rectifications lists the caller's task inbox.
func (a *API) rectifications(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	limit, offset, err := page(q)
	if err != nil {
		return err
	}
	closed, err := queryBool(q, "include_closed")
	if err != nil {
		return err
	}
	ts, total, err := a.Ratings.Tasks(r.Context(), rating.TaskQuery{State: q.Get("state"), IncludeClosed: closed, Limit: limit, Offset: offset})
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, listOf(ts, total, rectificationOf))
}

func (a *API) rectification(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := a.Ratings.Task(r.Context(), id)
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, rectificationViewOf(v))
}

type rectificationInput struct {
	Action     string `json:"action"`
	Text       string `json:"text"`
	Resolution string `json:"resolution"`
	Reached    bool   `json:"reached"`
	Satisfied  bool   `json:"satisfied"`
}

// rectificationAct takes one step of a task and answers the task as it is now.
func (a *API) rectificationAct(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := principal.RequireStaff(r.Context()); err != nil {
		return err
	}
	var in rectificationInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if _, err := a.Ratings.Act(r.Context(), id, rating.Step{Action: in.Action, Text: in.Text, Resolution: in.Resolution,
		Reached: in.Reached, Satisfied: in.Satisfied}); err != nil {
		return err
	}
	v, err := a.Ratings.Task(r.Context(), id)
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, rectificationViewOf(v))
}

// StatsRow is one row of the satisfaction statistics.
type StatsRow struct {
	ID           int64    `json:"id,omitempty"`
	Name         string   `json:"name,omitempty"`
	Department   string   `json:"department,omitempty"`
	Count        int      `json:"count"`
	ByLevel      [5]int   `json:"by_level"` // counts of levels 1…5
	Bad          int      `json:"bad"`
	Satisfaction *float64 `json:"satisfaction"` // share of levels 3–5; null with no ratings
	Average      *float64 `json:"average"`      // mean level; null with no ratings
}

// RatingStats are the public satisfaction statistics of a period.
type RatingStats struct {
	From        string     `json:"from"`
	To          string     `json:"to"`
	Region      string     `json:"region"`
	Total       StatsRow   `json:"total"`
	Departments []StatsRow `json:"departments"`
	Items       []StatsRow `json:"items"`
}

func optional(v float64, ok bool) *float64 {
	if !ok {
		return nil
	}
	return &v
}

func statsRowOf(r rating.StatsRow) StatsRow {
	out := StatsRow{ID: r.ID, Name: r.Name, Department: r.Department, Count: r.Total(), Bad: r.Bad(),
		Satisfaction: optional(r.Satisfaction()), Average: optional(r.Average())}
	copy(out.ByLevel[:], r.ByLevel[1:])
	return out
}

// ratingStats answers the public statistics; from and to are optional dates.
func (a *API) ratingStats(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var p rating.Period
	for name, dst := range map[string]*calendar.Date{"from": &p.From, "to": &p.To} {
		if v := q.Get(name); v != "" {
			d, err := calendar.ParseDate(v)
			if err != nil {
				return apperr.Field(name, "form.date")
			}
			*dst = d
		}
	}
	s, err := a.Ratings.Stats(r.Context(), rating.StatsFilter{Period: p, RegionPrefix: a.HomeRegion})
	if err != nil {
		return err
	}
	out := RatingStats{From: s.From.String(), To: s.To.String(), Region: s.RegionPrefix,
		Total: statsRowOf(rating.StatsRow{Counts: s.Total}), Departments: []StatsRow{}, Items: []StatsRow{}}
	for _, d := range s.Departments {
		out.Departments = append(out.Departments, statsRowOf(d))
	}
	for _, it := range s.Items {
		out.Items = append(out.Items, statsRowOf(it))
	}
	return encode(w, http.StatusOK, out)
}
