package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/tongban/tongban/internal/hotline"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/calendar"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/region/divisions"
)

// registerHotline adds the 12345 hotline's pages: the citizen's form and
// tickets, the operator's console, the departments' inbox, the supervisors'
// board, the knowledge base and the administrators' settings.
func (ui *UI) registerHotline(rt routeAdder) {
	rt.Handle("GET", "/hotline/new", ui.hotlineForm)
	rt.Handle("POST", "/hotline/new", ui.hotlineFile)
	rt.Handle("GET", "/me/tickets", ui.myTickets)
	rt.Handle("GET", "/me/tickets/{id}", ui.myTicket)
	rt.Handle("POST", "/me/tickets/{id}/rate", ui.rateTicket)
	rt.Handle("GET", "/me/tickets/{id}/files/{file}", ui.ticketFile)
	ui.registerHotlineStaff(rt)
	ui.registerHotlineKnowledge(rt)
	ui.registerHotlineAdmin(rt)
}

// HotlineChoice is an option of a select or radio group.
type HotlineChoice struct {
	Value, Label string
	Depth        int // indentation of a tree option
}

// categoryChoices are the six categories, labelled.
func categoryChoices(p Page) []HotlineChoice {
	out := make([]HotlineChoice, len(hotline.Categories))
	for i, c := range hotline.Categories {
		out[i] = HotlineChoice{Value: string(c), Label: p.T("hotline.category." + string(c))}
	}
	return out
}

// classChoices are the active classes in tree order; a class is labelled
// with its path so a select reads well without indentation.
func classChoices(classes []hotline.Class) []HotlineChoice {
	var out []HotlineChoice
	for _, c := range classes {
		if c.Active {
			out = append(out, HotlineChoice{Value: c.Code, Label: hotline.PathName(classes, c.Code), Depth: c.Depth()})
		}
	}
	return out
}

// placeChoices are the home region and its townships.
func (ui *UI) placeChoices(r *http.Request, p Page) ([]HotlineChoice, error) {
	home := ui.Hotline.HomeRegion()
	reg, err := ui.Regions.Get(r.Context(), home)
	if err != nil {
		return nil, err
	}
	out := []HotlineChoice{{Value: home, Label: reg.Name + p.T("hotline.ui.place_county")}}
	children, err := ui.Regions.Children(r.Context(), home)
	if err != nil {
		return nil, err
	}
	for _, c := range children {
		if c.Level == divisions.Township {
			out = append(out, HotlineChoice{Value: c.Code, Label: c.Name})
		}
	}
	return out, nil
}

// placeName is a region's name, or its code when unknown.
func (ui *UI) placeName(r *http.Request, code string) string {
	if reg, err := ui.Regions.Get(r.Context(), code); err == nil {
		return reg.Name
	}
	return code
}

// ticketLight is a deadline light as a word with a class; colour never alone.
type ticketLight struct{ Class, Word string }

func ticketLightOf(p Page, l calendar.Light) ticketLight {
	if l == "" {
		return ticketLight{}
	}
	return ticketLight{Class: "light light-" + string(l), Word: p.T("hotline.light." + string(l))}
}

// TicketRow is a ticket in a list.
type TicketRow struct {
	ID                                    int64
	Number, Title, Category, State, Place string
	Department, Received, Due, SignDue    string
	Light, SignLight                      ticketLight
	Round                                 int
	URL                                   string
}

func (ui *UI) ticketRows(r *http.Request, p Page, rows []hotline.Row, base string) []TicketRow {
	out := make([]TicketRow, len(rows))
	names := map[string]string{} // a list names few places, each many times
	place := func(code string) string {
		if n, ok := names[code]; ok {
			return n
		}
		names[code] = ui.placeName(r, code)
		return names[code]
	}
	for i, row := range rows {
		out[i] = TicketRow{ID: row.ID, Number: row.Number, Title: row.Title, Category: p.T("hotline.category." + string(row.Category)),
			State: p.T("hotline.state." + string(row.State)), Place: place(row.RegionCode), Department: row.DepartmentName,
			Received: row.CreatedAt.In(caseDays).Format("2006-01-02 15:04"), Due: row.HandleDue.String(),
			Light: ticketLightOf(p, row.Light), SignLight: ticketLightOf(p, row.SignLight), Round: row.Round,
			URL: base + strconv.FormatInt(row.ID, 10)}
		if row.State == hotline.Dispatched {
			out[i].SignDue = row.SignDue.String()
		}
	}
	return out
}

// HotlineFormView is the citizen's form to reach 12345 online.
type HotlineFormView struct {
	Page
	Categories []HotlineChoice
	Classes    []HotlineChoice
	Places     []HotlineChoice
	MaxFiles   int
	MaxMB      int64
	Mobile     bool
	FileInputs []string // file1, file2…
	FileLabels []string
}

// hotlineFormView builds the form, prefilled with the citizen's own name
// and phone on first display.
func (ui *UI) hotlineFormView(r *http.Request) (HotlineFormView, error) {
	p := HotlineFormView{Page: ui.page(r, "hotline.ui.new_title"), MaxFiles: 3, MaxMB: ui.Uploads.MaxBytes() >> 20}
	p.Categories = categoryChoices(p.Page)
	classes, err := ui.Hotline.Classes(r.Context())
	if err != nil {
		return p, err
	}
	p.Classes = classChoices(classes)
	if p.Places, err = ui.placeChoices(r, p.Page); err != nil {
		return p, err
	}
	p.Mobile = r.URL.Query().Get("channel") == string(hotline.Mobile) || r.PostFormValue("channel") == string(hotline.Mobile)
	for i := 1; i <= p.MaxFiles; i++ {
		p.FileInputs = append(p.FileInputs, "file"+strconv.Itoa(i))
		p.FileLabels = append(p.FileLabels, p.T("hotline.ui.file_n", i))
	}
	return p, nil
}

func (ui *UI) hotlineForm(w http.ResponseWriter, r *http.Request) error {
	if _, err := principal.RequirePerson(r.Context()); err != nil {
		return err
	}
	p, err := ui.hotlineFormView(r)
	if err != nil {
		return err
	}
	if me, err := ui.Identity.Me(r.Context()); err == nil {
		p.Form.Values = map[string]string{"caller_name": me.Name, "caller_phone": me.Phone, "region_code": me.RegionCode}
	}
	return ui.render(w, http.StatusOK, "hotline_new", p)
}

// ticketFields are the fields of the intake forms, kept when a form is
// shown again with its problems.
var ticketFields = []string{"category", "class_code", "title", "content", "caller_name", "caller_phone", "region_code",
	"village", "address", "lat", "lng", "answer", "article_id"}

// intakeFrom reads an intake form.
func intakeFrom(r *http.Request) (hotline.Intake, []apperr.FieldError) {
	in := hotline.Intake{Category: hotline.Category(r.PostFormValue("category")), ClassCode: r.PostFormValue("class_code"),
		Title: r.PostFormValue("title"), Content: r.PostFormValue("content"), CallerName: r.PostFormValue("caller_name"),
		CallerPhone: r.PostFormValue("caller_phone"), RegionCode: r.PostFormValue("region_code"),
		Village: r.PostFormValue("village"), Address: r.PostFormValue("address"), Answer: r.PostFormValue("answer")}
	in.ArticleID, _ = strconv.ParseInt(r.PostFormValue("article_id"), 10, 64)
	var fs []apperr.FieldError
	lat, lng := strings.TrimSpace(r.PostFormValue("lat")), strings.TrimSpace(r.PostFormValue("lng"))
	if lat != "" || lng != "" {
		var err1, err2 error
		in.Lat, err1 = strconv.ParseFloat(lat, 64)
		in.Lng, err2 = strconv.ParseFloat(lng, 64)
		in.HasCoords = true
		if err1 != nil || err2 != nil {
			fs = append(fs, apperr.FieldError{Field: "lat", Key: "hotline.coords"})
		}
	}
	return in, fs
}

// hotlineFile files the citizen's ticket with the files they attached,
// then shows it.
func (ui *UI) hotlineFile(w http.ResponseWriter, r *http.Request) error {
	if _, err := principal.RequirePerson(r.Context()); err != nil {
		return err
	}
	p, err := ui.hotlineFormView(r)
	if err != nil {
		return err
	}
	var ids []int64
	for _, name := range p.FileInputs {
		f, ok, err := ui.receiveUpload(r, name)
		if err != nil {
			return ui.hotlineFormAgain(w, r, p, err)
		}
		if ok {
			ids = append(ids, f.ID)
		}
	}
	in, fs := intakeFrom(r)
	in.Files, in.Channel = ids, hotline.Web
	if p.Mobile {
		in.Channel = hotline.Mobile
	}
	if len(fs) > 0 {
		return ui.hotlineFormAgain(w, r, p, apperr.Fields(fs))
	}
	t, err := ui.Hotline.FileOnline(r.Context(), in)
	if err != nil {
		return ui.hotlineFormAgain(w, r, p, err)
	}
	http.Redirect(w, r, "/me/tickets/"+strconv.FormatInt(t.ID, 10)+"?filed=1", http.StatusSeeOther)
	return nil
}

// hotlineFormAgain shows the form with its problems, or returns an error
// that is not the form's.
func (ui *UI) hotlineFormAgain(w http.ResponseWriter, r *http.Request, p HotlineFormView, err error) error {
	form, ok := ui.formFrom(r, err, ticketFields...)
	if !ok {
		return err
	}
	p.Page.Form = form
	return ui.render(w, statusOf(err), "hotline_new", p)
}

// TicketsView is the citizen's list of tickets.
type TicketsView struct {
	Page
	Rows []TicketRow
}

func (ui *UI) myTickets(w http.ResponseWriter, r *http.Request) error {
	rows, err := ui.Hotline.MyTickets(r.Context())
	if err != nil {
		return err
	}
	p := TicketsView{Page: ui.page(r, "hotline.ui.mine_title")}
	p.Rows = ui.ticketRows(r, p.Page, rows, "/me/tickets/")
	return ui.render(w, http.StatusOK, "tickets_mine", p)
}

func (ui *UI) myTicket(w http.ResponseWriter, r *http.Request) error {
	if _, err := principal.RequirePerson(r.Context()); err != nil {
		return err
	}
	p, err := ui.ticketPage(r)
	if err != nil {
		return err
	}
	p.Filed = r.URL.Query().Get("filed") != ""
	return ui.render(w, http.StatusOK, "ticket", p)
}

// rateTicket records the requester's verdict on a concluded ticket.
func (ui *UI) rateTicket(w http.ResponseWriter, r *http.Request) error {
	if _, err := principal.RequirePerson(r.Context()); err != nil {
		return err
	}
	id, err := pathID(r, "ticket")
	if err != nil {
		return err
	}
	_, err = ui.Hotline.Act(r.Context(), id, hotline.Action{Kind: hotline.ActRate,
		Satisfaction: hotline.Satisfaction(r.PostFormValue("satisfaction")), Text: r.PostFormValue("text")})
	if err != nil {
		return ui.ticketAgain(w, r, err)
	}
	http.Redirect(w, r, "/me/tickets/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// ticketFile sends an attachment of a ticket to its requester or to staff
// who may see the ticket; staff views are audited by the upload module.
func (ui *UI) ticketFile(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if principal.From(ctx).Kind == principal.Anonymous {
		return apperr.New(apperr.Unauthenticated, "auth.required")
	}
	id, err := pathID(r, "ticket")
	if err != nil {
		return err
	}
	fileID, err := strconv.ParseInt(r.PathValue("file"), 10, 64)
	if err != nil {
		return apperr.NotFoundf("file")
	}
	if _, err := ui.Hotline.TicketFile(ctx, id, fileID); err != nil {
		return err
	}
	if principal.From(ctx).IsStaff() {
		f, content, err := ui.Uploads.OpenForStaff(ctx, fileID)
		if err != nil {
			return err
		}
		ui.sendUpload(w, f, content)
		return nil
	}
	f, content, err := ui.Uploads.Open(ctx, fileID)
	if err != nil {
		return err
	}
	ui.sendUpload(w, f, content)
	return nil
}

// hotlineLinks are the workbench tiles of the hotline a staff member uses.
func hotlineLinks(pr principal.Principal) []Link {
	var out []Link
	if pr.CanAnywhere(principal.OperateHotline) {
		out = append(out, Link{"/staff/hotline", "hotline.ui.console_title"})
	}
	if pr.CanAnywhere(principal.ViewTickets) {
		out = append(out, Link{"/staff/tickets", "hotline.ui.inbox_title"})
	}
	if pr.Scope.DepartmentID == 0 && (pr.CanAnywhere(principal.SuperviseTickets) || pr.CanAnywhere(principal.OperateHotline)) {
		out = append(out, Link{"/staff/hotline/board", "hotline.ui.board_title"})
	}
	if pr.CanAnywhere(principal.ViewTickets) || pr.CanAnywhere(principal.EditKnowledge) {
		out = append(out, Link{"/staff/hotline/knowledge", "hotline.ui.knowledge_title"})
	}
	if pr.CanAnywhere(principal.ConfigureHotline) {
		out = append(out, Link{"/admin/hotline", "hotline.ui.settings_title"}, Link{"/admin/hotline/rules", "hotline.ui.rules_title"},
			Link{"/admin/hotline/keys", "hotline.ui.keys_title"})
	}
	return out
}
