package directory_test

import (
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"testing"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/core"
)

// TestConcurrentSearches runs the searches of issue 7 item 1 in parallel
// through the real server: 8 clients searching networks and people with
// names that need folding, each answer compared with the one given alone.
// With a transform chain shared between requests this returned wrong
// totals about once in a thousand and panicked; under -race (as .ci/run
// runs this package's concurrency tests) it fails at once.
func TestConcurrentSearches(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		e.LoadDemo(t)
		token := e.APIToken(t, e.AccountFor(t, core.RoleTrainer).Email)
		paths := []string{
			"/api/v1/networks?q=forum",
			"/api/v1/networks?q=" + url.QueryEscape("Ștrategic"),
			"/api/v1/agencies?q=" + url.QueryEscape("Poliția"),
			"/api/v1/people?q=" + url.QueryEscape("Məmmədov"),
			"/api/v1/countries",
		}
		want := map[string]int{}
		for _, p := range paths {
			want[p] = total(t, e, p, token)
		}
		var wg sync.WaitGroup
		errs := make(chan string, 16)
		for g := range 8 {
			wg.Go(func() {
				for n := range 40 {
					p := paths[(g+n)%len(paths)]
					res := e.DoJSON(t, http.MethodGet, p, token, nil)
					if res.StatusCode != http.StatusOK {
						errs <- fmt.Sprintf("%s: status %d", p, res.StatusCode)
						return
					}
					var body struct {
						Total int `json:"total"`
					}
					res.JSON(t, &body)
					if p != "/api/v1/countries" && body.Total != want[p] {
						errs <- fmt.Sprintf("%s: total %d, alone %d", p, body.Total, want[p])
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for e := range errs {
			t.Error(e)
		}
	})
}

func total(t *testing.T, e *apptest.Env, path, token string) int {
	t.Helper()
	res := e.DoJSON(t, http.MethodGet, path, token, nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s: status %d", path, res.StatusCode)
	}
	var body struct {
		Total int `json:"total"`
	}
	res.JSON(t, &body)
	return body.Total
}
