package license_test

import (
	"strings"
	"testing"

	"github.com/tongban/tongban/internal/license"
)

func TestIdentifierCheckCharacter(t *testing.T) {
	t.Parallel()
	// The three real identifiers of domain.md §3.2.
	real := []string{
		"1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U",
		"1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0",
		"1.2.156.3005.2.11100000MB03271699022.340100.000000016.001.9",
	}
	for _, s := range real {
		id, err := license.ParseIdentifier(s)
		if err != nil {
			t.Errorf("%s: %v", s, err)
			continue
		}
		if id.String() != s {
			t.Errorf("round trip: %s became %s", s, id.String())
		}
	}
	// Two published strings that must not verify: a template ending in a
	// placeholder X, and a Swagger example ending in M (the check is D).
	bad := []string{
		"1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.X",
		"1.2.156.3005.2.11100000MB03271699022.340100.000000016.001.M",
	}
	for _, s := range bad {
		if _, err := license.ParseIdentifier(s); err == nil {
			t.Errorf("%s verified, want a check-character error", s)
		}
	}
	if c := license.CheckChar("11100000000013338W01111430000006122244L20230000403001"); c != 'U' {
		t.Errorf("check of the worked example = %c, want U", c)
	}
}

func TestIdentifierRejectsMalformed(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"", "1.2.156.3005.1.A.B.C.001.0", "1.2.156.3005.2.A.B.C.001", "1.2.156.3005.2.a.B.C.001.0",
		"1.2.156.3005.2.A.B.C.01.0", "1.2.156.3005.2.A.B.C.000.0", "1.2.156.3005.2.A..C.001.0",
	} {
		if _, err := license.ParseIdentifier(s); err == nil {
			t.Errorf("%q parsed", s)
		}
	}
}

func TestLocalTypeCode(t *testing.T) {
	t.Parallel()
	a, b := license.LocalTypeCode("business-license"), license.LocalTypeCode("food-business-license")
	if len(a) != 21 || !strings.HasPrefix(a, "TB") || a == b || a != license.LocalTypeCode("business-license") {
		t.Fatalf("local codes %s %s", a, b)
	}
	id := license.Identifier{TypeCode: a, IssuerCode: "620825", Serial: "2025000000000001", Version: 2}
	got, err := license.ParseIdentifier(id.String())
	if err != nil || got != id {
		t.Fatalf("%s → %+v, %v", id, got, err)
	}
}
