package divisions

import (
	"encoding/csv"
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestLevelOfCode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code   string
		want   Level
		wantOK bool
	}{
		{"62", Province, true},
		{"6208", City, true},
		{"620825", County, true},
		{"620825101", Township, true},
		{"620825101201", Village, true},
		{"", 0, false},
		{"6", 0, false},
		{"62082", 0, false},
		{"62082510", 0, false},
		{"6208251012011", 0, false},
		{"62a8", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			t.Parallel()
			got, ok := LevelOfCode(tt.code)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("LevelOfCode(%q) = %v, %v; want %v, %v", tt.code, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestLevelString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		l    Level
		want string
	}{
		{Province, "province"},
		{City, "city"},
		{County, "county"},
		{Township, "township"},
		{Village, "village"},
		{0, "Level(0)"},
		{6, "Level(6)"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			t.Parallel()
			if got := tt.l.String(); got != tt.want {
				t.Errorf("Level(%d).String() = %q, want %q", int(tt.l), got, tt.want)
			}
		})
	}
}

func TestAllCounts(t *testing.T) {
	t.Parallel()
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	count := map[Level]int{}
	for _, d := range all {
		count[d.Level]++
	}
	// National counts from domain.md §7.3; townships only for 甘肃省.
	tests := []struct {
		level Level
		want  int
	}{
		{Province, 31},
		{City, 342},
		{County, 2978},
		{Township, 1403},
		{Village, 0},
	}
	for _, tt := range tests {
		t.Run(tt.level.String(), func(t *testing.T) {
			t.Parallel()
			if got := count[tt.level]; got != tt.want {
				t.Errorf("%s count = %d, want %d", tt.level, got, tt.want)
			}
		})
	}
	if !slices.IsSortedFunc(all, func(a, b Division) int { return strings.Compare(a.Code, b.Code) }) {
		t.Error("All() is not sorted by code")
	}
}

func TestAllReturnsCopy(t *testing.T) {
	t.Parallel()
	a, err := All()
	if err != nil {
		t.Fatal(err)
	}
	a[0].Name = "changed"
	if d, _ := Lookup(a[0].Code); d.Name == "changed" {
		t.Error("All() exposes the memoised slice")
	}
}

func TestLookup(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code   string
		want   Division
		wantOK bool
	}{
		{"62", Division{Code: "62", Name: "甘肃省", Level: Province}, true},
		{"6208", Division{Code: "6208", Name: "平凉市", ParentCode: "62", Level: City}, true},
		{"620825", Division{Code: "620825", Name: "庄浪县", ParentCode: "6208", Level: County}, true},
		{"620825101", Division{Code: "620825101", Name: "南湖镇", ParentCode: "620825", Level: Township}, true},
		{"441900", Division{Code: "441900", Name: "东莞市", ParentCode: "4419", Level: County}, true},
		{"110101001", Division{}, false}, // township outside 甘肃省: not embedded
		{"620825101201", Division{}, false},
		{"99", Division{}, false},
		{"", Division{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			t.Parallel()
			got, ok := Lookup(tt.code)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("Lookup(%q) = %+v, %v; want %+v, %v", tt.code, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

// zhuanglangTownships is the number of 乡级 units of 庄浪县 in the 2023 NBS
// data, counted from the full modood streets.csv when the data was vendored.
const zhuanglangTownships = 19

// townshipsInCSV counts the rows of the embedded streets.csv whose areaCode
// is county, independently of the parser under test.
func townshipsInCSV(t *testing.T, county string) []string {
	t.Helper()
	f, err := dataFS.Open("data/streets.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, r := range recs[1:] {
		if r[2] == county {
			codes = append(codes, r[0])
		}
	}
	return codes
}

func TestSubtreeZhuanglang(t *testing.T) {
	t.Parallel()
	sub, err := Subtree("620825")
	if err != nil {
		t.Fatal(err)
	}
	if len(sub) < 3 {
		t.Fatalf("Subtree too short: %v", sub)
	}
	wantHead := []Division{
		{Code: "62", Name: "甘肃省", Level: Province},
		{Code: "6208", Name: "平凉市", ParentCode: "62", Level: City},
		{Code: "620825", Name: "庄浪县", ParentCode: "6208", Level: County},
	}
	if !slices.Equal(sub[:3], wantHead) {
		t.Errorf("Subtree head = %+v, want %+v", sub[:3], wantHead)
	}
	var got []string
	names := map[string]string{}
	for _, d := range sub[3:] {
		if d.Level != Township || d.ParentCode != "620825" {
			t.Errorf("unexpected descendant %+v", d)
		}
		got = append(got, d.Code)
		names[d.Code] = d.Name
	}
	want := townshipsInCSV(t, "620825")
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("townships = %v, want %v (from CSV)", got, want)
	}
	if len(got) != zhuanglangTownships {
		t.Errorf("庄浪县 has %d townships, want %d", len(got), zhuanglangTownships)
	}
	for code, name := range map[string]string{"620825101": "南湖镇", "620825102": "朱店镇"} {
		if names[code] != name {
			t.Errorf("township %s = %q, want %q", code, names[code], name)
		}
	}
}

func TestSubtreeOrderAndChildren(t *testing.T) {
	t.Parallel()
	tests := []struct {
		root          string
		wantAncestors []string
		wantChildren  []string // names of root's direct children, in code order
		wantLen       int      // total length of the subtree, 0 = not checked
	}{
		{
			root:          "6208",
			wantAncestors: []string{"62"},
			wantChildren:  []string{"崆峒区", "泾川县", "灵台县", "崇信县", "庄浪县", "静宁县", "华亭市"},
		},
		{
			root:          "620825101",
			wantAncestors: []string{"62", "6208", "620825"},
			wantChildren:  nil,
			wantLen:       4,
		},
		{
			// Outside 甘肃省 the tree stops at counties: 北京市辖区 has
			// 16 districts and no embedded townships.
			root:          "1101",
			wantAncestors: []string{"11"},
			wantLen:       1 + 1 + 16,
		},
		{
			// 甘肃省: itself, 14 cities, 88 county-level units, 1403 townships
			// (row counts of the embedded CSVs).
			root:    "62",
			wantLen: 1 + 14 + 88 + 1403,
		},
	}
	for _, tt := range tests {
		t.Run(tt.root, func(t *testing.T) {
			t.Parallel()
			sub, err := Subtree(tt.root)
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantLen != 0 && len(sub) != tt.wantLen {
				t.Errorf("len(Subtree) = %d, want %d", len(sub), tt.wantLen)
			}
			n := len(tt.wantAncestors)
			var anc []string
			for _, d := range sub[:n] {
				anc = append(anc, d.Code)
			}
			if !slices.Equal(anc, tt.wantAncestors) {
				t.Errorf("ancestors = %v, want %v", anc, tt.wantAncestors)
			}
			if sub[n].Code != tt.root {
				t.Errorf("sub[%d] = %s, want root %s", n, sub[n].Code, tt.root)
			}
			// Parents before children: every entry's parent has been seen.
			seen := map[string]bool{}
			var kids []string
			for _, d := range sub {
				if d.ParentCode != "" && !seen[d.ParentCode] {
					t.Fatalf("%s appears before its parent %s", d.Code, d.ParentCode)
				}
				seen[d.Code] = true
				if d.ParentCode == tt.root {
					kids = append(kids, d.Name)
				}
			}
			if tt.wantChildren != nil && !slices.Equal(kids, tt.wantChildren) {
				t.Errorf("children of %s = %v, want %v", tt.root, kids, tt.wantChildren)
			}
		})
	}
}

func TestSubtreeUnknown(t *testing.T) {
	t.Parallel()
	for _, root := range []string{"", "99", "620899", "620825101201", "abc"} {
		t.Run(root, func(t *testing.T) {
			t.Parallel()
			if _, err := Subtree(root); !errors.Is(err, ErrUnknownCode) {
				t.Errorf("Subtree(%q) error = %v, want ErrUnknownCode", root, err)
			}
		})
	}
}

func TestValidChildCode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		parent, child string
		want          error
	}{
		{"city", "62", "6208", nil},
		{"county", "6208", "620825", nil},
		{"county 00 (东莞市 style)", "4419", "441900", nil},
		{"township 镇", "620825", "620825101", nil},
		{"township 街道 first", "620825", "620825001", nil},
		{"township last allowed", "620825", "620825599", nil},
		{"village", "620825101", "620825101201", nil},
		{"village 居委会 first", "620825101", "620825101001", nil},
		{"village last allowed", "620825101", "620825101599", nil},
		{"wrong length 8", "620825", "62082510", ErrChildLength},
		{"wrong length skips level", "6208", "620825101", ErrChildLength},
		{"different prefix", "620825", "620826101", ErrChildPrefix},
		{"township 600", "620825", "620825600", ErrChildRange},
		{"township 000", "620825", "620825000", ErrChildRange},
		{"village 600", "620825101", "620825101600", ErrChildRange},
		{"village 000", "620825101", "620825101000", ErrChildRange},
		{"city 00", "62", "6200", ErrChildRange},
		{"non-digit child", "620825", "62082510a", ErrChildDigits},
		{"bad parent length", "62082", "620825", ErrBadParent},
		{"non-digit parent", "62O8", "62O825", ErrBadParent},
		{"empty parent", "", "62", ErrBadParent},
		{"below village", "620825101201", "620825101201001", ErrNoChildren},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := ValidChildCode(tt.parent, tt.child)
			if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
				t.Errorf("ValidChildCode(%q, %q) = %v, want %v", tt.parent, tt.child, err, tt.want)
			}
		})
	}
}

// TestEmbeddedDataFollowsChildRule checks the embedded tree against
// ValidChildCode, so the rule and the official data cannot drift apart.
func TestEmbeddedDataFollowsChildRule(t *testing.T) {
	t.Parallel()
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range all {
		if d.Level == Province {
			continue
		}
		if err := ValidChildCode(d.ParentCode, d.Code); err != nil {
			t.Errorf("%s %s under %s: %v", d.Code, d.Name, d.ParentCode, err)
		}
	}
}
