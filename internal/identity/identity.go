package identity

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/fieldcrypt"
	"github.com/tongban/tongban/internal/platform/principal"
)

// Person is a registered natural person (自然人).
type Person struct {
	ID         int64
	Name       string
	IDNumber   IDNumber
	Phone      string
	Gender     Gender
	BirthDate  time.Time
	RegionCode string // 常住地: the township (or county) the person lives in
	PrefMode   string
	PrefLang   string
	CreatedAt  time.Time
}

// MaskedPhone is the phone number as screens show it.
func (p Person) MaskedPhone() string { return fieldcrypt.MaskPhone(p.Phone) }

// Scope is where the person's registration belongs, for staff authorization.
func (p Person) Scope() principal.Scope { return principal.Scope{RegionCode: p.RegionCode} }

// Organization is a registered legal person or other organisation (法人).
type Organization struct {
	ID         int64
	CreditCode CreditCode
	Name       string
	LegalRep   string
	RegionCode string
	CreatedAt  time.Time
	MemberRole string // the viewing person's role when listed for a member
}

// Scope is where the organization's registration belongs.
func (o Organization) Scope() principal.Scope { return principal.Scope{RegionCode: o.RegionCode} }

// Member roles: how a person is bound to an organization.
const (
	MemberLegalRep = "legal_rep" // 法定代表人
	MemberAgent    = "agent"     // 经办人
)

// Staff is a staff account (工作人员).
type Staff struct {
	ID           int64
	Username     string
	Name         string
	RegionCode   string
	DepartmentID int64
	Roles        []principal.Role
	Active       bool
	PrefMode     string
	PrefLang     string
	CreatedAt    time.Time
}

// Scope is the staff member's working scope.
func (s Staff) Scope() principal.Scope {
	return principal.Scope{RegionCode: s.RegionCode, DepartmentID: s.DepartmentID}
}

// Credentials is what the store keeps for sign-in, apart from the profile.
type Credentials struct {
	PasswordHash string
	FailedLogins int
	LockedUntil  time.Time
}

// Session kinds.
const (
	SessionWeb = "web" // a browser, with a cookie and a CSRF token
	SessionAPI = "api" // an API client with a bearer token
)

// Session is a signed-in session. Only the hash of its token is stored.
type Session struct {
	TokenHash  string
	Kind       string
	PersonID   int64
	OrgID      int64
	StaffID    int64
	CSRFToken  string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

// Preferences a user turns on and that follow them across devices.
const (
	ModeStandard = ""
	ModeElderly  = "elderly" // 长辈模式: larger type, higher contrast
	ModeKiosk    = "kiosk"   // 自助终端: large touch targets, auto sign-out
)

// ValidMode reports whether m is a display mode.
func ValidMode(m string) bool { return m == ModeStandard || m == ModeElderly || m == ModeKiosk }

// ValidLang reports whether l is a supported language.
func ValidLang(l string) bool { return l == "" || l == "zh" || l == "en" }

var (
	phonePattern    = regexp.MustCompile(`^1[3-9][0-9]{9}$`)
	usernamePattern = regexp.MustCompile(`^[a-z][a-z0-9._-]{2,31}$`)
)

// NormalizePhone strips spaces, dashes and a +86 prefix.
func NormalizePhone(s string) string {
	s = strings.NewReplacer(" ", "", "-", "").Replace(strings.TrimSpace(s))
	s = strings.TrimPrefix(s, "+86")
	return s
}

func checkPhone(field, phone string) *apperr.FieldError {
	if phone == "" {
		return &apperr.FieldError{Field: field, Key: "identity.phone.required"}
	}
	if !phonePattern.MatchString(phone) {
		return &apperr.FieldError{Field: field, Key: "identity.phone.format"}
	}
	return nil
}

// checkName validates a real name: 2–50 characters, no digits or markup.
func checkName(field, name string) *apperr.FieldError {
	n := utf8.RuneCountInString(name)
	if n == 0 {
		return &apperr.FieldError{Field: field, Key: "form.required"}
	}
	if n < 2 || n > 50 || strings.ContainsAny(name, "0123456789<>\"&") {
		return &apperr.FieldError{Field: field, Key: "identity.name.format"}
	}
	return nil
}
