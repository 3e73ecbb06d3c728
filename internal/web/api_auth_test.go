package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/core"
)

func TestAPITokenEndpoint(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		plain := e.AccountFor(t, core.RoleTrainer)
		enrolled := e.AccountFor(t, core.RoleCoordinator)
		secret := e.EnrolTOTP(t, enrolled)

		res := e.DoJSON(t, http.MethodPost, "/api/v1/auth/token", "", map[string]string{"email": plain.Email, "password": apptest.Password})
		apptest.WantStatus(t, res, http.StatusCreated)
		var out struct {
			Token     string    `json:"token"`
			ExpiresAt time.Time `json:"expires_at"`
		}
		res.JSON(t, &out)
		if !strings.HasPrefix(out.Token, "tk_") || out.ExpiresAt.Before(e.Clock.Now().Add(11*time.Hour)) {
			t.Fatalf("token response %+v", out)
		}
		me := e.DoJSON(t, http.MethodGet, "/api/v1/me", out.Token, nil)
		apptest.WantStatus(t, me, http.StatusOK)
		var acc map[string]any
		me.JSON(t, &acc)
		if acc["email"] != plain.Email {
			t.Errorf("/me = %v", acc)
		}
		for _, secretish := range []string{"password", "password_hash", "totp_secret", "token"} {
			if _, ok := acc[secretish]; ok {
				t.Errorf("/me carries %q", secretish)
			}
		}

		// A wrong password: 401 problem, generic.
		res = e.DoJSON(t, http.MethodPost, "/api/v1/auth/token", "", map[string]string{"email": plain.Email, "password": "wrong password!!"})
		p := res.Problem(t)
		if res.StatusCode != http.StatusUnauthorized || p.Type != "/problems/unauthenticated" || p.Status != 401 {
			t.Errorf("bad password: %d %+v", res.StatusCode, p)
		}

		// An enrolled account without, then with a wrong, then a right code.
		res = e.DoJSON(t, http.MethodPost, "/api/v1/auth/token", "", map[string]string{"email": enrolled.Email, "password": apptest.Password})
		p = res.Problem(t)
		if res.StatusCode != http.StatusUnauthorized || !p.HasFieldError("totp", "required") {
			t.Errorf("missing totp: %d %+v", res.StatusCode, p)
		}
		res = e.DoJSON(t, http.MethodPost, "/api/v1/auth/token", "", map[string]string{"email": enrolled.Email, "password": apptest.Password, "totp": "000000"})
		if p = res.Problem(t); res.StatusCode != http.StatusUnauthorized || !p.HasFieldError("totp", "invalid") {
			t.Errorf("wrong totp: %d %+v", res.StatusCode, p)
		}
		res = e.DoJSON(t, http.MethodPost, "/api/v1/auth/token", "", map[string]string{"email": enrolled.Email, "password": apptest.Password, "totp": e.CodeFor(t, secret)})
		apptest.WantStatus(t, res, http.StatusCreated)

		// Malformed requests.
		for _, body := range []string{`{"email":`, `[]`, `{"email":"a@example.org"}`, `{"email":"a@example.org","password":"x","admin":true}`} {
			res = e.DoJSON(t, http.MethodPost, "/api/v1/auth/token", "", body)
			if res.StatusCode != http.StatusBadRequest && res.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("body %s: status %d", body, res.StatusCode)
			}
			res.Problem(t)
		}

		// Throttled like the web sign-in (5 failures counted above for
		// nobody@…, here for plain: 1 so far).
		for range 4 {
			e.DoJSON(t, http.MethodPost, "/api/v1/auth/token", "", map[string]string{"email": plain.Email, "password": "wrong password!!"})
		}
		res = e.DoJSON(t, http.MethodPost, "/api/v1/auth/token", "", map[string]string{"email": plain.Email, "password": apptest.Password})
		if p = res.Problem(t); res.StatusCode != http.StatusTooManyRequests || p.Code != "rate_limited" {
			t.Errorf("throttle: %d %+v", res.StatusCode, p)
		}
	})
}

func TestAPIMeTOTPEnrolment(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		acc := e.AccountFor(t, core.RoleAnalyst)
		// Not enrolled: the token is pending and reaches only the TOTP steps.
		res := e.DoJSON(t, http.MethodPost, "/api/v1/auth/token", "", map[string]string{"email": acc.Email, "password": apptest.Password})
		apptest.WantStatus(t, res, http.StatusCreated)
		var tok struct{ Token string }
		res.JSON(t, &tok)
		if p := e.DoJSON(t, http.MethodGet, "/api/v1/me", tok.Token, nil).Problem(t); p.Code != "totp_required" {
			t.Fatalf("pending /me: %+v", p)
		}
		res = e.DoJSON(t, http.MethodPost, "/api/v1/me/totp", tok.Token, nil)
		apptest.WantStatus(t, res, http.StatusOK)
		var en struct{ Secret, URI string }
		res.JSON(t, &en)
		if en.Secret == "" || !strings.HasPrefix(en.URI, "otpauth://totp/") {
			t.Fatalf("enrolment %+v", en)
		}
		res = e.DoJSON(t, http.MethodPost, "/api/v1/me/totp/confirm", tok.Token, map[string]string{"code": "000000"})
		if p := res.Problem(t); res.StatusCode != http.StatusUnprocessableEntity || !p.HasFieldError("code", "invalid") {
			t.Errorf("wrong code: %d %+v", res.StatusCode, p)
		}
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPost, "/api/v1/me/totp/confirm", tok.Token, map[string]string{"code": e.CodeFor(t, en.Secret)}), http.StatusNoContent)
		apptest.WantStatus(t, e.DoJSON(t, http.MethodGet, "/api/v1/me", tok.Token, nil), http.StatusOK)
		// Enrolled: starting again is a conflict.
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPost, "/api/v1/me/totp", tok.Token, nil), http.StatusConflict)
	})
}

func TestAPIMyTokensAndSessions(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		acc := e.AccountFor(t, core.RoleParticipant)
		login := e.APIToken(t, acc.Email)

		res := e.DoJSON(t, http.MethodPost, "/api/v1/me/tokens", login, map[string]any{
			"name": "nightly sync", "expires_at": time.Now().Add(30 * 24 * time.Hour), "read_only": true, "password": apptest.Password})
		apptest.WantStatus(t, res, http.StatusCreated)
		var created struct {
			Token    string `json:"token"`
			ID       string `json:"id"`
			Name     string `json:"name"`
			ReadOnly bool   `json:"read_only"`
		}
		res.JSON(t, &created)
		if !strings.HasPrefix(created.Token, "tk_") || created.Name != "nightly sync" || !created.ReadOnly || created.ID == "" {
			t.Fatalf("created %+v", created)
		}
		for _, body := range []map[string]any{
			{"name": "", "expires_at": time.Now().Add(time.Hour)},
			{"name": "<b>", "expires_at": time.Now().Add(time.Hour)},
			{"name": "old", "expires_at": time.Now().Add(-time.Hour)},
			{"name": "forever", "expires_at": time.Now().AddDate(5, 0, 0)},
		} {
			res := e.DoJSON(t, http.MethodPost, "/api/v1/me/tokens", login, body)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("%v: status %d", body, res.StatusCode)
			}
			res.Problem(t)
		}

		res = e.DoJSON(t, http.MethodGet, "/api/v1/me/tokens", login, nil)
		apptest.WantStatus(t, res, http.StatusOK)
		var list struct {
			Items []auth.APIToken `json:"items"`
			Total int             `json:"total"`
			Next  string          `json:"next"`
		}
		res.JSON(t, &list)
		if list.Total != 2 || len(list.Items) != 2 || strings.Contains(res.Body, "tk_") {
			t.Errorf("tokens list %s", res.Body)
		}

		apptest.WantStatus(t, e.DoJSON(t, http.MethodDelete, "/api/v1/me/tokens/"+created.ID, login, nil), http.StatusNoContent)
		apptest.WantStatus(t, e.DoJSON(t, http.MethodGet, "/api/v1/me", created.Token, nil), http.StatusUnauthorized)
		apptest.WantStatus(t, e.DoJSON(t, http.MethodDelete, "/api/v1/me/tokens/garbage", login, nil), http.StatusNotFound)

		// Sessions: a browser signs in; the API lists and ends it.
		c := e.SignIn(t, acc.Email)
		res = e.DoJSON(t, http.MethodGet, "/api/v1/me/sessions", login, nil)
		apptest.WantStatus(t, res, http.StatusOK)
		var sessions struct {
			Items []auth.Session `json:"items"`
		}
		res.JSON(t, &sessions)
		if len(sessions.Items) != 1 {
			t.Fatalf("sessions %s", res.Body)
		}
		apptest.WantStatus(t, e.DoJSON(t, http.MethodDelete, "/api/v1/me/sessions/"+sessions.Items[0].ID, login, nil), http.StatusNoContent)
		apptest.WantRedirect(t, c.Get(t, "/account"), "/login")

		// Someone else's token cannot be revoked.
		other := e.APIToken(t, e.AccountFor(t, core.RoleMentor).Email)
		res = e.DoJSON(t, http.MethodGet, "/api/v1/me/tokens", other, nil)
		res.JSON(t, &list)
		// Someone else's token answers like an unknown one (no probing).
		apptest.WantStatus(t, e.DoJSON(t, http.MethodDelete, "/api/v1/me/tokens/"+list.Items[0].ID, login, nil), http.StatusNotFound)
	})
}

func TestAPIAccounts(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		admin := e.APIToken(t, e.AccountFor(t, core.RoleAdmin).Email)
		user := e.APIToken(t, e.AccountFor(t, core.RoleTrainer).Email)

		res := e.DoJSON(t, http.MethodPost, "/api/v1/accounts", admin, map[string]any{
			"email": "Giorgi@Example.org", "name": "Giorgi Beridze", "password": "a good long password",
			"grants": []map[string]string{{"role": "ncp", "scope_kind": "country", "country": "GE"}}})
		apptest.WantStatus(t, res, http.StatusCreated)
		var acc auth.Account
		res.JSON(t, &acc)
		if acc.Email != "giorgi@example.org" || len(acc.Grants) != 1 || strings.Contains(res.Body, "password") {
			t.Fatalf("created %s", res.Body)
		}

		res = e.DoJSON(t, http.MethodPost, "/api/v1/accounts", admin, map[string]any{
			"email": "x@example.org", "name": "<b>", "password": "short",
			"grants": []map[string]string{{"role": "king", "scope_kind": "global"}}})
		p := res.Problem(t)
		if res.StatusCode != http.StatusUnprocessableEntity || !p.HasFieldError("name", "markup") ||
			!p.HasFieldError("password", "weak") || !p.HasFieldError("grants[0].role", "invalid") {
			t.Errorf("bad account: %d %+v", res.StatusCode, p)
		}
		res = e.DoJSON(t, http.MethodPost, "/api/v1/accounts", admin, map[string]any{
			"email": "giorgi@example.org", "name": "Again", "password": "a good long password", "grants": []any{}})
		if p := res.Problem(t); res.StatusCode != http.StatusConflict || !p.HasFieldError("email", "duplicate") {
			t.Errorf("duplicate: %d %+v", res.StatusCode, p)
		}

		// Merge patch: only the name changes.
		res = e.DoJSON(t, http.MethodPatch, "/api/v1/accounts/"+acc.ID, admin, map[string]any{"name": "Giorgi B."})
		apptest.WantStatus(t, res, http.StatusOK)
		var upd auth.Account
		res.JSON(t, &upd)
		if upd.Name != "Giorgi B." || upd.Email != acc.Email || len(upd.Grants) != 1 || upd.Grants[0] != acc.Grants[0] {
			t.Errorf("patched %+v", upd)
		}
		res = e.DoJSON(t, http.MethodPatch, "/api/v1/accounts/"+acc.ID, admin, map[string]any{"grants": []map[string]string{{"role": "observer", "scope_kind": "global"}}})
		apptest.WantStatus(t, res, http.StatusOK)
		res = e.DoJSON(t, http.MethodPatch, "/api/v1/accounts/"+acc.ID, admin, map[string]any{"email": "bad"})
		if p := res.Problem(t); !p.HasFieldError("email", "invalid_email") {
			t.Errorf("bad patch %+v", p)
		}
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPatch, "/api/v1/accounts/"+core.NewID(), admin, map[string]any{"name": "x"}), http.StatusNotFound)

		// Get and list.
		apptest.WantStatus(t, e.DoJSON(t, http.MethodGet, "/api/v1/accounts/"+acc.ID, admin, nil), http.StatusOK)
		res = e.DoJSON(t, http.MethodGet, "/api/v1/accounts?q=giorgi&limit=10", admin, nil)
		apptest.WantStatus(t, res, http.StatusOK)
		var list struct {
			Items []auth.Account `json:"items"`
			Total int            `json:"total"`
			Next  *string        `json:"next"`
		}
		res.JSON(t, &list)
		if list.Total != 1 || len(list.Items) != 1 || list.Next == nil || *list.Next != "" {
			t.Errorf("list %s", res.Body)
		}
		res = e.DoJSON(t, http.MethodGet, "/api/v1/accounts?limit=1", admin, nil)
		res.JSON(t, &list)
		if list.Total != 3 || len(list.Items) != 1 || *list.Next == "" {
			t.Errorf("page 1 %s", res.Body)
		}
		res = e.DoJSON(t, http.MethodGet, "/api/v1/accounts?limit=1&cursor="+*list.Next, admin, nil)
		apptest.WantStatus(t, res, http.StatusOK)
		for _, q := range []string{"role=pope", "limit=0", "limit=501", "cursor=garbage"} {
			res := e.DoJSON(t, http.MethodGet, "/api/v1/accounts?"+q, admin, nil)
			if res.StatusCode != http.StatusUnprocessableEntity && res.StatusCode != http.StatusBadRequest {
				t.Errorf("%s: %d", q, res.StatusCode)
			}
		}

		// Not an admin: 403 everywhere; anonymous: 401.
		for _, req := range []struct{ method, path string }{
			{http.MethodGet, "/api/v1/accounts"}, {http.MethodPost, "/api/v1/accounts"},
			{http.MethodGet, "/api/v1/accounts/" + acc.ID}, {http.MethodPatch, "/api/v1/accounts/" + acc.ID},
		} {
			var body any
			switch req.method {
			case http.MethodPost:
				body = map[string]any{"email": "y@example.org", "name": "Y", "password": "a good long password", "grants": []any{}}
			case http.MethodPatch:
				body = map[string]any{"name": "Y"}
			}
			if res := e.DoJSON(t, req.method, req.path, user, body); res.StatusCode != http.StatusForbidden {
				t.Errorf("trainer %s %s: %d", req.method, req.path, res.StatusCode)
			}
			if res := e.DoJSON(t, req.method, req.path, "", body); res.StatusCode != http.StatusUnauthorized {
				t.Errorf("anonymous %s %s: %d", req.method, req.path, res.StatusCode)
			}
		}
		if got, _ := e.Auth.Account(apptest.SysCtx(), acc.ID); got.Name != "Giorgi B." {
			t.Errorf("refused patch changed the name to %q", got.Name)
		}
	})
}

func TestOpenAPIDocumentsIdentity(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		res := e.DoJSON(t, http.MethodGet, "/api/openapi.json", "", nil)
		apptest.WantStatus(t, res, http.StatusOK)
		var doc struct {
			Paths map[string]map[string]struct {
				OperationID string                 `json:"operationId"`
				Summary     string                 `json:"summary"`
				Tags        []string               `json:"tags"`
				Security    *[]map[string][]string `json:"security"`
				Responses   map[string]any         `json:"responses"`
			} `json:"paths"`
		}
		res.JSON(t, &doc)
		want := map[string][]string{
			"/api/v1/auth/token": {"post"}, "/api/v1/me": {"get"}, "/api/v1/me/totp": {"post"}, "/api/v1/me/totp/confirm": {"post"},
			"/api/v1/me/sessions": {"get"}, "/api/v1/me/sessions/{id}": {"delete"}, "/api/v1/me/tokens": {"get", "post"},
			"/api/v1/me/tokens/{id}": {"delete"}, "/api/v1/accounts": {"get", "post"}, "/api/v1/accounts/{id}": {"get", "patch"},
			"/api/v1/audit": {"get"}, "/api/v1/audit/verify": {"get"},
		}
		for path, methods := range want {
			for _, m := range methods {
				op, ok := doc.Paths[path][m]
				if !ok {
					t.Errorf("%s %s not documented", m, path)
					continue
				}
				if op.OperationID == "" || op.Summary == "" || len(op.Tags) == 0 {
					t.Errorf("%s %s: operationId/summary/tags missing", m, path)
				}
				hasError := false
				for code := range op.Responses {
					hasError = hasError || strings.HasPrefix(code, "4")
				}
				if !hasError {
					t.Errorf("%s %s documents no error response", m, path)
				}
			}
		}
		if op := doc.Paths["/api/v1/auth/token"]["post"]; op.Security == nil || len(*op.Security) != 0 {
			t.Errorf("POST /api/v1/auth/token is not documented as public: %v", op.Security)
		}
	})
}
