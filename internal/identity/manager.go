package identity

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"time"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/audit"
	"github.com/tongban/tongban/internal/platform/password"
)

// Lockout policy: after MaxFailedLogins wrong passwords in a row an account is
// locked for LockoutPeriod. The counter resets on a successful sign-in.
const (
	MaxFailedLogins = 5
	LockoutPeriod   = 15 * time.Minute
	// touchInterval limits how often a session's last-seen time is written, so a
	// busy page does not turn every read into a write.
	touchInterval = time.Minute
)

// Config holds identity's policy settings.
type Config struct {
	PasswordParams  password.Params
	SessionIdle     time.Duration
	SessionAbsolute time.Duration
}

// Manager is identity's use cases.
type Manager struct {
	tx      Tx
	store   Store
	regions RegionChecker
	audit   audit.Writer
	now     func() time.Time
	cfg     Config
	// dummyHash is verified against when an account does not exist, so that the
	// time taken does not reveal which ID numbers are registered.
	dummyHash string
}

// NewManager wires a Manager.
func NewManager(tx Tx, store Store, regions RegionChecker, aw audit.Writer, now func() time.Time, cfg Config) (*Manager, error) {
	h, err := password.Hash(cfg.PasswordParams, "tongban-dummy-password")
	if err != nil {
		return nil, err
	}
	return &Manager{tx: tx, store: store, regions: regions, audit: aw, now: now, cfg: cfg, dummyHash: h}, nil
}

// newToken returns a random session token and the hash under which it is stored.
func newToken() (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token), nil
}

// HashToken is how a session token is looked up: only its SHA-256 is stored, so a
// copy of the database does not hand out live sessions.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func (m *Manager) newSession(ctx context.Context, kind string, personID, staffID int64) (string, Session, error) {
	token, hash, err := newToken()
	if err != nil {
		return "", Session{}, err
	}
	csrf, _, err := newToken()
	if err != nil {
		return "", Session{}, err
	}
	now := m.now()
	s := Session{
		TokenHash: hash, Kind: kind, PersonID: personID, StaffID: staffID, CSRFToken: csrf,
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(m.cfg.SessionAbsolute),
	}
	return token, s, m.store.InsertSession(ctx, s)
}

// signIn is the shared password check with lockout for persons and staff. It
// records the outcome in its own transaction, so that a failed attempt is
// counted and audited even though the caller gets an error.
func (m *Manager) signIn(ctx context.Context, target, regionCode string, id int64, found bool, pw string,
	creds func(context.Context) (Credentials, error), save func(context.Context, Credentials) error,
	onSuccess func(ctx context.Context) error) error {

	if !found {
		_, _ = password.Verify(m.dummyHash, pw)
		_ = m.tx.InTx(ctx, func(ctx context.Context) error {
			return m.audit.AppendAudit(ctx, audit.New(ctx, m.now(), audit.LoginFailed, target, "", regionCode, "unknown account"))
		})
		return apperr.New(apperr.Invalid, "identity.login.failed")
	}
	var outcome error
	err := m.tx.InTx(ctx, func(ctx context.Context) error {
		c, err := creds(ctx)
		if err != nil {
			return err
		}
		now := m.now()
		targetID := itoa(id)
		if now.Before(c.LockedUntil) {
			outcome = apperr.New(apperr.TooMany, "identity.login.locked", int(c.LockedUntil.Sub(now).Minutes())+1)
			return m.audit.AppendAudit(ctx, audit.New(ctx, now, audit.LoginLocked, target, targetID, regionCode, ""))
		}
		ok, err := password.Verify(c.PasswordHash, pw)
		if err != nil {
			return err
		}
		if !ok {
			c.FailedLogins++
			detail := "wrong password"
			if c.FailedLogins >= MaxFailedLogins {
				c.LockedUntil = now.Add(LockoutPeriod)
				c.FailedLogins = 0
				detail = "wrong password; account locked"
			}
			outcome = apperr.New(apperr.Invalid, "identity.login.failed")
			if err := save(ctx, c); err != nil {
				return err
			}
			return m.audit.AppendAudit(ctx, audit.New(ctx, now, audit.LoginFailed, target, targetID, regionCode, detail))
		}
		if c.FailedLogins != 0 || !c.LockedUntil.IsZero() {
			c.FailedLogins, c.LockedUntil = 0, time.Time{}
			if err := save(ctx, c); err != nil {
				return err
			}
		}
		return onSuccess(ctx)
	})
	if err != nil {
		return err
	}
	return outcome
}

// Authenticated is the result of resolving a session token.
type Authenticated struct {
	Session Session
	Person  *Person
	Staff   *Staff
	OrgName string // name of the organization a person acts for
}

// Authenticate resolves a session token of the given kind, enforcing the idle and
// absolute timeouts, and returns who it belongs to.
func (m *Manager) Authenticate(ctx context.Context, token, kind string) (Authenticated, error) {
	var a Authenticated
	if token == "" {
		return a, apperr.New(apperr.Unauthenticated, "auth.required")
	}
	s, err := m.store.GetSession(ctx, HashToken(token))
	if err != nil || s.Kind != kind {
		return a, apperr.New(apperr.Unauthenticated, "auth.session_expired")
	}
	now := m.now()
	if !now.Before(s.ExpiresAt) || now.Sub(s.LastSeenAt) > m.cfg.SessionIdle {
		_ = m.store.DeleteSession(ctx, s.TokenHash)
		return a, apperr.New(apperr.Unauthenticated, "auth.session_expired")
	}
	if now.Sub(s.LastSeenAt) > touchInterval {
		if err := m.store.TouchSession(ctx, s.TokenHash, now); err != nil {
			return a, err
		}
		s.LastSeenAt = now
	}
	a.Session = s
	switch {
	case s.StaffID != 0:
		st, err := m.store.GetStaff(ctx, s.StaffID)
		if err != nil {
			return a, err
		}
		if !st.Active {
			_ = m.store.DeleteSession(ctx, s.TokenHash)
			return a, apperr.New(apperr.Unauthenticated, "auth.session_expired")
		}
		a.Staff = &st
	case s.PersonID != 0:
		p, err := m.store.GetPerson(ctx, s.PersonID)
		if err != nil {
			return a, err
		}
		a.Person = &p
		if s.OrgID != 0 {
			o, err := m.store.GetOrganization(ctx, s.OrgID)
			if err != nil {
				return a, err
			}
			a.OrgName = o.Name
		}
	}
	return a, nil
}

// Logout ends the session behind token.
func (m *Manager) Logout(ctx context.Context, token string) error {
	hash := HashToken(token)
	return m.tx.InTx(ctx, func(ctx context.Context) error {
		s, err := m.store.GetSession(ctx, hash)
		if err != nil {
			return nil // already gone: logging out twice is not an error
		}
		target, id, regionCode := "person", s.PersonID, ""
		if s.StaffID != 0 {
			target, id = "staff", s.StaffID
			if st, err := m.store.GetStaff(ctx, id); err == nil {
				regionCode = st.RegionCode
			}
		} else if p, err := m.store.GetPerson(ctx, id); err == nil {
			regionCode = p.RegionCode
		}
		if err := m.store.DeleteSession(ctx, hash); err != nil {
			return err
		}
		return m.audit.AppendAudit(ctx, audit.New(ctx, m.now(), audit.Logout, target, itoa(id), regionCode, ""))
	})
}

// PurgeSessions deletes sessions past their idle or absolute timeout.
func (m *Manager) PurgeSessions(ctx context.Context) (int, error) {
	now := m.now()
	return m.store.DeleteExpiredSessions(ctx, now.Add(-m.cfg.SessionIdle), now)
}

func itoa(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}
