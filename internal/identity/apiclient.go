package identity

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/audit"
	"github.com/tongban/tongban/internal/platform/password"
	"github.com/tongban/tongban/internal/platform/principal"
)

// An API client is a departmental business system (部门业务系统) that pulls
// the cases of its department's inbox and pushes results back over /api/v1.
//
// Design: every client is backed by a staff account of its own, in the
// client's department and with the client's roles. Its tokens are ordinary
// "api" sessions of that account, so the principal behind a client's request
// is plain staff with the department's scope: casework's rules (who handles a
// case, who may take which action) apply without a line of client-specific
// permission logic, and timeline and audit entries name the system (the
// account's name is the client's name). The account cannot sign in with a
// password: its password hash is of random bytes that are thrown away, and its
// username is the client id, which contains "_" and so can never be chosen
// for a person's account. Revoking a client deactivates the account and deletes
// its sessions, so tokens already issued stop working at once.
type APIClient struct {
	ID           int64
	ClientID     string // public identifier, "tbc_…"
	Name         string // the system's name, shown as the actor of what it does
	StaffID      int64  // the backing staff account
	RegionCode   string
	DepartmentID int64
	Roles        []principal.Role
	CreatedBy    int64
	CreatedAt    time.Time
	LastUsedAt   time.Time // last token issued or request made; zero if never
	RevokedAt    time.Time // zero while the client is active
}

// Revoked reports whether the client has been revoked.
func (c APIClient) Revoked() bool { return !c.RevokedAt.IsZero() }

// Scope is the department the client works for.
func (c APIClient) Scope() principal.Scope {
	return principal.Scope{RegionCode: c.RegionCode, DepartmentID: c.DepartmentID}
}

// APIClientRoles are the roles a client may hold: the case-handling roles of
// a department. Administration and supervision stay with people.
var APIClientRoles = []principal.Role{principal.WindowClerk, principal.Reviewer, principal.DeptHead}

// APIClientFilter selects clients for the console.
type APIClientFilter struct {
	RegionPrefix string
	DepartmentID int64
	Limit        int
	Offset       int
}

// APIClientStore is the persistence of API clients; package store implements it.
type APIClientStore interface {
	InsertAPIClient(ctx context.Context, c *APIClient, secretHash string) error
	GetAPIClient(ctx context.Context, id int64) (APIClient, error)
	// FindAPIClient returns the client with a client id and its secret hash.
	FindAPIClient(ctx context.Context, clientID string) (APIClient, string, error)
	ListAPIClients(ctx context.Context, f APIClientFilter) ([]APIClient, int, error)
	TouchAPIClient(ctx context.Context, id int64, at time.Time) error
	// RevokeAPIClient marks the client revoked, deactivates its staff account
	// and deletes that account's sessions.
	RevokeAPIClient(ctx context.Context, c APIClient, at time.Time) error
}

// Audit actions of API clients.
const (
	AuditAPIClientCreate = "apiclient.create"
	AuditAPIClientRevoke = "apiclient.revoke"
)

const (
	clientIDPrefix = "tbc_"
	secretPrefix   = "tbs_"
	// maxClientTokenLifetime caps a client token. A token also ends after the
	// idle timeout, so its lifetime is never longer than that either: the
	// expires_in a client is told is then the truth.
	maxClientTokenLifetime = time.Hour
	maxCredentialLength    = 128
)

// APIClientInput is a new API client.
type APIClientInput struct {
	Name         string
	DepartmentID int64
	Roles        []principal.Role
}

// NewAPIClient is a created client with its secret, which exists only here:
// it is shown once and only its hash is stored.
type NewAPIClient struct {
	APIClient
	Secret string
}

func (m *Manager) validateAPIClient(ctx context.Context, in *APIClientInput) (regionCode string, err error) {
	in.Name = strings.TrimSpace(in.Name)
	var fs []apperr.FieldError
	if n := utf8.RuneCountInString(in.Name); n == 0 {
		fs = append(fs, apperr.FieldError{Field: "name", Key: "form.required"})
	} else if n < 2 || n > 50 || strings.ContainsAny(in.Name, "<>\"&") {
		fs = append(fs, apperr.FieldError{Field: "name", Key: "apiclient.name.format"})
	}
	if in.DepartmentID <= 0 {
		fs = append(fs, apperr.FieldError{Field: "department_id", Key: "form.required"})
	} else if regionCode, err = m.regions.DepartmentRegion(ctx, in.DepartmentID); err != nil {
		if apperr.KindOf(err) != apperr.NotFound {
			return "", err
		}
		fs = append(fs, apperr.FieldError{Field: "department_id", Key: "form.choice"})
	}
	if len(in.Roles) == 0 {
		fs = append(fs, apperr.FieldError{Field: "roles", Key: "identity.roles.required"})
	}
	for _, r := range in.Roles {
		if !slices.Contains(APIClientRoles, r) {
			fs = append(fs, apperr.FieldError{Field: "roles", Key: "apiclient.roles.handler_only"})
			break
		}
	}
	slices.Sort(in.Roles)
	in.Roles = slices.Compact(in.Roles)
	return regionCode, apperr.Fields(fs)
}

// CreateAPIClient registers a departmental system for a department inside the
// administrator's scope and returns it with its secret. Audited.
func (m *Manager) CreateAPIClient(ctx context.Context, in APIClientInput) (NewAPIClient, error) {
	p, err := principal.AuthorizeOwn(ctx, principal.ManageAPIClients)
	if err != nil {
		return NewAPIClient{}, err
	}
	regionCode, err := m.validateAPIClient(ctx, &in)
	if err != nil {
		return NewAPIClient{}, err
	}
	if _, err := principal.Authorize(ctx, principal.ManageAPIClients, principal.Scope{RegionCode: regionCode, DepartmentID: in.DepartmentID}); err != nil {
		return NewAPIClient{}, err
	}
	clientID, err := newClientID()
	if err != nil {
		return NewAPIClient{}, err
	}
	secret, err := randomString(secretPrefix)
	if err != nil {
		return NewAPIClient{}, err
	}
	// The backing account's password is of random bytes nobody keeps: a
	// password sign-in with the client id as username can never succeed.
	unknowable, err := randomString("")
	if err != nil {
		return NewAPIClient{}, err
	}
	hash, err := password.Hash(m.cfg.PasswordParams, unknowable)
	if err != nil {
		return NewAPIClient{}, err
	}
	now := m.now()
	c := APIClient{ClientID: clientID, Name: in.Name, RegionCode: regionCode, DepartmentID: in.DepartmentID,
		Roles: in.Roles, CreatedBy: p.ID, CreatedAt: now}
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		st := Staff{Username: clientID, Name: in.Name, RegionCode: regionCode, DepartmentID: in.DepartmentID,
			Roles: slices.Clone(in.Roles), Active: true, CreatedAt: now}
		if err := m.store.InsertStaff(ctx, &st, hash); err != nil {
			return err
		}
		c.StaffID = st.ID
		if err := m.store.InsertAPIClient(ctx, &c, hashSecret(secret)); err != nil {
			return err
		}
		return m.audit.AppendAudit(ctx, audit.New(ctx, now, AuditAPIClientCreate, "apiclient", itoa(c.ID), c.RegionCode,
			c.ClientID+" "+rolesDetail(c.Roles)))
	})
	if err != nil {
		return NewAPIClient{}, err
	}
	return NewAPIClient{APIClient: c, Secret: secret}, nil
}

// APIClients lists the clients of the administrator's scope, revoked ones
// included, newest first.
func (m *Manager) APIClients(ctx context.Context, f APIClientFilter) ([]APIClient, int, error) {
	p, err := principal.AuthorizeOwn(ctx, principal.ManageAPIClients)
	if err != nil {
		return nil, 0, err
	}
	f.RegionPrefix, f.DepartmentID = p.Scope.RegionCode, p.Scope.DepartmentID
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	return m.store.ListAPIClients(ctx, f)
}

// RevokeAPIClient revokes a client: it can get no new token, and the tokens it
// holds stop working. Revoking twice changes nothing. Audited.
func (m *Manager) RevokeAPIClient(ctx context.Context, id int64) (APIClient, error) {
	// Refuse those who may not manage clients at all before looking the id up,
	// so they cannot learn which ids exist.
	if _, err := principal.AuthorizeOwn(ctx, principal.ManageAPIClients); err != nil {
		return APIClient{}, err
	}
	var c APIClient
	err := m.tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		if c, err = m.store.GetAPIClient(ctx, id); err != nil {
			return err
		}
		if _, err := principal.Authorize(ctx, principal.ManageAPIClients, c.Scope()); err != nil {
			return err
		}
		if c.Revoked() {
			return nil
		}
		c.RevokedAt = m.now()
		if err := m.store.RevokeAPIClient(ctx, c, c.RevokedAt); err != nil {
			return err
		}
		return m.audit.AppendAudit(ctx, audit.New(ctx, c.RevokedAt, AuditAPIClientRevoke, "apiclient", itoa(c.ID), c.RegionCode, c.ClientID))
	})
	if err != nil {
		return APIClient{}, err
	}
	return c, nil
}

// ClientToken is a bearer token issued to an API client.
type ClientToken struct {
	Token     string
	ExpiresIn time.Duration
	Client    APIClient
}

// ClientCredentialsToken authenticates a client by its id and secret (OAuth 2.0
// client credentials, RFC 6749 §4.4) and issues a bearer token of its staff
// account. An unknown or revoked client and a wrong secret fail alike with
// apiclient.invalid_client; every failure is audited in its own transaction.
// There is no lockout: the secret has 256 random bits, so guessing is hopeless
// and a lockout would only let anyone knowing the public client id stop the
// department's system.
func (m *Manager) ClientCredentialsToken(ctx context.Context, clientID, secret string) (ClientToken, error) {
	clientID = strings.TrimSpace(clientID)
	fail := func(c APIClient, detail string) (ClientToken, error) {
		_ = m.tx.InTx(ctx, func(ctx context.Context) error {
			return m.audit.AppendAudit(ctx, audit.New(ctx, m.now(), audit.LoginFailed, "apiclient", itoa(c.ID), c.RegionCode, detail))
		})
		return ClientToken{}, apperr.New(apperr.Unauthenticated, "apiclient.invalid_client")
	}
	if clientID == "" || secret == "" || len(clientID) > maxCredentialLength || len(secret) > maxCredentialLength {
		return fail(APIClient{}, "client credentials missing or malformed")
	}
	c, stored, err := m.store.FindAPIClient(ctx, clientID)
	switch {
	case apperr.KindOf(err) == apperr.NotFound:
		// Compare anyway, so the time taken does not tell which ids exist.
		subtle.ConstantTimeCompare([]byte(hashSecret(secret)), []byte(hashSecret("")))
		return fail(APIClient{}, "unknown client")
	case err != nil:
		return ClientToken{}, err
	}
	if subtle.ConstantTimeCompare([]byte(hashSecret(secret)), []byte(stored)) != 1 {
		return fail(c, "wrong secret")
	}
	if c.Revoked() {
		return fail(c, "revoked client")
	}
	lifetime := min(maxClientTokenLifetime, m.cfg.SessionIdle, m.cfg.SessionAbsolute)
	var out ClientToken
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		token, hash, err := newToken()
		if err != nil {
			return err
		}
		csrf, _, err := newToken()
		if err != nil {
			return err
		}
		now := m.now()
		s := Session{TokenHash: hash, Kind: SessionAPI, StaffID: c.StaffID, CSRFToken: csrf,
			CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(lifetime)}
		if err := m.store.InsertSession(ctx, s); err != nil {
			return err
		}
		if err := m.store.TouchAPIClient(ctx, c.ID, now); err != nil {
			return err
		}
		c.LastUsedAt = now
		out = ClientToken{Token: token, ExpiresIn: lifetime, Client: c}
		ctx = principal.With(ctx, principal.Principal{Kind: principal.Staff, ID: c.StaffID, Name: c.Name, Via: SessionAPI})
		return m.audit.AppendAudit(ctx, audit.New(ctx, now, audit.Login, "apiclient", itoa(c.ID), c.RegionCode, "client_credentials"))
	})
	return out, err
}

// hashSecret is how a client secret is stored and compared. SHA-256 without a
// salt suffices for a secret of 256 random bits: no dictionary or brute force
// reaches it, so argon2id's cost would only slow every token request down.
func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// newClientID returns "tbc_" and 24 lower-case base32 characters (120 random
// bits): unique without a lookup, and fit to be the backing account's
// username, which FindStaffByUsername compares in lower case.
func newClientID() (string, error) {
	b := make([]byte, 15)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return clientIDPrefix + strings.ToLower(base32.StdEncoding.EncodeToString(b)), nil
}

// randomString returns prefix and 32 random bytes in URL-safe base64.
func randomString(prefix string) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b), nil
}
