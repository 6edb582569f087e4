package fieldcrypt

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// LoadOrCreateKeyFile returns the master key stored base64 (standard encoding)
// in the file at path. When the file does not exist it is created, together with
// any missing parent directories (mode 0700), holding a fresh key with mode
// 0600, so a development instance starts without manual set-up.
//
// An existing file that does not hold exactly KeySize bytes is refused and
// never overwritten: replacing a damaged key would silently make every stored
// value unreadable.
func LoadOrCreateKeyFile(path string) ([]byte, error) {
	key, err := readKeyFile(path)
	if !errors.Is(err, fs.ErrNotExist) {
		return key, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("fieldcrypt: creating key directory: %w", err)
	}
	key, err = GenerateMasterKey()
	if err != nil {
		return nil, err
	}
	// O_EXCL: if another process created the file meanwhile, use its key
	// rather than replace it.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return readKeyFile(path)
	}
	if err != nil {
		return nil, fmt.Errorf("fieldcrypt: creating key file: %w", err)
	}
	data := base64.StdEncoding.AppendEncode(nil, key)
	data = append(data, '\n')
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		// Do not leave a half-written file behind: the next start would
		// refuse it, which is safe but needlessly confusing.
		_ = os.Remove(path)
		return nil, fmt.Errorf("fieldcrypt: writing key file: %w", err)
	}
	return key, nil
}

// readKeyFile reads and checks an existing key file. A missing file is
// returned as an error wrapping fs.ErrNotExist.
func readKeyFile(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("fieldcrypt: reading key file: %w", err)
	}
	key, err := base64.StdEncoding.DecodeString(string(bytes.TrimSpace(data)))
	if err != nil {
		return nil, fmt.Errorf("fieldcrypt: key file %s is not valid base64", path)
	}
	if len(key) != KeySize {
		return nil, fmt.Errorf("fieldcrypt: key file %s holds %d bytes, want %d: %w", path, len(key), KeySize, ErrKeySize)
	}
	return key, nil
}
