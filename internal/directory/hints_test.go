package directory_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/ui/uitest"
)

// TestImportAllowedValues: an import error in an enumerated column lists
// the allowed values, on the report page and in the API's problem.
func TestImportAllowedValues(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		seedServer(t, e)
		acc := e.AccountFor(t, core.RoleCoordinator)
		bad := "code,country,name,type\r\nGE-IMP9,GE,Bad Type,army\r\n"
		res := upload(t, e.SignIn(t, acc.Email), "/directory/import", map[string]string{"kind": "agencies"}, "agencies.csv", bad)
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		msg := uitest.Squash(res.Doc(t).Find("table.import-errors tbody tr td").Eq(2).Text())
		if !strings.Contains(msg, "police, customs, border_guard") {
			t.Errorf("the report says %q, want the allowed types", msg)
		}

		res = apiUpload(t, e, "/api/v1/agencies/import", e.APIToken(t, acc.Email), "agencies.csv", bad, true)
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		p := res.Problem(t)
		if len(p.Errors) != 1 || p.Errors[0].Code != "one_of" || !strings.Contains(res.Body, `"must be one of police, customs, border_guard,`) {
			t.Errorf("problem errors: %+v\n%s", p.Errors, apptest.Excerpt(res.Body))
		}
	})
}

// TestContactHiddenHint: where a list hides contact details, a hint says
// who may see them; where it hides none, there is no hint.
func TestContactHiddenHint(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		f := seedServer(t, e)
		trainer := e.SignIn(t, e.AccountFor(t, core.RoleTrainer).Email)
		coord := e.SignIn(t, e.AccountFor(t, core.RoleCoordinator).Email)
		for _, path := range []string{"/directory/people", "/directory/contact-points", "/directory/networks/" + f.scf.ID} {
			_, doc := trainer.GetDoc(t, path, http.StatusOK)
			hint := uitest.Squash(doc.Find("#contact-hidden-hint").Text())
			if !strings.Contains(hint, "coordinators") || !strings.Contains(hint, "national contact point") {
				t.Errorf("trainer %s: hint %q, want who may see contact details", path, hint)
			}
			if _, doc := coord.GetDoc(t, path, http.StatusOK); doc.Find("#contact-hidden-hint").Length() != 0 {
				t.Errorf("coordinator %s: a hint although nothing is hidden", path)
			}
		}
	})
}

// TestObserverMenu: no entry of an observer's menu answers "Access
// denied".
func TestObserverMenu(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		seedServer(t, e)
		obs := e.SignIn(t, e.AccountFor(t, core.RoleObserver).Email)
		_, doc := obs.GetDoc(t, "/directory", http.StatusOK)
		links := doc.Find("nav.primary-nav a[href]")
		if links.Length() == 0 {
			t.Fatal("the observer's page has no menu")
		}
		for i := range links.Length() {
			href, _ := links.Eq(i).Attr("href")
			if !strings.HasPrefix(href, "/") {
				continue
			}
			if res := obs.Get(t, href); res.StatusCode == http.StatusForbidden {
				t.Errorf("the observer's menu entry %s answers 403", href)
			}
		}
	})
}
