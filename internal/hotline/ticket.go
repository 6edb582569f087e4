package hotline

import (
	"time"

	"github.com/tongban/tongban/internal/platform/calendar"
	"github.com/tongban/tongban/internal/platform/principal"
)

// Category is the kind of request (诉求类型).
type Category string

// The categories of domain.md §5.
const (
	Consult    Category = "consult"    // 咨询
	Help       Category = "help"       // 求助
	Complaint  Category = "complaint"  // 投诉
	Report     Category = "report"     // 举报
	Suggestion Category = "suggestion" // 建议
	Praise     Category = "praise"     // 表扬
)

// Categories lists the categories in display order.
var Categories = []Category{Consult, Help, Complaint, Report, Suggestion, Praise}

// chineseNames are the categories' own names, which dispatch rules use.
var chineseNames = map[Category]string{
	Consult: "咨询", Help: "求助", Complaint: "投诉", Report: "举报", Suggestion: "建议", Praise: "表扬",
}

// Valid reports whether c is a known category.
func (c Category) Valid() bool { _, ok := chineseNames[c]; return ok }

// Chinese is the category's Chinese name (投诉), the word rules compare with.
func (c Category) Chinese() string { return chineseNames[c] }

// Channel is how a ticket came in.
type Channel string

// Channels.
const (
	Phone   Channel = "phone"   // a call recorded by an operator
	Web     Channel = "web"     // the portal
	Mobile  Channel = "mobile"  // the portal's mobile layout
	Open311 Channel = "open311" // an Open311 GeoReport v2 client
)

// State is where a ticket is in its loop.
type State string

// The states of the loop.
const (
	Received   State = "received"   // 已受理, waiting for dispatch
	Dispatched State = "dispatched" // 已派单, waiting for the department to sign
	Handling   State = "handling"   // 办理中: signed (or reopened for 重办)
	Replied    State = "replied"    // 已答复, waiting for the operator to conclude
	Concluded  State = "concluded"  // 已办结, waiting for the callback (回访)
	Closed     State = "closed"     // 已评价: the loop is closed
	Merged     State = "merged"     // 已并单: follows its main ticket
)

// Open reports whether a ticket in s still has work before its conclusion:
// these are the states the deadline and the lights apply to.
func (s State) Open() bool {
	return s == Received || s == Dispatched || s == Handling || s == Replied
}

// Satisfaction is the requester's verdict at the callback or online.
type Satisfaction string

// The verdicts.
const (
	Satisfied   Satisfaction = "satisfied"   // 满意
	Basic       Satisfaction = "basic"       // 基本满意
	Unsatisfied Satisfaction = "unsatisfied" // 不满意
)

// Valid reports whether s is a known verdict.
func (s Satisfaction) Valid() bool { return s == Satisfied || s == Basic || s == Unsatisfied }

// Ticket is one 12345 work order.
type Ticket struct {
	ID        int64
	Number    string // 工单编号, e.g. 20260302000017
	Channel   Channel
	Category  Category
	ClassCode string
	ClassName string
	Title     string
	Content   string
	// CallerName and CallerPhone are sealed at rest and masked on screens.
	CallerName  string
	CallerPhone string
	PersonID    int64 // the citizen who filed it online; 0 for calls
	APIKeyID    int64 // the Open311 client that filed it
	// RegionCode is where the matter is: a township, or the county.
	RegionCode string
	Village    string
	Address    string
	Lat, Lng   float64
	HasCoords  bool
	State      State
	// Round is 1, or 2 for the second handling after an unsatisfied verdict.
	Round          int
	DepartmentID   int64
	DepartmentName string
	RuleID         int64 // the dispatch rule that chose the department, if any
	MergedInto     int64 // the main ticket of a duplicate
	ReceivedOn     calendar.Date
	SignDays       int
	HandleDays     int
	SignDue        calendar.Date // set at each dispatch
	HandleDue      calendar.Date
	Reply          string
	ArticleID      int64 // the knowledge-base article an answer at intake came from
	Satisfaction   Satisfaction
	Urges          int
	Returns        int
	Version        int // bumped by every change, so two changes cannot cross
	CreatedBy      int64
	CreatedAt      time.Time
	UpdatedAt      time.Time
	DispatchedAt   time.Time
	SignedAt       time.Time
	RepliedAt      time.Time
	ConcludedAt    time.Time
	ClosedAt       time.Time
}

// Scope is where the ticket belongs for authorization: its place and the
// department handling it.
func (t Ticket) Scope() principal.Scope {
	return principal.Scope{RegionCode: t.RegionCode, DepartmentID: t.DepartmentID}
}

// Event is one step of a ticket's loop.
type Event struct {
	ID             int64
	TicketID       int64
	At             time.Time
	Kind           string // an Action, or "intake"
	ActorKind      string
	ActorID        int64
	ActorName      string
	DepartmentName string // the department the step concerns
	Text           string // reason, reply, note
	Detail         string // e.g. the verdict of a callback
}

// File is an attachment of a ticket: an upload of the requester.
type File struct {
	UploadID int64
	Name     string
}
