package region

import "context"

// Store is the persistence region needs; package store implements it.
type Store interface {
	InsertRegion(ctx context.Context, r Region) error
	GetRegion(ctx context.Context, code string) (Region, error)
	ListRegions(ctx context.Context, f RegionFilter) ([]Region, error)

	InsertDepartment(ctx context.Context, d *Department) error
	UpdateDepartment(ctx context.Context, d Department) error
	GetDepartment(ctx context.Context, id int64) (Department, error)
	GetDepartmentBySlug(ctx context.Context, slug string) (Department, error)
	ListDepartments(ctx context.Context, f DepartmentFilter) ([]Department, error)

	InsertHall(ctx context.Context, h *Hall) error
	UpdateHall(ctx context.Context, h Hall) error
	GetHall(ctx context.Context, id int64) (Hall, error)
	ListHalls(ctx context.Context, regionPrefix string) ([]Hall, error)

	InsertWindow(ctx context.Context, w *Window) error
	UpdateWindow(ctx context.Context, w Window) error
	GetWindow(ctx context.Context, id int64) (Window, error)
	ListWindows(ctx context.Context, hallID int64) ([]Window, error)
}

// RegionFilter selects regions. Empty fields do not filter.
type RegionFilter struct {
	Prefix     string // codes in this subtree (including the root itself)
	ParentCode string
	MaxLevel   int
}

// DepartmentFilter selects departments.
type DepartmentFilter struct {
	RegionPrefix string
	DepartmentID int64 // only this department (a department-bound viewer)
	ActiveOnly   bool
}

// Tx runs fn in one transaction carried by ctx.
type Tx interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}
