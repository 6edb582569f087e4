package web

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

// Assets serves the embedded static files under content-hashed names
// (/static/app.3f2a9c1e.css), so browsers may cache them forever and a new
// release is picked up at once.
type Assets struct {
	files  map[string][]byte // hashed name → content
	hashed map[string]string // plain name → hashed name
}

// NewAssets hashes every file in fsys.
func NewAssets(fsys fs.FS) (*Assets, error) {
	a := &Assets{files: map[string][]byte{}, hashed: map[string]string{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		ext := path.Ext(p)
		name := strings.TrimSuffix(p, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		a.files[name], a.hashed[p] = b, name
		return nil
	})
	return a, err
}

// URL returns the hashed URL of a static file; templates call it as asset.
func (a *Assets) URL(name string) string {
	if h, ok := a.hashed[name]; ok {
		return "/static/" + h
	}
	return "/static/" + name
}

func (a *Assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/static/")
	b, ok := a.files[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, _ = w.Write(b)
}
