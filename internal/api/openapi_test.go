package api_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestOpenAPIDescribesEveryRoute checks, as text, that the served document has
// a path item with the right method for every route under /api/v1 (ServeMux
// wildcards are written like OpenAPI's) and for the operational endpoints, and
// that every $ref points at a defined component.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	r := s.must(http.StatusOK, "GET", "/api/openapi.yaml", "", nil)
	if ct := r.Header.Get("Content-Type"); ct != "application/yaml" {
		t.Errorf("Content-Type %q", ct)
	}
	doc := string(r.Body)
	if !strings.HasPrefix(doc, "openapi: 3.0.3\n") {
		t.Fatalf("not an OpenAPI 3.0.3 document: %.40q", doc)
	}
	if strings.Contains(doc, "\t") {
		t.Error("the document contains a tab, which YAML forbids for indentation")
	}

	paths := pathItems(doc)
	checked := 0
	for _, rt := range s.app.Server.Router.Routes() {
		if !strings.HasPrefix(rt.Pattern, "/api/v1/") && !strings.HasPrefix(rt.Pattern, "/api/openapi") &&
			rt.Pattern != "/healthz" && rt.Pattern != "/readyz" && rt.Pattern != "/metrics" {
			continue
		}
		checked++
		item, ok := paths[rt.Pattern]
		if !ok {
			t.Errorf("%s %s: no path item", rt.Method, rt.Pattern)
			continue
		}
		if !strings.Contains(item, "\n    "+strings.ToLower(rt.Method)+":\n") {
			t.Errorf("%s %s: the path item has no %s operation", rt.Method, rt.Pattern, strings.ToLower(rt.Method))
		}
	}
	if checked < 30 {
		t.Errorf("only %d routes checked", checked)
	}

	components := doc[strings.Index(doc, "\ncomponents:\n"):]
	for _, m := range regexp.MustCompile(`\$ref: '#/components/(\w+)/(\w+)'`).FindAllStringSubmatch(doc, -1) {
		section := components[strings.Index(components, "\n  "+m[1]+":\n"):]
		if !strings.Contains(section, "\n    "+m[2]+":\n") {
			t.Errorf("$ref to undefined %s/%s", m[1], m[2])
		}
	}
	ids := map[string]bool{}
	for _, m := range regexp.MustCompile(`\n      operationId: (\w+)\n`).FindAllStringSubmatch(doc, -1) {
		if ids[m[1]] {
			t.Errorf("operationId %s used twice", m[1])
		}
		ids[m[1]] = true
	}
}

// pathItems splits the document's paths section into path → the text of its
// path item, by indentation: a path is a line "  /…:" and its item runs to the
// next such line.
func pathItems(doc string) map[string]string {
	out := map[string]string{}
	start := strings.Index(doc, "\npaths:\n")
	end := strings.Index(doc, "\ncomponents:\n")
	if start < 0 || end < start {
		return out
	}
	var path string
	var item strings.Builder
	flush := func() {
		if path != "" {
			out[path] = item.String()
		}
		item.Reset()
	}
	for _, line := range strings.Split(doc[start+len("\npaths:\n"):end], "\n") {
		if strings.HasPrefix(line, "  /") && strings.HasSuffix(line, ":") && !strings.HasPrefix(line, "   ") {
			flush()
			path = strings.TrimSuffix(strings.TrimPrefix(line, "  "), ":")
			item.WriteString("\n")
			continue
		}
		item.WriteString(line + "\n")
	}
	flush()
	return out
}
