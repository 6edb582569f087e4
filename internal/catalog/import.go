package catalog

import (
	"context"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
)

// ImportRow is one item of a bulk import (a spreadsheet row): the item's slug
// and the complete element set its draft should have.
type ImportRow struct {
	Slug     string
	Elements Elements
}

// ImportError is why one row of an import was refused: the row's index in the
// rows passed to ImportDrafts, its slug, and a message key with arguments.
type ImportError struct {
	Row  int
	Slug string
	Key  string
	Args []any
}

// ImportResult counts what an import did. When any row is refused, nothing is
// written and Errors lists every refused row.
type ImportResult struct {
	Updated   int
	Unchanged int
	Slugs     []string // the items whose drafts were replaced
	Errors    []ImportError
}

// ImportDrafts replaces the drafts of existing items from a bulk edit, all or
// nothing, in one transaction. Every row must name an item the principal may
// compile; a row whose elements equal the current draft is counted and left
// alone; a changed row may not touch a draft under review or a cancelled item.
// New items come from claiming basic entries, never from an import, so an
// unknown slug is refused. If any row is refused, every refusal comes back in
// the result with an Invalid error and nothing is written.
func (m *Manager) ImportDrafts(ctx context.Context, rows []ImportRow) (ImportResult, error) {
	p, err := principal.AuthorizeOwn(ctx, principal.CompileItems)
	if err != nil {
		return ImportResult{}, err
	}
	if len(rows) == 0 {
		return ImportResult{}, apperr.New(apperr.Invalid, "catalog.import.empty")
	}
	var res ImportResult
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		changed, errs, err := m.checkImport(ctx, p, rows)
		if err != nil {
			return err
		}
		if len(errs) > 0 {
			res.Errors = errs
			return apperr.New(apperr.Invalid, "catalog.import.rejected", len(errs))
		}
		now := m.now()
		for _, it := range changed {
			it.DraftStatus, it.UpdatedAt = DraftEditing, now
			if err := m.store.UpdateItem(ctx, it); err != nil {
				return err
			}
			if err := m.trail(ctx, p, it.ID, ActionImport, ""); err != nil {
				return err
			}
			res.Slugs = append(res.Slugs, it.Slug)
		}
		res.Updated, res.Unchanged = len(changed), len(rows)-len(changed)
		return nil
	})
	if err != nil {
		return ImportResult{Errors: res.Errors}, err
	}
	return res, nil
}

// checkImport loads every row's item and decides, without writing, which items
// change and which rows are refused. The returned items carry their new drafts.
func (m *Manager) checkImport(ctx context.Context, p principal.Principal, rows []ImportRow) ([]Item, []ImportError, error) {
	var changed []Item
	var errs []ImportError
	seen := map[string]bool{}
	refuse := func(i int, key string, args ...any) {
		errs = append(errs, ImportError{Row: i, Slug: rows[i].Slug, Key: key, Args: args})
	}
	for i, r := range rows {
		if seen[r.Slug] {
			refuse(i, "catalog.import.duplicate", r.Slug)
			continue
		}
		seen[r.Slug] = true
		it, err := m.store.GetItemBySlug(ctx, r.Slug)
		if apperr.KindOf(err) == apperr.NotFound {
			refuse(i, "catalog.import.unknown_item", r.Slug)
			continue
		} else if err != nil {
			return nil, nil, err
		}
		if !p.Can(principal.CompileItems, it.Scope()) {
			refuse(i, "catalog.import.forbidden", r.Slug)
			continue
		}
		e := r.Elements
		e.normalize()
		if SameElements(it.Draft, e) {
			continue
		}
		switch {
		case it.DraftStatus == DraftSubmitted:
			refuse(i, "catalog.draft.under_review")
			continue
		case it.State == StateCancelled:
			refuse(i, "catalog.item.cancelled")
			continue
		}
		it.Draft = e
		changed = append(changed, it)
	}
	return changed, errs, nil
}

// SameElements reports whether two element sets say the same thing once
// normalized: an empty list and a missing one, or "" and an absent text, are
// equal, so a round trip through a spreadsheet is not mistaken for an edit.
func SameElements(a, b Elements) bool {
	a, b = clone(a), clone(b)
	a.normalize()
	b.normalize()
	return len(Diff(a, b)) == 0
}

// clone copies the slices normalize rewrites in place, so comparing never
// changes the caller's values.
func clone(e Elements) Elements {
	e.LegalBasis = append([]string(nil), e.LegalBasis...)
	e.Keywords = append([]string(nil), e.Keywords...)
	e.Topics = append([]string(nil), e.Topics...)
	e.LifeEvents = append([]string(nil), e.LifeEvents...)
	e.OnlineDepth = append([]int(nil), e.OnlineDepth...)
	e.ServiceObjects = append([]int(nil), e.ServiceObjects...)
	e.Materials = append([]Material(nil), e.Materials...)
	return e
}

// ExportDrafts returns the current drafts of the items the principal may
// compile under f — a department's, or for an item administrator the whole
// region's — for a spreadsheet export. Cancelled items are left out: they can
// no longer be edited.
func (m *Manager) ExportDrafts(ctx context.Context, f ItemFilter) ([]Item, error) {
	p, err := principal.AuthorizeOwn(ctx, principal.CompileItems)
	if err != nil {
		return nil, err
	}
	if f.RegionPrefix == "" {
		f.RegionPrefix = p.Scope.RegionCode
	}
	if f.DepartmentID == 0 {
		f.DepartmentID = p.Scope.DepartmentID
	}
	if _, err := principal.Authorize(ctx, principal.CompileItems, principal.Scope{RegionCode: f.RegionPrefix, DepartmentID: f.DepartmentID}); err != nil {
		return nil, err
	}
	var out []Item
	f.Limit, f.Offset = 500, 0
	for {
		page, total, err := m.store.ListItems(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, it := range page {
			if it.State != StateCancelled {
				out = append(out, it)
			}
		}
		f.Offset += len(page)
		if len(page) == 0 || f.Offset >= total {
			return out, nil
		}
	}
}
