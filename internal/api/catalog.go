package api

import "github.com/tongban/tongban/internal/httpserver"

// registerCatalog adds the catalog, guide and bundle routes.
func (a *API) registerCatalog(rt *httpserver.Router) {}
