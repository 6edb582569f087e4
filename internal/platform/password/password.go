package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/tongban/tongban/internal/platform/apperr"
)

// Params are the argon2id cost parameters.
type Params struct {
	Time      uint32 // passes over memory (t)
	MemoryKiB uint32 // memory in KiB (m)
	Threads   uint8  // lanes (p); also the number of goroutines used
}

// Default is the OWASP Password Storage Cheat Sheet minimum for argon2id
// (19 MiB, 2 passes, 1 lane): safe for production while keeping a login at a
// few tens of milliseconds on ordinary servers.
var Default = Params{Time: 2, MemoryKiB: 19 * 1024, Threads: 1}

// Fast is far too weak for real passwords. It exists for tests only, where
// hashing many passwords with Default would make the suite slow.
var Fast = Params{Time: 1, MemoryKiB: 1024, Threads: 1}

// Sizes of what Hash generates. Verify accepts other sizes within the limits
// below, so hashes made elsewhere (e.g. with an 8-byte salt) still verify.
const (
	saltLen = 16
	keyLen  = 32
)

// Limits on parameters. Hash refuses to produce what Verify would refuse to
// check, and Verify refuses values that could only come from a corrupted or
// planted row, since an absurd m or t read from the database would let that
// row pin the CPU or exhaust memory at every login attempt.
const (
	maxTime      = 16
	maxMemoryKiB = 1 << 20 // 1 GiB
	maxThreads   = 64
	minSaltLen   = 8
	maxSaltLen   = 64
	minKeyLen    = 16
	maxKeyLen    = 64
)

// Length limits of CheckStrength, in characters (runes).
const (
	minLength = 8
	maxLength = 128
)

// Errors returned by Hash and Verify. They are internal errors, not user
// input errors: a user never types an encoded hash.
var (
	// ErrParams is returned by Hash for cost parameters out of range.
	ErrParams = errors.New("password: argon2id parameters out of range")
	// ErrMalformed is returned by Verify for an encoded hash it cannot parse
	// or whose parameters are out of range.
	ErrMalformed = errors.New("password: malformed argon2id hash")
)

// validate checks p against the argon2 requirements (at least one pass and one
// lane, at least 8 KiB per lane; x/crypto would otherwise silently raise m and
// the encoded string would lie) and against our upper limits.
func (p Params) validate() bool {
	return p.Time >= 1 && p.Time <= maxTime &&
		p.Threads >= 1 && p.Threads <= maxThreads &&
		p.MemoryKiB >= 8*uint32(p.Threads) && p.MemoryKiB <= maxMemoryKiB
}

// Hash returns the argon2id PHC string of pw with a fresh 16-byte random salt
// and a 32-byte key.
func Hash(p Params, pw string) (string, error) {
	if !p.validate() {
		return "", fmt.Errorf("%w: %+v", ErrParams, p)
	}
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password: reading salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.MemoryKiB, p.Threads, keyLen)
	return encode(p, salt, key), nil
}

func encode(p Params, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.MemoryKiB, p.Time, p.Threads,
		base64.RawStdEncoding.EncodeToString(salt),
		base64.RawStdEncoding.EncodeToString(key))
}

// Verify reports whether pw matches the encoded argon2id hash, recomputing it
// with the parameters and salt stored in the string and comparing in constant
// time. A wrong password is (false, nil); an unusable hash is (false, error
// wrapping ErrMalformed), which callers should log as a data problem rather than
// report as a failed login.
func Verify(encoded, pw string) (bool, error) {
	p, salt, key, err := decode(encoded)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.MemoryKiB, p.Threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

// decode parses $argon2id$v=19$m=M,t=T,p=P$salt$hash strictly: only argon2id,
// only version 19, the parameters in the canonical order, unpadded standard
// base64. Being strict keeps one hash from having several spellings.
func decode(encoded string) (Params, []byte, []byte, error) {
	fail := func(what string) (Params, []byte, []byte, error) {
		return Params{}, nil, nil, fmt.Errorf("%w: %s", ErrMalformed, what)
	}
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" {
		return fail("not a PHC string")
	}
	if parts[1] != "argon2id" {
		return fail("algorithm is not argon2id")
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return fail("unsupported version")
	}
	kv := strings.Split(parts[3], ",")
	if len(kv) != 3 {
		return fail("parameters")
	}
	var vals [3]uint64
	for i, name := range []string{"m=", "t=", "p="} {
		num, ok := strings.CutPrefix(kv[i], name)
		if !ok {
			return fail("parameters")
		}
		v, err := strconv.ParseUint(num, 10, 32)
		if err != nil {
			return fail("parameters")
		}
		vals[i] = v
	}
	if vals[2] > maxThreads {
		return fail("parameters out of range")
	}
	p := Params{MemoryKiB: uint32(vals[0]), Time: uint32(vals[1]), Threads: uint8(vals[2])}
	if !p.validate() {
		return fail("parameters out of range")
	}
	salt, err := base64.RawStdEncoding.Strict().DecodeString(parts[4])
	if err != nil || len(salt) < minSaltLen || len(salt) > maxSaltLen {
		return fail("salt")
	}
	key, err := base64.RawStdEncoding.Strict().DecodeString(parts[5])
	if err != nil || len(key) < minKeyLen || len(key) > maxKeyLen {
		return fail("hash")
	}
	return p, salt, key, nil
}

// CheckStrength applies the minimal rule for a new password: 8 to 128
// characters, with at least two of the classes letters (any script, so Chinese
// characters count), digits and everything else. The upper limit keeps hashing
// cost bounded and gives a clear message instead of a silent truncation.
// Failures are field errors on "password" with key identity.password.weak or
// identity.password.too_long.
func CheckStrength(pw string) error {
	n := utf8.RuneCountInString(pw)
	if n > maxLength {
		return apperr.Field("password", "identity.password.too_long")
	}
	if n < minLength {
		return apperr.Field("password", "identity.password.weak")
	}
	var letters, digits, others bool
	for _, r := range pw {
		switch {
		case unicode.IsLetter(r):
			letters = true
		case unicode.IsDigit(r):
			digits = true
		default:
			others = true
		}
	}
	classes := 0
	for _, has := range []bool{letters, digits, others} {
		if has {
			classes++
		}
	}
	if classes < 2 {
		return apperr.Field("password", "identity.password.weak")
	}
	return nil
}
