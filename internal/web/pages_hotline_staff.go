package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/tongban/tongban/internal/hotline"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
)

// registerHotlineStaff adds the operator's console, the ticket inbox and
// pages, and the supervisors' board.
func (ui *UI) registerHotlineStaff(rt routeAdder) {
	rt.Handle("GET", "/staff/hotline", ui.hotlineConsole)
	rt.Handle("POST", "/staff/hotline/calls", ui.recordCall)
	rt.Handle("GET", "/staff/hotline/board", ui.hotlineBoard)
	rt.Handle("GET", "/staff/tickets", ui.ticketInbox)
	rt.Handle("GET", "/staff/tickets/{id}", ui.staffTicket)
	rt.Handle("POST", "/staff/tickets/{id}/act", ui.actOnTicket)
	rt.Handle("POST", "/staff/tickets/{id}/reveal", ui.revealCaller)
	rt.Handle("GET", "/staff/tickets/{id}/files/{file}", ui.ticketFile)
}

// HotlineConsoleView is the operator's console (话务台): record a call, search the
// knowledge base for an answer, and the tickets waiting for the operator.
type HotlineConsoleView struct {
	Page
	Categories []HotlineChoice
	Classes    []HotlineChoice
	Places     []HotlineChoice
	Query      string
	Articles   []HotlineArticleRow
	Searched   bool
	Article    *HotlineArticleRow // the article chosen as the answer
	Waiting    []TicketRow        // received: to dispatch or answer
	Replied    []TicketRow        // replied: to conclude
	Callbacks  []TicketRow        // concluded: to call back
}

// HotlineArticleRow is a knowledge-base article in a list.
type HotlineArticleRow struct {
	ID           int64
	Title, Body  string
	Keywords     string
	Items        []Link
	UseURL       string // the console with this article as the answer
	EditURL      string
	UpdatedAtBy  string
	ItemSlugList string
}

func (ui *UI) articleRow(p Page, a hotline.Article, q string) HotlineArticleRow {
	row := HotlineArticleRow{ID: a.ID, Title: a.Title, Body: a.Body, Keywords: a.Keywords,
		UseURL:      "/staff/hotline?q=" + url.QueryEscape(q) + "&article=" + strconv.FormatInt(a.ID, 10) + "#call",
		EditURL:     "/staff/hotline/knowledge/" + strconv.FormatInt(a.ID, 10),
		UpdatedAtBy: p.T("hotline.ui.updated_by", a.UpdatedAt.In(caseDays).Format("2006-01-02"), a.UpdatedBy)}
	var slugs []string
	for _, it := range a.Items {
		row.Items = append(row.Items, Link{Href: "/guides/" + it.Slug, Label: it.Name})
		slugs = append(slugs, it.Slug)
	}
	row.ItemSlugList = strings.Join(slugs, "\n")
	return row
}

func (ui *UI) consoleView(r *http.Request) (HotlineConsoleView, error) {
	ctx := r.Context()
	p := HotlineConsoleView{Page: ui.page(r, "hotline.ui.console_title")}
	if _, err := principal.AuthorizeOwn(ctx, principal.OperateHotline); err != nil {
		return p, err
	}
	p.Categories = categoryChoices(p.Page)
	classes, err := ui.Hotline.Classes(ctx)
	if err != nil {
		return p, err
	}
	p.Classes = classChoices(classes)
	if p.Places, err = ui.placeChoices(r, p.Page); err != nil {
		return p, err
	}
	q := r.URL.Query()
	p.Query = strings.TrimSpace(q.Get("q"))
	if p.Query != "" {
		arts, _, err := ui.Hotline.Articles(ctx, hotline.ArticleFilter{Query: p.Query, Limit: 10})
		if err != nil {
			return p, err
		}
		for _, a := range arts {
			p.Articles = append(p.Articles, ui.articleRow(p.Page, a, p.Query))
		}
		p.Searched = true
	}
	if id, err := strconv.ParseInt(q.Get("article"), 10, 64); err == nil && id > 0 {
		a, err := ui.Hotline.Article(ctx, id)
		if err != nil {
			return p, err
		}
		row := ui.articleRow(p.Page, a, p.Query)
		p.Article = &row
		p.Form.Values = map[string]string{"category": string(hotline.Consult), "answer": a.Body, "article_id": strconv.FormatInt(a.ID, 10)}
	}
	for _, part := range []struct {
		state hotline.State
		dst   *[]TicketRow
	}{{hotline.Received, &p.Waiting}, {hotline.Replied, &p.Replied}, {hotline.Concluded, &p.Callbacks}} {
		rows, _, err := ui.Hotline.Inbox(ctx, hotline.InboxFilter{States: []hotline.State{part.state}, Limit: 50})
		if err != nil {
			return p, err
		}
		*part.dst = ui.ticketRows(r, p.Page, rows, "/staff/tickets/")
	}
	return p, nil
}

// TicketQueue is one list of the console.
type TicketQueue struct {
	Page
	ID, Heading string
	Rows        []TicketRow
}

// Queue is the console's list of one kind: waiting for dispatch or an
// answer, replied and waiting to be concluded, concluded and waiting for
// the callback.
func (p HotlineConsoleView) Queue(kind string) TicketQueue {
	q := TicketQueue{Page: p.Page, ID: kind, Heading: p.T("hotline.ui.queue." + kind)}
	switch kind {
	case "waiting":
		q.Rows = p.Waiting
	case "replied":
		q.Rows = p.Replied
	case "callbacks":
		q.Rows = p.Callbacks
	}
	return q
}

func (ui *UI) hotlineConsole(w http.ResponseWriter, r *http.Request) error {
	p, err := ui.consoleView(r)
	if err != nil {
		return err
	}
	return ui.render(w, http.StatusOK, "hotline_console", p)
}

// recordCall records the call typed into the console and opens its ticket.
func (ui *UI) recordCall(w http.ResponseWriter, r *http.Request) error {
	in, fs := intakeFrom(r)
	var t hotline.Ticket
	err := apperr.Fields(fs)
	if err == nil {
		t, err = ui.Hotline.RecordCall(r.Context(), in)
	}
	if err != nil {
		form, ok := ui.formFrom(r, err, ticketFields...)
		if !ok {
			return err
		}
		p, perr := ui.consoleView(r)
		if perr != nil {
			return perr
		}
		p.Page.Form = form
		return ui.render(w, statusOf(err), "hotline_console", p)
	}
	http.Redirect(w, r, "/staff/tickets/"+strconv.FormatInt(t.ID, 10), http.StatusSeeOther)
	return nil
}

// TicketInboxView lists the tickets a staff member works on.
type TicketInboxView struct {
	Page
	States []HotlineChoice
	State  string
	Query  string
	Rows   []TicketRow
	Total  int
	Pager  Pager
}

// ticketInbox is a department's inbox (the tickets dispatched to it), or for
// operators and supervisors every ticket of their region.
func (ui *UI) ticketInbox(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	p := TicketInboxView{Page: ui.page(r, "hotline.ui.inbox_title"), State: q.Get("state"), Query: strings.TrimSpace(q.Get("q"))}
	f := hotline.InboxFilter{Query: p.Query, Limit: listPageSize}
	number := pageNumber(r)
	f.Offset = (number - 1) * listPageSize
	for _, s := range []hotline.State{hotline.Received, hotline.Dispatched, hotline.Handling, hotline.Replied, hotline.Concluded, hotline.Closed} {
		p.States = append(p.States, HotlineChoice{Value: string(s), Label: p.T("hotline.state." + string(s))})
		if string(s) == p.State {
			f.States = []hotline.State{s}
		}
	}
	rows, total, err := ui.Hotline.Inbox(r.Context(), f)
	if err != nil {
		return err
	}
	p.Rows, p.Total = ui.ticketRows(r, p.Page, rows, "/staff/tickets/"), total
	p.Pager = newPager(r.URL, number, total)
	return ui.render(w, http.StatusOK, "tickets_inbox", p)
}

func (ui *UI) staffTicket(w http.ResponseWriter, r *http.Request) error {
	if _, err := principal.RequireStaff(r.Context()); err != nil {
		return err
	}
	p, err := ui.ticketPage(r)
	if err != nil {
		return err
	}
	return ui.render(w, http.StatusOK, "ticket", p)
}

// actOnTicket takes the action of one of the ticket page's forms.
func (ui *UI) actOnTicket(w http.ResponseWriter, r *http.Request) error {
	if _, err := principal.RequireStaff(r.Context()); err != nil {
		return err
	}
	id, err := pathID(r, "ticket")
	if err != nil {
		return err
	}
	a := hotline.Action{Kind: r.PostFormValue("action"), Text: r.PostFormValue("text"), MainNumber: r.PostFormValue("main_number"),
		Satisfaction: hotline.Satisfaction(r.PostFormValue("satisfaction")), ByRule: r.PostFormValue("by_rule") != ""}
	a.DepartmentID, _ = strconv.ParseInt(r.PostFormValue("department_id"), 10, 64)
	a.ArticleID, _ = strconv.ParseInt(r.PostFormValue("article_id"), 10, 64)
	switch r.PostFormValue("reached") {
	case "yes":
		a.Reached = true
	case "no":
	default:
		if a.Kind == hotline.ActCallback {
			return ui.ticketAgain(w, r, apperr.Field("reached", "form.choice"))
		}
	}
	if _, err := ui.Hotline.Act(r.Context(), id, a); err != nil {
		return ui.ticketAgain(w, r, err)
	}
	// A returned or re-dispatched ticket may no longer be the department's.
	if a.Kind == hotline.ActReturn {
		http.Redirect(w, r, "/staff/tickets", http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, "/staff/tickets/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// revealCaller shows the caller's name or phone unmasked, audited.
func (ui *UI) revealCaller(w http.ResponseWriter, r *http.Request) error {
	if _, err := principal.RequireStaff(r.Context()); err != nil {
		return err
	}
	id, err := pathID(r, "ticket")
	if err != nil {
		return err
	}
	field := r.PostFormValue("field")
	v, err := ui.Hotline.Reveal(r.Context(), id, field)
	if err != nil {
		return err
	}
	p, err := ui.ticketPage(r)
	if err != nil {
		return err
	}
	p.Revealed[field] = v
	return ui.render(w, http.StatusOK, "ticket", p)
}

// HotlineBoardView is the supervisors' board.
type HotlineBoardView struct {
	Page
	Counts      []HotlineCount
	Open        int
	Rate        string
	Rated       int
	Late        []TicketRow
	LateCut     bool
	Unsatisfied []TicketRow
	Repeats     []HotlineRepeatRow
}

// HotlineCount is the number of tickets in one state.
type HotlineCount struct {
	State string
	Count int
}

// HotlineRepeatRow is a place and class with repeated complaints.
type HotlineRepeatRow struct {
	Place, Class, Category, Last string
	Count                        int
}

func (ui *UI) hotlineBoard(w http.ResponseWriter, r *http.Request) error {
	b, err := ui.Hotline.Board(r.Context())
	if err != nil {
		return err
	}
	p := HotlineBoardView{Page: ui.page(r, "hotline.ui.board_title"), Open: b.Open, Rated: b.Rated, LateCut: b.LateCut}
	for _, s := range []hotline.State{hotline.Received, hotline.Dispatched, hotline.Handling, hotline.Replied, hotline.Concluded, hotline.Closed, hotline.Merged} {
		p.Counts = append(p.Counts, HotlineCount{State: p.T("hotline.state." + string(s)), Count: b.Counts[s]})
	}
	if rate := b.SatisfactionRate(); rate >= 0 {
		p.Rate = strconv.FormatFloat(rate, 'f', 1, 64) + "%"
	} else {
		p.Rate = p.T("hotline.ui.no_verdicts")
	}
	p.Late = ui.ticketRows(r, p.Page, b.Late, "/staff/tickets/")
	p.Unsatisfied = ui.ticketRows(r, p.Page, b.Unsatisfied, "/staff/tickets/")
	for _, rp := range b.Repeats {
		p.Repeats = append(p.Repeats, HotlineRepeatRow{Place: ui.placeName(r, rp.RegionCode), Class: rp.ClassName,
			Category: p.T("hotline.category." + string(rp.Category)), Count: rp.Count, Last: rp.Last.In(caseDays).Format("2006-01-02")})
	}
	return ui.render(w, http.StatusOK, "hotline_board", p)
}
