package calendar

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    Date
		wantErr bool
	}{
		{"2026-02-12", Date{2026, time.February, 12}, false},
		{"2024-02-29", Date{2024, time.February, 29}, false},
		{"2007-01-01", Date{2007, time.January, 1}, false},
		{"2026-02-29", Date{}, true}, // not a leap year
		{"2026-02-30", Date{}, true},
		{"2026-13-01", Date{}, true},
		{"2026-2-12", Date{}, true}, // must be zero-padded
		{"2026-02-12T00:00:00Z", Date{}, true},
		{"", Date{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseDate(tt.in)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("ParseDate(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
			}
			if err == nil && got.String() != tt.in {
				t.Errorf("String() = %q, want %q", got.String(), tt.in)
			}
		})
	}
}

func TestDateString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		d    Date
		want string
	}{
		{Date{2026, time.February, 12}, "2026-02-12"},
		{Date{987, time.December, 1}, "0987-12-01"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			t.Parallel()
			if got := tt.d.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestAddDaysAndWeekday(t *testing.T) {
	t.Parallel()
	tests := []struct {
		start   string
		n       int
		want    string
		weekday time.Weekday // of want
	}{
		{"2026-02-12", 0, "2026-02-12", time.Thursday},
		{"2026-02-12", 1, "2026-02-13", time.Friday},
		{"2025-12-31", 1, "2026-01-01", time.Thursday},
		{"2024-02-28", 1, "2024-02-29", time.Thursday},
		{"2024-03-01", -1, "2024-02-29", time.Thursday},
		{"2026-03-01", -1, "2026-02-28", time.Saturday},
		{"2025-09-26", 2, "2025-09-28", time.Sunday},
		{"2026-01-01", 365, "2027-01-01", time.Friday},
	}
	for _, tt := range tests {
		t.Run(tt.start, func(t *testing.T) {
			t.Parallel()
			got := mustDate(t, tt.start).AddDays(tt.n)
			if got.String() != tt.want {
				t.Errorf("%s.AddDays(%d) = %s, want %s", tt.start, tt.n, got, tt.want)
			}
			if wd := got.Weekday(); wd != tt.weekday {
				t.Errorf("%s.Weekday() = %v, want %v", got, wd, tt.weekday)
			}
		})
	}
}

func TestCompare(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b                  string
		before, after, equals bool
	}{
		{"2026-02-12", "2026-02-12", false, false, true},
		{"2026-02-12", "2026-02-13", true, false, false},
		{"2026-03-01", "2026-02-28", false, true, false},
		{"2025-12-31", "2026-01-01", true, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.a+"_"+tt.b, func(t *testing.T) {
			t.Parallel()
			a, b := mustDate(t, tt.a), mustDate(t, tt.b)
			if a.Before(b) != tt.before || a.After(b) != tt.after || a.Equal(b) != tt.equals {
				t.Errorf("%s vs %s: Before=%v After=%v Equal=%v", a, b, a.Before(b), a.After(b), a.Equal(b))
			}
		})
	}
}

func TestFromTime(t *testing.T) {
	t.Parallel()
	shanghai := time.FixedZone("CST", 8*3600)
	tests := []struct {
		name string
		t    time.Time
		loc  *time.Location
		want string
	}{
		{"utc evening is next day in Shanghai", time.Date(2026, 2, 12, 17, 0, 0, 0, time.UTC), shanghai, "2026-02-13"},
		{"utc afternoon same day", time.Date(2026, 2, 12, 15, 59, 0, 0, time.UTC), shanghai, "2026-02-12"},
		{"nil keeps own location", time.Date(2026, 2, 12, 23, 0, 0, 0, shanghai), nil, "2026-02-12"},
		{"to utc", time.Date(2026, 1, 1, 7, 0, 0, 0, shanghai), time.UTC, "2025-12-31"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := FromTime(tt.t, tt.loc).String(); got != tt.want {
				t.Errorf("FromTime(%v) = %s, want %s", tt.t, got, tt.want)
			}
		})
	}
}

func mustDate(t *testing.T, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
