package app

import (
	"context"

	"github.com/tongban/tongban/internal/hotline"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/region"
)

// wireHotline wires the 12345 hotline to the region module (departments and
// divisions), the catalog (items its articles link to) and uploads (the
// files citizens attach), on the case calendar.
func (a *App) wireHotline() {
	a.Hotline = hotline.NewManager(hotline.Deps{Tx: a.DB, Store: a.Store, Departments: hotlineDepartments{a},
		Places: hotlinePlaces{a}, Items: hotlineItems{a}, Uploads: hotlineUploads{a}, Audit: a.Store,
		Calendar: a.Calendar, Now: a.Now, Location: chinaTime, HomeRegion: a.HomeRegion})
}

// hotlineDepartments adapts the region store to hotline.Departments. The
// hotline authorizes dispatch itself, so it reads departments directly.
type hotlineDepartments struct{ a *App }

func hotlineDepartment(d region.Department) hotline.Department {
	return hotline.Department{ID: d.ID, Name: d.ShortName, RegionCode: d.RegionCode, Active: d.Active}
}

// Department returns one department.
func (h hotlineDepartments) Department(ctx context.Context, id int64) (hotline.Department, error) {
	d, err := h.a.Store.GetDepartment(ctx, id)
	if err != nil {
		return hotline.Department{}, err
	}
	return hotlineDepartment(d), nil
}

// Departments lists the active departments of a region subtree.
func (h hotlineDepartments) Departments(ctx context.Context, regionPrefix string) ([]hotline.Department, error) {
	ds, err := h.a.Store.ListDepartments(ctx, region.DepartmentFilter{RegionPrefix: regionPrefix, ActiveOnly: true})
	if err != nil {
		return nil, err
	}
	out := make([]hotline.Department, len(ds))
	for i, d := range ds {
		out[i] = hotlineDepartment(d)
	}
	return out, nil
}

// hotlinePlaces names divisions for the hotline.
type hotlinePlaces struct{ a *App }

// PlaceName returns a division's name.
func (h hotlinePlaces) PlaceName(ctx context.Context, code string) (string, error) {
	r, err := h.a.Regions.Get(ctx, code)
	return r.Name, err
}

// hotlineItems names published items for knowledge-base links.
type hotlineItems struct{ a *App }

// ItemName returns a published item's name by slug.
func (h hotlineItems) ItemName(ctx context.Context, slug string) (string, error) {
	p, err := h.a.Items.PublishedBySlug(ctx, slug)
	if err != nil {
		return "", err
	}
	if p.Version.Elements.Name == "" {
		return "", apperr.NotFoundf("item")
	}
	return p.Version.Elements.Name, nil
}

// hotlineUploads checks the files a citizen attaches to a ticket.
type hotlineUploads struct{ a *App }

// OwnUpload returns the name of the signed-in person's upload.
func (h hotlineUploads) OwnUpload(ctx context.Context, id int64) (string, error) {
	f, err := h.a.Uploads.Get(ctx, id)
	return f.Name, err
}
