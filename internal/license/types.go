package license

import (
	"time"

	"github.com/tongban/tongban/internal/platform/fieldcrypt"
	"github.com/tongban/tongban/internal/platform/principal"
)

// Status is where a license stands. Expiry is not stored: it follows from
// ValidUntil at the moment of reading (EffectiveStatus), so a license expires
// on time without a job having to run.
type Status string

// License states.
const (
	StatusValid      Status = "valid"      // 有效
	StatusSuspended  Status = "suspended"  // 暂停（中止）: may be resumed
	StatusRevoked    Status = "revoked"    // 吊销/撤销: final
	StatusCancelled  Status = "cancelled"  // 注销: final, usually at the holder's request
	StatusSuperseded Status = "superseded" // replaced by a re-issued version: final
	StatusExpired    Status = "expired"    // derived: valid but past ValidUntil
)

// Holder code types (持证主体代码类型), GB/T 36903.
const (
	HolderCodeIDCard     = "111" // 公民身份号码
	HolderCodeCreditCode = "001" // 统一社会信用代码
)

// Field is one printed field of a license, in the type's key-field order.
type Field struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// License is one issued electronic license (电子证照), one version of it.
type License struct {
	ID         int64
	Identifier string // GB/T 36904 证照标识
	TypeSlug   string
	TypeName   string
	TypeCode   string // 证照类型代码 used in the identifier
	Number     string // 证照编号, printed on the license
	Version    int    // 1, 2… the identifier's 版本号
	// The holder (持证主体). HolderCode is the ID number or credit code: plain
	// in memory, sealed at rest, masked on screens other than the holder's.
	HolderName     string
	HolderCodeType string // HolderCodeIDCard or HolderCodeCreditCode
	HolderCode     string
	HolderPersonID int64 // set for a person's license
	HolderOrgID    int64 // set for an enterprise's license
	Fields         []Field
	// The issuer (颁发机构) and where the license belongs.
	IssuerDeptID int64
	IssuerName   string
	IssuerCode   string // the department's credit code, or the region code
	RegionCode   string
	SealID       int64
	CaseID       int64 // the case that issued it; 0 for licenses installed as data
	CaseNumber   string
	IssuedAt     time.Time
	ValidFrom    time.Time
	ValidUntil   time.Time // zero = 长期 (no end)
	Status       Status    // stored status; see EffectiveStatus
	StatusReason string
	StatusAt     time.Time
	PreviousID   int64 // the version this one re-issued; 0 for version 1
	FirstID      int64 // the ID of version 1: what groups the versions
	Serial       string
	LogIndex     int64 // the issuance's leaf in the transparency log
	// The signed form: the canonical payload and its two signatures.
	Payload      []byte // canonical JSON (see Canonical)
	SM2Signature []byte // ASN.1 DER, SM2-with-SM3, default user ID
	JWS          string // compact JWS (EdDSA) over Payload
}

// EffectiveStatus is the status at now: a valid license past its ValidUntil
// reads as expired.
func (l License) EffectiveStatus(now time.Time) Status {
	if l.Status == StatusValid && !l.ValidUntil.IsZero() && now.After(l.ValidUntil) {
		return StatusExpired
	}
	return l.Status
}

// Usable reports whether the license can be relied on at now.
func (l License) Usable(now time.Time) bool { return l.EffectiveStatus(now) == StatusValid }

// Scope is the license's place for authorization: its region and issuing
// department.
func (l License) Scope() principal.Scope {
	return principal.Scope{RegionCode: l.RegionCode, DepartmentID: l.IssuerDeptID}
}

// MaskedHolderCode is the holder's code for screens other than the holder's.
func (l License) MaskedHolderCode() string {
	if l.HolderCodeType == HolderCodeIDCard {
		return fieldcrypt.MaskIDNumber(l.HolderCode)
	}
	return l.HolderCode // a credit code is public (公示) information
}

// HeldBy reports whether p is the license's holder: the person themselves,
// or a person acting for the holding enterprise.
func (l License) HeldBy(p principal.Principal) bool {
	if !p.IsPerson() {
		return false
	}
	if p.OrgID != 0 {
		return l.HolderOrgID == p.OrgID
	}
	return l.HolderOrgID == 0 && l.HolderPersonID == p.ID
}

// IssueRequest is what Issue needs. Fields may be given whole; otherwise they
// are filled from Data through the type's field mapping.
type IssueRequest struct {
	TypeSlug       string
	DepartmentID   int64 // the issuing department; 0 = the type's issuing department
	HolderName     string
	HolderCodeType string
	HolderCode     string
	HolderPersonID int64
	HolderOrgID    int64
	Number         string            // 证照编号; generated when empty
	Fields         []Field           // when nil, filled from Data by the mapping
	Data           map[string]string // source values for the mapping (see Sources)
	CaseID         int64
	CaseNumber     string
	ValidFrom      time.Time // zero = issuance time
	ValidUntil     time.Time // zero = from the type's validity, else 长期
}

// ReissueRequest re-issues a license as a new version.
type ReissueRequest struct {
	Reason     string
	Fields     []Field   // nil = keep the current fields
	ValidUntil time.Time // zero = keep
}

// Filter selects licenses for staff listings; the manager narrows it to the
// caller's scope.
type Filter struct {
	RegionPrefix string // set by the manager
	DepartmentID int64  // set by the manager for department-bound staff
	TypeSlug     string
	Status       Status // stored status; "" = any
	HolderName   string // substring
	Number       string // exact 证照编号
	Limit        int
	Offset       int
}

// Usage is one recorded use of a license (用证记录).
type Usage struct {
	ID             int64
	LicenseID      int64
	Identifier     string
	ActorKind      string // staff or api
	ActorID        int64
	ActorName      string
	DepartmentID   int64
	DepartmentName string
	RegionCode     string
	Purpose        string // 用证事由
	CaseID         int64
	Via            string // web, api, query (departmental query by holder)
	At             time.Time
	LogIndex       int64
}

// Seal is a department's electronic seal (电子印章): an SM2 key pair whose
// private half stays sealed in the database.
type Seal struct {
	ID             int64
	DepartmentID   int64
	DepartmentName string
	RegionCode     string
	Name           string // e.g. 庄浪县市场监督管理局电子证照专用章
	Code           string // 印章编码 (esID)
	PublicKey      []byte // uncompressed SM2 point, 65 bytes
	ValidFrom      time.Time
	ValidUntil     time.Time
	CreatedAt      time.Time
}

// ValidAt reports whether the seal may sign at t.
func (s Seal) ValidAt(t time.Time) bool {
	return !t.Before(s.ValidFrom) && (s.ValidUntil.IsZero() || !t.After(s.ValidUntil))
}

// Scope is the seal's department.
func (s Seal) Scope() principal.Scope {
	return principal.Scope{RegionCode: s.RegionCode, DepartmentID: s.DepartmentID}
}

// SealRequest creates a seal.
type SealRequest struct {
	DepartmentID int64
	Name         string // empty = department name + 电子证照专用章
	ValidFrom    time.Time
	ValidUntil   time.Time // zero = five years
}

// SealUse is one use of a seal: a signature it made.
type SealUse struct {
	ID         int64
	SealID     int64
	LicenseID  int64
	Identifier string
	Action     string // issue, reissue
	ActorName  string
	At         time.Time
}

// HolderQuery is a departmental system's query by holder (GB/T 36906
// practice).
type HolderQuery struct {
	HolderCodeType string
	HolderCode     string
	TypeSlug       string // "" = every type
	Number         string // optional 证照编号
	Purpose        string // 用证事由, required, at most MaxPurpose characters
}

// TypeUpdate changes a license type's managed attributes.
type TypeUpdate struct {
	Slug      string
	Name      string
	TypeCode  string // national 证照类型代码, or "" for the local code
	Validity  string
	KeyFields []string
	Mapping   []FieldSource
	Note      string
}

// FieldSource says which source value fills a printed field (see Sources).
type FieldSource struct {
	Field  string `json:"field"`
	Source string `json:"source"`
}
