package divisions

import (
	"embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
)

// dataFS holds the CSV files; embedding them keeps the binary self-contained
// and means no run-time path to the data has to be configured.
//
//go:embed data/*.csv
var dataFS embed.FS

// Level is the administrative level of a division.
type Level int

// The levels, numbered from the top of the hierarchy. Zero is deliberately not
// a level so that an unset Level is detectable.
const (
	Province Level = 1 // 省级: province, autonomous region, municipality
	City     Level = 2 // 地级: prefecture-level city, prefecture, league
	County   Level = 3 // 县级: district, county, county-level city, banner
	Township Level = 4 // 乡级: sub-district, town, township
	Village  Level = 5 // 村级: residents' or villagers' committee
)

// codeLen maps each level to its code length; index 0 is unused.
var codeLen = [...]int{0, 2, 4, 6, 9, 12}

// String returns the English name of the level ("province", "city",
// "county", "township", "village").
func (l Level) String() string {
	switch l {
	case Province:
		return "province"
	case City:
		return "city"
	case County:
		return "county"
	case Township:
		return "township"
	case Village:
		return "village"
	default:
		return fmt.Sprintf("Level(%d)", int(l))
	}
}

// LevelOfCode returns the level a code of this length belongs to (2, 4, 6, 9
// or 12 digits). It reports false for any other length and for codes that are
// not all ASCII digits, because such a string cannot be a division code.
func LevelOfCode(code string) (Level, bool) {
	if !allDigits(code) {
		return 0, false
	}
	for l := Province; l <= Village; l++ {
		if len(code) == codeLen[l] {
			return l, true
		}
	}
	return 0, false
}

// Division is one administrative division.
type Division struct {
	Code       string // digits; the length matches Level
	Name       string // official Chinese name, e.g. "庄浪县"
	ParentCode string // the parent's code; empty for a province
	Level      Level
}

// table is the parsed data, built once per process.
type table struct {
	all    []Division     // sorted by code
	byCode map[string]int // code -> index in all
}

// load parses the embedded CSVs once. The data never changes at run time, so
// memoising both the result and any error is correct and keeps every call
// after the first allocation-free apart from the copy handed to callers.
var load = sync.OnceValues(parseAll)

// file describes one CSV: its level and which column holds the parent code.
type file struct {
	name      string
	level     Level
	header    []string
	parentCol int // -1 for provinces
}

var files = []file{
	{"data/provinces.csv", Province, []string{"code", "name"}, -1},
	{"data/cities.csv", City, []string{"code", "name", "provinceCode"}, 2},
	{"data/areas.csv", County, []string{"code", "name", "cityCode", "provinceCode"}, 2},
	{"data/streets.csv", Township, []string{"code", "name", "areaCode", "provinceCode", "cityCode"}, 2},
}

func parseAll() (*table, error) {
	t := &table{byCode: make(map[string]int)}
	// Files are processed top-down so that every parent is known before its
	// children are checked against it.
	for _, f := range files {
		if err := parseFile(t, f); err != nil {
			return nil, err
		}
	}
	// Sorting by code as a string puts every parent directly before its
	// descendants, because a parent's code is a prefix of theirs.
	slices.SortFunc(t.all, func(a, b Division) int { return strings.Compare(a.Code, b.Code) })
	for i, d := range t.all {
		t.byCode[d.Code] = i
	}
	return t, nil
}

func parseFile(t *table, f file) error {
	fh, err := dataFS.Open(f.name)
	if err != nil {
		return fmt.Errorf("divisions: %w", err)
	}
	defer fh.Close()
	r := csv.NewReader(fh)
	r.FieldsPerRecord = len(f.header)
	r.ReuseRecord = true
	head, err := r.Read()
	if err != nil {
		return fmt.Errorf("divisions: %s: %w", f.name, err)
	}
	// Checking the header catches a regenerated file whose columns moved.
	if !slices.Equal(head, f.header) {
		return fmt.Errorf("divisions: %s: unexpected header %q", f.name, head)
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("divisions: %s: %w", f.name, err)
		}
		d := Division{Code: rec[0], Name: rec[1], Level: f.level}
		if f.parentCol >= 0 {
			d.ParentCode = rec[f.parentCol]
		}
		if err := check(t, d); err != nil {
			line, _ := r.FieldPos(0)
			return fmt.Errorf("divisions: %s:%d: %w", f.name, line, err)
		}
		t.byCode[d.Code] = len(t.all) // provisional index, rebuilt after sorting
		t.all = append(t.all, d)
	}
}

// check verifies one row against the hierarchy built so far. The 乡级 range
// rule of ValidChildCode is not applied here because the official data has
// one exception outside it (350527000 金门县, a placeholder), and the data is
// authoritative.
func check(t *table, d Division) error {
	if l, ok := LevelOfCode(d.Code); !ok || l != d.Level {
		return fmt.Errorf("code %q is not a %s code", d.Code, d.Level)
	}
	if d.Name == "" {
		return fmt.Errorf("code %s has no name", d.Code)
	}
	if _, dup := t.byCode[d.Code]; dup {
		return fmt.Errorf("duplicate code %s", d.Code)
	}
	if d.Level == Province {
		return nil
	}
	if _, ok := t.byCode[d.ParentCode]; !ok {
		return fmt.Errorf("code %s: unknown parent %q", d.Code, d.ParentCode)
	}
	if len(d.ParentCode) != codeLen[d.Level-1] || !strings.HasPrefix(d.Code, d.ParentCode) {
		return fmt.Errorf("code %s does not extend parent %s", d.Code, d.ParentCode)
	}
	return nil
}

// All returns every embedded division sorted by code, which puts each parent
// before its children. The slice is a fresh copy the caller may modify.
func All() ([]Division, error) {
	t, err := load()
	if err != nil {
		return nil, err
	}
	return slices.Clone(t.all), nil
}

// Lookup returns the embedded division with this code. Villages and
// townships outside 甘肃省 are not embedded and are reported as absent.
func Lookup(code string) (Division, bool) {
	t, err := load()
	if err != nil {
		return Division{}, false
	}
	i, ok := t.byCode[code]
	if !ok {
		return Division{}, false
	}
	return t.all[i], true
}

// ErrUnknownCode is returned by Subtree for a code that is not embedded.
var ErrUnknownCode = errors.New("unknown division code")

// Subtree returns the ancestors of root from the province down, then root
// itself, then every embedded descendant of root in code order (so parents
// always come before their children). It is what a scoped administrator
// needs: the path above their division for display, and everything below it.
func Subtree(root string) ([]Division, error) {
	t, err := load()
	if err != nil {
		return nil, err
	}
	i, ok := t.byCode[root]
	if !ok {
		return nil, ErrUnknownCode
	}
	r := t.all[i]
	var out []Division
	// Ancestors are collected bottom-up through ParentCode and then reversed.
	for p := r.ParentCode; p != ""; {
		a := t.all[t.byCode[p]]
		out = append(out, a)
		p = a.ParentCode
	}
	slices.Reverse(out)
	// Descendants are contiguous right after root in code order, because
	// their codes all start with root's code and sort after it.
	for _, d := range t.all[i:] {
		if !strings.HasPrefix(d.Code, root) {
			break
		}
		out = append(out, d)
	}
	return out, nil
}

// Errors returned by ValidChildCode. They are plain errors so that callers
// can map each one to their own message key with errors.Is.
var (
	ErrBadParent   = errors.New("parent is not a division code")
	ErrNoChildren  = errors.New("a village has no child divisions")
	ErrChildLength = errors.New("child code has the wrong length for the level below the parent")
	ErrChildDigits = errors.New("child code must contain only digits")
	ErrChildPrefix = errors.New("child code does not start with the parent code")
	ErrChildRange  = errors.New("child code's own digits are outside the range allowed for its level")
)

// ValidChildCode checks that child is a well-formed code for a division
// directly below parent: it must consist of parent's code followed by the
// digits of the next level (2 → 4 → 6 → 9 → 12 digits in total). The new
// digits must also be in range:
//
//   - city (2 digits): 01–99, because 00 would denote the province itself;
//   - county (2 digits): 00–99, because a prefecture-level city without
//     counties (东莞市 441900) uses 00 for itself at county level;
//   - township (3 digits, 乡级): 001–599 (001–099 街道, 100–199 镇,
//     200–399 乡, 400–599 乡级-like units), per domain.md §7.3;
//   - village (3 digits, 村级): 001–599 (居委会, 村委会 and similar units).
//
// It checks the form only, not whether either code exists; that is the
// caller's job because villages live in the database, not in this package.
func ValidChildCode(parent, child string) error {
	pl, ok := LevelOfCode(parent)
	if !ok {
		return ErrBadParent
	}
	if pl == Village {
		return ErrNoChildren
	}
	cl := pl + 1
	if len(child) != codeLen[cl] {
		return ErrChildLength
	}
	if !allDigits(child) {
		return ErrChildDigits
	}
	if !strings.HasPrefix(child, parent) {
		return ErrChildPrefix
	}
	own := atoi(child[len(parent):])
	switch cl {
	case City:
		if own < 1 {
			return ErrChildRange
		}
	case Township, Village:
		if own < 1 || own > 599 {
			return ErrChildRange
		}
	}
	return nil
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// atoi converts a short all-digit string; callers have checked the digits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
