package hotline

import (
	"strings"

	"github.com/tongban/tongban/internal/platform/apperr"
)

// Class is a node of the classification tree (诉求分类) of a region. A
// child's code extends its parent's code ("01" → "0101"), so a rule can test
// a whole branch with classification.startsWith("01").
type Class struct {
	ID         int64
	RegionCode string
	Code       string
	Name       string
	ParentCode string // "" for a top-level class
	Keywords   string // words operators and rules look for, separated by spaces or commas
	Sort       int
	Active     bool
}

// Depth is 0 for a top-level class, 1 for its children, and so on.
func (c Class) Depth() int { return max(0, len(c.Code)/2-1) }

func (c *Class) normalize() {
	c.Code, c.Name = strings.TrimSpace(c.Code), strings.TrimSpace(c.Name)
	c.ParentCode, c.Keywords = strings.TrimSpace(c.ParentCode), strings.TrimSpace(c.Keywords)
}

// validate checks a class: a code of two more digits than its parent's,
// starting with it; a name.
func (c Class) validate(parentExists bool) error {
	var fs []apperr.FieldError
	digits := c.Code != "" && strings.Trim(c.Code, "0123456789") == ""
	switch {
	case !digits || len(c.Code)%2 != 0 || len(c.Code) > 8:
		fs = append(fs, apperr.FieldError{Field: "code", Key: "hotline.class.code"})
	case c.ParentCode == "" && len(c.Code) != 2:
		fs = append(fs, apperr.FieldError{Field: "code", Key: "hotline.class.code"})
	case c.ParentCode != "" && (!strings.HasPrefix(c.Code, c.ParentCode) || len(c.Code) != len(c.ParentCode)+2):
		fs = append(fs, apperr.FieldError{Field: "code", Key: "hotline.class.under_parent"})
	}
	if c.ParentCode != "" && !parentExists {
		fs = append(fs, apperr.FieldError{Field: "parent_code", Key: "hotline.class.parent"})
	}
	if c.Name == "" || len([]rune(c.Name)) > 50 {
		fs = append(fs, apperr.FieldError{Field: "name", Key: "hotline.class.name"})
	}
	return apperr.Fields(fs)
}

// classByCode finds a class in a list.
func classByCode(classes []Class, code string) (Class, bool) {
	for _, c := range classes {
		if c.Code == code {
			return c, true
		}
	}
	return Class{}, false
}

// Leaves are the active classes without active children: what a ticket is
// filed under, and the services an Open311 client sees.
func Leaves(classes []Class) []Class {
	var out []Class
	for _, c := range classes {
		if !c.Active {
			continue
		}
		leaf := true
		for _, d := range classes {
			if d.Active && d.ParentCode == c.Code {
				leaf = false
				break
			}
		}
		if leaf {
			out = append(out, c)
		}
	}
	return out
}

// PathName is a class's name with its ancestors', e.g. 市场监管/食品安全.
func PathName(classes []Class, code string) string {
	var parts []string
	for code != "" {
		c, ok := classByCode(classes, code)
		if !ok {
			break
		}
		parts = append([]string{c.Name}, parts...)
		code = c.ParentCode
	}
	return strings.Join(parts, "/")
}
