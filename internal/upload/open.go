package upload

import (
	"context"
	"io"
	"strconv"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/audit"
	"github.com/tongban/tongban/internal/platform/principal"
)

// Get returns a file's metadata to its owner: the person it was uploaded for,
// acting for the same enterprise (or for themselves) as then. Anyone else is
// told it does not exist.
func (m *Manager) Get(ctx context.Context, id int64) (File, error) {
	p, err := principal.RequirePerson(ctx)
	if err != nil {
		return File{}, err
	}
	f, err := m.store.Upload(ctx, id)
	if err != nil {
		return File{}, err
	}
	if !f.ownedBy(p.ID, p.OrgID) {
		return File{}, apperr.NotFoundf("upload")
	}
	return f, nil
}

// Open returns a file and its content to its owner; the caller closes it.
func (m *Manager) Open(ctx context.Context, id int64) (File, io.ReadCloser, error) {
	f, err := m.Get(ctx, id)
	if err != nil {
		return File{}, nil, err
	}
	rc, err := m.blobs.Open(ctx, f.SHA256)
	if err != nil {
		return File{}, nil, err
	}
	return f, rc, nil
}

// OpenForStaff returns a file and its content to a staff member. It decides
// nothing about the case: the calling use case (casework, through app) has
// already authorized the staff member for the case holding the file. The view
// is audited with the staff member's region.
func (m *Manager) OpenForStaff(ctx context.Context, id int64) (File, io.ReadCloser, error) {
	p, err := principal.RequireStaff(ctx)
	if err != nil {
		return File{}, nil, err
	}
	f, err := m.store.Upload(ctx, id)
	if err != nil {
		return File{}, nil, err
	}
	rc, err := m.blobs.Open(ctx, f.SHA256)
	if err != nil {
		return File{}, nil, err
	}
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		return m.audit.AppendAudit(ctx, audit.New(ctx, m.now(), AuditView, auditTarget, strconv.FormatInt(f.ID, 10),
			p.Scope.RegionCode, "owner="+strconv.FormatInt(f.OwnerPersonID, 10)))
	})
	if err != nil {
		rc.Close()
		return File{}, nil, err
	}
	return f, rc, nil
}
