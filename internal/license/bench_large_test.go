package license_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/tongban/tongban/internal/license"
	"github.com/transparency-dev/merkle/compact"
	"github.com/transparency-dev/merkle/rfc6962"
)

// fillLog writes a log of n synthetic entries straight through the store
// (complete-subtree nodes and the head), the way n appends would leave it,
// without paying for n issuances.
func fillLog(tb testing.TB, f fixture, n uint64) {
	tb.Helper()
	ctx := context.Background()
	h := rfc6962.DefaultHasher
	r := (&compact.RangeFactory{Hash: h.HashChildren}).NewEmptyRange(0)
	var nodes []license.LogNode
	for i := range n {
		err := r.Append(h.HashLeaf(fmt.Appendf(nil, `{"kind":"use","n":%d}`, i)), func(id compact.NodeID, hash []byte) {
			nodes = append(nodes, license.LogNode{Level: id.Level, Index: id.Index, Hash: hash})
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	root, err := r.GetRootHash(nil)
	if err != nil {
		tb.Fatal(err)
	}
	err = f.env.DB.InTx(ctx, func(ctx context.Context) error {
		for len(nodes) > 0 {
			k := min(len(nodes), 1000)
			if err := f.env.Store.InsertLogNodes(ctx, nodes[:k]); err != nil {
				return err
			}
			nodes = nodes[k:]
		}
		_, err := f.env.DB.W(ctx).ExecContext(ctx, `UPDATE license_log_head SET size = $1, root_hash = $2 WHERE id = 1`, int64(n), root)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkVerifyLargeLog is BenchmarkVerify with the licence at the end of
// a log of 2^17 entries: proofs read O(log n) nodes, so it costs about what
// verification in a small log costs.
func BenchmarkVerifyLargeLog(b *testing.B) {
	f := setup(b)
	fillLog(b, f, 1<<17)
	l := f.issueBusiness(b)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		v, err := f.m.Verify(ctx, l.Identifier)
		if err != nil || !v.Valid || v.TreeSize != 1<<17+1 {
			b.Fatalf("%+v %v", v, err)
		}
	}
}

// BenchmarkIssue is one issuance: seal signature, JWS, storage and the log
// append, in its own transaction.
func BenchmarkIssue(b *testing.B) {
	f := setup(b)
	f.issueBusiness(b)
	b.ResetTimer()
	for b.Loop() {
		f.issueBusiness(b)
	}
}

// TestLargeLogProofs checks proofs in a log of 2^14+3 entries built through
// the store, then extended by real issuances.
func TestLargeLogProofs(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds a large log")
	}
	f := setup(t)
	fillLog(t, f, 1<<14+3)
	ctx := context.Background()
	_, before, _ := f.m.LogRoot(ctx)
	l := f.issueBusiness(t)
	f.issueBusiness(t)
	size, root, err := f.m.LogRoot(ctx)
	if err != nil || size != 1<<14+5 {
		t.Fatalf("size %d, %v", size, err)
	}
	p, err := f.m.InclusionProof(ctx, l.Identifier)
	if err != nil || license.VerifyInclusion(p.Entry, p.LogIndex, p.TreeSize, p.Hashes, root) != nil {
		t.Fatalf("inclusion of leaf %d in %d: %v", p.LogIndex, size, err)
	}
	path, err := f.m.ConsistencyProof(ctx, 1<<14+3, size)
	if err != nil || license.VerifyConsistency(1<<14+3, size, path, before, root) != nil {
		t.Fatalf("consistency: %v", err)
	}
}
