// Package config is Tongban's typed configuration: read once in main from flags
// and TONGBAN_* environment variables, validated, and passed explicitly to
// whatever needs it. Nothing else in the program reads the environment.
package config

import (
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config is everything `tongban serve` and `tongban migrate` need to start.
type Config struct {
	Addr     string // listen address, e.g. 127.0.0.1:8080
	DataDir  string // local state: SQLite file, keys, uploaded files
	Database string // empty = SQLite in DataDir; postgres://… switches the engine
	Demo     bool   // load the 庄浪县 demo install on first start
	// HomeRegion is the division code of the region that runs this install; an
	// empty (non-demo) install starts with that region's divisions.
	HomeRegion string
	BaseURL    string // public URL used in links and printed at start; derived from Addr when empty
	LogLevel   string // debug, info, warn, error
	LogJSON    bool   // JSON logs for machines instead of text for people
	// Theme is a folder with templates/ and static/ that re-brand the site; empty
	// for the built-in look.
	Theme string

	// SQLiteSyncNormal trades the last few commits on power loss for write speed.
	// Off by default: an acknowledged application must survive a power cut.
	SQLiteSyncNormal bool

	SessionIdle     time.Duration // a session ends after this long without a request
	SessionAbsolute time.Duration // and in any case after this long
	SecureCookies   bool          // set Secure on cookies (behind TLS)
	// FastPasswordHashing uses cheap argon2id parameters; for tests and load
	// scripts only, never for a real install.
	FastPasswordHashing bool
	// SandboxCarrierStep is the time between two scans of the sandbox courier;
	// end-to-end tests shorten it to about a second.
	SandboxCarrierStep time.Duration

	// A case's supervision light turns yellow (预警) when at most
	// LightYellowDays working days remain, or at most LightYellowShare (0…1)
	// of its limit.
	LightYellowDays  int
	LightYellowShare float64

	// RatingWorkdays is the time, in working days from the rating, a
	// department has to rectify a bad rating (差评整改).
	RatingWorkdays int
}

// Default is the county-on-a-laptop configuration.
func Default() Config {
	return Config{
		Addr:               "127.0.0.1:8080",
		DataDir:            "tongban-data",
		Demo:               true,
		HomeRegion:         "620825",
		LogLevel:           "info",
		SessionIdle:        30 * time.Minute,
		SessionAbsolute:    12 * time.Hour,
		SandboxCarrierStep: 3 * time.Minute,

		LightYellowDays:  2,
		LightYellowShare: 0.2,

		RatingWorkdays: 5,
	}
}

// Load parses args (without the subcommand) over the defaults, with TONGBAN_*
// environment variables (looked up through getenv) taking effect below flags.
func Load(name string, args []string, getenv func(string) string) (Config, error) {
	c := Default()
	if err := c.applyEnv(getenv); err != nil {
		return c, err
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.StringVar(&c.Addr, "addr", c.Addr, "listen address (TONGBAN_ADDR)")
	fs.StringVar(&c.DataDir, "data", c.DataDir, "data directory for SQLite, keys and files (TONGBAN_DATA)")
	fs.StringVar(&c.Database, "database", c.Database, "postgres:// URL; empty for SQLite in the data directory (TONGBAN_DATABASE)")
	fs.BoolVar(&c.Demo, "demo", c.Demo, "load the 庄浪县 demo install on first start (TONGBAN_DEMO)")
	fs.StringVar(&c.HomeRegion, "region", c.HomeRegion, "division code of the region that runs this install, for an empty install (TONGBAN_REGION)")
	fs.StringVar(&c.BaseURL, "base-url", c.BaseURL, "public base URL (TONGBAN_BASE_URL)")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "debug, info, warn or error (TONGBAN_LOG_LEVEL)")
	fs.StringVar(&c.Theme, "theme", c.Theme, "folder with templates/ and static/ overriding the built-in look (TONGBAN_THEME)")
	fs.BoolVar(&c.LogJSON, "log-json", c.LogJSON, "write JSON logs (TONGBAN_LOG_JSON)")
	fs.BoolVar(&c.SQLiteSyncNormal, "sqlite-sync-normal", c.SQLiteSyncNormal, "SQLite synchronous=NORMAL: faster, may lose the last commits on power loss (TONGBAN_SQLITE_SYNC_NORMAL)")
	fs.DurationVar(&c.SessionIdle, "session-idle", c.SessionIdle, "idle session timeout (TONGBAN_SESSION_IDLE)")
	fs.DurationVar(&c.SessionAbsolute, "session-absolute", c.SessionAbsolute, "absolute session timeout (TONGBAN_SESSION_ABSOLUTE)")
	fs.BoolVar(&c.SecureCookies, "secure-cookies", c.SecureCookies, "mark cookies Secure, for installs behind TLS (TONGBAN_SECURE_COOKIES)")
	fs.BoolVar(&c.FastPasswordHashing, "fast-password-hashing", c.FastPasswordHashing, "cheap password hashing, for tests only (TONGBAN_FAST_PASSWORD_HASHING)")
	fs.DurationVar(&c.SandboxCarrierStep, "sandbox-carrier-step", c.SandboxCarrierStep, "time between two scans of the sandbox courier (TONGBAN_SANDBOX_CARRIER_STEP)")
	fs.IntVar(&c.LightYellowDays, "light-yellow-days", c.LightYellowDays, "a case turns yellow with at most this many working days left (TONGBAN_LIGHT_YELLOW_DAYS)")
	fs.Float64Var(&c.LightYellowShare, "light-yellow-share", c.LightYellowShare, "a case turns yellow with at most this share (0-1) of its limit left (TONGBAN_LIGHT_YELLOW_SHARE)")
	fs.IntVar(&c.RatingWorkdays, "rating-workdays", c.RatingWorkdays, "working days a department has to rectify a bad rating (TONGBAN_RATING_WORKDAYS)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return c, c.Validate()
}

func (c *Config) applyEnv(getenv func(string) string) error {
	str := func(key string, dst *string) {
		if v := getenv(key); v != "" {
			*dst = v
		}
	}
	var errs []error
	boolean := func(key string, dst *bool) {
		switch strings.ToLower(getenv(key)) {
		case "":
		case "1", "true", "yes", "on":
			*dst = true
		case "0", "false", "no", "off":
			*dst = false
		default:
			errs = append(errs, fmt.Errorf("%s: want true or false, got %q", key, getenv(key)))
		}
	}
	duration := func(key string, dst *time.Duration) {
		if v := getenv(key); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", key, err))
				return
			}
			*dst = d
		}
	}
	integer := func(key string, dst *int) {
		if v := getenv(key); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: want a whole number, got %q", key, v))
				return
			}
			*dst = n
		}
	}
	fraction := func(key string, dst *float64) {
		if v := getenv(key); v != "" {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: want a number between 0 and 1, got %q", key, v))
				return
			}
			*dst = f
		}
	}
	str("TONGBAN_ADDR", &c.Addr)
	str("TONGBAN_DATA", &c.DataDir)
	str("TONGBAN_DATABASE", &c.Database)
	boolean("TONGBAN_DEMO", &c.Demo)
	str("TONGBAN_REGION", &c.HomeRegion)
	str("TONGBAN_BASE_URL", &c.BaseURL)
	str("TONGBAN_LOG_LEVEL", &c.LogLevel)
	boolean("TONGBAN_LOG_JSON", &c.LogJSON)
	str("TONGBAN_THEME", &c.Theme)
	boolean("TONGBAN_SQLITE_SYNC_NORMAL", &c.SQLiteSyncNormal)
	duration("TONGBAN_SESSION_IDLE", &c.SessionIdle)
	duration("TONGBAN_SESSION_ABSOLUTE", &c.SessionAbsolute)
	boolean("TONGBAN_SECURE_COOKIES", &c.SecureCookies)
	boolean("TONGBAN_FAST_PASSWORD_HASHING", &c.FastPasswordHashing)
	duration("TONGBAN_SANDBOX_CARRIER_STEP", &c.SandboxCarrierStep)
	integer("TONGBAN_LIGHT_YELLOW_DAYS", &c.LightYellowDays)
	fraction("TONGBAN_LIGHT_YELLOW_SHARE", &c.LightYellowShare)
	integer("TONGBAN_RATING_WORKDAYS", &c.RatingWorkdays)
	return errors.Join(errs...)
}

// Validate reports every problem at once, so an operator fixes them in one go.
func (c *Config) Validate() error {
	var errs []error
	if c.Addr == "" {
		errs = append(errs, errors.New("addr must not be empty"))
	}
	if c.DataDir == "" {
		errs = append(errs, errors.New("data directory must not be empty"))
	}
	if c.Database != "" && !c.UsesPostgres() {
		errs = append(errs, fmt.Errorf("database must be a postgres:// URL or empty for SQLite, got %q", redactDSN(c.Database)))
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("log level must be debug, info, warn or error, got %q", c.LogLevel))
	}
	if c.SessionIdle <= 0 || c.SessionAbsolute <= 0 {
		errs = append(errs, errors.New("session timeouts must be positive"))
	}
	if c.SessionIdle > c.SessionAbsolute {
		errs = append(errs, errors.New("idle session timeout must not exceed the absolute timeout"))
	}
	if c.LightYellowDays < 0 || c.LightYellowDays > 60 {
		errs = append(errs, fmt.Errorf("light-yellow-days must be between 0 and 60, got %d", c.LightYellowDays))
	}
	if !(c.LightYellowShare >= 0 && c.LightYellowShare <= 1) {
		errs = append(errs, fmt.Errorf("light-yellow-share must be between 0 and 1, got %v", c.LightYellowShare))
	}
	if c.RatingWorkdays < 1 || c.RatingWorkdays > 60 {
		errs = append(errs, fmt.Errorf("rating-workdays must be between 1 and 60, got %d", c.RatingWorkdays))
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://" + c.Addr
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	return errors.Join(errs...)
}

// UsesPostgres reports whether the configured database is PostgreSQL.
func (c Config) UsesPostgres() bool {
	return strings.HasPrefix(c.Database, "postgres://") || strings.HasPrefix(c.Database, "postgresql://")
}

// SQLitePath is the database file used when no PostgreSQL URL is given.
func (c Config) SQLitePath() string { return filepath.Join(c.DataDir, "tongban.db") }

// KeyPath is the master key for personal-data encryption.
func (c Config) KeyPath() string { return filepath.Join(c.DataDir, "keys", "master.key") }

// FilesDir is where uploaded and generated files live on local disk.
func (c Config) FilesDir() string { return filepath.Join(c.DataDir, "files") }

// DatabaseForLog describes the database without its password.
func (c Config) DatabaseForLog() string {
	if c.UsesPostgres() {
		return redactDSN(c.Database)
	}
	return "sqlite:" + c.SQLitePath()
}

func redactDSN(dsn string) string {
	scheme, rest, ok := strings.Cut(dsn, "://")
	if !ok {
		return "(unparseable)"
	}
	creds, host, ok := strings.Cut(rest, "@")
	if !ok {
		return dsn
	}
	user, _, _ := strings.Cut(creds, ":")
	return scheme + "://" + user + ":***@" + host
}
