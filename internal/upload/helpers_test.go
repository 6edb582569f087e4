package upload_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/audit"
	"github.com/tongban/tongban/internal/platform/fieldcrypt"
	"github.com/tongban/tongban/internal/platform/i18n"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/store"
	"github.com/tongban/tongban/internal/testkit"
	"github.com/tongban/tongban/internal/upload"
	"github.com/tongban/tongban/internal/upload/localfs"
)

// homeRegion is the audit region of citizens' uploads in these tests.
const homeRegion = "620825"

// fixedNow is the tests' clock.
var fixedNow = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)

// env is the upload module over a fresh database and a blob folder of its own.
type env struct {
	t      *testing.T
	db     testkit.DB
	store  *store.Store
	flaky  *flakyStore
	clock  *testkit.Clock
	root   string // the blob folder
	up     *upload.Manager
	config upload.Config
}

func newEnv(t *testing.T, cfg upload.Config) *env {
	t.Helper()
	db := testkit.NewDB(t)
	master, err := fieldcrypt.GenerateMasterKey()
	if err != nil {
		t.Fatal(err)
	}
	keys, err := fieldcrypt.NewKeys(master)
	if err != nil {
		t.Fatal(err)
	}
	st := store.New(db.DB, keys)
	root := filepath.Join(t.TempDir(), "files")
	blobs, err := localfs.New(root)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.AuditRegion == "" {
		cfg.AuditRegion = homeRegion
	}
	e := &env{t: t, db: db, store: st, flaky: &flakyStore{Store: st}, root: root, config: cfg, clock: testkit.NewClock(fixedNow)}
	e.up = upload.NewManager(upload.Deps{Tx: db.DB, Store: e.flaky, Blobs: blobs, Audit: st, Now: e.clock.Now, Config: cfg})
	return e
}

// flakyStore fails the next inserts when asked to, like a database that
// drops the connection at the wrong moment.
type flakyStore struct {
	*store.Store
	mu    sync.Mutex
	fails int
}

func (s *flakyStore) failNext(n int) { s.mu.Lock(); s.fails = n; s.mu.Unlock() }

func (s *flakyStore) InsertUpload(ctx context.Context, f *upload.File) error {
	s.mu.Lock()
	fail := s.fails > 0
	if fail {
		s.fails--
	}
	s.mu.Unlock()
	if fail {
		return errors.New("connection reset")
	}
	return s.Store.InsertUpload(ctx, f)
}

// Principals of the tests.
func asPerson(id, org int64) context.Context {
	return principal.With(context.Background(), principal.Principal{Kind: principal.Person, ID: id, Name: "申请人", OrgID: org})
}

func asStaff(id int64, role principal.Role) context.Context {
	return testkit.AsStaff(context.Background(), id, role, "620825101", 0)
}

// rows counts the upload rows.
func (e *env) rows() int {
	e.t.Helper()
	var n int
	if err := e.db.Q(context.Background()).QueryRowContext(context.Background(), `SELECT COUNT(*) FROM uploads`).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// blobs lists the stored contents and temps lists the temporary files left.
func (e *env) blobs() []string { return e.walk(false) }
func (e *env) temps() []string { return e.walk(true) }

func (e *env) walk(temps bool) []string {
	e.t.Helper()
	var out []string
	err := filepath.WalkDir(e.root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(e.root, p)
		if strings.HasPrefix(rel, "tmp"+string(filepath.Separator)) == temps {
			out = append(out, rel)
		}
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

// nothingKept fails unless a refused upload left no row, blob or temp file.
func (e *env) nothingKept(what string) {
	e.t.Helper()
	if n, b, tmp := e.rows(), e.blobs(), e.temps(); n != 0 || len(b) != 0 || len(tmp) != 0 {
		e.t.Errorf("%s: kept %d rows, blobs %v, temps %v", what, n, b, tmp)
	}
}

// audits lists the audit entries of an action.
func (e *env) audits(action string) []audit.Entry {
	e.t.Helper()
	es, _, err := e.store.ListAudit(context.Background(), audit.Filter{Action: action, Limit: 50})
	if err != nil {
		e.t.Fatal(err)
	}
	return es
}

// wantField fails unless err is an Invalid error on the file field with key,
// and returns its message in Chinese.
func wantField(t *testing.T, err error, key string) string {
	t.Helper()
	fe := apperr.FieldErrors(err)
	if apperr.KindOf(err) != apperr.Invalid || len(fe) != 1 || fe[0].Field != upload.FileField || fe[0].Key != key {
		t.Fatalf("got %v, want field error %s on %s", err, key, upload.FileField)
	}
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	return cat.T(i18n.Chinese, fe[0].Key, fe[0].Args...)
}

// Sample contents of each allowed format.
var (
	samplePDF  = []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
	samplePNG  = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{7}, 40)...)
	sampleJPEG = append([]byte{0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0}, bytes.Repeat([]byte{9}, 40)...)
)

// zipOf builds a ZIP archive holding the named entries.
func zipOf(t *testing.T, names ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, n := range names {
		w, err := z.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte("<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\"/>")); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// readBlob reads the stored content of a checksum straight from disk.
func (e *env) readBlob(sum string) []byte {
	e.t.Helper()
	b, err := os.ReadFile(filepath.Join(e.root, sum[:2], sum[2:4], sum))
	if err != nil {
		e.t.Fatal(err)
	}
	return b
}
