package web_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
)

// BenchmarkDirectoryLists measures the directory list API and list page
// in-process (no network), on both engines, with the demo data set scaled
// by TOPCOP_BENCH_SCALE (default 10). scripts/load.sh measures the same
// over real connections at scale 100.
//
//	go test -run '^$' -bench DirectoryLists -benchtime 3s ./internal/web/
func BenchmarkDirectoryLists(b *testing.B) {
	scale := 10
	if v, err := strconv.Atoi(os.Getenv("TOPCOP_BENCH_SCALE")); err == nil && v > 0 {
		scale = v
	}
	for _, engine := range dbtest.Engines {
		b.Run(engine, func(b *testing.B) {
			e := apptest.New(b, engine)
			e.LoadDemoScale(b, scale)
			// The demo trainer, as in scripts/load.sh: a person in the
			// trainers' network, so the need-to-know condition runs and
			// co-members' contact details are shown (and audited).
			const email = "trainer@demo.example.org"
			res := e.DoJSON(b, http.MethodPost, "/api/v1/auth/token", "", map[string]string{"email": email, "password": e.PasswordOf(email)})
			var tok struct {
				Token string `json:"token"`
			}
			res.JSON(b, &tok)
			token := tok.Token
			web := e.NewClient()
			if res := web.Login(b, email, e.PasswordOf(email), ""); res.StatusCode != http.StatusSeeOther {
				b.Fatalf("sign in: %d", res.StatusCode)
			}
			cookie := web.Cookie("topcop_session")
			for _, target := range []struct {
				name, path string
				auth       func(*http.Request)
			}{
				{"api-people", "/api/v1/people?limit=50", func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+token) }},
				{"page-people", "/directory/people", func(r *http.Request) { r.AddCookie(&http.Cookie{Name: "topcop_session", Value: cookie}) }},
			} {
				b.Run(target.name, func(b *testing.B) {
					b.ReportAllocs()
					b.RunParallel(func(pb *testing.PB) {
						for pb.Next() {
							req := httptest.NewRequest(http.MethodGet, target.path, nil)
							target.auth(req)
							rec := httptest.NewRecorder()
							e.Server.ServeHTTP(rec, req)
							if rec.Code != http.StatusOK {
								b.Fatalf("%s: %d", target.path, rec.Code)
							}
						}
					})
				})
			}
		})
	}
}
