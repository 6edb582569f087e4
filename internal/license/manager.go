package license

import (
	"context"
	"time"

	"github.com/tongban/tongban/internal/platform/audit"
)

// Tx runs fn in one transaction (the store's database).
type Tx interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}

// Department is what license needs to know of an issuing department.
type Department struct {
	ID         int64
	Slug       string
	Name       string
	RegionCode string
	CreditCode string // "" when unknown
}

// Departments finds issuing departments; app plugs in the region store.
type Departments interface {
	LicenseDepartment(ctx context.Context, id int64) (Department, error)
	LicenseDepartmentBySlug(ctx context.Context, slug string) (Department, error)
}

// CaseFacts is what license needs of a case cited as the purpose of a use.
type CaseFacts struct {
	Number       string
	RegionCode   string
	DepartmentID int64
	PersonID     int64
	OrgID        int64
}

// Cases looks up the case a use cites; app plugs in casework's store.
type Cases interface {
	LicenseCase(ctx context.Context, id int64) (CaseFacts, error)
}

// Deps are what a Manager is built from.
type Deps struct {
	Tx          Tx
	Store       Store
	Departments Departments
	Cases       Cases
	Audit       audit.Writer
	// Origin names the transparency log in its checkpoints.
	Origin string
	Now    func() time.Time
}

// DefaultOrigin is the log's name when Deps.Origin is empty.
const DefaultOrigin = "tongban/licenses"

// Manager is license's use cases.
type Manager struct {
	tx     Tx
	store  Store
	depts  Departments
	cases  Cases
	audit  audit.Writer
	origin string
	now    func() time.Time
	keys   keyCache
}

// NewManager wires a Manager.
func NewManager(d Deps) *Manager {
	if d.Origin == "" {
		d.Origin = DefaultOrigin
	}
	return &Manager{tx: d.Tx, store: d.Store, depts: d.Departments, cases: d.Cases, audit: d.Audit,
		origin: d.Origin, now: d.Now}
}

// Now is the manager's clock, for surfaces that show a status at a moment.
func (m *Manager) Now() time.Time { return m.now() }
