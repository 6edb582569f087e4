package api

import (
	"net/http"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/region"
)

// Region is an administrative division. Level is province, city, county,
// township or village; ParentCode is empty for a province.
type Region struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	Level      string `json:"level"`
	ParentCode string `json:"parent_code"`
}

func regionOf(r region.Region) Region {
	return Region{Code: r.Code, Name: r.Name, Level: r.Level.String(), ParentCode: r.ParentCode}
}

func (a *API) region(w http.ResponseWriter, r *http.Request) error {
	reg, err := a.Regions.Get(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, regionOf(reg))
}

func (a *API) regionChildren(w http.ResponseWriter, r *http.Request) error {
	kids, err := a.Regions.Children(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, allOf(kids, regionOf))
}

// scopeRegion is the region a staff listing covers: the one asked for, or the
// signed-in staff member's own. The manager decides whether it may be seen.
func scopeRegion(r *http.Request) string {
	if code := r.URL.Query().Get("region"); code != "" {
		return code
	}
	return principal.From(r.Context()).Scope.RegionCode
}

// Department is a body that implements service items in one region.
type Department struct {
	ID         int64  `json:"id"`
	Slug       string `json:"slug"`
	Name       string `json:"name"`
	ShortName  string `json:"short_name"`
	Kind       string `json:"kind"`
	RegionCode string `json:"region_code"`
	CreditCode string `json:"credit_code"`
	Phone      string `json:"phone"`
	Note       string `json:"note"`
	Active     bool   `json:"active"`
	CreatedAt  string `json:"created_at"`
}

func departmentOf(d region.Department) Department {
	return Department{
		ID: d.ID, Slug: d.Slug, Name: d.Name, ShortName: d.ShortName, Kind: d.Kind, RegionCode: d.RegionCode,
		CreditCode: d.CreditCode, Phone: d.Phone, Note: d.Note, Active: d.Active, CreatedAt: timestamp(d.CreatedAt),
	}
}

type departmentInput struct {
	Slug       string `json:"slug"`
	Name       string `json:"name"`
	ShortName  string `json:"short_name"`
	Kind       string `json:"kind"`
	RegionCode string `json:"region_code"`
	CreditCode string `json:"credit_code"`
	Phone      string `json:"phone"`
	Note       string `json:"note"`
}

func (in departmentInput) department(id int64, active bool) region.Department {
	return region.Department{
		ID: id, Slug: in.Slug, Name: in.Name, ShortName: in.ShortName, Kind: in.Kind, RegionCode: in.RegionCode,
		CreditCode: in.CreditCode, Phone: in.Phone, Note: in.Note, Active: active,
	}
}

// departmentUpdate replaces a department. Active is required: a client that
// forgot it must not deactivate the department by omission.
type departmentUpdate struct {
	departmentInput
	Active *bool `json:"active"`
}

// requiredBool reports a missing boolean of a replacement body on its field.
func requiredBool(field string, b *bool) (bool, error) {
	if b == nil {
		return false, apperr.Field(field, "form.required")
	}
	return *b, nil
}

// replacement is the body of a PUT whose active flag is required.
type replacement interface{ activeFlag() *bool }

func (u *departmentUpdate) activeFlag() *bool { return u.Active }
func (u *windowUpdate) activeFlag() *bool     { return u.Active }

// decodeReplacement reads the record's id from the path and its replacement
// into in, and returns the id and the required active flag.
func decodeReplacement(w http.ResponseWriter, r *http.Request, in replacement) (int64, bool, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, false, err
	}
	if err := decode(w, r, in); err != nil {
		return 0, false, err
	}
	active, err := requiredBool("active", in.activeFlag())
	if err != nil {
		return 0, false, err
	}
	return id, active, nil
}

func (a *API) departments(w http.ResponseWriter, r *http.Request) error {
	ds, err := a.Regions.Departments(r.Context(), scopeRegion(r))
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, allOf(ds, departmentOf))
}

func (a *API) department(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := a.Regions.Department(r.Context(), id)
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, departmentOf(d))
}

func (a *API) createDepartment(w http.ResponseWriter, r *http.Request) error {
	var in departmentInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	d, err := a.Regions.SaveDepartment(r.Context(), in.department(0, true))
	if err != nil {
		return err
	}
	return encode(w, http.StatusCreated, departmentOf(d))
}

func (a *API) updateDepartment(w http.ResponseWriter, r *http.Request) error {
	var in departmentUpdate
	id, active, err := decodeReplacement(w, r, &in)
	if err != nil {
		return err
	}
	d, err := a.Regions.SaveDepartment(r.Context(), in.department(id, active))
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, departmentOf(d))
}

// Hall is a government service hall (政务服务大厅) or convenience centre.
type Hall struct {
	ID         int64  `json:"id"`
	RegionCode string `json:"region_code"`
	Name       string `json:"name"`
	Address    string `json:"address"`
	Hours      string `json:"hours"`
	Phone      string `json:"phone"`
	CreatedAt  string `json:"created_at"`
}

func hallOf(h region.Hall) Hall {
	return Hall{ID: h.ID, RegionCode: h.RegionCode, Name: h.Name, Address: h.Address, Hours: h.Hours,
		Phone: h.Phone, CreatedAt: timestamp(h.CreatedAt)}
}

// HallDetail is a hall with its windows.
type HallDetail struct {
	Hall
	Windows []Window `json:"windows"`
}

// Window is a numbered window of a hall and the departments it serves.
type Window struct {
	ID            int64   `json:"id"`
	HallID        int64   `json:"hall_id"`
	Number        int     `json:"number"`
	Name          string  `json:"name"`
	Comprehensive bool    `json:"comprehensive"`
	Active        bool    `json:"active"`
	DepartmentIDs []int64 `json:"department_ids"`
	CreatedAt     string  `json:"created_at"`
}

func windowOf(w region.Window) Window {
	return Window{ID: w.ID, HallID: w.HallID, Number: w.Number, Name: w.Name, Comprehensive: w.Comprehensive,
		Active: w.Active, DepartmentIDs: nonNil(w.DepartmentIDs), CreatedAt: timestamp(w.CreatedAt)}
}

type hallInput struct {
	RegionCode string `json:"region_code"`
	Name       string `json:"name"`
	Address    string `json:"address"`
	Hours      string `json:"hours"`
	Phone      string `json:"phone"`
}

func (a *API) halls(w http.ResponseWriter, r *http.Request) error {
	hs, err := a.Regions.Halls(r.Context(), scopeRegion(r))
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, allOf(hs, hallOf))
}

func (a *API) hall(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	h, ws, err := a.Regions.Hall(r.Context(), id)
	if err != nil {
		return err
	}
	out := HallDetail{Hall: hallOf(h), Windows: make([]Window, 0, len(ws))}
	for _, win := range ws {
		out.Windows = append(out.Windows, windowOf(win))
	}
	return encode(w, http.StatusOK, out)
}

func (a *API) createHall(w http.ResponseWriter, r *http.Request) error {
	var in hallInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	h, err := a.Regions.SaveHall(r.Context(), region.Hall{
		RegionCode: in.RegionCode, Name: in.Name, Address: in.Address, Hours: in.Hours, Phone: in.Phone,
	})
	if err != nil {
		return err
	}
	return encode(w, http.StatusCreated, hallOf(h))
}

type windowInput struct {
	Number        int     `json:"number"`
	Name          string  `json:"name"`
	Comprehensive bool    `json:"comprehensive"`
	DepartmentIDs []int64 `json:"department_ids"`
}

func (in windowInput) window(id, hallID int64, active bool) region.Window {
	return region.Window{ID: id, HallID: hallID, Number: in.Number, Name: in.Name, Comprehensive: in.Comprehensive,
		Active: active, DepartmentIDs: in.DepartmentIDs}
}

// windowUpdate replaces a window. The hall is named so that a window cannot be
// moved to another hall by accident: the manager refuses a different hall.
type windowUpdate struct {
	HallID int64 `json:"hall_id"`
	windowInput
	Active *bool `json:"active"`
}

func (a *API) createWindow(w http.ResponseWriter, r *http.Request) error {
	hallID, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in windowInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	win, err := a.Regions.SaveWindow(r.Context(), in.window(0, hallID, true))
	if err != nil {
		return err
	}
	return encode(w, http.StatusCreated, windowOf(win))
}

func (a *API) updateWindow(w http.ResponseWriter, r *http.Request) error {
	var in windowUpdate
	id, active, err := decodeReplacement(w, r, &in)
	if err != nil {
		return err
	}
	if in.HallID == 0 {
		return apperr.Field("hall_id", "form.required")
	}
	win, err := a.Regions.SaveWindow(r.Context(), in.window(id, in.HallID, active))
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, windowOf(win))
}
