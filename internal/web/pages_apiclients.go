package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/region"
)

// registerAPIClients adds the console page where a system administrator
// connects departmental business systems to the API and revokes them.
func (ui *UI) registerAPIClients(rt routeAdder) {
	rt.Handle("GET", "/admin/api-clients", ui.adminAPIClients)
	rt.Handle("POST", "/admin/api-clients", ui.createAPIClient)
	rt.Handle("POST", "/admin/api-clients/{id}/revoke", ui.revokeAPIClient)
}

// tokenEndpoint is where a client exchanges its credentials for a token.
const tokenEndpoint = "/api/v1/oauth/token"

// APIClientsView lists the clients of the administrator's scope with the form
// to add one; right after creation it shows the new secret, this once.
type APIClientsView struct {
	Page
	Clients     []APIClientRow
	Total       int
	Pager       Pager
	Departments []region.Department // where a client may be placed
	Roles       []principal.Role
	Checked     map[principal.Role]bool
	Created     *identity.NewAPIClient
	TokenURL    string
	Back        Link
}

// APIClientRow is one client with its words ready to show.
type APIClientRow struct {
	identity.APIClient
	Department string
	Roles      []principal.Role
	CreatedAt  string
	LastUsed   string // "" when never used
	RevokedAt  string // "" while active
}

func (ui *UI) apiClientsView(r *http.Request) (APIClientsView, error) {
	ctx := r.Context()
	number := pageNumber(r)
	clients, total, err := ui.Identity.APIClients(ctx, identity.APIClientFilter{Limit: listPageSize, Offset: (number - 1) * listPageSize})
	if err != nil {
		return APIClientsView{}, err
	}
	depts, err := ui.Regions.Departments(ctx, principal.From(ctx).Scope.RegionCode)
	if err != nil {
		return APIClientsView{}, err
	}
	p := APIClientsView{Page: ui.page(r, "apiclient.ui.title"), Total: total, Pager: newPager(r.URL, number, total),
		Departments: depts, Roles: identity.APIClientRoles, Checked: map[principal.Role]bool{}, TokenURL: tokenEndpoint, Back: backLink(r)}
	names := map[int64]string{}
	for _, d := range depts {
		names[d.ID] = d.ShortName
	}
	for _, c := range clients {
		p.Clients = append(p.Clients, APIClientRow{APIClient: c, Department: names[c.DepartmentID], Roles: displayRoles(c.Roles),
			CreatedAt: consoleTime(c.CreatedAt), LastUsed: consoleTime(c.LastUsedAt), RevokedAt: consoleTime(c.RevokedAt)})
	}
	return p, nil
}

func (ui *UI) adminAPIClients(w http.ResponseWriter, r *http.Request) error {
	p, err := ui.apiClientsView(r)
	if err != nil {
		return err
	}
	return ui.render(w, http.StatusOK, "admin_api_clients", p)
}

// createAPIClient answers with the page itself rather than a redirect: the
// secret must appear once, and never in a URL or a cookie.
func (ui *UI) createAPIClient(w http.ResponseWriter, r *http.Request) error {
	roles := formRoles(r)
	dept, _ := strconv.ParseInt(strings.TrimSpace(r.PostFormValue("department_id")), 10, 64)
	created, err := ui.Identity.CreateAPIClient(r.Context(), identity.APIClientInput{
		Name: r.PostFormValue("name"), DepartmentID: dept, Roles: roles})
	if err != nil {
		form, status, ok := ui.failedForm(r, err, "name", "department_id")
		if !ok {
			return err
		}
		p, verr := ui.apiClientsView(r)
		if verr != nil {
			return verr
		}
		p.Form = form
		for _, role := range roles {
			p.Checked[role] = slices.Contains(identity.APIClientRoles, role)
		}
		return ui.render(w, status, "admin_api_clients", p)
	}
	p, err := ui.apiClientsView(r)
	if err != nil {
		return err
	}
	p.Created = &created
	return ui.render(w, http.StatusOK, "admin_api_clients", p)
}

func (ui *UI) revokeAPIClient(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "api client")
	if err != nil {
		return err
	}
	if _, err := ui.Identity.RevokeAPIClient(r.Context(), id); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/api-clients", http.StatusSeeOther)
	return nil
}
