package config

import (
	"flag"
	"io"
	"net/netip"
	"strings"
	"testing"
	"time"
)

func TestParseDSN(t *testing.T) {
	tests := []struct {
		name, in string
		engine   string
		wantErr  bool
	}{
		{"default sqlite", "sqlite:./topcop-data/topcop.db", SQLite, false},
		{"absolute sqlite", "sqlite:///var/lib/topcop/db.sqlite", SQLite, false},
		{"postgres", "postgres://u:p@127.0.0.1:5432/topcop?sslmode=disable", Postgres, false},
		{"postgresql scheme", "postgresql://127.0.0.1/topcop", Postgres, false},
		{"memory refused", "sqlite::memory:", "", true},
		{"empty path", "sqlite:", "", true},
		{"sqlite options refused", "sqlite:x.db?_pragma=foo", "", true},
		{"unknown scheme", "mysql://localhost/x", "", true},
		{"empty", "", "", true},
		{"postgres without host", "postgres:///db", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ParseDSN(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("ParseDSN(%q) err = %v, wantErr %v", tt.in, err, tt.wantErr)
			}
			if err == nil && d.Engine != tt.engine {
				t.Fatalf("engine = %q, want %q", d.Engine, tt.engine)
			}
		})
	}
}

func TestRedactedHidesPassword(t *testing.T) {
	d, err := ParseDSN("postgres://alice:s3cret@db:5432/topcop")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(d.Redacted(), "s3cret") {
		t.Fatalf("Redacted() = %q leaks the password", d.Redacted())
	}
}

func TestEnvThenValidate(t *testing.T) {
	env := map[string]string{
		"TOPCOP_DB":          "postgres://127.0.0.1/topcop",
		"TOPCOP_ADDR":        "0.0.0.0:9000",
		"TOPCOP_LOG_FORMAT":  "json",
		"TOPCOP_SESSION_TTL": "2h",
	}
	c := Default()
	if err := c.FromEnv(func(k string) (string, bool) { v, ok := env[k]; return v, ok }); err != nil {
		t.Fatal(err)
	}
	if c.DB.Engine != Postgres || c.Addr != "0.0.0.0:9000" || c.LogFormat != "json" || c.SessionTTL != 2*time.Hour {
		t.Fatalf("config from env = %+v", c)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := []map[string]string{
		{"TOPCOP_DB": "oracle://x"},
		{"TOPCOP_SESSION_TTL": "forever"},
	}
	for _, e := range bad {
		c := Default()
		if err := c.FromEnv(func(k string) (string, bool) { v, ok := e[k]; return v, ok }); err == nil {
			t.Fatalf("FromEnv(%v) accepted", e)
		}
	}
	for _, mut := range []func(*Config){
		func(c *Config) { c.Addr = "nohostport" },
		func(c *Config) { c.LogFormat = "xml" },
		func(c *Config) { c.LogLevel = "loud" },
		func(c *Config) { c.PublicURL = "ftp://x" },
		func(c *Config) { c.SessionTTL = time.Second },
	} {
		c := Default()
		mut(&c)
		if err := c.Validate(); err == nil {
			t.Fatalf("Validate accepted %+v", c)
		}
	}
}

func FuzzParseDSN(f *testing.F) {
	for _, s := range []string{"sqlite:a.db", "postgres://u:p@h:5432/d?sslmode=disable", "postgresql://[::1]/x", "sqlite:", "postgres://%zz", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDSN(s)
		if err != nil {
			return
		}
		switch d.Engine {
		case SQLite:
			if d.Path == "" {
				t.Fatalf("empty path accepted from %q", s)
			}
		case Postgres:
			if d.URL != s {
				t.Fatalf("URL changed")
			}
			_ = d.Redacted()
		default:
			t.Fatalf("unknown engine %q", d.Engine)
		}
		// A parsed DSN re-parses to itself.
		d2, err := ParseDSN(d.String())
		if err != nil || d2 != d {
			t.Fatalf("round trip of %q: %v %+v", s, err, d2)
		}
	})
}

func TestTrustedProxies(t *testing.T) {
	c := Default()
	env := map[string]string{"TOPCOP_TRUSTED_PROXIES": " 10.0.0.0/8, 192.0.2.7 ,::ffff:127.0.0.1,2001:db8::/32,"}
	if err := c.FromEnv(func(k string) (string, bool) { v, ok := env[k]; return v, ok }); err != nil {
		t.Fatal(err)
	}
	want := []string{"10.0.0.0/8", "192.0.2.7/32", "127.0.0.1/32", "2001:db8::/32"}
	if len(c.TrustedProxies) != len(want) {
		t.Fatalf("trusted proxies %v, want %v", c.TrustedProxies, want)
	}
	for i, p := range c.TrustedProxies {
		if p.String() != want[i] {
			t.Fatalf("trusted proxies %v, want %v", c.TrustedProxies, want)
		}
	}
	if !c.TrustedProxies[2].Contains(netip.MustParseAddr("127.0.0.1")) {
		t.Fatal("an IPv4-mapped proxy does not match the IPv4 peer")
	}

	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c = Default()
	c.ServeFlags(fs)
	if err := fs.Parse([]string{"--trusted-proxies", "127.0.0.1/32"}); err != nil {
		t.Fatal(err)
	}
	if len(c.TrustedProxies) != 1 || c.TrustedProxies[0].String() != "127.0.0.1/32" {
		t.Fatalf("from the flag: %v", c.TrustedProxies)
	}

	for _, bad := range []string{"10.0.0.0/33", "proxy.example.org", "10.0.0.1/8/1", "fe80::1%eth0", "*"} {
		if _, err := ParseTrustedProxies(bad); err == nil {
			t.Errorf("ParseTrustedProxies(%q) accepted", bad)
		}
		c := Default()
		if err := c.FromEnv(func(k string) (string, bool) { return bad, k == "TOPCOP_TRUSTED_PROXIES" }); err == nil {
			t.Errorf("TOPCOP_TRUSTED_PROXIES=%q accepted", bad)
		}
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		c.ServeFlags(fs)
		if err := fs.Parse([]string{"--trusted-proxies=" + bad}); err == nil {
			t.Errorf("--trusted-proxies=%q accepted", bad)
		}
	}
}
