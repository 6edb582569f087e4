package api

import (
	"net/http"
	"strings"

	"github.com/tongban/tongban/internal/httpserver"
)

// handle registers h on rt with its path wildcards filled in.
//
// httpserver.Router finds the handler with ServeMux.Handler, which matches the
// pattern but, unlike ServeMux.ServeHTTP, does not record the wildcard values
// on the request, so r.PathValue is empty. Until the router is fixed, the
// values are taken from the path here, segment by segment: the mux has already
// matched the pattern, so the segments line up. A value the mux did set is
// left alone, so this becomes a no-op once the router sets them itself.
func handle(rt *httpserver.Router, method, pattern string, h httpserver.HandlerFunc) {
	rt.Handle(method, pattern, withPathValues(pattern, h))
}

func withPathValues(pattern string, h httpserver.HandlerFunc) httpserver.HandlerFunc {
	wildcards := map[int]string{}
	for i, seg := range strings.Split(pattern, "/") {
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			wildcards[i] = strings.Trim(seg, "{}")
		}
	}
	if len(wildcards) == 0 {
		return h
	}
	return func(w http.ResponseWriter, r *http.Request) error {
		segs := strings.Split(r.URL.Path, "/")
		for i, name := range wildcards {
			if i < len(segs) && r.PathValue(name) == "" {
				r.SetPathValue(name, segs[i])
			}
		}
		return h(w, r)
	}
}
