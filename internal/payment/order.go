package payment

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"time"
)

// State is where an order is in its life: created → paid → (refunding →
// refunded), or created → closed (cancelled or expired).
type State string

// The order states.
const (
	Created   State = "created"
	Paid      State = "paid"
	Refunding State = "refunding"
	Refunded  State = "refunded"
	Closed    State = "closed"
)

// Line is one fee of an order: the fee's name, the charging standard it is
// levied under (收费依据) and the amount in fen. Money is never a float.
type Line struct {
	Name     string `json:"name"`
	Standard string `json:"standard,omitempty"`
	Amount   int64  `json:"amount"`
}

// Order is a payment order (缴费订单).
type Order struct {
	ID           int64
	No           string // order number: PAY + yyyyMMdd + 8 random digits
	CaseRef      string // the case it pays for, opaque to this module
	PayerID      int64  // person id
	ItemSlug     string
	RegionCode   string // the charging department's region: scopes refunds
	DepartmentID int64
	Lines        []Line
	Total        int64
	State        State
	GatewayTxn   string // the gateway's transaction id once paid
	CreatedAt    time.Time
	PaidAt       time.Time
	ClosedAt     time.Time
	CloseReason  string
	RefundReason string
	RefundedAt   time.Time
	ReceiptNo    string // set once paid
}

// Receipt is the electronic receipt (电子票据) issued when an order is paid.
type Receipt struct {
	ID       int64
	No       string
	OrderID  int64
	OrderNo  string
	PayerID  int64
	Amount   int64
	Items    []Line
	IssuedAt time.Time
}

// china is the zone of order numbers and of the reconciliation day: a payment
// at 23:30 Beijing time belongs to that Beijing day.
var china = time.FixedZone("CST", 8*3600)

// newNumber makes prefix + yyyyMMdd (Beijing day) + 8 random digits.
func newNumber(prefix string, at time.Time) (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(100_000_000))
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s%s%08d", prefix, at.In(china).Format("20060102"), n.Int64()), nil
}

// FormatFen renders an amount in fen as yuan, "12.50", for pages and receipts.
func FormatFen(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return fmt.Sprintf("%s%d.%02d", sign, fen/100, fen%100)
}
