package rating

import (
	"context"
	"slices"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
)

// Rated is a service with its ratings and, for a bad one, its task, as the
// rater sees them.
type Rated struct {
	Service
	Ratings []Rating
	// Tasks are the rectification tasks of the service's bad ratings, by
	// rating id.
	Tasks map[int64]Task
	// Next is the number the next rating would have (First or FollowUp),
	// or 0 when the service has been rated and followed up.
	Next int
}

// nextNumber is the number of the rating a service may get next, or 0.
func nextNumber(rs []Rating) int {
	if len(rs) >= FollowUp {
		return 0
	}
	return len(rs) + 1
}

// Service returns a service the signed-in person received, with its ratings,
// for the rating form; another's service does not exist for them.
func (m *Manager) Service(ctx context.Context, id int64) (Rated, error) {
	p, err := principal.RequirePerson(ctx)
	if err != nil {
		return Rated{}, err
	}
	s, err := m.store.GetService(ctx, id)
	if err != nil {
		return Rated{}, err
	}
	if !s.ownedBy(p) {
		return Rated{}, apperr.NotFoundf("service")
	}
	rated, err := m.withRatings(ctx, []Service{s})
	if err != nil {
		return Rated{}, err
	}
	return rated[0], nil
}

// withRatings loads the ratings and tasks of services.
func (m *Manager) withRatings(ctx context.Context, ss []Service) ([]Rated, error) {
	ids := make([]int64, len(ss))
	for i, s := range ss {
		ids[i] = s.ID
	}
	byService, err := m.store.RatingsOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	var bad []int64
	for _, rs := range byService {
		for _, r := range rs {
			if r.Level.Bad() {
				bad = append(bad, r.ID)
			}
		}
	}
	tasks := map[int64]Task{}
	if len(bad) > 0 {
		if tasks, err = m.store.TasksOfRatings(ctx, bad); err != nil {
			return nil, err
		}
	}
	out := make([]Rated, len(ss))
	for i, s := range ss {
		rs := byService[s.ID]
		out[i] = Rated{Service: s, Ratings: rs, Next: nextNumber(rs), Tasks: map[int64]Task{}}
		for _, r := range rs {
			if t, ok := tasks[r.ID]; ok {
				out[i].Tasks[r.ID] = t
			}
		}
	}
	return out, nil
}

// Rate records the signed-in person's rating of a service they received,
// online: the first rating, or the one follow-up (追评) after it.
func (m *Manager) Rate(ctx context.Context, serviceID int64, in Input) (Rating, error) {
	p, err := principal.RequirePerson(ctx)
	if err != nil {
		return Rating{}, err
	}
	var r Rating
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		s, err := m.store.GetService(ctx, serviceID)
		if err != nil {
			return err
		}
		if !s.ownedBy(p) {
			return apperr.NotFoundf("service")
		}
		r, err = m.rate(ctx, s, in, OnlineChannels)
		return err
	})
	return r, err
}

// rate validates and stores a rating of s by its applicant, and opens the
// rectification of a bad one, in the caller's transaction.
func (m *Manager) rate(ctx context.Context, s Service, in Input, channels []Channel) (Rating, error) {
	if err := in.validate(s.Mode, channels); err != nil {
		return Rating{}, err
	}
	prior, err := m.store.RatingsOf(ctx, []int64{s.ID})
	if err != nil {
		return Rating{}, err
	}
	next := nextNumber(prior[s.ID])
	if next == 0 {
		return Rating{}, apperr.New(apperr.Conflict, "rating.already_rated")
	}
	r := Rating{ServiceID: s.ID, Number: next, Level: in.Level, Dimensions: in.Dimensions, Comment: in.Comment,
		Channel: in.Channel, PersonID: s.PersonID, OrgID: s.OrgID, RealName: s.PersonID != 0, Latest: true, CreatedAt: m.now()}
	if r.Dimensions == nil {
		r.Dimensions = map[string]int{}
	}
	if next == FollowUp {
		if err := m.store.SupersedeRatings(ctx, s.ID, next); err != nil {
			return Rating{}, err
		}
	}
	if err := m.store.InsertRating(ctx, &r); err != nil {
		if apperr.KindOf(err) == apperr.Conflict {
			return Rating{}, apperr.Wrap(apperr.Conflict, "rating.already_rated", err)
		}
		return Rating{}, err
	}
	if r.Level.Bad() {
		if _, err := m.openTask(ctx, s, r); err != nil {
			return Rating{}, err
		}
	}
	return r, nil
}

// openTask opens the rectification of a bad rating in the department
// responsible for the service, due in working days from the rating's day.
func (m *Manager) openTask(ctx context.Context, s Service, r Rating) (Task, error) {
	opened := m.Today()
	t := Task{RatingID: r.ID, ServiceID: s.ID, RegionCode: s.RegionCode, DepartmentID: s.DepartmentID,
		DepartmentName: s.DepartmentName, State: StateVerifying, Level: r.Level, Comment: r.Comment, RealName: r.RealName,
		PersonID: r.PersonID, OrgID: r.OrgID, Stage: s.Stage, CaseID: s.CaseID, CaseNumber: s.CaseNumber, ItemName: s.ItemName,
		StaffName: s.StaffName, HallName: s.HallName, WindowName: s.WindowName, RatedAt: r.CreatedAt,
		Clock: Clock{Opened: opened, Workdays: m.workdays}, CreatedAt: r.CreatedAt, UpdatedAt: r.CreatedAt}
	t.Due, t.Provisional = t.Clock.Due(m.cal, opened)
	if err := m.store.InsertTask(ctx, &t); err != nil {
		return Task{}, err
	}
	return t, m.store.AppendTaskStep(ctx, &TaskStep{TaskID: t.ID, At: r.CreatedAt, Action: StepOpen})
}

// CaseRatings are the services of a case as one viewer sees them: the
// applicant their services with ratings and answers; a window clerk who may
// invite the applicant to rate a visit, the hall's windows to pick from.
type CaseRatings struct {
	Services  []Rated
	CanInvite bool
	Hall      Place
	Windows   []Place
}

// OfCase returns a case's ratings panel for the signed-in viewer: the
// applicant sees the services they received; a window clerk who may invite
// ratings of the case sees the invitation; anyone else sees nothing.
func (m *Manager) OfCase(ctx context.Context, caseID int64) (CaseRatings, error) {
	p := principal.From(ctx)
	switch {
	case p.IsPerson():
		ss, err := m.store.ServicesOfCase(ctx, caseID)
		if err != nil {
			return CaseRatings{}, err
		}
		ss = slices.DeleteFunc(ss, func(s Service) bool { return !s.ownedBy(p) })
		rated, err := m.withRatings(ctx, ss)
		return CaseRatings{Services: rated}, err
	case p.IsStaff() && p.Has(principal.WindowClerk):
		c, err := m.cases.CaseFacts(ctx, caseID)
		if err != nil || !mayInvite(p, c) {
			return CaseRatings{}, err
		}
		hall, windows, ok, err := m.places.HallOf(ctx, p.Scope.RegionCode)
		if err != nil {
			return CaseRatings{}, err
		}
		out := CaseRatings{CanInvite: true}
		if ok {
			out.Hall, out.Windows = hall, windows
		}
		return out, nil
	}
	return CaseRatings{}, nil
}

// mayInvite reports whether p, a window clerk, may ask the applicant of c to
// rate a visit: the clerk registered the case, or works in a hall of the
// case's region or of the region that received it. A hall's windows serve
// every department (无差别受理), so the clerk's own department does not matter.
func mayInvite(p principal.Principal, c CaseFacts) bool {
	if !p.CanAnywhere(principal.InviteRatings) || c.PersonID == 0 {
		return false
	}
	region := principal.Scope{RegionCode: p.Scope.RegionCode}
	return p.ID == c.RegisteredBy ||
		region.Covers(principal.Scope{RegionCode: c.RegionCode}) ||
		(c.ReceivedRegion != "" && region.Covers(principal.Scope{RegionCode: c.ReceivedRegion}))
}

// OpenVisit records a visit of a case's applicant to the clerk's window, to
// be rated on the hall's pad (一次一评). The window is one of the hall of the
// clerk's region, or none.
func (m *Manager) OpenVisit(ctx context.Context, caseID, windowID int64) (Service, error) {
	p, err := principal.AuthorizeOwn(ctx, principal.InviteRatings)
	if err != nil {
		return Service{}, err
	}
	var s Service
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		c, err := m.cases.CaseFacts(ctx, caseID)
		if err != nil {
			return err
		}
		if !mayInvite(p, c) {
			return apperr.Forbid()
		}
		s = Service{Stage: StageVisit, Mode: Onsite, CaseID: c.ID, CaseNumber: c.Number, PersonID: c.PersonID, OrgID: c.OrgID,
			ItemID: c.ItemID, ItemName: c.ItemName, RegionCode: c.RegionCode, DepartmentID: c.DepartmentID,
			DepartmentName: c.DepartmentName, StaffID: p.ID, StaffName: p.Name, At: m.now()}
		hall, windows, ok, err := m.places.HallOf(ctx, p.Scope.RegionCode)
		if err != nil {
			return err
		}
		if ok {
			s.HallID, s.HallName = hall.HallID, hall.HallName
		}
		if windowID != 0 {
			i := slices.IndexFunc(windows, func(w Place) bool { return w.WindowID == windowID })
			if i < 0 {
				return apperr.Field("window", "form.choice")
			}
			s.WindowID, s.WindowName = windows[i].WindowID, windows[i].WindowName
		}
		return m.store.InsertService(ctx, &s)
	})
	return s, err
}

// Visit returns a window visit to the clerk who opened it, for the pad.
func (m *Manager) Visit(ctx context.Context, id int64) (Rated, error) {
	s, err := m.clerksVisit(ctx, id)
	if err != nil {
		return Rated{}, err
	}
	rated, err := m.withRatings(ctx, []Service{s})
	if err != nil {
		return Rated{}, err
	}
	return rated[0], nil
}

// clerksVisit loads a visit the signed-in clerk opened; anything else is
// not found for them.
func (m *Manager) clerksVisit(ctx context.Context, id int64) (Service, error) {
	p, err := principal.AuthorizeOwn(ctx, principal.InviteRatings)
	if err != nil {
		return Service{}, err
	}
	s, err := m.store.GetService(ctx, id)
	if err != nil {
		return Service{}, err
	}
	if s.Stage != StageVisit || s.StaffID != p.ID {
		return Service{}, apperr.NotFoundf("service")
	}
	return s, nil
}

// MyRating is one of the signed-in person's ratings with its service.
type MyRating struct {
	Rating
	Service Service
}

// Mine lists the signed-in person's ratings, newest first.
func (m *Manager) Mine(ctx context.Context) ([]MyRating, error) {
	p, err := principal.RequirePerson(ctx)
	if err != nil {
		return nil, err
	}
	rs, ss, err := m.store.RatingsBy(ctx, p.ID, p.OrgID, 200)
	if err != nil {
		return nil, err
	}
	out := make([]MyRating, len(rs))
	for i := range rs {
		out[i] = MyRating{Rating: rs[i], Service: ss[i]}
	}
	return out, nil
}
