package catalogxlsx_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/tongban/tongban/internal/app"
	"github.com/tongban/tongban/internal/catalog"
	"github.com/tongban/tongban/internal/testkit"
)

// TestRoundTrip is the acceptance criterion: the county's whole
// catalog exported, read back and imported changes nothing.
func TestRoundTrip(t *testing.T) {
	t.Parallel()
	a := testkit.DemoApp(t)
	ctx := asItemAdmin()
	items, file := exportAll(t, a, ctx)
	if len(items) != 171 {
		t.Fatalf("exported %d items, want the demo's 171", len(items))
	}
	checkRoundTrip(t, a, ctx, "excelize", items, file)
}

// TestRoundTripLibreOffice opens and saves the export in LibreOffice Calc, as
// a member of staff would, and checks nothing changed on the way.
func TestRoundTripLibreOffice(t *testing.T) {
	t.Parallel()
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc to run this test")
	}
	a := testkit.DemoApp(t)
	ctx := asItemAdmin()
	items, file := exportAll(t, a, ctx)
	dir := t.TempDir()
	in := filepath.Join(dir, "in", "清单.xlsx")
	if err := os.MkdirAll(filepath.Dir(in), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, file, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	// A profile of its own, so parallel runs do not share LibreOffice's lock.
	cctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(cctx, soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--headless", "--convert-to", "xlsx", "--outdir", out, in)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	saved, err := os.ReadFile(filepath.Join(out, "清单.xlsx"))
	if err != nil {
		t.Fatalf("LibreOffice wrote no file: %v", err)
	}
	checkRoundTrip(t, a, ctx, "LibreOffice", items, saved)
}

func checkRoundTrip(t *testing.T, a *app.App, ctx context.Context, what string, items []catalog.Item, file []byte) {
	t.Helper()
	rows, errs := parse(t, a, file)
	if len(errs) > 0 {
		t.Fatalf("%s: the export does not read back cleanly: %+v", what, errs)
	}
	sameDrafts(t, what, items, rows)
	res, err := a.Items.ImportDrafts(ctx, importRows(rows))
	if err != nil {
		t.Fatalf("%s: ImportDrafts: %v (%+v)", what, err, res.Errors)
	}
	if res.Updated != 0 || res.Unchanged != 171 {
		t.Fatalf("%s: %d updated, %d unchanged; want 0 and 171", what, res.Updated, res.Unchanged)
	}
	after, err := a.Items.ExportDrafts(ctx, catalog.ItemFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range items {
		if !reflect.DeepEqual(after[i].Draft, items[i].Draft) || after[i].DraftStatus != items[i].DraftStatus || !after[i].UpdatedAt.Equal(items[i].UpdatedAt) {
			t.Errorf("%s: %s was touched by an import that changed nothing", what, items[i].Slug)
		}
	}
}
