package casework

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
)

// Departments tells casework where a department sits, for transfers; the
// region module provides it through app.
type Departments interface {
	// DepartmentRegion returns the region code and the name of a department,
	// or a NotFound error.
	DepartmentRegion(ctx context.Context, id int64) (region, name string, err error)
}

// EventTransfer is the timeline entry of a transfer between departments.
const EventTransfer = "transfer"

// transferRoles may send a case to another department: whoever receives or
// reviews it can see it is not theirs.
var transferRoles = []principal.Role{principal.WindowClerk, principal.Reviewer, principal.DeptHead}

// Transfer sends an open, undecided case to another department (移送): the
// application went to the wrong office, or the work moves under a
// reorganisation. The number and clock stay; a case not yet accepted waits for
// acceptance by the new department. The staff member must handle the case now
// and give a reason; the timeline records both departments.
func (m *Manager) Transfer(ctx context.Context, caseID, toDepartment int64, reason string) (Case, error) {
	reason = strings.TrimSpace(reason)
	p, err := principal.RequireStaff(ctx)
	if err != nil {
		return Case{}, err
	}
	var c Case
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		if c, err = m.store.GetCase(ctx, caseID); err != nil {
			return err
		}
		if !handles(p, c) || !slices.ContainsFunc(transferRoles, p.Has) {
			return apperr.Forbid()
		}
		if c.Closed || c.Conclusion != "" || c.State == "concluded" {
			return apperr.New(apperr.Conflict, "casework.action.not_now")
		}
		var fs []apperr.FieldError
		if reason == "" {
			fs = append(fs, apperr.FieldError{Field: "reason", Key: "form.required"})
		}
		if toDepartment == 0 || toDepartment == c.DepartmentID {
			fs = append(fs, apperr.FieldError{Field: "department", Key: "casework.transfer.department"})
		}
		if len(fs) > 0 {
			return apperr.Fields(fs)
		}
		if m.departments == nil {
			return apperr.New(apperr.Conflict, "casework.transfer.unavailable")
		}
		region, name, err := m.departments.DepartmentRegion(ctx, toDepartment)
		if err != nil {
			if apperr.KindOf(err) == apperr.NotFound {
				return apperr.Field("department", "casework.transfer.department")
			}
			return err
		}
		_, fromName, err := m.departments.DepartmentRegion(ctx, c.DepartmentID)
		if err != nil {
			return err
		}
		from := c.State
		c.RegionCode, c.DepartmentID, c.UpdatedAt = region, toDepartment, m.now()
		if err := m.store.UpdateCase(ctx, c, from); err != nil {
			return err
		}
		return m.record(ctx, c, EventTransfer, from, c.State, reason, map[string]string{
			"from_department": fromName, "to_department": name, "to_department_id": strconv.FormatInt(toDepartment, 10)})
	})
	return c, err
}
