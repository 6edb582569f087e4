package app

import (
	"fmt"

	"github.com/tongban/tongban/internal/upload"
	"github.com/tongban/tongban/internal/upload/localfs"
)

// newUploads wires the upload module to blobs on local disk in the data
// directory, with the built-in signature scanner. Citizens' rejected uploads
// are audited under the install's home region.
func (a *App) newUploads() error {
	blobs, err := localfs.New(a.Config.FilesDir())
	if err != nil {
		return fmt.Errorf("upload files: %w", err)
	}
	a.Uploads = upload.NewManager(upload.Deps{Tx: a.DB, Store: a.Store, Blobs: blobs, Audit: a.Store, Now: a.Now,
		Config: upload.Config{MaxBytes: upload.DefaultMaxBytes, AuditRegion: a.HomeRegion}})
	return nil
}
