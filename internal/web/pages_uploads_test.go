package web

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/audit"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/upload"
	"github.com/tongban/tongban/internal/upload/localfs"
)

// memUploads is an in-memory upload.Store: this package cannot reach the
// real store (app imports web), and receiveUpload is only about the form.
type memUploads struct{ rows []upload.File }

func (m *memUploads) InsertUpload(_ context.Context, f *upload.File) error {
	f.ID = int64(len(m.rows) + 1)
	m.rows = append(m.rows, *f)
	return nil
}

func (m *memUploads) Upload(_ context.Context, id int64) (upload.File, error) {
	if id < 1 || id > int64(len(m.rows)) {
		return upload.File{}, apperr.NotFoundf("upload")
	}
	return m.rows[id-1], nil
}

func (m *memUploads) InTx(ctx context.Context, fn func(context.Context) error) error { return fn(ctx) }
func (m *memUploads) AppendAudit(context.Context, audit.Entry) error                 { return nil }

// multipartRequest is a signed-in citizen posting a form with one file in
// field (none when name is "").
func multipartRequest(t *testing.T, field, name string, content []byte) *http.Request {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if err := mw.WriteField("phone", "13900001111"); err != nil {
		t.Fatal(err)
	}
	fw, err := mw.CreateFormFile(field, name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fw.Write(content); err != nil {
		t.Fatal(err)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest(http.MethodPost, "/apply/food-biz-license", &body)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	return r.WithContext(principal.With(r.Context(), principal.Principal{Kind: principal.Person, ID: 7, Name: "王建国"}))
}

func TestReceiveUpload(t *testing.T) {
	t.Parallel()
	blobs, err := localfs.New(filepath.Join(t.TempDir(), "files"))
	if err != nil {
		t.Fatal(err)
	}
	rows := &memUploads{}
	ui := &UI{Deps: Deps{Uploads: upload.NewManager(upload.Deps{Tx: rows, Store: rows, Blobs: blobs, Audit: rows,
		Now: func() time.Time { return time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC) }})}}
	pdf := []byte("%PDF-1.7\n申请书\n%%EOF\n")

	f, ok, err := ui.receiveUpload(multipartRequest(t, "material_1", "申请书.pdf", pdf), "material_1")
	if err != nil || !ok || f.ID != 1 || f.OwnerPersonID != 7 || f.Name != "申请书.pdf" || f.MediaType != upload.PDF {
		t.Fatalf("receiveUpload = %+v, %v, %v", f, ok, err)
	}

	// No file chosen: the browser sends the part with no file name.
	if _, ok, err := ui.receiveUpload(multipartRequest(t, "material_1", "", nil), "material_1"); ok || err != nil {
		t.Errorf("no file chosen: ok=%v, %v", ok, err)
	}
	if _, ok, err := ui.receiveUpload(multipartRequest(t, "other", "申请书.pdf", pdf), "material_1"); ok || err != nil {
		t.Errorf("another field's file: ok=%v, %v", ok, err)
	}
	plain := httptest.NewRequest(http.MethodPost, "/apply/x", strings.NewReader("phone=13900001111"))
	plain.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if _, ok, err := ui.receiveUpload(plain, "material_1"); ok || err != nil {
		t.Errorf("a form without files: ok=%v, %v", ok, err)
	}

	// A refused file is reported on the form's own field.
	_, ok, err = ui.receiveUpload(multipartRequest(t, "material_2", "申请书.pdf", []byte("GIF89a")), "material_2")
	if fe := apperr.FieldErrors(err); !ok || len(fe) != 1 || fe[0].Field != "material_2" || fe[0].Key != "upload.type" {
		t.Errorf("a GIF: ok=%v, %v", ok, err)
	}

	// A body over the server's cap is the same "too large" as the module's.
	big := multipartRequest(t, "material_3", "扫描件.pdf", append(bytes.Clone(pdf), make([]byte, 3<<20)...))
	big.Body = http.MaxBytesReader(httptest.NewRecorder(), big.Body, 2<<20)
	_, _, err = ui.receiveUpload(big, "material_3")
	if fe := apperr.FieldErrors(err); len(fe) != 1 || fe[0].Field != "material_3" || fe[0].Key != "upload.too_large" || fe[0].Args[0] != "10" {
		t.Errorf("an oversized body: %v", err)
	}
	if len(rows.rows) != 1 {
		t.Errorf("%d files kept, want 1", len(rows.rows))
	}
}
