package localfs_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tongban/tongban/internal/upload"
	"github.com/tongban/tongban/internal/upload/localfs"
)

func sumOf(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// put writes content through a temp file and keeps it.
func put(t *testing.T, b *localfs.Blobs, content []byte) string {
	t.Helper()
	tmp, err := b.Temp()
	if err != nil {
		t.Fatal(err)
	}
	defer tmp.Discard()
	if _, err := tmp.Write(content); err != nil {
		t.Fatal(err)
	}
	sum := sumOf(content)
	if err := b.Put(context.Background(), sum, tmp); err != nil {
		t.Fatal(err)
	}
	return sum
}

func entries(t *testing.T, dir string) []os.DirEntry {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func TestPutStoresByChecksumOnce(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	b, err := localfs.New(root)
	if err != nil {
		t.Fatal(err)
	}
	content := []byte("%PDF-1.7 营业执照")
	sum := put(t, b, content)
	if put(t, b, content) != sum {
		t.Fatal("the same content got another checksum")
	}
	got, err := os.ReadFile(filepath.Join(root, sum[:2], sum[2:4], sum))
	if err != nil || string(got) != string(content) {
		t.Fatalf("blob on disk: %q, %v", got, err)
	}
	if es := entries(t, filepath.Join(root, sum[:2], sum[2:4])); len(es) != 1 {
		t.Fatalf("%d files for one content", len(es))
	}
	if es := entries(t, filepath.Join(root, "tmp")); len(es) != 0 {
		t.Fatalf("temporary files left: %v", es)
	}
	rc, err := b.Open(context.Background(), sum)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	if got, _ := io.ReadAll(rc); string(got) != string(content) {
		t.Fatalf("Open read %q", got)
	}
}

func TestDiscardRemovesTheTempFile(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	b, err := localfs.New(root)
	if err != nil {
		t.Fatal(err)
	}
	tmp, err := b.Temp()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tmp.Write([]byte("half an upload")); err != nil {
		t.Fatal(err)
	}
	if err := tmp.Discard(); err != nil {
		t.Fatal(err)
	}
	if err := tmp.Discard(); err != nil {
		t.Fatalf("a second Discard: %v", err)
	}
	if es := entries(t, filepath.Join(root, "tmp")); len(es) != 0 {
		t.Fatalf("temporary files left: %v", es)
	}
	if err := b.Put(context.Background(), sumOf([]byte("half an upload")), tmp); err == nil {
		t.Fatal("Put accepted a discarded temp file")
	}
}

func TestMalformedChecksumsNameNoPath(t *testing.T) {
	t.Parallel()
	b, err := localfs.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, sum := range []string{"", "../../../../etc/passwd", sumOf(nil)[:63] + "/", "ABCDEF" + sumOf(nil)[6:]} {
		if _, err := b.Open(context.Background(), sum); err == nil || os.IsNotExist(err) {
			t.Errorf("Open(%q): %v, want a refusal", sum, err)
		}
	}
}

func TestPutRefusesAnotherStoresTemp(t *testing.T) {
	t.Parallel()
	a, err := localfs.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	other, err := localfs.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	tmp, err := other.Temp()
	if err != nil {
		t.Fatal(err)
	}
	defer tmp.Discard()
	var _ upload.Temp = tmp
	if err := a.Put(context.Background(), sumOf(nil), tmp); err == nil {
		t.Fatal("Put took another store's temp file")
	}
}

func TestNewSweepsStaleTempFiles(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	if _, err := localfs.New(root); err != nil {
		t.Fatal(err)
	}
	stale, fresh := filepath.Join(root, "tmp", "upload-stale"), filepath.Join(root, "tmp", "upload-fresh")
	for _, p := range []string{stale, fresh} {
		if err := os.WriteFile(p, []byte("left by a crash"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-2 * time.Hour)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	if _, err := localfs.New(root); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("the stale temp file survived: %v", err)
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("a temp file of an upload in progress was removed: %v", err)
	}
}
