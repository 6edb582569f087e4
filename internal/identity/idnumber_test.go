package identity

import (
	"testing"
	"time"

	"github.com/tongban/tongban/internal/platform/apperr"
)

// idToday is the fixed "today" for the tests, the demo data's profile_as_of
// date, so the tests do not start failing as the calendar moves on.
var idToday = time.Date(2026, time.July, 1, 10, 0, 0, 0, time.UTC)

// withIDCheck appends the correct check character to 17 digits, so a test can
// make a number in which only the rule under test fails.
func withIDCheck(t *testing.T, first17 string) string {
	t.Helper()
	c, ok := IDCheckChar(first17)
	if !ok {
		t.Fatalf("IDCheckChar(%q) not ok", first17)
	}
	return first17 + string(c)
}

// wantFieldError asserts that err is an Invalid apperr on field with key.
func wantFieldError(t *testing.T, err error, field, key string) {
	t.Helper()
	if err == nil {
		t.Fatalf("error = nil, want %s", key)
	}
	if k := apperr.KindOf(err); k != apperr.Invalid {
		t.Fatalf("kind = %v, want invalid (err %v)", k, err)
	}
	fs := apperr.FieldErrors(err)
	if len(fs) != 1 || fs[0].Field != field || fs[0].Key != key {
		t.Fatalf("field errors = %+v, want [%s: %s]", fs, field, key)
	}
}

func TestParseIDNumberValid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
		birth          string
		gender         Gender
		address        string
	}{
		{"GB worked example X", "11010519491231002X", "11010519491231002X", "1949-12-31", Female, "110105"},
		{"born on the 1880 lower bound", "440524188001010014", "440524188001010014", "1880-01-01", Male, "440524"},
		{"lowercase x upper-cased", "11010519491231002x", "11010519491231002X", "1949-12-31", Female, "110105"},
		{"surrounding spaces trimmed", "  11010519491231002X\t", "11010519491231002X", "1949-12-31", Female, "110105"},
		{"demo person", "620825196302140118", "620825196302140118", "1963-02-14", Male, "620825"},
		{"leap day", withIDCheck(t, "62082520000229001"), withIDCheck(t, "62082520000229001"), "2000-02-29", Male, "620825"},
		{"born today", withIDCheck(t, "11010120260701002"), withIDCheck(t, "11010120260701002"), "2026-07-01", Female, "110101"},
		{"Taiwan prefix 71", withIDCheck(t, "71000019800101001"), withIDCheck(t, "71000019800101001"), "1980-01-01", Male, "710000"},
		{"Hong Kong residence permit 81", withIDCheck(t, "81000019900101002"), withIDCheck(t, "81000019900101002"), "1990-01-01", Female, "810000"},
		{"Macao residence permit 82", withIDCheck(t, "82000019900101003"), withIDCheck(t, "82000019900101003"), "1990-01-01", Male, "820000"},
		{"Taiwan residence permit 83", withIDCheck(t, "83000019900101004"), withIDCheck(t, "83000019900101004"), "1990-01-01", Female, "830000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			n, err := ParseIDNumber(tt.in, idToday)
			if err != nil {
				t.Fatalf("ParseIDNumber(%q) error: %v", tt.in, err)
			}
			if n.String() != tt.want {
				t.Errorf("String() = %q, want %q", n.String(), tt.want)
			}
			if got := n.BirthDate().Format(time.DateOnly); got != tt.birth {
				t.Errorf("BirthDate() = %s, want %s", got, tt.birth)
			}
			if loc := n.BirthDate().Location(); loc != time.UTC {
				t.Errorf("BirthDate() location = %v, want UTC", loc)
			}
			if got := n.Gender(); got != tt.gender {
				t.Errorf("Gender() = %q, want %q", got, tt.gender)
			}
			if got := n.AddressCode(); got != tt.address {
				t.Errorf("AddressCode() = %q, want %q", got, tt.address)
			}
		})
	}
}

// TestParseIDNumberDemoPeople checks every person in the demo catalogue
// (/work/shared/data/catalog/people.json) against the birth date and gender
// recorded alongside the number, so generator mistakes show up here.
func TestParseIDNumberDemoPeople(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in     string
		birth  string
		gender Gender
	}{
		{"620825196302140118", "1963-02-14", Male},   // p-01
		{"620825198807230222", "1988-07-23", Female}, // p-02
		{"620825199711050336", "1997-11-05", Male},   // p-03
		{"62082519580930042X", "1958-09-30", Female}, // p-04
		{"620825198503180510", "1985-03-18", Male},   // p-05
		{"620825198201090624", "1982-01-09", Female}, // p-06
		{"620825199506270735", "1995-06-27", Male},   // p-07
		{"620825199012020840", "1990-12-02", Female}, // p-08
		{"620825197804160957", "1978-04-16", Male},   // p-09
		{"620825197008211012", "1970-08-21", Male},   // p-10
		{"620825197410011131", "1974-10-01", Male},   // p-11
		{"620825199205191240", "1992-05-19", Female}, // p-12
		{"620825196603081369", "1966-03-08", Female}, // p-13
		{"620825198012121479", "1980-12-12", Male},   // p-14
		{"620825198307071595", "1983-07-07", Male},   // p-15
		{"620825200802291683", "2008-02-29", Female}, // p-16
		{"620825197611231712", "1976-11-23", Male},   // p-17
		{"620825196805041832", "1968-05-04", Male},   // p-18
		{"620825197209151941", "1972-09-15", Female}, // p-19
		{"620825200004112062", "2000-04-11", Female}, // p-20
		{"620825200308302172", "2003-08-30", Male},   // p-21
		{"620825198606142285", "1986-06-14", Female}, // p-22
		{"620825199101252395", "1991-01-25", Male},   // p-23
		{"620825199910082402", "1999-10-08", Female}, // p-24
		{"620825195812202513", "1958-12-20", Male},   // p-25
		{"620825199403032638", "1994-03-03", Male},   // p-26
		{"620825196507192755", "1965-07-19", Male},   // p-27
		{"620825194301282860", "1943-01-28", Female}, // p-28
		{"620825199809092972", "1998-09-09", Male},   // p-29
		{"620825199611173080", "1996-11-17", Female}, // p-30
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			n, err := ParseIDNumber(tt.in, idToday)
			if err != nil {
				t.Fatalf("ParseIDNumber(%q) error: %v", tt.in, err)
			}
			if got := n.BirthDate().Format(time.DateOnly); got != tt.birth {
				t.Errorf("BirthDate() = %s, want %s", got, tt.birth)
			}
			if got := n.Gender(); got != tt.gender {
				t.Errorf("Gender() = %q, want %q", got, tt.gender)
			}
		})
	}
}

func TestParseIDNumberInvalid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, key string
	}{
		{"empty", "", "identity.id_number.required"},
		{"only spaces", "   ", "identity.id_number.required"},
		{"17 characters", "11010519491231002", "identity.id_number.length"},
		{"19 characters", "11010519491231002X0", "identity.id_number.length"},
		{"legacy 15 digits", "110105491231002", "identity.id_number.length"},
		{"inner space", "110105 19491231002X", "identity.id_number.length"},
		{"letter in the body", "1101051949123100AX", "identity.id_number.format"},
		{"letters throughout", "ABCDEFGHIJKLMNOPQR", "identity.id_number.format"},
		{"bad last character", "11010519491231002Y", "identity.id_number.format"},
		{"full-width digits", "１１０１０５１９４９１２３１００２Ｘ", "identity.id_number.format"},
		{"full-width last character", "11010519491231002Ｘ", "identity.id_number.format"},
		{"unknown province 99", withIDCheck(t, "99010519491231002"), "identity.id_number.region"},
		{"foreigner prefix 91", withIDCheck(t, "91010519491231002"), "identity.id_number.region"},
		{"province 00", withIDCheck(t, "00010519491231002"), "identity.id_number.region"},
		{"February 30", withIDCheck(t, "11010519490230002"), "identity.id_number.birth_date"},
		{"February 29 in a common year", withIDCheck(t, "11010519490229002"), "identity.id_number.birth_date"},
		{"month 13", withIDCheck(t, "11010519491331002"), "identity.id_number.birth_date"},
		{"day 00", withIDCheck(t, "11010519491200002"), "identity.id_number.birth_date"},
		{"before 1880", withIDCheck(t, "11010518791231002"), "identity.id_number.birth_date"},
		{"tomorrow", withIDCheck(t, "11010520260702002"), "identity.id_number.future"},
		{"next year", withIDCheck(t, "11010520270101002"), "identity.id_number.future"},
		{"wrong check digit", "110105194912310021", "identity.id_number.check_digit"},
		{"check digit off by one", "440524188001010015", "identity.id_number.check_digit"},
		{"X where a digit belongs", "44052418800101001X", "identity.id_number.check_digit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			n, err := ParseIDNumber(tt.in, idToday)
			wantFieldError(t, err, "id_number", tt.key)
			if n != "" {
				t.Errorf("IDNumber = %q on error, want empty", n)
			}
		})
	}
}

// TestParseIDNumberTodayIsLocalDate checks that "today" is the caller's
// calendar date: at 00:30 in Beijing on 2 July it is still 1 July in UTC, but a
// child born on 2 July has been born.
func TestParseIDNumberTodayIsLocalDate(t *testing.T) {
	t.Parallel()
	beijing := time.FixedZone("CST", 8*60*60)
	tests := []struct {
		name    string
		today   time.Time
		wantErr bool
	}{
		{"just after midnight in Beijing", time.Date(2026, time.July, 2, 0, 30, 0, 0, beijing), false},
		{"just before midnight in Beijing", time.Date(2026, time.July, 1, 23, 59, 0, 0, beijing), true},
	}
	in := withIDCheck(t, "11010120260702001")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseIDNumber(in, tt.today)
			if tt.wantErr {
				wantFieldError(t, err, "id_number", "identity.id_number.future")
			} else if err != nil {
				t.Fatalf("error = %v, want nil", err)
			}
		})
	}
}

func TestIDNumberMasked(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   IDNumber
		want string
	}{
		{"62082519630214123X", "620825********123X"},
		{"620825196302140118", "620825********0118"},
		{"11010519491231002X", "110105********002X"},
		{"short", "*****"}, // not from ParseIDNumber: hide everything
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(string(tt.in), func(t *testing.T) {
			t.Parallel()
			if got := tt.in.Masked(); got != tt.want {
				t.Errorf("Masked() = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestIDNumberAccessorsOnMalformed makes sure a value built by conversion
// instead of ParseIDNumber cannot make an accessor panic.
func TestIDNumberAccessorsOnMalformed(t *testing.T) {
	t.Parallel()
	for _, n := range []IDNumber{"", "123", "ABCDEFGHIJKLMNOPQR", "１１０１０５１９"} {
		t.Run(string(n), func(t *testing.T) {
			t.Parallel()
			if !n.BirthDate().IsZero() {
				t.Errorf("BirthDate() = %v, want zero", n.BirthDate())
			}
			if n.Gender() != "" {
				t.Errorf("Gender() = %q, want empty", n.Gender())
			}
			if n.AddressCode() != "" {
				t.Errorf("AddressCode() = %q, want empty", n.AddressCode())
			}
		})
	}
}

func TestIDCheckChar(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		in     string
		want   byte
		wantOK bool
	}{
		{"worked example S=167", "11010519491231002", 'X', true},
		{"worked example S=195", "44052418800101001", '4', true},
		{"demo person", "62082519630214011", '8', true},
		{"Y=0 gives 1", "00000000000000000", '1', true},
		{"16 digits", "1101051949123100", 0, false},
		{"18 digits", "110105194912310021", 0, false},
		{"letter", "1101051949123100A", 0, false},
		{"empty", "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := IDCheckChar(tt.in)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("IDCheckChar(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}
