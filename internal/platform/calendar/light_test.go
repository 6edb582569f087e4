package calendar

import "testing"

func TestLight(t *testing.T) {
	t.Parallel()
	c := mustNew(t)
	th := Thresholds{WarnWorkdays: 1, WarnShare: 0.25}
	due := mustDate(t, "2026-05-11") // Monday after 劳动节; Saturday 9 May is worked
	cases := []struct {
		today string
		limit int
		want  Light
	}{
		{"2026-04-30", 5, Green},   // five working days left
		{"2026-05-07", 5, Green},   // 8, 9 (Saturday, worked), 11: three left
		{"2026-05-07", 12, Yellow}, // three left is a quarter of twelve
		{"2026-05-09", 5, Yellow},  // one left
		{"2026-05-10", 0, Yellow},  // Sunday: one left; no share rule without a limit
		{"2026-05-11", 5, Yellow},  // the due day
		{"2026-05-12", 5, Red},
	}
	for _, k := range cases {
		if got := c.Light(due, mustDate(t, k.today), k.limit, th); got != k.want {
			t.Errorf("on %s with a limit of %d: %s, want %s", k.today, k.limit, got, k.want)
		}
	}
}
