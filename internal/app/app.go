// Package app is the composition root: it turns a Config into a running Tongban
// — database, migrations, keys, store, module managers, and the HTTP surfaces —
// and is the only package that knows all the others.
package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/tongban/tongban/internal/api"
	"github.com/tongban/tongban/internal/bundle"
	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/catalog"
	"github.com/tongban/tongban/internal/config"
	"github.com/tongban/tongban/internal/delivery"
	"github.com/tongban/tongban/internal/demo"
	"github.com/tongban/tongban/internal/hotline"
	"github.com/tongban/tongban/internal/httpserver"
	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/license"
	"github.com/tongban/tongban/internal/migrations"
	"github.com/tongban/tongban/internal/notify"
	"github.com/tongban/tongban/internal/open311"
	"github.com/tongban/tongban/internal/payment"
	"github.com/tongban/tongban/internal/payment/sandbox"
	"github.com/tongban/tongban/internal/platform/calendar"
	"github.com/tongban/tongban/internal/platform/fieldcrypt"
	"github.com/tongban/tongban/internal/platform/i18n"
	"github.com/tongban/tongban/internal/platform/password"
	"github.com/tongban/tongban/internal/rating"
	"github.com/tongban/tongban/internal/region"
	"github.com/tongban/tongban/internal/search"
	"github.com/tongban/tongban/internal/sqldb"
	"github.com/tongban/tongban/internal/store"
	"github.com/tongban/tongban/internal/upload"
	"github.com/tongban/tongban/internal/web"
)

// Settings keys.
const (
	settingInstalled  = "installed_at"
	settingHomeRegion = "home_region"
)

// App is a wired Tongban.
type App struct {
	Config   config.Config
	Log      *slog.Logger
	DB       *sqldb.DB
	Store    *store.Store
	Catalog  *i18n.Catalog
	Regions  *region.Manager
	Identity *identity.Manager
	Items    *catalog.Manager
	Cases    *casework.Manager
	Calendar *calendar.Calendar
	Licenses *license.Manager
	Bundles  *bundle.Manager
	Search   *search.Manager
	Payments *payment.Manager
	Uploads  *upload.Manager
	Sandbox  *sandbox.Gateway // the payment gateway the install pays through
	Server   *httpserver.Server

	// Notices are applicants' and staff's notices with SMS and e-mail copies.
	Notices *notify.Manager
	// Deliveries deliver concluded cases' results (送达).
	Deliveries *delivery.Manager
	// Ratings are 好差评: ratings of services and the rectification of bad ones.
	Ratings *rating.Manager
	// Hotline is the 12345 hotline: tickets, dispatch rules, the knowledge base.
	Hotline *hotline.Manager
	// LocalCalendar is the working-day calendar with the administrators'
	// local overrides.
	LocalCalendar *region.LocalCalendar
	// HomeRegion is the install's own region (the county that runs it).
	HomeRegion string
	// Now is the clock every manager uses; tests may replace it before New.
	Now func() time.Time
	// stopSearch ends the search index's feed follower.
	stopSearch context.CancelFunc
}

// Options adjust New for tests.
type Options struct {
	DB  *sqldb.DB        // use this database instead of opening the configured one
	Now func() time.Time // clock; time.Now when nil
}

// Open opens the configured database.
func Open(ctx context.Context, cfg config.Config) (*sqldb.DB, error) {
	opt := sqldb.Options{SyncNormal: cfg.SQLiteSyncNormal}
	if cfg.UsesPostgres() {
		return sqldb.OpenPostgres(ctx, cfg.Database, opt)
	}
	return sqldb.OpenSQLite(ctx, cfg.SQLitePath(), opt)
}

// New wires everything, applying migrations first. It does not install data.
func New(ctx context.Context, cfg config.Config, log *slog.Logger, opt Options) (*App, error) {
	a := &App{Config: cfg, Log: log, Now: opt.Now, HomeRegion: demo.HomeRegion}
	if a.Now == nil {
		a.Now = time.Now
	}
	db := opt.DB
	if db == nil {
		var err error
		if db, err = Open(ctx, cfg); err != nil {
			return nil, err
		}
	}
	a.DB = db
	if _, err := migrations.Apply(ctx, db); err != nil {
		return nil, err
	}
	master, err := fieldcrypt.LoadOrCreateKeyFile(cfg.KeyPath())
	if err != nil {
		return nil, fmt.Errorf("personal-data key: %w", err)
	}
	keys, err := fieldcrypt.NewKeys(master)
	if err != nil {
		return nil, err
	}
	a.Store = store.New(db, keys)
	if a.Catalog, err = i18n.Load(); err != nil {
		return nil, err
	}
	if home, err := a.Store.Setting(ctx, settingHomeRegion); err != nil {
		return nil, err
	} else if home != "" {
		a.HomeRegion = home
	}

	params := password.Default
	if cfg.FastPasswordHashing {
		params = password.Fast
	}
	a.Regions = region.NewManager(db, a.Store, a.Now)
	a.Identity, err = identity.NewManager(db, a.Store, a.Store, a.Store, a.Now, identity.Config{
		PasswordParams: params, SessionIdle: cfg.SessionIdle, SessionAbsolute: cfg.SessionAbsolute,
	})
	if err != nil {
		return nil, err
	}
	a.Items = catalog.NewManager(db, a.Store, a.Store, a.Store, a.Now, func(code string) bool {
		_, err := identity.ParseCreditCode(code)
		return err == nil
	})
	if err := a.newCases(); err != nil {
		return nil, err
	}
	a.LocalCalendar = region.NewLocalCalendar(db, a.Store, a.Store, a.Calendar, a.HomeRegion, a.Now)
	if err := a.LocalCalendar.Load(ctx); err != nil {
		return nil, fmt.Errorf("calendar overrides: %w", err)
	}
	if err := a.wireLicenses(ctx); err != nil {
		return nil, err
	}
	a.Cases.UseLicenses(licenseHolder{licenses: a.Licenses, now: a.Now})
	a.Bundles = bundle.NewManager(a.Store, a.Now)
	a.Search = search.NewManager(search.Deps{Catalog: a.Items, Departments: a.Regions, Bundles: a.Bundles, Store: a.Store,
		Tx: db, Audit: a.Store, HomeRegion: a.HomeRegion, Now: a.Now, Log: log})
	if err := a.Search.Rebuild(ctx); err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	follow, stop := context.WithCancel(context.Background())
	a.stopSearch = stop
	go a.Search.Follow(follow)
	if err := a.wirePayments(ctx, follow); err != nil {
		return nil, err
	}
	a.wireFees()
	a.wireDeliveries(follow)
	a.wireNotices(follow)
	a.wireRatings()
	a.wireHotline()
	if err := a.newUploads(); err != nil {
		return nil, err
	}

	a.Server = httpserver.New(httpserver.Options{
		Log: log, Catalog: a.Catalog, Auth: a.Identity, Ready: a.ready, SecureCookies: cfg.SecureCookies,
	})
	ui, err := web.New(web.Deps{Identity: a.Identity, Regions: a.Regions, Items: a.Items, Licenses: a.Licenses, Bundles: a.Bundles,
		Search: a.Search, Audit: a.Store, Catalog: a.Catalog, Log: log, Sandbox: a.Sandbox, Cases: a.Cases, Uploads: a.Uploads, Payments: a.Payments,
		Notices: a.Notices, Deliveries: a.Deliveries, LocalCalendar: a.LocalCalendar, PublicURL: cfg.BaseURL, Ratings: a.Ratings, Hotline: a.Hotline,
		HomeRegion: a.HomeRegion, Secure: cfg.SecureCookies, Theme: theme(cfg.Theme)})
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	a.Server.Sink.Page = ui.ErrorPage
	ui.Register(a.Server.Router)
	api.New(api.Deps{Identity: a.Identity, Regions: a.Regions, Items: a.Items, Licenses: a.Licenses, Bundles: a.Bundles,
		Search: a.Search, HomeRegion: a.HomeRegion, Audit: a.Store, Payments: a.Payments, Cases: a.Cases,
		Ratings: a.Ratings, Hotline: a.Hotline}).Register(a.Server.Router)
	open311.New(open311.Deps{Hotline: a.Hotline, Regions: a.Regions, Catalog: a.Catalog, Log: log}).Register(a.Server.Router)
	return a, nil
}

// Handler is the whole HTTP surface.
func (a *App) Handler() http.Handler { return a.Server.Handler() }

// ready reports whether the database answers and its schema is current.
func (a *App) ready(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := a.DB.Ping(ctx); err != nil {
		return err
	}
	pending, err := migrations.Check(ctx, a.DB)
	if err != nil {
		return err
	}
	if pending {
		return errors.New("migrations pending")
	}
	return nil
}

// Installed reports whether the install has been set up.
func (a *App) Installed(ctx context.Context) (bool, error) {
	v, err := a.Store.Setting(ctx, settingInstalled)
	return v != "", err
}

// InstallDemo loads the demo county into an empty install and returns the
// accounts to print. The settings are written in the same transaction as the
// data, so a crash half-way leaves an install that will try again.
func (a *App) InstallDemo(ctx context.Context) ([]demo.Account, error) {
	var accounts []demo.Account
	err := a.DB.InTx(ctx, func(ctx context.Context) error {
		var err error
		if accounts, err = demo.Install(ctx, a.Regions, a.Identity); err != nil {
			return err
		}
		if _, err := demo.InstallCatalog(ctx, demo.Catalog{Regions: a.Regions, Items: a.Items, Licenses: a.Licenses, Bundles: a.Bundles}); err != nil {
			return err
		}
		if err := demo.InstallLicenses(ctx, a.Licenses, a.Regions, a.Store); err != nil {
			return err
		}
		if err := a.Search.InstallDefaultSynonyms(ctx, demo.HomeRegion); err != nil {
			return err
		}
		if err := a.installHotline(ctx, demo.HomeRegion, true); err != nil {
			return err
		}
		if err := a.Store.SetSetting(ctx, settingHomeRegion, demo.HomeRegion); err != nil {
			return err
		}
		return a.Store.SetSetting(ctx, settingInstalled, a.Now().UTC().Format(time.RFC3339))
	})
	return accounts, err
}

// InstallEmpty records an install without demo data: only the home region's
// divisions, so an administrator can start adding departments.
func (a *App) InstallEmpty(ctx context.Context, home string) error {
	return a.DB.InTx(ctx, func(ctx context.Context) error {
		if err := a.Regions.InstallDivisions(ctx, home, 0); err != nil {
			return err
		}
		if err := a.installHotline(ctx, home, false); err != nil {
			return err
		}
		if err := a.Store.SetSetting(ctx, settingHomeRegion, home); err != nil {
			return err
		}
		return a.Store.SetSetting(ctx, settingInstalled, a.Now().UTC().Format(time.RFC3339))
	})
}

// Close stops the search follower and releases the database.
func (a *App) Close() error {
	a.stopSearch()
	return a.DB.Close()
}

// NewLogger builds the process logger from the config.
func NewLogger(cfg config.Config) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogJSON {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}

// theme opens the configured theme folder, or returns nil for the built-in look.
func theme(dir string) fs.FS {
	if dir == "" {
		return nil
	}
	return os.DirFS(dir)
}
