// Package api is Tongban's JSON REST surface under /api/v1, described by the
// OpenAPI 3 document it serves at /api/openapi.yaml. Handlers decode, call one
// manager method and encode; rules and permissions live in the modules.
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

// Register adds the API routes to rt.
func (a *API) Register(rt *httpserver.Router) {}
