package fieldcrypt

import (
	"bytes"
	stdhkdf "crypto/hkdf"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
)

// testMaster is a fixed master key (bytes 0…31) for known-answer tests.
func testMaster() []byte {
	m := make([]byte, KeySize)
	for i := range m {
		m[i] = byte(i)
	}
	return m
}

func mustKeys(t *testing.T, master []byte) *Keys {
	t.Helper()
	k, err := NewKeys(master)
	if err != nil {
		t.Fatalf("NewKeys: %v", err)
	}
	return k
}

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestNewKeysSize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		size    int
		wantErr bool
	}{
		{"nil", 0, true},
		{"AES-128 size", 16, true},
		{"one short", 31, true},
		{"exact", 32, false},
		{"one long", 33, true},
		{"64 bytes", 64, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			k, err := NewKeys(make([]byte, tt.size))
			if tt.wantErr {
				if !errors.Is(err, ErrKeySize) || k != nil {
					t.Fatalf("NewKeys(%d bytes) = %v, %v; want nil, ErrKeySize", tt.size, k, err)
				}
				return
			}
			if err != nil || k == nil {
				t.Fatalf("NewKeys(%d bytes) = %v, %v; want keys", tt.size, k, err)
			}
		})
	}
}

// TestDerive cross-checks the x/crypto HKDF derivation against the standard
// library's and makes sure the two subkeys differ from each other and from the
// master key.
func TestDerive(t *testing.T) {
	t.Parallel()
	master := testMaster()
	tests := []string{infoEncryption, infoIndex}
	got := map[string][]byte{}
	for _, info := range tests {
		k, err := derive(master, info)
		if err != nil {
			t.Fatalf("derive(%q): %v", info, err)
		}
		want, err := stdhkdf.Key(sha256.New, master, nil, info, KeySize)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(k, want) {
			t.Errorf("derive(%q) = %x, want %x", info, k, want)
		}
		if bytes.Equal(k, master) {
			t.Errorf("derive(%q) returned the master key", info)
		}
		got[info] = k
	}
	if bytes.Equal(got[infoEncryption], got[infoIndex]) {
		t.Error("encryption and index subkeys are equal")
	}
}

func TestSealOpenRoundTrip(t *testing.T) {
	t.Parallel()
	k := mustKeys(t, testMaster())
	tests := []struct {
		name, plaintext, context string
	}{
		{"empty value", "", "person.note"},
		{"id number", "620825196302140118", "person.id_number"},
		{"phone", "13900000001", "person.phone"},
		{"Chinese name", "王建国", "person.name"},
		{"address", "甘肃省平凉市庄浪县水洛街道示例村1号", "person.address"},
		{"long value", strings.Repeat("数据", 5000), "application.attachment_text"},
		{"binary-ish", "\x00\xff\x01", "person.blob"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ct, err := k.Seal(tt.plaintext, tt.context)
			if err != nil {
				t.Fatalf("Seal: %v", err)
			}
			if want := 1 + 12 + len(tt.plaintext) + 16; len(ct) != want {
				t.Errorf("len(ciphertext) = %d, want %d", len(ct), want)
			}
			if ct[0] != 1 {
				t.Errorf("version byte = %d, want 1", ct[0])
			}
			if len(tt.plaintext) >= 4 && bytes.Contains(ct, []byte(tt.plaintext)) {
				t.Error("ciphertext contains the plaintext")
			}
			pt, err := k.Open(ct, tt.context)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			if pt != tt.plaintext {
				t.Errorf("Open = %q, want %q", pt, tt.plaintext)
			}
		})
	}
}

// TestOpenKnownAnswer pins the stored format: this ciphertext was produced by
// Seal under testMaster and checked independently (Python, HKDF + AESGCM with
// AAD 0x01‖context). If it stops opening, rows already in databases would too.
func TestOpenKnownAnswer(t *testing.T) {
	t.Parallel()
	k := mustKeys(t, testMaster())
	ct := mustHex(t, "01e0ce96316b403205d70bb4b95a248ceea83b4667945278a22793316bc0a18285bf9e7d2477a2ff755373118db099")
	pt, err := k.Open(ct, "person.id_number")
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if pt != "620825196302140118" {
		t.Errorf("Open = %q", pt)
	}
}

func TestSealDiffersEachTime(t *testing.T) {
	t.Parallel()
	k := mustKeys(t, testMaster())
	seen := map[string]bool{}   // whole ciphertexts
	nonces := map[string]bool{} // their nonces
	for range 50 {
		ct, err := k.Seal("13900000001", "person.phone")
		if err != nil {
			t.Fatal(err)
		}
		if seen[string(ct)] {
			t.Fatal("two seals of the same value are identical")
		}
		seen[string(ct)] = true
		if nonces[string(ct[1:13])] {
			t.Fatal("nonce repeated")
		}
		nonces[string(ct[1:13])] = true
	}
}

func TestOpenRefuses(t *testing.T) {
	t.Parallel()
	k := mustKeys(t, testMaster())
	other, err := GenerateMasterKey()
	if err != nil {
		t.Fatal(err)
	}
	otherKeys := mustKeys(t, other)
	const ctx = "person.id_number"
	ct, err := k.Seal("620825196302140118", ctx)
	if err != nil {
		t.Fatal(err)
	}
	flip := func(i int) []byte {
		c := bytes.Clone(ct)
		c[i] ^= 0x01
		return c
	}
	withVersion := func(v byte) []byte {
		c := bytes.Clone(ct)
		c[0] = v
		return c
	}
	tests := []struct {
		name    string
		keys    *Keys
		ct      []byte
		context string
	}{
		{"nil", k, nil, ctx},
		{"version byte only", k, ct[:1], ctx},
		{"no tag", k, ct[:13], ctx},
		{"truncated tag", k, ct[:len(ct)-1], ctx},
		{"extra byte", k, append(bytes.Clone(ct), 0), ctx},
		{"version 0", k, withVersion(0), ctx},
		{"version 2", k, withVersion(2), ctx},
		{"nonce byte flipped", k, flip(1), ctx},
		{"ciphertext byte flipped", k, flip(14), ctx},
		{"tag byte flipped", k, flip(len(ct) - 1), ctx},
		{"other column", k, ct, "person.phone"},
		{"context case differs", k, ct, "Person.id_number"},
		{"other master key", otherKeys, ct, ctx},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			pt, err := tt.keys.Open(tt.ct, tt.context)
			if !errors.Is(err, ErrDecrypt) || pt != "" {
				t.Fatalf("Open = %q, %v; want \"\", ErrDecrypt", pt, err)
			}
		})
	}
}

// TestOpenEveryByteTampered flips each byte in turn: GCM must notice all of
// them, including the version byte outside the GCM ciphertext.
func TestOpenEveryByteTampered(t *testing.T) {
	t.Parallel()
	k := mustKeys(t, testMaster())
	ct, err := k.Seal("王建国", "person.name")
	if err != nil {
		t.Fatal(err)
	}
	for i := range ct {
		c := bytes.Clone(ct)
		c[i] ^= 0x80
		if _, err := k.Open(c, "person.name"); !errors.Is(err, ErrDecrypt) {
			t.Errorf("byte %d flipped: err = %v, want ErrDecrypt", i, err)
		}
	}
}

func TestEmptyContext(t *testing.T) {
	t.Parallel()
	k := mustKeys(t, testMaster())
	if _, err := k.Seal("x", ""); !errors.Is(err, ErrNoContext) {
		t.Errorf("Seal with empty context: err = %v, want ErrNoContext", err)
	}
	ct, err := k.Seal("x", "c")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k.Open(ct, ""); !errors.Is(err, ErrNoContext) {
		t.Errorf("Open with empty context: err = %v, want ErrNoContext", err)
	}
	defer func() {
		if r := recover(); r != ErrNoContext {
			t.Errorf("Index with empty context: recovered %v, want ErrNoContext", r)
		}
	}()
	k.Index("x", "")
}

// TestIndexKnownAnswer pins the blind-index construction; the value was
// computed independently (Python: HKDF-SHA256, then HMAC-SHA256 over
// uint32be(len(context))‖context‖value). Changing it would orphan every index
// already stored.
func TestIndexKnownAnswer(t *testing.T) {
	t.Parallel()
	k := mustKeys(t, testMaster())
	want := mustHex(t, "fdf32e29a6b483ea4f7e2dcf9648ce45accb8fa4ba38e7fcd2a17c1d5d0bb191")
	if got := k.Index("13900000001", "person.phone"); !bytes.Equal(got, want) {
		t.Errorf("Index = %x, want %x", got, want)
	}
}

func TestIndex(t *testing.T) {
	t.Parallel()
	k := mustKeys(t, testMaster())
	other, err := GenerateMasterKey()
	if err != nil {
		t.Fatal(err)
	}
	otherKeys := mustKeys(t, other)
	type in struct {
		keys           *Keys
		value, context string
	}
	tests := []struct {
		name  string
		a, b  in
		equal bool
	}{
		{"same value and context", in{k, "13900000001", "person.phone"}, in{k, "13900000001", "person.phone"}, true},
		{"lowercase x normalised", in{k, "11010519491231002x", "person.id_number"}, in{k, "11010519491231002X", "person.id_number"}, true},
		{"spaces normalised", in{k, " 13900000001 ", "person.phone"}, in{k, "13900000001", "person.phone"}, true},
		{"full-width normalised", in{k, "１３９０００００００１", "person.phone"}, in{k, "13900000001", "person.phone"}, true},
		{"different contexts", in{k, "13900000001", "person.phone"}, in{k, "13900000001", "enterprise.contact_phone"}, false},
		{"different values", in{k, "13900000001", "person.phone"}, in{k, "13900000002", "person.phone"}, false},
		{"different keys", in{k, "13900000001", "person.phone"}, in{otherKeys, "13900000001", "person.phone"}, false},
		{"context/value boundary", in{k, "c", "a.b"}, in{k, "bc", "a."}, false},
		{"inner space kept", in{k, "王 建国", "person.name"}, in{k, "王建国", "person.name"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := tt.a.keys.Index(tt.a.value, tt.a.context)
			b := tt.b.keys.Index(tt.b.value, tt.b.context)
			if len(a) != IndexSize || len(b) != IndexSize {
				t.Fatalf("index lengths %d, %d; want %d", len(a), len(b), IndexSize)
			}
			if bytes.Equal(a, b) != tt.equal {
				t.Errorf("indexes equal = %v, want %v (%x vs %x)", !tt.equal, tt.equal, a, b)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"", ""},
		{"13900000001", "13900000001"},
		{"  11010519491231002x\n", "11010519491231002X"},
		{"１１０１０５１９４９１２３１００２ｘ", "11010519491231002X"},
		{"\u3000王建国\u3000", "王建国"},
		{"ab　cd", "AB CD"}, // inner ideographic space becomes an ordinary one
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestGenerateMasterKey(t *testing.T) {
	t.Parallel()
	a, err := GenerateMasterKey()
	if err != nil {
		t.Fatal(err)
	}
	b, err := GenerateMasterKey()
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != KeySize || len(b) != KeySize {
		t.Fatalf("key lengths %d, %d; want %d", len(a), len(b), KeySize)
	}
	if bytes.Equal(a, b) {
		t.Fatal("two generated keys are equal")
	}
	if _, err := NewKeys(a); err != nil {
		t.Fatalf("NewKeys(generated): %v", err)
	}
}
