// Package api is Tongban's JSON REST surface under /api/v1, described by the
// OpenAPI 3 document it serves at /api/openapi.yaml. Handlers decode, call one
// manager method and encode; rules and permissions live in the modules.
//
// Personal data leaves the API masked: a person is encoded with
// id_number_masked and phone_masked only, and the full values come from the
// reveal endpoint alone, which the identity module audits.
package api

import (
	"github.com/tongban/tongban/internal/httpserver"
	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/platform/audit"
	"github.com/tongban/tongban/internal/region"
)

// Deps are the managers the API uses.
type Deps struct {
	Identity   *identity.Manager
	Regions    *region.Manager
	Audit      audit.Reader
	HomeRegion string
}

// API is the JSON surface.
type API struct{ Deps }

// New returns the API.
func New(d Deps) *API { return &API{Deps: d} }

// Register adds the API routes to rt. Every /api/v1 route registered here must
// be described in openapi.yaml; a test walks the router to check.
func (a *API) Register(rt *httpserver.Router) {
	handle(rt, "GET", "/api/openapi.yaml", a.openAPI)

	handle(rt, "POST", "/api/v1/persons", a.registerPerson)
	handle(rt, "POST", "/api/v1/tokens", a.createToken)
	handle(rt, "DELETE", "/api/v1/tokens/current", a.deleteToken)
	handle(rt, "GET", "/api/v1/me", a.me)
	handle(rt, "GET", "/api/v1/me/organizations", a.myOrganizations)
	handle(rt, "POST", "/api/v1/me/organizations", a.registerOrganization)

	handle(rt, "GET", "/api/v1/regions/{code}", a.region)
	handle(rt, "GET", "/api/v1/regions/{code}/children", a.regionChildren)
	handle(rt, "GET", "/api/v1/departments", a.departments)
	handle(rt, "GET", "/api/v1/departments/{id}", a.department)
	handle(rt, "POST", "/api/v1/departments", a.createDepartment)
	handle(rt, "PUT", "/api/v1/departments/{id}", a.updateDepartment)
	handle(rt, "GET", "/api/v1/halls", a.halls)
	handle(rt, "GET", "/api/v1/halls/{id}", a.hall)
	handle(rt, "POST", "/api/v1/halls", a.createHall)
	handle(rt, "POST", "/api/v1/halls/{id}/windows", a.createWindow)
	handle(rt, "PUT", "/api/v1/windows/{id}", a.updateWindow)

	handle(rt, "GET", "/api/v1/people", a.people)
	handle(rt, "GET", "/api/v1/people/{id}", a.person)
	handle(rt, "POST", "/api/v1/people/{id}/reveal", a.reveal)
	handle(rt, "GET", "/api/v1/organizations", a.organizations)

	handle(rt, "GET", "/api/v1/staff", a.staffList)
	handle(rt, "GET", "/api/v1/staff/{id}", a.staffMember)
	handle(rt, "POST", "/api/v1/staff", a.createStaff)
	handle(rt, "PUT", "/api/v1/staff/{id}/roles", a.setRoles)

	handle(rt, "GET", "/api/v1/audit", a.auditTrail)
}
