package catalog

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/audit"
	"github.com/tongban/tongban/internal/platform/principal"
)

// Manager is the catalog's use cases.
type Manager struct {
	tx    Tx
	store Store
	depts Departments
	audit audit.Writer
	now   func() time.Time
	// validCreditCode is the identity module's GB 32100 check, for code shapes.
	validCreditCode func(string) bool
}

// NewManager wires a Manager.
func NewManager(tx Tx, store Store, depts Departments, aw audit.Writer, now func() time.Time, validCreditCode func(string) bool) *Manager {
	return &Manager{tx: tx, store: store, depts: depts, audit: aw, now: now, validCreditCode: validCreditCode}
}

// Codes returns the effective code tables: the defaults with the install's own.
func (m *Manager) Codes(ctx context.Context) (CodeTables, error) {
	own, err := m.store.ListCodes(ctx)
	if err != nil {
		return nil, err
	}
	return DefaultCodes().Merge(own), nil
}

// settings returns the rule settings that apply in a region: the nearest
// region's setting wins (a county may relax or tighten its city's choice).
func (m *Manager) settings(ctx context.Context, regionCode string) (map[string]RuleSetting, error) {
	all, err := m.store.ListRuleSettings(ctx, regionCode)
	if err != nil {
		return nil, err
	}
	out := map[string]RuleSetting{}
	for _, s := range all { // ordered by region code length, ancestors first
		if strings.HasPrefix(regionCode, s.RegionCode) {
			out[s.Rule] = s
		}
	}
	return out, nil
}

// Check runs the quality rules of the item's region on elements.
func (m *Manager) Check(ctx context.Context, regionCode string, e Elements) ([]Finding, error) {
	codes, err := m.Codes(ctx)
	if err != nil {
		return nil, err
	}
	settings, err := m.settings(ctx, regionCode)
	if err != nil {
		return nil, err
	}
	e.normalize()
	return Check(e, CheckEnv{Codes: codes, ValidCreditCode: m.validCreditCode}, settings), nil
}

// SetRule enables, disables or changes the blocking flag of a rule for a region.
func (m *Manager) SetRule(ctx context.Context, s RuleSetting) error {
	if _, err := principal.Authorize(ctx, principal.ReviewItems, principal.Scope{RegionCode: s.RegionCode}); err != nil {
		return err
	}
	known := false
	for _, r := range Rules() {
		known = known || r.ID == s.Rule
	}
	if !known {
		return apperr.Field("rule", "form.choice")
	}
	return m.store.SaveRuleSetting(ctx, s)
}

// RuleSettings returns every rule with the setting that applies in a region.
func (m *Manager) RuleSettings(ctx context.Context, regionCode string) ([]RuleSetting, error) {
	if _, err := principal.Authorize(ctx, principal.ViewItems, principal.Scope{RegionCode: regionCode}); err != nil {
		return nil, err
	}
	own, err := m.settings(ctx, regionCode)
	if err != nil {
		return nil, err
	}
	var out []RuleSetting
	for _, r := range Rules() {
		s, ok := own[r.ID]
		if !ok {
			s = RuleSetting{RegionCode: regionCode, Rule: r.ID, Enabled: true, Blocking: r.Blocking}
		}
		out = append(out, s)
	}
	return out, nil
}

// IssueEntry issues a basic catalog entry for the regions below the issuer.
func (m *Manager) IssueEntry(ctx context.Context, e Entry) (Entry, error) {
	e.Name, e.Code = strings.TrimSpace(e.Name), strings.TrimSpace(e.Code)
	if _, err := principal.Authorize(ctx, principal.ReviewItems, principal.Scope{RegionCode: e.IssuedRegion}); err != nil {
		return e, err
	}
	var fs []apperr.FieldError
	if e.Name == "" {
		fs = append(fs, apperr.FieldError{Field: "name", Key: "form.required"})
	}
	if e.Code != "" && !allDigits(e.Code, 12) {
		fs = append(fs, apperr.FieldError{Field: "code", Key: "catalog.entry.code"})
	}
	codes, err := m.Codes(ctx)
	if err != nil {
		return e, err
	}
	if !codes.Has(TableItemType, e.ItemType) {
		fs = append(fs, apperr.FieldError{Field: "item_type", Key: "form.choice"})
	}
	if err := apperr.Fields(fs); err != nil {
		return e, err
	}
	e.CreatedAt = m.now()
	return e, m.store.InsertEntry(ctx, &e)
}

// Entries lists the basic entries visible in the principal's region, with
// which departments there have claimed each.
func (m *Manager) Entries(ctx context.Context, f EntryFilter) ([]EntryView, error) {
	p, err := principal.AuthorizeOwn(ctx, principal.ViewItems)
	if err != nil {
		return nil, err
	}
	if f.VisibleIn == "" {
		f.VisibleIn = p.Scope.RegionCode
	}
	if _, err := principal.Authorize(ctx, principal.ViewItems, principal.Scope{RegionCode: f.VisibleIn}); err != nil {
		return nil, err
	}
	es, err := m.store.ListEntries(ctx, f)
	if err != nil {
		return nil, err
	}
	claims, err := m.store.ClaimedEntries(ctx, f.VisibleIn)
	if err != nil {
		return nil, err
	}
	out := make([]EntryView, len(es))
	for i, e := range es {
		out[i] = EntryView{Entry: e, ClaimedBy: claims[e.ID]}
	}
	return out, nil
}

// EntryView is a basic entry with the departments that claimed it.
type EntryView struct {
	Entry
	ClaimedBy []int64
}

// Claim creates a department's implementation item from a basic entry (认领),
// with the entry's basic elements filled in.
func (m *Manager) Claim(ctx context.Context, entryID, departmentID int64) (Item, error) {
	d, err := m.depts.DepartmentInfo(ctx, departmentID)
	if err != nil {
		return Item{}, err
	}
	p, err := principal.Authorize(ctx, principal.CompileItems, principal.Scope{RegionCode: d.RegionCode, DepartmentID: d.ID})
	if err != nil {
		return Item{}, err
	}
	var it Item
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		e, err := m.store.GetEntry(ctx, entryID)
		if err != nil {
			return err
		}
		if e.Cancelled || !strings.HasPrefix(d.RegionCode, e.IssuedRegion) {
			return apperr.New(apperr.Invalid, "catalog.entry.not_claimable")
		}
		claims, err := m.store.ClaimedEntries(ctx, d.RegionCode)
		if err != nil {
			return err
		}
		for _, dep := range claims[e.ID] {
			if dep == d.ID {
				return apperr.New(apperr.Conflict, "catalog.entry.claimed")
			}
		}
		now := m.now()
		it = Item{
			Slug: fmt.Sprintf("%s-%d-%d", d.Slug, e.ID, now.UnixNano()%100000), EntryID: e.ID, RegionCode: d.RegionCode, DepartmentID: d.ID,
			Draft:       Elements{Name: e.Name, ItemType: e.ItemType, CatalogCode: e.Code, LegalBasis: e.LegalBasis, UseLevel: e.UseLevel},
			DraftStatus: DraftEditing, State: StateUnpublished, CreatedAt: now, UpdatedAt: now,
		}
		if err := m.store.InsertItem(ctx, &it); err != nil {
			return err
		}
		return m.trail(ctx, p, it.ID, ActionClaim, e.Name)
	})
	return it, err
}

func (m *Manager) trail(ctx context.Context, p principal.Principal, itemID int64, action, comment string) error {
	return m.store.AppendReview(ctx, Review{ItemID: itemID, Action: action, Comment: comment, Actor: p.Name, At: m.now()})
}

// loadForCompile loads an item the principal may compile.
func (m *Manager) loadForCompile(ctx context.Context, id int64) (Item, principal.Principal, error) {
	it, err := m.store.GetItem(ctx, id)
	if err != nil {
		return it, principal.Principal{}, err
	}
	p, err := principal.Authorize(ctx, principal.CompileItems, it.Scope())
	return it, p, err
}

// SaveDraft stores the department's working copy and returns the quality
// findings. Saving does not disturb the published version; a draft under review
// cannot be edited until it is returned.
func (m *Manager) SaveDraft(ctx context.Context, id int64, e Elements) (Item, []Finding, error) {
	e.normalize()
	var it Item
	var fs []Finding
	err := m.tx.InTx(ctx, func(ctx context.Context) error {
		var p principal.Principal
		var err error
		if it, p, err = m.loadForCompile(ctx, id); err != nil {
			return err
		}
		if it.DraftStatus == DraftSubmitted {
			return apperr.New(apperr.Conflict, "catalog.draft.under_review")
		}
		if it.State == StateCancelled {
			return apperr.New(apperr.Conflict, "catalog.item.cancelled")
		}
		if fs, err = m.Check(ctx, it.RegionCode, e); err != nil {
			return err
		}
		it.Draft, it.DraftStatus, it.UpdatedAt = e, DraftEditing, m.now()
		if err := m.store.UpdateItem(ctx, it); err != nil {
			return err
		}
		return m.trail(ctx, p, it.ID, ActionSave, "")
	})
	return it, fs, err
}

// Submit sends the draft to the region's item administrator. A draft with
// blocking findings cannot be submitted; the findings come back as the error's
// detail through Findings.
func (m *Manager) Submit(ctx context.Context, id int64) (Item, []Finding, error) {
	var it Item
	var fs []Finding
	err := m.tx.InTx(ctx, func(ctx context.Context) error {
		var p principal.Principal
		var err error
		if it, p, err = m.loadForCompile(ctx, id); err != nil {
			return err
		}
		if it.DraftStatus != DraftEditing && it.DraftStatus != DraftReturned {
			return apperr.New(apperr.Conflict, "catalog.draft.nothing_to_submit")
		}
		if fs, err = m.Check(ctx, it.RegionCode, it.Draft); err != nil {
			return err
		}
		if Blocking(fs) {
			return apperr.New(apperr.Invalid, "catalog.draft.blocking")
		}
		it.DraftStatus, it.UpdatedAt = DraftSubmitted, m.now()
		if err := m.store.UpdateItem(ctx, it); err != nil {
			return err
		}
		return m.trail(ctx, p, it.ID, ActionSubmit, "")
	})
	return it, fs, err
}

// loadForReview loads a submitted item the principal may review.
func (m *Manager) loadForReview(ctx context.Context, id int64) (Item, principal.Principal, error) {
	it, err := m.store.GetItem(ctx, id)
	if err != nil {
		return it, principal.Principal{}, err
	}
	p, err := principal.Authorize(ctx, principal.ReviewItems, principal.Scope{RegionCode: it.RegionCode})
	return it, p, err
}

// Return sends a submitted draft back to the department with comments.
func (m *Manager) Return(ctx context.Context, id int64, comment string) (Item, error) {
	comment = strings.TrimSpace(comment)
	if comment == "" {
		return Item{}, apperr.Field("comment", "catalog.review.comment_required")
	}
	var it Item
	err := m.tx.InTx(ctx, func(ctx context.Context) error {
		var p principal.Principal
		var err error
		if it, p, err = m.loadForReview(ctx, id); err != nil {
			return err
		}
		if it.DraftStatus != DraftSubmitted {
			return apperr.New(apperr.Conflict, "catalog.review.not_submitted")
		}
		it.DraftStatus, it.ReviewComment, it.UpdatedAt = DraftReturned, comment, m.now()
		if err := m.store.UpdateItem(ctx, it); err != nil {
			return err
		}
		return m.trail(ctx, p, it.ID, ActionReturn, comment)
	})
	return it, err
}

// Approve publishes a submitted draft as a new immutable version, on every
// channel at once: guides, the API and search read published versions only.
func (m *Manager) Approve(ctx context.Context, id int64) (Published, error) {
	var pub Published
	err := m.tx.InTx(ctx, func(ctx context.Context) error {
		it, p, err := m.loadForReview(ctx, id)
		if err != nil {
			return err
		}
		if it.DraftStatus != DraftSubmitted {
			return apperr.New(apperr.Conflict, "catalog.review.not_submitted")
		}
		fs, err := m.Check(ctx, it.RegionCode, it.Draft)
		if err != nil {
			return err
		}
		if Blocking(fs) {
			return apperr.New(apperr.Invalid, "catalog.draft.blocking")
		}
		pub, err = m.publish(ctx, it, p.Name)
		if err != nil {
			return err
		}
		return m.trail(ctx, p, it.ID, ActionApprove, fmt.Sprintf("v%d", pub.Version.Version))
	})
	return pub, err
}

func (m *Manager) publish(ctx context.Context, it Item, by string) (Published, error) {
	now := m.now()
	v := Version{ItemID: it.ID, Version: it.PublishedVersion + 1, Elements: it.Draft, PublishedAt: now, PublishedBy: by}
	if err := m.store.InsertVersion(ctx, v); err != nil {
		return Published{}, err
	}
	it.PublishedVersion, it.DraftStatus, it.ReviewComment, it.UpdatedAt = v.Version, DraftNone, "", now
	if it.State == StateUnpublished {
		it.State = StateActive
	}
	if err := m.store.UpdateItem(ctx, it); err != nil {
		return Published{}, err
	}
	if err := m.store.AppendChange(ctx, it.ID, now); err != nil {
		return Published{}, err
	}
	return Published{Item: it, Version: v}, nil
}

// InstallPublished creates a published item directly, for the demo install and
// for imports of an already-approved catalog. It checks the elements but does not
// authorize: it is an install step.
func (m *Manager) InstallPublished(ctx context.Context, slug string, entryID, departmentID int64, e Elements) (Published, error) {
	d, err := m.depts.DepartmentInfo(ctx, departmentID)
	if err != nil {
		return Published{}, err
	}
	e.normalize()
	var pub Published
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		fs, err := m.Check(ctx, d.RegionCode, e)
		if err != nil {
			return err
		}
		if Blocking(fs) {
			return fmt.Errorf("item %s has blocking findings: %v", slug, fs)
		}
		now := m.now()
		it := Item{Slug: slug, EntryID: entryID, RegionCode: d.RegionCode, DepartmentID: d.ID, Draft: e, State: StateUnpublished, CreatedAt: now, UpdatedAt: now}
		if err := m.store.InsertItem(ctx, &it); err != nil {
			return err
		}
		pub, err = m.publish(ctx, it, "install")
		return err
	})
	return pub, err
}

// ChangeState suspends (暂停), cancels (取消) or resumes a published item with a
// reason and dates. A cancelled item disappears from every channel; a suspended
// one stays visible with a notice and cannot be applied for.
func (m *Manager) ChangeState(ctx context.Context, id int64, state, reason string, from, until time.Time) (Item, error) {
	reason = strings.TrimSpace(reason)
	var it Item
	err := m.tx.InTx(ctx, func(ctx context.Context) error {
		var p principal.Principal
		var err error
		if it, err = m.store.GetItem(ctx, id); err != nil {
			return err
		}
		if p, err = principal.Authorize(ctx, principal.ReviewItems, principal.Scope{RegionCode: it.RegionCode}); err != nil {
			return err
		}
		if it.PublishedVersion == 0 || it.State == StateCancelled {
			return apperr.New(apperr.Conflict, "catalog.state.not_allowed")
		}
		action := ActionResume
		switch state {
		case StateSuspended:
			action = ActionSuspend
		case StateCancelled:
			action = ActionCancel
		case StateActive:
		default:
			return apperr.Field("state", "form.choice")
		}
		if state != StateActive && reason == "" {
			return apperr.Field("reason", "catalog.state.reason_required")
		}
		if from.IsZero() {
			from = m.now()
		}
		if !until.IsZero() && until.Before(from) {
			return apperr.Field("until", "catalog.state.until_before_from")
		}
		it.State, it.StateReason, it.StateFrom, it.StateUntil, it.UpdatedAt = state, reason, from, until, m.now()
		if state == StateActive {
			it.StateReason, it.StateFrom, it.StateUntil = "", time.Time{}, time.Time{}
		}
		if err := m.store.UpdateItem(ctx, it); err != nil {
			return err
		}
		if err := m.store.AppendChange(ctx, it.ID, m.now()); err != nil {
			return err
		}
		return m.trail(ctx, p, it.ID, action, reason)
	})
	return it, err
}

// Item returns an item with its draft, for staff.
func (m *Manager) Item(ctx context.Context, id int64) (Item, error) {
	it, err := m.store.GetItem(ctx, id)
	if err != nil {
		return it, err
	}
	if _, err := principal.Authorize(ctx, principal.ViewItems, it.Scope()); err != nil {
		return Item{}, err
	}
	return it, nil
}

// Items lists items for staff within their scope.
func (m *Manager) Items(ctx context.Context, f ItemFilter) ([]Item, int, error) {
	p, err := principal.AuthorizeOwn(ctx, principal.ViewItems)
	if err != nil {
		return nil, 0, err
	}
	if f.RegionPrefix == "" {
		f.RegionPrefix = p.Scope.RegionCode
	}
	if f.DepartmentID == 0 {
		f.DepartmentID = p.Scope.DepartmentID
	}
	if _, err := principal.Authorize(ctx, principal.ViewItems, principal.Scope{RegionCode: f.RegionPrefix, DepartmentID: f.DepartmentID}); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	return m.store.ListItems(ctx, f)
}

// Reviews returns an item's lifecycle trail.
func (m *Manager) Reviews(ctx context.Context, id int64) ([]Review, error) {
	if _, err := m.Item(ctx, id); err != nil {
		return nil, err
	}
	return m.store.ListReviews(ctx, id)
}

// Versions lists an item's published versions (public: guides are public).
func (m *Manager) Versions(ctx context.Context, id int64) ([]Version, error) {
	return m.store.ListVersions(ctx, id)
}

// DiffVersions compares two published versions of an item; version 0 stands for
// the current draft, which only staff may see.
func (m *Manager) DiffVersions(ctx context.Context, id int64, from, to int) ([]DiffLine, error) {
	load := func(v int) (Elements, error) {
		if v == 0 {
			it, err := m.Item(ctx, id)
			return it.Draft, err
		}
		ver, err := m.store.GetVersion(ctx, id, v)
		return ver.Elements, err
	}
	a, err := load(from)
	if err != nil {
		return nil, err
	}
	b, err := load(to)
	if err != nil {
		return nil, err
	}
	return Diff(a, b), nil
}

// Published returns the public face of an item: its current published version.
// Cancelled and never-published items are not found.
func (m *Manager) Published(ctx context.Context, id int64) (Published, error) {
	it, err := m.store.GetItem(ctx, id)
	if err != nil {
		return Published{}, err
	}
	return m.published(ctx, it)
}

// PublishedBySlug is Published by the item's slug.
func (m *Manager) PublishedBySlug(ctx context.Context, slug string) (Published, error) {
	it, err := m.store.GetItemBySlug(ctx, slug)
	if err != nil {
		return Published{}, err
	}
	return m.published(ctx, it)
}

func (m *Manager) published(ctx context.Context, it Item) (Published, error) {
	if !it.Public() {
		return Published{}, apperr.NotFoundf("item")
	}
	v, err := m.store.GetVersion(ctx, it.ID, it.PublishedVersion)
	if err != nil {
		return Published{}, err
	}
	return Published{Item: it, Version: v}, nil
}

// PublicItems lists published items for citizens: by region, department, topic
// or life event.
func (m *Manager) PublicItems(ctx context.Context, f ItemFilter) ([]Published, int, error) {
	f.PublicOnly = true
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 200
	}
	return m.store.ListPublished(ctx, f)
}

// ChangesSince returns the change feed after seq, for the search index.
func (m *Manager) ChangesSince(ctx context.Context, seq int64, limit int) ([]Change, error) {
	return m.store.ChangesSince(ctx, seq, limit)
}

// InstallEntry issues a basic entry during install, without a principal.
func (m *Manager) InstallEntry(ctx context.Context, e Entry) (Entry, error) {
	e.CreatedAt = m.now()
	return e, m.store.InsertEntry(ctx, &e)
}
