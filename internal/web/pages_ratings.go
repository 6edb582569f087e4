package web

import (
	"github.com/skip2/go-qrcode"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/rating"
)

// registerRatings adds 好差评: the applicant's rating of a service, the
// window's pad, the rectification inbox and task page, the public statistics
// and the supervisors' report.
func (ui *UI) registerRatings(rt routeAdder) {
	rt.Handle("GET", "/me/services/{id}/rate", ui.rateForm)
	rt.Handle("POST", "/me/services/{id}/rate", ui.rate)
	rt.Handle("GET", "/me/ratings", ui.myRatings)
	rt.Handle("POST", "/staff/cases/{id}/visits", ui.openVisit)
	rt.Handle("GET", "/staff/visits/{id}/rate", ui.padForm)
	rt.Handle("POST", "/staff/visits/{id}/rate", ui.padLink)
	rt.Handle("GET", "/rate/{token}", ui.padRatePage)
	rt.Handle("POST", "/rate/{token}", ui.padRate)
	rt.Handle("GET", "/rate/{token}/qr.png", ui.padQR)
	ui.registerRectifications(rt)
	ui.registerRatingReports(rt)
}

// onTime formats an instant of a rating or a step, in China's time.
func onTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(caseDays).Format("2006-01-02 15:04")
}

// RatingsPanel is the ratings panel of a case page, rendered by the
// "ratings" partial: the applicant's services with their ratings and the
// departments' answers, or a window clerk's invitation to rate a visit.
type RatingsPanel struct {
	Page
	Services []ServiceRow
	// InviteURL is where a window clerk opens a visit for the pad; with the
	// hall's windows to attribute it to.
	InviteURL string
	HallName  string
	Windows   []Option
}

// ServiceRow is one rateable service of a case.
type ServiceRow struct {
	Stage   string
	At      string
	Who     string // the department, and the staff member or window
	Ratings []RatingLine
	// RateURL opens the rating form; RateLabel says whether it is the first
	// rating or the follow-up.
	RateURL, RateLabel string
}

// RatingLine is a rating as its rater sees it, with the answer to a bad one.
type RatingLine struct {
	Number, Level, Comment, At, Channel string
	Bad                                 bool
	Answer                              *AnswerLine
}

// AnswerLine is the department's answer to a bad rating: where it stands,
// and once fed back, what was done and said.
type AnswerLine struct {
	Status, Resolution, Feedback, FedBackAt string
}

// who names those a service is attributed to: the department, the staff
// member who acted, and the window (or hall) where it happened.
func who(s rating.Service) string {
	place := s.WindowName
	if place == "" {
		place = s.HallName
	}
	parts := slices.DeleteFunc([]string{s.DepartmentName, s.StaffName, place}, func(v string) bool { return v == "" })
	return strings.Join(parts, " · ")
}

// ratingLine is a rating in the rater's words.
func ratingLine(p Page, r rating.Rating, t *rating.Task) RatingLine {
	l := RatingLine{Number: p.T("rating.number." + strconv.Itoa(r.Number)), Level: p.T("rating.level." + strconv.Itoa(int(r.Level))),
		Comment: r.Comment, At: onTime(r.CreatedAt), Channel: p.T("rating.channel." + strconv.Itoa(int(r.Channel))), Bad: r.Level.Bad()}
	if t != nil {
		a := &AnswerLine{Status: p.T("rating.answer.pending", p.T("rating.state."+t.State), t.Due.String())}
		switch {
		case t.ReviewOutcome == rating.ReviewUpheld:
			a.Status = p.T("rating.answer.excluded")
		case !t.FedBackAt.IsZero():
			a.Status = p.T("rating.answer.fed_back", p.T("rating.state."+t.State))
			a.Feedback, a.FedBackAt = t.Feedback, onTime(t.FedBackAt)
			a.Resolution = p.T("rating.resolution." + t.Resolution)
		}
		l.Answer = a
	}
	return l
}

// caseRatings is the ratings panel of a case for the signed-in viewer, or
// nil when there is nothing to show them.
func (ui *UI) caseRatings(r *http.Request, caseID int64) (any, error) {
	if ui.Ratings == nil {
		return nil, nil
	}
	cr, err := ui.Ratings.OfCase(r.Context(), caseID)
	if err != nil {
		return nil, err
	}
	if len(cr.Services) == 0 && !cr.CanInvite {
		return nil, nil
	}
	p := &RatingsPanel{Page: ui.page(r, "rating.panel.heading")}
	if cr.CanInvite {
		p.InviteURL = "/staff/cases/" + strconv.FormatInt(caseID, 10) + "/visits"
		p.HallName = cr.Hall.HallName
		for _, w := range cr.Windows {
			p.Windows = append(p.Windows, Option{Value: strconv.FormatInt(w.WindowID, 10), Label: w.WindowName})
		}
	}
	for _, s := range cr.Services {
		row := ServiceRow{Stage: p.T("rating.stage." + string(s.Stage)), At: onTime(s.At), Who: who(s.Service)}
		for _, rt := range s.Ratings {
			var task *rating.Task
			if t, ok := s.Tasks[rt.ID]; ok {
				task = &t
			}
			row.Ratings = append(row.Ratings, ratingLine(p.Page, rt, task))
		}
		if s.Next != 0 {
			row.RateURL = "/me/services/" + strconv.FormatInt(s.ID, 10) + "/rate"
			row.RateLabel = p.T("rating.rate_action." + strconv.Itoa(s.Next))
		}
		p.Services = append(p.Services, row)
	}
	return p, nil
}

// RatingFormView is the rating form: online on the applicant's device, or on
// the hall's pad under the clerk's session.
type RatingFormView struct {
	Page
	Stage, Item, CaseNumber, Who, At string
	Action                           string // where the form posts
	FollowUp                         bool
	Earlier                          []RatingLine
	Levels                           []Option
	Scores                           []Option // a dimension's 5…1
	Dimensions                       []DimensionField
	Channel                          int
	ChannelLabel                     string
	Pad                              bool
	// Done: the pad's visit has been rated; the page thanks the applicant.
	Done bool
	Back Link
}

// DimensionField is one dimension's select.
type DimensionField struct {
	Name, Label, Value, Error string
}

// ratingForm fills the form for a service with what was typed, if anything.
func (ui *UI) ratingForm(r *http.Request, s rating.Rated, channel rating.Channel) RatingFormView {
	p := RatingFormView{Page: ui.page(r, "rating.form.title"), Item: s.ItemName, CaseNumber: s.CaseNumber,
		At: onTime(s.At), Channel: int(channel), FollowUp: s.Next == rating.FollowUp}
	p.Stage, p.Who = p.T("rating.stage."+string(s.Stage)), who(s.Service)
	p.ChannelLabel = p.T("rating.channel." + strconv.Itoa(int(channel)))
	if p.FollowUp {
		p.Title = p.T("rating.form.follow_up_title")
	}
	for _, rt := range s.Ratings {
		var task *rating.Task
		if t, ok := s.Tasks[rt.ID]; ok {
			task = &t
		}
		p.Earlier = append(p.Earlier, ratingLine(p.Page, rt, task))
	}
	for _, l := range rating.Levels {
		v := strconv.Itoa(int(l))
		p.Levels = append(p.Levels, Option{Value: v, Label: p.T("rating.level." + v)})
	}
	for n := 5; n >= 1; n-- {
		p.Scores = append(p.Scores, Option{Value: strconv.Itoa(n), Label: p.T("rating.score", n)})
	}
	for _, d := range rating.Dimensions(s.Mode) {
		p.Dimensions = append(p.Dimensions, DimensionField{Name: "dim_" + d, Label: p.T("rating.dim." + string(s.Mode) + "." + d)})
	}
	return p
}

// withForm puts a refused form's values and errors on the page.
func (p *RatingFormView) withForm(f Form) {
	p.Page.Form = f
	for i := range p.Dimensions {
		p.Dimensions[i].Value, p.Dimensions[i].Error = f.Value(p.Dimensions[i].Name), f.Error(p.Dimensions[i].Name)
	}
}

// ratingFields are the form's fields, for keeping what was typed.
func ratingFields(s rating.Rated) []string {
	fields := []string{"level", "comment", "channel"}
	for _, d := range rating.Dimensions(s.Mode) {
		fields = append(fields, "dim_"+d)
	}
	return fields
}

// ratingInput reads a posted rating; what is not a number becomes 0, which
// the module refuses with the field's message.
func ratingInput(r *http.Request, mode rating.Mode) rating.Input {
	num := func(name string) int {
		n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue(name)))
		if err != nil {
			return 0
		}
		return n
	}
	in := rating.Input{Level: rating.Level(num("level")), Comment: r.PostFormValue("comment"),
		Channel: rating.Channel(num("channel")), Dimensions: map[string]int{}}
	for _, d := range rating.Dimensions(mode) {
		if strings.TrimSpace(r.PostFormValue("dim_"+d)) != "" {
			in.Dimensions[d] = num("dim_" + d)
		}
	}
	return in
}

// deviceChannel is the channel of an online rating: a QR code's link says
// so; otherwise a phone's browser is the mobile channel.
func deviceChannel(r *http.Request) rating.Channel {
	if r.URL.Query().Get("via") == "qr" || r.PostFormValue("channel") == strconv.Itoa(int(rating.ChannelQR)) {
		return rating.ChannelQR
	}
	ua := r.UserAgent()
	for _, mark := range []string{"Mobile", "Android", "iPhone", "iPad", "HarmonyOS"} {
		if strings.Contains(ua, mark) {
			return rating.ChannelMobile
		}
	}
	return rating.ChannelPC
}

func (ui *UI) rateForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "service")
	if err != nil {
		return err
	}
	s, err := ui.Ratings.Service(r.Context(), id)
	if err != nil {
		return err
	}
	if s.Next == 0 {
		return apperr.New(apperr.Conflict, "rating.already_rated")
	}
	return ui.render(w, http.StatusOK, "rating_form", ui.onlineView(r, s))
}

// onlineView is the rating form on the applicant's own device.
func (ui *UI) onlineView(r *http.Request, s rating.Rated) RatingFormView {
	p := ui.ratingForm(r, s, deviceChannel(r))
	p.Action, p.Back = r.URL.Path, Link{"/me/cases/" + strconv.FormatInt(s.CaseID, 10), "rating.back_to_case"}
	return p
}

// ratingRefused shows a rating form again with what was typed and what is
// wrong; an error that is not the form's goes to the sink.
func (ui *UI) ratingRefused(w http.ResponseWriter, r *http.Request, err error, s rating.Rated, p RatingFormView) error {
	form, ok := ui.formFrom(r, err, ratingFields(s)...)
	if !ok {
		return err
	}
	p.withForm(form)
	return ui.render(w, statusOf(err), "rating_form", p)
}

// rate records the applicant's rating and returns to the case page, where
// it shows; a refused form is shown again with what was typed.
func (ui *UI) rate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "service")
	if err != nil {
		return err
	}
	s, err := ui.Ratings.Service(r.Context(), id)
	if err != nil {
		return err
	}
	if _, err := ui.Ratings.Rate(r.Context(), id, ratingInput(r, s.Mode)); err != nil {
		return ui.ratingRefused(w, r, err, s, ui.onlineView(r, s))
	}
	http.Redirect(w, r, "/me/cases/"+strconv.FormatInt(s.CaseID, 10)+"#case-ratings", http.StatusSeeOther)
	return nil
}

// openVisit opens a window visit of the case's applicant and shows the pad.
func (ui *UI) openVisit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "case")
	if err != nil {
		return err
	}
	var window int64
	if v := r.PostFormValue("window"); v != "" {
		if window, err = strconv.ParseInt(v, 10, 64); err != nil {
			return apperr.Field("window", "form.choice")
		}
	}
	s, err := ui.Ratings.OpenVisit(r.Context(), id, window)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/staff/visits/"+strconv.FormatInt(s.ID, 10)+"/rate", http.StatusSeeOther)
	return nil
}

// PadLinkView is the clerk's page of a window visit: whether it was rated,
// and after the clerk asks for it, the one-time link and its QR code for the
// hall's pad or the applicant's phone.
type PadLinkView struct {
	Page
	VisitID    int64
	CaseNumber string
	Item       string
	Rated      bool
	Link       string // the link, shown once
	QR         string // the QR image's path
	Back       Link
}

func (ui *UI) padLinkView(r *http.Request, s rating.Rated) PadLinkView {
	return PadLinkView{Page: ui.page(r, "rating.pad.link_title"), VisitID: s.ID, CaseNumber: s.CaseNumber, Item: s.ItemName,
		Rated: len(s.Ratings) > 0, Back: Link{"/staff/cases/" + strconv.FormatInt(s.CaseID, 10), "rating.back_to_case"}}
}

// padForm shows the clerk the visit and the button that makes its link.
func (ui *UI) padForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "service")
	if err != nil {
		return err
	}
	s, err := ui.Ratings.Visit(r.Context(), id)
	if err != nil {
		return err
	}
	return ui.render(w, http.StatusOK, "rating_pad_link", ui.padLinkView(r, s))
}

// padLink makes a fresh one-time link for the visit and shows it with its QR
// code; the applicant rates there without the clerk's session.
func (ui *UI) padLink(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "service")
	if err != nil {
		return err
	}
	s, err := ui.Ratings.Visit(r.Context(), id)
	if err != nil {
		return err
	}
	token, err := ui.Ratings.PadLink(r.Context(), id)
	if err != nil {
		return err
	}
	p := ui.padLinkView(r, s)
	p.Link, p.QR = ui.absoluteURL(r, "/rate/"+token), "/rate/"+token+"/qr.png"
	w.Header().Set("Cache-Control", "no-store")
	return ui.render(w, http.StatusOK, "rating_pad_link", p)
}

// padView is the link's rating page: the form, or thanks once rated. It has
// no way back into anyone's account.
func (ui *UI) padView(r *http.Request, s rating.Rated) RatingFormView {
	channel := rating.ChannelHallPad
	if r.URL.Query().Get("via") == "qr" || r.PostFormValue("channel") == strconv.Itoa(int(rating.ChannelQR)) {
		channel = rating.ChannelQR
	}
	p := ui.ratingForm(r, s, channel)
	p.Pad, p.Action = true, r.URL.Path
	p.Back = Link{"/", "rating.pad.home"}
	p.Done = len(s.Ratings) > 0
	if p.Done {
		p.Title = p.T("rating.pad.thanks")
	}
	return p
}

func (ui *UI) padRatePage(w http.ResponseWriter, r *http.Request) error {
	s, err := ui.Ratings.PadVisit(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return ui.render(w, http.StatusOK, "rating_form", ui.padView(r, s))
}

// padRate records the applicant's rating given through the link, then thanks them.
func (ui *UI) padRate(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	s, err := ui.Ratings.PadVisit(r.Context(), token)
	if err != nil {
		return err
	}
	if _, err := ui.Ratings.RatePad(r.Context(), token, ratingInput(r, s.Mode)); err != nil {
		return ui.ratingRefused(w, r, err, s, ui.padView(r, s))
	}
	http.Redirect(w, r, r.URL.Path, http.StatusSeeOther)
	return nil
}

// padQR is the QR code of a rating link, for the applicant's phone.
func (ui *UI) padQR(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	if _, err := ui.Ratings.PadVisit(r.Context(), token); err != nil {
		return err
	}
	png, err := qrcode.Encode(ui.absoluteURL(r, "/rate/"+token+"?via=qr"), qrcode.Medium, 280)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(png)
	return err
}

// MyRatingsView lists the signed-in person's ratings.
type MyRatingsView struct {
	Page
	Rows []MyRatingRow
}

// MyRatingRow is one of my ratings.
type MyRatingRow struct {
	CaseID                  int64
	CaseNumber, Item, Stage string
	RatingLine
}

func (ui *UI) myRatings(w http.ResponseWriter, r *http.Request) error {
	rs, err := ui.Ratings.Mine(r.Context())
	if err != nil {
		return err
	}
	p := MyRatingsView{Page: ui.page(r, "rating.mine.title")}
	for _, m := range rs {
		p.Rows = append(p.Rows, MyRatingRow{CaseID: m.Service.CaseID, CaseNumber: m.Service.CaseNumber, Item: m.Service.ItemName,
			Stage: p.T("rating.stage." + string(m.Service.Stage)), RatingLine: ratingLine(p.Page, m.Rating, nil)})
	}
	return ui.render(w, http.StatusOK, "rating_mine", p)
}
