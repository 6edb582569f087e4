// Package web is Tongban's server-rendered HTML surface: the citizen portal, the
// staff workbench and the admin console. Handlers parse the request, call one
// manager method and render a typed page model; rules and permissions live in
// the modules, so a page and its API cannot disagree.
package web

import (
	"embed"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"

	"github.com/tongban/tongban/internal/bundle"
	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/catalog"
	"github.com/tongban/tongban/internal/delivery"
	"github.com/tongban/tongban/internal/hotline"
	"github.com/tongban/tongban/internal/httpserver"
	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/license"
	"github.com/tongban/tongban/internal/notify"
	"github.com/tongban/tongban/internal/payment"
	"github.com/tongban/tongban/internal/payment/sandbox"
	"github.com/tongban/tongban/internal/platform/audit"
	"github.com/tongban/tongban/internal/platform/i18n"
	"github.com/tongban/tongban/internal/rating"
	"github.com/tongban/tongban/internal/region"
	"github.com/tongban/tongban/internal/search"
	"github.com/tongban/tongban/internal/upload"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Deps are the managers and settings the pages use.
type Deps struct {
	Identity   *identity.Manager
	Regions    *region.Manager
	Items      *catalog.Manager
	Licenses   *license.Manager
	Bundles    *bundle.Manager
	Cases      *casework.Manager
	Notices    *notify.Manager
	Deliveries *delivery.Manager
	// LocalCalendar is the working-day calendar administrators adjust.
	LocalCalendar *region.LocalCalendar
	Uploads       *upload.Manager
	Payments      *payment.Manager
	Search        *search.Manager
	Sandbox       *sandbox.Gateway
	Audit         audit.Reader // the audit trail, for the console
	Catalog       *i18n.Catalog
	Log           *slog.Logger
	HomeRegion    string // the install's own region, e.g. 620825 庄浪县
	Secure        bool   // Secure cookies
	// Theme is an optional folder with templates/ and static/ whose files replace
	// or add to the built-in ones (a province's logo, colours, footer).
	Theme fs.FS
	// PublicURL is the site's public address (config BaseURL), for the
	// verification link a license's QR code carries; "" = the request's host.
	PublicURL string

	// Ratings are 好差评 and the rectification of bad ratings.
	Ratings *rating.Manager
	// Hotline is the 12345 hotline's tickets, rules and knowledge base.
	Hotline *hotline.Manager
}

// UI holds the parsed templates and hashed assets.
type UI struct {
	Deps
	pages  map[string]*template.Template
	assets *Assets
}

// New parses every template (a missing partial fails here, at start) and hashes
// the static assets.
func New(d Deps) (*UI, error) {
	static := overlay{theme: subOrNil(d.Theme, "static"), base: mustSub(staticFS, "static")}
	assets, err := NewAssets(static)
	if err != nil {
		return nil, err
	}
	ui := &UI{Deps: d, assets: assets, pages: map[string]*template.Template{}}
	funcs := template.FuncMap{"asset": assets.URL}
	templateFS := overlay{theme: subOrNil(d.Theme, "templates"), base: mustSub(templateFS, "templates")}
	layout, err := template.New("layout").Funcs(funcs).ParseFS(templateFS, "_*.html")
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(templateFS, "*.html")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		base := strings.TrimSuffix(name, ".html")
		if strings.HasPrefix(base, "_") {
			continue
		}
		t, err := template.Must(layout.Clone()).ParseFS(templateFS, name)
		if err != nil {
			return nil, err
		}
		ui.pages[base] = t
	}
	return ui, nil
}

func mustSub(f fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(f, dir)
	if err != nil {
		panic(err)
	}
	return sub
}

// Pages lists the page template names, for tests that render each one.
func (ui *UI) Pages() []string {
	out := make([]string, 0, len(ui.pages))
	for k := range ui.pages {
		out = append(out, k)
	}
	return out
}

// Register adds the web routes to rt.
func (ui *UI) Register(rt *httpserver.Router) {
	rt.HandleHTTP("GET", "/static/", ui.assets)
	rt.Handle("GET", "/{$}", ui.home)
	rt.Handle("POST", "/prefs", ui.setPrefs)

	rt.Handle("GET", "/register", ui.registerForm)
	rt.Handle("POST", "/register", ui.register)
	rt.Handle("GET", "/login", ui.loginForm)
	rt.Handle("POST", "/login", ui.login)
	rt.Handle("POST", "/logout", ui.logout)
	rt.Handle("GET", "/me", ui.me)
	rt.Handle("GET", "/me/orgs/new", ui.orgForm)
	rt.Handle("POST", "/me/orgs/new", ui.registerOrg)
	rt.Handle("POST", "/me/act", ui.actFor)

	rt.Handle("GET", "/staff/login", ui.staffLoginForm)
	rt.Handle("POST", "/staff/login", ui.staffLogin)
	rt.Handle("GET", "/staff", ui.workbench)
	rt.Handle("GET", "/staff/people", ui.people)
	rt.Handle("GET", "/staff/people/{id}", ui.person)
	rt.Handle("POST", "/staff/people/{id}/reveal", ui.reveal)

	ui.registerAdmin(rt)
	ui.registerCatalog(rt)
	ui.registerItemDefinitions(rt)
	ui.registerGuides(rt)
	ui.registerCatalogExcel(rt)
	ui.registerSearch(rt)
	ui.registerSandbox(rt)
	ui.registerCases(rt)
	ui.registerNotices(rt)
	ui.registerDeliveries(rt)
	ui.registerCalendar(rt)
	ui.registerLicenseLinks(rt)
	ui.registerCaseLicense(rt)
	ui.registerCaseHandling(rt)
	ui.registerBundleApps(rt)
	ui.registerSupervision(rt)
	ui.registerAPIClients(rt)
	ui.registerUploads(rt)
	ui.registerLicenses(rt)
	ui.registerRatings(rt)
	ui.registerHotline(rt)
}

// ErrorPage renders an error for the sink.
func (ui *UI) ErrorPage(w http.ResponseWriter, r *http.Request, status int, message string) {
	p := ErrorView{Page: ui.page(r, "error.title"), Status: status, Message: message}
	if status == http.StatusNotFound {
		p.Title = p.T("error.not_found_page")
	}
	p.RequestID = w.Header().Get("X-Request-ID")
	if err := ui.render(w, status, "error", p); err != nil {
		ui.Log.Error("render error page", "err", err)
	}
}

// ErrorView is the error page model.
type ErrorView struct {
	Page
	Status    int
	Message   string
	RequestID string
}
