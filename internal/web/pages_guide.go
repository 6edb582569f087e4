package web

// registerGuides adds the public guides (办事指南) and the catalog navigation for citizens.
func (ui *UI) registerGuides(rt routeAdder) {}
