package upload

import (
	"bytes"
	"context"
	"errors"
	"io"
)

// Verdict is what a scanner found in a file.
type Verdict struct {
	Infected  bool
	Signature string // the name of what was found, for the audit trail
}

// Scanner checks an upload for malware before it is kept. Every upload is
// scanned, whatever its type; an error (the scanner is down) fails the upload
// rather than letting an unscanned file through.
//
// A ClamAV adapter would be a sub-package (internal/upload/clamd, the only
// place that imports net) implementing Scan by dialling clamd's TCP or Unix
// socket under ctx's deadline, sending "zINSTREAM\x00", then the content read
// through io.NewSectionReader(f, 0, size) in chunks each prefixed by its
// length as a 4-byte big-endian integer, then a zero-length chunk; clamd
// answers "stream: OK" (clean) or "stream: <signature> FOUND" (Infected,
// Signature), anything else being an error. Its chunk total must stay below
// clamd's StreamMaxLength. app would pass it as Config.Scanner when an
// address is configured, in place of SignatureScanner.
type Scanner interface {
	Scan(ctx context.Context, f io.ReaderAt, size int64) (Verdict, error)
}

// Signature is a byte pattern that marks a file as infected.
type Signature struct {
	Name    string
	Pattern []byte
}

// EICAR is the industry's anti-virus test string: harmless, but every scanner
// reports it, so an operator can check that scanning works end to end.
var EICAR = Signature{
	Name:    "EICAR-Test-File",
	Pattern: []byte(`X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*`),
}

// SignatureScanner finds fixed byte patterns anywhere in a file. With the
// default EICAR signature it is the built-in scanner: it catches no real
// malware, but it makes the scanning path real and testable where no ClamAV
// daemon runs.
type SignatureScanner struct {
	Signatures []Signature // EICAR when empty
}

// scanChunk is how much of a file SignatureScanner reads at a time.
const scanChunk = 64 << 10

// Scan reads f in chunks that overlap by the longest pattern less one byte, so
// a pattern spanning two chunks is still found.
func (s SignatureScanner) Scan(ctx context.Context, f io.ReaderAt, size int64) (Verdict, error) {
	sigs := s.Signatures
	if len(sigs) == 0 {
		sigs = []Signature{EICAR}
	}
	overlap := 0
	for _, sig := range sigs {
		overlap = max(overlap, len(sig.Pattern)-1)
	}
	buf := make([]byte, scanChunk+overlap)
	for off := int64(0); off < size; off += scanChunk {
		if err := ctx.Err(); err != nil {
			return Verdict{}, err
		}
		n, err := f.ReadAt(buf[:min(int64(len(buf)), size-off)], off)
		if err != nil && !errors.Is(err, io.EOF) {
			return Verdict{}, err
		}
		for _, sig := range sigs {
			if len(sig.Pattern) > 0 && bytes.Contains(buf[:n], sig.Pattern) {
				return Verdict{Infected: true, Signature: sig.Name}, nil
			}
		}
	}
	return Verdict{}, nil
}
