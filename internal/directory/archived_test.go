package directory_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/directory"
)

// TestContactPointArchivedList: an archived contact point is listed, marked
// and restorable under "show archived" (kept in the URL) for those who may
// see archived records; others are offered no such filter and see none.
func TestContactPointArchivedList(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		f := seedServer(t, e)
		coord := e.SignIn(t, e.AccountFor(t, core.RoleCoordinator).Email)
		apptest.WantStatus(t, coord.Post(t, "/directory/contact-points/"+f.cpOlena.ID+"/archive", url.Values{}), http.StatusSeeOther)

		row := `tr:has(form[action="/directory/contact-points/` + f.cpOlena.ID + `/restore"])`
		if _, doc := coord.GetDoc(t, "/directory/contact-points", http.StatusOK); doc.Find(row).Length() != 0 {
			t.Fatal("the archived contact point is listed without show archived")
		}
		_, doc := coord.GetDoc(t, "/directory/contact-points", http.StatusOK)
		if doc.Find(`input[type=checkbox][name=archived]`).Length() != 1 {
			t.Error("the coordinator is not offered show archived")
		}
		_, doc = coord.GetDoc(t, "/directory/contact-points?archived=true", http.StatusOK)
		if doc.Find(row).Length() != 1 || doc.Find(row+" .badge-archived").Length() != 1 {
			t.Fatal("show archived: the archived contact point is not listed, marked, with a restore button")
		}
		if doc.Find(`input[name=archived][checked]`).Length() != 1 {
			t.Error("show archived is not checked on the page it filters")
		}
		res := coord.Post(t, "/directory/contact-points/"+f.cpOlena.ID+"/restore", url.Values{})
		apptest.WantStatus(t, res, http.StatusSeeOther)
		cp, err := dir(e).ContactPoint(apptest.SysCtx(), f.cpOlena.ID)
		if err != nil || cp.Archived {
			t.Fatalf("after restore: %+v %v", cp, err)
		}

		// Others: no filter, and asking for it shows nothing archived.
		if err := dir(e).ArchiveContactPoint(apptest.SysCtx(), f.cpOlena.ID, true); err != nil {
			t.Fatal(err)
		}
		trainer := e.SignIn(t, e.AccountFor(t, core.RoleTrainer).Email)
		_, doc = trainer.GetDoc(t, "/directory/contact-points?archived=true", http.StatusOK)
		if doc.Find(`input[name=archived]`).Length() != 0 || doc.Find(".badge-archived").Length() != 0 {
			t.Error("a trainer is offered archived contact points")
		}
		_, err = dir(e).ListContactPoints(core.WithActor(t.Context(), core.Actor{AccountID: "x", Grants: []core.Grant{apptest.GlobalGrant(core.RoleTrainer)}}),
			directory.ContactPointFilter{IncludeArchived: true}, core.PageRequest{})
		if !core.IsCode(err, core.Forbidden) {
			t.Errorf("a trainer listing archived contact points: %v, want forbidden", err)
		}
	})
}
