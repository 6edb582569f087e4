package migrations_test

import (
	"context"
	"errors"
	"testing"

	"github.com/tongban/tongban/internal/migrations"
	"github.com/tongban/tongban/internal/testkit"
)

func TestApplyFromEmptyThenIdempotent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testkit.NewEmptyDB(t)
	applied, err := migrations.Apply(ctx, db.DB)
	if err != nil {
		t.Fatalf("apply: %v", err)
	}
	if len(applied) != migrations.Latest() {
		t.Fatalf("applied %v, want all %d", applied, migrations.Latest())
	}
	again, err := migrations.Apply(ctx, db.DB)
	if err != nil || len(again) != 0 {
		t.Fatalf("second apply = %v, %v; want nothing applied", again, err)
	}
	if pending, err := migrations.Check(ctx, db.DB); err != nil || pending {
		t.Fatalf("Check = %v, %v; want up to date", pending, err)
	}
}

func TestRefusesNewerSchema(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testkit.NewDB(t)
	future := migrations.Latest() + 1
	if _, err := db.W(ctx).ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, 'from-the-future', '2030-01-01')`, future); err != nil {
		t.Fatal(err)
	}
	_, err := migrations.Check(ctx, db.DB)
	var tooNew migrations.ErrSchemaTooNew
	if !errors.As(err, &tooNew) || tooNew.Database != future {
		t.Fatalf("Check = %v, want ErrSchemaTooNew{%d}", err, future)
	}
	if _, err := migrations.Apply(ctx, db.DB); !errors.As(err, &tooNew) {
		t.Fatalf("Apply = %v, want ErrSchemaTooNew", err)
	}
}

func TestNumbersAreConsecutive(t *testing.T) {
	t.Parallel()
	ms, err := migrations.All()
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range ms {
		if m.Version != i+1 {
			t.Fatalf("migration %d has version %d", i, m.Version)
		}
	}
}
