package catalog

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
)

// ActionLicenseLink is the trail entry of a version published to link
// materials to license types (免证办), a change of metadata only.
const ActionLicenseLink = "license_link"

// LicenseName is a license type as the link tool matches it: by its name,
// and by the name without a leading 居民 / 中华人民共和国, which material
// names often drop (“身份证” for 居民身份证).
type LicenseName struct {
	Slug, Name string
}

// keys are the strings whose presence in a material's name suggests the type.
func (l LicenseName) keys() []string {
	keys := []string{l.Name}
	for _, prefix := range []string{"中华人民共和国", "居民"} {
		if short, ok := strings.CutPrefix(l.Name, prefix); ok && len([]rune(short)) >= 3 {
			keys = append(keys, short)
		}
	}
	return keys
}

// LinkProposal is one material the tool thinks a license could replace.
// Likely is false where the name reads like a form about the license
// (“…许可证申请表”) rather than the license itself; the reviewer decides.
type LinkProposal struct {
	ItemID       int64
	ItemName     string
	DepartmentID int64
	Material     string
	LicenseSlug  string
	LicenseName  string
	Likely       bool
}

// formWords mark a material that is a form or a receipt, not a license.
var formWords = []string{"申请表", "登记表", "回执", "申请书", "信息", "名单", "材料"}

// LicenseLinkProposals scans the published items of the administrator's
// scope for materials that name a license type but are not linked to it.
func (m *Manager) LicenseLinkProposals(ctx context.Context, types []LicenseName) ([]LinkProposal, error) {
	p, err := principal.AuthorizeOwn(ctx, principal.ReviewItems)
	if err != nil {
		return nil, err
	}
	pubs, err := m.publishedInScope(ctx, p.Scope)
	if err != nil {
		return nil, err
	}
	var out []LinkProposal
	for _, pub := range pubs {
		for _, mat := range pub.Version.Elements.Materials {
			if mat.LicenseTypeID != "" {
				continue
			}
			if t, ok := matchLicense(mat.Name, types); ok {
				likely := !slices.ContainsFunc(formWords, func(w string) bool { return strings.Contains(mat.Name, w) })
				out = append(out, LinkProposal{ItemID: pub.Item.ID, ItemName: pub.Version.Elements.Name, DepartmentID: pub.Item.DepartmentID,
					Material: mat.Name, LicenseSlug: t.Slug, LicenseName: t.Name, Likely: likely})
			}
		}
	}
	return out, nil
}

// matchLicense returns the type whose longest key the name contains, so
// “居民身份证” wins over a shorter type name it happens to include.
func matchLicense(name string, types []LicenseName) (LicenseName, bool) {
	var best LicenseName
	bestLen := 0
	for _, t := range types {
		for _, k := range t.keys() {
			if n := len([]rune(k)); n > bestLen && strings.Contains(name, k) {
				best, bestLen = t, n
			}
		}
	}
	return best, bestLen > 0
}

// MaterialLink is one reviewed link: this material of this item may be
// replaced by a license of this type.
type MaterialLink struct {
	ItemID      int64
	Material    string
	LicenseSlug string
}

// LinkLicenses applies reviewed links. Each item gets one new published
// version that differs from the current one only by the links, so nothing
// else waiting in a draft is published unreviewed; the draft gets the links
// too, so its next publication keeps them. Returns the number of items
// changed.
func (m *Manager) LinkLicenses(ctx context.Context, links []MaterialLink, known func(slug string) bool) (int, error) {
	if _, err := principal.AuthorizeOwn(ctx, principal.ReviewItems); err != nil {
		return 0, err
	}
	byItem := map[int64][]MaterialLink{}
	var order []int64
	for _, l := range links {
		if !known(l.LicenseSlug) {
			return 0, apperr.New(apperr.Invalid, "catalog.license_link.unknown_type")
		}
		if _, seen := byItem[l.ItemID]; !seen {
			order = append(order, l.ItemID)
		}
		byItem[l.ItemID] = append(byItem[l.ItemID], l)
	}
	if len(order) == 0 {
		return 0, apperr.New(apperr.Invalid, "catalog.license_link.none")
	}
	err := m.tx.InTx(ctx, func(ctx context.Context) error {
		for _, id := range order {
			if err := m.linkItem(ctx, id, byItem[id]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return len(order), nil
}

func (m *Manager) linkItem(ctx context.Context, id int64, links []MaterialLink) error {
	it, p, err := m.loadForReview(ctx, id)
	if err != nil {
		return err
	}
	pub, err := m.published(ctx, it)
	if err != nil {
		return err
	}
	e := pub.Version.Elements
	e.Materials = slices.Clone(e.Materials)
	it.Draft.Materials = slices.Clone(it.Draft.Materials)
	var names []string
	for _, l := range links {
		i := slices.IndexFunc(e.Materials, func(mat Material) bool { return mat.Name == l.Material })
		if i < 0 {
			return apperr.New(apperr.Conflict, "catalog.license_link.material_gone")
		}
		e.Materials[i].LicenseTypeID = l.LicenseSlug
		if j := slices.IndexFunc(it.Draft.Materials, func(mat Material) bool { return mat.Name == l.Material }); j >= 0 {
			it.Draft.Materials[j].LicenseTypeID = l.LicenseSlug
		}
		names = append(names, fmt.Sprintf("%s→%s", l.Material, l.LicenseSlug))
	}
	now := m.now()
	v := Version{ItemID: it.ID, Version: it.PublishedVersion + 1, Elements: e, PublishedAt: now, PublishedBy: p.Name}
	if err := m.store.InsertVersion(ctx, v); err != nil {
		return err
	}
	it.PublishedVersion, it.UpdatedAt = v.Version, now
	if err := m.store.UpdateItem(ctx, it); err != nil {
		return err
	}
	if err := m.store.AppendChange(ctx, it.ID, now); err != nil {
		return err
	}
	return m.trail(ctx, p, it.ID, ActionLicenseLink, strings.Join(names, "；"))
}

// LinkShare is one department's share of items whose license materials are
// linked for 免提交 (the county plan's target is at least half).
type LinkShare struct {
	DepartmentID int64
	// WithLicenses counts the published items that ask for at least one
	// material a government department issues or a license can replace.
	WithLicenses int
	// Linked counts those of them with at least one material linked to a
	// license type, which the applicant can therefore leave out.
	Linked int
}

// Percent is Linked as a share of WithLicenses, 0 when there are none.
func (s LinkShare) Percent() float64 {
	if s.WithLicenses == 0 {
		return 0
	}
	return 100 * float64(s.Linked) / float64(s.WithLicenses)
}

// LicenseLinkReport computes the share per department of the viewer's scope.
func (m *Manager) LicenseLinkReport(ctx context.Context) ([]LinkShare, error) {
	p, err := principal.AuthorizeOwn(ctx, principal.ViewItems)
	if err != nil {
		return nil, err
	}
	pubs, err := m.publishedInScope(ctx, p.Scope)
	if err != nil {
		return nil, err
	}
	shares := map[int64]*LinkShare{}
	var order []int64
	for _, pub := range pubs {
		licensed, linked := false, false
		for _, mat := range pub.Version.Elements.Materials {
			licensed = licensed || mat.LicenseTypeID != "" || mat.Source == "政府部门核发"
			linked = linked || mat.LicenseTypeID != ""
		}
		if !licensed {
			continue
		}
		s, ok := shares[pub.Item.DepartmentID]
		if !ok {
			s = &LinkShare{DepartmentID: pub.Item.DepartmentID}
			shares[pub.Item.DepartmentID] = s
			order = append(order, pub.Item.DepartmentID)
		}
		s.WithLicenses++
		if linked {
			s.Linked++
		}
	}
	out := make([]LinkShare, 0, len(order))
	for _, id := range order {
		out = append(out, *shares[id])
	}
	slices.SortFunc(out, func(a, b LinkShare) int { return int(a.DepartmentID - b.DepartmentID) })
	return out, nil
}

// publishedInScope lists every published item of a scope, page by page.
func (m *Manager) publishedInScope(ctx context.Context, s principal.Scope) ([]Published, error) {
	var out []Published
	for offset := 0; ; offset += 500 {
		page, total, err := m.store.ListPublished(ctx, ItemFilter{RegionPrefix: s.RegionCode, DepartmentID: s.DepartmentID,
			PublicOnly: true, Limit: 500, Offset: offset})
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if len(page) == 0 || offset+len(page) >= total {
			return out, nil
		}
	}
}
