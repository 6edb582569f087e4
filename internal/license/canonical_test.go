package license_test

import (
	"testing"

	"github.com/tongban/tongban/internal/license"
)

func TestCanonical(t *testing.T) {
	t.Parallel()
	type inner struct {
		Z string `json:"z"`
		A int    `json:"a"`
	}
	v := map[string]any{
		"b":     []any{1, "二", true, nil},
		"a":     inner{Z: "x<y>&\"q\"\n\t\u0001", A: -3},
		"empty": map[string]any{},
	}
	got, err := license.Canonical(v)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"a":{"a":-3,"z":"x<y>&\"q\"\n\t\u0001"},"b":[1,"二",true,null],"empty":{}}`
	if string(got) != want {
		t.Fatalf("canonical\n got %s\nwant %s", got, want)
	}
	again, _ := license.Canonical(v)
	if string(again) != string(got) {
		t.Fatal("canonical form is not deterministic")
	}
	if _, err := license.Canonical(map[string]any{"f": 1.5}); err == nil {
		t.Fatal("a float was accepted")
	}
}
