package license_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"sync"
	"testing"

	"github.com/tongban/tongban/internal/license"
)

// mth is the RFC 6962 Merkle tree hash, written from the RFC's definition,
// independent of the compact ranges the log uses.
func mth(leaves [][]byte) []byte {
	switch len(leaves) {
	case 0:
		s := sha256.Sum256(nil)
		return s[:]
	case 1:
		s := sha256.Sum256(append([]byte{0}, leaves[0]...))
		return s[:]
	}
	k := 1
	for k*2 < len(leaves) {
		k *= 2
	}
	s := sha256.Sum256(append(append([]byte{1}, mth(leaves[:k])...), mth(leaves[k:])...))
	return s[:]
}

// TestLogUnderConcurrency issues licenses from many goroutines at once: every
// issuance gets its own leaf, the root equals the RFC 6962 hash of all
// leaves, every leaf's inclusion proof and a consistency proof from an
// early checkpoint verify.
func TestLogUnderConcurrency(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ctx := context.Background()
	f.issueBusiness(t)
	size1, root1, err := f.m.LogRoot(ctx)
	if err != nil || size1 != 1 {
		t.Fatalf("size %d, %v", size1, err)
	}
	const workers, each = 6, 4
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				_, err := f.m.Issue(ctx, license.IssueRequest{TypeSlug: "business-license", HolderName: fmt.Sprintf("企业%d-%d", w, i),
					HolderCodeType: license.HolderCodeCreditCode, HolderCode: enterprise, HolderOrgID: orgID})
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	size, root, err := f.m.LogRoot(ctx)
	if err != nil || size != 1+workers*each {
		t.Fatalf("log size %d after %d issuances, %v", size, 1+workers*each, err)
	}
	var entries [][]byte
	for i := range size {
		leaf, err := f.env.Store.GetLogLeaf(ctx, i)
		if err != nil {
			t.Fatalf("leaf %d: %v", i, err)
		}
		entries = append(entries, leaf.Entry)
	}
	if got := mth(entries); string(got) != string(root) {
		t.Fatalf("root %x, independent RFC 6962 root %x", root, got)
	}
	w, err := f.m.Wallet(asRep(ctx))
	if err != nil || len(w) != int(size) {
		t.Fatalf("wallet %d licences, %v", len(w), err)
	}
	for _, l := range w {
		p, err := f.m.InclusionProof(ctx, l.Identifier)
		if err != nil {
			t.Fatal(err)
		}
		if err := license.VerifyInclusion(p.Entry, p.LogIndex, p.TreeSize, p.Hashes, root); err != nil {
			t.Errorf("%s (leaf %d): %v", l.Identifier, p.LogIndex, err)
		}
	}
	for _, s1 := range []uint64{size1, 4, size - 1} {
		r1 := mth(entries[:s1])
		path, err := f.m.ConsistencyProof(ctx, s1, size)
		if err != nil {
			t.Fatal(err)
		}
		if err := license.VerifyConsistency(s1, size, path, r1, root); err != nil {
			t.Errorf("consistency %d→%d: %v", s1, size, err)
		}
	}
	if string(root1) != string(mth(entries[:1])) {
		t.Error("the first checkpoint's root is not the hash of the first leaf")
	}
}

func TestCheckpointIsSigned(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ctx := context.Background()
	f.issueBusiness(t)
	cp, err := f.m.Checkpoint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := f.m.Keys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c, err := license.OpenCheckpoint(cp, keys.LogKey)
	if err != nil || c.Size != 1 || c.Origin != license.DefaultOrigin {
		t.Fatalf("checkpoint %q: %+v, %v", cp, c, err)
	}
	forged := []byte(string(cp[:len(license.DefaultOrigin)+1]) + "2" + string(cp[len(license.DefaultOrigin)+2:]))
	if _, err := license.OpenCheckpoint(forged, keys.LogKey); err == nil {
		t.Fatal("a checkpoint with a changed size verifies")
	}
}
