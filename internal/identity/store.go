package identity

import (
	"context"
	"time"
)

// Store is the persistence identity needs; package store implements it and is
// responsible for keeping ID and phone numbers encrypted at rest.
type Store interface {
	InsertPerson(ctx context.Context, p *Person, passwordHash string) error
	GetPerson(ctx context.Context, id int64) (Person, error)
	FindPersonByIDNumber(ctx context.Context, n IDNumber) (Person, error)
	FindPersonByPhone(ctx context.Context, phone string) (Person, error)
	ListPeople(ctx context.Context, f PeopleFilter) ([]Person, int, error)
	PersonCredentials(ctx context.Context, id int64) (Credentials, error)
	SetPersonCredentials(ctx context.Context, id int64, c Credentials) error
	SetPersonPrefs(ctx context.Context, id int64, mode, lang string) error

	InsertOrganization(ctx context.Context, o *Organization) error
	GetOrganization(ctx context.Context, id int64) (Organization, error)
	FindOrganizationByCode(ctx context.Context, code CreditCode) (Organization, error)
	ListOrganizations(ctx context.Context, f OrgFilter) ([]Organization, int, error)
	AddMember(ctx context.Context, orgID, personID int64, role string, at time.Time) error
	MemberRole(ctx context.Context, orgID, personID int64) (string, error)
	OrganizationsOf(ctx context.Context, personID int64) ([]Organization, error)

	InsertStaff(ctx context.Context, s *Staff, passwordHash string) error
	GetStaff(ctx context.Context, id int64) (Staff, error)
	FindStaffByUsername(ctx context.Context, username string) (Staff, error)
	ListStaff(ctx context.Context, f StaffFilter) ([]Staff, int, error)
	SetStaffRoles(ctx context.Context, id int64, roles []string) error
	StaffCredentials(ctx context.Context, id int64) (Credentials, error)
	SetStaffCredentials(ctx context.Context, id int64, c Credentials) error
	SetStaffPrefs(ctx context.Context, id int64, mode, lang string) error

	InsertSession(ctx context.Context, s Session) error
	GetSession(ctx context.Context, tokenHash string) (Session, error)
	TouchSession(ctx context.Context, tokenHash string, at time.Time) error
	SetSessionOrg(ctx context.Context, tokenHash string, orgID int64) error
	DeleteSession(ctx context.Context, tokenHash string) error
	DeleteExpiredSessions(ctx context.Context, idleBefore, now time.Time) (int, error)

	APIClientStore
}

// PeopleFilter selects persons for a staff listing. RegionPrefix is mandatory:
// every listing is scoped.
type PeopleFilter struct {
	RegionPrefix string
	Name         string // substring of the name
	IDNumber     IDNumber
	Limit        int
	Offset       int
}

// OrgFilter selects organizations for a staff listing.
type OrgFilter struct {
	RegionPrefix string
	Name         string
	Limit        int
	Offset       int
}

// StaffFilter selects staff accounts.
type StaffFilter struct {
	RegionPrefix string
	DepartmentID int64
	Limit        int
	Offset       int
}

// Tx runs fn in one transaction carried by ctx.
type Tx interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}

// RegionChecker tells whether a region exists; the region module provides it.
type RegionChecker interface {
	RegionExists(ctx context.Context, code string) (bool, error)
	// DepartmentRegion returns the region a department belongs to.
	DepartmentRegion(ctx context.Context, departmentID int64) (string, error)
}
