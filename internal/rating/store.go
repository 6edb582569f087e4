package rating

import (
	"context"
	"time"
)

// TaskFilter selects rectification tasks. The manager sets the scope from the
// principal before the store sees it.
type TaskFilter struct {
	RegionPrefix string
	DepartmentID int64  // 0 = every department of the region subtree
	State        string // "" = any
	OpenOnly     bool
	Limit        int
	Offset       int
}

// CountFilter is a report's filter in the store's terms: ratings given in
// [From, Until).
type CountFilter struct {
	RegionPrefix string
	DepartmentID int64
	From, Until  time.Time
}

// Store is what the rating module needs from the database.
type Store interface {
	PadStore
	InsertService(ctx context.Context, s *Service) error
	GetService(ctx context.Context, id int64) (Service, error)
	// ServicesOfCase lists a case's services, oldest first.
	ServicesOfCase(ctx context.Context, caseID int64) ([]Service, error)
	// InsertRating stores a rating; a second rating with the same service and
	// number is a Conflict, whatever the module checked before.
	InsertRating(ctx context.Context, r *Rating) error
	// SupersedeRatings marks the service's earlier ratings as no longer the
	// latest, when a follow-up is given.
	SupersedeRatings(ctx context.Context, serviceID int64, number int) error
	// RatingsOf lists the ratings of services, by service, first rating first.
	RatingsOf(ctx context.Context, serviceIDs []int64) (map[int64][]Rating, error)
	// RatingsBy lists a person's ratings (as themselves or for an
	// enterprise), newest first, with their services.
	RatingsBy(ctx context.Context, personID, orgID int64, limit int) ([]Rating, []Service, error)
	ExcludeRating(ctx context.Context, id int64) error

	InsertTask(ctx context.Context, t *Task) error
	// UpdateTask saves a task that was in state from; a Conflict means it
	// was moved meanwhile.
	UpdateTask(ctx context.Context, t Task, from string) error
	GetTask(ctx context.Context, id int64) (Task, error)
	// TasksOfRatings returns the tasks of ratings, by rating id.
	TasksOfRatings(ctx context.Context, ratingIDs []int64) (map[int64]Task, error)
	ListTasks(ctx context.Context, f TaskFilter) ([]Task, int, error)
	AppendTaskStep(ctx context.Context, s *TaskStep) error
	TaskSteps(ctx context.Context, taskID int64) ([]TaskStep, error)

	// LevelCounts counts the ratings that count in the statistics (latest,
	// not excluded) given in [from, until) in a region subtree.
	LevelCounts(ctx context.Context, regionPrefix string, from, until time.Time) ([]LevelCount, error)
	// TaskCounts counts the tasks of bad ratings given in the filter's time.
	TaskCounts(ctx context.Context, f CountFilter) ([]TaskCounts, error)
}

// Tx runs a function in one database transaction.
type Tx interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}

// CaseFacts are what the module needs to know of a case to let a window
// clerk invite its applicant to rate a visit.
type CaseFacts struct {
	ID             int64
	Number         string
	ItemID         int64
	ItemName       string
	RegionCode     string
	DepartmentID   int64
	DepartmentName string
	PersonID       int64
	OrgID          int64
	RegisteredBy   int64  // the clerk who registered it at a window; 0 online
	ReceivedRegion string // where a window registration was received
}

// Cases reads case facts; app adapts casework to it. It authorizes nothing.
type Cases interface {
	CaseFacts(ctx context.Context, caseID int64) (CaseFacts, error)
}

// Place is a hall with one of its windows, or none.
type Place struct {
	HallID     int64
	HallName   string
	HallRegion string
	WindowID   int64
	WindowName string
}

// Places finds the halls and windows a clerk works at; app adapts region.
type Places interface {
	// HallOf returns the hall of a region (exactly that region, not its
	// subtree) with its windows, or false when the region has none.
	HallOf(ctx context.Context, regionCode string) (Place, []Place, bool, error)
}

// Notifier tells a rater that the department answered their bad rating, in
// the caller's transaction; app adapts the notice module to it.
type Notifier interface {
	RatingAnswered(ctx context.Context, t Task) error
}
