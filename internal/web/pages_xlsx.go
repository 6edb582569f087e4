package web

// registerCatalogExcel adds Excel export and import of implementation lists.
func (ui *UI) registerCatalogExcel(rt routeAdder) {}
