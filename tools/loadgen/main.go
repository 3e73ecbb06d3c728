// Command loadgen measures the directory list API and list page, and the
// training calendar month page, activities list page and activities list
// API, under concurrent load, next to a bare net/http handler on the same
// machine as the ceiling. It signs in with a demo account that needs no second
// factor, then drives each target with -c connections for -w (warm-up,
// not counted) and then -d, and prints throughput and latency percentiles
// as a Markdown table.
//
//	go run ./tools/loadgen -base http://127.0.0.1:8080 -c 64 -d 20s
//
// The public certificate verification page (/verify/{code}) is driven
// with a different client address per request in X-Forwarded-For, as a
// proxy would send it: the page limits each address to 30 a minute, so
// the server must trust loopback as a proxy (serve --trusted-proxies
// 127.0.0.1/32, as scripts/load.sh does); the code is a demo certificate
// of one of the trainer's activities.
//
// -month picks the calendar's month (one with demo activities); -only
// drives just the targets whose name contains it (and the ceiling), to
// profile one handler under load.
//
// It only talks to loopback addresses: a load test never leaves the machine.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	base := flag.String("base", "http://127.0.0.1:8080", "platform base URL (loopback only)")
	email := flag.String("email", "trainer@demo.example.org", "account to sign in with (no TOTP)")
	password := flag.String("password", "topcop-demo-2026", "its password")
	conns := flag.Int("c", 64, "concurrent connections")
	dur := flag.Duration("d", 20*time.Second, "duration per target")
	warm := flag.Duration("w", 2*time.Second, "warm-up per target, driven like the run but not counted (caches, pools, the collector's pacing)")
	maxReq := flag.Int("n", 2_000_000, "upper bound of requests per target")
	only := flag.String("only", "", "run only the targets whose name contains this (the ceiling always runs), e.g. for a profile of one handler")
	month := flag.String("month", "2026-05", "month (YYYY-MM) of the calendar month page: one with activities in the demo data")
	flag.Parse()

	u, err := url.Parse(*base)
	if err != nil || !isLoopback(u.Hostname()) {
		fail("refusing to load %q: only loopback addresses are allowed", *base)
	}
	token := apiToken(*base, *email, *password)
	jar := webSession(*base, *email, *password)

	bare := startBare()
	defer bare.Close()

	code := certificateCode(*base, token)
	targets := []struct {
		name string
		url  string
		hdr  http.Header
		jar  http.CookieJar
	}{
		{"bare net/http handler (ceiling)", "http://" + bare.Addr().String() + "/", nil, nil},
		{"API GET /api/v1/people?limit=50", *base + "/api/v1/people?limit=50", http.Header{"Authorization": {"Bearer " + token}}, nil},
		{"HTML GET /directory/people (50 per page)", *base + "/directory/people", nil, jar},
		{"API GET /api/v1/activities?limit=50", *base + "/api/v1/activities?limit=50", http.Header{"Authorization": {"Bearer " + token}}, nil},
		{"HTML GET /training/activities (50 per page)", *base + "/training/activities", nil, jar},
		{"HTML GET /training/calendar?month=" + *month + " (month page)", *base + "/training/calendar?month=" + url.QueryEscape(*month), nil, jar},
		{"HTML GET /verify/{code} (public, one client address per request)", *base + "/verify/" + code, http.Header{varyClient: nil}, nil},
	}
	fmt.Printf("| target | requests | errors | req/s | p50 ms | p99 ms | %% of ceiling |\n|---|---|---|---|---|---|---|\n")
	var ceiling float64
	for i, t := range targets {
		if i > 0 && !strings.Contains(t.name, *only) {
			continue
		}
		if *warm > 0 {
			run(t.url, t.hdr, t.jar, *conns, *warm, *maxReq)
		}
		r := run(t.url, t.hdr, t.jar, *conns, *dur, *maxReq)
		if i == 0 {
			ceiling = r.rps
		}
		fmt.Printf("| %s | %d | %d | %.0f | %.2f | %.2f | %.1f%% |\n", t.name, r.n, r.errors, r.rps, ms(r.p50), ms(r.p99), 100*r.rps/ceiling)
	}
}

// varyClient marks a target driven with a new client address (in
// X-Forwarded-For) on every request.
const varyClient = "X-Loadgen-Vary-Client"

var clients atomic.Int64

// certificateCode finds a valid certificate of one of the account's
// delivered activities, for the verification page.
func certificateCode(base, token string) string {
	get := func(path string, out any) int {
		req, _ := http.NewRequest(http.MethodGet, base+path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			fail("%s: %v", path, err)
		}
		defer resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			json.NewDecoder(resp.Body).Decode(out)
		}
		return resp.StatusCode
	}
	var acts struct {
		Items []struct{ ID, Status string }
	}
	get("/api/v1/activities?limit=500&status=delivered", &acts)
	for _, a := range acts.Items {
		var certs struct {
			Items []struct{ Code, Status string }
		}
		if get("/api/v1/activities/"+a.ID+"/certificates", &certs) != http.StatusOK {
			continue
		}
		for _, c := range certs.Items {
			if c.Status == "valid" {
				return c.Code
			}
		}
	}
	fail("no valid certificate among the account's delivered activities (load the demo data set first)")
	return ""
}

type result struct {
	n, errors int64
	rps       float64
	p50, p99  time.Duration
}

func run(target string, hdr http.Header, jar http.CookieJar, conns int, dur time.Duration, maxReq int) result {
	tr := &http.Transport{MaxIdleConns: conns, MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, DisableCompression: true}
	client := &http.Client{Transport: tr, Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	defer tr.CloseIdleConnections()
	ctx, cancel := context.WithTimeout(context.Background(), dur)
	defer cancel()
	var n, errs atomic.Int64
	lat := make([][]time.Duration, conns)
	var wg sync.WaitGroup
	start := time.Now()
	for w := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil && n.Add(1) <= int64(maxReq) {
				req, _ := http.NewRequest(http.MethodGet, target, nil)
				for k, v := range hdr {
					req.Header[k] = v
				}
				if _, ok := hdr[varyClient]; ok {
					req.Header.Del(varyClient)
					k := clients.Add(1)
					req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", k>>16&255, k>>8&255, k&255))
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					errs.Add(1)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					errs.Add(1)
					continue
				}
				lat[w] = append(lat[w], time.Since(t0))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	var all []time.Duration
	for _, l := range lat {
		all = append(all, l...)
	}
	slices.Sort(all)
	r := result{n: int64(len(all)), errors: errs.Load(), rps: float64(len(all)) / elapsed.Seconds()}
	if len(all) > 0 {
		r.p50 = all[len(all)*50/100]
		r.p99 = all[min(len(all)-1, len(all)*99/100)]
	}
	return r
}

// startBare serves a minimal handler that writes a small JSON body: the
// most this machine's net/http can do, for comparison.
func startBare() net.Listener {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fail("listen: %v", err)
	}
	body := []byte(`{"items":[],"total":0,"next":""}`)
	go http.Serve(l, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	}))
	return l
}

func apiToken(base, email, password string) string {
	b, _ := json.Marshal(map[string]string{"email": email, "password": password})
	resp, err := http.Post(base+"/api/v1/auth/token", "application/json", bytes.NewReader(b))
	if err != nil {
		fail("token: %v", err)
	}
	defer resp.Body.Close()
	var out struct{ Token string }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.Token == "" {
		fail("token: status %d", resp.StatusCode)
	}
	return out.Token
}

func webSession(base, email, password string) http.CookieJar {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	form := url.Values{"email": {email}, "password": {password}}
	req, _ := http.NewRequest(http.MethodPost, base+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := c.Do(req)
	if err != nil {
		fail("sign in: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		fail("sign in: status %d", resp.StatusCode)
	}
	return jar
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "loadgen: "+format+"\n", args...)
	os.Exit(1)
}
