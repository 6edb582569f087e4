package fieldcrypt

import (
	"bytes"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadOrCreateKeyFileCreatesAndReloads(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "secrets", "tongban")
	path := filepath.Join(dir, "field.key")

	key, err := LoadOrCreateKeyFile(path)
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if len(key) != KeySize {
		t.Fatalf("len(key) = %d, want %d", len(key), KeySize)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Errorf("key file mode = %o, want 600", perm)
	}
	di, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	// The umask may only remove bits, so 0700 can only come out as 0700 or
	// stricter; anything readable by group or others is wrong.
	if perm := di.Mode().Perm(); perm&0o077 != 0 || perm&0o700 != 0o700 {
		t.Errorf("key directory mode = %o, want 700", perm)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	decoded, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(data)))
	if err != nil || !bytes.Equal(decoded, key) {
		t.Errorf("file holds %q, want base64 of the returned key", data)
	}

	again, err := LoadOrCreateKeyFile(path)
	if err != nil {
		t.Fatalf("reload: %v", err)
	}
	if !bytes.Equal(again, key) {
		t.Error("reloaded key differs from the created one")
	}
}

func TestLoadOrCreateKeyFileReadsExisting(t *testing.T) {
	t.Parallel()
	want := testMaster()
	enc := base64.StdEncoding.EncodeToString(want)
	tests := []struct {
		name, content string
	}{
		{"bare", enc},
		{"trailing newline", enc + "\n"},
		{"CRLF and spaces", "  " + enc + "\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "field.key")
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			got, err := LoadOrCreateKeyFile(path)
			if err != nil {
				t.Fatalf("LoadOrCreateKeyFile: %v", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("key = %x, want %x", got, want)
			}
		})
	}
}

func TestLoadOrCreateKeyFileRefusesBadFile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, content string
		wantSize      bool // error must wrap ErrKeySize
	}{
		{"empty file", "", true},
		{"16-byte key", base64.StdEncoding.EncodeToString(make([]byte, 16)), true},
		{"33-byte key", base64.StdEncoding.EncodeToString(make([]byte, 33)), true},
		{"raw key bytes", string(make([]byte, 32)), false},
		{"URL-safe base64", strings.Repeat("-_", 22), false},
		{"hex instead of base64", strings.Repeat("ab", 32), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "field.key")
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			key, err := LoadOrCreateKeyFile(path)
			if err == nil || key != nil {
				t.Fatalf("LoadOrCreateKeyFile = %x, %v; want an error", key, err)
			}
			if tt.wantSize && !errors.Is(err, ErrKeySize) {
				t.Errorf("err = %v, want it to wrap ErrKeySize", err)
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("err = %v, want it to name the file", err)
			}
			// A bad key must never be replaced: that would lose the data.
			data, err := os.ReadFile(path)
			if err != nil || string(data) != tt.content {
				t.Errorf("key file was changed to %q", data)
			}
		})
	}
}

func TestLoadOrCreateKeyFileUnreadable(t *testing.T) {
	t.Parallel()
	// A directory where the file should be: not "absent", so no key is made.
	path := t.TempDir()
	if _, err := LoadOrCreateKeyFile(path); err == nil {
		t.Fatal("LoadOrCreateKeyFile on a directory succeeded")
	}
}
