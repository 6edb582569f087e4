package upload_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/upload"
)

func TestPutKeepsTheFileWithItsChecksum(t *testing.T) {
	t.Parallel()
	e := newEnv(t, upload.Config{})
	me := asPerson(7, 0)
	f, err := e.up.Put(me, `C:\Users\王\Desktop\营业执照.pdf`, bytes.NewReader(samplePDF))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(samplePDF)
	want := upload.File{ID: f.ID, OwnerPersonID: 7, Name: "营业执照.pdf", MediaType: upload.PDF, Size: int64(len(samplePDF)),
		SHA256: hex.EncodeToString(sum[:]), CreatedAt: fixedNow}
	if f.ID == 0 || f != want {
		t.Fatalf("Put = %+v\nwant %+v", f, want)
	}
	if got := e.readBlob(f.SHA256); !bytes.Equal(got, samplePDF) {
		t.Fatalf("stored content differs from the upload")
	}
	if tmp := e.temps(); len(tmp) != 0 {
		t.Fatalf("temporary files left: %v", tmp)
	}
	got, err := e.up.Get(me, f.ID)
	if err != nil || got != want {
		t.Fatalf("Get = %+v, %v; want %+v", got, err, want)
	}
	got, rc, err := e.up.Open(me, f.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	body, err := io.ReadAll(rc)
	if err != nil || !bytes.Equal(body, samplePDF) || got != want {
		t.Fatalf("Open = %+v, %d bytes, %v", got, len(body), err)
	}
}

func TestPutSniffsEachAllowedFormat(t *testing.T) {
	t.Parallel()
	e := newEnv(t, upload.Config{})
	ofd := zipOf(t, "OFD.xml", "Doc_0/Document.xml")
	for _, c := range []struct {
		name    string
		content []byte
		want    string
	}{
		{"申请书.PDF", samplePDF, upload.PDF},
		{"身份证正面.jpg", sampleJPEG, upload.JPEG},
		{"身份证反面.jpeg", sampleJPEG, upload.JPEG},
		{"现场照片.png", samplePNG, upload.PNG},
		{"电子发票.ofd", ofd, upload.OFD},
	} {
		f, err := e.up.Put(asPerson(7, 0), c.name, bytes.NewReader(c.content))
		if err != nil || f.MediaType != c.want {
			t.Errorf("%s: got %q, %v; want %s", c.name, f.MediaType, err, c.want)
		}
	}
}

func TestPutRefusesATooLargeFileStatingTheLimit(t *testing.T) {
	t.Parallel()
	e := newEnv(t, upload.Config{})
	atLimit := append(bytes.Clone(samplePDF), make([]byte, upload.DefaultMaxBytes-len(samplePDF))...)
	if _, err := e.up.Put(asPerson(7, 0), "扫描件.pdf", bytes.NewReader(atLimit)); err != nil {
		t.Fatalf("a file of exactly the limit: %v", err)
	}
	// The body goes on forever: the module must stop one byte past the limit.
	endless := io.MultiReader(bytes.NewReader(samplePDF), neverEnding{})
	_, err := e.up.Put(asPerson(8, 0), "扫描件.pdf", endless)
	if msg := wantField(t, err, "upload.too_large"); !strings.Contains(msg, "10 MB") {
		t.Errorf("message %q does not state the 10 MB limit", msg)
	}
	if n := e.rows(); n != 1 {
		t.Errorf("%d rows, want only the file at the limit", n)
	}
	if tmp := e.temps(); len(tmp) != 0 {
		t.Errorf("temporary files left: %v", tmp)
	}

	small := newEnv(t, upload.Config{MaxBytes: 1536 << 10})
	_, err = small.up.Put(asPerson(7, 0), "扫描件.pdf", bytes.NewReader(make([]byte, 2<<20)))
	if msg := wantField(t, err, "upload.too_large"); !strings.Contains(msg, "1.5 MB") {
		t.Errorf("message %q does not state the 1.5 MB limit", msg)
	}
}

// neverEnding is a body that never ends.
type neverEnding struct{}

func (neverEnding) Read(p []byte) (int, error) { clear(p); return len(p), nil }

func TestPutRefusesEmptyFiles(t *testing.T) {
	t.Parallel()
	e := newEnv(t, upload.Config{})
	_, err := e.up.Put(asPerson(7, 0), "申请书.pdf", strings.NewReader(""))
	wantField(t, err, "upload.empty")
	e.nothingKept("empty file")
}

func TestPutRefusesOtherTypesByContent(t *testing.T) {
	t.Parallel()
	e := newEnv(t, upload.Config{})
	for _, c := range []struct {
		name    string
		content []byte
	}{
		{"照片.gif", []byte("GIF89a\x01\x00\x01\x00")},
		{"安装程序.exe", []byte("MZ\x90\x00\x03\x00\x00\x00")},
		{"说明.txt", []byte("本人承诺所报材料真实有效。")},
		{"伪装.pdf", []byte("<html><script>alert(1)</script></html>")}, // the claim is not the content
		{"申请表.docx", zipOf(t, "[Content_Types].xml", "word/document.xml")},
		{"打包.ofd", zipOf(t, "readme.txt")}, // a ZIP named .ofd is not OFD without OFD.xml
		{"材料.zip", zipOf(t, "OFD.xml")},    // nor is an OFD package not named .ofd
	} {
		_, err := e.up.Put(asPerson(7, 0), c.name, bytes.NewReader(c.content))
		if msg := wantField(t, err, "upload.type"); !strings.Contains(msg, "PDF、JPG、PNG、OFD") {
			t.Errorf("%s: message %q does not list the allowed types", c.name, msg)
		}
	}
	e.nothingKept("refused types")
}

func TestPutRefusesAnExtensionThatDisagreesWithTheContent(t *testing.T) {
	t.Parallel()
	e := newEnv(t, upload.Config{})
	for _, c := range []struct {
		name    string
		content []byte
		says    string
	}{
		{"营业执照.pdf", samplePNG, ".png"},
		{"照片.png", samplePDF, ".pdf"},
		{"照片.jpg", samplePNG, ".png"},
		{"发票.ofd", samplePDF, ".pdf"},
		{"扫描件", sampleJPEG, ".jpg"},
	} {
		_, err := e.up.Put(asPerson(7, 0), c.name, bytes.NewReader(c.content))
		if msg := wantField(t, err, "upload.mismatch"); !strings.Contains(msg, c.says) {
			t.Errorf("%s: message %q does not suggest %s", c.name, msg, c.says)
		}
	}
	e.nothingKept("mismatched extensions")
}

func TestPutRejectsTheEICARTestFileAndAuditsIt(t *testing.T) {
	t.Parallel()
	e := newEnv(t, upload.Config{})
	infected := append(bytes.Clone(samplePDF), upload.EICAR.Pattern...)
	_, err := e.up.Put(asPerson(7, 0), "申请书.pdf", bytes.NewReader(infected))
	if msg := wantField(t, err, "upload.infected"); !strings.Contains(msg, "EICAR-Test-File") {
		t.Errorf("message %q does not name the signature", msg)
	}
	// Scanned before the type check: the classic eicar.com is reported as
	// what it is, not as a wrong type.
	_, err = e.up.PutFor(asStaff(31, principal.WindowClerk), 7, 0, "eicar.com", bytes.NewReader(upload.EICAR.Pattern))
	wantField(t, err, "upload.infected")
	e.nothingKept("infected files")

	entries := e.audits(upload.AuditRejected)
	if len(entries) != 2 {
		t.Fatalf("%d upload.rejected entries, want 2", len(entries))
	}
	clerk, citizen := entries[0], entries[1] // newest first
	sum := sha256.Sum256(infected)
	if citizen.ActorKind != "person" || citizen.ActorID != 7 || citizen.RegionCode != homeRegion ||
		!strings.Contains(citizen.Detail, "signature=EICAR-Test-File") || !strings.Contains(citizen.Detail, hex.EncodeToString(sum[:])) {
		t.Errorf("citizen's rejection audited as %+v", citizen)
	}
	if clerk.ActorKind != "staff" || clerk.ActorID != 31 || clerk.RegionCode != "620825101" || !strings.Contains(clerk.Detail, "owner=7") {
		t.Errorf("clerk's rejection audited as %+v", clerk)
	}
	for _, en := range entries {
		if strings.Contains(en.Detail, "申请书") || strings.Contains(en.Detail, "eicar.com") {
			t.Errorf("the audit detail %q holds the file name", en.Detail)
		}
	}
}

func TestTheSameContentIsStoredOnceForTwoUploads(t *testing.T) {
	t.Parallel()
	e := newEnv(t, upload.Config{})
	a, err := e.up.Put(asPerson(7, 0), "营业执照.pdf", bytes.NewReader(samplePDF))
	if err != nil {
		t.Fatal(err)
	}
	b, err := e.up.Put(asPerson(8, 0), "执照副本.pdf", bytes.NewReader(samplePDF))
	if err != nil {
		t.Fatal(err)
	}
	if a.ID == b.ID || a.SHA256 != b.SHA256 || b.OwnerPersonID != 8 || b.Name != "执照副本.pdf" {
		t.Fatalf("two uploads: %+v and %+v", a, b)
	}
	if n, blobs := e.rows(), e.blobs(); n != 2 || len(blobs) != 1 {
		t.Fatalf("%d rows and blobs %v; want 2 rows sharing one blob", n, blobs)
	}
	if tmp := e.temps(); len(tmp) != 0 {
		t.Fatalf("temporary files left: %v", tmp)
	}
}

func TestOnlyTheOwnerOpensAFile(t *testing.T) {
	t.Parallel()
	e := newEnv(t, upload.Config{})
	own, err := e.up.Put(asPerson(7, 0), "身份证.png", bytes.NewReader(samplePNG))
	if err != nil {
		t.Fatal(err)
	}
	firms, err := e.up.Put(asPerson(7, 900), "营业执照.pdf", bytes.NewReader(samplePDF))
	if err != nil {
		t.Fatal(err)
	}
	if firms.OwnerOrgID != 900 {
		t.Fatalf("an upload acting for an enterprise is owned by %d", firms.OwnerOrgID)
	}
	for _, c := range []struct {
		what string
		ctx  context.Context
		id   int64
		want apperr.Kind
	}{
		{"another person", asPerson(8, 0), own.ID, apperr.NotFound},
		{"the owner acting for an enterprise", asPerson(7, 900), own.ID, apperr.NotFound},
		{"the owner acting for themselves, the enterprise's file", asPerson(7, 0), firms.ID, apperr.NotFound},
		{"another member of the enterprise", asPerson(8, 900), firms.ID, apperr.NotFound},
		{"a file that does not exist", asPerson(7, 0), firms.ID + 100, apperr.NotFound},
		{"no one signed in", context.Background(), own.ID, apperr.Unauthenticated},
		{"staff through the owner's door", asStaff(31, principal.SystemAdmin), own.ID, apperr.Forbidden},
	} {
		if _, rc, err := e.up.Open(c.ctx, c.id); apperr.KindOf(err) != c.want || rc != nil {
			t.Errorf("Open by %s: %v, want %v", c.what, err, c.want)
		}
		if _, err := e.up.Get(c.ctx, c.id); apperr.KindOf(err) != c.want {
			t.Errorf("Get by %s: %v, want %v", c.what, err, c.want)
		}
	}
	for ctx, id := range map[context.Context]int64{asPerson(7, 0): own.ID, asPerson(7, 900): firms.ID} {
		_, rc, err := e.up.Open(ctx, id)
		if err != nil {
			t.Fatalf("the owner opens %d: %v", id, err)
		}
		rc.Close()
	}
}

func TestStaffOpenIsAudited(t *testing.T) {
	t.Parallel()
	e := newEnv(t, upload.Config{})
	f, err := e.up.Put(asPerson(7, 0), "身份证.jpg", bytes.NewReader(sampleJPEG))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.up.OpenForStaff(asPerson(7, 0), f.ID); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("a citizen through the staff door: %v", err)
	}
	got, rc, err := e.up.OpenForStaff(asStaff(41, principal.Reviewer), f.ID)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(rc)
	rc.Close()
	if got.ID != f.ID || !bytes.Equal(body, sampleJPEG) {
		t.Fatalf("OpenForStaff = %+v, %d bytes", got, len(body))
	}
	entries := e.audits(upload.AuditView)
	if len(entries) != 1 {
		t.Fatalf("%d upload.view entries, want 1", len(entries))
	}
	if v := entries[0]; v.ActorKind != "staff" || v.ActorID != 41 || v.TargetKind != "upload" || v.TargetID != strconv.FormatInt(f.ID, 10) || v.RegionCode != "620825101" {
		t.Errorf("view audited as %+v", v)
	}
}

func TestAWindowClerkUploadsForAnApplicant(t *testing.T) {
	t.Parallel()
	e := newEnv(t, upload.Config{})
	f, err := e.up.PutFor(asStaff(31, principal.WindowClerk), 7, 900, "营业执照.pdf", bytes.NewReader(samplePDF))
	if err != nil {
		t.Fatal(err)
	}
	if f.OwnerPersonID != 7 || f.OwnerOrgID != 900 || f.UploadedBy != 31 {
		t.Fatalf("PutFor = %+v", f)
	}
	if _, err := e.up.Get(asPerson(7, 900), f.ID); err != nil {
		t.Fatalf("the applicant reads the file the clerk uploaded: %v", err)
	}
	for what, ctx := range map[string]context.Context{
		"a reviewer": asStaff(41, principal.Reviewer), "a citizen": asPerson(8, 0), "no one": context.Background(),
	} {
		if _, err := e.up.PutFor(ctx, 7, 0, "营业执照.pdf", bytes.NewReader(samplePDF)); err == nil ||
			apperr.KindOf(err) != apperr.Forbidden && apperr.KindOf(err) != apperr.Unauthenticated {
			t.Errorf("PutFor by %s: %v", what, err)
		}
	}
	if _, err := e.up.PutFor(asStaff(31, principal.WindowClerk), 0, 0, "营业执照.pdf", bytes.NewReader(samplePDF)); apperr.KindOf(err) != apperr.Invalid {
		t.Errorf("PutFor without an applicant: %v", err)
	}
	if _, err := e.up.Put(asStaff(31, principal.WindowClerk), "营业执照.pdf", bytes.NewReader(samplePDF)); apperr.KindOf(err) != apperr.Forbidden {
		t.Errorf("Put by staff: %v", err)
	}
	if n := e.rows(); n != 1 {
		t.Errorf("%d rows, want the clerk's one", n)
	}
}

// brokenBody delivers part of a file, then the connection drops.
type brokenBody struct{ r io.Reader }

func (b *brokenBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err == io.EOF {
		return n, errors.New("unexpected EOF from the client")
	}
	return n, err
}

// failingScanner is a scanner that cannot be reached.
type failingScanner struct{}

func (failingScanner) Scan(context.Context, io.ReaderAt, int64) (upload.Verdict, error) {
	return upload.Verdict{}, errors.New("clamd: connection refused")
}

func TestAFailedUploadLeavesNothingAndCanBeRetried(t *testing.T) {
	t.Parallel()
	e := newEnv(t, upload.Config{})
	me := asPerson(7, 0)

	_, err := e.up.Put(me, "营业执照.pdf", &brokenBody{bytes.NewReader(samplePDF[:20])})
	wantField(t, err, "upload.incomplete")
	e.nothingKept("a dropped connection")

	// The database fails after the content was stored: no row, no temp file;
	// the stored content is simply reused by the retry.
	e.flaky.failNext(1)
	if _, err := e.up.Put(me, "营业执照.pdf", bytes.NewReader(samplePDF)); err == nil {
		t.Fatal("Put succeeded though the insert failed")
	}
	if n, tmp := e.rows(), e.temps(); n != 0 || len(tmp) != 0 {
		t.Fatalf("after a failed insert: %d rows, temps %v", n, tmp)
	}

	f, err := e.up.Put(me, "营业执照.pdf", bytes.NewReader(samplePDF))
	if err != nil {
		t.Fatalf("retry: %v", err)
	}
	_, rc, err := e.up.Open(me, f.ID)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(rc)
	rc.Close()
	if !bytes.Equal(body, samplePDF) || e.rows() != 1 || len(e.blobs()) != 1 || len(e.temps()) != 0 {
		t.Fatalf("after the retry: %d bytes read, %d rows, blobs %v, temps %v", len(body), e.rows(), e.blobs(), e.temps())
	}
}

func TestAnUnreachableScannerFailsTheUpload(t *testing.T) {
	t.Parallel()
	e := newEnv(t, upload.Config{Scanner: failingScanner{}})
	if _, err := e.up.Put(asPerson(7, 0), "营业执照.pdf", bytes.NewReader(samplePDF)); err == nil || apperr.KindOf(err) != apperr.Internal {
		t.Fatalf("Put with the scanner down: %v, want an internal error", err)
	}
	e.nothingKept("unscanned file")
}
