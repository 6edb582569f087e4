package web

// registerAdminDirectory adds the console pages for departments, halls and
// windows, staff accounts and the audit trail.
func (ui *UI) registerAdminDirectory(rt routeAdder) {}
