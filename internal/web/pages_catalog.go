package web

// registerCatalog adds the staff pages of the service-item catalog: basic entries, claiming, compiling, review, quality reports.
func (ui *UI) registerCatalog(rt routeAdder) {}
