package upload

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/audit"
	"github.com/tongban/tongban/internal/platform/principal"
)

// Audit actions of the upload module.
const (
	AuditRejected = "upload.rejected" // the scanner found something; the file was not kept
	AuditView     = "upload.view"     // a staff member opened an applicant's file
)

// auditTarget is the target kind of the module's audit entries.
const auditTarget = "upload"

// DefaultMaxBytes is the default size limit of one file. It stays below the
// HTTP server's 12 MiB body cap so the multipart overhead still fits.
const DefaultMaxBytes = 10 << 20

// Config is the module's policy.
type Config struct {
	MaxBytes int64   // largest file accepted; DefaultMaxBytes when 0
	Scanner  Scanner // SignatureScanner when nil
	// AuditRegion is the region code on audit entries about a citizen's own
	// upload (a citizen has no scope): the install's home region, so its
	// supervisors see rejected files.
	AuditRegion string
}

// Deps are what the Manager works with.
type Deps struct {
	Tx     Tx
	Store  Store
	Blobs  Blobs
	Audit  audit.Writer
	Now    func() time.Time
	Config Config
}

// Manager is the upload use cases.
type Manager struct {
	tx      Tx
	store   Store
	blobs   Blobs
	audit   audit.Writer
	now     func() time.Time
	limit   int64
	scanner Scanner
	region  string
}

// NewManager wires a Manager.
func NewManager(d Deps) *Manager {
	m := &Manager{tx: d.Tx, store: d.Store, blobs: d.Blobs, audit: d.Audit, now: d.Now,
		limit: d.Config.MaxBytes, scanner: d.Config.Scanner, region: d.Config.AuditRegion}
	if m.limit <= 0 {
		m.limit = DefaultMaxBytes
	}
	if m.scanner == nil {
		m.scanner = SignatureScanner{}
	}
	return m
}

// MaxBytes is the size limit of one file, for pages that state it.
func (m *Manager) MaxBytes() int64 { return m.limit }

// TooLarge is the error of a file over the size limit, for a surface that
// notices first (an oversized request body).
func (m *Manager) TooLarge() error {
	return apperr.Field(FileField, "upload.too_large", megabytes(m.limit))
}

// Put stores a file the signed-in person uploads, as theirs (and their
// enterprise's when they act for one). Call it outside any transaction: it
// writes files, and a rejection's audit entry must survive the caller's
// rollback.
func (m *Manager) Put(ctx context.Context, name string, body io.Reader) (File, error) {
	p, err := principal.RequirePerson(ctx)
	if err != nil {
		return File{}, err
	}
	return m.put(ctx, File{OwnerPersonID: p.ID, OwnerOrgID: p.OrgID, Name: name}, body, m.region)
}

// PutFor stores a file a window clerk receives at the window on an
// applicant's behalf (无差别受理): the file belongs to the applicant and
// records the clerk who uploaded it.
func (m *Manager) PutFor(ctx context.Context, personID, orgID int64, name string, body io.Reader) (File, error) {
	p, err := principal.RequireStaff(ctx)
	if err != nil {
		return File{}, err
	}
	if !p.Has(principal.WindowClerk) {
		return File{}, apperr.Forbid()
	}
	if personID <= 0 || orgID < 0 {
		return File{}, apperr.Field("person_id", "form.required")
	}
	return m.put(ctx, File{OwnerPersonID: personID, OwnerOrgID: orgID, UploadedBy: p.ID, Name: name}, body, p.Scope.RegionCode)
}

// put receives, checks and keeps a file. The temporary copy is always
// removed; the blob is stored before the row, so a row never points at
// missing content, and a failure after storing the blob leaves only content
// that the next upload of the same bytes reuses.
func (m *Manager) put(ctx context.Context, f File, body io.Reader, region string) (File, error) {
	f.Name = cleanName(f.Name)
	tmp, err := m.blobs.Temp()
	if err != nil {
		return File{}, err
	}
	defer tmp.Discard()
	in, err := receive(tmp, body, m.limit)
	if err != nil {
		return File{}, err
	}
	f.Size, f.SHA256 = in.size, in.sum
	if err := m.scan(ctx, tmp, f, region); err != nil {
		return File{}, err
	}
	if f.MediaType, err = sniff(in.head, f.Name, tmp, f.Size); err != nil {
		return File{}, err
	}
	if err := m.blobs.Put(ctx, f.SHA256, tmp); err != nil {
		return File{}, fmt.Errorf("upload: store content: %w", err)
	}
	f.CreatedAt = m.now()
	err = m.tx.InTx(ctx, func(ctx context.Context) error { return m.store.InsertUpload(ctx, &f) })
	if err != nil {
		return File{}, err
	}
	return f, nil
}

// scan runs the scanner and, for an infected file, records the rejection. The
// audit detail names the signature, size and checksum, never the file name,
// which may hold personal data.
func (m *Manager) scan(ctx context.Context, content io.ReaderAt, f File, region string) error {
	v, err := m.scanner.Scan(ctx, content, f.Size)
	if err != nil {
		return fmt.Errorf("upload: virus scan: %w", err)
	}
	if !v.Infected {
		return nil
	}
	detail := "signature=" + v.Signature + " size=" + strconv.FormatInt(f.Size, 10) + " sha256=" + f.SHA256 +
		" owner=" + strconv.FormatInt(f.OwnerPersonID, 10)
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		return m.audit.AppendAudit(ctx, audit.New(ctx, m.now(), AuditRejected, auditTarget, "", region, detail))
	})
	if err != nil {
		return err
	}
	return apperr.Field(FileField, "upload.infected", v.Signature)
}
