package password

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/tongban/tongban/internal/platform/apperr"
)

func TestHashVerify(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		p    Params
		pw   string
	}{
		{"fast ascii", Fast, "correct horse 1"},
		{"fast Chinese", Fast, "庄浪县政务2026"},
		{"fast empty", Fast, ""},
		{"fast long", Fast, strings.Repeat("a1", 64)},
		{"two threads", Params{Time: 1, MemoryKiB: 64, Threads: 2}, "Passw0rd!"},
		{"default", Default, "Tongban-2026"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			enc, err := Hash(tt.p, tt.pw)
			if err != nil {
				t.Fatalf("Hash: %v", err)
			}
			parts := strings.Split(enc, "$")
			if len(parts) != 6 || parts[1] != "argon2id" || parts[2] != "v=19" {
				t.Fatalf("Hash = %q, not an argon2id PHC string", enc)
			}
			if p, _, _, err := decode(enc); err != nil || p != tt.p {
				t.Errorf("encoded params = %+v, %v; want %+v", p, err, tt.p)
			}
			if salt, _ := base64.RawStdEncoding.DecodeString(parts[4]); len(salt) != 16 {
				t.Errorf("salt length = %d, want 16", len(salt))
			}
			if key, _ := base64.RawStdEncoding.DecodeString(parts[5]); len(key) != 32 {
				t.Errorf("key length = %d, want 32", len(key))
			}
			ok, err := Verify(enc, tt.pw)
			if err != nil || !ok {
				t.Fatalf("Verify(right password) = %v, %v; want true, nil", ok, err)
			}
			ok, err = Verify(enc, tt.pw+"x")
			if err != nil || ok {
				t.Fatalf("Verify(wrong password) = %v, %v; want false, nil", ok, err)
			}
		})
	}
}

func TestHashSaltsDiffer(t *testing.T) {
	t.Parallel()
	a, err := Hash(Fast, "same password 1")
	if err != nil {
		t.Fatal(err)
	}
	b, err := Hash(Fast, "same password 1")
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Fatal("two hashes of the same password are identical")
	}
}

func TestHashRefusesParams(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		p    Params
	}{
		{"zero", Params{}},
		{"no passes", Params{Time: 0, MemoryKiB: 1024, Threads: 1}},
		{"no threads", Params{Time: 1, MemoryKiB: 1024, Threads: 0}},
		{"less than 8 KiB per lane", Params{Time: 1, MemoryKiB: 15, Threads: 2}},
		{"too many passes", Params{Time: 17, MemoryKiB: 1024, Threads: 1}},
		{"too much memory", Params{Time: 1, MemoryKiB: 1<<20 + 1, Threads: 1}},
		{"too many threads", Params{Time: 1, MemoryKiB: 1024, Threads: 65}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			enc, err := Hash(tt.p, "Passw0rd!")
			if !errors.Is(err, ErrParams) || enc != "" {
				t.Fatalf("Hash(%+v) = %q, %v; want ErrParams", tt.p, enc, err)
			}
		})
	}
}

// TestVerifyReferenceVectors checks interoperability with the argon2
// reference implementation (phc-winner-argon2 src/test.c): password
// "password", salt "somesalt".
func TestVerifyReferenceVectors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, encoded string
	}{
		{"m=256", "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4"},
		{"m=65536", "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if ok, err := Verify(tt.encoded, "password"); err != nil || !ok {
				t.Errorf("Verify(password) = %v, %v; want true, nil", ok, err)
			}
			if ok, err := Verify(tt.encoded, "passwore"); err != nil || ok {
				t.Errorf("Verify(passwore) = %v, %v; want false, nil", ok, err)
			}
		})
	}
}

func TestVerifyMalformed(t *testing.T) {
	t.Parallel()
	good, err := Hash(Fast, "Passw0rd!")
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(good, "$")
	salt, key := parts[4], parts[5]
	with := func(params string) string {
		return "$argon2id$v=19$" + params + "$" + salt + "$" + key
	}
	tests := []struct {
		name, encoded string
	}{
		{"empty", ""},
		{"plain text", "Passw0rd!"},
		{"bcrypt", "$2a$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ012"},
		{"no leading $", strings.TrimPrefix(good, "$")},
		{"extra field", good + "$x"},
		{"argon2i", strings.Replace(good, "argon2id", "argon2i", 1)},
		{"argon2d", strings.Replace(good, "argon2id", "argon2d", 1)},
		{"version 16", strings.Replace(good, "v=19", "v=16", 1)},
		{"no version", "$argon2id$" + parts[3] + "$" + salt + "$" + key},
		{"params out of order", with("t=1,m=1024,p=1")},
		{"param missing", with("m=1024,t=1")},
		{"param extra", with("m=1024,t=1,p=1,k=2")},
		{"param not a number", with("m=abc,t=1,p=1")},
		{"negative param", with("m=1024,t=-1,p=1")},
		{"param with sign", with("m=+1024,t=1,p=1")},
		{"param overflows uint32", with("m=4294967296,t=1,p=1")},
		{"zero passes", with("m=1024,t=0,p=1")},
		{"zero lanes", with("m=1024,t=1,p=0")},
		{"threads overflow uint8", with("m=4096,t=1,p=257")},
		{"memory too small for lanes", with("m=8,t=1,p=2")},
		{"absurd memory", with("m=4194304,t=1,p=1")},
		{"absurd passes", with("m=1024,t=1000,p=1")},
		{"salt not base64", "$argon2id$v=19$m=1024,t=1,p=1$!!!!!!!!!!!$" + key},
		{"padded salt", "$argon2id$v=19$m=1024,t=1,p=1$" + salt + "==$" + key},
		{"salt too short", "$argon2id$v=19$m=1024,t=1,p=1$c2FsdA$" + key},
		{"empty hash", "$argon2id$v=19$m=1024,t=1,p=1$" + salt + "$"},
		{"hash too short", "$argon2id$v=19$m=1024,t=1,p=1$" + salt + "$" + key[:10]},
		{"hash not base64", "$argon2id$v=19$m=1024,t=1,p=1$" + salt + "$" + strings.Repeat("*", 43)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ok, err := Verify(tt.encoded, "Passw0rd!")
			if !errors.Is(err, ErrMalformed) || ok {
				t.Fatalf("Verify(%q) = %v, %v; want false, ErrMalformed", tt.encoded, ok, err)
			}
		})
	}
}

func TestCheckStrength(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, pw string
		key      string // "" means accepted
	}{
		{"letters and digits", "abcdefg1", ""},
		{"letters and symbols", "abcdefg!", ""},
		{"digits and symbols", "1234567-", ""},
		{"all three", "Tongban-2026", ""},
		{"Chinese and digits", "庄浪县政务服务2026", ""},
		{"letters and space", "correct horse", ""},
		{"exactly 128", strings.Repeat("a1", 64), ""},
		{"8 Chinese characters and a digit", "庄浪县政务服务网1", ""},
		{"empty", "", "identity.password.weak"},
		{"7 characters", "abcde1!", "identity.password.weak"},
		{"6 characters though 16 bytes", "庄浪县政务1", "identity.password.weak"},
		{"letters only", "abcdefghij", "identity.password.weak"},
		{"mixed-case letters only", "AbCdEfGhIj", "identity.password.weak"},
		{"digits only", "1234567890", "identity.password.weak"},
		{"symbols only", "!@#$%^&*()", "identity.password.weak"},
		{"Chinese only", "庄浪县政务服务网站", "identity.password.weak"},
		{"129 characters", strings.Repeat("a1", 64) + "b", "identity.password.too_long"},
		{"very long single class", strings.Repeat("a", 1000), "identity.password.too_long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := CheckStrength(tt.pw)
			if tt.key == "" {
				if err != nil {
					t.Fatalf("CheckStrength(%q) = %v, want nil", tt.pw, err)
				}
				return
			}
			if apperr.KindOf(err) != apperr.Invalid {
				t.Fatalf("CheckStrength(%q) = %v, want an Invalid error", tt.pw, err)
			}
			fs := apperr.FieldErrors(err)
			if len(fs) != 1 || fs[0].Field != "password" || fs[0].Key != tt.key {
				t.Fatalf("field errors = %+v, want [password: %s]", fs, tt.key)
			}
		})
	}
}
