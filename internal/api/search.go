package api

import "github.com/tongban/tongban/internal/httpserver"

// registerSearch adds the search routes.
func (a *API) registerSearch(rt *httpserver.Router) {}
