package catalogxlsx_test

import (
	"bytes"
	"context"
	"reflect"
	"testing"

	"github.com/tongban/tongban/internal/app"
	"github.com/tongban/tongban/internal/catalog"
	"github.com/tongban/tongban/internal/catalogxlsx"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/testkit"
)

// asItemAdmin acts as 庄浪县's item administrator.
func asItemAdmin() context.Context {
	return testkit.AsStaff(context.Background(), 1, principal.ItemAdmin, "620825", 0)
}

// exportAll exports every item of the county and returns the drafts it wrote.
func exportAll(t *testing.T, a *app.App, ctx context.Context) ([]catalog.Item, []byte) {
	t.Helper()
	items, err := a.Items.ExportDrafts(ctx, catalog.ItemFilter{})
	if err != nil {
		t.Fatalf("ExportDrafts: %v", err)
	}
	codes, err := a.Items.Codes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := catalogxlsx.Export(&buf, items, codes); err != nil {
		t.Fatalf("Export: %v", err)
	}
	return items, buf.Bytes()
}

func parse(t *testing.T, a *app.App, file []byte) ([]catalogxlsx.Row, []catalogxlsx.RowError) {
	t.Helper()
	codes, err := a.Items.Codes(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	rows, errs, err := catalogxlsx.Parse(bytes.NewReader(file), codes)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return rows, errs
}

func importRows(rows []catalogxlsx.Row) []catalog.ImportRow {
	out := make([]catalog.ImportRow, len(rows))
	for i, r := range rows {
		out[i] = catalog.ImportRow{Slug: r.Slug, Elements: r.Elements}
	}
	return out
}

// canonical makes nil and empty lists alike, the only difference a workbook
// may introduce, so elements can be compared with reflect.DeepEqual.
func canonical(e catalog.Elements) catalog.Elements {
	strs := func(s []string) []string {
		if len(s) == 0 {
			return nil
		}
		return s
	}
	ints := func(s []int) []int {
		if len(s) == 0 {
			return nil
		}
		return s
	}
	e.ServiceObjects, e.OnlineDepth = ints(e.ServiceObjects), ints(e.OnlineDepth)
	e.LegalBasis, e.Keywords, e.Topics, e.LifeEvents = strs(e.LegalBasis), strs(e.Keywords), strs(e.Topics), strs(e.LifeEvents)
	if len(e.Materials) == 0 {
		e.Materials = nil
	}
	if len(e.Fee.Items) == 0 {
		e.Fee.Items = nil
	}
	if len(e.Process) == 0 {
		e.Process = nil
	}
	if len(e.FAQ) == 0 {
		e.FAQ = nil
	}
	if len(e.SpecialProcedures) == 0 {
		e.SpecialProcedures = nil
	}
	return e
}

// sameDrafts fails unless every row's elements deep-equal the item's draft.
func sameDrafts(t *testing.T, what string, items []catalog.Item, rows []catalogxlsx.Row) {
	t.Helper()
	if len(rows) != len(items) {
		t.Fatalf("%s: %d rows, want %d", what, len(rows), len(items))
	}
	for i, it := range items {
		if rows[i].Slug != it.Slug {
			t.Fatalf("%s: row %d is %s, want %s", what, i, rows[i].Slug, it.Slug)
		}
		if got, want := canonical(rows[i].Elements), canonical(it.Draft); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %s differs after the round trip: %v", what, it.Slug, catalog.Diff(want, got))
		}
	}
}
