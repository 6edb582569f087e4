package upload

import (
	"context"
	"io"
)

// Tx runs fn in one transaction carried by ctx.
type Tx interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}

// Store keeps the metadata rows of uploaded files.
type Store interface {
	// InsertUpload records a stored file and sets f.ID.
	InsertUpload(ctx context.Context, f *File) error
	// Upload returns a file's row, or a NotFound error.
	Upload(ctx context.Context, id int64) (File, error)
}

// Blobs keeps file contents by their SHA-256, so the same content uploaded
// twice is stored once. An upload is first written to a Temp; only a file that
// passed every check is moved into place by Put.
type Blobs interface {
	// Temp starts a temporary file for an upload in progress.
	Temp() (Temp, error)
	// Put durably stores the content of t under sum (lowercase hex SHA-256)
	// and disposes of t. When that content is stored already, t is simply
	// discarded. t must come from this store's Temp.
	Put(ctx context.Context, sum string, t Temp) error
	// Open reads the content stored under sum.
	Open(ctx context.Context, sum string) (io.ReadCloser, error)
}

// Temp is a temporary file holding an upload until it is kept or discarded.
type Temp interface {
	io.Writer
	io.ReaderAt
	// Discard closes and removes the temporary file. It is safe to call after
	// Put and more than once, so callers can always defer it.
	Discard() error
}
