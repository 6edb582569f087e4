package web

import (
	"net/http"
	"strconv"

	"github.com/tongban/tongban/internal/hotline"
	"github.com/tongban/tongban/internal/platform/principal"
)

// TicketView is a ticket's page, for its requester and for staff: the facts,
// the loop so far, and a form for each action the viewer may take now.
type TicketView struct {
	Page
	Staff      bool
	Filed      bool // the citizen has just filed it
	ID         int64
	Number     string
	Subject    string
	Content    string
	Category   string
	Class      string
	Channel    string
	State      string
	Round      int
	Place      string
	Village    string
	Address    string
	Coords     string
	Caller     string
	Phone      string
	Revealed   map[string]string
	CanReveal  bool
	Repeat     int // the caller's tickets in the last 30 days, for operators
	Department string
	Received   string
	Due        string
	SignDue    string
	Light      ticketLight
	SignLight  ticketLight
	Reply      string
	Verdict    string
	Urges      int
	Returns    int
	Next       string
	Main       *TicketRef
	Duplicates []TicketRef
	Files      []TicketFileLink
	Steps      []TicketStep
	// Can says which action forms to show.
	Can map[string]bool
	// For the operator's dispatch forms.
	Suggestion  *hotline.Suggested
	Departments []hotline.Department
	ActURL      string
	Back        Link
}

// TicketRef links another ticket.
type TicketRef struct{ Number, Title, State, URL string }

// TicketFileLink is an attachment.
type TicketFileLink struct{ Name, URL string }

// TicketStep is one line of the ticket's history.
type TicketStep struct{ At, Label, Actor, Department, Text, Detail string }

// ticketPage builds the page of the ticket in the path for the viewer.
func (ui *UI) ticketPage(r *http.Request) (TicketView, error) {
	ctx := r.Context()
	id, err := pathID(r, "ticket")
	if err != nil {
		return TicketView{}, err
	}
	v, err := ui.Hotline.Ticket(ctx, id)
	if err != nil {
		return TicketView{}, err
	}
	staff := principal.From(ctx).IsStaff()
	base, back := "/me/tickets/", Link{"/me/tickets", "hotline.ui.mine_title"}
	if staff {
		base, back = "/staff/tickets/", Link{"/staff/tickets", "hotline.ui.inbox_title"}
	}
	p := TicketView{Page: ui.page(r, "hotline.ui.ticket_title"), Staff: staff, ID: v.ID, Number: v.Number, Subject: v.Title,
		Content: v.Content, Class: v.ClassName, Round: v.Round, Village: v.Village, Address: v.Address, Caller: v.CallerName,
		Phone: v.CallerPhone, CanReveal: v.CanReveal, Repeat: v.CallerTickets, Department: v.DepartmentName,
		Received: v.CreatedAt.In(caseDays).Format("2006-01-02 15:04"), Reply: v.Reply, Urges: v.Urges, Returns: v.Returns,
		Can: v.Can, Revealed: map[string]string{}, ActURL: base + strconv.FormatInt(v.ID, 10), Back: back}
	p.Page.Title = p.T("hotline.ui.ticket_heading", v.Number)
	p.Category = p.T("hotline.category." + string(v.Category))
	p.Channel = p.T("hotline.channel." + string(v.Channel))
	p.State = p.T("hotline.state." + string(v.State))
	p.Place = ui.placeName(r, v.RegionCode)
	if v.HasCoords {
		p.Coords = strconv.FormatFloat(v.Lat, 'f', 6, 64) + ", " + strconv.FormatFloat(v.Lng, 'f', 6, 64)
	}
	if v.State.Open() {
		p.Due, p.Light = v.HandleDue.String(), ticketLightOf(p.Page, v.Light)
	}
	if v.State == hotline.Dispatched {
		p.SignDue, p.SignLight = v.SignDue.String(), ticketLightOf(p.Page, v.SignLight)
	}
	if v.Satisfaction != "" {
		p.Verdict = p.T("hotline.satisfaction." + string(v.Satisfaction))
	}
	p.Next = ui.ticketNext(p.Page, v)
	if v.Main != nil {
		p.Main = &TicketRef{Number: v.Main.Number, Title: v.Main.Title, State: p.T("hotline.state." + string(v.Main.State))}
		if staff {
			p.Main.URL = base + strconv.FormatInt(v.Main.ID, 10)
		}
		if v.Main.Reply != "" {
			p.Reply = v.Main.Reply
		}
	}
	for _, d := range v.Duplicates {
		p.Duplicates = append(p.Duplicates, TicketRef{Number: d.Number, Title: d.Title, URL: base + strconv.FormatInt(d.ID, 10)})
	}
	for _, f := range v.Files {
		p.Files = append(p.Files, TicketFileLink{Name: f.Name, URL: p.ActURL + "/files/" + strconv.FormatInt(f.UploadID, 10)})
	}
	for _, e := range v.Events {
		p.Steps = append(p.Steps, ticketStep(p.Page, e, staff))
	}
	if v.Can[hotline.ActDispatch] || v.Can[hotline.ActRedispatch] {
		if p.Departments, err = ui.Hotline.TargetDepartments(ctx); err != nil {
			return p, err
		}
	}
	if v.Can[hotline.ActDispatch] {
		s, err := ui.Hotline.Suggest(ctx, v.ID)
		if err != nil {
			return p, err
		}
		p.Suggestion = &s
	}
	return p, nil
}

// ticketNext says what happens next, in the requester's terms.
func (ui *UI) ticketNext(p Page, v hotline.View) string {
	state := v.State
	if v.Main != nil {
		state = v.Main.State
	}
	switch state {
	case hotline.Received, hotline.Dispatched, hotline.Handling, hotline.Replied:
		return p.T("hotline.next.open", v.HandleDue.String())
	case hotline.Concluded:
		return p.T("hotline.next.concluded")
	}
	return p.T("hotline.next.closed")
}

// ticketStep is an event as a line of history. Citizens see the department,
// not the staff member's name.
func ticketStep(p Page, e hotline.Event, staff bool) TicketStep {
	s := TicketStep{At: e.At.In(caseDays).Format("2006-01-02 15:04"), Label: p.T("hotline.event." + e.Kind),
		Department: e.DepartmentName, Text: e.Text}
	if staff {
		s.Actor = e.ActorName
	}
	switch e.Kind {
	case hotline.ActCallback, hotline.ActRate:
		if e.Detail != "" {
			s.Detail = p.T("hotline.satisfaction." + e.Detail)
		}
	case hotline.ActDispatch:
		if e.Detail != "" {
			s.Detail = p.T("hotline.ui.by_rule", e.Detail)
		}
	case hotline.ActSign:
		if e.Detail == "late" {
			s.Detail = p.T("hotline.ui.signed_late")
		}
	case hotline.EventReopen:
		s.Detail = p.T("hotline.ui.reopened_due", e.Detail)
	case hotline.ActMerge:
		s.Detail = p.T("hotline.ui.merged_into", e.Detail)
	case hotline.EventMergedIn:
		s.Detail = p.T("hotline.ui.merged_from", e.Detail)
	case hotline.EventIntake:
		s.Detail = p.T("hotline.channel." + e.Detail)
	}
	if !staff && (e.Kind == hotline.ActUrge || e.Kind == hotline.ActReturn || e.Kind == hotline.ActRedispatch) {
		s.Text = "" // internal notes between the hotline and departments
	}
	return s
}

// ticketAgain shows a ticket with the problem of a refused action, or returns
// an error that is not the form's.
func (ui *UI) ticketAgain(w http.ResponseWriter, r *http.Request, err error) error {
	form, ok := ui.formFrom(r, err, "action", "text", "department_id", "main_number", "satisfaction", "reached", "article_id")
	if !ok {
		return err
	}
	p, perr := ui.ticketPage(r)
	if perr != nil {
		return perr
	}
	p.Page.Form = form
	return ui.render(w, statusOf(err), "ticket", p)
}

// TicketField is a control of one of the ticket page's action forms. Its
// error shows only on the form whose action failed.
type TicketField struct {
	ID, Label, Value, Error, Choose string
	Options                         []HotlineChoice
}

// field is the control of name in the form of action.
func (p TicketView) field(action, name, labelKey string) TicketField {
	f := TicketField{ID: action + "-" + name, Label: p.T(labelKey)}
	if p.Form.Value("action") == action {
		f.Value, f.Error = p.Form.Value(name), p.Form.Error(name)
	}
	return f
}

// TextField is the words of an action: a reason, a reply, a note.
func (p TicketView) TextField(action, labelKey string) TicketField {
	return p.field(action, "text", labelKey)
}

// DepartmentField chooses where a ticket is dispatched.
func (p TicketView) DepartmentField(action string) TicketField {
	f := p.field(action, "department_id", "hotline.ui.department")
	f.ID, f.Choose = action+"-department", p.T("form.select")
	for _, d := range p.Departments {
		f.Options = append(f.Options, HotlineChoice{Value: strconv.FormatInt(d.ID, 10), Label: d.Name})
	}
	return f
}

// SatisfactionField is the requester's verdict.
func (p TicketView) SatisfactionField(action string) TicketField {
	f := p.field(action, "satisfaction", "hotline.ui.satisfaction")
	f.ID = action
	for _, s := range []hotline.Satisfaction{hotline.Satisfied, hotline.Basic, hotline.Unsatisfied} {
		f.Options = append(f.Options, HotlineChoice{Value: string(s), Label: p.T("hotline.satisfaction." + string(s))})
	}
	return f
}
