package app

import (
	"context"
	"strconv"

	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/notify"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/calendar"
	"github.com/tongban/tongban/internal/platform/i18n"
	"github.com/tongban/tongban/internal/rating"
)

// rateableStages says which case actions are services an applicant may rate
// (一事一评): the submission (online or registered at a window), the
// department's acceptance or refusal, and the decision that concludes it.
var rateableStages = map[string]rating.Stage{
	casework.EventSubmit: rating.StageSubmit, casework.EventRegister: rating.StageSubmit,
	casework.ActionAccept: rating.StageAccept, casework.ActionAcceptPending: rating.StageAccept, "refuse": rating.StageAccept,
	casework.ActionApprove: rating.StageConclude, casework.ActionCommitment: rating.StageConclude,
	casework.ActionDeny: rating.StageConclude, "terminate": rating.StageConclude,
}

// wireRatings wires 好差评: every rateable case event becomes a service its
// applicant may rate, and bad ratings are rectified on the case calendar
// with case supervision's lights.
func (a *App) wireRatings() {
	a.Ratings = rating.NewManager(rating.Deps{Tx: a.DB, Store: a.Store, Cases: ratingCases{a}, Places: ratingPlaces{a},
		Notifier: ratingNotices{a}, Audit: a.Store, Calendar: a.Calendar, Light: a.rectificationLight,
		Location: chinaTime, Now: a.Now, Workdays: a.Config.RatingWorkdays})
	a.Cases.Observe(casework.ObserverFunc(a.recordService))
}

// rectificationLight is case supervision's light rule applied to a task's
// clock: a limit in working days, paused while an appeal is reviewed.
func (a *App) rectificationLight(c rating.Clock, today calendar.Date) rating.Light {
	clock := casework.Clock{Accepted: c.Opened, Limit: c.Workdays, Unit: casework.UnitWorkdays, Pauses: c.Pauses, OpenPause: c.OpenPause}
	th := casework.Thresholds{WarnWorkdays: a.Config.LightYellowDays, WarnShare: a.Config.LightYellowShare}
	if th == (casework.Thresholds{}) {
		th = casework.DefaultThresholds
	}
	return rating.Light(casework.LightFor(a.Calendar, clock, today, th))
}

// recordService records a rateable case event, in the event's transaction,
// attributed to the case's item and department, the staff member who acted
// and, for a registration at a window, the hall that received it.
func (a *App) recordService(ctx context.Context, c casework.Case, e casework.Event) error {
	stage, ok := rateableStages[e.Action]
	if !ok {
		return nil
	}
	s := rating.Service{Stage: stage, Mode: rating.Online, CaseID: c.ID, CaseNumber: c.Number, CaseEventID: e.ID,
		PersonID: c.PersonID, OrgID: c.OrgID, ItemID: c.ItemID, ItemName: c.ItemName, RegionCode: c.RegionCode,
		DepartmentID: c.DepartmentID, At: e.At}
	if c.Channel == casework.ChannelWindow {
		s.Mode = rating.Onsite
	}
	if e.ActorKind == "staff" {
		s.StaffID, s.StaffName = e.ActorID, e.ActorName
	}
	var err error
	if s.DepartmentName, err = a.departmentName(ctx, c.DepartmentID); err != nil {
		return err
	}
	if e.Action == casework.EventRegister {
		received := c.ReceivedRegion
		if received == "" {
			received = c.RegionCode
		}
		hall, _, found, err := (ratingPlaces{a}).HallOf(ctx, received)
		if err != nil {
			return err
		}
		if found {
			s.HallID, s.HallName = hall.HallID, hall.HallName
		}
	}
	_, err = a.Ratings.Record(ctx, s)
	return err
}

// departmentName is a department's name, or "" for one that is gone.
func (a *App) departmentName(ctx context.Context, id int64) (string, error) {
	d, err := a.Store.GetDepartment(ctx, id)
	if apperr.KindOf(err) == apperr.NotFound {
		return "", nil
	}
	return d.Name, err
}

// ratingCases adapts casework's store to rating.Cases.
type ratingCases struct{ a *App }

// CaseFacts reads what the rating module needs of a case.
func (rc ratingCases) CaseFacts(ctx context.Context, caseID int64) (rating.CaseFacts, error) {
	c, err := rc.a.Store.GetCase(ctx, caseID)
	if err != nil {
		return rating.CaseFacts{}, err
	}
	f := rating.CaseFacts{ID: c.ID, Number: c.Number, ItemID: c.ItemID, ItemName: c.ItemName, RegionCode: c.RegionCode,
		DepartmentID: c.DepartmentID, PersonID: c.PersonID, OrgID: c.OrgID, RegisteredBy: c.RegisteredBy,
		ReceivedRegion: c.ReceivedRegion}
	f.DepartmentName, err = rc.a.departmentName(ctx, c.DepartmentID)
	return f, err
}

// ratingPlaces adapts the region store to rating.Places.
type ratingPlaces struct{ a *App }

// HallOf returns the first hall of exactly regionCode, with its active
// windows.
func (rp ratingPlaces) HallOf(ctx context.Context, regionCode string) (rating.Place, []rating.Place, bool, error) {
	halls, err := rp.a.Store.ListHalls(ctx, regionCode)
	if err != nil {
		return rating.Place{}, nil, false, err
	}
	for _, h := range halls {
		if h.RegionCode != regionCode {
			continue
		}
		hall := rating.Place{HallID: h.ID, HallName: h.Name, HallRegion: h.RegionCode}
		ws, err := rp.a.Store.ListWindows(ctx, h.ID)
		if err != nil {
			return rating.Place{}, nil, false, err
		}
		var windows []rating.Place
		for _, w := range ws {
			if w.Active {
				p := hall
				p.WindowID, p.WindowName = w.ID, rp.a.Catalog.T(i18n.Chinese, "rating.window_label", w.Number, w.Name)
				windows = append(windows, p)
			}
		}
		return hall, windows, true, nil
	}
	return rating.Place{}, nil, false, nil
}

// ratingNotices adapts the notice module to rating.Notifier.
type ratingNotices struct{ a *App }

// RatingAnswered tells the rater, in their inbox, that the department has
// answered their bad rating, with a link to the case page where the answer
// is shown. The rater's language is not known here, so it is in Chinese.
func (rn ratingNotices) RatingAnswered(ctx context.Context, t rating.Task) error {
	cat := rn.a.Catalog
	_, err := rn.a.Notices.Send(ctx, notify.Message{
		To:    notify.Recipient{Kind: notify.ToPerson, ID: t.PersonID, OrgID: t.OrgID},
		Title: cat.T(i18n.Chinese, "rating.notice.answered.title"),
		Body:  cat.T(i18n.Chinese, "rating.notice.answered.body", t.CaseNumber, t.ItemName, t.Feedback),
		Link:  "/me/cases/" + strconv.FormatInt(t.CaseID, 10),
	})
	return err
}
