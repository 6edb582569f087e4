package api

import (
	"net/http"

	"github.com/tongban/tongban/internal/httpserver"
	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/platform/apperr"
)

// Account kinds: who a token signs in, and what /api/v1/me describes.
const (
	AccountPerson = "person"
	AccountStaff  = "staff"
)

type registrationInput struct {
	Name            string `json:"name"`
	IDNumber        string `json:"id_number"`
	Phone           string `json:"phone"`
	RegionCode      string `json:"region_code"`
	Password        string `json:"password"`
	PasswordConfirm string `json:"password_confirm"`
}

// Registered answers a citizen registration: the new person and a bearer token.
type Registered struct {
	Person Person `json:"person"`
	Token  string `json:"token"`
}

// registerPerson creates a citizen account and signs it in for the API.
func (a *API) registerPerson(w http.ResponseWriter, r *http.Request) error {
	var in registrationInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	p, token, err := a.Identity.Register(r.Context(), identity.Registration{
		Name: in.Name, IDNumber: in.IDNumber, Phone: in.Phone, RegionCode: in.RegionCode,
		Password: in.Password, PasswordConfirm: in.PasswordConfirm,
	}, identity.SessionAPI)
	if err != nil {
		return err
	}
	return encode(w, http.StatusCreated, Registered{Person: personOf(p), Token: token})
}

type tokenInput struct {
	Login    string `json:"login"`    // a citizen's ID or mobile number
	Username string `json:"username"` // a staff member's username
	Password string `json:"password"`
}

// Token is a new bearer token and who it signs in.
type Token struct {
	Token string `json:"token"`
	Kind  string `json:"kind"`
}

// createToken signs a citizen (login) or a staff member (username) in for the
// API. Naming both is ambiguous and refused as a malformed request.
func (a *API) createToken(w http.ResponseWriter, r *http.Request) error {
	var in tokenInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if in.Login != "" && in.Username != "" {
		return apperr.New(apperr.Invalid, "error.bad_request")
	}
	if in.Username != "" {
		_, token, err := a.Identity.StaffLogin(r.Context(), in.Username, in.Password, identity.SessionAPI)
		if err != nil {
			return err
		}
		return encode(w, http.StatusCreated, Token{Token: token, Kind: AccountStaff})
	}
	_, token, err := a.Identity.Login(r.Context(), in.Login, in.Password, identity.SessionAPI)
	if err != nil {
		return err
	}
	return encode(w, http.StatusCreated, Token{Token: token, Kind: AccountPerson})
}

// deleteToken ends the session the request is signed in with.
func (a *API) deleteToken(w http.ResponseWriter, r *http.Request) error {
	s, ok := httpserver.Session(r.Context())
	if !ok {
		return apperr.New(apperr.Unauthenticated, "auth.required")
	}
	if err := a.Identity.Logout(r.Context(), s.Token); err != nil {
		return err
	}
	return noContent(w)
}

// Me is the signed-in account: a person (with the organization they act for,
// if any) or a staff member. Kind says which of the two is present.
type Me struct {
	Kind          string  `json:"kind"`
	Person        *Person `json:"person,omitempty"`
	ActingOrgID   int64   `json:"acting_org_id,omitempty"`
	ActingOrgName string  `json:"acting_org_name,omitempty"`
	Staff         *Staff  `json:"staff,omitempty"`
}

// me resolves the request's own session into its account. Authenticate is the
// one identity method that answers for citizens and staff alike; with no
// session it fails with 401.
func (a *API) me(w http.ResponseWriter, r *http.Request) error {
	s, _ := httpserver.Session(r.Context())
	au, err := a.Identity.Authenticate(r.Context(), s.Token, s.Kind)
	if err != nil {
		return err
	}
	var out Me
	switch {
	case au.Staff != nil:
		st := staffOf(*au.Staff)
		out = Me{Kind: AccountStaff, Staff: &st}
	case au.Person != nil:
		p := personOf(*au.Person)
		out = Me{Kind: AccountPerson, Person: &p, ActingOrgID: au.Session.OrgID, ActingOrgName: au.OrgName}
	default:
		return apperr.New(apperr.Unauthenticated, "auth.required")
	}
	return encode(w, http.StatusOK, out)
}

func (a *API) myOrganizations(w http.ResponseWriter, r *http.Request) error {
	orgs, err := a.Identity.MyOrganizations(r.Context())
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, allOf(orgs, organizationOf))
}

type orgInput struct {
	CreditCode string `json:"credit_code"`
	Name       string `json:"name"`
	LegalRep   string `json:"legal_rep"`
}

func (a *API) registerOrganization(w http.ResponseWriter, r *http.Request) error {
	var in orgInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	o, err := a.Identity.RegisterOrganization(r.Context(), identity.OrgRegistration{
		CreditCode: in.CreditCode, Name: in.Name, LegalRep: in.LegalRep,
	})
	if err != nil {
		return err
	}
	return encode(w, http.StatusCreated, organizationOf(o))
}
