package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/tongban/tongban/internal/catalog"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
)

// registerLicenseLinks adds the item administrator's tool that links
// materials to license types (免证办) and the share report behind it.
func (ui *UI) registerLicenseLinks(rt routeAdder) {
	rt.Handle("GET", "/staff/catalog/license-links", ui.licenseLinks)
	rt.Handle("POST", "/staff/catalog/license-links", ui.applyLicenseLinks)
}

// LicenseLinksView is the report of linked items per department and, for an
// item administrator, the proposals to review.
type LicenseLinksView struct {
	Page
	Shares    []LinkShareRow
	Proposals []LinkProposalRow
	CanReview bool
	Linked    int // items just changed, shown once after applying
}

// LinkShareRow is one department's line of the report.
type LinkShareRow struct {
	Department           string
	WithLicenses, Linked int
	Percent              int
	Meets                bool // at least the county plan's 50%
}

// LinkProposalRow is one proposal with the value its checkbox posts.
type LinkProposalRow struct {
	catalog.LinkProposal
	Department, Value string
}

// linkTarget is the share of items with linked license materials the county
// plan sets as its target.
const linkTarget = 50

func (ui *UI) licenseLinksView(r *http.Request) (LicenseLinksView, error) {
	ctx := r.Context()
	shares, err := ui.Items.LicenseLinkReport(ctx)
	if err != nil {
		return LicenseLinksView{}, err
	}
	depts, err := ui.publicDepartments(r)
	if err != nil {
		return LicenseLinksView{}, err
	}
	p := LicenseLinksView{Page: ui.page(r, "licenselink.title"), CanReview: principal.From(ctx).CanAnywhere(principal.ReviewItems)}
	for _, s := range shares {
		pc := int(s.Percent() + 0.5)
		p.Shares = append(p.Shares, LinkShareRow{Department: depts[s.DepartmentID].ShortName, WithLicenses: s.WithLicenses, Linked: s.Linked,
			Percent: pc, Meets: pc >= linkTarget})
	}
	if !p.CanReview {
		return p, nil
	}
	names, err := ui.licenseNames(r)
	if err != nil {
		return LicenseLinksView{}, err
	}
	props, err := ui.Items.LicenseLinkProposals(ctx, names)
	if err != nil {
		return LicenseLinksView{}, err
	}
	for _, pr := range props {
		p.Proposals = append(p.Proposals, LinkProposalRow{LinkProposal: pr, Department: depts[pr.DepartmentID].ShortName,
			Value: strconv.FormatInt(pr.ItemID, 10) + "|" + pr.LicenseSlug + "|" + pr.Material})
	}
	return p, nil
}

// licenseNames lists the license types for the catalog's matcher.
func (ui *UI) licenseNames(r *http.Request) ([]catalog.LicenseName, error) {
	types, err := ui.Licenses.Types(r.Context())
	if err != nil {
		return nil, err
	}
	out := make([]catalog.LicenseName, len(types))
	for i, t := range types {
		out[i] = catalog.LicenseName{Slug: t.Slug, Name: t.Name}
	}
	return out, nil
}

func (ui *UI) licenseLinks(w http.ResponseWriter, r *http.Request) error {
	p, err := ui.licenseLinksView(r)
	if err != nil {
		return err
	}
	p.Linked, _ = strconv.Atoi(r.URL.Query().Get("linked"))
	return ui.render(w, http.StatusOK, "license_links", p)
}

func (ui *UI) applyLicenseLinks(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return apperr.New(apperr.Invalid, "form.invalid")
	}
	var links []catalog.MaterialLink
	for _, v := range r.PostForm["link"] {
		parts := strings.SplitN(v, "|", 3)
		id, err := strconv.ParseInt(parts[0], 10, 64)
		if len(parts) != 3 || err != nil {
			return apperr.New(apperr.Invalid, "form.invalid")
		}
		links = append(links, catalog.MaterialLink{ItemID: id, LicenseSlug: parts[1], Material: parts[2]})
	}
	names, err := ui.licenseNames(r)
	if err != nil {
		return err
	}
	known := func(slug string) bool {
		for _, n := range names {
			if n.Slug == slug {
				return true
			}
		}
		return false
	}
	n, err := ui.Items.LinkLicenses(r.Context(), links, known)
	if err != nil {
		if form, ok := ui.formFrom(r, err); ok {
			p, verr := ui.licenseLinksView(r)
			if verr != nil {
				return verr
			}
			p.Form = form
			return ui.render(w, http.StatusUnprocessableEntity, "license_links", p)
		}
		return err
	}
	http.Redirect(w, r, "/staff/catalog/license-links?linked="+strconv.Itoa(n), http.StatusSeeOther)
	return nil
}
