package casework

import (
	"context"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
)

// BundleApplication is one application for a 一件事 bundle: the scenario
// answers, the items they selected, one merged form and one deduplicated
// materials list. Submitting it opens one case per item, handled in parallel by
// their departments; it concludes when all of them have.
type BundleApplication struct {
	ID         int64
	BundleSlug string
	BundleName string
	PersonID   int64
	OrgID      int64
	Answers    map[string]string
	ItemIDs    []int64
	// Extra are the materials the scenario answers add to the bundle's own.
	Extra       []string
	Form        map[string]string
	Materials   []MaterialCheck
	Submitted   bool
	Concluded   bool
	CreatedAt   time.Time
	UpdatedAt   time.Time
	SubmittedAt time.Time
	ConcludedAt time.Time
}

// BundleStore is the persistence of bundle applications.
type BundleStore interface {
	InsertBundleApplication(ctx context.Context, b *BundleApplication) error
	UpdateBundleApplication(ctx context.Context, b BundleApplication) error
	GetBundleApplication(ctx context.Context, id int64) (BundleApplication, error)
	// FindBundleDraft returns the applicant's unsubmitted application for a
	// bundle, or a NotFound error.
	FindBundleDraft(ctx context.Context, personID, orgID int64, slug string) (BundleApplication, error)
	ListBundleApplications(ctx context.Context, personID, orgID int64) ([]BundleApplication, error)
}

// SaveBundleDraft stores the signed-in person's application for a bundle: the
// answers, the items they selected (the bundle module selects them), the
// merged form and materials. Like single drafts it resumes the open one.
func (m *Manager) SaveBundleDraft(ctx context.Context, d BundleApplication) (BundleApplication, error) {
	p, err := principal.RequirePerson(ctx)
	if err != nil {
		return d, err
	}
	if tooLarge(d.Form) {
		return d, apperr.Field("form", "casework.form.too_large")
	}
	var b BundleApplication
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		b, err = m.store.FindBundleDraft(ctx, p.ID, p.OrgID, d.BundleSlug)
		switch {
		case err == nil:
		case apperr.KindOf(err) == apperr.NotFound:
			b = BundleApplication{PersonID: p.ID, OrgID: p.OrgID, BundleSlug: d.BundleSlug, CreatedAt: m.now()}
		default:
			return err
		}
		b.BundleName, b.Answers, b.ItemIDs, b.Extra, b.Form, b.Materials = d.BundleName, d.Answers, d.ItemIDs, d.Extra, d.Form, d.Materials
		b.UpdatedAt = m.now()
		if b.ID == 0 {
			return m.store.InsertBundleApplication(ctx, &b)
		}
		return m.store.UpdateBundleApplication(ctx, b)
	})
	return b, err
}

// BundleDraft returns the signed-in person's open application for a bundle.
func (m *Manager) BundleDraft(ctx context.Context, slug string) (BundleApplication, error) {
	p, err := principal.RequirePerson(ctx)
	if err != nil {
		return BundleApplication{}, err
	}
	return m.store.FindBundleDraft(ctx, p.ID, p.OrgID, slug)
}

// SubmitBundle submits a bundle application: in one transaction it opens one
// case per selected item, each with the merged form and the materials that
// item asks for, linked to the bundle application. Every required material of
// every item must be there (or be produced by another item of the bundle).
func (m *Manager) SubmitBundle(ctx context.Context, id int64) (BundleApplication, []Case, error) {
	p, err := principal.RequirePerson(ctx)
	if err != nil {
		return BundleApplication{}, nil, err
	}
	var b BundleApplication
	var cases []Case
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		if b, err = m.store.GetBundleApplication(ctx, id); err != nil {
			return err
		}
		if b.PersonID != p.ID || b.OrgID != p.OrgID {
			return apperr.NotFoundf("bundle application")
		}
		if b.Submitted {
			return apperr.New(apperr.Conflict, "casework.application.submitted")
		}
		if len(b.ItemIDs) == 0 {
			return apperr.Field("items", "casework.bundle.no_items")
		}
		items := make([]PublishedItem, len(b.ItemIDs))
		for i, itemID := range b.ItemIDs {
			if items[i], err = m.accepting(ctx, itemID); err != nil {
				return err
			}
		}
		if err := m.checkForm(ctx, items, b.Form); err != nil {
			return err
		}
		if b.Materials, err = m.checkLicenses(ctx, items, b.Materials); err != nil {
			return err
		}
		assignTrust(b.Materials, false)
		merged := MergeMaterials(items, b.Extra)
		var fs []apperr.FieldError
		for i, bm := range merged {
			if bm.Requirement == MaterialRequired && bm.ProducedBy == "" && !providedIn(b.Materials, bm.Name) {
				fs = append(fs, apperr.FieldError{Field: MaterialField(i), Key: "casework.material.missing"})
			}
		}
		if len(fs) > 0 {
			return apperr.Fields(fs)
		}
		now := m.now()
		b.Submitted, b.SubmittedAt, b.UpdatedAt = true, now, now
		if err := m.store.UpdateBundleApplication(ctx, b); err != nil {
			return err
		}
		for _, item := range items {
			a := Application{PersonID: b.PersonID, OrgID: b.OrgID, ItemID: item.ItemID, ItemVersion: item.Version,
				Form: b.Form, Materials: materialsFor(item, merged, b.Materials), Submitted: true, CreatedAt: now, UpdatedAt: now}
			if err := m.store.InsertApplication(ctx, &a); err != nil {
				return err
			}
			c, err := m.open(ctx, a, item, Case{Channel: ChannelOnline, BundleApplicationID: b.ID}, EventSubmit)
			if err != nil {
				return err
			}
			cases = append(cases, c)
		}
		return nil
	})
	return b, cases, err
}

// Material requirement kinds of items (the catalog's words).
const (
	MaterialRequired    = "required"
	MaterialOptional    = "optional"
	MaterialConditional = "conditional"
)

// MaterialField is the form field of the i-th line of a materials list, so an
// error names the line it belongs to.
func MaterialField(i int) string { return "material_" + strconv.Itoa(i) }

func providedIn(ms []MaterialCheck, name string) bool {
	return slices.ContainsFunc(ms, func(m MaterialCheck) bool { return m.Name == name && m.Provided })
}

// BundleMaterial is one line of a bundle's deduplicated materials list.
type BundleMaterial struct {
	Name          string
	LicenseTypeID string
	Requirement   string   // required when any item requires it
	Conditions    []string // the conditions of conditional items, in words
	ItemNames     []string // the items that ask for it
	// ProducedBy names the item of the bundle whose result is this material (a
	// business licence issued by the registration): it is not asked for.
	ProducedBy string
}

// MergeMaterials deduplicates the materials of a bundle's items: lines for the
// same license type are one line, other lines are one per name. A line whose
// license another item of the bundle issues is not asked for; a line keeps the
// name of the first item asking for it. extra are the materials the scenario
// answers add.
func MergeMaterials(items []PublishedItem, extra []string) []BundleMaterial {
	produced := map[string]string{}
	for _, it := range items {
		if it.ResultLicenseType != "" {
			produced[it.ResultLicenseType] = it.Name
		}
	}
	var out []BundleMaterial
	index := map[string]int{}
	for _, it := range items {
		for _, im := range it.Materials {
			key := "name:" + im.Name
			if im.LicenseTypeID != "" {
				key = "license:" + im.LicenseTypeID
			}
			i, seen := index[key]
			if !seen {
				out = append(out, BundleMaterial{Name: im.Name, LicenseTypeID: im.LicenseTypeID, Requirement: im.Requirement})
				i = len(out) - 1
				index[key] = i
			}
			bm := &out[i]
			bm.ItemNames = append(bm.ItemNames, it.Name)
			if im.Requirement == MaterialRequired {
				bm.Requirement = MaterialRequired
			} else if im.Requirement == MaterialConditional && bm.Requirement != MaterialRequired {
				bm.Requirement = MaterialConditional
			}
			if im.Condition != "" && !slices.Contains(bm.Conditions, im.Condition) {
				bm.Conditions = append(bm.Conditions, im.Condition)
			}
			if by := produced[im.LicenseTypeID]; by != "" && by != it.Name {
				bm.ProducedBy = by
			}
		}
	}
	for _, e := range extra {
		if _, seen := index["name:"+e]; !seen {
			index["name:"+e] = len(out)
			out = append(out, BundleMaterial{Name: e, Requirement: MaterialRequired})
		}
	}
	return out
}

// materialsFor is the checklist of one item of a bundle: each of its
// materials taken from the merged line it was folded into.
func materialsFor(item PublishedItem, merged []BundleMaterial, given []MaterialCheck) []MaterialCheck {
	var out []MaterialCheck
	for _, im := range item.Materials {
		for _, bm := range merged {
			if !(bm.LicenseTypeID != "" && bm.LicenseTypeID == im.LicenseTypeID) && bm.Name != im.Name {
				continue
			}
			line := MaterialCheck{Name: im.Name, Shared: bm.Name}
			if i := slices.IndexFunc(given, func(g MaterialCheck) bool { return g.Name == bm.Name }); i >= 0 {
				g := given[i]
				line.Provided, line.FileID, line.FileName, line.SHA256, line.LicenseRef, line.Trust, line.Note =
					g.Provided, g.FileID, g.FileName, g.SHA256, g.LicenseRef, g.Trust, g.Note
			}
			if bm.ProducedBy != "" && bm.ProducedBy != item.Name && !line.Provided {
				line.Note = "由一件事内「" + bm.ProducedBy + "」办结后推送"
			}
			out = append(out, line)
			break
		}
	}
	// Materials the scenario added belong to every case of the bundle.
	for _, g := range given {
		if g.Provided && !slices.ContainsFunc(out, func(x MaterialCheck) bool { return x.Shared == g.Name }) &&
			!slices.ContainsFunc(merged, func(bm BundleMaterial) bool { return bm.Name == g.Name && len(bm.ItemNames) > 0 }) {
			out = append(out, g)
		}
	}
	return out
}

// BundleView is a bundle application with its cases and one timeline.
type BundleView struct {
	BundleApplication
	Cases    []Case
	Timeline []BundleEvent
}

// BundleEvent is an entry of the bundle's one timeline: a case's event with
// the item it belongs to.
type BundleEvent struct {
	Event
	ItemName string
	Number   string
}

// MyBundle returns one of the signed-in person's submitted bundle
// applications with its cases and their events merged in time order.
func (m *Manager) MyBundle(ctx context.Context, id int64) (BundleView, error) {
	p, err := principal.RequirePerson(ctx)
	if err != nil {
		return BundleView{}, err
	}
	b, err := m.store.GetBundleApplication(ctx, id)
	if err != nil {
		return BundleView{}, err
	}
	if b.PersonID != p.ID || b.OrgID != p.OrgID {
		return BundleView{}, apperr.NotFoundf("bundle application")
	}
	v := BundleView{BundleApplication: b}
	if v.Cases, _, err = m.store.ListCases(ctx, CaseFilter{BundleApplicationID: b.ID, Limit: 100}); err != nil {
		return v, err
	}
	sort.Slice(v.Cases, func(i, j int) bool { return v.Cases[i].ID < v.Cases[j].ID })
	for _, c := range v.Cases {
		es, err := m.store.ListCaseEvents(ctx, c.ID)
		if err != nil {
			return v, err
		}
		for _, e := range es {
			v.Timeline = append(v.Timeline, BundleEvent{Event: e, ItemName: c.ItemName, Number: c.Number})
		}
	}
	sort.SliceStable(v.Timeline, func(i, j int) bool {
		if !v.Timeline[i].At.Equal(v.Timeline[j].At) {
			return v.Timeline[i].At.Before(v.Timeline[j].At)
		}
		return v.Timeline[i].ID < v.Timeline[j].ID
	})
	return v, nil
}

// MyBundles lists the signed-in person's bundle applications, newest first.
func (m *Manager) MyBundles(ctx context.Context) ([]BundleApplication, error) {
	p, err := principal.RequirePerson(ctx)
	if err != nil {
		return nil, err
	}
	return m.store.ListBundleApplications(ctx, p.ID, p.OrgID)
}

// concludeBundle marks a bundle application concluded once its last case has
// closed; record calls it for every closing case, in the closing transaction.
func (m *Manager) concludeBundle(ctx context.Context, c Case) error {
	if !c.Closed || c.BundleApplicationID == 0 {
		return nil
	}
	open, _, err := m.store.ListCases(ctx, CaseFilter{BundleApplicationID: c.BundleApplicationID, OpenOnly: true, Limit: 1})
	if err != nil || len(open) > 0 {
		return err
	}
	b, err := m.store.GetBundleApplication(ctx, c.BundleApplicationID)
	if err != nil || b.Concluded {
		return err
	}
	b.Concluded, b.ConcludedAt, b.UpdatedAt = true, m.now(), m.now()
	return m.store.UpdateBundleApplication(ctx, b)
}
