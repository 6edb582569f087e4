package license

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/audit"
	"github.com/tongban/tongban/internal/platform/principal"
)

// SealStore is the persistence of seals and their use log.
type SealStore interface {
	InsertSeal(ctx context.Context, s *Seal, privateKey string) error
	GetSeal(ctx context.Context, id int64) (Seal, error)
	// SealPrivateKey returns a seal's private key, opened.
	SealPrivateKey(ctx context.Context, id int64) (string, error)
	ListSeals(ctx context.Context, f SealFilter) ([]Seal, error)
	InsertSealUse(ctx context.Context, u *SealUse) error
	ListSealUses(ctx context.Context, sealID int64, limit int) ([]SealUse, error)
}

// SealFilter selects seals; empty selects all.
type SealFilter struct {
	RegionPrefix string
	DepartmentID int64
}

// sealSuffix names a department's license seal.
const sealSuffix = "电子证照专用章"

// defaultSealYears is how long a seal made without an end date is valid.
const defaultSealYears = 5

// CreateSeal makes a new seal for a department: a system administrator's
// act, audited. The newest valid seal of a department signs its licenses.
func (m *Manager) CreateSeal(ctx context.Context, r SealRequest) (Seal, error) {
	dept, err := m.depts.LicenseDepartment(ctx, r.DepartmentID)
	if apperr.KindOf(err) == apperr.NotFound {
		return Seal{}, apperr.Field("department_id", "form.choice")
	} else if err != nil {
		return Seal{}, err
	}
	if _, err := principal.Authorize(ctx, principal.ManageSeals, principal.Scope{RegionCode: dept.RegionCode, DepartmentID: dept.ID}); err != nil {
		return Seal{}, err
	}
	if !r.ValidUntil.IsZero() && !r.ValidFrom.IsZero() && !r.ValidUntil.After(r.ValidFrom) {
		return Seal{}, apperr.Field("valid_until", "license.seal.dates")
	}
	var s Seal
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		if s, err = m.makeSeal(ctx, dept, r); err != nil {
			return err
		}
		return m.auditf(ctx, "seal.create", "seal", strconv.FormatInt(s.ID, 10), s.RegionCode, s.Code)
	})
	return s, err
}

// makeSeal generates and stores a seal; it authorizes nothing.
func (m *Manager) makeSeal(ctx context.Context, dept Department, r SealRequest) (Seal, error) {
	key, err := newSealKey()
	if err != nil {
		return Seal{}, err
	}
	now := m.now()
	s := Seal{DepartmentID: dept.ID, DepartmentName: dept.Name, RegionCode: dept.RegionCode,
		Name: strings.TrimSpace(r.Name), PublicKey: key.public(), ValidFrom: r.ValidFrom, ValidUntil: r.ValidUntil, CreatedAt: now}
	if s.Name == "" {
		s.Name = dept.Name + sealSuffix
	}
	if s.ValidFrom.IsZero() {
		s.ValidFrom = now
	}
	if s.ValidUntil.IsZero() {
		s.ValidUntil = s.ValidFrom.AddDate(defaultSealYears, 0, 0)
	}
	var nonce [4]byte
	if _, err := rand.Read(nonce[:]); err != nil {
		return Seal{}, err
	}
	// 印章编码: the issuer code, the year and a random part.
	s.Code = IssuerCodeOf(dept) + "ES" + strconv.Itoa(s.ValidFrom.Year()) + strings.ToUpper(hex.EncodeToString(nonce[:]))
	return s, m.store.InsertSeal(ctx, &s, key.hex())
}

// EnsureSeal returns the department's seal valid now, making one when there
// is none — at install and on a department's first issuance. It authorizes
// nothing: it is for the composition root and Issue.
func (m *Manager) EnsureSeal(ctx context.Context, departmentID int64) (Seal, error) {
	var s Seal
	err := m.tx.InTx(ctx, func(ctx context.Context) error {
		seals, err := m.store.ListSeals(ctx, SealFilter{DepartmentID: departmentID})
		if err != nil {
			return err
		}
		now := m.now()
		for _, c := range seals { // newest first
			if c.ValidAt(now) {
				s = c
				return nil
			}
		}
		dept, err := m.depts.LicenseDepartment(ctx, departmentID)
		if err != nil {
			return err
		}
		s, err = m.makeSeal(ctx, dept, SealRequest{})
		return err
	})
	return s, err
}

// Seals lists the seals in the caller's scope.
func (m *Manager) Seals(ctx context.Context) ([]Seal, error) {
	p, err := principal.AuthorizeOwn(ctx, principal.ViewSeals)
	if err != nil {
		return nil, err
	}
	return m.store.ListSeals(ctx, SealFilter{RegionPrefix: p.Scope.RegionCode, DepartmentID: p.Scope.DepartmentID})
}

// Seal returns one seal (public facts only: its key is public).
func (m *Manager) Seal(ctx context.Context, id int64) (Seal, error) { return m.store.GetSeal(ctx, id) }

// SealUses lists the newest signatures a seal made, to staff who may see
// the seal.
func (m *Manager) SealUses(ctx context.Context, sealID int64) ([]SealUse, error) {
	s, err := m.store.GetSeal(ctx, sealID)
	if err != nil {
		return nil, err
	}
	if _, err := principal.Authorize(ctx, principal.ViewSeals, s.Scope()); err != nil {
		return nil, err
	}
	return m.store.ListSealUses(ctx, sealID, 200)
}

// SealImage draws a seal as SVG; public, as the seal is printed on licenses.
func (m *Manager) SealImage(ctx context.Context, sealID int64) ([]byte, error) {
	s, err := m.store.GetSeal(ctx, sealID)
	if err != nil {
		return nil, err
	}
	return SealSVG(s), nil
}

// signWithSeal signs payload with a seal and records the use.
func (m *Manager) signWithSeal(ctx context.Context, s Seal, payload []byte) ([]byte, error) {
	hexKey, err := m.store.SealPrivateKey(ctx, s.ID)
	if err != nil {
		return nil, err
	}
	key, err := parseSealKey(hexKey)
	if err != nil {
		return nil, err
	}
	return key.sign(payload)
}

// auditf writes an audit entry when the manager has an audit writer.
func (m *Manager) auditf(ctx context.Context, action, kind, id, region, detail string) error {
	if m.audit == nil {
		return nil
	}
	return m.audit.AppendAudit(ctx, audit.New(ctx, m.now(), action, kind, id, region, detail))
}

// sealTime is how seal dates appear in payloads and files.
func sealTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }
