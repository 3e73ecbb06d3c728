package config

import (
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
