package config

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseSMTP(t *testing.T) {
	ca := filepath.Join(t.TempDir(), "ca.pem")
	tests := []struct {
		name, in string
		want     SMTP
		wantErr  bool
	}{
		{name: "starttls with auth", in: "smtp://mailer:s%40cret@mail.example.org:2525",
			want: SMTP{Security: SMTPStartTLS, Host: "mail.example.org", Port: 2525, Username: "mailer", Password: "s@cret"}},
		{name: "starttls default port", in: "smtp://relay.example.org",
			want: SMTP{Security: SMTPStartTLS, Host: "relay.example.org", Port: 587}},
		{name: "implicit tls default port", in: "smtps://u:p@relay.example.org",
			want: SMTP{Security: SMTPTLS, Host: "relay.example.org", Port: 465, Username: "u", Password: "p"}},
		{name: "ipv6 host, from and ca", in: "smtp://[::1]:25?from=TOPCOP%20%3Cnoreply%40topcop.example.org%3E&ca=" + ca,
			want: SMTP{Security: SMTPStartTLS, Host: "::1", Port: 25, From: "TOPCOP <noreply@topcop.example.org>", CAFile: ca}},
		{name: "plain scheme refused", in: "mail://relay.example.org", wantErr: true},
		{name: "http refused", in: "http://relay.example.org", wantErr: true},
		{name: "no host", in: "smtp://", wantErr: true},
		{name: "bad port", in: "smtp://relay.example.org:0", wantErr: true},
		{name: "port out of range", in: "smtp://relay.example.org:70000", wantErr: true},
		{name: "path refused", in: "smtp://relay.example.org/x", wantErr: true},
		{name: "unknown parameter", in: "smtp://relay.example.org?tls=off", wantErr: true},
		{name: "bad from", in: "smtp://relay.example.org?from=nobody", wantErr: true},
		{name: "password without user", in: "smtp://:pw@relay.example.org", wantErr: true},
		{name: "empty", in: "", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseSMTP(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("ParseSMTP(%q) err = %v, wantErr %v", tt.in, err, tt.wantErr)
			}
			if err != nil {
				if strings.Contains(err.Error(), "cret") {
					t.Fatalf("error %q shows the password", err)
				}
				return
			}
			if got != tt.want {
				t.Fatalf("ParseSMTP(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
			if !got.Enabled() {
				t.Fatal("a parsed relay is not Enabled")
			}
		})
	}
}

func TestSMTPRedacted(t *testing.T) {
	m, err := ParseSMTP("smtps://mailer:s3cret@mail.example.org:465")
	if err != nil {
		t.Fatal(err)
	}
	if r := m.Redacted(); strings.Contains(r, "s3cret") || r != "smtps://mailer@mail.example.org:465" {
		t.Fatalf("Redacted() = %q", r)
	}
	if (SMTP{}).Enabled() || (SMTP{}).Redacted() != "(none)" {
		t.Fatal("the zero SMTP is not 'none'")
	}
}

// TestSMTPFromEnvAndFlag: TOPCOP_SMTP and --smtp set the relay, the flag
// over the environment; bad values are refused by both, and a ca= file
// that does not exist by Validate.
func TestSMTPFromEnvAndFlag(t *testing.T) {
	c := Default()
	if c.SMTP.Enabled() {
		t.Fatal("a relay by default")
	}
	env := map[string]string{"TOPCOP_SMTP": "smtp://u:p@env.example.org:587"}
	if err := c.FromEnv(func(k string) (string, bool) { v, ok := env[k]; return v, ok }); err != nil {
		t.Fatal(err)
	}
	if c.SMTP.Host != "env.example.org" || c.SMTP.Password != "p" {
		t.Fatalf("from env: %+v", c.SMTP)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c.ServeFlags(fs)
	if err := fs.Parse([]string{"--smtp", "smtps://flag.example.org"}); err != nil {
		t.Fatal(err)
	}
	if c.SMTP.Host != "flag.example.org" || c.SMTP.Security != SMTPTLS || c.SMTP.Username != "" {
		t.Fatalf("from the flag: %+v", c.SMTP)
	}

	for _, bad := range []string{"smtp:relay", "ftp://relay.example.org", "smtp://relay.example.org?from=x"} {
		c := Default()
		if err := c.FromEnv(func(k string) (string, bool) { return bad, k == "TOPCOP_SMTP" }); err == nil {
			t.Errorf("TOPCOP_SMTP=%q accepted", bad)
		}
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		c.ServeFlags(fs)
		if err := fs.Parse([]string{"--smtp=" + bad}); err == nil {
			t.Errorf("--smtp=%q accepted", bad)
		}
	}

	c = Default()
	missing := filepath.Join(t.TempDir(), "nope.pem")
	var err error
	if c.SMTP, err = ParseSMTP("smtp://relay.example.org?ca=" + missing); err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err == nil {
		t.Fatal("Validate accepted a missing ca file")
	}
	if err := os.WriteFile(missing, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatalf("Validate with the ca file there: %v", err)
	}
}
