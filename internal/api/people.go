package api

import (
	"net/http"

	"github.com/tongban/tongban/internal/identity"
)

// Person is a registered citizen as the API shows them: the ID and phone
// numbers masked. Only the reveal endpoint returns a full value.
type Person struct {
	ID             int64  `json:"id"`
	Name           string `json:"name"`
	IDNumberMasked string `json:"id_number_masked"`
	PhoneMasked    string `json:"phone_masked"`
	Gender         string `json:"gender"`
	BirthDate      string `json:"birth_date"`
	RegionCode     string `json:"region_code"`
	CreatedAt      string `json:"created_at"`
}

func personOf(p identity.Person) Person {
	return Person{
		ID: p.ID, Name: p.Name, IDNumberMasked: p.IDNumber.Masked(), PhoneMasked: p.MaskedPhone(),
		Gender: string(p.Gender), BirthDate: date(p.BirthDate), RegionCode: p.RegionCode, CreatedAt: timestamp(p.CreatedAt),
	}
}

// Organization is a registered enterprise or other organisation (法人).
type Organization struct {
	ID         int64  `json:"id"`
	CreditCode string `json:"credit_code"`
	Name       string `json:"name"`
	LegalRep   string `json:"legal_rep"`
	RegionCode string `json:"region_code"`
	MemberRole string `json:"member_role,omitempty"`
	CreatedAt  string `json:"created_at"`
}

func organizationOf(o identity.Organization) Organization {
	return Organization{
		ID: o.ID, CreditCode: o.CreditCode.String(), Name: o.Name, LegalRep: o.LegalRep,
		RegionCode: o.RegionCode, MemberRole: o.MemberRole, CreatedAt: timestamp(o.CreatedAt),
	}
}

func (a *API) people(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	limit, offset, err := page(q)
	if err != nil {
		return err
	}
	people, total, err := a.Identity.People(r.Context(), identity.PeopleFilter{
		RegionPrefix: q.Get("region"), Name: q.Get("name"), Limit: limit, Offset: offset,
	})
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, listOf(people, total, personOf))
}

func (a *API) person(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := a.Identity.Person(r.Context(), id)
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, personOf(p))
}

type revealInput struct {
	Field string `json:"field"`
}

// Revealed is one unmasked personal value. Asking for it is audited.
type Revealed struct {
	Field string `json:"field"`
	Value string `json:"value"`
}

func (a *API) reveal(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in revealInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	v, err := a.Identity.Reveal(r.Context(), id, in.Field)
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, Revealed{Field: in.Field, Value: v})
}

func (a *API) organizations(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	limit, offset, err := page(q)
	if err != nil {
		return err
	}
	orgs, total, err := a.Identity.Organizations(r.Context(), identity.OrgFilter{
		RegionPrefix: q.Get("region"), Name: q.Get("name"), Limit: limit, Offset: offset,
	})
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, listOf(orgs, total, organizationOf))
}
