package casework

import (
	"context"
	"time"

	"github.com/tongban/tongban/internal/platform/calendar"
	"github.com/tongban/tongban/internal/platform/principal"
)

// Channels through which an application arrives.
const (
	ChannelOnline = "online" // the applicant submitted it
	ChannelWindow = "window" // a clerk registered it at a hall (无差别受理)
)

// Application is an applicant's application for one item: a draft, saved
// automatically and resumable on any device, until it is submitted.
type Application struct {
	ID          int64
	PersonID    int64
	OrgID       int64 // the enterprise applied for; 0 for oneself
	ItemID      int64
	ItemVersion int // the published version the application was made under
	Form        map[string]string
	Materials   []MaterialCheck
	Submitted   bool
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// MaterialCheck is one line of an application's material checklist.
type MaterialCheck struct {
	Name     string `json:"name"`
	Provided bool   `json:"provided"`
	Note     string `json:"note,omitempty"`
	// FileID is the uploaded file (with its checksum and name), or 0.
	FileID   int64  `json:"file_id,omitempty"`
	FileName string `json:"file_name,omitempty"`
	SHA256   string `json:"sha256,omitempty"`
	// LicenseRef is the applicant's license used instead of an upload (免证办).
	LicenseRef string `json:"license_ref,omitempty"`
	// Trust is the material's trust level (domain.md §0): A issued by the
	// platform, B verified by staff, C uploaded by the applicant, D declared.
	Trust string `json:"trust,omitempty"`
	// Shared names the 一件事 material this line came from, when shared.
	Shared string `json:"shared,omitempty"`
}

// Trust levels of materials.
const (
	TrustIssued   = "A"
	TrustVerified = "B"
	TrustUploaded = "C"
	TrustDeclared = "D"
)

// Case is one case (办件): an application accepted into a department's
// handling, with its number, state, clock and promised due date.
type Case struct {
	ID             int64
	Number         string
	ApplicationID  int64
	ItemID         int64
	ItemVersion    int
	ItemName       string
	RegionCode     string
	DepartmentID   int64
	PersonID       int64
	OrgID          int64
	Channel        string
	RegisteredBy   int64  // the window clerk, for window registrations
	ReceivedRegion string // where the application was received (收受分离)
	State          string
	Clock          Clock
	Due            calendar.Date // promised due date; zero before acceptance
	Provisional    bool          // Due lies in a year without a published holiday notice
	Closed         bool
	// Pending is what a case accepted under 容缺受理 still owes; nil otherwise.
	Pending *Pending
	// Conclusion is the conclusion type once decided (出证办结, 不予许可…).
	Conclusion string
	// BundleApplicationID links the case to its 一件事 application; 0 if none.
	BundleApplicationID int64
	WorkflowID          int64 // the stored workflow it follows, fixed at opening; 0 = DefaultWorkflow
	CreatedAt           time.Time
	UpdatedAt           time.Time
	ClosedAt            time.Time
}

// Scope is the case's place for authorization: the responsible department.
func (c Case) Scope() principal.Scope {
	return principal.Scope{RegionCode: c.RegionCode, DepartmentID: c.DepartmentID}
}

// Accepted reports whether the clock has started.
func (c Case) Accepted() bool { return c.Clock.Accepted != (calendar.Date{}) }

// Paused reports whether the clock is stopped.
func (c Case) Paused() bool { return c.Clock.OpenPause != (calendar.Date{}) }

// Event is one entry of a case's timeline.
type Event struct {
	ID        int64
	CaseID    int64
	At        time.Time
	ActorKind string
	ActorID   int64
	ActorName string
	Action    string
	FromState string
	ToState   string
	Comment   string
	Detail    map[string]string
}

// Timeline actions besides the workflow's own action ids.
const (
	EventSubmit   = "submit"
	EventRegister = "register"
)

// PublishedItem is what casework needs to know about an item's published
// version; the catalog provides it through app.
type PublishedItem struct {
	ItemID         int64
	Version        int
	Name           string
	RegionCode     string
	DepartmentID   int64
	ImplCode       string // 31-character implementation code, "" when none
	PromisedDays   int    // 承诺办结时限 in working days; 0 = 即办
	StatutoryDays  int
	StatutoryUnit  string
	ServiceObjects []int
	Suspended      bool // visible but not accepting applications

	Slug string
	// HandleRange is the item's 通办范围 code: 1 全国, 2 全省, 3 全市, 4 全县…;
	// a hall inside the range may receive applications for it (收受分离).
	HandleRange string
	Materials   []ItemMaterial
	// Fee: whether the item charges, whether it can be paid online, and the
	// charges with their standards; the amount is fixed by the department at
	// decision (核定), because standards are rules, not prices.
	Charged   bool
	PayOnline bool
	FeeLines  []FeeLine
	// SubmissionFeeFen is a fixed charge due on submission (a card's 工本费),
	// 0 when the department fixes the amount at its decision.
	SubmissionFeeFen int64
	// The result the applicant receives and how the case concludes.
	ResultName        string
	ResultType        string // 出证办结, 出文办结, 审批办结, 其他
	ResultLicenseType string
	// SpecialProcedures are the hearing, expert review, inspection… whose time
	// is not counted in the limit.
	SpecialProcedures []string
}

// FeeAtDecision reports whether the department fixes a fee when it approves:
// the item charges, and not a fixed amount already due on submission.
func (it PublishedItem) FeeAtDecision() bool { return it.Charged && it.SubmissionFeeFen <= 0 }

// ItemMaterial is one material an item asks for.
type ItemMaterial struct {
	Name          string
	Requirement   string // required, optional, conditional
	Condition     string // when conditional: in words, for the applicant to judge
	LicenseTypeID string // the license that can stand in for it (免证办)
}

// FeeLine is one charge of an item.
type FeeLine struct {
	Name     string
	Standard string
}

// ItemSource reads published items.
type ItemSource interface {
	// Published returns the current published version of an item, or a
	// NotFound error when the item is not public.
	Published(ctx context.Context, id int64) (PublishedItem, error)
}

// CaseFilter selects cases for a listing. RegionPrefix is always set by the
// manager from the principal's scope before the store sees it.
type CaseFilter struct {
	RegionPrefix string
	DepartmentID int64 // 0 = every department of the region subtree
	PersonID     int64 // 0 = any applicant
	OrgID        int64 // with PersonID: the enterprise applied for
	// BundleApplicationID selects the cases of one 一件事 application.
	BundleApplicationID int64
	State               string
	OpenOnly            bool
	AcceptedOnly        bool // only cases whose clock has started
	Limit               int
	Offset              int
}

// Store is what casework needs from the database.
type Store interface {
	SequenceStore
	DefinitionStore
	BundleStore
	SupervisionStore
	InsertApplication(ctx context.Context, a *Application) error
	UpdateApplication(ctx context.Context, a Application) error
	GetApplication(ctx context.Context, id int64) (Application, error)
	// FindDraft returns the applicant's unsubmitted application for an item,
	// or a NotFound error.
	FindDraft(ctx context.Context, personID, orgID, itemID int64) (Application, error)
	InsertCase(ctx context.Context, c *Case) error
	// UpdateCase saves a case that was in state fromState; a Conflict error
	// means someone else moved it meanwhile.
	UpdateCase(ctx context.Context, c Case, fromState string) error
	GetCase(ctx context.Context, id int64) (Case, error)
	GetCaseByNumber(ctx context.Context, number string) (Case, error)
	ListCases(ctx context.Context, f CaseFilter) ([]Case, int, error)
	AppendCaseEvent(ctx context.Context, e *Event) error
	ListCaseEvents(ctx context.Context, caseID int64) ([]Event, error)
}

// Tx runs a function in one database transaction.
type Tx interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}
