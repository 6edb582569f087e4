package casework

import (
	"context"
	"slices"
	"sort"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/calendar"
	"github.com/tongban/tongban/internal/platform/principal"
)

// InboxFilter selects a department's cases.
type InboxFilter struct {
	State         string
	IncludeClosed bool
	Limit         int
	Offset        int
}

// Inbox lists the cases of the signed-in staff member's scope: the region
// subtree and, for department staff, only their department's cases.
func (m *Manager) Inbox(ctx context.Context, f InboxFilter) ([]Case, int, error) {
	p, err := principal.RequireStaff(ctx)
	if err != nil {
		return nil, 0, err
	}
	if p.Scope.RegionCode == "" || !slices.ContainsFunc(handlerRoles, p.Has) {
		return nil, 0, apperr.Forbid()
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	return m.store.ListCases(ctx, CaseFilter{RegionPrefix: p.Scope.RegionCode, DepartmentID: p.Scope.DepartmentID,
		State: f.State, OpenOnly: !f.IncludeClosed, Limit: f.Limit, Offset: f.Offset})
}

// CaseView is a case with its timeline and the actions the viewer may take.
type CaseView struct {
	Case
	Application Application
	Events      []Event
	Actions     []Action
}

// Case returns a case to staff who handle it, to the clerk who registered it
// and to the applicant. Staff of another department are refused; to anyone
// else the case does not exist.
func (m *Manager) Case(ctx context.Context, id int64) (CaseView, error) {
	c, err := m.store.GetCase(ctx, id)
	if err != nil {
		return CaseView{}, err
	}
	p := principal.From(ctx)
	if err := canSee(p, c); err != nil {
		return CaseView{}, err
	}
	v := CaseView{Case: c}
	if v.Events, err = m.store.ListCaseEvents(ctx, c.ID); err != nil {
		return v, err
	}
	if v.Application, err = m.store.GetApplication(ctx, c.ApplicationID); err != nil {
		return v, err
	}
	if !c.Closed && (isApplicant(p, c) || handles(p, c)) {
		v.Actions = m.workflowFor(c).Allowed(c.State, p, isApplicant(p, c))
	}
	return v, nil
}

// CaseFile returns the material line of a case holding an uploaded file, to
// whoever may see the case; a file that is not one of the case's materials is
// "not found", so a case cannot be used to reach someone else's file.
func (m *Manager) CaseFile(ctx context.Context, caseID, fileID int64) (MaterialCheck, error) {
	c, err := m.store.GetCase(ctx, caseID)
	if err != nil {
		return MaterialCheck{}, err
	}
	if err := canSee(principal.From(ctx), c); err != nil {
		return MaterialCheck{}, err
	}
	a, err := m.store.GetApplication(ctx, c.ApplicationID)
	if err != nil {
		return MaterialCheck{}, err
	}
	for _, mc := range a.Materials {
		if fileID != 0 && mc.FileID == fileID {
			return mc, nil
		}
	}
	return MaterialCheck{}, apperr.NotFoundf("file")
}

func canSee(p principal.Principal, c Case) error {
	switch {
	case p.Kind == principal.Anonymous:
		return apperr.New(apperr.Unauthenticated, "auth.required")
	case isApplicant(p, c), handles(p, c), p.IsStaff() && p.ID == c.RegisteredBy && c.RegisteredBy != 0:
		return nil
	case p.IsStaff():
		return apperr.Forbid()
	}
	return apperr.NotFoundf("case")
}

// MyCase is a case as its applicant sees it in "my cases".
type MyCase struct {
	Case
	StateLabel string
	// Needed are the actions waiting for the applicant, and Notice the
	// department's words on what is needed (the supplement notice).
	Needed []Action
	Notice string
}

// MyCases lists the signed-in person's cases, newest first, with what is
// needed from them now.
func (m *Manager) MyCases(ctx context.Context) ([]MyCase, error) {
	p, err := principal.RequirePerson(ctx)
	if err != nil {
		return nil, err
	}
	cs, _, err := m.store.ListCases(ctx, CaseFilter{PersonID: p.ID, OrgID: p.OrgID, Limit: 200})
	if err != nil {
		return nil, err
	}
	out := make([]MyCase, len(cs))
	for i, c := range cs {
		wf := m.workflowFor(c)
		mc := MyCase{Case: c}
		for _, s := range wf.States {
			if s.ID == c.State {
				mc.StateLabel = s.Label
			}
		}
		if !c.Closed {
			mc.Needed = needed(wf, c, p)
		}
		if len(mc.Needed) > 0 {
			if mc.Notice, err = m.lastComment(ctx, c.ID, ActionSupplement); err != nil {
				return nil, err
			}
		}
		out[i] = mc
	}
	return out, nil
}

// needed are the applicant's actions that wait for them: not a withdrawal,
// which is a choice, not a duty.
func needed(wf Workflow, c Case, p principal.Principal) []Action {
	var out []Action
	for _, a := range wf.Allowed(c.State, p, true) {
		if !wf.terminal(a.To) {
			out = append(out, a)
		}
	}
	return out
}

func (m *Manager) lastComment(ctx context.Context, caseID int64, action string) (string, error) {
	es, err := m.store.ListCaseEvents(ctx, caseID)
	if err != nil {
		return "", err
	}
	for i := len(es) - 1; i >= 0; i-- {
		if es[i].Action == action {
			return es[i].Comment, nil
		}
	}
	return "", nil
}

// Supervised is an open case with its supervision light on a day.
type Supervised struct {
	Case
	Light Light
}

// Overdue returns the open, accepted cases of a region subtree with their
// supervision light on today, red first, then yellow, then green, each by due
// date. Department staff see their department's cases only.
func (m *Manager) Overdue(ctx context.Context, regionPrefix string, today calendar.Date) ([]Supervised, error) {
	p, err := principal.RequireStaff(ctx)
	if err != nil {
		return nil, err
	}
	if regionPrefix == "" {
		regionPrefix = p.Scope.RegionCode
	}
	if !p.Scope.Covers(principal.Scope{RegionCode: regionPrefix}) || !slices.ContainsFunc(handlerRoles, p.Has) {
		return nil, apperr.Forbid()
	}
	cs, _, err := m.store.ListCases(ctx, CaseFilter{RegionPrefix: regionPrefix, DepartmentID: p.Scope.DepartmentID,
		OpenOnly: true, AcceptedOnly: true, Limit: 1000})
	if err != nil {
		return nil, err
	}
	out := make([]Supervised, len(cs))
	for i, c := range cs {
		out[i] = Supervised{Case: c, Light: LightFor(m.cal, c.Clock, today, m.th)}
	}
	rank := map[Light]int{Red: 0, Yellow: 1, Green: 2}
	sort.SliceStable(out, func(i, j int) bool {
		if rank[out[i].Light] != rank[out[j].Light] {
			return rank[out[i].Light] < rank[out[j].Light]
		}
		return out[i].Due.Before(out[j].Due)
	})
	return out, nil
}
