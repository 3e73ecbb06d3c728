package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/config"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/ui/uitest"
)

// trustProxies configures the platform to believe X-Forwarded-For from
// the given CIDRs (the test server's peer is 127.0.0.1).
func trustProxies(cidrs string) apptest.Option {
	return apptest.Config(func(c *config.Config) {
		ps, err := config.ParseTrustedProxies(cidrs)
		if err != nil {
			panic(err)
		}
		c.TrustedProxies = ps
	})
}

// loginVia submits the sign-in form with the given X-Forwarded-For header
// lines (none: no header).
func loginVia(t *testing.T, c *apptest.Client, email, password string, xff ...string) *apptest.Response {
	t.Helper()
	form := url.Values{"email": {email}, "password": {password}}
	req := c.NewRequest(t, http.MethodPost, "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, v := range xff {
		req.Header.Add("X-Forwarded-For", v)
	}
	return c.Do(t, req)
}

// lastAudit is the action and address of the newest audit entry.
func lastAudit(t *testing.T, e *apptest.Env) (action, ip string) {
	t.Helper()
	err := e.DB.QueryRow(context.Background(), `SELECT action, ip FROM audit_log ORDER BY seq DESC LIMIT 1`).Scan(&action, &ip)
	if err != nil {
		t.Fatal(err)
	}
	return action, ip
}

func TestClientAddressFromTrustedProxiesOnly(t *testing.T) {
	cases := []struct {
		name string
		xff  []string
		want string
	}{
		{"no header", nil, "127.0.0.1"},
		{"one hop", []string{"203.0.113.9"}, "203.0.113.9"},
		{"forged hops left of the client", []string{"198.51.100.1, 203.0.113.9"}, "203.0.113.9"},
		{"a second trusted proxy", []string{"203.0.113.9, 10.1.2.3"}, "203.0.113.9"},
		{"several header lines", []string{"198.51.100.1", "203.0.113.9"}, "203.0.113.9"},
		{"with a port", []string{"203.0.113.9:4711"}, "203.0.113.9"},
		{"IPv6 with a port", []string{"[2001:db8::1]:443"}, "2001:db8::1"},
		{"garbage stops at the last proxy", []string{"203.0.113.9, not-an-address"}, "127.0.0.1"},
		{"only proxies", []string{"10.1.2.3"}, "10.1.2.3"},
	}
	t.Run("untrusted peer", func(t *testing.T) {
		apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
			c := e.NewClient()
			for i, tc := range cases {
				email := "nobody" + strconv.Itoa(i) + "@example.org"
				apptest.WantStatus(t, loginVia(t, c, email, "wrong password!!", tc.xff...), http.StatusUnauthorized)
				if action, ip := lastAudit(t, e); action != "auth.login.failed" || ip != "127.0.0.1" {
					t.Errorf("%s: audit %s from %q, want the peer 127.0.0.1", tc.name, action, ip)
				}
			}
		})
	})
	t.Run("trusted peer", func(t *testing.T) {
		apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
			c := e.NewClient()
			for i, tc := range cases {
				// A different e-mail each time, so that the throttle
				// never answers instead.
				email := "nobody" + strconv.Itoa(i) + "@example.org"
				apptest.WantStatus(t, loginVia(t, c, email, "wrong password!!", tc.xff...), http.StatusUnauthorized)
				if action, ip := lastAudit(t, e); action != "auth.login.failed" || ip != tc.want {
					t.Errorf("%s: audit %s from %q, want %q", tc.name, action, ip, tc.want)
				}
			}
		}, trustProxies("127.0.0.1/32, 10.0.0.0/8"))
	})
}

// Behind a trusted reverse proxy every user arrives from the proxy's
// address: an attacker's failures must slow only the attacker's own
// (forwarded) address, and the audit log must name the real addresses.
func TestThrottleBehindProxy(t *testing.T) {
	const attacker, owner = "203.0.113.66", "198.51.100.20"
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		acc := e.AccountFor(t, core.RoleParticipant)
		bad := e.NewClient()
		for i := 0; i < 30; i++ {
			res := loginVia(t, bad, acc.Email, "wrong password number", attacker)
			if i < auth.FreePairFailures {
				apptest.WantStatus(t, res, http.StatusUnauthorized)
				continue
			}
			// Further attempts come too soon: 429, saying how long to wait.
			apptest.WantStatus(t, res, http.StatusTooManyRequests)
			if s, err := strconv.Atoi(res.Header.Get("Retry-After")); err != nil || s < 1 {
				t.Fatalf("Retry-After %q", res.Header.Get("Retry-After"))
			}
			if i == auth.FreePairFailures {
				doc := res.Doc(t)
				uitest.CheckPage(t, doc)
				if msg := uitest.Text(t, doc, ".error-summary"); !strings.Contains(msg, "1 second") {
					t.Errorf("429 message %q does not say how long to wait", msg)
				}
			}
		}
		// The same from the API, with a problem document.
		res := e.DoJSON(t, http.MethodPost, "/api/v1/auth/token", "", map[string]string{"email": acc.Email, "password": apptest.Password})
		apptest.WantStatus(t, res, http.StatusCreated) // from the proxy itself: not the attacker
		req := bad.NewRequest(t, http.MethodPost, "/api/v1/auth/token", strings.NewReader(`{"email":"`+acc.Email+`","password":"`+apptest.Password+`"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", attacker)
		res = bad.Do(t, req)
		if p := res.Problem(t); res.StatusCode != http.StatusTooManyRequests || p.Code != "rate_limited" || res.Header.Get("Retry-After") == "" {
			t.Fatalf("API from the attacker's address: %d %+v Retry-After %q", res.StatusCode, p, res.Header.Get("Retry-After"))
		}

		// The owner, through the same proxy from another address, signs
		// in at once; the audit log and the sessions list name the
		// forwarded address.
		good := e.NewClient()
		res = loginVia(t, good, acc.Email, apptest.Password, owner)
		apptest.WantStatus(t, res, http.StatusSeeOther)
		if action, ip := lastAudit(t, e); action != "auth.login" || ip != owner {
			t.Fatalf("audit %s from %q, want auth.login from %s", action, ip, owner)
		}
		ss, err := e.Auth.Sessions(apptest.SysCtx(), acc.ID)
		if err != nil || len(ss) != 1 || ss[0].IP != owner {
			t.Fatalf("sessions %+v %v", ss, err)
		}
		failed := 0
		rows, err := e.DB.Query(context.Background(), `SELECT ip FROM audit_log WHERE action = 'auth.login.failed'`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var ip string
			if err := rows.Scan(&ip); err != nil {
				t.Fatal(err)
			}
			if ip != attacker {
				t.Fatalf("failed sign-in recorded from %q, want %s", ip, attacker)
			}
			failed++
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if failed == 0 {
			t.Fatal("no failed sign-in recorded")
		}
	}, trustProxies("127.0.0.1/32"))
}
