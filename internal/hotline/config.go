package hotline

import (
	"context"
	"strconv"
	"strings"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
)

// Audit actions of configuration changes.
const (
	AuditRule   = "hotline.rule"
	AuditClass  = "hotline.class"
	AuditLimits = "hotline.limits"
	AuditKey    = "hotline.key"
	AuditKeyRev = "hotline.key.revoke"
)

// configure authorizes an administrator of the home region.
func (m *Manager) configure(ctx context.Context) (principal.Principal, error) {
	return principal.Authorize(ctx, principal.ConfigureHotline, principal.Scope{RegionCode: m.home})
}

// Classes lists the classification tree of the home region in code order,
// inactive classes included. Public: forms and Open311 need it.
func (m *Manager) Classes(ctx context.Context) ([]Class, error) {
	return m.store.ListClasses(ctx, m.home)
}

// SaveClass adds a class, or changes the one with the same code.
func (m *Manager) SaveClass(ctx context.Context, c Class) (Class, error) {
	if _, err := m.configure(ctx); err != nil {
		return c, err
	}
	c.normalize()
	c.RegionCode = m.home
	err := m.tx.InTx(ctx, func(ctx context.Context) error {
		classes, err := m.store.ListClasses(ctx, m.home)
		if err != nil {
			return err
		}
		_, parent := classByCode(classes, c.ParentCode)
		if err := c.validate(parent); err != nil {
			return err
		}
		if err := m.store.SaveClass(ctx, &c); err != nil {
			return err
		}
		return m.auditEntry(ctx, AuditClass, Ticket{RegionCode: m.home}, c.Code+" "+c.Name)
	})
	return c, err
}

// InstallClass adds a class of a region at install time, without a principal.
func (m *Manager) InstallClass(ctx context.Context, regionCode string, c Class) error {
	c.normalize()
	c.RegionCode = regionCode
	return m.store.SaveClass(ctx, &c)
}

// Limits returns the limit in force for each category in a region.
func (m *Manager) Limits(ctx context.Context, regionCode string) ([]Limit, error) {
	if _, err := principal.Authorize(ctx, principal.ConfigureHotline, principal.Scope{RegionCode: regionCode}); err != nil {
		return nil, err
	}
	configured, err := m.store.ListLimits(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Limit, len(Categories))
	for i, c := range Categories {
		out[i] = limitFor(configured, c, regionCode)
		out[i].RegionCode = regionCode
	}
	return out, nil
}

// SaveLimits sets the limits of a region for every category given. New
// tickets take them; tickets already received keep theirs.
func (m *Manager) SaveLimits(ctx context.Context, regionCode string, limits []Limit) error {
	if _, err := principal.Authorize(ctx, principal.ConfigureHotline, principal.Scope{RegionCode: regionCode}); err != nil {
		return err
	}
	var fs []apperr.FieldError
	for i := range limits {
		limits[i].RegionCode = regionCode
		fs = append(fs, apperr.FieldErrors(limits[i].validate())...)
	}
	if fe, err := m.checkPlace(ctx, regionCode); err != nil {
		return err
	} else if fe != nil {
		fs = append(fs, *fe)
	}
	if err := apperr.Fields(fs); err != nil {
		return err
	}
	return m.tx.InTx(ctx, func(ctx context.Context) error {
		detail := ""
		for _, l := range limits {
			if err := m.store.SaveLimit(ctx, l); err != nil {
				return err
			}
			detail += string(l.Category) + "=" + strconv.Itoa(l.SignDays) + "/" + strconv.Itoa(l.HandleDays) + " "
		}
		return m.auditEntry(ctx, AuditLimits, Ticket{RegionCode: regionCode}, detail)
	})
}

// Rules lists the dispatch rules in the order they are tried.
func (m *Manager) Rules(ctx context.Context) ([]Rule, error) {
	if _, err := m.configure(ctx); err != nil {
		return nil, err
	}
	rules, err := m.store.ListRules(ctx)
	return sortedRules(rules), err
}

// Rule returns one rule for its administrator.
func (m *Manager) Rule(ctx context.Context, id int64) (Rule, error) {
	if _, err := m.configure(ctx); err != nil {
		return Rule{}, err
	}
	return m.store.GetRule(ctx, id)
}

// SaveRule adds (ID 0) or changes a dispatch rule. The expression is
// compiled and type-checked first; a rule that does not compile is refused
// with the line and column of the problem.
func (m *Manager) SaveRule(ctx context.Context, r Rule) (Rule, error) {
	p, err := m.configure(ctx)
	if err != nil {
		return r, err
	}
	r.normalize()
	if err := r.validate(); err != nil {
		return r, err
	}
	// A rule may name a department of the county or of one of its
	// townships; dispatch then checks that it can take the ticket at hand.
	d, err := m.departments.Department(ctx, r.DepartmentID)
	if apperr.KindOf(err) == apperr.NotFound || (err == nil && (!d.Active || !strings.HasPrefix(d.RegionCode, m.home))) {
		return r, apperr.Field("department_id", "hotline.dispatch.department")
	} else if err != nil {
		return r, err
	}
	r.RegionCode, r.UpdatedAt, r.UpdatedBy, r.DepartmentName = m.home, m.now(), p.Name, d.Name
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		if r.ID == 0 {
			if err := m.store.InsertRule(ctx, &r); err != nil {
				return err
			}
		} else {
			if _, err := m.store.GetRule(ctx, r.ID); err != nil {
				return err
			}
			if err := m.store.UpdateRule(ctx, r); err != nil {
				return err
			}
		}
		return m.auditEntry(ctx, AuditRule, Ticket{RegionCode: m.home}, strconv.FormatInt(r.ID, 10)+" "+r.Name+": "+r.Expression)
	})
	return r, err
}

// InstallRule adds a rule at install time; it must compile like any other.
func (m *Manager) InstallRule(ctx context.Context, r Rule) error {
	r.normalize()
	if err := r.validate(); err != nil {
		return err
	}
	r.RegionCode, r.UpdatedAt, r.UpdatedBy = m.home, m.now(), "install"
	return m.store.InsertRule(ctx, &r)
}

// TargetDepartments lists the departments tickets of the home region can be
// dispatched to, for operators and administrators.
func (m *Manager) TargetDepartments(ctx context.Context) ([]Department, error) {
	p, err := principal.RequireStaff(ctx)
	if err != nil {
		return nil, err
	}
	if !p.CanAnywhere(principal.OperateHotline) && !p.CanAnywhere(principal.ConfigureHotline) {
		return nil, apperr.Forbid()
	}
	return m.departments.Departments(ctx, m.home)
}

// Suggested is the department the rules choose for a ticket.
type Suggested struct {
	Rule       Rule
	Department Department
	Found      bool
}

// Suggest tells an operator where the rules would dispatch a ticket.
func (m *Manager) Suggest(ctx context.Context, id int64) (Suggested, error) {
	t, p, err := m.load(ctx, id)
	if err != nil {
		return Suggested{}, err
	}
	if !operates(p, t) {
		return Suggested{}, apperr.Forbid()
	}
	r, d, ok, err := m.suggest(ctx, t)
	return Suggested{Rule: r, Department: d, Found: ok}, err
}

// suggest runs the rules: the first active one, by priority, that applies
// to the ticket's region, holds for it and names a department that can take
// it.
func (m *Manager) suggest(ctx context.Context, t Ticket) (Rule, Department, bool, error) {
	rules, err := m.store.ListRules(ctx)
	if err != nil {
		return Rule{}, Department{}, false, err
	}
	for _, r := range sortedRules(rules) {
		if !r.Active || !hasPrefix(t.RegionCode, r.RegionCode) || !m.rules.holds(r, t) {
			continue
		}
		d, err := m.departments.Department(ctx, r.DepartmentID)
		if apperr.KindOf(err) == apperr.NotFound {
			continue
		} else if err != nil {
			return Rule{}, Department{}, false, err
		}
		if canHandle(d, t) {
			return r, d, true, nil
		}
	}
	return Rule{}, Department{}, false, nil
}
