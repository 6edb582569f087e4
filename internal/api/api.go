// Package api is Tongban's JSON REST surface under /api/v1, described by the
// OpenAPI 3 document it serves at /api/openapi.yaml. Handlers decode, call one
// manager method and encode; rules and permissions live in the modules.
//
// Personal data leaves the API masked: a person is encoded with
// id_number_masked and phone_masked only, and the full values come from the
// reveal endpoint alone, which the identity module audits.
package api

import (
	"github.com/tongban/tongban/internal/bundle"
	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/catalog"
	"github.com/tongban/tongban/internal/hotline"
	"github.com/tongban/tongban/internal/httpserver"
	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/license"
	"github.com/tongban/tongban/internal/payment"
	"github.com/tongban/tongban/internal/platform/audit"
	"github.com/tongban/tongban/internal/rating"
	"github.com/tongban/tongban/internal/region"
	"github.com/tongban/tongban/internal/search"
)

// Deps are the managers the API uses.
type Deps struct {
	Identity   *identity.Manager
	Regions    *region.Manager
	Items      *catalog.Manager
	Licenses   *license.Manager
	Bundles    *bundle.Manager
	Search     *search.Manager
	Payments   *payment.Manager
	Cases      *casework.Manager
	Ratings    *rating.Manager
	Hotline    *hotline.Manager
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
	rt.Handle("GET", "/api/openapi.yaml", a.openAPI)

	rt.Handle("POST", "/api/v1/persons", a.registerPerson)
	rt.Handle("POST", "/api/v1/tokens", a.createToken)
	rt.Handle("DELETE", "/api/v1/tokens/current", a.deleteToken)
	rt.Handle("GET", "/api/v1/me", a.me)
	rt.Handle("GET", "/api/v1/me/organizations", a.myOrganizations)
	rt.Handle("POST", "/api/v1/me/organizations", a.registerOrganization)

	rt.Handle("GET", "/api/v1/regions/{code}", a.region)
	rt.Handle("GET", "/api/v1/regions/{code}/children", a.regionChildren)
	rt.Handle("GET", "/api/v1/departments", a.departments)
	rt.Handle("GET", "/api/v1/departments/{id}", a.department)
	rt.Handle("POST", "/api/v1/departments", a.createDepartment)
	rt.Handle("PUT", "/api/v1/departments/{id}", a.updateDepartment)
	rt.Handle("GET", "/api/v1/halls", a.halls)
	rt.Handle("GET", "/api/v1/halls/{id}", a.hall)
	rt.Handle("POST", "/api/v1/halls", a.createHall)
	rt.Handle("POST", "/api/v1/halls/{id}/windows", a.createWindow)
	rt.Handle("PUT", "/api/v1/windows/{id}", a.updateWindow)

	rt.Handle("GET", "/api/v1/people", a.people)
	rt.Handle("GET", "/api/v1/people/{id}", a.person)
	rt.Handle("POST", "/api/v1/people/{id}/reveal", a.reveal)
	rt.Handle("GET", "/api/v1/organizations", a.organizations)

	rt.Handle("GET", "/api/v1/staff", a.staffList)
	rt.Handle("GET", "/api/v1/staff/{id}", a.staffMember)
	rt.Handle("POST", "/api/v1/staff", a.createStaff)
	rt.Handle("PUT", "/api/v1/staff/{id}/roles", a.setRoles)

	rt.Handle("GET", "/api/v1/audit", a.auditTrail)

	rt.Handle("POST", "/api/v1/payments/callback", a.paymentCallback)

	a.registerCatalog(rt)
	a.registerSearch(rt)
	a.registerClients(rt)
	a.registerCases(rt)
	a.registerApplications(rt)
	a.registerLicenses(rt)
	a.registerRatings(rt)
	a.registerHotline(rt)
}
