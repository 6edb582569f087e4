package api

import (
	"net/http"

	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/platform/principal"
)

// Staff is a staff account (工作人员). DepartmentID 0 means the account covers
// every department of its region subtree.
type Staff struct {
	ID           int64            `json:"id"`
	Username     string           `json:"username"`
	Name         string           `json:"name"`
	Roles        []principal.Role `json:"roles"`
	RegionCode   string           `json:"region_code"`
	DepartmentID int64            `json:"department_id"`
	Active       bool             `json:"active"`
	CreatedAt    string           `json:"created_at"`
}

func staffOf(s identity.Staff) Staff {
	return Staff{
		ID: s.ID, Username: s.Username, Name: s.Name, Roles: nonNil(s.Roles), RegionCode: s.RegionCode,
		DepartmentID: s.DepartmentID, Active: s.Active, CreatedAt: timestamp(s.CreatedAt),
	}
}

func (a *API) staffList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	limit, offset, err := page(q)
	if err != nil {
		return err
	}
	dept, err := queryInt(q, "department_id")
	if err != nil {
		return err
	}
	staff, total, err := a.Identity.StaffList(r.Context(), identity.StaffFilter{
		RegionPrefix: q.Get("region"), DepartmentID: dept, Limit: limit, Offset: offset,
	})
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, listOf(staff, total, staffOf))
}

func (a *API) staffMember(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	s, err := a.Identity.StaffMember(r.Context(), id)
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, staffOf(s))
}

type staffInput struct {
	Username     string           `json:"username"`
	Name         string           `json:"name"`
	RegionCode   string           `json:"region_code"`
	DepartmentID int64            `json:"department_id"`
	Roles        []principal.Role `json:"roles"`
	Password     string           `json:"password"`
}

func (a *API) createStaff(w http.ResponseWriter, r *http.Request) error {
	var in staffInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	s, err := a.Identity.CreateStaff(r.Context(), identity.StaffInput{
		Username: in.Username, Name: in.Name, RegionCode: in.RegionCode, DepartmentID: in.DepartmentID,
		Roles: in.Roles, Password: in.Password,
	})
	if err != nil {
		return err
	}
	return encode(w, http.StatusCreated, staffOf(s))
}

type rolesInput struct {
	Roles []principal.Role `json:"roles"`
}

func (a *API) setRoles(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in rolesInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	s, err := a.Identity.SetRoles(r.Context(), id, in.Roles)
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, staffOf(s))
}
