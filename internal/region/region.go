package region

import (
	"strings"
	"time"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/region/divisions"
)

// Region is one administrative division.
type Region struct {
	Code       string
	Name       string
	Level      divisions.Level
	ParentCode string // empty for a province
	CreatedAt  time.Time
}

// Department kinds.
const (
	KindGovernment  = "government_department"
	KindInstitution = "public_institution"
	KindUtility     = "utility"
)

// DepartmentKinds lists the kinds in display order.
var DepartmentKinds = []string{KindGovernment, KindInstitution, KindUtility}

// Department is a body that implements service items in one region.
type Department struct {
	ID         int64
	Slug       string // stable identifier, e.g. market-regulation
	Name       string // 庄浪县市场监督管理局
	ShortName  string // 县市场监管局
	Kind       string
	RegionCode string
	CreditCode string // may be empty until the real code is loaded
	Phone      string
	Note       string
	Active     bool
	CreatedAt  time.Time
}

// Scope is the department's place for authorization.
func (d Department) Scope() principal.Scope {
	return principal.Scope{RegionCode: d.RegionCode, DepartmentID: d.ID}
}

func (d *Department) normalize() {
	d.Slug = strings.TrimSpace(strings.ToLower(d.Slug))
	d.Name = strings.TrimSpace(d.Name)
	d.ShortName = strings.TrimSpace(d.ShortName)
	d.Phone = strings.TrimSpace(d.Phone)
	d.Note = strings.TrimSpace(d.Note)
	if d.ShortName == "" {
		d.ShortName = d.Name
	}
}

func (d Department) validate() error {
	var fs []apperr.FieldError
	if d.Name == "" {
		fs = append(fs, apperr.FieldError{Field: "name", Key: "form.required"})
	}
	if !validSlug(d.Slug) {
		fs = append(fs, apperr.FieldError{Field: "slug", Key: "region.department.slug"})
	}
	if !validKind(d.Kind) {
		fs = append(fs, apperr.FieldError{Field: "kind", Key: "form.choice"})
	}
	if d.RegionCode == "" {
		fs = append(fs, apperr.FieldError{Field: "region_code", Key: "form.required"})
	}
	return apperr.Fields(fs)
}

func validKind(k string) bool {
	for _, v := range DepartmentKinds {
		if v == k {
			return true
		}
	}
	return false
}

func validSlug(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// Hall is a government service hall (政务服务大厅) or a township convenience centre.
type Hall struct {
	ID         int64
	RegionCode string
	Name       string
	Address    string
	Hours      string
	Phone      string
	CreatedAt  time.Time
}

func (h *Hall) normalize() {
	h.Name = strings.TrimSpace(h.Name)
	h.Address = strings.TrimSpace(h.Address)
	h.Hours = strings.TrimSpace(h.Hours)
	h.Phone = strings.TrimSpace(h.Phone)
}

func (h Hall) validate() error {
	var fs []apperr.FieldError
	if h.Name == "" {
		fs = append(fs, apperr.FieldError{Field: "name", Key: "form.required"})
	}
	if h.RegionCode == "" {
		fs = append(fs, apperr.FieldError{Field: "region_code", Key: "form.required"})
	}
	return apperr.Fields(fs)
}

// Window is a numbered window of a hall. A comprehensive window (综合窗口) accepts
// every item of the departments it serves.
type Window struct {
	ID            int64
	HallID        int64
	Number        int
	Name          string
	Comprehensive bool
	Active        bool
	DepartmentIDs []int64
	CreatedAt     time.Time
}

func (w Window) validate() error {
	var fs []apperr.FieldError
	if strings.TrimSpace(w.Name) == "" {
		fs = append(fs, apperr.FieldError{Field: "name", Key: "form.required"})
	}
	if w.Number < 1 || w.Number > 999 {
		fs = append(fs, apperr.FieldError{Field: "number", Key: "region.window.number"})
	}
	return apperr.Fields(fs)
}
