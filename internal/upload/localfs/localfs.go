// Package localfs keeps upload contents on local disk, addressed by their
// SHA-256: <root>/ab/cd/<sha256>, where ab and cd are the checksum's first
// two byte pairs, so no folder grows past a few thousand entries. Uploads in
// progress are temporary files in <root>/tmp, moved into place only when
// complete and synced, so a crash never leaves a half-written blob under a
// checksum.
package localfs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/tongban/tongban/internal/upload"
)

// staleTemp is how old a temporary file must be for New to treat it as left
// behind by a crash: an upload spends well under a minute in its temp file.
const staleTemp = time.Hour

// Blobs is a content-addressed store under one folder.
type Blobs struct {
	root string
}

var _ upload.Blobs = (*Blobs)(nil)

// New opens (creating it if needed) the store at root and removes temporary
// files that a crash left behind.
func New(root string) (*Blobs, error) {
	b := &Blobs{root: root}
	if err := os.MkdirAll(b.tmpDir(), 0o750); err != nil {
		return nil, err
	}
	return b, b.sweep(time.Now().Add(-staleTemp))
}

func (b *Blobs) tmpDir() string { return filepath.Join(b.root, "tmp") }

// sweep removes temporary files last written before cutoff.
func (b *Blobs) sweep(cutoff time.Time) error {
	entries, err := os.ReadDir(b.tmpDir())
	if err != nil {
		return err
	}
	for _, e := range entries {
		info, err := e.Info()
		if err == nil && info.Mode().IsRegular() && info.ModTime().Before(cutoff) {
			if err := os.Remove(filepath.Join(b.tmpDir(), e.Name())); err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
		}
	}
	return nil
}

// path is where the content with checksum sum lives.
func (b *Blobs) path(sum string) (string, error) {
	if !validSum(sum) {
		return "", fmt.Errorf("localfs: malformed checksum %q", sum)
	}
	return filepath.Join(b.root, sum[0:2], sum[2:4], sum), nil
}

// validSum accepts only lowercase hex SHA-256, so a checksum can never name
// a path outside the store.
func validSum(sum string) bool {
	if len(sum) != 64 {
		return false
	}
	for _, c := range sum {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// Temp starts a temporary file for an upload.
func (b *Blobs) Temp() (upload.Temp, error) {
	f, err := os.CreateTemp(b.tmpDir(), "upload-*")
	if err != nil {
		return nil, err
	}
	return &temp{f: f, owner: b}, nil
}

// Put moves a complete temporary file to its checksum's place: synced to disk
// first, renamed (atomic on one file system), then the folder synced so the
// rename survives a power cut. Content stored already is kept as it is.
func (b *Blobs) Put(_ context.Context, sum string, t upload.Temp) error {
	tf, ok := t.(*temp)
	if !ok || tf.owner != b || tf.gone {
		return errors.New("localfs: Put needs a live temporary file of this store")
	}
	dst, err := b.path(sum)
	if err != nil {
		return err
	}
	if _, err := os.Stat(dst); err == nil {
		return tf.Discard()
	}
	if err := tf.f.Sync(); err != nil {
		return err
	}
	if err := tf.f.Close(); err != nil {
		return err
	}
	dir := filepath.Dir(dst)
	if err := mkdirSynced(b.root, dir); err != nil {
		return err
	}
	if err := os.Rename(tf.f.Name(), dst); err != nil {
		return err
	}
	tf.gone = true
	return syncDir(dir)
}

// Open reads the content stored under sum.
func (b *Blobs) Open(_ context.Context, sum string) (io.ReadCloser, error) {
	p, err := b.path(sum)
	if err != nil {
		return nil, err
	}
	return os.Open(p)
}

// mkdirSynced creates dir and any missing parents below root, syncing each
// parent whose entries changed so the new folders survive a power cut.
func mkdirSynced(root, dir string) error {
	if dir == root {
		return nil
	}
	if _, err := os.Stat(dir); err == nil {
		return nil
	}
	parent := filepath.Dir(dir)
	if err := mkdirSynced(root, parent); err != nil {
		return err
	}
	if err := os.Mkdir(dir, 0o750); err != nil && !errors.Is(err, os.ErrExist) {
		return err
	}
	return syncDir(parent)
}

// syncDir flushes a folder's entries to disk.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// temp is a temporary upload file of one store.
type temp struct {
	f     *os.File
	owner *Blobs
	gone  bool // moved into place or removed
}

func (t *temp) Write(p []byte) (int, error)             { return t.f.Write(p) }
func (t *temp) ReadAt(p []byte, off int64) (int, error) { return t.f.ReadAt(p, off) }

// Discard closes and removes the file unless it was moved into place.
func (t *temp) Discard() error {
	if t.gone {
		return nil
	}
	t.gone = true
	_ = t.f.Close() // may be closed already by a Put that failed later
	if err := os.Remove(t.f.Name()); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}
