package license_test

import (
	"context"
	"testing"

	"github.com/emmansun/gmsm/sm2"
	"github.com/tongban/tongban/internal/license"
)

// BenchmarkVerify is one full online verification of a license, as the
// public verification page makes it: the license and its seal read from the
// database, both signatures checked, the issuance's inclusion proof built
// from stored nodes and checked against the current root (in a log of 64
// entries).
func BenchmarkVerify(b *testing.B) {
	f := setup(b)
	ctx := context.Background()
	l := f.issueBusiness(b)
	for range 63 {
		f.issueBusiness(b)
	}
	b.ResetTimer()
	for b.Loop() {
		v, err := f.m.Verify(ctx, l.Identifier)
		if err != nil || !v.Valid {
			b.Fatalf("%+v %v", v, err)
		}
	}
}

// BenchmarkVerifyFile is one offline verification of a license file, as
// `tongban verify` makes it.
func BenchmarkVerifyFile(b *testing.B) {
	f := setup(b)
	l := f.issueBusiness(b)
	file, err := f.m.File(asRep(context.Background()), l.ID)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if r := license.VerifyFile(file, nil); !r.Valid {
			b.Fatal(r.Failed())
		}
	}
}

// BenchmarkSM2Verify is the raw SM2-with-SM3 verification of gmsm over a
// license payload, the floor under both benchmarks above.
func BenchmarkSM2Verify(b *testing.B) {
	f := setup(b)
	l := f.issueBusiness(b)
	s, err := f.m.Seal(context.Background(), l.SealID)
	if err != nil {
		b.Fatal(err)
	}
	pub, err := sm2.NewPublicKey(s.PublicKey)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if !sm2.VerifyASN1WithSM2(pub, nil, l.Payload, l.SM2Signature) {
			b.Fatal("signature does not verify")
		}
	}
}
