package delivery

import (
	"context"
	"time"

	"github.com/tongban/tongban/internal/platform/principal"
)

// Method is how a result reaches the applicant.
type Method string

// Delivery methods.
const (
	Online Method = "online" // the applicant downloads the result document
	Mail   Method = "mail"   // a carrier brings it to the applicant's address
	Window Method = "window" // the applicant collects it at a hall with a pickup code
)

// Valid reports whether m is a known method.
func (m Method) Valid() bool { return m == Online || m == Mail || m == Window }

// Delivery states.
const (
	StatusPending   = "pending"   // mail waiting for staff to hand it to the carrier
	StatusShipped   = "shipped"   // mail with the carrier
	StatusReady     = "ready"     // online: downloadable; window: waiting for pickup
	StatusCompleted = "completed" // the result reached the applicant
)

// How a delivery was completed; also the "how" of casework's delivered event.
const (
	HowDownloaded = "downloaded"
	HowSigned     = "signed"
	HowCollected  = "collected"
)

// Result types (办结类型): the catalog's four, and 不予许可 for a denial.
const (
	ResultCertificate = "出证办结"
	ResultDocument    = "出文办结"
	ResultApproval    = "审批办结"
	ResultDenied      = "不予许可"
	ResultOther       = "其他"
)

var resultTypes = []string{ResultCertificate, ResultDocument, ResultApproval, ResultDenied, ResultOther}

// Delivery is the delivery of one case's result.
type Delivery struct {
	ID             int64
	CaseID         int64
	CaseNumber     string
	ItemName       string
	RegionCode     string
	DepartmentID   int64
	DepartmentName string
	PersonID       int64
	OrgID          int64
	ApplicantName  string // as given on the result document
	Method         Method
	ResultName     string
	ResultType     string
	Opinion        string // the department's opinion (审批意见)
	// Recipient, Address and Phone are where mail goes; sealed at rest.
	Recipient    string
	Address      string
	Phone        string
	Carrier      string
	TrackingNo   string
	Scans        int // carrier scans recorded so far
	Status       string
	CompletedHow string
	CreatedAt    time.Time
	UpdatedAt    time.Time
	CompletedAt  time.Time
}

// Scope is the case's scope: its region and responsible department.
func (d Delivery) Scope() principal.Scope {
	return principal.Scope{RegionCode: d.RegionCode, DepartmentID: d.DepartmentID}
}

// Completed reports whether the result reached the applicant.
func (d Delivery) Completed() bool { return d.Status == StatusCompleted }

// Kinds of delivery event; the timeline action is "delivery." + kind.
const (
	KindReady      = "ready"  // online: the document can be downloaded
	KindPickup     = "pickup" // window: the result waits at the hall
	KindShipped    = "shipped"
	KindScan       = "scan"
	KindCollected  = "collected"
	KindDownloaded = "downloaded"
)

// Timeline actions this package writes to the case.
const (
	ActionReady      = "delivery." + KindReady
	ActionPickup     = "delivery." + KindPickup
	ActionShipped    = "delivery." + KindShipped
	ActionScan       = "delivery." + KindScan
	ActionCollected  = "delivery." + KindCollected
	ActionDownloaded = "delivery." + KindDownloaded
)

// Event is one step of a delivery.
type Event struct {
	ID         int64
	DeliveryID int64
	At         time.Time
	Kind       string
	ScanStatus string // for scans
	Text       string // the carrier's words for a scan
	ActorName  string
}

// Carrier scan states, in the order a parcel passes them.
const (
	ScanPickedUp       = "picked_up"        // 揽收
	ScanInTransit      = "in_transit"       // 运输中
	ScanOutForDelivery = "out_for_delivery" // 派送中
	ScanSigned         = "signed"           // 已签收
)

// Scan is one tracking record from the carrier.
type Scan struct {
	At     time.Time
	Status string
	Text   string
}

// Parcel is what is handed to a carrier.
type Parcel struct {
	// Reference identifies the parcel to the carrier; shipping the same
	// reference twice returns the first tracking number, so a retried or
	// doubled dispatch makes one parcel.
	Reference string
	Recipient string
	Address   string
	Phone     string
	Contents  string
}

// Carrier is a courier's API. Its methods are network calls, made outside
// any transaction.
type Carrier interface {
	// Name identifies the carrier, e.g. "sandbox".
	Name() string
	// Ship books a parcel and returns its tracking number.
	Ship(ctx context.Context, p Parcel) (string, error)
	// Track returns every scan of a parcel so far, oldest first.
	Track(ctx context.Context, trackingNo string) ([]Scan, error)
}

// Timeline records delivery steps on the case, in the caller's transaction.
// app adapts casework's Note and MarkDelivered to it.
type Timeline interface {
	Note(ctx context.Context, caseID int64, action, comment string, detail map[string]string) error
	Delivered(ctx context.Context, caseID int64, how string) error
}

// Document is the result document (办结通知书) of a delivery.
type Document struct {
	CaseNumber     string
	ItemName       string
	ApplicantName  string
	ResultType     string
	ResultName     string
	Opinion        string
	DepartmentName string
	Concluded      time.Time
}

// Store keeps deliveries and their events.
type Store interface {
	// InsertDelivery stores a delivery, sealing the mail fields and, when
	// pickupCode is not empty, the code and its keyed hash.
	InsertDelivery(ctx context.Context, d *Delivery, pickupCode string) error
	GetDelivery(ctx context.Context, id int64) (Delivery, error)
	DeliveryOfCase(ctx context.Context, caseID int64) (Delivery, error)
	// PickupCodeTaken reports whether an unused code is already given out.
	PickupCodeTaken(ctx context.Context, code string) (bool, error)
	// DeliveryByPickupCode finds the delivery an unused code belongs to.
	DeliveryByPickupCode(ctx context.Context, code string) (Delivery, error)
	// PickupCode returns a delivery's unused code, or "" once it is used.
	PickupCode(ctx context.Context, id int64) (string, error)
	// ChangeDeliveryMethod stores a delivery's new method, status and mail
	// fields (sealed) and replaces its pickup code (none when code is ""),
	// provided its status is still from; it reports false otherwise.
	ChangeDeliveryMethod(ctx context.Context, d Delivery, from, code string) (bool, error)
	// MarkShipped moves a pending delivery to shipped.
	MarkShipped(ctx context.Context, id int64, carrier, trackingNo string, at time.Time) (bool, error)
	// AdvanceScans moves the count of recorded scans from one value to
	// another, so two refreshes cannot record a scan twice.
	AdvanceScans(ctx context.Context, id int64, from, to int, at time.Time) (bool, error)
	// CompleteDelivery moves a delivery from a state to completed and clears
	// its pickup code.
	CompleteDelivery(ctx context.Context, id int64, from, how string, at time.Time) (bool, error)
	// ShippedDeliveries lists mail deliveries with the carrier.
	ShippedDeliveries(ctx context.Context, limit int) ([]Delivery, error)
	AppendDeliveryEvent(ctx context.Context, e *Event) error
	DeliveryEvents(ctx context.Context, deliveryID int64) ([]Event, error)
}

// Tx runs fn in one transaction carried by ctx.
type Tx interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}
