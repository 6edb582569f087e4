package catalog

import (
	"encoding/json"
	"fmt"
	"sort"
)

// Change kinds of a diff line.
const (
	DiffAdded   = "added"
	DiffRemoved = "removed"
	DiffChanged = "changed"
)

// DiffLine is one element that differs between two versions, by its path
// (e.g. "materials[2].name", "promised_days").
type DiffLine struct {
	Path   string
	Kind   string
	Before string
	After  string
}

// Diff compares two element sets element by element. Lists are compared by
// position, which is how staff read a guide: "the third material changed".
func Diff(a, b Elements) []DiffLine {
	fa, fb := flatten(a), flatten(b)
	keys := map[string]bool{}
	for k := range fa {
		keys[k] = true
	}
	for k := range fb {
		keys[k] = true
	}
	var out []DiffLine
	for k := range keys {
		va, inA := fa[k]
		vb, inB := fb[k]
		switch {
		case inA && !inB:
			out = append(out, DiffLine{Path: k, Kind: DiffRemoved, Before: va})
		case !inA && inB:
			out = append(out, DiffLine{Path: k, Kind: DiffAdded, After: vb})
		case va != vb:
			out = append(out, DiffLine{Path: k, Kind: DiffChanged, Before: va, After: vb})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// flatten turns the elements into path → display value, leaving out empty values
// so that "" and a missing element compare equal.
func flatten(e Elements) map[string]string {
	b, _ := json.Marshal(e)
	var v any
	_ = json.Unmarshal(b, &v)
	out := map[string]string{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch t := v.(type) {
		case map[string]any:
			for k, x := range t {
				p := k
				if prefix != "" {
					p = prefix + "." + k
				}
				walk(p, x)
			}
		case []any:
			for i, x := range t {
				walk(fmt.Sprintf("%s[%d]", prefix, i), x)
			}
		case nil:
		case string:
			if t != "" {
				out[prefix] = t
			}
		case bool:
			if t {
				out[prefix] = "true"
			}
		case float64:
			if t != 0 {
				out[prefix] = fmt.Sprint(t)
			}
		}
	}
	walk("", v)
	return out
}
