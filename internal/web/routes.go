package web

import "github.com/tongban/tongban/internal/httpserver"

// routeAdder is the part of the router the page groups use.
type routeAdder interface {
	Handle(method, pattern string, h httpserver.HandlerFunc)
}
