package identity_test

import (
	"context"
	"testing"

	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/platform/password"
	"github.com/tongban/tongban/internal/testkit"
)

// BenchmarkAuthenticate measures resolving a session token on every request.
func BenchmarkAuthenticate(b *testing.B) {
	e := testkit.NewEnv(b)
	ctx := context.Background()
	_, token, err := e.Identity.Register(ctx, identity.Registration{Name: "张三", IDNumber: "11010519491231002X", Phone: "13900000101",
		RegionCode: "620825101", Password: pw, PasswordConfirm: pw}, identity.SessionWeb)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := e.Identity.Authenticate(ctx, token, identity.SessionWeb); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFindByIDNumber measures a blind-index lookup with decryption.
func BenchmarkFindByIDNumber(b *testing.B) {
	e := testkit.NewEnv(b)
	ctx := context.Background()
	if _, _, err := e.Identity.Register(ctx, identity.Registration{Name: "张三", IDNumber: "11010519491231002X", Phone: "13900000101",
		RegionCode: "620825101", Password: pw, PasswordConfirm: pw}, identity.SessionWeb); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := e.Store.FindPersonByIDNumber(ctx, "11010519491231002X"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPasswordHashDefault measures the production argon2id cost of one sign-in.
func BenchmarkPasswordHashDefault(b *testing.B) {
	for b.Loop() {
		if _, err := password.Hash(password.Default, pw); err != nil {
			b.Fatal(err)
		}
	}
}
