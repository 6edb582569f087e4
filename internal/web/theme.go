package web

import (
	"errors"
	"io/fs"
	"sort"
)

// overlay is a file system where a theme's files win over the embedded ones:
// a province or city re-brands its site (logo, colours, footer, any template) by
// placing files with the same names in its theme folder, never by forking.
type overlay struct {
	theme, base fs.FS // theme may be nil
}

func (o overlay) Open(name string) (fs.File, error) {
	if o.theme != nil {
		if f, err := o.theme.Open(name); err == nil {
			return f, nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return o.base.Open(name)
}

// ReadDir lists the union of both directories, so a theme can also add files.
func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	seen := map[string]fs.DirEntry{}
	for _, f := range []fs.FS{o.base, o.theme} {
		if f == nil {
			continue
		}
		es, err := fs.ReadDir(f, name)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			return nil, err
		}
		for _, e := range es {
			seen[e.Name()] = e
		}
	}
	if len(seen) == 0 {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	out := make([]fs.DirEntry, 0, len(seen))
	for _, e := range seen {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

// subOrNil returns dir inside f, or nil when f is nil or has no such folder.
func subOrNil(f fs.FS, dir string) fs.FS {
	if f == nil {
		return nil
	}
	if _, err := fs.Stat(f, dir); err != nil {
		return nil
	}
	sub, err := fs.Sub(f, dir)
	if err != nil {
		return nil
	}
	return sub
}
