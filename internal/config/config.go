// Package config holds the one Config value of a process: defaults, then
// TOPCOP_* environment variables, then command-line flags, validated once
// and passed down. Nothing reads the environment anywhere else.
package config

import (
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"time"
)

// Defaults (DESIGN.md §5).
const (
	DefaultDSN  = "sqlite:./topcop-data/topcop.db"
	DefaultAddr = "127.0.0.1:8080"
)

// Config is every setting of the process.
type Config struct {
	DB        DSN
	Addr      string
	LogFormat string // "text" or "json"
	LogLevel  string // "debug", "info", "warn", "error"
	// PublicURL is the address users reach the platform at; it decides
	// whether cookies are marked Secure and names the TOTP issuer host.
	PublicURL string
	// SessionTTL is how long an idle browser session stays valid.
	SessionTTL time.Duration
	// ShutdownTimeout bounds graceful shutdown.
	ShutdownTimeout time.Duration
}

// Default returns the configuration before environment and flags.
func Default() Config {
	dsn, _ := ParseDSN(DefaultDSN)
	return Config{
		DB:              dsn,
		Addr:            DefaultAddr,
		LogFormat:       "text",
		LogLevel:        "info",
		SessionTTL:      12 * time.Hour,
		ShutdownTimeout: 15 * time.Second,
	}
}

// SecureCookies reports whether cookies must carry the Secure attribute.
func (c Config) SecureCookies() bool { return strings.HasPrefix(c.PublicURL, "https://") }

// Env is the environment as a lookup function (os.LookupEnv in main, a map
// in tests).
type Env func(string) (string, bool)

// FromEnv applies TOPCOP_* variables to c.
func (c *Config) FromEnv(env Env) error {
	if env == nil {
		env = os.LookupEnv
	}
	if v, ok := env("TOPCOP_DB"); ok && v != "" {
		d, err := ParseDSN(v)
		if err != nil {
			return fmt.Errorf("TOPCOP_DB: %w", err)
		}
		c.DB = d
	}
	if v, ok := env("TOPCOP_ADDR"); ok && v != "" {
		c.Addr = v
	}
	if v, ok := env("TOPCOP_LOG_FORMAT"); ok && v != "" {
		c.LogFormat = v
	}
	if v, ok := env("TOPCOP_LOG_LEVEL"); ok && v != "" {
		c.LogLevel = v
	}
	if v, ok := env("TOPCOP_PUBLIC_URL"); ok && v != "" {
		c.PublicURL = v
	}
	if v, ok := env("TOPCOP_SESSION_TTL"); ok && v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("TOPCOP_SESSION_TTL: %w", err)
		}
		c.SessionTTL = d
	}
	return nil
}

// DBFlag registers --db on fs, writing into c.
func (c *Config) DBFlag(fs *flag.FlagSet) {
	fs.Func("db", "database DSN: sqlite:PATH or postgres://… (env TOPCOP_DB)", func(s string) error {
		d, err := ParseDSN(s)
		if err != nil {
			return err
		}
		c.DB = d
		return nil
	})
}

// ServeFlags registers the flags of `topcop serve` on fs.
func (c *Config) ServeFlags(fs *flag.FlagSet) {
	c.DBFlag(fs)
	fs.StringVar(&c.Addr, "addr", c.Addr, "listen address HOST:PORT (env TOPCOP_ADDR)")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "log format: text or json (env TOPCOP_LOG_FORMAT)")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "log level: debug, info, warn, error (env TOPCOP_LOG_LEVEL)")
	fs.StringVar(&c.PublicURL, "public-url", c.PublicURL, "public URL, e.g. https://topcop.example.org (env TOPCOP_PUBLIC_URL)")
}

// Validate checks c as a whole.
func (c Config) Validate() error {
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("addr %q: want HOST:PORT", c.Addr)
	}
	switch c.LogFormat {
	case "text", "json":
	default:
		return fmt.Errorf("log format %q: want text or json", c.LogFormat)
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("log level %q: want debug, info, warn or error", c.LogLevel)
	}
	if c.PublicURL != "" {
		u, err := url.Parse(c.PublicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("public URL %q: want http(s)://HOST", c.PublicURL)
		}
	}
	if c.SessionTTL < time.Minute {
		return fmt.Errorf("session TTL %s: at least 1m", c.SessionTTL)
	}
	return nil
}

// Engine names.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// DSN is a parsed database address.
type DSN struct {
	Engine string // SQLite or Postgres
	// Path is the SQLite file (":memory:" is refused: the writer and the
	// read pool must share one database).
	Path string
	// URL is the PostgreSQL connection URL as given.
	URL string
}

func (d DSN) String() string {
	if d.Engine == SQLite {
		return "sqlite:" + d.Path
	}
	return d.URL
}

// Redacted returns the DSN with any password masked, for logs.
func (d DSN) Redacted() string {
	if d.Engine != Postgres {
		return d.String()
	}
	u, err := url.Parse(d.URL)
	if err != nil {
		return "postgres://…"
	}
	return u.Redacted()
}

// ParseDSN parses "sqlite:PATH" or "postgres://…" / "postgresql://…".
func ParseDSN(s string) (DSN, error) {
	switch {
	case strings.HasPrefix(s, "sqlite:"):
		p := strings.TrimPrefix(s, "sqlite:")
		p = strings.TrimPrefix(p, "//") // sqlite:///abs/path
		if p == "" {
			return DSN{}, fmt.Errorf("dsn %q: empty SQLite path", s)
		}
		if p == ":memory:" || strings.HasPrefix(p, "file:") || strings.ContainsAny(p, "?#\x00") {
			return DSN{}, fmt.Errorf("dsn %q: want sqlite:PATH to a file, without options", s)
		}
		return DSN{Engine: SQLite, Path: p}, nil
	case strings.HasPrefix(s, "postgres://"), strings.HasPrefix(s, "postgresql://"):
		u, err := url.Parse(s)
		if err != nil {
			return DSN{}, fmt.Errorf("dsn: invalid PostgreSQL URL: %v", redactErr(err))
		}
		if u.Host == "" && u.Query().Get("host") == "" {
			return DSN{}, fmt.Errorf("dsn: PostgreSQL URL without host")
		}
		if strings.ContainsRune(s, 0) {
			return DSN{}, fmt.Errorf("dsn: NUL byte in URL")
		}
		return DSN{Engine: Postgres, URL: s}, nil
	default:
		return DSN{}, fmt.Errorf("dsn %q: want sqlite:PATH or postgres://…", truncate(s, 40))
	}
}

// redactErr avoids echoing a password from a URL parse error.
func redactErr(err error) string {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err.Error()
	}
	return "malformed"
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
