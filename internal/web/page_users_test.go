package web_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/ui/uitest"
)

// userForm is a valid new-account form; tests change one field.
func userForm(email string) url.Values {
	return url.Values{
		"email": {email}, "name": {"Olena Kovalenko"}, "password": {"a long enough password"}, "lang": {"uk"},
		"role": {"ncp"}, "scope": {"country"}, "country": {"UA"}, "scope_id": {""},
	}
}

func with(v url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out.Set(kv[i], kv[i+1])
	}
	return out
}

func TestAdminCreatesUser(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		admin := e.SignIn(t, e.AccountFor(t, core.RoleAdmin).Email)
		_, doc := admin.GetDoc(t, "/admin/users/new", http.StatusOK)
		uitest.CheckPage(t, doc)
		if n := doc.Find("#field-role option").Length(); n != len(core.Roles)+1 {
			t.Errorf("%d role options, want %d", n, len(core.Roles)+1)
		}
		if doc.Find(`#field-country option[value="GE"]`).Length() != 1 || doc.Find(`#field-country option[value="FR"]`).Length() != 1 {
			t.Error("country select lacks partner or EU countries")
		}
		if !strings.Contains(uitest.Text(t, doc, "#field-role"), "National contact point") {
			t.Error("roles are not in words")
		}

		before := e.AccountCount(t)
		for _, tc := range []struct {
			name   string
			form   url.Values
			field  string
			status int
		}{
			{"no e-mail", with(userForm(""), "email", ""), "email", 422},
			{"bad e-mail", with(userForm(""), "email", "not an e-mail"), "email", 422},
			{"long e-mail", with(userForm(""), "email", strings.Repeat("a", 250)+"@example.org"), "email", 422},
			{"no name", with(userForm("a@example.org"), "name", ""), "name", 422},
			{"long name", with(userForm("a@example.org"), "name", strings.Repeat("й", 201)), "name", 422},
			{"markup name", with(userForm("a@example.org"), "name", "<script>alert(1)</script>"), "name", 422},
			{"weak password", with(userForm("a@example.org"), "password", "short"), "password", 422},
			{"password is e-mail", with(userForm("longer.address@example.org"), "password", "longer.address@example.org"), "password", 422},
			{"no role", with(userForm("a@example.org"), "role", ""), "role", 422},
			{"unknown role", with(userForm("a@example.org"), "role", "superuser"), "role", 422},
			{"ncp everywhere", with(userForm("a@example.org"), "scope", "global"), "scope", 422},
			{"admin in a country", with(userForm("a@example.org"), "role", "admin"), "scope", 422},
			{"unknown scope", with(userForm("a@example.org"), "scope", "planet"), "scope", 422},
			{"no country", with(userForm("a@example.org"), "country", ""), "country", 422},
			{"unknown country", with(userForm("a@example.org"), "country", "XX"), "country", 422},
			{"garbage agency", with(userForm("a@example.org"), "scope", "agency", "scope_id", "../../etc"), "scope_id", 422},
			{"unknown agency", with(userForm("a@example.org"), "scope", "agency", "scope_id", core.NewID()), "scope_id", 422},
			{"bad language", with(userForm("a@example.org"), "lang", "xx"), "lang", 422},
			{"taken e-mail", with(userForm("admin@example.org")), "email", 409},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res := admin.Post(t, "/admin/users", tc.form)
				apptest.WantStatus(t, res, tc.status)
				doc := res.Doc(t)
				apptest.WantFieldError(t, doc, tc.field)
				uitest.CheckPage(t, doc)
				if tc.form.Get("email") != "" && tc.field != "email" {
					if got := uitest.Attr(t, doc, "#field-email", "value"); got != tc.form.Get("email") {
						t.Errorf("e-mail not kept: %q", got)
					}
				}
				if v, _ := doc.Find("#field-password").Attr("value"); v != "" {
					t.Error("password echoed back")
				}
			})
		}
		if n := e.AccountCount(t); n != before {
			t.Fatalf("bad input created %d accounts", n-before)
		}

		res := admin.Post(t, "/admin/users", userForm("Olena@Example.org"))
		apptest.WantRedirect(t, res, "/admin/users/")
		loc := res.Location()
		id := strings.TrimSuffix(strings.TrimPrefix(loc, "/admin/users/"), "?done=created")
		acc, err := e.Auth.Account(apptest.SysCtx(), id)
		if err != nil {
			t.Fatal(err)
		}
		if acc.Email != "olena@example.org" || acc.Lang != "uk" || len(acc.Grants) != 1 || acc.Grants[0] != apptest.CountryGrant(core.RoleNCP, "UA") {
			t.Errorf("created %+v", acc)
		}
		_, doc = admin.GetDoc(t, loc, http.StatusOK)
		uitest.CheckPage(t, doc)
		if uitest.Text(t, doc, ".flash") == "" {
			t.Error("no confirmation")
		}
	})
}

func TestAdminEditsUser(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		adminAcc := e.AccountFor(t, core.RoleAdmin)
		admin := e.SignIn(t, adminAcc.Email)
		target := e.AccountFor(t, core.RoleTrainer)
		victim := e.SignIn(t, target.Email)
		page := "/admin/users/" + target.ID

		_, doc := admin.GetDoc(t, page, http.StatusOK)
		uitest.CheckPage(t, doc)
		grant := uitest.Attr(t, doc, `input[name="grant"]`, "value")

		// Keep the grant, add a country grant, rename.
		form := url.Values{"email": {target.Email}, "name": {"Renamed Trainer"}, "lang": {"ka"}, "grant": {grant},
			"role": {"analyst"}, "scope": {"country"}, "country": {"MD"}}
		apptest.WantRedirect(t, admin.Post(t, page, form), page+"?done=saved")
		acc, _ := e.Auth.Account(apptest.SysCtx(), target.ID)
		if acc.Name != "Renamed Trainer" || acc.Lang != "ka" || len(acc.Grants) != 2 {
			t.Fatalf("after edit: %+v", acc)
		}

		// Bad edits change nothing.
		for _, tc := range []struct {
			name  string
			form  url.Values
			field string
		}{
			{"markup", with(form, "name", "<i>x</i>"), "name"},
			{"garbage grant", with(form, "grant", "root|everything||"), "grants"},
			{"bad new role", with(form, "role", "god"), "role"},
			{"e-mail taken", with(form, "email", adminAcc.Email), "email"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res := admin.Post(t, page, tc.form)
				if res.StatusCode != http.StatusUnprocessableEntity && res.StatusCode != http.StatusConflict {
					t.Fatalf("status %d", res.StatusCode)
				}
				doc := res.Doc(t)
				uitest.CheckPage(t, doc)
				if tc.field == "grants" {
					uitest.Find(t, doc, "#field-grants .error-message")
					uitest.Find(t, doc, `.error-summary a[href="#field-grants"]`)
				} else {
					apptest.WantFieldError(t, doc, tc.field)
				}
			})
		}
		if got, _ := e.Auth.Account(apptest.SysCtx(), target.ID); got.Name != "Renamed Trainer" || len(got.Grants) != 2 {
			t.Errorf("a refused edit changed the account: %+v", got)
		}

		// Revoke the user's session from the admin page.
		_, doc = admin.GetDoc(t, page, http.StatusOK)
		action := uitest.Attr(t, doc, `form[action*="/sessions/"]`, "action")
		apptest.WantRedirect(t, admin.Post(t, action, nil), page)
		apptest.WantRedirect(t, victim.Get(t, "/account"), "/login")

		// Disable: the user cannot sign in; enable: they can again.
		dis := uitest.Find(t, doc, `form[action$="/disable"]`)
		if _, ok := dis.Attr("data-confirm"); !ok {
			t.Error("disable without data-confirm")
		}
		apptest.WantRedirect(t, admin.Post(t, page+"/disable", url.Values{"disabled": {"true"}}), page+"?done=disabled")
		apptest.WantStatus(t, e.NewClient().Login(t, target.Email, apptest.Password, ""), http.StatusUnauthorized)
		apptest.WantStatus(t, admin.Post(t, page+"/disable", url.Values{"disabled": {"maybe"}}), http.StatusBadRequest)
		apptest.WantRedirect(t, admin.Post(t, page+"/disable", url.Values{"disabled": {"false"}}), page+"?done=enabled")
		apptest.WantStatus(t, e.NewClient().Login(t, target.Email, apptest.Password, ""), http.StatusSeeOther)

		// An admin cannot disable itself.
		apptest.WantStatus(t, admin.Post(t, "/admin/users/"+adminAcc.ID+"/disable", url.Values{"disabled": {"true"}}), http.StatusForbidden)

		// TOTP reset: the analyst role now needs a second factor again.
		e.EnrolTOTP(t, acc)
		apptest.WantStatus(t, admin.Post(t, page+"/totp-reset", nil), http.StatusUnprocessableEntity) // no reason
		apptest.WantRedirect(t, admin.Post(t, page+"/totp-reset", url.Values{"totp_reason": {"lost phone"}}), page+"?done=totp_reset")
		if got, _ := e.Auth.Account(apptest.SysCtx(), target.ID); got.TOTPEnabled {
			t.Error("TOTP still enabled after reset")
		}
		apptest.WantRedirect(t, e.NewClient().Login(t, target.Email, apptest.Password, ""), "/account/totp")

		// Garbage and unknown ids.
		apptest.WantStatus(t, admin.Get(t, "/admin/users/not-an-id"), http.StatusNotFound)
		apptest.WantStatus(t, admin.Get(t, "/admin/users/"+core.NewID()), http.StatusNotFound)
		apptest.WantStatus(t, admin.Post(t, "/admin/users/"+core.NewID()+"/totp-reset", url.Values{"totp_reason": {"lost phone"}}), http.StatusNotFound)
	})
}

func TestUsersList(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		admin := e.SignIn(t, e.AccountFor(t, core.RoleAdmin).Email)
		for _, name := range []string{"useraa", "userab", "userac", "userad"} {
			e.CreateAccount(t, name+"@example.org", apptest.GlobalGrant(core.RoleParticipant))
		}
		_, doc := admin.GetDoc(t, "/admin/users", http.StatusOK)
		uitest.CheckPage(t, doc)
		if n := doc.Find("#results tbody tr").Length(); n != 5 {
			t.Fatalf("%d rows, want 5", n)
		}
		if doc.Find(`.pager a[rel="next"]`).Length() != 0 {
			t.Error("a next page link on the only page")
		}
		// Paging: 2 + 2 + 1, sorted by e-mail, the filters kept.
		var seen []string
		path := "/admin/users?limit=2"
		for range 3 {
			_, doc = admin.GetDoc(t, path, http.StatusOK)
			doc.Find("#results tbody tr th a").Each(func(_ int, s *goquery.Selection) { seen = append(seen, s.Text()) })
			next, ok := doc.Find(`.pager a[rel="next"]`).Attr("href")
			if !ok {
				break
			}
			if !strings.Contains(next, "limit=2") {
				t.Errorf("next link %q drops the limit", next)
			}
			path = "/admin/users" + next
		}
		if want := []string{"admin@example.org", "useraa@example.org", "userab@example.org", "userac@example.org", "userad@example.org"}; !slices.Equal(seen, want) {
			t.Errorf("paged through %v, want %v", seen, want)
		}

		_, doc = admin.GetDoc(t, "/admin/users?q=userab&role=participant", http.StatusOK)
		if n := doc.Find("#results tbody tr").Length(); n != 1 {
			t.Errorf("search: %d rows, want 1", n)
		}
		res := admin.Get(t, "/admin/users?q=user", "HX-Request", "true")
		apptest.WantStatus(t, res, http.StatusOK)
		if strings.Contains(res.Body, "<html") || !strings.Contains(res.Body, "<table") {
			t.Error("htmx request did not get the results fragment")
		}
		res = admin.Get(t, "/admin/users?role=pope")
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		apptest.WantFieldError(t, res.Doc(t), "role")
		apptest.WantStatus(t, admin.Get(t, "/admin/users?limit=0"), http.StatusUnprocessableEntity)
		res = admin.Get(t, "/admin/users?cursor=garbage")
		if res.StatusCode != http.StatusUnprocessableEntity && res.StatusCode != http.StatusBadRequest {
			t.Errorf("bad cursor: status %d", res.StatusCode)
		}
		uitest.CheckPage(t, res.Doc(t))
	})
}

func TestAdminPagesForbiddenToOthers(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		target := e.AccountFor(t, core.RoleParticipant)
		paths := []string{"/admin/users", "/admin/users/new", "/admin/users/" + target.ID, "/admin/audit", "/admin/audit?verify=1"}
		posts := []string{"/admin/users", "/admin/users/" + target.ID, "/admin/users/" + target.ID + "/disable",
			"/admin/users/" + target.ID + "/totp-reset", "/admin/users/" + target.ID + "/password"}
		for _, r := range []core.Role{core.RoleCoordinator, core.RoleNCP, core.RoleParticipant, core.RoleObserver} {
			c := e.SignIn(t, e.AccountFor(t, r).Email)
			for _, p := range paths {
				res := c.Get(t, p)
				if res.StatusCode != http.StatusForbidden {
					t.Errorf("%s GET %s: %d, want 403", r, p, res.StatusCode)
				}
			}
			for _, p := range posts {
				form := with(userForm("x@example.org"), "disabled", "true", "totp_reason", "a good reason",
					"new_password", "a brand new password", "new_password_confirm", "a brand new password", "password_reason", "a good reason")
				if res := c.Post(t, p, form); res.StatusCode != http.StatusForbidden {
					t.Errorf("%s POST %s: %d, want 403", r, p, res.StatusCode)
				}
			}
			doc := c.Get(t, "/admin/users").Doc(t)
			uitest.CheckPage(t, doc)
		}
		// Anonymous: asked to sign in.
		anon := e.NewClient()
		for _, p := range paths {
			apptest.WantRedirect(t, anon.Get(t, p), "/login?next=")
		}
		if got, _ := e.Auth.Account(apptest.SysCtx(), target.ID); got.Disabled || got.Name != target.Name {
			t.Errorf("a refused request changed the account: %+v", got)
		}
		apptest.WantStatus(t, e.NewClient().Login(t, target.Email, apptest.Password, ""), http.StatusSeeOther) // password unchanged
		if n := e.AccountCount(t); n != 4 {
			t.Errorf("%d accounts, want 4", n)
		}
	})
}
