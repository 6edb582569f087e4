package app

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/notify"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/i18n"
)

// noticeInterval is how often queued SMS and e-mail copies are sent.
const noticeInterval = 2 * time.Second

// caseNoticeSMS lists the case actions the applicant is told of, and whether
// an SMS copy goes too: only for what asks something of them or ends the
// case, so a parcel's every scan does not ring their phone. Actions starting
// with "pay" or "delivery." are told of as well (see caseNoticeKey).
var caseNoticeSMS = map[string]bool{
	casework.EventSubmit: false, casework.EventRegister: false, casework.ActionAccept: false,
	casework.ActionSupplement: true, "refuse": true, casework.ActionApprove: true, casework.ActionCommitment: true,
	casework.ActionDeny: true, casework.EventDelivered: false,
	"delivery.ready": true, "delivery.pickup": true, "delivery.shipped": true, "payment.due": true,
}

// wireNotices wires the notice module, tells applicants of their cases'
// changes, and starts sending SMS and e-mail copies until run ends.
func (a *App) wireNotices(run context.Context) {
	a.Notices = notify.NewManager(notify.Deps{Tx: a.DB, Store: a.Store, Log: a.Log, Now: a.Now})
	a.Cases.Observe(casework.ObserverFunc(a.noticeOfCase))
	go a.Notices.Run(run, noticeInterval)
}

// caseNoticeKey is the message key stem of a case action's notice, or false
// for actions the applicant is not told of. The applicant's language is not
// known here, so notices are in Chinese.
func (a *App) caseNoticeKey(action string) (string, bool) {
	stem := "notify.case." + action
	switch {
	case action == casework.ActionCommitment:
		return "notify.case." + casework.ActionApprove, true
	case strings.HasPrefix(action, "pay"), strings.HasPrefix(action, "delivery."):
		if a.Catalog.Has(stem + ".title") {
			return stem, true
		}
		general, _, _ := strings.Cut(action, ".")
		if strings.HasPrefix(general, "pay") {
			general = "pay"
		}
		return "notify.case." + general, true
	}
	_, known := caseNoticeSMS[action]
	return stem, known
}

// noticeOfCase sends the applicant a notice of a change to their case, in the
// change's transaction, with an SMS copy to the phone they registered with
// when the change asks something of them.
func (a *App) noticeOfCase(ctx context.Context, c casework.Case, e casework.Event) error {
	key, ok := a.caseNoticeKey(e.Action)
	if !ok {
		return nil
	}
	// Every body takes the same three values by index (%[1]s…), so a text may
	// leave out the comment without fmt complaining.
	msg := notify.Message{
		To:    notify.Recipient{Kind: notify.ToPerson, ID: c.PersonID, OrgID: c.OrgID},
		Title: a.Catalog.T(i18n.Chinese, key+".title"),
		Body:  a.Catalog.T(i18n.Chinese, key+".body", c.Number, c.ItemName, e.Comment),
		Link:  "/me/cases/" + strconv.FormatInt(c.ID, 10),
	}
	if caseNoticeSMS[e.Action] {
		person, err := a.Store.GetPerson(ctx, c.PersonID)
		switch {
		case err == nil:
			msg.Phone = person.Phone
		case apperr.KindOf(err) != apperr.NotFound:
			return err
		}
	}
	_, err := a.Notices.Send(ctx, msg)
	return err
}
