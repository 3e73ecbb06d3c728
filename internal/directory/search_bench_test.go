package directory_test

import (
	"context"
	"os"
	"strconv"
	"testing"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
	"github.com/topcop-platform/topcop/internal/directory"
)

// BenchmarkSearchPeople searches the demo data set scaled by
// TOPCOP_BENCH_SCALE (default 10: 1,720 people) for names as typed, in
// another script or system, and with a typo: the first page (50) and the
// total, as a participant (no contact details, nothing audited), from
// the database (the read cache is dropped before each search).
//
//	go test -run '^$' -bench SearchPeople -benchtime 2s ./internal/directory/
func BenchmarkSearchPeople(b *testing.B) {
	scale := 10
	if v, err := strconv.Atoi(os.Getenv("TOPCOP_BENCH_SCALE")); err == nil && v > 0 {
		scale = v
	}
	for _, engine := range dbtest.Engines {
		b.Run(engine, func(b *testing.B) {
			e := apptest.New(b, engine)
			e.LoadDemoScale(b, scale)
			svc := apptest.Use[*directory.Service](e)
			ctx := core.WithActor(context.Background(), core.Actor{AccountID: core.NewID(), Email: "bench@example.org",
				Grants: []core.Grant{{Role: core.RoleParticipant, ScopeKind: core.ScopeGlobal}}})
			for _, c := range []struct{ name, q string }{
				{"typed", "Kovalenko"},
				{"other-script", "Мамедов"},
				{"romanian-style", "Iurii Sevcenco"},
				{"typo", "Kovalneko"},
				{"short", "Ana"},
			} {
				b.Run(c.name, func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						svc.DropReadCache()
						l, err := svc.ListPeople(ctx, directory.PersonFilter{Query: c.q}, core.PageRequest{Limit: 50})
						if err != nil {
							b.Fatal(err)
						}
						b.ReportMetric(float64(l.Total), "found")
					}
				})
			}
		})
	}
}
