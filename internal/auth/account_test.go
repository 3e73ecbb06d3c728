package auth_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
	"github.com/topcop-platform/topcop/internal/i18n"
)

func TestCreateAccountValidation(t *testing.T) {
	valid := func() auth.AccountInput {
		return auth.AccountInput{Email: "ana@example.org", Name: "Ana Popescu", Password: pw, Lang: "ro",
			Grants: []core.Grant{country(core.RoleNCP, "MD")}}
	}
	cases := []struct {
		name      string
		edit      func(in *auth.AccountInput)
		wantCode  core.Code
		wantField string
		wantFcode string
	}{
		{"missing e-mail", func(in *auth.AccountInput) { in.Email = " " }, core.Invalid, "email", "required"},
		{"bad e-mail", func(in *auth.AccountInput) { in.Email = "ana.example.org" }, core.Invalid, "email", "invalid_email"},
		{"e-mail with display name", func(in *auth.AccountInput) { in.Email = "Ana <ana@example.org>" }, core.Invalid, "email", "invalid_email"},
		{"e-mail without domain dot", func(in *auth.AccountInput) { in.Email = "ana@localhost" }, core.Invalid, "email", "invalid_email"},
		{"e-mail too long", func(in *auth.AccountInput) { in.Email = strings.Repeat("a", 250) + "@example.org" }, core.Invalid, "email", "too_long"},
		{"duplicate e-mail, other case", func(in *auth.AccountInput) { in.Email = "Taken@Example.ORG" }, core.Conflict, "email", "duplicate"},
		{"short password", func(in *auth.AccountInput) { in.Password = "short pass1" }, core.Invalid, "password", "weak"},
		{"password is the e-mail", func(in *auth.AccountInput) { in.Password = "ANA@example.org" }, core.Invalid, "password", "weak"},
		{"password one character", func(in *auth.AccountInput) { in.Password = strings.Repeat("x", 20) }, core.Invalid, "password", "weak"},
		{"password too long", func(in *auth.AccountInput) { in.Password = strings.Repeat("ab", 129) }, core.Invalid, "password", "too_long"},
		{"missing password", func(in *auth.AccountInput) { in.Password = "" }, core.Invalid, "password", "required"},
		{"missing name", func(in *auth.AccountInput) { in.Name = "" }, core.Invalid, "name", "required"},
		{"markup in name", func(in *auth.AccountInput) { in.Name = "<script>alert(1)</script>" }, core.Invalid, "name", "markup"},
		{"control character in name", func(in *auth.AccountInput) { in.Name = "Ana\x00Popescu" }, core.Invalid, "name", "invalid"},
		{"name too long", func(in *auth.AccountInput) { in.Name = strings.Repeat("Ж", 201) }, core.Invalid, "name", "too_long"},
		{"unknown language", func(in *auth.AccountInput) { in.Lang = "de" }, core.Invalid, "lang", "invalid"},
		{"bad person id", func(in *auth.AccountInput) { in.PersonID = "42" }, core.Invalid, "person_id", "invalid"},
		{"unknown role", func(in *auth.AccountInput) {
			in.Grants = []core.Grant{{Role: "superuser", ScopeKind: core.ScopeGlobal}}
		}, core.Invalid, "grants[0].role", "invalid"},
		{"missing role", func(in *auth.AccountInput) { in.Grants = []core.Grant{{ScopeKind: core.ScopeGlobal}} }, core.Invalid, "grants[0].role", "required"},
		{"unknown scope kind", func(in *auth.AccountInput) { in.Grants = []core.Grant{{Role: core.RoleTrainer, ScopeKind: "planet"}} }, core.Invalid, "grants[0].scope_kind", "invalid"},
		{"admin with a country scope", func(in *auth.AccountInput) { in.Grants = []core.Grant{country(core.RoleAdmin, "GE")} }, core.Invalid, "grants[0].scope_kind", "invalid"},
		{"coordinator with an agency scope", func(in *auth.AccountInput) {
			in.Grants = []core.Grant{{Role: core.RoleCoordinator, ScopeKind: core.ScopeAgency, ScopeID: agencyGE}}
		}, core.Invalid, "grants[0].scope_kind", "invalid"},
		{"ncp global", func(in *auth.AccountInput) { in.Grants = []core.Grant{global(core.RoleNCP)} }, core.Invalid, "grants[0].scope_kind", "invalid"},
		{"ncp without a country", func(in *auth.AccountInput) {
			in.Grants = []core.Grant{{Role: core.RoleNCP, ScopeKind: core.ScopeCountry}}
		}, core.Invalid, "grants[0].country", "required"},
		{"observer with an agency", func(in *auth.AccountInput) {
			in.Grants = []core.Grant{{Role: core.RoleObserver, ScopeKind: core.ScopeAgency, ScopeID: agencyGE}}
		}, core.Invalid, "grants[0].scope_kind", "invalid"},
		{"malformed country", func(in *auth.AccountInput) { in.Grants = []core.Grant{country(core.RoleNCP, "GEO")} }, core.Invalid, "grants[0].country", "unknown_country"},
		{"unknown country", func(in *auth.AccountInput) { in.Grants = []core.Grant{country(core.RoleAnalyst, "XX")} }, core.Invalid, "grants[0].country", "unknown_country"},
		{"unknown agency", func(in *auth.AccountInput) {
			in.Grants = []core.Grant{{Role: core.RoleNCP, ScopeKind: core.ScopeAgency, ScopeID: agencyUnknown}}
		}, core.Invalid, "grants[0].scope_id", "unknown_agency"},
		{"agency id not a uuid", func(in *auth.AccountInput) {
			in.Grants = []core.Grant{{Role: core.RoleNCP, ScopeKind: core.ScopeAgency, ScopeID: "1; DROP TABLE accounts"}}
		}, core.Invalid, "grants[0].scope_id", "invalid"},
		{"activity without id", func(in *auth.AccountInput) {
			in.Grants = []core.Grant{{Role: core.RoleTrainer, ScopeKind: core.ScopeActivity}}
		}, core.Invalid, "grants[0].scope_id", "required"},
		{"global with an id", func(in *auth.AccountInput) {
			in.Grants = []core.Grant{{Role: core.RoleAdmin, ScopeKind: core.ScopeGlobal, ScopeID: agencyGE}}
		}, core.Invalid, "grants[0].scope_id", "invalid"},
		{"duplicate grant", func(in *auth.AccountInput) {
			in.Grants = []core.Grant{country(core.RoleNCP, "MD"), country(core.RoleNCP, "md")}
		}, core.Invalid, "grants[1]", "duplicate"},
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.create(t, "taken@example.org", global(core.RoleCoordinator))
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				accounts, grants, entries := count(t, d, `SELECT count(*) FROM accounts`), count(t, d, `SELECT count(*) FROM grants`), len(auditLog(t, d))
				in := valid()
				tc.edit(&in)
				_, err := e.svc.CreateAccount(sysCtx(), in)
				wantCode(t, err, tc.wantCode)
				if !hasField(err, tc.wantField, tc.wantFcode) {
					t.Fatalf("fields = %+v, want %s %s", core.AsError(err).Fields, tc.wantField, tc.wantFcode)
				}
				if n := count(t, d, `SELECT count(*) FROM accounts`); n != accounts {
					t.Errorf("accounts %d → %d", accounts, n)
				}
				if n := count(t, d, `SELECT count(*) FROM grants`); n != grants {
					t.Errorf("grants %d → %d", grants, n)
				}
				if n := len(auditLog(t, d)); n != entries {
					t.Errorf("audit entries %d → %d", entries, n)
				}
			})
		}
	})
}

func TestCreateAccount(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		in := auth.AccountInput{Email: "  Nino.Beridze@Police.GE ", Name: " Nino Beridze ", Password: pw, Lang: "ka",
			PersonID: "0190D6A4-0000-7000-8000-0000000000AA",
			Grants: []core.Grant{
				{Role: core.RoleNCP, ScopeKind: core.ScopeAgency, ScopeID: agencyGE, Country: "FR"}, // country is derived, not taken
				country(core.RoleAnalyst, "ge"),
				{Role: core.RoleTrainer, ScopeKind: core.ScopeActivity, ScopeID: "0190d6a4-0000-7000-8000-0000000000bb"},
			}}
		a, err := e.svc.CreateAccount(sysCtx(), in)
		if err != nil {
			t.Fatal(err)
		}
		want := []core.Grant{
			{Role: core.RoleNCP, ScopeKind: core.ScopeAgency, ScopeID: agencyGE, Country: "GE"},
			{Role: core.RoleAnalyst, ScopeKind: core.ScopeCountry, Country: "GE"},
			{Role: core.RoleTrainer, ScopeKind: core.ScopeActivity, ScopeID: "0190d6a4-0000-7000-8000-0000000000bb"},
		}
		if a.Email != "nino.beridze@police.ge" || a.Name != "Nino Beridze" || a.PersonID != "0190d6a4-0000-7000-8000-0000000000aa" || !slices.Equal(a.Grants, want) {
			t.Fatalf("created %+v", a)
		}
		got, err := e.svc.Account(sysCtx(), a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Email != a.Email || got.Lang != "ka" || got.PersonID != a.PersonID || !slices.Equal(got.Grants, want) ||
			got.TOTPEnabled || got.Disabled || !got.CreatedAt.Equal(e.clock.Now()) {
			t.Fatalf("read back %+v", got)
		}
		var hash string
		if err := d.QueryRow(context.Background(), `SELECT password_hash FROM accounts WHERE id = ?`, a.ID).Scan(&hash); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(hash, "$argon2id$") || strings.Contains(hash, pw) {
			t.Fatalf("stored password %q", hash)
		}
		log := auditLog(t, d)
		if len(log) != 1 || log[0].Action != "auth.account.create" || log[0].EntityID != a.ID || log[0].ActorID != "system" {
			t.Fatalf("audit %+v", log)
		}
		if strings.Contains(log[0].Details, pw) || strings.Contains(log[0].Details, "argon2") {
			t.Fatalf("audit details leak a secret: %s", log[0].Details)
		}
	})
}

// TestAccountAuthorization checks who may call the account administration
// methods.
func TestAccountAuthorization(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.create(t, "admin@example.org", global(core.RoleAdmin))
		trainer := e.create(t, "trainer@example.org", core.Grant{Role: core.RoleTrainer, ScopeKind: core.ScopeGlobal})
		other := e.create(t, "other@example.org", core.Grant{Role: core.RoleParticipant, ScopeKind: core.ScopeGlobal})
		_, adminActor := e.login(t, "admin@example.org") // MFA pending: no TOTP yet
		pendingAdmin := core.WithActor(context.Background(), adminActor)
		trainerCtx := e.ctxOf(t, "trainer@example.org")
		readOnlyAdmin := core.WithActor(context.Background(), core.Actor{AccountID: core.NewID(), Email: "ro@example.org", ReadOnly: true,
			Grants: []core.Grant{global(core.RoleAdmin)}})
		newInput := auth.AccountInput{Email: "new@example.org", Name: "New", Password: pw}
		cases := []struct {
			name string
			ctx  context.Context
			call func(ctx context.Context) error
			want core.Code
		}{
			{"anonymous create", anonCtx(), func(ctx context.Context) error { _, err := e.svc.CreateAccount(ctx, newInput); return err }, core.Unauthenticated},
			{"trainer create", trainerCtx, func(ctx context.Context) error { _, err := e.svc.CreateAccount(ctx, newInput); return err }, core.Forbidden},
			{"MFA-pending admin create", pendingAdmin, func(ctx context.Context) error { _, err := e.svc.CreateAccount(ctx, newInput); return err }, core.Unauthenticated},
			{"read-only admin create", readOnlyAdmin, func(ctx context.Context) error { _, err := e.svc.CreateAccount(ctx, newInput); return err }, core.Forbidden},
			{"trainer update other", trainerCtx, func(ctx context.Context) error {
				_, err := e.svc.UpdateAccount(ctx, other.ID, auth.AccountInput{Email: "x@example.org", Name: "X"})
				return err
			}, core.Forbidden},
			{"trainer update self", trainerCtx, func(ctx context.Context) error {
				_, err := e.svc.UpdateAccount(ctx, trainer.ID, auth.AccountInput{Email: "trainer@example.org", Name: "T", Grants: []core.Grant{global(core.RoleAdmin)}})
				return err
			}, core.Forbidden},
			{"trainer disable other", trainerCtx, func(ctx context.Context) error { return e.svc.DisableAccount(ctx, other.ID, true) }, core.Forbidden},
			{"trainer reset TOTP", trainerCtx, func(ctx context.Context) error { return e.svc.ResetTOTP(ctx, other.ID, "lost phone") }, core.Forbidden},
			{"trainer sets other's password", trainerCtx, func(ctx context.Context) error { return e.svc.SetPassword(ctx, other.ID, "another good password") }, core.Forbidden},
			{"trainer reads other", trainerCtx, func(ctx context.Context) error { _, err := e.svc.Account(ctx, other.ID); return err }, core.Forbidden},
			{"trainer lists", trainerCtx, func(ctx context.Context) error {
				_, err := e.svc.ListAccounts(ctx, auth.AccountFilter{}, core.PageRequest{})
				return err
			}, core.Forbidden},
			{"trainer reads self", trainerCtx, func(ctx context.Context) error { _, err := e.svc.Account(ctx, trainer.ID); return err }, ""},
			{"system reads unknown", sysCtx(), func(ctx context.Context) error { _, err := e.svc.Account(ctx, core.NewID()); return err }, core.NotFound},
			{"system reads garbage id", sysCtx(), func(ctx context.Context) error { _, err := e.svc.Account(ctx, "' OR 1=1 --"); return err }, core.NotFound},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				before := len(auditLog(t, d))
				wantCode(t, tc.call(tc.ctx), tc.want)
				if tc.want != "" {
					if n := len(auditLog(t, d)); n != before {
						t.Fatalf("a refused call wrote %d audit entries", n-before)
					}
				}
			})
		}
		if n := count(t, d, `SELECT count(*) FROM accounts WHERE email = 'new@example.org'`); n != 0 {
			t.Fatal("a refused create left an account")
		}
	})
}

func TestUpdateAccount(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		a := e.create(t, "ana@example.org", country(core.RoleNCP, "MD"))
		e.create(t, "taken@example.org")
		cases := []struct {
			name      string
			in        auth.AccountInput
			wantCode  core.Code
			wantField string
			check     func(t *testing.T, got auth.Account)
		}{
			{"rename and regrant", auth.AccountInput{Email: "Ana.P@Example.org", Name: "Ana P.", Lang: "uk", Password: "ignored",
				Grants: []core.Grant{country(core.RoleObserver, "UA"), global(core.RoleObserver)}}, "", "",
				func(t *testing.T, got auth.Account) {
					if got.Email != "ana.p@example.org" || got.Name != "Ana P." || got.Lang != "uk" ||
						!slices.Equal(got.Grants, []core.Grant{country(core.RoleObserver, "UA"), global(core.RoleObserver)}) {
						t.Fatalf("updated %+v", got)
					}
				}},
			{"e-mail taken", auth.AccountInput{Email: "TAKEN@example.org", Name: "Ana"}, core.Conflict, "email", nil},
			{"invalid grant", auth.AccountInput{Email: "ana.p@example.org", Name: "Ana", Grants: []core.Grant{global(core.RoleNCP)}}, core.Invalid, "grants[0].scope_kind", nil},
			{"remove all grants", auth.AccountInput{Email: "ana.p@example.org", Name: "Ana"}, "", "",
				func(t *testing.T, got auth.Account) {
					if len(got.Grants) != 0 {
						t.Fatalf("grants %+v", got.Grants)
					}
				}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				before := len(auditLog(t, d))
				got, err := e.svc.UpdateAccount(sysCtx(), a.ID, tc.in)
				wantCode(t, err, tc.wantCode)
				if tc.wantField != "" && !slices.ContainsFunc(core.AsError(err).Fields, func(f core.FieldError) bool { return f.Field == tc.wantField }) {
					t.Fatalf("fields %+v", core.AsError(err).Fields)
				}
				if tc.check != nil {
					tc.check(t, got)
					read, err := e.svc.Account(sysCtx(), a.ID)
					if err != nil {
						t.Fatal(err)
					}
					tc.check(t, read)
				}
				wantEntries := before
				if tc.wantCode == "" {
					wantEntries++
				}
				if n := len(auditLog(t, d)); n != wantEntries {
					t.Fatalf("audit entries %d → %d", before, n)
				}
			})
		}
		if ok, _ := auth.CheckPassword(hashOf(t, d, a.ID), "ignored"); ok {
			t.Fatal("UpdateAccount changed the password")
		}
		if _, err := e.svc.UpdateAccount(sysCtx(), core.NewID(), auth.AccountInput{Email: "z@example.org", Name: "Z"}); !core.IsCode(err, core.NotFound) {
			t.Fatalf("update unknown: %v", err)
		}
	})
}

func hashOf(t *testing.T, d *db.DB, id string) string {
	t.Helper()
	var h string
	if err := d.QueryRow(context.Background(), `SELECT password_hash FROM accounts WHERE id = ?`, id).Scan(&h); err != nil {
		t.Fatal(err)
	}
	return h
}

func TestListAccounts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		mk := func(email, name string, gs ...core.Grant) auth.Account {
			a, err := e.svc.CreateAccount(sysCtx(), auth.AccountInput{Email: email, Name: name, Password: pw, Grants: gs})
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		mk("d@example.org", "Дмитро Коваленко", country(core.RoleNCP, "UA"))
		mk("a@example.org", "Ana Popescu", country(core.RoleNCP, "MD"), global(core.RoleTrainer))
		mk("c@example.org", "Giorgi 100%_sure", global(core.RoleTrainer))
		b := mk("b@example.org", "Bob", global(core.RoleCoordinator))
		mk("e@example.org", "Eve")
		if err := e.svc.DisableAccount(sysCtx(), b.ID, true); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name  string
			f     auth.AccountFilter
			want  []string
			total int
		}{
			{"all active", auth.AccountFilter{}, []string{"a", "c", "d", "e"}, 4},
			{"with disabled", auth.AccountFilter{IncludeDisabled: true}, []string{"a", "b", "c", "d", "e"}, 5},
			{"role", auth.AccountFilter{Role: "ncp"}, []string{"a", "d"}, 2},
			{"role and disabled", auth.AccountFilter{Role: "coordinator", IncludeDisabled: true}, []string{"b"}, 1},
			{"query name, case", auth.AccountFilter{Query: "POPESCU"}, []string{"a"}, 1},
			{"query Cyrillic, case", auth.AccountFilter{Query: "КОВАЛЕНКО"}, []string{"d"}, 1},
			{"query e-mail", auth.AccountFilter{Query: "e@exa"}, []string{"e"}, 1},
			{"wildcards are literal", auth.AccountFilter{Query: "%_"}, []string{"c"}, 1},
			{"underscore literal", auth.AccountFilter{Query: "_"}, []string{"c"}, 1},
			{"no match", auth.AccountFilter{Query: "zzz"}, nil, 0},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				var got []string
				p := core.PageRequest{Limit: 2}
				for range 10 {
					l, err := e.svc.ListAccounts(sysCtx(), tc.f, p)
					if err != nil {
						t.Fatal(err)
					}
					if l.Total != tc.total {
						t.Fatalf("total %d, want %d", l.Total, tc.total)
					}
					for _, a := range l.Items {
						got = append(got, strings.TrimSuffix(a.Email, "@example.org"))
						if a.Grants == nil {
							t.Fatal("nil grants")
						}
					}
					if l.Next == "" {
						break
					}
					p.Cursor = l.Next
				}
				if !slices.Equal(got, tc.want) {
					t.Fatalf("got %v, want %v", got, tc.want)
				}
			})
		}
		l, err := e.svc.ListAccounts(sysCtx(), auth.AccountFilter{Role: "ncp"}, core.PageRequest{})
		if err != nil || len(l.Items) != 2 || len(l.Items[0].Grants) != 2 {
			t.Fatalf("grants in list: %+v, %v", l, err)
		}
		_, err = e.svc.ListAccounts(sysCtx(), auth.AccountFilter{Role: "king"}, core.PageRequest{})
		wantCode(t, err, core.Invalid)
		_, err = e.svc.ListAccounts(sysCtx(), auth.AccountFilter{}, core.PageRequest{Cursor: "!!"})
		wantCode(t, err, core.Invalid)
	})
}

func TestDisableAccount(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		admin := e.create(t, "admin@example.org", global(core.RoleAdmin))
		u := e.create(t, "user@example.org", global(core.RoleTrainer))
		l, _ := e.login(t, "user@example.org")
		uctx := e.ctxOf(t, "user@example.org")
		tok, _, err := e.svc.CreateToken(uctx, auth.TokenInput{Name: "script", ExpiresAt: e.clock.Now().Add(24 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		adminCtx := core.WithActor(context.Background(), core.Actor{AccountID: admin.ID, Email: admin.Email, Grants: admin.Grants})
		wantCode(t, e.svc.DisableAccount(adminCtx, admin.ID, true), core.Forbidden)
		if err := e.svc.DisableAccount(adminCtx, u.ID, true); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name string
			try  func() error
		}{
			{"session", func() error { _, err := e.svc.Authenticate(anonCtx(), l.Token); return err }},
			{"token", func() error { _, err := e.svc.AuthenticateToken(anonCtx(), tok); return err }},
			{"login", func() error { _, err := e.svc.Login(anonCtx(), u.Email, pw, "192.0.2.9", ""); return err }},
			{"api login", func() error { _, _, err := e.svc.IssueToken(anonCtx(), u.Email, pw, "", "192.0.2.9", ""); return err }},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) { wantCode(t, tc.try(), core.Unauthenticated) })
		}
		if n := count(t, d, `SELECT count(*) FROM sessions WHERE account_id = ? AND revoked_at IS NULL`, u.ID); n != 0 {
			t.Fatalf("%d sessions still active", n)
		}
		if n := count(t, d, `SELECT count(*) FROM api_tokens WHERE account_id = ? AND revoked_at IS NULL`, u.ID); n != 0 {
			t.Fatalf("%d tokens still active", n)
		}
		got, _ := e.svc.Account(sysCtx(), u.ID)
		if !got.Disabled {
			t.Fatal("not disabled")
		}
		// Re-enabling lets the account sign in again, but old sessions stay revoked.
		if err := e.svc.DisableAccount(adminCtx, u.ID, false); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Authenticate(anonCtx(), l.Token); !core.IsCode(err, core.Unauthenticated) {
			t.Fatalf("old session after re-enable: %v", err)
		}
		e.login(t, u.Email)
		wantCode(t, e.svc.DisableAccount(adminCtx, core.NewID(), true), core.NotFound)
	})
}

func TestSetPassword(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		u := e.create(t, "user@example.org", global(core.RoleTrainer))
		first, _ := e.login(t, u.Email)
		_, a := e.login(t, u.Email)
		self := core.WithActor(context.Background(), a)
		cases := []struct {
			name      string
			ctx       context.Context
			pw        string
			wantCode  core.Code
			wantField string
		}{
			{"weak", self, "short", core.Invalid, "password"},
			{"same as e-mail", self, "USER@example.org", core.Invalid, "password"},
			{"self", self, "a brand new passphrase", "", ""},
			{"admin", sysCtx(), "an admin chose this one", "", ""},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				err := e.svc.SetPassword(tc.ctx, u.ID, tc.pw)
				wantCode(t, err, tc.wantCode)
				if tc.wantField != "" && !hasField(err, tc.wantField, "weak") {
					t.Fatalf("fields %+v", core.AsError(err).Fields)
				}
				if tc.name == "self" {
					// The other session is revoked, the current one stays.
					if _, err := e.svc.Authenticate(anonCtx(), first.Token); !core.IsCode(err, core.Unauthenticated) {
						t.Fatalf("other session: %v", err)
					}
					if n := count(t, d, `SELECT count(*) FROM sessions WHERE id = ? AND revoked_at IS NULL`, a.SessionID); n != 1 {
						t.Fatal("current session was revoked")
					}
				}
			})
		}
		if _, err := e.svc.Login(anonCtx(), u.Email, "an admin chose this one", "192.0.2.1", ""); err != nil {
			t.Fatalf("login with the new password: %v", err)
		}
		if n := count(t, d, `SELECT count(*) FROM sessions WHERE id = ? AND revoked_at IS NULL`, a.SessionID); n != 0 {
			t.Fatal("admin reset kept the account's sessions")
		}
		if got := countActions(t, d, "auth.password.set"); got != 2 {
			t.Fatalf("%d auth.password.set entries", got)
		}
	})
}

func countActions(t *testing.T, d *db.DB, action string) int {
	t.Helper()
	n := 0
	for _, a := range actions(t, d) {
		if a == action {
			n++
		}
	}
	return n
}

func TestLanguagesMatchI18n(t *testing.T) {
	var want []string
	for _, l := range i18n.Languages {
		want = append(want, l.Code)
	}
	if !slices.Equal(auth.Languages, want) {
		t.Fatalf("auth.Languages %v, i18n.Languages %v", auth.Languages, want)
	}
}
