package web

import (
	"net/http"

	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/region"
	"github.com/tongban/tongban/internal/region/divisions"
)

func (ui *UI) registerAdmin(rt routeAdder) {
	rt.Handle("GET", "/admin", ui.adminConsole)
	rt.Handle("GET", "/admin/regions", ui.adminRegions)
	rt.Handle("POST", "/admin/regions/villages", ui.addVillage)
	ui.registerAdminDirectory(rt)
}

// AdminView is the admin console's start page.
type AdminView struct {
	Page
	Links []Link
}

func (ui *UI) adminConsole(w http.ResponseWriter, r *http.Request) error {
	pr, err := principal.AuthorizeOwn(r.Context(), principal.UseAdminConsole)
	if err != nil {
		return err
	}
	p := AdminView{Page: ui.page(r, "admin.title"), Links: []Link{
		{"/admin/regions", "admin.regions"},
		{"/admin/departments", "admin.departments"},
		{"/admin/halls", "admin.halls"},
		{"/admin/staff", "admin.staff"},
		{"/admin/calendar", "calendar.title"},
	}}
	if pr.CanAnywhere(principal.ManageSearch) {
		p.Links = append(p.Links, Link{"/admin/search/synonyms", "admin.search_synonyms"}, Link{"/admin/search/misses", "admin.search_misses"})
	}
	if pr.CanAnywhere(principal.ViewSeals) {
		p.Links = append(p.Links, Link{"/admin/seals", "license.ui.seals.title"})
	}
	if pr.CanAnywhere(principal.ManageLicenseTypes) {
		p.Links = append(p.Links, Link{"/admin/license-types", "license.ui.types.title"})
	}
	if pr.CanAnywhere(principal.ManageAPIClients) {
		p.Links = append(p.Links, Link{"/admin/api-clients", "apiclient.ui.title"})
	}
	return ui.render(w, http.StatusOK, "admin", p)
}

// RegionsView is the administrator's region tree.
type RegionsView struct {
	Page
	Rows      []RegionRow
	Townships []region.Region // where a village may be added, if the viewer may manage regions
}

// RegionRow is one line of the tree, indented by depth below the viewer's root.
type RegionRow struct {
	region.Region
	Depth int
}

func (ui *UI) regionsView(r *http.Request) (RegionsView, error) {
	ctx := r.Context()
	pr := principal.From(ctx)
	if _, err := principal.AuthorizeOwn(ctx, principal.UseAdminConsole); err != nil {
		return RegionsView{}, err
	}
	regions, err := ui.Regions.Subtree(ctx, pr.Scope.RegionCode)
	if err != nil {
		return RegionsView{}, err
	}
	p := RegionsView{Page: ui.page(r, "admin.regions")}
	rootLevel := divisions.Level(0)
	if len(regions) > 0 {
		rootLevel = regions[0].Level
	}
	canManage := pr.CanAnywhere(principal.ManageRegions)
	for _, reg := range regions {
		p.Rows = append(p.Rows, RegionRow{Region: reg, Depth: int(reg.Level - rootLevel)})
		if canManage && reg.Level == divisions.Township {
			p.Townships = append(p.Townships, reg)
		}
	}
	return p, nil
}

func (ui *UI) adminRegions(w http.ResponseWriter, r *http.Request) error {
	p, err := ui.regionsView(r)
	if err != nil {
		return err
	}
	return ui.render(w, http.StatusOK, "admin_regions", p)
}

func (ui *UI) addVillage(w http.ResponseWriter, r *http.Request) error {
	_, err := ui.Regions.AddVillage(r.Context(), r.PostFormValue("parent_code"), r.PostFormValue("code"), r.PostFormValue("name"))
	if err != nil {
		form, ok := ui.formFrom(r, err, "parent_code", "code", "name")
		if !ok {
			return err
		}
		p, verr := ui.regionsView(r)
		if verr != nil {
			return verr
		}
		p.Form = form
		return ui.render(w, http.StatusUnprocessableEntity, "admin_regions", p)
	}
	http.Redirect(w, r, "/admin/regions", http.StatusSeeOther)
	return nil
}
