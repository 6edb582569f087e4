package app_test

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"

	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/sqldb"
	"github.com/tongban/tongban/internal/testkit"
)

// The submission benchmarks (docs/benchmarks.md, "Submissions"). Run both in
// one invocation so the ratio compares like with like:
//
//	go test -run '^$' -bench 'Submit|RawDurableInsert' ./internal/app/
//	TONGBAN_TEST_POSTGRES=postgres://… go test -run '^$' -bench 'Submit|RawDurableInsert' ./internal/app/
//
// BenchmarkSubmit is what a citizen's 提交 costs the platform: SaveDraft and
// Submit through the real casework manager of a demo install, in parallel.
// BenchmarkRawDurableInsert is the floor the engine sets for any durable
// write: one single-row INSERT committed, with the same durability settings
// and the same parallelism. The gap between them is the platform's own cost.

// benchParallelism multiplies GOMAXPROCS into the number of goroutines
// RunParallel starts: enough concurrent applicants to queue on the writer.
const benchParallelism = 4

// benchEngines are the database set-ups a run measures: SQLite in both
// synchronous modes (FULL is the default; NORMAL is --sqlite-sync-normal), or
// PostgreSQL with the server's own settings when TONGBAN_TEST_POSTGRES is set.
func benchEngines() []string {
	if testkit.Engine() == sqldb.Postgres {
		return []string{"postgres"}
	}
	return []string{"sqlite-full", "sqlite-normal"}
}

// benchDB opens a fresh database for engine. testkit.NewDB runs SQLite with
// synchronous=NORMAL to keep the test suite fast, so SQLite is opened here
// directly, exactly as the app opens it from its config.
func benchDB(b *testing.B, engine string) testkit.DB {
	b.Helper()
	if engine == "postgres" {
		return testkit.NewDB(b)
	}
	path := filepath.Join(b.TempDir(), "bench.db")
	db, err := sqldb.OpenSQLite(context.Background(), path, sqldb.Options{SyncNormal: engine == "sqlite-normal"})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return testkit.DB{DB: db, DSN: path}
}

// benchItems are demo items open for online application, from several
// departments, so case numbers spread over several daily sequences as real
// traffic does.
var benchItems = []string{"food-biz-license", "ibiz-register", "ent-register", "drug-retail-license", "unemployment-benefit", "minimum-living-allowance"}

func BenchmarkSubmit(b *testing.B) {
	for _, engine := range benchEngines() {
		b.Run("engine="+engine, func(b *testing.B) { benchSubmit(b, engine) })
	}
}

func benchSubmit(b *testing.B, engine string) {
	a := testkit.DemoApp(b, testkit.WithDB(benchDB(b, engine)))
	ctx := context.Background()
	people, _, err := a.Store.ListPeople(ctx, identity.PeopleFilter{RegionPrefix: "620825", Limit: 100})
	if err != nil {
		b.Fatal(err)
	}
	var items []int64
	for _, slug := range benchItems {
		it, err := a.Store.GetItemBySlug(ctx, slug)
		if err != nil {
			b.Fatalf("demo item %s: %v", slug, err)
		}
		items = append(items, it.ID)
	}
	// Each goroutine applies as its own person: a person has one open draft
	// per item, so two goroutines sharing one would resume each other's draft.
	if n := benchParallelism * runtime.GOMAXPROCS(0); n > len(people) {
		b.Fatalf("%d goroutines but only %d demo persons", n, len(people))
	}
	var next atomic.Int64
	b.SetParallelism(benchParallelism)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		p := people[next.Add(1)-1]
		me := testkit.AsPerson(ctx, p.ID, p.Name)
		for i := 0; pb.Next(); i++ {
			d, err := a.Cases.SaveDraft(me, casework.Application{ItemID: items[i%len(items)], Form: testkit.Form("note", "基准测试")})
			if err != nil {
				b.Error(err)
				return
			}
			if _, err := a.Cases.Submit(me, d.ID); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "submits/s")
}

// BenchmarkRawDurableInsert commits single-row INSERTs into a scratch table
// through the same sqldb handle the app writes with (SQLite: the one writer
// connection, BEGIN IMMEDIATE; PostgreSQL: the pool).
func BenchmarkRawDurableInsert(b *testing.B) {
	for _, engine := range benchEngines() {
		b.Run("engine="+engine, func(b *testing.B) { benchRawInsert(b, engine) })
	}
}

func benchRawInsert(b *testing.B, engine string) {
	db := benchDB(b, engine)
	ctx := context.Background()
	ddl := `CREATE TABLE bench_scratch (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)`
	if db.Dialect == sqldb.Postgres {
		ddl = `CREATE TABLE bench_scratch (id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL)`
	}
	if _, err := db.W(ctx).ExecContext(ctx, ddl); err != nil {
		b.Fatal(err)
	}
	var n atomic.Int64
	b.SetParallelism(benchParallelism)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			payload := fmt.Sprintf("row %d", n.Add(1))
			err := db.InTx(ctx, func(ctx context.Context) error {
				_, err := db.W(ctx).ExecContext(ctx, `INSERT INTO bench_scratch (payload) VALUES ($1)`, payload)
				return err
			})
			if err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "commits/s")
}
