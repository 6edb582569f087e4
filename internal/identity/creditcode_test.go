package identity

import (
	"testing"
)

// withCCCheck appends the correct GB 32100 check character to 17 characters.
func withCCCheck(t *testing.T, first17 string) string {
	t.Helper()
	c, ok := CreditCodeCheckChar(first17)
	if !ok {
		t.Fatalf("CreditCodeCheckChar(%q) not ok", first17)
	}
	return first17 + string(c)
}

func TestParseCreditCodeValid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
		authority      byte
		division, org  string
	}{
		{"GB worked example", "91350100M000100Y43", "91350100M000100Y43", '9', "350100", "M000100Y4"},
		{"机构编制, national", "11100000000013338W", "11100000000013338W", '1', "100000", "000013338"},
		{"机构编制, letters in org code", "11450721MB15580811", "11450721MB15580811", '1', "450721", "MB1558081"},
		{"事业单位", "12441500196720244T", "12441500196720244T", '1', "441500", "196720244"},
		{"enterprise", "91610800064834709T", "91610800064834709T", '9', "610800", "064834709"},
		{"lowercase normalised", "91350100m000100y43", "91350100M000100Y43", '9', "350100", "M000100Y4"},
		{"spaces trimmed", " 91350100M000100Y43\n", "91350100M000100Y43", '9', "350100", "M000100Y4"},
		{"org check X", "91620825TB000108XU", "91620825TB000108XU", '9', "620825", "TB000108X"},
		{"org check 0 (11)", "91620825TB0001100F", "91620825TB0001100F", '9', "620825", "TB0001100"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := ParseCreditCode(tt.in)
			if err != nil {
				t.Fatalf("ParseCreditCode(%q) error: %v", tt.in, err)
			}
			if c.String() != tt.want {
				t.Errorf("String() = %q, want %q", c.String(), tt.want)
			}
			if got := c.RegistrationAuthority(); got != tt.authority {
				t.Errorf("RegistrationAuthority() = %q, want %q", got, tt.authority)
			}
			if got := c.DivisionCode(); got != tt.division {
				t.Errorf("DivisionCode() = %q, want %q", got, tt.division)
			}
			if got := c.OrgCode(); got != tt.org {
				t.Errorf("OrgCode() = %q, want %q", got, tt.org)
			}
		})
	}
}

// TestParseCreditCodeDemoEnterprises checks every unified_social_credit_code in
// the demo catalogue (/work/shared/data/catalog/enterprises.json), including
// the embedded GB 11714 check, so a generator mistake shows up here.
func TestParseCreditCodeDemoEnterprises(t *testing.T) {
	t.Parallel()
	demo := []string{
		"91620825TB00010121", "91620825TB0001020U", "91620825TB0001039Q", "91620825TB0001047K",
		"91620825TB0001055E", "91620825TB00010639", "91620825TB00010714", "91620825TB000108XU",
		"91620825TB0001098U", "91620825TB0001100F", "91620825TB0001119C", "91620825TB00011277",
		"91620825TB00011352", "91620825TB0001143W", "91620825TB0001151P", "91620825TB000116XF",
		"91620825TB0001178F", "91620825TB0001186A", "91620825TB00011945", "91620825TB0001207T",
		"91620825TB0001215M", "91620825TB0001223G", "91620825TB0001231B", "91620825TB000124X3",
		"91620825TB00012583", "91620825TB0001266X", "92620825TB00022776", "92620825TB00022851",
		"92620825TB0002293U", "92620825TB0002306H", "92620825TB0002314C", "92620825TB00023227",
		"92620825TB00023302", "92620825TB0002349Y", "92620825TB0002357R", "92620825TB0002365L",
		"92620825TB0002373F", "92620825TB0002381A", "92620825TB000239X2", "92620825TB0002402T",
	}
	for _, in := range demo {
		t.Run(in, func(t *testing.T) {
			t.Parallel()
			c, err := ParseCreditCode(in)
			if err != nil {
				t.Fatalf("ParseCreditCode(%q) error: %v", in, err)
			}
			if c.DivisionCode() != "620825" {
				t.Errorf("DivisionCode() = %q, want 620825", c.DivisionCode())
			}
		})
	}
}

func TestParseCreditCodeInvalid(t *testing.T) {
	t.Parallel()
	// Right GB 32100 check, wrong GB 11714 check: the 17th character of the
	// worked example changed from 4 to 5 and the 18th recomputed, as a careless
	// generator that only knows GB 32100 would do.
	orgWrong := withCCCheck(t, "91350100M000100Y5")
	// A letter other than X can never be a GB 11714 check character.
	orgLetter := withCCCheck(t, "91350100M000100YA")
	tests := []struct {
		name, in, key string
	}{
		{"empty", "", "identity.credit_code.required"},
		{"only spaces", " \t ", "identity.credit_code.required"},
		{"17 characters", "91350100M000100Y4", "identity.credit_code.length"},
		{"19 characters", "91350100M000100Y433", "identity.credit_code.length"},
		{"old 9-character org code", "M000100Y4", "identity.credit_code.length"},
		{"contains I", "91350100M000I00Y43", "identity.credit_code.charset"},
		{"lowercase i becomes I", "91350100m000i00y43", "identity.credit_code.charset"},
		{"contains O", "91350100M000O00Y43", "identity.credit_code.charset"},
		{"contains S", "91350100M000S00Y43", "identity.credit_code.charset"},
		{"contains V", "91350100M000V00Y43", "identity.credit_code.charset"},
		{"contains Z", "91350100M000Z00Y43", "identity.credit_code.charset"},
		{"check char not in alphabet", "91350100M000100Y4Z", "identity.credit_code.charset"},
		{"hyphen", "91350100-000100Y43", "identity.credit_code.charset"},
		{"full-width digit", "9１350100M000100Y43", "identity.credit_code.charset"},
		{"letters in division code", "91AB0100M000100Y43", "identity.credit_code.division"},
		{"letter at position 8", "9135010AM000100Y43", "identity.credit_code.division"},
		{"embedded org check wrong", orgWrong, "identity.credit_code.org_check"},
		{"embedded org check a letter", orgLetter, "identity.credit_code.org_check"},
		{"check char wrong", "91350100M000100Y44", "identity.credit_code.check_char"},
		{"check char wrong, lowercase", "91350100m000100y44", "identity.credit_code.check_char"},
		{"two bodies swapped", "91350100M000010Y43", "identity.credit_code.org_check"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := ParseCreditCode(tt.in)
			wantFieldError(t, err, "credit_code", tt.key)
			if c != "" {
				t.Errorf("CreditCode = %q on error, want empty", c)
			}
		})
	}
}

// TestConstructedOrgCheckCase guards the construction used above: the code
// must pass GB 32100 on its own, or the org_check case would prove nothing.
func TestConstructedOrgCheckCase(t *testing.T) {
	t.Parallel()
	code := withCCCheck(t, "91350100M000100Y5")
	want, _ := CreditCodeCheckChar(code[:17])
	if code[17] != want {
		t.Fatalf("constructed code %q fails GB 32100", code)
	}
	if org, _ := ccOrgCheckChar(code[8:16]); org == code[16] {
		t.Fatalf("constructed code %q passes GB 11714", code)
	}
}

func TestCreditCodeCheckChar(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		in     string
		want   byte
		wantOK bool
	}{
		{"worked example Σ=1640", "91350100M000100Y4", '3', true},
		{"letter result", "11100000000013338", 'W', true},
		{"31 maps to 0", "00000000000000000", '0', true},
		{"lowercase refused", "91350100m000100y4", 0, false},
		{"I refused", "91350100M000I00Y4", 0, false},
		{"16 characters", "91350100M000100Y", 0, false},
		{"18 characters", "91350100M000100Y43", 0, false},
		{"empty", "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := CreditCodeCheckChar(tt.in)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("CreditCodeCheckChar(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestOrgCheckChar(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		in     string
		want   byte
		wantOK bool
	}{
		{"worked example Σ=139", "M000100Y", '4', true},
		{"digits only", "00001333", '8', true},
		{"10 maps to X", "TB000108", 'X', true},
		{"11 maps to 0", "TB000110", '0', true},
		{"lowercase refused", "m000100y", 0, false},
		{"7 characters", "M000100", 0, false},
		{"punctuation", "M000-00Y", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := ccOrgCheckChar(tt.in)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("ccOrgCheckChar(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

// TestCreditCodeAccessorsOnMalformed makes sure a value built by conversion
// instead of ParseCreditCode cannot make an accessor panic.
func TestCreditCodeAccessorsOnMalformed(t *testing.T) {
	t.Parallel()
	for _, c := range []CreditCode{"", "9135", "91350100M000100Y4"} {
		t.Run(string(c), func(t *testing.T) {
			t.Parallel()
			if c.RegistrationAuthority() != 0 || c.DivisionCode() != "" || c.OrgCode() != "" {
				t.Errorf("accessors on %q = %q, %q, %q; want zero values",
					c, c.RegistrationAuthority(), c.DivisionCode(), c.OrgCode())
			}
		})
	}
}
