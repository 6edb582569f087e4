package catalogxlsx_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/tongban/tongban/internal/catalog"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/testkit"
)

// TestImportRefusals checks Manager.ImportDrafts row by row: every refusal is
// reported, and one refusal keeps every other row from being written.
func TestImportRefusals(t *testing.T) {
	t.Parallel()
	a := testkit.DemoApp(t)
	ctx := asItemAdmin()
	items, file := exportAll(t, a, ctx)
	rows, errs := parse(t, a, file)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	bySlug := map[string]int{}
	for i, r := range rows {
		bySlug[r.Slug] = i
	}
	// One item goes to review, another is cancelled.
	submitted, cancelled := items[bySlug["ent-register"]], items[bySlug["food-biz-license"]]
	e := submitted.Draft
	e.Hours = "工作日 9:00–17:00"
	if _, _, err := a.Items.SaveDraft(ctx, submitted.ID, e); err != nil {
		t.Fatal(err)
	}
	if _, fs, err := a.Items.Submit(ctx, submitted.ID); err != nil {
		t.Fatalf("submit: %v %+v", err, fs)
	}
	if _, err := a.Items.ChangeState(ctx, cancelled.ID, catalog.StateCancelled, "职能调整", time.Time{}, time.Time{}); err != nil {
		t.Fatal(err)
	}

	in := importRows(rows)
	in[bySlug["ent-register"]].Elements.PromisedDays++     // under review: refused
	in[bySlug["food-biz-license"]].Elements.PromisedDays++ // cancelled: refused
	in[bySlug["ibiz-register"]].Elements.PromisedDays++    // fine, but not written
	in = append(in, catalog.ImportRow{Slug: "no-such-item", Elements: rows[0].Elements}, in[1])
	before, err := a.Items.ExportDrafts(ctx, catalog.ItemFilter{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := a.Items.ImportDrafts(ctx, in)
	if apperr.KindOf(err) != apperr.Invalid {
		t.Fatalf("err %v, want Invalid", err)
	}
	var got []string
	for _, e := range res.Errors {
		got = append(got, e.Slug+" "+e.Key)
	}
	// Every refused row, in the order given (the cancelled item is no longer
	// exported, but an older file may still hold it).
	want := []string{"ent-register catalog.draft.under_review", "food-biz-license catalog.item.cancelled",
		"no-such-item catalog.import.unknown_item", rows[1].Slug + " catalog.import.duplicate"}
	if bySlug["food-biz-license"] < bySlug["ent-register"] {
		want[0], want[1] = want[1], want[0]
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("errors %q, want %q", got, want)
	}
	if res.Updated != 0 || res.Unchanged != 0 {
		t.Errorf("a refused import counts %d updated, %d unchanged", res.Updated, res.Unchanged)
	}
	after, err := a.Items.ExportDrafts(ctx, catalog.ItemFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Error("a refused import wrote something")
	}

	// An unchanged row of an item under review is not an edit: it passes.
	in = importRows(rows)
	in[bySlug["ent-register"]].Elements = e
	in = append(in[:bySlug["food-biz-license"]], in[bySlug["food-biz-license"]+1:]...)
	res, err = a.Items.ImportDrafts(ctx, in)
	if err != nil || res.Updated != 0 || res.Unchanged != len(in) {
		t.Errorf("unchanged file: %+v, %v", res, err)
	}

	// Staff without the right to compile may not import at all.
	clerk := testkit.AsStaff(context.Background(), 9, principal.WindowClerk, "620825101", 0)
	if _, err := a.Items.ImportDrafts(clerk, in); apperr.KindOf(err) != apperr.Forbidden {
		t.Errorf("clerk: %v, want Forbidden", err)
	}
	if _, err := a.Items.ExportDrafts(clerk, catalog.ItemFilter{}); apperr.KindOf(err) != apperr.Forbidden {
		t.Errorf("clerk export: %v, want Forbidden", err)
	}
}
