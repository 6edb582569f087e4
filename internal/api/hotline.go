package api

import (
	"net/http"
	"slices"
	"strings"

	"github.com/tongban/tongban/internal/hotline"
	"github.com/tongban/tongban/internal/httpserver"
	"github.com/tongban/tongban/internal/platform/principal"
)

// registerHotline adds the 12345 ticket API: the staff inbox, one ticket,
// the loop's actions, intake (an operator's call or a citizen's online
// request) and the knowledge base. The hotline module decides who sees and
// does what; Open311 clients use /open311/v2/ instead.
func (a *API) registerHotline(rt *httpserver.Router) {
	rt.Handle("GET", "/api/v1/tickets", a.ticketInbox)
	rt.Handle("POST", "/api/v1/tickets", a.fileTicket)
	rt.Handle("GET", "/api/v1/tickets/{id}", a.ticketDetail)
	rt.Handle("POST", "/api/v1/tickets/{id}/actions", a.ticketAct)
	rt.Handle("GET", "/api/v1/hotline/articles", a.hotlineArticles)
}

// Ticket is a 12345 ticket. Staff get the caller's name and phone masked;
// the citizen who filed it gets them as given.
type Ticket struct {
	ID             int64    `json:"id"`
	Number         string   `json:"number"`
	Channel        string   `json:"channel"`
	Category       string   `json:"category"`
	ClassCode      string   `json:"class_code"`
	ClassName      string   `json:"class_name"`
	Title          string   `json:"title"`
	Content        string   `json:"content"`
	CallerName     string   `json:"caller_name,omitempty"`
	CallerPhone    string   `json:"caller_phone,omitempty"`
	RegionCode     string   `json:"region_code"`
	Village        string   `json:"village,omitempty"`
	Address        string   `json:"address,omitempty"`
	Lat            *float64 `json:"lat,omitempty"`
	Lng            *float64 `json:"lng,omitempty"`
	State          string   `json:"state"`
	Round          int      `json:"round"`
	DepartmentID   int64    `json:"department_id,omitempty"`
	DepartmentName string   `json:"department_name,omitempty"`
	MergedInto     int64    `json:"merged_into,omitempty"`
	ReceivedOn     string   `json:"received_on"`
	SignDue        string   `json:"sign_due,omitempty"`
	HandleDue      string   `json:"handle_due"`
	Light          string   `json:"light,omitempty"`
	SignLight      string   `json:"sign_light,omitempty"`
	Reply          string   `json:"reply,omitempty"`
	Satisfaction   string   `json:"satisfaction,omitempty"`
	Urges          int      `json:"urges"`
	Returns        int      `json:"returns"`
	CreatedAt      string   `json:"created_at"`
	UpdatedAt      string   `json:"updated_at"`
}

func ticketOf(t hotline.Ticket, light, signLight string) Ticket {
	out := Ticket{ID: t.ID, Number: t.Number, Channel: string(t.Channel), Category: string(t.Category), ClassCode: t.ClassCode,
		ClassName: t.ClassName, Title: t.Title, Content: t.Content, CallerName: t.CallerName, CallerPhone: t.CallerPhone,
		RegionCode: t.RegionCode, Village: t.Village, Address: t.Address, State: string(t.State), Round: t.Round,
		DepartmentID: t.DepartmentID, DepartmentName: t.DepartmentName, MergedInto: t.MergedInto, ReceivedOn: t.ReceivedOn.String(),
		HandleDue: t.HandleDue.String(), Light: light, SignLight: signLight, Reply: t.Reply, Satisfaction: string(t.Satisfaction),
		Urges: t.Urges, Returns: t.Returns, CreatedAt: timestamp(t.CreatedAt), UpdatedAt: timestamp(t.UpdatedAt)}
	if t.State == hotline.Dispatched {
		out.SignDue = t.SignDue.String()
	}
	if t.HasCoords {
		lat, lng := t.Lat, t.Lng
		out.Lat, out.Lng = &lat, &lng
	}
	return out
}

// TicketEvent is one step of a ticket's loop.
type TicketEvent struct {
	At             string `json:"at"`
	Kind           string `json:"kind"`
	ActorName      string `json:"actor_name,omitempty"`
	DepartmentName string `json:"department_name,omitempty"`
	Text           string `json:"text,omitempty"`
	Detail         string `json:"detail,omitempty"`
}

// TicketDetail is a ticket with its history and what the caller may do now.
type TicketDetail struct {
	Ticket
	Events  []TicketEvent `json:"events"`
	Actions []string      `json:"actions"`
}

func (a *API) ticketInbox(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	limit, offset, err := page(q)
	if err != nil {
		return err
	}
	f := hotline.InboxFilter{Query: q.Get("q"), Category: hotline.Category(q.Get("category")), Limit: limit, Offset: offset}
	if s := q.Get("state"); s != "" {
		f.States = []hotline.State{hotline.State(s)}
	}
	rows, total, err := a.Hotline.Inbox(r.Context(), f)
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, listOf(rows, total, func(row hotline.Row) Ticket {
		return ticketOf(row.Ticket, string(row.Light), string(row.SignLight))
	}))
}

func (a *API) ticketView(v hotline.View) TicketDetail {
	d := TicketDetail{Ticket: ticketOf(v.Ticket, string(v.Light), string(v.SignLight)), Events: []TicketEvent{}, Actions: []string{}}
	staff := v.Masked
	for _, e := range v.Events {
		te := TicketEvent{At: timestamp(e.At), Kind: e.Kind, DepartmentName: e.DepartmentName, Text: e.Text, Detail: e.Detail}
		if staff {
			te.ActorName = e.ActorName
		}
		d.Events = append(d.Events, te)
	}
	for kind, ok := range v.Can {
		if ok {
			d.Actions = append(d.Actions, kind)
		}
	}
	slices.Sort(d.Actions)
	return d
}

func (a *API) ticketDetail(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return a.sendTicket(w, r, id, http.StatusOK)
}

// sendTicket answers with a ticket as the caller may see it now.
func (a *API) sendTicket(w http.ResponseWriter, r *http.Request, id int64, status int) error {
	v, err := a.Hotline.Ticket(r.Context(), id)
	if err != nil {
		return err
	}
	return encode(w, status, a.ticketView(v))
}

// TicketInput is a new ticket: an operator's call, or a citizen's request.
type TicketInput struct {
	Channel     string   `json:"channel"` // web or mobile, for a citizen
	Category    string   `json:"category"`
	ClassCode   string   `json:"class_code"`
	Title       string   `json:"title"`
	Content     string   `json:"content"`
	CallerName  string   `json:"caller_name"`
	CallerPhone string   `json:"caller_phone"`
	RegionCode  string   `json:"region_code"`
	Village     string   `json:"village"`
	Address     string   `json:"address"`
	Lat         *float64 `json:"lat"`
	Lng         *float64 `json:"lng"`
	Answer      string   `json:"answer"`
	ArticleID   int64    `json:"article_id"`
}

// fileTicket records an operator's call, or files a citizen's request.
func (a *API) fileTicket(w http.ResponseWriter, r *http.Request) error {
	var in TicketInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	it := hotline.Intake{Channel: hotline.Channel(in.Channel), Category: hotline.Category(in.Category), ClassCode: in.ClassCode,
		Title: in.Title, Content: in.Content, CallerName: in.CallerName, CallerPhone: in.CallerPhone, RegionCode: in.RegionCode,
		Village: in.Village, Address: in.Address, Answer: in.Answer, ArticleID: in.ArticleID}
	if in.Lat != nil && in.Lng != nil {
		it.Lat, it.Lng, it.HasCoords = *in.Lat, *in.Lng, true
	}
	var t hotline.Ticket
	var err error
	if principal.From(r.Context()).IsPerson() {
		t, err = a.Hotline.FileOnline(r.Context(), it)
	} else {
		t, err = a.Hotline.RecordCall(r.Context(), it)
	}
	if err != nil {
		return err
	}
	return a.sendTicket(w, r, t.ID, http.StatusCreated)
}

// TicketActionInput is a step of a ticket's loop.
type TicketActionInput struct {
	Action       string `json:"action"`
	DepartmentID int64  `json:"department_id"`
	ByRule       bool   `json:"by_rule"`
	Text         string `json:"text"`
	MainNumber   string `json:"main_number"`
	Reached      bool   `json:"reached"`
	Satisfaction string `json:"satisfaction"`
	ArticleID    int64  `json:"article_id"`
}

func (a *API) ticketAct(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in TicketActionInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	_, err = a.Hotline.Act(r.Context(), id, hotline.Action{Kind: in.Action, DepartmentID: in.DepartmentID, ByRule: in.ByRule,
		Text: in.Text, MainNumber: in.MainNumber, Reached: in.Reached, Satisfaction: hotline.Satisfaction(in.Satisfaction), ArticleID: in.ArticleID})
	if err != nil {
		return err
	}
	return a.sendTicket(w, r, id, http.StatusOK)
}

// Article is a knowledge-base entry.
type Article struct {
	ID       int64             `json:"id"`
	Title    string            `json:"title"`
	Body     string            `json:"body"`
	Keywords string            `json:"keywords"`
	Items    []hotline.ItemRef `json:"items"`
	Updated  string            `json:"updated_at"`
}

func (a *API) hotlineArticles(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	limit, offset, err := page(q)
	if err != nil {
		return err
	}
	arts, total, err := a.Hotline.Articles(r.Context(), hotline.ArticleFilter{Query: strings.TrimSpace(q.Get("q")), Limit: limit, Offset: offset})
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, listOf(arts, total, func(ar hotline.Article) Article {
		return Article{ID: ar.ID, Title: ar.Title, Body: ar.Body, Keywords: ar.Keywords, Items: nonNil(ar.Items), Updated: timestamp(ar.UpdatedAt)}
	}))
}
