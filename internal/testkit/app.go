package testkit

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"testing"

	"github.com/tongban/tongban/internal/app"
	"github.com/tongban/tongban/internal/config"
)

// DemoOption adjusts DemoApp and DemoServer.
type DemoOption func(*demoOptions)

type demoOptions struct {
	log  *slog.Logger
	db   *DB
	sync bool
}

// WithLogger makes the app log to l instead of discarding its logs.
func WithLogger(l *slog.Logger) DemoOption {
	return func(o *demoOptions) { o.log = l }
}

// WithDB runs the app on db instead of a fresh database of its own, for a test
// that needs the database handle too.
func WithDB(db DB) DemoOption {
	return func(o *demoOptions) { o.db = &db }
}

// WithSearchSynced catches the search index up with the demo before returning.
func WithSearchSynced() DemoOption {
	return func(o *demoOptions) { o.sync = true }
}

// DemoApp is the real app over a fresh database with the demo county
// installed. It is closed when the test ends.
func DemoApp(t testing.TB, opts ...DemoOption) *app.App {
	t.Helper()
	var o demoOptions
	for _, opt := range opts {
		opt(&o)
	}
	if o.log == nil {
		o.log = slog.New(slog.DiscardHandler)
	}
	if o.db == nil {
		db := NewDB(t)
		o.db = &db
	}
	ctx := context.Background()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.FastPasswordHashing = true
	a, err := app.New(ctx, cfg, o.log, app.Options{DB: o.db.DB})
	if err != nil {
		t.Fatalf("app.New: %v", err)
	}
	t.Cleanup(func() { a.Close() })
	if _, err := a.InstallDemo(ctx); err != nil {
		t.Fatalf("install demo: %v", err)
	}
	if o.sync {
		if err := a.Search.Sync(ctx); err != nil {
			t.Fatalf("search sync: %v", err)
		}
	}
	return a
}

// DemoServer is DemoApp behind an httptest server, closed when the test ends.
func DemoServer(t testing.TB, opts ...DemoOption) (*app.App, *httptest.Server) {
	t.Helper()
	a := DemoApp(t, opts...)
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	return a, srv
}
