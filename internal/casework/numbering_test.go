package casework_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/platform/fieldcrypt"
	"github.com/tongban/tongban/internal/store"
	"github.com/tongban/tongban/internal/testkit"
)

// 200 concurrent allocations give 200 distinct case numbers, on either engine.
func TestCaseNumbersAreUniqueUnderConcurrency(t *testing.T) {
	t.Parallel()
	db := testkit.NewDB(t)
	master, _ := fieldcrypt.GenerateMasterKey()
	keys, _ := fieldcrypt.NewKeys(master)
	shanghai := time.FixedZone("CST", 8*3600)
	n := casework.NewNumberer(store.New(db.DB, keys), shanghai)
	impl := casework.LocalImplCode("620825", 1, 42)
	// 23:30 UTC is the next morning in Shanghai: the number carries the local day.
	at := time.Date(2026, 3, 2, 23, 30, 0, 0, time.UTC)

	const workers = 200
	numbers := make(chan string, workers)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			num, err := n.Next(context.Background(), impl, at)
			if err != nil {
				errs <- err
				return
			}
			numbers <- num
		}()
	}
	wg.Wait()
	close(numbers)
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for num := range numbers {
		if seen[num] {
			t.Fatalf("case number %s issued twice", num)
		}
		seen[num] = true
		if len(num) != casework.CaseNumberLength || !strings.HasPrefix(num, impl+"20260303") {
			t.Fatalf("case number %q has the wrong shape", num)
		}
	}
	if len(seen) != workers {
		t.Fatalf("%d distinct numbers, want %d", len(seen), workers)
	}
	if !seen[impl+"202603030001"] || !seen[impl+"202603030200"] {
		t.Fatal("sequence does not run from 0001 to 0200")
	}
	// A new day starts again at 0001.
	if num, err := n.Next(context.Background(), impl, at.Add(24*time.Hour)); err != nil || !strings.HasSuffix(num, "202603040001") {
		t.Fatalf("next day: %q, %v", num, err)
	}
}
