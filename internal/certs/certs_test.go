package certs_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/certs"
	"github.com/topcop-platform/topcop/internal/certs/badge"
	"github.com/topcop-platform/topcop/internal/certs/cert"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/training"
)

func must[T any](t testing.TB) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err, core.AsError(err).Fields)
		}
		return v
	}
}

// world is a delivered activity in Kyiv (2026-03-02 to 06) of a 16-hour
// course delivered by Tudor: Ana (Georgia, Georgian script) and Olena
// (Ukraine, Cyrillic) attended every day and completed; Nika (Georgia)
// came one day of five. Vera holds no seat. Each has an API token, as do
// a coordinator, an admin, an observer, Georgia's ncp and the trainer.
type world struct {
	e                               *apptest.Env
	svc                             *certs.Service
	act                             training.Activity
	anaID, olenaID, nikaID          string
	coord, admin, obs, ncpGE, tudor string
	ana, olena, nika, vera          string
}

func setup(t *testing.T, e *apptest.Env) *world {
	t.Helper()
	sys := apptest.SysCtx()
	dir := apptest.Use[*directory.Service](e)
	tr := apptest.Use[*training.Service](e)
	w := &world{e: e, svc: apptest.Use[*certs.Service](e)}
	ge := must[directory.Agency](t)(dir.CreateAgency(sys, directory.AgencyInput{Code: "GE-MIA", CountryCode: "GE", Name: "Ministry of Internal Affairs", Type: directory.AgencyPolice}))
	ua := must[directory.Agency](t)(dir.CreateAgency(sys, directory.AgencyInput{Code: "UA-NPU", CountryCode: "UA", Name: "National Police", Type: directory.AgencyPolice}))
	person := func(ag directory.Agency, given, family, gn, fn, email string) directory.Person {
		t.Helper()
		p, _, err := dir.CreatePerson(sys, directory.PersonInput{AgencyID: ag.ID, GivenName: given, FamilyName: family, GivenNameNative: gn,
			FamilyNameNative: fn, Sex: directory.SexFemale, Email: email})
		if err != nil {
			t.Fatal(err, core.AsError(err).Fields)
		}
		return p
	}
	ana := person(ge, "Ana", "Abashidze", "ანა", "აბაშიძე", "ana.dir@example.org")
	olena := person(ua, "Olena", "Bondar", "Олена", "Бондар", "olena.dir@example.org")
	nika := person(ge, "Nika", "Eristavi", "ნიკა", "ერისთავი", "")
	vera := person(ge, "Vera", "Gelashvili", "", "", "")
	tudor := person(ge, "Tudor", "Rusu", "", "", "")
	w.anaID, w.olenaID, w.nikaID = ana.ID, olena.ID, nika.ID
	call := tr.At(time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC))
	course := must[training.Course](t)(call.CreateCourse(sys, training.CourseInput{Code: "CYB-101", Title: "Cybercrime investigations",
		Titles: map[string]string{"uk": "Розслідування кіберзлочинів", "ka": "კიბერდანაშაულის გამოძიება"},
		Areas:  []string{"ONLINE"}, Level: training.LevelBasic, Format: training.FormatResidential, Hours: 16,
		Outcomes: []string{"Seize digital evidence", "Trace a payment"}}))
	w.act = must[training.Activity](t)(call.CreateActivity(sys, training.ActivityInput{CourseID: course.ID, StartsOn: "2026-03-02", EndsOn: "2026-03-06",
		TimeZone: "Europe/Kyiv", City: "Kyiv", CountryCode: "UA", Languages: []string{"en"}, Capacity: 5, Seats: map[string]int{"GE": 3, "UA": 2},
		TrainerIDs: []string{tudor.ID}}))
	must[training.Activity](t)(call.OpenCall(sys, w.act.ID, training.CallInput{Deadline: time.Date(2026, 2, 1, 12, 0, 0, 0, time.UTC)}))
	for _, p := range []directory.Person{ana, olena, nika} {
		must[training.Nomination](t)(call.Nominate(sys, w.act.ID, training.NominationInput{PersonID: p.ID}))
	}
	conf := tr.At(time.Date(2026, 2, 2, 9, 0, 0, 0, time.UTC))
	must[training.Activity](t)(conf.CloseCall(sys, w.act.ID))
	if p := must[training.Proposal](t)(conf.Confirm(sys, w.act.ID, training.ConfirmInput{})); p.Selected != 3 {
		t.Fatalf("confirmed %d selected", p.Selected)
	}
	var records []training.AttendanceRecord
	for i, day := range w.act.Days() {
		for _, p := range []directory.Person{ana, olena, nika} {
			records = append(records, training.AttendanceRecord{PersonID: p.ID, Date: day, Present: p.ID != nika.ID || i == 0})
		}
	}
	must[int](t)(tr.MarkAttendance(sys, w.act.ID, records))
	must[training.Activity](t)(tr.Move(sys, w.act.ID, training.StatusDelivered, ""))

	token := func(email string, g core.Grant, personID string) string {
		t.Helper()
		acc := e.CreateAccount(t, email, g)
		if personID != "" {
			e.LinkPerson(t, acc, personID)
		}
		return e.APIToken(t, email)
	}
	w.coord = e.APIToken(t, e.AccountFor(t, core.RoleCoordinator).Email)
	w.admin = e.APIToken(t, e.AccountFor(t, core.RoleAdmin).Email)
	w.obs = e.APIToken(t, e.AccountFor(t, core.RoleObserver).Email)
	w.ncpGE = token("ncp.ge@example.org", apptest.CountryGrant(core.RoleNCP, "GE"), "")
	w.tudor = token("tudor@example.org", apptest.RoleGrant(core.RoleTrainer), tudor.ID)
	w.ana = token("ana@example.org", apptest.RoleGrant(core.RoleParticipant), ana.ID)
	w.olena = token("olena@example.org", apptest.RoleGrant(core.RoleParticipant), olena.ID)
	w.nika = token("nika@example.org", apptest.RoleGrant(core.RoleParticipant), nika.ID)
	w.vera = token("vera@example.org", apptest.RoleGrant(core.RoleParticipant), vera.ID)
	return w
}

type listBody struct {
	Items []cert.Certificate `json:"items"`
	Total int                `json:"total"`
}

func (w *world) list(t *testing.T, token string, want int) listBody {
	t.Helper()
	res := w.e.DoJSON(t, http.MethodGet, "/api/v1/activities/"+w.act.ID+"/certificates", token, nil)
	apptest.WantStatus(t, res, want)
	var b listBody
	if want == http.StatusOK {
		if err := json.Unmarshal([]byte(res.Body), &b); err != nil {
			t.Fatal(err)
		}
	}
	return b
}

func people(b listBody) []string {
	var out []string
	for _, c := range b.Items {
		out = append(out, c.PersonID)
	}
	slices.Sort(out)
	return out
}

func sorted(ids ...string) []string { slices.Sort(ids); return ids }

// TestIssueVerifyRevoke walks a certificate's life on both engines:
// issued on completion (once, however often asked), read in each role's
// scope, verified offline from its payload and online by code, revoked
// with a reason (online at once, and in the signed list), and issued by
// hand with a reason to one who did not complete.
func TestIssueVerifyRevoke(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		w := setup(t, e)

		// Issuing: delivering the activity (in setup) issued the two who
		// completed; asking again issues none.
		if got := people(w.list(t, w.coord, http.StatusOK)); !slices.Equal(got, sorted(w.anaID, w.olenaID)) {
			t.Fatalf("issued on delivery to %v", got)
		}
		var res *apptest.Response
		for range 2 {
			res = e.DoJSON(t, http.MethodPost, "/api/v1/activities/"+w.act.ID+"/certificates", w.coord, nil)
			apptest.WantStatus(t, res, http.StatusOK)
			if !strings.Contains(res.Body, `"count":0`) {
				t.Fatalf("issued again: %s", res.Body)
			}
		}
		// Only coordinators issue.
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPost, "/api/v1/activities/"+w.act.ID+"/certificates", w.tudor, nil), http.StatusForbidden)

		// Scope of the list.
		all := w.list(t, w.coord, http.StatusOK)
		if got := people(all); !slices.Equal(got, sorted(w.anaID, w.olenaID)) {
			t.Fatalf("coordinator sees %v", got)
		}
		if got := people(w.list(t, w.tudor, http.StatusOK)); len(got) != 2 {
			t.Fatalf("trainer sees %v", got)
		}
		if got := people(w.list(t, w.ncpGE, http.StatusOK)); !slices.Equal(got, []string{w.anaID}) {
			t.Fatalf("Georgia's ncp sees %v", got)
		}
		if got := people(w.list(t, w.olena, http.StatusOK)); !slices.Equal(got, []string{w.olenaID}) {
			t.Fatalf("Olena sees %v", got)
		}
		if got := people(w.list(t, w.nika, http.StatusOK)); len(got) != 0 {
			t.Fatalf("Nika, who did not complete, sees %v", got)
		}
		w.list(t, w.vera, http.StatusNotFound)
		w.list(t, w.obs, http.StatusForbidden)

		var ana, olena cert.Certificate
		for _, c := range all.Items {
			if c.PersonID == w.anaID {
				ana = c
			} else {
				olena = c
			}
			if c.Status != cert.StatusValid || cert.NormalizeCode(c.Code) != c.Code || c.Payload == "" {
				t.Fatalf("certificate %+v", c)
			}
		}
		if ana.NativeName != "ანა აბაშიძე" || ana.Lang != "ka" || ana.LocalTitle != "კიბერდანაშაულის გამოძიება" || ana.Hours != 16 ||
			!slices.Equal(ana.Outcomes, []string{"Seize digital evidence", "Trace a payment"}) || ana.City != "Kyiv" {
			t.Fatalf("Ana's certificate shows %+v", ana)
		}
		if olena.Lang != "uk" || olena.LocalTitle != "Розслідування кіберзлочинів" {
			t.Fatalf("Olena's certificate shows %+v", olena)
		}

		// Offline: the payload verifies against the published keys.
		res = e.DoJSON(t, http.MethodGet, cert.KeysPath, "", nil)
		apptest.WantStatus(t, res, http.StatusOK)
		ks := must[cert.KeySet](t)(cert.ParseKeySet([]byte(res.Body)))
		claims := must[cert.Claims](t)(cert.Verify(ana.Payload, ks))
		if claims.Name != "Ana Abashidze" || claims.Code != ana.Code || claims.From != "2026-03-02" || claims.To != "2026-03-06" || claims.Course != "Cybercrime investigations" {
			t.Fatalf("claims %+v", claims)
		}

		// Online, anonymous: valid, unknown, malformed.
		web := e.NewClient()
		res = web.Get(t, "/verify/"+cert.FormatCode(ana.Code))
		apptest.WantStatus(t, res, http.StatusOK)
		for _, want := range []string{`data-status="valid"`, "Ana Abashidze", "ანა აბაშიძე", "Cybercrime investigations", cert.FormatCode(ana.Code)} {
			if !strings.Contains(res.Body, want) {
				t.Fatalf("verification page lacks %q", want)
			}
		}
		if strings.Contains(res.Body, "Olena") {
			t.Fatal("the verification page names another certificate's holder")
		}
		// Programs ask for JSON: only what the certificate shows.
		res = e.DoJSON(t, http.MethodGet, "/verify/"+strings.ToLower(ana.Code), "", nil)
		apptest.WantStatus(t, res, http.StatusOK)
		var pub struct {
			Status      string
			Certificate map[string]any
		}
		if err := json.Unmarshal([]byte(res.Body), &pub); err != nil || pub.Status != "valid" || pub.Certificate["name"] != "Ana Abashidze" {
			t.Fatalf("JSON verification %s (%v)", res.Body, err)
		}
		for _, hidden := range []string{"person_id", "activity_id", "payload", "issue_reason", "key_id"} {
			if _, ok := pub.Certificate[hidden]; ok {
				t.Errorf("public verification shows %s", hidden)
			}
		}
		// Binary in the path is refused before the page (400).
		apptest.WantStatus(t, web.Get(t, "/verify/%00%ff"), http.StatusBadRequest)
		for _, code := range []string{strings.Repeat("0", 16), "not-a-code", strings.Repeat("A", 300)} {
			res = web.Get(t, "/verify/"+code)
			apptest.WantStatus(t, res, http.StatusNotFound)
			if !strings.Contains(res.Body, `data-status="unknown"`) {
				t.Fatalf("code %q: %s", code, apptest.Excerpt(res.Body))
			}
		}

		// The PDF and the badge, for the holder.
		res = e.DoJSON(t, http.MethodGet, "/api/v1/certificates/"+ana.Code+"/pdf", w.ana, nil)
		apptest.WantStatus(t, res, http.StatusOK)
		if !strings.HasPrefix(res.Body, "%PDF-") {
			t.Fatalf("PDF starts %q", res.Body[:min(20, len(res.Body))])
		}
		apptest.WantStatus(t, e.DoJSON(t, http.MethodGet, "/api/v1/certificates/"+ana.Code+"/pdf", w.olena, nil), http.StatusNotFound)
		res = e.DoJSON(t, http.MethodGet, "/api/v1/certificates/"+ana.Code+"/badge", w.ana, nil)
		apptest.WantStatus(t, res, http.StatusOK)
		ks = must[cert.KeySet](t)(w.svc.KeySet(apptest.SysCtx()))
		if code, err := badge.Verify([]byte(res.Body), ks); err != nil || code != ana.Code {
			t.Fatalf("badge verifies %q, %v", code, err)
		}

		// Revocation: a reason is required; revoked shows at once, with
		// the reason, and in the signed list.
		res = e.DoJSON(t, http.MethodPost, "/api/v1/certificates/"+olena.Code+"/revoke", w.coord, map[string]any{"reason": "  "})
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPost, "/api/v1/certificates/"+olena.Code+"/revoke", w.olena, map[string]any{"reason": "mine"}), http.StatusForbidden)
		res = e.DoJSON(t, http.MethodPost, "/api/v1/certificates/"+olena.Code+"/revoke", w.coord, map[string]any{"reason": "Attendance recorded in error"})
		apptest.WantStatus(t, res, http.StatusOK)
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPost, "/api/v1/certificates/"+olena.Code+"/revoke", w.coord, map[string]any{"reason": "again"}), http.StatusConflict)
		res = web.Get(t, "/verify/"+olena.Code)
		if !strings.Contains(res.Body, `data-status="revoked"`) || !strings.Contains(res.Body, "Attendance recorded in error") {
			t.Fatalf("revoked page: %s", apptest.Excerpt(res.Body))
		}
		apptest.WantStatus(t, e.DoJSON(t, http.MethodGet, "/api/v1/certificates/"+olena.Code+"/pdf", w.olena, nil), http.StatusConflict)
		res = e.DoJSON(t, http.MethodGet, cert.RevocationsPath, "", nil)
		rl := must[cert.RevocationList](t)(cert.ParseRevocations([]byte(res.Body), ks))
		if r, ok := rl.Find(olena.Code); !ok || r.Reason != "Attendance recorded in error" || len(rl.Revoked) != 1 {
			t.Fatalf("revocation list %+v", rl)
		}

		// The offline page carries the keys and the list of now.
		res = web.Get(t, "/verify/offline?download=1")
		apptest.WantStatus(t, res, http.StatusOK)
		if !strings.Contains(res.Body, ks.Keys[0].X) || !strings.Contains(res.Body, olena.Code) ||
			!strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("offline page lacks the key or the revocation (%s)", res.Header.Get("Content-Disposition"))
		}

		// By hand: Nika did not complete; a reason is needed.
		res = e.DoJSON(t, http.MethodPost, "/api/v1/activities/"+w.act.ID+"/certificates/issue", w.coord, map[string]any{"person_id": w.nikaID})
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		if !strings.Contains(res.Body, certs.CodeNotCompleted) {
			t.Fatalf("issue without a reason: %s", res.Body)
		}
		res = e.DoJSON(t, http.MethodPost, "/api/v1/activities/"+w.act.ID+"/certificates/withhold", w.coord, map[string]any{"person_id": w.anaID, "reason": "x"})
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		res = e.DoJSON(t, http.MethodPost, "/api/v1/activities/"+w.act.ID+"/certificates/issue", w.coord,
			map[string]any{"person_id": w.nikaID, "reason": "Missed four days on a documented operational call-out; completed the work remotely"})
		apptest.WantStatus(t, res, http.StatusCreated)

		// Ana's home page lists her certificate; Olena's, revoked, says so.
		home := e.NewClient()
		home.Login(t, "ana@example.org", e.PasswordOf("ana@example.org"), "/")
		res = home.Get(t, "/")
		if !strings.Contains(res.Body, `id="certs-mine"`) || !strings.Contains(res.Body, "/certificates/"+ana.Code+".pdf") {
			t.Fatalf("Ana's home page lacks her certificate: %s", apptest.Excerpt(res.Body))
		}

		// Every write and the reads of personal data are in the chain.
		actions := e.AuditActions(t)
		for _, a := range []string{"certs.certificate.issue", "certs.certificate.revoke", "certs.certificate.verify", "certs.certificate.read", "certs.certificates.list"} {
			if !slices.Contains(actions, a) {
				t.Errorf("audit lacks %s", a)
			}
		}
	})
}

// TestKeyRotation: after a rotation new certificates are signed by the new
// key, the old ones keep verifying, and a key set without the old key
// refuses them.
func TestKeyRotation(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		w := setup(t, e)
		sys := apptest.SysCtx()
		must[int](t)(w.svc.IssueCompleted(sys, w.act.ID))
		old := w.list(t, w.coord, http.StatusOK).Items[0]
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPost, "/api/v1/certificate-keys/rotate", w.coord, nil), http.StatusForbidden)
		res := e.DoJSON(t, http.MethodPost, "/api/v1/certificate-keys/rotate", w.admin, nil)
		apptest.WantStatus(t, res, http.StatusOK)
		var jwk cert.JWK
		if err := json.Unmarshal([]byte(res.Body), &jwk); err != nil || jwk.Kid == old.KeyID {
			t.Fatalf("rotated to %+v (%v)", jwk, err)
		}
		c := must[cert.Certificate](t)(w.svc.Issue(sys, w.act.ID, w.nikaID, "Completed the missed days in the next delivery"))
		if c.KeyID != jwk.Kid {
			t.Fatalf("new certificate signed by %s, want %s", c.KeyID, jwk.Kid)
		}
		ks := must[cert.KeySet](t)(w.svc.KeySet(sys))
		if len(ks.Keys) != 2 {
			t.Fatalf("published %d keys", len(ks.Keys))
		}
		for _, p := range []string{old.Payload, c.Payload} {
			if _, err := cert.Verify(p, ks); err != nil {
				t.Fatalf("after rotation: %v", err)
			}
		}
		onlyNew := cert.KeySet{Keys: slices.DeleteFunc(slices.Clone(ks.Keys), func(k cert.JWK) bool { return k.Kid == old.KeyID })}
		if _, err := cert.Verify(old.Payload, onlyNew); err != cert.ErrUnknownKey {
			t.Fatalf("without the old key: %v", err)
		}
	})
}

// TestZIPAndMail: the ZIP holds one PDF per valid certificate; e-mailing
// sends each holder theirs once.
func TestZIPAndMail(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		w := setup(t, e)
		sys := apptest.SysCtx()
		must[int](t)(w.svc.IssueCompleted(sys, w.act.ID))
		var buf bytes.Buffer
		n := must[int](t)(w.svc.ZIP(sys, w.act.ID, &buf, nil))
		zr := must[*zip.Reader](t)(zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len())))
		if n != 2 || len(zr.File) != 2 {
			t.Fatalf("zip holds %d files, n %d", len(zr.File), n)
		}
		for _, f := range zr.File {
			if !strings.HasSuffix(f.Name, ".pdf") {
				t.Fatalf("file %s", f.Name)
			}
		}
		// The download over HTTP, as the page's button asks for it.
		web := e.SignIn(t, e.AccountFor(t, core.RoleCoordinator).Email)
		res := web.Get(t, "/training/activities/"+w.act.ID+"/certificates.zip")
		apptest.WantStatus(t, res, http.StatusOK)
		if res.Header.Get("Content-Type") != "application/zip" || !strings.Contains(res.Header.Get("Content-Disposition"), "certificates-CYB-101-2026-03-02.zip") {
			t.Fatalf("zip headers %v", res.Header)
		}
		if zr, err := zip.NewReader(strings.NewReader(res.Body), int64(len(res.Body))); err != nil || len(zr.File) != 2 {
			t.Fatalf("downloaded zip: %v", err)
		}
		apptest.WantStatus(t, e.NewClient().Get(t, "/training/activities/"+w.act.ID+"/certificates.zip"), http.StatusSeeOther)

		if sent := must[int](t)(w.svc.MailAll(sys, w.act.ID)); sent != 2 {
			t.Fatalf("mailed %d", sent)
		}
		if sent := must[int](t)(w.svc.MailAll(sys, w.act.ID)); sent != 0 {
			t.Fatalf("mailed again %d", sent)
		}
	})
}

// TestVerifyRateLimited: one address gets the burst, then 429 with
// Retry-After.
func TestVerifyRateLimited(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		limited := 0
		for i := 0; i < 40; i++ {
			res := e.DoJSON(t, http.MethodGet, "/verify/"+strings.Repeat("1", 16), "", nil)
			if res.StatusCode == http.StatusTooManyRequests {
				limited++
				if res.Header.Get("Retry-After") == "" {
					t.Fatal("429 without Retry-After")
				}
			}
		}
		if limited != 10 {
			t.Fatalf("%d of 40 limited, want 10", limited)
		}
	})
}

// TestServiceDecides: the service refuses writes to those who are not
// coordinators even when a route let them through (the route's
// declaration is a first line only), and read-only tokens.
func TestServiceDecides(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		w := setup(t, e)
		must[int](t)(w.svc.IssueCompleted(apptest.SysCtx(), w.act.ID))
		code := w.list(t, w.coord, http.StatusOK).Items[0].Code
		trainer := core.WithActor(t.Context(), core.Actor{AccountID: core.NewID(), Grants: []core.Grant{apptest.RoleGrant(core.RoleTrainer)}})
		readOnly := core.WithActor(t.Context(), core.Actor{AccountID: core.NewID(), ReadOnly: true, Grants: []core.Grant{apptest.GlobalGrant(core.RoleCoordinator)}})
		coordinator := core.WithActor(t.Context(), core.Actor{AccountID: core.NewID(), Grants: []core.Grant{apptest.GlobalGrant(core.RoleCoordinator)}})
		for name, ctx := range map[string]context.Context{"a trainer": trainer, "a read-only token": readOnly} {
			if _, err := w.svc.IssueCompleted(ctx, w.act.ID); !core.IsCode(err, core.Forbidden) {
				t.Errorf("%s issues: %v", name, err)
			}
			if _, err := w.svc.Issue(ctx, w.act.ID, w.nikaID, "because"); !core.IsCode(err, core.Forbidden) {
				t.Errorf("%s issues by hand: %v", name, err)
			}
			if err := w.svc.Withhold(ctx, w.act.ID, w.nikaID, "because"); !core.IsCode(err, core.Forbidden) {
				t.Errorf("%s withholds: %v", name, err)
			}
			if _, err := w.svc.Revoke(ctx, code, "because"); !core.IsCode(err, core.Forbidden) {
				t.Errorf("%s revokes: %v", name, err)
			}
			if _, err := w.svc.MailAll(ctx, w.act.ID); !core.IsCode(err, core.Forbidden) {
				t.Errorf("%s mails: %v", name, err)
			}
		}
		if _, err := w.svc.RotateKey(coordinator); !core.IsCode(err, core.Forbidden) {
			t.Errorf("a coordinator rotates the key: %v", err)
		}
		if _, err := w.svc.Get(trainer, code); !core.IsCode(err, core.NotFound) {
			t.Errorf("a trainer of no activity reads a certificate: %v", err)
		}
		if got := w.list(t, w.coord, http.StatusOK); got.Items[0].Status != cert.StatusValid {
			t.Fatalf("refused writes changed %+v", got.Items[0])
		}
	})
}
