package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tongban/tongban/internal/license"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/region"
)

// registerSeals adds the seal console (电子印章): the departments' seals,
// a new seal, one seal with every signature it made, and the seal's image.
func (ui *UI) registerSeals(rt routeAdder) {
	rt.Handle("GET", "/admin/seals", ui.seals)
	rt.Handle("POST", "/admin/seals", ui.createSeal)
	rt.Handle("GET", "/admin/seals/{id}", ui.seal)
	rt.Handle("GET", "/seals/{id}/image.svg", ui.sealImage)
}

// registerLicenseTypes adds the license-type console (证照类型).
func (ui *UI) registerLicenseTypes(rt routeAdder) {
	rt.Handle("GET", "/admin/license-types", ui.licenseTypes)
	rt.Handle("GET", "/admin/license-types/{slug}", ui.licenseTypeForm)
	rt.Handle("POST", "/admin/license-types/{slug}", ui.saveLicenseType)
}

// SealRow is a seal as the console shows it.
type SealRow struct {
	license.Seal
	Validity  string
	ValidNow  bool
	ImageURL  string
	DetailURL string
}

// SealsView lists seals and, for those who may, the form for a new one.
type SealsView struct {
	Page
	Seals       []SealRow
	CanCreate   bool
	Departments []region.Department
}

func (ui *UI) sealRow(p Page, s license.Seal, now time.Time) SealRow {
	id := strconv.FormatInt(s.ID, 10)
	return SealRow{Seal: s, Validity: validityLabel(p, s.ValidFrom, s.ValidUntil), ValidNow: s.ValidAt(now),
		ImageURL: "/seals/" + id + "/image.svg", DetailURL: "/admin/seals/" + id}
}

func (ui *UI) sealsView(r *http.Request) (SealsView, error) {
	ctx := r.Context()
	seals, err := ui.Licenses.Seals(ctx)
	if err != nil {
		return SealsView{}, err
	}
	pr := principal.From(ctx)
	p := SealsView{Page: ui.page(r, "license.ui.seals.title"), CanCreate: pr.CanAnywhere(principal.ManageSeals)}
	now := ui.Licenses.Now()
	for _, s := range seals {
		p.Seals = append(p.Seals, ui.sealRow(p.Page, s, now))
	}
	if p.CanCreate {
		if p.Departments, err = ui.Regions.Departments(ctx, pr.Scope.RegionCode); err != nil {
			return SealsView{}, err
		}
	}
	return p, nil
}

func (ui *UI) seals(w http.ResponseWriter, r *http.Request) error {
	p, err := ui.sealsView(r)
	if err != nil {
		return err
	}
	return ui.render(w, http.StatusOK, "seals", p)
}

// dateField reads a yyyy-mm-dd field as the start of that day in China; an
// empty field is the zero time.
func dateField(r *http.Request, name string) (time.Time, error) {
	s := strings.TrimSpace(r.PostFormValue(name))
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation("2006-01-02", s, caseDays)
	if err != nil {
		return time.Time{}, apperr.Field(name, "license.ui.bad_date")
	}
	return t, nil
}

func (ui *UI) createSeal(w http.ResponseWriter, r *http.Request) error {
	s, err := ui.newSeal(r)
	if err == nil {
		http.Redirect(w, r, "/admin/seals/"+strconv.FormatInt(s.ID, 10), http.StatusSeeOther)
		return nil
	}
	form, ok := ui.formFrom(r, err, "department_id", "name", "valid_from", "valid_until")
	if !ok {
		return err
	}
	p, perr := ui.sealsView(r)
	if perr != nil {
		return perr
	}
	p.Form = form
	return ui.render(w, http.StatusUnprocessableEntity, "seals", p)
}

// newSeal reads the new-seal form and has the license module make the seal.
func (ui *UI) newSeal(r *http.Request) (license.Seal, error) {
	dept, _ := strconv.ParseInt(r.PostFormValue("department_id"), 10, 64)
	req := license.SealRequest{DepartmentID: dept, Name: strings.TrimSpace(r.PostFormValue("name"))}
	from, err := dateField(r, "valid_from")
	if err != nil {
		return license.Seal{}, err
	}
	until, err := dateField(r, "valid_until")
	if err != nil {
		return license.Seal{}, err
	}
	req.ValidFrom = from
	if !until.IsZero() {
		req.ValidUntil = until.AddDate(0, 0, 1).Add(-time.Second) // to the end of that day
	}
	return ui.Licenses.CreateSeal(r.Context(), req)
}

// SealView is one seal with the signatures it made.
type SealView struct {
	Page
	Seal SealRow
	Uses []SealUseRow
}

// SealUseRow is one signature a seal made.
type SealUseRow struct{ At, Action, Identifier, Actor string }

func (ui *UI) seal(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathID(r, "seal")
	if err != nil {
		return err
	}
	uses, err := ui.Licenses.SealUses(ctx, id)
	if err != nil {
		return err
	}
	s, err := ui.Licenses.Seal(ctx, id)
	if err != nil {
		return err
	}
	p := SealView{Page: ui.page(r, "license.ui.seals.seal_title")}
	p.Seal = ui.sealRow(p.Page, s, ui.Licenses.Now())
	p.Title = p.Seal.Name
	for _, u := range uses {
		p.Uses = append(p.Uses, SealUseRow{At: timeLabel(u.At), Action: p.T("license.ui.seal_action." + u.Action),
			Identifier: u.Identifier, Actor: u.ActorName})
	}
	return ui.render(w, http.StatusOK, "seals_detail", p)
}

// sealImage is a seal's picture (SVG). It is printed on every license the
// seal signs, so it is public; the image alone signs nothing.
func (ui *UI) sealImage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "seal")
	if err != nil {
		return err
	}
	svg, err := ui.Licenses.SealImage(r.Context(), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	// Opened on its own, the image may not run anything.
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox")
	w.Header().Set("Cache-Control", "no-cache")
	_, err = w.Write(svg)
	return err
}

// LicenseTypesView lists the license types.
type LicenseTypesView struct {
	Page
	Types []license.Type
}

func (ui *UI) licenseTypes(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if _, err := principal.AuthorizeOwn(ctx, principal.ManageLicenseTypes); err != nil {
		return err
	}
	types, err := ui.Licenses.Types(ctx)
	if err != nil {
		return err
	}
	return ui.render(w, http.StatusOK, "license_types", LicenseTypesView{Page: ui.page(r, "license.ui.types.title"), Types: types})
}

// LicenseTypeView is the edit form of one license type. Printed fields and
// the mapping are edited one per line.
type LicenseTypeView struct {
	Page
	Type    license.Type
	Fields  string // one printed field per line
	Mapping string // one "field=source" per line
	Sources []string
	Saved   bool
}

func (ui *UI) licenseTypeView(r *http.Request) (LicenseTypeView, error) {
	ctx := r.Context()
	if _, err := principal.AuthorizeOwn(ctx, principal.ManageLicenseTypes); err != nil {
		return LicenseTypeView{}, err
	}
	t, err := ui.Licenses.Type(ctx, r.PathValue("slug"))
	if err != nil {
		return LicenseTypeView{}, err
	}
	p := LicenseTypeView{Page: ui.page(r, "license.ui.types.edit_title"), Type: t, Fields: strings.Join(t.KeyFields, "\n"),
		Mapping: mappingText(t.Mapping), Sources: license.Sources}
	p.Title = t.Name
	return p, nil
}

func (ui *UI) licenseTypeForm(w http.ResponseWriter, r *http.Request) error {
	p, err := ui.licenseTypeView(r)
	if err != nil {
		return err
	}
	p.Saved = r.URL.Query().Get("saved") == "1"
	return ui.render(w, http.StatusOK, "license_type_edit", p)
}

func (ui *UI) saveLicenseType(w http.ResponseWriter, r *http.Request) error {
	p, err := ui.licenseTypeView(r)
	if err != nil {
		return err
	}
	u := license.TypeUpdate{Slug: p.Type.Slug, Name: r.PostFormValue("name"), TypeCode: r.PostFormValue("type_code"),
		Validity: r.PostFormValue("validity"), KeyFields: lines(r.PostFormValue("key_fields")), Note: r.PostFormValue("note")}
	u.Mapping, err = parseMapping(r.PostFormValue("mapping"))
	if err == nil {
		_, err = ui.Licenses.UpdateType(r.Context(), u)
	}
	if err != nil {
		form, ok := ui.formFrom(r, err, "name", "type_code", "validity", "key_fields", "mapping", "note")
		if !ok {
			return err
		}
		p.Form = form
		p.Fields, p.Mapping = form.Value("key_fields"), form.Value("mapping")
		return ui.render(w, http.StatusUnprocessableEntity, "license_type_edit", p)
	}
	http.Redirect(w, r, "/admin/license-types/"+url.PathEscape(p.Type.Slug)+"?saved=1", http.StatusSeeOther)
	return nil
}

func mappingText(m []license.FieldSource) string {
	var b strings.Builder
	for _, f := range m {
		b.WriteString(f.Field + "=" + f.Source + "\n")
	}
	return b.String()
}

// parseMapping reads "printed field=source" lines; a line without "=" is
// said to be wrong rather than dropped.
func parseMapping(s string) ([]license.FieldSource, error) {
	var out []license.FieldSource
	for i, l := range lines(s) {
		field, source, ok := strings.Cut(l, "=")
		if !ok || strings.TrimSpace(field) == "" || strings.TrimSpace(source) == "" {
			return nil, apperr.Field("mapping", "license.ui.types.bad_mapping_line", i+1)
		}
		out = append(out, license.FieldSource{Field: strings.TrimSpace(field), Source: strings.TrimSpace(source)})
	}
	return out, nil
}
