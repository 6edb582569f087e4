package search_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/tongban/tongban/internal/app"
	"github.com/tongban/tongban/internal/config"
	"github.com/tongban/tongban/internal/testkit"
)

// demoApp is the real app over a fresh database with the demo county
// installed and the search index caught up with it.
func demoApp(t *testing.T) *app.App {
	t.Helper()
	ctx := context.Background()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.FastPasswordHashing = true
	a, err := app.New(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), app.Options{DB: testkit.NewDB(t).DB})
	if err != nil {
		t.Fatalf("app.New: %v", err)
	}
	t.Cleanup(func() { a.Close() })
	if _, err := a.InstallDemo(ctx); err != nil {
		t.Fatalf("InstallDemo: %v", err)
	}
	if err := a.Search.Sync(ctx); err != nil {
		t.Fatalf("Sync: %v", err)
	}
	return a
}
