package sqldb_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tongban/tongban/internal/sqldb"
	"github.com/tongban/tongban/internal/testkit"
)

func TestTimeRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testkit.NewDB(t)
	shanghai := time.FixedZone("CST", 8*3600)
	in := time.Date(2026, 2, 12, 9, 30, 15, 123456789, shanghai)
	if _, err := db.W(ctx).ExecContext(ctx, `INSERT INTO regions (code, name, level, created_at) VALUES ($1, $2, $3, $4)`, "62", "甘肃省", 1, sqldb.T(in)); err != nil {
		t.Fatal(err)
	}
	var out sqldb.Time
	if err := db.Q(ctx).QueryRowContext(ctx, `SELECT created_at FROM regions WHERE code = $1`, "62").Scan(&out); err != nil {
		t.Fatal(err)
	}
	want := in.UTC().Truncate(time.Microsecond)
	if !out.Equal(want) || out.Location() != time.UTC {
		t.Fatalf("round trip: got %v, want %v (UTC, microseconds)", out.Time, want)
	}
	// Ordering by a timestamp column must be chronological on both engines.
	later := in.Add(90 * time.Minute)
	if _, err := db.W(ctx).ExecContext(ctx, `INSERT INTO regions (code, name, level, created_at) VALUES ($1, $2, $3, $4)`, "63", "青海省", 1, sqldb.T(later)); err != nil {
		t.Fatal(err)
	}
	var first string
	if err := db.Q(ctx).QueryRowContext(ctx, `SELECT code FROM regions WHERE created_at > $1 ORDER BY created_at LIMIT 1`, sqldb.T(in)).Scan(&first); err != nil {
		t.Fatal(err)
	}
	if first != "63" {
		t.Fatalf("comparison on time column found %q, want 63", first)
	}
}

func TestNullTime(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testkit.NewDB(t)
	var nt sqldb.NullTime
	if err := db.Q(ctx).QueryRowContext(ctx, `SELECT NULL`).Scan(&nt); err != nil || nt.Valid {
		t.Fatalf("NULL scanned as %+v, %v", nt, err)
	}
	if v, _ := sqldb.NT(time.Time{}).Value(); v != nil {
		t.Fatalf("zero time stored as %v, want NULL", v)
	}
}

func TestUniqueViolationIsMappedByCode(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testkit.NewDB(t)
	insert := func() error {
		_, err := db.W(ctx).ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)`, "home_region", "620825")
		return err
	}
	if err := insert(); err != nil {
		t.Fatal(err)
	}
	err := insert()
	if err == nil || !sqldb.IsUnique(err) {
		t.Fatalf("second insert: %v; want a unique violation", err)
	}
	if sqldb.IsUnique(errors.New("UNIQUE constraint failed")) {
		t.Fatal("IsUnique matched on message text")
	}
	_, err = db.W(ctx).ExecContext(ctx, `INSERT INTO departments (slug, name, short_name, kind, region_code, created_at) VALUES ('x', 'x', 'x', 'x', 'nowhere', '2026-01-01T00:00:00.000000Z')`)
	if !sqldb.IsForeignKey(err) {
		t.Fatalf("insert with a dangling reference: %v; want a foreign-key violation", err)
	}
}

func TestInTxRollsBackOnError(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testkit.NewDB(t)
	boom := errors.New("boom")
	err := db.InTx(ctx, func(ctx context.Context) error {
		if !sqldb.InTransaction(ctx) {
			t.Error("context carries no transaction")
		}
		if _, err := db.W(ctx).ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('a', 'b')`); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("InTx = %v, want boom", err)
	}
	var n int
	if err := db.Q(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM settings`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("after rollback: %d rows, %v", n, err)
	}
}
