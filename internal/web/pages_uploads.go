package web

import (
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/upload"
)

// registerUploads adds the applicant's own uploaded files.
func (ui *UI) registerUploads(rt routeAdder) {
	rt.Handle("GET", "/me/uploads/{id}", ui.myUpload)
}

// myUpload sends an uploaded file to its owner as a download. The type is
// the sniffed one and browsers are told not to guess another, so a file can
// never run as a page of this site.
func (ui *UI) myUpload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "upload")
	if err != nil {
		return err
	}
	f, content, err := ui.Uploads.Open(r.Context(), id)
	if err != nil {
		return err
	}
	ui.sendUpload(w, f, content)
	return nil
}

// sendUpload streams a stored file as a download and closes it. The type is
// the sniffed one and browsers are told not to guess another.
func (ui *UI) sendUpload(w http.ResponseWriter, f upload.File, content io.ReadCloser) {
	defer content.Close()
	h := w.Header()
	h.Set("Content-Type", f.MediaType)
	h.Set("Content-Length", strconv.FormatInt(f.Size, 10))
	h.Set("Content-Disposition", contentDisposition("file-"+strconv.FormatInt(f.ID, 10)+upload.Extension(f.MediaType), f.Name))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	if _, err := io.Copy(w, content); err != nil {
		// The status is sent; all that is left is to note the cut-off download.
		ui.Log.Warn("send upload", "upload", f.ID, "err", err)
	}
}

// uploadMemory is how much of a multipart body is held in memory before the
// parser spills file parts to temporary files (which net/http removes when
// the request ends).
const uploadMemory = 1 << 20

// receiveUpload stores the file chosen in a multipart form's field as the
// signed-in person's upload. ok is false when no file was chosen. Errors are
// reported on field, so the form shows them next to its file input.
func (ui *UI) receiveUpload(r *http.Request, field string) (upload.File, bool, error) {
	err := r.ParseMultipartForm(uploadMemory)
	var tooBig *http.MaxBytesError
	switch {
	case errors.Is(err, http.ErrNotMultipart):
		return upload.File{}, false, nil
	case errors.As(err, &tooBig):
		return upload.File{}, true, onField(ui.Uploads.TooLarge(), field)
	case err != nil:
		return upload.File{}, true, onField(&apperr.Error{Kind: apperr.Invalid, Key: "form.invalid",
			Fields: []apperr.FieldError{{Field: upload.FileField, Key: "upload.incomplete"}}, Cause: err}, field)
	}
	files := r.MultipartForm.File[field]
	if len(files) == 0 || files[0].Filename == "" {
		return upload.File{}, false, nil
	}
	body, err := files[0].Open()
	if err != nil {
		return upload.File{}, true, err
	}
	defer body.Close()
	f, err := ui.Uploads.Put(r.Context(), files[0].Filename, body)
	return f, true, onField(err, field)
}

// onField moves the upload module's field errors to the form's field name.
func onField(err error, field string) error {
	e := apperr.As(err)
	if e == nil || len(e.Fields) == 0 {
		return err
	}
	moved := *e
	moved.Fields = slices.Clone(e.Fields)
	for i := range moved.Fields {
		if moved.Fields[i].Field == upload.FileField {
			moved.Fields[i].Field = field
		}
	}
	return &moved
}
