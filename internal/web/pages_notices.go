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
