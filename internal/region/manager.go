package region

import (
	"context"
	"strings"
	"time"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/region/divisions"
)

// Manager is region's use cases. Every method that changes or reveals staff-only
// data authorizes the principal in ctx by role and scope.
type Manager struct {
	tx    Tx
	store Store
	now   func() time.Time
}

// NewManager wires a Manager.
func NewManager(tx Tx, store Store, now func() time.Time) *Manager {
	return &Manager{tx: tx, store: store, now: now}
}

// Get returns one region. Division names are public.
func (m *Manager) Get(ctx context.Context, code string) (Region, error) {
	return m.store.GetRegion(ctx, code)
}

// Children lists the direct children of a region. Public: registration forms
// and guides need them.
func (m *Manager) Children(ctx context.Context, code string) ([]Region, error) {
	return m.store.ListRegions(ctx, RegionFilter{ParentCode: code})
}

// Path returns the region and its ancestors, province first.
func (m *Manager) Path(ctx context.Context, code string) ([]Region, error) {
	var path []Region
	for code != "" {
		r, err := m.store.GetRegion(ctx, code)
		if err != nil {
			return nil, err
		}
		path = append([]Region{r}, path...)
		code = r.ParentCode
	}
	return path, nil
}

// Subtree lists root and everything below it, for the administrator's tree.
func (m *Manager) Subtree(ctx context.Context, root string) ([]Region, error) {
	if _, err := principal.Authorize(ctx, principal.ViewRegions, principal.Scope{RegionCode: root}); err != nil {
		return nil, err
	}
	return m.store.ListRegions(ctx, RegionFilter{Prefix: root})
}

// AddVillage adds a village-level unit (村/社区) under a township. Villages are
// not in the embedded data; each county maintains its own.
func (m *Manager) AddVillage(ctx context.Context, parentCode, code, name string) (Region, error) {
	code, name = strings.TrimSpace(code), strings.TrimSpace(name)
	if _, err := principal.Authorize(ctx, principal.ManageRegions, principal.Scope{RegionCode: parentCode}); err != nil {
		return Region{}, err
	}
	parent, err := m.store.GetRegion(ctx, parentCode)
	if err != nil {
		return Region{}, err
	}
	if parent.Level != divisions.Township {
		return Region{}, apperr.Field("parent_code", "region.village.parent")
	}
	var fs []apperr.FieldError
	if name == "" {
		fs = append(fs, apperr.FieldError{Field: "name", Key: "form.required"})
	}
	if err := divisions.ValidChildCode(parentCode, code); err != nil || len(code) != 12 {
		fs = append(fs, apperr.FieldError{Field: "code", Key: "region.village.code"})
	}
	if err := apperr.Fields(fs); err != nil {
		return Region{}, err
	}
	r := Region{Code: code, Name: name, Level: divisions.Village, ParentCode: parentCode, CreatedAt: m.now()}
	if err := m.store.InsertRegion(ctx, r); err != nil {
		return Region{}, err
	}
	return r, nil
}

// InstallDivisions loads the embedded divisions of root's subtree (with its
// ancestors) down to maxLevel (0 = every embedded level) into an install; rows
// already present are kept. It is an install step run by the program itself,
// not a user action, so it does not authorize.
func (m *Manager) InstallDivisions(ctx context.Context, root string, maxLevel divisions.Level) error {
	ds, err := divisions.Subtree(root)
	if err != nil {
		return err
	}
	return m.tx.InTx(ctx, func(ctx context.Context) error {
		for _, d := range ds {
			if maxLevel != 0 && d.Level > maxLevel {
				continue
			}
			if _, err := m.store.GetRegion(ctx, d.Code); err == nil {
				continue
			}
			r := Region{Code: d.Code, Name: d.Name, Level: d.Level, ParentCode: d.ParentCode, CreatedAt: m.now()}
			if err := m.store.InsertRegion(ctx, r); err != nil {
				return err
			}
		}
		return nil
	})
}

// Departments lists the departments the principal may see under regionPrefix.
func (m *Manager) Departments(ctx context.Context, regionPrefix string) ([]Department, error) {
	p, err := principal.Authorize(ctx, principal.ViewRegions, principal.Scope{RegionCode: regionPrefix, DepartmentID: principal.From(ctx).Scope.DepartmentID})
	if err != nil {
		return nil, err
	}
	return m.store.ListDepartments(ctx, DepartmentFilter{RegionPrefix: regionPrefix, DepartmentID: p.Scope.DepartmentID})
}

// PublicDepartments lists the active departments of a region for citizens.
func (m *Manager) PublicDepartments(ctx context.Context, regionPrefix string) ([]Department, error) {
	return m.store.ListDepartments(ctx, DepartmentFilter{RegionPrefix: regionPrefix, ActiveOnly: true})
}

// Department returns one department if the principal may see it.
func (m *Manager) Department(ctx context.Context, id int64) (Department, error) {
	d, err := m.store.GetDepartment(ctx, id)
	if err != nil {
		return d, err
	}
	if _, err := principal.Authorize(ctx, principal.ViewRegions, d.Scope()); err != nil {
		return Department{}, err
	}
	return d, nil
}

// DepartmentBySlug finds a department by its stable slug (install and import).
func (m *Manager) DepartmentBySlug(ctx context.Context, slug string) (Department, error) {
	return m.store.GetDepartmentBySlug(ctx, slug)
}

// SaveDepartment creates (ID 0) or updates a department.
func (m *Manager) SaveDepartment(ctx context.Context, d Department) (Department, error) {
	if _, err := principal.AuthorizeOwn(ctx, principal.ManageRegions); err != nil {
		return d, err
	}
	d.normalize()
	if err := d.validate(); err != nil {
		return d, err
	}
	if _, err := principal.Authorize(ctx, principal.ManageRegions, principal.Scope{RegionCode: d.RegionCode}); err != nil {
		return d, err
	}
	err := m.tx.InTx(ctx, func(ctx context.Context) error {
		if _, err := m.store.GetRegion(ctx, d.RegionCode); err != nil {
			return apperr.Field("region_code", "region.unknown")
		}
		if d.ID == 0 {
			d.Active = true
			d.CreatedAt = m.now()
			return taken(m.store.InsertDepartment(ctx, &d), "slug", "region.department.taken")
		}
		old, err := m.store.GetDepartment(ctx, d.ID)
		if err != nil {
			return err
		}
		// Moving a department out of the administrator's scope is as much a
		// change to the old region as to the new one.
		if _, err := principal.Authorize(ctx, principal.ManageRegions, principal.Scope{RegionCode: old.RegionCode}); err != nil {
			return err
		}
		d.CreatedAt = old.CreatedAt
		return taken(m.store.UpdateDepartment(ctx, d), "slug", "region.department.taken")
	})
	return d, err
}

// InstallDepartment creates a department during install, without a principal.
func (m *Manager) InstallDepartment(ctx context.Context, d Department) (Department, error) {
	d.normalize()
	if err := d.validate(); err != nil {
		return d, err
	}
	d.Active = true
	d.CreatedAt = m.now()
	return d, m.store.InsertDepartment(ctx, &d)
}

// Halls lists the halls under regionPrefix.
func (m *Manager) Halls(ctx context.Context, regionPrefix string) ([]Hall, error) {
	if _, err := principal.Authorize(ctx, principal.ViewRegions, principal.Scope{RegionCode: regionPrefix, DepartmentID: principal.From(ctx).Scope.DepartmentID}); err != nil {
		return nil, err
	}
	return m.store.ListHalls(ctx, regionPrefix)
}

// Hall returns a hall with its windows.
func (m *Manager) Hall(ctx context.Context, id int64) (Hall, []Window, error) {
	h, err := m.store.GetHall(ctx, id)
	if err != nil {
		return h, nil, err
	}
	if _, err := principal.Authorize(ctx, principal.ViewRegions, principal.Scope{RegionCode: h.RegionCode, DepartmentID: principal.From(ctx).Scope.DepartmentID}); err != nil {
		return Hall{}, nil, err
	}
	ws, err := m.store.ListWindows(ctx, id)
	return h, ws, err
}

// SaveHall creates (ID 0) or updates a hall.
func (m *Manager) SaveHall(ctx context.Context, h Hall) (Hall, error) {
	if _, err := principal.AuthorizeOwn(ctx, principal.ManageRegions); err != nil {
		return h, err
	}
	h.normalize()
	if err := h.validate(); err != nil {
		return h, err
	}
	if _, err := principal.Authorize(ctx, principal.ManageRegions, principal.Scope{RegionCode: h.RegionCode}); err != nil {
		return h, err
	}
	err := m.tx.InTx(ctx, func(ctx context.Context) error {
		if _, err := m.store.GetRegion(ctx, h.RegionCode); err != nil {
			return apperr.Field("region_code", "region.unknown")
		}
		if h.ID == 0 {
			h.CreatedAt = m.now()
			return taken(m.store.InsertHall(ctx, &h), "name", "region.hall.taken")
		}
		old, err := m.store.GetHall(ctx, h.ID)
		if err != nil {
			return err
		}
		if _, err := principal.Authorize(ctx, principal.ManageRegions, principal.Scope{RegionCode: old.RegionCode}); err != nil {
			return err
		}
		h.CreatedAt = old.CreatedAt
		return taken(m.store.UpdateHall(ctx, h), "name", "region.hall.taken")
	})
	return h, err
}

// SaveWindow creates (ID 0) or updates a window of a hall. Every department it
// serves must belong to the hall's region subtree.
func (m *Manager) SaveWindow(ctx context.Context, w Window) (Window, error) {
	if _, err := principal.AuthorizeOwn(ctx, principal.ManageRegions); err != nil {
		return w, err
	}
	w.Name = strings.TrimSpace(w.Name)
	if err := w.validate(); err != nil {
		return w, err
	}
	err := m.tx.InTx(ctx, func(ctx context.Context) error {
		h, err := m.store.GetHall(ctx, w.HallID)
		if err != nil {
			return err
		}
		if _, err := principal.Authorize(ctx, principal.ManageRegions, principal.Scope{RegionCode: h.RegionCode}); err != nil {
			return err
		}
		for _, id := range w.DepartmentIDs {
			d, err := m.store.GetDepartment(ctx, id)
			if err != nil || !strings.HasPrefix(d.RegionCode, h.RegionCode) && !strings.HasPrefix(h.RegionCode, d.RegionCode) {
				return apperr.Field("department_ids", "region.window.department")
			}
		}
		if w.ID == 0 {
			w.Active = true
			w.CreatedAt = m.now()
			return taken(m.store.InsertWindow(ctx, &w), "number", "region.window.taken")
		}
		old, err := m.store.GetWindow(ctx, w.ID)
		if err != nil {
			return err
		}
		if old.HallID != w.HallID {
			return apperr.Field("hall_id", "region.window.hall")
		}
		w.CreatedAt = old.CreatedAt
		return taken(m.store.UpdateWindow(ctx, w), "number", "region.window.taken")
	})
	return w, err
}

// InstallHall creates a hall with its windows during install, without a principal.
func (m *Manager) InstallHall(ctx context.Context, h Hall, ws []Window) (Hall, error) {
	h.normalize()
	if err := h.validate(); err != nil {
		return h, err
	}
	err := m.tx.InTx(ctx, func(ctx context.Context) error {
		h.CreatedAt = m.now()
		if err := m.store.InsertHall(ctx, &h); err != nil {
			return err
		}
		for _, w := range ws {
			w.HallID, w.Active, w.CreatedAt = h.ID, true, m.now()
			if err := w.validate(); err != nil {
				return err
			}
			if err := m.store.InsertWindow(ctx, &w); err != nil {
				return err
			}
		}
		return nil
	})
	return h, err
}

// taken turns a uniqueness clash from the store into a message on the field the
// user can change; other errors pass through.
func taken(err error, field, key string) error {
	if apperr.KindOf(err) == apperr.Conflict {
		return apperr.Field(field, key)
	}
	return err
}
