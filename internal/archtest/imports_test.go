// Package archtest checks the dependency rule of docs/architecture.md: imports
// point from the edges inward, and domain modules never import each other.
package archtest

import (
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/tongban/tongban"

// edges are the packages that are not domain modules. Every other folder under
// internal/ is a domain module, so a new module is covered without editing this.
var edges = map[string]bool{
	"app": true, "api": true, "web": true, "httpserver": true, "store": true, "sqldb": true,
	"migrations": true, "platform": true, "testkit": true, "demo": true, "config": true, "archtest": true,
	"guide": true, "catalogxlsx": true,
	"search": true, "open311": true,
}

// forbidden says which internal top-level folders a kind of package may not
// import. Domain modules are handled separately (no module may import another).
var forbidden = map[string][]string{
	"platform":   {"app", "api", "web", "httpserver", "store", "sqldb", "migrations", "demo", "config", "testkit"},
	"sqldb":      {"app", "api", "web", "httpserver", "store", "migrations", "demo", "config", "platform"},
	"migrations": {"app", "api", "web", "httpserver", "store", "demo", "config"},
	"store":      {"app", "api", "web", "httpserver", "demo", "config"},
	"httpserver": {"app", "api", "web", "store", "sqldb", "migrations", "demo"},
	"web":        {"app", "api", "store", "sqldb", "migrations", "demo"},
	"api":        {"app", "web", "store", "sqldb", "migrations", "demo"},
	"demo":       {"app", "api", "web", "httpserver", "store", "sqldb"},
	"config":     {"app", "api", "web", "httpserver", "store", "sqldb", "platform"},
	"search":     {"app", "api", "web", "httpserver", "store", "sqldb", "migrations", "demo"},
	"guide":      {"app", "api", "web", "httpserver", "store", "sqldb", "migrations", "demo"},

	"catalogxlsx": {"app", "api", "web", "httpserver", "store", "sqldb", "migrations", "demo"},
	"open311":     {"app", "web", "store", "sqldb", "migrations", "demo"},
}

// moduleForbiddenStd keeps HTTP and HTML out of the domain.
var moduleForbiddenStd = []string{"net/http", "html/template", "database/sql"}

type pkg struct {
	ImportPath string
	Imports    []string
}

func listPackages(t *testing.T) []pkg {
	t.Helper()
	out, err := exec.Command("go", "list", "-json", "../../...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []pkg
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

// top returns the first folder under internal/ of an import path, or "".
func top(path string) string {
	rest, ok := strings.CutPrefix(path, module+"/internal/")
	if !ok {
		return ""
	}
	first, _, _ := strings.Cut(rest, "/")
	return first
}

func TestDependencyRule(t *testing.T) {
	t.Parallel()
	pkgs := listPackages(t)
	if len(pkgs) < 10 {
		t.Fatalf("go list found only %d packages", len(pkgs))
	}
	checked := 0
	for _, p := range pkgs {
		from := top(p.ImportPath)
		if from == "" {
			continue
		}
		checked++
		isModule := !edges[from]
		for _, imp := range p.Imports {
			to := top(imp)
			if isModule {
				if to != "" && to != from && to != "platform" {
					t.Errorf("domain module %s imports %s: modules depend only on platform; declare an interface and let app wire it", p.ImportPath, imp)
				}
				for _, std := range moduleForbiddenStd {
					if imp == std {
						t.Errorf("domain module %s imports %s: HTTP, HTML and SQL stay at the edges", p.ImportPath, imp)
					}
				}
				continue
			}
			for _, bad := range forbidden[from] {
				if to == bad {
					t.Errorf("%s imports %s: %s must not depend on %s", p.ImportPath, imp, from, bad)
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no internal package was checked")
	}
}

func TestRuleCatchesAViolation(t *testing.T) {
	t.Parallel()
	// The rule itself must be able to fail: a module importing another module.
	if edges["identity"] || edges["region"] {
		t.Fatal("identity and region must be treated as domain modules")
	}
	if top(module+"/internal/region/divisions") != "region" || top("net/http") != "" {
		t.Fatal("top() misclassifies import paths")
	}
}
