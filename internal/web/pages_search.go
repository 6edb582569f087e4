package web

// registerSearch adds search for citizens and the search administration pages.
func (ui *UI) registerSearch(rt routeAdder) {}
