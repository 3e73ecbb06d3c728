// Package config holds the one Config value of a process: defaults, then
// TOPCOP_* environment variables, then command-line flags, validated once
// and passed down. Nothing reads the environment anywhere else.
package config

import (
	"flag"
	"fmt"
	"net"
	"net/mail"
	"net/netip"
	"net/url"
	"os"
	"strconv"
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
	// TrustedProxies are the reverse proxies whose X-Forwarded-For the
	// server believes: the client address is the rightmost hop that is not
	// one of them. Empty: the peer address is the client.
	TrustedProxies []netip.Prefix
	// MetricsAddr, if set, is a separate listen address for /metrics
	// (e.g. 127.0.0.1:9090), which the main address then does not serve.
	MetricsAddr string
	// MetricsToken, if set, is the bearer token /metrics requires
	// (environment only: a flag would show it in ps).
	MetricsToken string
	// AuditKeyFile is a file holding the Ed25519 seed (base64) that signs
	// checkpoints of the audit chain; AuditKey is the same seed given
	// directly (environment only: a flag would show it in ps). Both empty:
	// checkpoints are off (docs/operations.md).
	AuditKeyFile string
	AuditKey     string
	// SMTP is the mail relay (--smtp, TOPCOP_SMTP); the zero value sends
	// no mail: it waits in the outbox admins read (docs/operations.md).
	SMTP SMTP
	// CertIssuer, CertSignatory and CertSignatoryRole are what every
	// certificate prints as its issuing body and signatory
	// (TOPCOP_CERT_ISSUER, TOPCOP_CERT_SIGNATORY,
	// TOPCOP_CERT_SIGNATORY_ROLE); empty: the certs capability's defaults.
	CertIssuer, CertSignatory, CertSignatoryRole string
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
	if v, ok := env("TOPCOP_METRICS_ADDR"); ok && v != "" {
		c.MetricsAddr = v
	}
	if v, ok := env("TOPCOP_METRICS_TOKEN"); ok && v != "" {
		c.MetricsToken = v
	}
	if v, ok := env("TOPCOP_AUDIT_KEY_FILE"); ok && v != "" {
		c.AuditKeyFile = v
	}
	if v, ok := env("TOPCOP_AUDIT_KEY"); ok && v != "" {
		c.AuditKey = v
	}
	for name, field := range map[string]*string{"TOPCOP_CERT_ISSUER": &c.CertIssuer, "TOPCOP_CERT_SIGNATORY": &c.CertSignatory,
		"TOPCOP_CERT_SIGNATORY_ROLE": &c.CertSignatoryRole} {
		if v, ok := env(name); ok && v != "" {
			*field = v
		}
	}
	if v, ok := env("TOPCOP_SMTP"); ok && v != "" {
		m, err := ParseSMTP(v)
		if err != nil {
			return fmt.Errorf("TOPCOP_SMTP: %w", err)
		}
		c.SMTP = m
	}
	if v, ok := env("TOPCOP_TRUSTED_PROXIES"); ok && v != "" {
		ps, err := ParseTrustedProxies(v)
		if err != nil {
			return fmt.Errorf("TOPCOP_TRUSTED_PROXIES: %w", err)
		}
		c.TrustedProxies = ps
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

// AuditKeyFlag registers --audit-key on fs, writing into c.
func (c *Config) AuditKeyFlag(fs *flag.FlagSet) {
	fs.StringVar(&c.AuditKeyFile, "audit-key", c.AuditKeyFile, "file holding the Ed25519 seed (base64) that signs audit checkpoints (env TOPCOP_AUDIT_KEY_FILE, or the seed itself in TOPCOP_AUDIT_KEY)")
}

// SMTPFlag registers --smtp on fs, writing into c.
func (c *Config) SMTPFlag(fs *flag.FlagSet) {
	fs.Func("smtp", "mail relay: smtp://USER:PASS@HOST:PORT (STARTTLS) or smtps://… (TLS), optional ?from=ADDRESS&ca=PEM-FILE; unset: mail waits in the outbox (env TOPCOP_SMTP, which keeps the password out of ps)", func(s string) error {
		m, err := ParseSMTP(s)
		if err != nil {
			return err
		}
		c.SMTP = m
		return nil
	})
}

// ServeFlags registers the flags of `topcop serve` on fs.
func (c *Config) ServeFlags(fs *flag.FlagSet) {
	c.DBFlag(fs)
	c.AuditKeyFlag(fs)
	fs.StringVar(&c.Addr, "addr", c.Addr, "listen address HOST:PORT (env TOPCOP_ADDR)")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "log format: text or json (env TOPCOP_LOG_FORMAT)")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "log level: debug, info, warn, error (env TOPCOP_LOG_LEVEL)")
	fs.StringVar(&c.PublicURL, "public-url", c.PublicURL, "public URL, e.g. https://topcop.example.org (env TOPCOP_PUBLIC_URL)")
	fs.Func("trusted-proxies", "comma-separated CIDRs of reverse proxies whose X-Forwarded-For is believed, e.g. 127.0.0.1/32,10.0.0.0/8 (env TOPCOP_TRUSTED_PROXIES)", func(s string) error {
		ps, err := ParseTrustedProxies(s)
		if err != nil {
			return err
		}
		c.TrustedProxies = ps
		return nil
	})
	c.SMTPFlag(fs)
	fs.StringVar(&c.MetricsAddr, "metrics-addr", c.MetricsAddr, "separate listen address HOST:PORT for /metrics, which --addr then does not serve (env TOPCOP_METRICS_ADDR; a bearer token in TOPCOP_METRICS_TOKEN)")
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
	if c.AuditKeyFile != "" && c.AuditKey != "" {
		return fmt.Errorf("audit key: give a key file (--audit-key, TOPCOP_AUDIT_KEY_FILE) or TOPCOP_AUDIT_KEY, not both")
	}
	if c.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(c.MetricsAddr); err != nil {
			return fmt.Errorf("metrics addr %q: want HOST:PORT", c.MetricsAddr)
		}
		if c.MetricsAddr == c.Addr {
			return fmt.Errorf("metrics addr %q: the same as addr; give another port, or none", c.MetricsAddr)
		}
	}
	if c.MetricsToken != "" && len(c.MetricsToken) < 16 {
		return fmt.Errorf("metrics token: at least 16 characters")
	}
	if c.SMTP.CAFile != "" {
		if _, err := os.Stat(c.SMTP.CAFile); err != nil {
			return fmt.Errorf("smtp: ca file: %w", err)
		}
	}
	if c.SessionTTL < time.Minute {
		return fmt.Errorf("session TTL %s: at least 1m", c.SessionTTL)
	}
	return nil
}

// ParseTrustedProxies parses a comma-separated list of CIDRs
// ("10.0.0.0/8, 192.0.2.1/32"); a bare address counts as a single host.
// Empty items are skipped; anything else that is not an address or CIDR is
// an error naming it. IPv4-mapped IPv6 addresses are unmapped, as client
// addresses are.
func ParseTrustedProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for item := range strings.SplitSeq(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		var p netip.Prefix
		if strings.Contains(item, "/") {
			var err error
			if p, err = netip.ParsePrefix(item); err != nil {
				return nil, fmt.Errorf("trusted proxy %q: want a CIDR like 10.0.0.0/8", truncate(item, 50))
			}
		} else {
			a, err := netip.ParseAddr(item)
			if err != nil || a.Zone() != "" {
				return nil, fmt.Errorf("trusted proxy %q: want a CIDR like 10.0.0.0/8", truncate(item, 50))
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		if p.Addr().Is4In6() && p.Bits() >= 96 {
			p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// SMTP security: how the connection to the relay is encrypted. There is
// no plain-text mode: the password and the mail would cross the network
// in the clear.
const (
	SMTPStartTLS = "starttls" // smtp://: STARTTLS, required
	SMTPTLS      = "tls"      // smtps://: TLS from the first byte
)

// SMTP is a parsed mail relay address (--smtp, TOPCOP_SMTP):
//
//	smtp://USER:PASS@HOST:PORT   STARTTLS required (port 587 if none)
//	smtps://USER:PASS@HOST:PORT  implicit TLS (port 465 if none)
//
// USER and PASS are percent-encoded and optional (no AUTH without them).
// Query parameters: from= the sender ("TOPCOP <noreply@example.org>" or
// a bare address; default noreply@ the public URL's host), ca= a PEM file
// of CA certificates to trust instead of the system's (a relay with a
// private CA). The zero value means no relay.
type SMTP struct {
	Security string // SMTPStartTLS or SMTPTLS; "" when unset
	Host     string
	Port     int
	Username string
	Password string
	From     string // as given, "" for the default
	CAFile   string
}

// Enabled reports whether a relay is configured.
func (m SMTP) Enabled() bool { return m.Host != "" }

// Redacted is the relay's address without its password, for logs.
func (m SMTP) Redacted() string {
	if !m.Enabled() {
		return "(none)"
	}
	scheme := "smtp"
	if m.Security == SMTPTLS {
		scheme = "smtps"
	}
	u := url.URL{Scheme: scheme, Host: net.JoinHostPort(m.Host, strconv.Itoa(m.Port))}
	if m.Username != "" {
		u.User = url.User(m.Username)
	}
	return u.String()
}

// ParseSMTP parses a relay address (see SMTP). Errors name what is wrong
// without echoing the password.
func ParseSMTP(s string) (SMTP, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return SMTP{}, fmt.Errorf("smtp: invalid URL: %v", redactErr(err))
	}
	var m SMTP
	switch u.Scheme {
	case "smtp":
		m.Security, m.Port = SMTPStartTLS, 587
	case "smtps":
		m.Security, m.Port = SMTPTLS, 465
	default:
		return SMTP{}, fmt.Errorf("smtp: want smtp://USER:PASS@HOST:PORT (STARTTLS) or smtps://… (TLS), not %q", truncate(u.Scheme, 20))
	}
	if u.Opaque != "" || (u.Path != "" && u.Path != "/") || u.Fragment != "" {
		return SMTP{}, fmt.Errorf("smtp: want only USER:PASS@HOST:PORT and ?from=, ?ca= in the URL")
	}
	m.Host = u.Hostname()
	if m.Host == "" || strings.ContainsAny(m.Host, " \x00") {
		return SMTP{}, fmt.Errorf("smtp: URL without host")
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return SMTP{}, fmt.Errorf("smtp: port %q: want 1 to 65535", truncate(p, 10))
		}
		m.Port = n
	}
	if u.User != nil {
		m.Username = u.User.Username()
		m.Password, _ = u.User.Password()
		if m.Username == "" && m.Password != "" {
			return SMTP{}, fmt.Errorf("smtp: a password without a user name")
		}
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return SMTP{}, fmt.Errorf("smtp: invalid query: %v", err)
	}
	for k, vs := range q {
		if len(vs) != 1 {
			return SMTP{}, fmt.Errorf("smtp: %s given %d times", truncate(k, 20), len(vs))
		}
		switch k {
		case "from":
			a, err := mail.ParseAddress(vs[0])
			if err != nil || !strings.Contains(a.Address, "@") {
				return SMTP{}, fmt.Errorf("smtp: from %q: want an e-mail address, optionally with a name", truncate(vs[0], 60))
			}
			m.From = vs[0]
		case "ca":
			if vs[0] == "" {
				return SMTP{}, fmt.Errorf("smtp: ca: want the path of a PEM file")
			}
			m.CAFile = vs[0]
		default:
			return SMTP{}, fmt.Errorf("smtp: unknown parameter %q (want from or ca)", truncate(k, 20))
		}
	}
	return m, nil
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
