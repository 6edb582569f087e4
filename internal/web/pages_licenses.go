package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/skip2/go-qrcode"

	"github.com/tongban/tongban/internal/guide"
	"github.com/tongban/tongban/internal/license"
	"github.com/tongban/tongban/internal/platform/fieldcrypt"
	"github.com/tongban/tongban/internal/platform/principal"
)

// registerLicenses adds electronic licenses (电子证照): the holder's wallet
// (证照夹), the public verification page the license's QR code opens, the
// issuing department's license pages and the seal and license-type consoles.
func (ui *UI) registerLicenses(rt routeAdder) {
	rt.Handle("GET", "/me/licenses", ui.wallet)
	rt.Handle("GET", "/me/licenses/{id}", ui.walletLicense)
	rt.Handle("GET", "/me/licenses/{id}/qr.png", ui.walletQR)
	rt.Handle("GET", "/me/licenses/{id}/license.pdf", ui.walletPDF)
	rt.Handle("GET", "/me/licenses/{id}/license.json", ui.walletFile)
	ui.registerVerify(rt)
	ui.registerStaffLicenses(rt)
	ui.registerSeals(rt)
	ui.registerLicenseTypes(rt)
}

// LicenseRow is a license as the lists show it: its words already chosen.
type LicenseRow struct {
	license.License
	Validity    string // 2026-03-10 至 2031-03-09, or 长期
	IssuedOn    string
	StatusLabel string // 有效, 已撤销…
	StatusClass string // the badge's colour; the label always says the same in words
	Usable      bool
	VersionText string // 001
}

// licenseRow dresses a license for a page at now.
func (ui *UI) licenseRow(p Page, l license.License, now time.Time) LicenseRow {
	st := l.EffectiveStatus(now)
	return LicenseRow{License: l, Validity: validityLabel(p, l.ValidFrom, l.ValidUntil), IssuedOn: dateLabel(l.IssuedAt),
		StatusLabel: p.T("license.ui.status." + string(st)), StatusClass: statusClass(st), Usable: st == license.StatusValid,
		VersionText: versionLabel(l.Version)}
}

// statusClass is the badge colour of a status: green for valid, amber for a
// suspension that may be lifted, red for every end.
func statusClass(s license.Status) string {
	switch s {
	case license.StatusValid:
		return "badge badge-ok"
	case license.StatusSuspended:
		return "badge badge-warn"
	}
	return "badge badge-bad"
}

func dateLabel(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(caseDays).Format("2006-01-02")
}

func timeLabel(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(caseDays).Format("2006-01-02 15:04")
}

// validityLabel is a validity period in words: from – until, or 长期.
func validityLabel(p Page, from, until time.Time) string {
	if until.IsZero() {
		return p.T("license.ui.validity_long", dateLabel(from))
	}
	return p.T("license.ui.validity_range", dateLabel(from), dateLabel(until))
}

// idNumber matches a whole 公民身份号码 (GB 11643): 17 digits and a check character.
var idNumber = regexp.MustCompile(`^[0-9]{17}[0-9Xx]$`)

// withMaskedID returns l with every whole ID number masked: a person's
// holder code and any printed field that holds one. Screens and printed
// copies show them masked; only a purpose-bound read (用证) shows them whole.
func withMaskedID(l license.License) license.License {
	if l.HolderCodeType == license.HolderCodeIDCard && idNumber.MatchString(l.HolderCode) {
		l.HolderCode = fieldcrypt.MaskIDNumber(l.HolderCode)
	}
	fields := make([]license.Field, len(l.Fields))
	for i, f := range l.Fields {
		if idNumber.MatchString(strings.TrimSpace(f.Value)) {
			f.Value = fieldcrypt.MaskIDNumber(strings.TrimSpace(f.Value))
		}
		fields[i] = f
	}
	l.Fields = fields
	return l
}

// licenseURL is the holder's page of a license.
func licenseURL(id int64) string { return "/me/licenses/" + strconv.FormatInt(id, 10) }

// verifyPath is the public verification page of an identifier.
func verifyPath(identifier string) string { return "/verify/" + url.PathEscape(identifier) }

// verifyURL is the absolute address a license's QR code carries. Without a
// configured public address it is the one the holder reached the site by.
func (ui *UI) verifyURL(r *http.Request, identifier string) string {
	return ui.absoluteURL(r, verifyPath(identifier))
}

// absoluteURL is a path of the site as a full address, for a QR code or a
// link read on another device: the configured public address, else the
// request's own host.
func (ui *UI) absoluteURL(r *http.Request, path string) string {
	base := ui.PublicURL
	if base == "" {
		scheme := "http"
		if r.TLS != nil || ui.Secure {
			scheme = "https"
		}
		base = scheme + "://" + r.Host
	}
	return base + path
}

// WalletView is the holder's 证照夹.
type WalletView struct {
	Page
	HolderName string // the enterprise acted for, or the person
	ForOrg     bool
	Licenses   []LicenseRow
}

func (ui *UI) wallet(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	ls, err := ui.Licenses.Wallet(ctx)
	if err != nil {
		return err
	}
	p := WalletView{Page: ui.page(r, "license.ui.wallet.title")}
	p.HolderName, p.ForOrg = ui.holderName(r)
	if p.ForOrg {
		p.User.OrgName = p.HolderName
	}
	now := ui.Licenses.Now()
	for _, l := range ls {
		p.Licenses = append(p.Licenses, ui.licenseRow(p.Page, l, now))
	}
	return ui.render(w, http.StatusOK, "wallet", p)
}

// holderName names whose wallet this is: the enterprise the person acts for,
// or the person.
func (ui *UI) holderName(r *http.Request) (string, bool) {
	pr := principal.From(r.Context())
	if pr.OrgID == 0 {
		return pr.Name, false
	}
	orgs, err := ui.Identity.MyOrganizations(r.Context())
	if err != nil {
		return pr.Name, false
	}
	for _, o := range orgs {
		if o.ID == pr.OrgID {
			return o.Name, true
		}
	}
	return pr.Name, false
}

// WalletLicenseView is one license of the holder: what it says, its status,
// the QR code for on-site checks, the downloads and who used it.
type WalletLicenseView struct {
	Page
	License   LicenseRow
	VerifyURL string
	QRURL     string
	PDFURL    string
	FileURL   string
	Uses      []UseRow
	StatusAt  string
}

// UseRow is one entry of a license's usage log (用证记录).
type UseRow struct {
	At, Who, Department, Purpose, Via string
}

func (ui *UI) walletLicense(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathID(r, "license")
	if err != nil {
		return err
	}
	l, err := ui.Licenses.Mine(ctx, id)
	if err != nil {
		return err
	}
	l = withMaskedID(l)
	uses, err := ui.Licenses.Uses(ctx, l.ID)
	if err != nil {
		return err
	}
	p := WalletLicenseView{Page: ui.page(r, "license.ui.wallet.license_title"), VerifyURL: ui.verifyURL(r, l.Identifier)}
	p.Title = l.TypeName
	if name, forOrg := ui.holderName(r); forOrg {
		p.User.OrgName = name
	}
	p.License = ui.licenseRow(p.Page, l, ui.Licenses.Now())
	p.StatusAt = timeLabel(l.StatusAt)
	base := licenseURL(l.ID)
	p.QRURL, p.PDFURL, p.FileURL = base+"/qr.png", base+"/license.pdf", base+"/license.json"
	p.Uses = ui.useRows(p.Page, uses)
	return ui.render(w, http.StatusOK, "wallet_license", p)
}

// useRows words a usage log for a page.
func (ui *UI) useRows(p Page, uses []license.Usage) []UseRow {
	out := make([]UseRow, 0, len(uses))
	for _, u := range uses {
		out = append(out, UseRow{At: timeLabel(u.At), Who: u.ActorName, Department: u.DepartmentName, Purpose: u.Purpose,
			Via: p.T("license.ui.via." + u.Via)})
	}
	return out
}

// walletQR is the QR code a holder shows for an on-site check: the public
// verification address of the license.
func (ui *UI) walletQR(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "license")
	if err != nil {
		return err
	}
	l, err := ui.Licenses.Mine(r.Context(), id)
	if err != nil {
		return err
	}
	png, err := qrcode.Encode(ui.verifyURL(r, l.Identifier), qrcode.Medium, 320)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(png)
	return err
}

// walletPDF is the printable license, drawn on demand.
func (ui *UI) walletPDF(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "license")
	if err != nil {
		return err
	}
	l, err := ui.Licenses.Mine(r.Context(), id)
	if err != nil {
		return err
	}
	pdf, err := guide.LicensePDF(ui.licenseDocument(r, l))
	if err != nil {
		return err
	}
	name := l.TypeName + "-" + l.Number + ".pdf"
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="license-`+strconv.FormatInt(l.ID, 10)+`.pdf"; filename*=UTF-8''`+url.PathEscape(name))
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(pdf)
	return err
}

// licenseDocument is what the printed copy of l shows. A license that is no
// longer in force says so under its title.
func (ui *UI) licenseDocument(r *http.Request, l license.License) guide.LicenseDocument {
	l = withMaskedID(l) // a printed copy travels; the ID number stays off it
	d := guide.LicenseDocument{TypeName: l.TypeName, Identifier: l.Identifier, HolderName: l.HolderName,
		HolderCode: l.HolderCode, IssuerName: l.IssuerName, IssuedAt: l.IssuedAt, ValidFrom: l.ValidFrom,
		ValidUntil: l.ValidUntil, Version: versionLabel(l.Version), SealName: l.IssuerName,
		VerifyURL: ui.verifyURL(r, l.Identifier)}
	for _, f := range l.Fields {
		d.Fields = append(d.Fields, guide.LicenseField{Name: f.Name, Value: f.Value})
	}
	if st := l.EffectiveStatus(ui.Licenses.Now()); st != license.StatusValid {
		d.Notice = ui.Catalog.T("zh", "license.ui.pdf_notice", ui.Catalog.T("zh", "license.ui.status."+string(st)))
	}
	return d
}

// versionLabel is the identifier's three-digit 版本号.
func versionLabel(v int) string {
	s := strconv.Itoa(v)
	for len(s) < 3 {
		s = "0" + s
	}
	return s
}

// walletFile is the signed license file that `tongban verify` checks offline.
func (ui *UI) walletFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "license")
	if err != nil {
		return err
	}
	b, err := ui.Licenses.File(r.Context(), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Disposition", `attachment; filename="license-`+strconv.FormatInt(id, 10)+`.json"`)
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(b)
	return err
}
