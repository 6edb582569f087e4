// Command tongban runs the Tongban integrated online government service platform.
//
//	tongban serve     run the platform (SQLite in ./tongban-data by default, demo data on first start)
//	tongban migrate   apply database migrations and exit
//	tongban version   print the version
//	tongban verify    check a license file offline (signatures, seal, log inclusion)
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/tongban/tongban/internal/app"
	"github.com/tongban/tongban/internal/config"
	"github.com/tongban/tongban/internal/demo"
	"github.com/tongban/tongban/internal/migrations"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	if err := run(os.Args[1:], os.Getenv, os.Stdout); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "tongban:", err)
		}
		os.Exit(1)
	}
}

func run(args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(stdout, "usage: tongban serve|migrate|verify|version [flags]   (tongban serve -h for the flags)")
		return errors.New("no command given")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "version":
		fmt.Fprintf(stdout, "tongban %s (schema %d)\n", buildVersion(), migrations.Latest())
		return nil
	case "migrate":
		cfg, err := config.Load("migrate", rest, getenv)
		if err != nil {
			return err
		}
		return migrate(cfg, stdout)
	case "serve":
		cfg, err := config.Load("serve", rest, getenv)
		if err != nil {
			return err
		}
		return serve(cfg, stdout)
	case "verify":
		return verify(rest, stdout)
	}
	return fmt.Errorf("unknown command %q: want serve, migrate, verify or version", cmd)
}

func buildVersion() string {
	if version != "dev" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return "dev-" + s.Value[:12]
			}
		}
	}
	return version
}

func migrate(cfg config.Config, stdout io.Writer) error {
	ctx := context.Background()
	db, err := app.Open(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := migrations.Apply(ctx, db)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: applied %d migration(s); schema is at version %d\n", cfg.DatabaseForLog(), len(applied), migrations.Latest())
	return nil
}

func serve(cfg config.Config, stdout io.Writer) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := app.NewLogger(cfg)
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return fmt.Errorf("create data directory: %w", err)
	}
	a, err := app.New(ctx, cfg, log, app.Options{})
	if err != nil {
		return err
	}
	defer a.Close()

	installed, err := a.Installed(ctx)
	if err != nil {
		return err
	}
	var accounts []demo.Account
	if !installed {
		if cfg.Demo {
			if accounts, err = a.InstallDemo(ctx); err != nil {
				return fmt.Errorf("install demo: %w", err)
			}
			// Index the demo catalog before listening, so the first search finds it.
			if err := a.Search.Sync(ctx); err != nil {
				return fmt.Errorf("index the demo catalog: %w", err)
			}
		} else if err := a.InstallEmpty(ctx, cfg.HomeRegion); err != nil {
			return fmt.Errorf("install: %w", err)
		}
	}

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: a.Handler(), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second}
	log.Info("serving", "url", cfg.BaseURL, "database", cfg.DatabaseForLog(), "version", buildVersion())
	fmt.Fprintf(stdout, "\nTongban 通办 is running at %s\n", cfg.BaseURL)
	printAccounts(stdout, accounts, installed && cfg.Demo)

	go a.RunJobs(ctx)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	return srv.Shutdown(shutdown)
}

func printAccounts(w io.Writer, accounts []demo.Account, already bool) {
	if already {
		fmt.Fprintf(w, "Demo install already loaded. Demo accounts use the password %s (e.g. staff \"admin\", citizen 620825196302140118).\n\n", demo.Password)
		return
	}
	if len(accounts) == 0 {
		return
	}
	fmt.Fprintln(w, "\nDemo accounts (password for all: "+demo.Password+"):")
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  kind\tsign in with\tname\trole / phone\tscope")
	for _, a := range accounts {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", a.Kind, a.Login, a.Name, a.Role, a.Scope)
	}
	tw.Flush()
	fmt.Fprintln(w, "\nCitizens sign in at /login, staff at /staff/login.")
}
