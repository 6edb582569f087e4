package web

import (
	"net/http"

	"github.com/tongban/tongban/internal/notify"
)

// registerNotices adds the signed-in person's notices (我的消息).
func (ui *UI) registerNotices(rt routeAdder) {
	rt.Handle("GET", "/me/notices", ui.notices)
	rt.Handle("POST", "/me/notices/read", ui.readAllNotices)
	rt.Handle("POST", "/me/notices/{id}/read", ui.readNotice)
	rt.Handle("GET", "/admin/notify-log", ui.notifyLog)
}

// NotifyLogView is the delivery log of SMS and e-mail copies, for those who
// check that applicants are actually told.
type NotifyLogView struct {
	Page
	Rows []OutgoingRow
	Back Link
}

// OutgoingRow is one outside copy as shown; the address is masked.
type OutgoingRow struct {
	notify.Outgoing
	Created, Sent, Next string
}

func (ui *UI) notifyLog(w http.ResponseWriter, r *http.Request) error {
	log, err := ui.Notices.DeliveryLog(r.Context(), 200)
	if err != nil {
		return err
	}
	p := NotifyLogView{Page: ui.page(r, "notices.log.title"), Back: Link{"/staff", "nav.workbench"}}
	for _, o := range log {
		row := OutgoingRow{Outgoing: o, Created: consoleTime(o.CreatedAt), Sent: consoleTime(o.SentAt)}
		if o.Status == notify.StatusPending {
			row.Next = consoleTime(o.NextAt)
		}
		p.Rows = append(p.Rows, row)
	}
	return ui.render(w, http.StatusOK, "notify_log", p)
}

// NoticesView is the inbox page.
type NoticesView struct {
	Page
	Notices []NoticeRow
	Unread  int
}

// NoticeRow is one notice as shown.
type NoticeRow struct {
	notify.Notice
	At string
}

func (ui *UI) notices(w http.ResponseWriter, r *http.Request) error {
	in, err := ui.Notices.Inbox(r.Context())
	if err != nil {
		return err
	}
	p := NoticesView{Page: ui.page(r, "notices.title"), Unread: in.Unread}
	for _, n := range in.Notices {
		p.Notices = append(p.Notices, NoticeRow{Notice: n, At: n.CreatedAt.In(caseDays).Format("2006-01-02 15:04")})
	}
	return ui.render(w, http.StatusOK, "notices", p)
}

func (ui *UI) readAllNotices(w http.ResponseWriter, r *http.Request) error {
	if _, err := ui.Notices.MarkAllRead(r.Context()); err != nil {
		return err
	}
	http.Redirect(w, r, "/me/notices", http.StatusSeeOther)
	return nil
}

func (ui *UI) readNotice(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "notice")
	if err != nil {
		return err
	}
	if err := ui.Notices.MarkRead(r.Context(), id); err != nil {
		return err
	}
	http.Redirect(w, r, "/me/notices", http.StatusSeeOther)
	return nil
}

// unreadNotices is the count beside the 消息 link: 0 for a visitor, and 0
// rather than a failed page when the count cannot be read.
func (ui *UI) unreadNotices(r *http.Request) int {
	if ui.Notices == nil {
		return 0
	}
	n, err := ui.Notices.Unread(r.Context())
	if err != nil {
		ui.Log.Warn("unread notices", "err", err)
		return 0
	}
	return n
}
