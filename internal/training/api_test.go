package training_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/training"
)

// TestAPI walks the portfolio and an activity through the JSON API, as
// the paths of issue 8 fix them: create a course and an activity with
// seats per country, read them back, refuse bad input and other roles,
// and move the status.
func TestAPI(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		coord := e.APIToken(t, e.AccountFor(t, core.RoleCoordinator).Email)
		ncp := e.APIToken(t, e.AccountFor(t, core.RoleNCP).Email)
		obs := e.APIToken(t, e.AccountFor(t, core.RoleObserver).Email)

		res := e.DoJSON(t, http.MethodPost, "/api/v1/courses", coord, map[string]any{
			"code": "THB-201", "title": "Financial investigations of human trafficking", "titles": map[string]string{"ro": "Investigații financiare ale traficului de persoane"},
			"crime_areas": []string{"MS-THB"}, "level": "advanced", "format": "residential", "hours": 32,
			"learning_outcomes": []string{"Follow the money of a trafficking network"}, "target_group": []string{"police", "prosecution"}})
		apptest.WantStatus(t, res, http.StatusCreated)
		var c training.Course
		res.JSON(t, &c)

		var courses struct {
			Items []training.Course `json:"items"`
			Total int               `json:"total"`
		}
		e.DoJSON(t, http.MethodGet, "/api/v1/courses?area=MS-THB&level=advanced", obs, nil).JSON(t, &courses)
		if courses.Total != 1 || courses.Items[0].ID != c.ID {
			t.Errorf("observer's portfolio: %+v", courses)
		}
		res = e.DoJSON(t, http.MethodGet, "/api/v1/courses?level=expert", obs, nil)
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)

		body := map[string]any{"course_id": c.ID, "starts_on": "2026-09-07", "ends_on": "2026-09-10", "time_zone": "Asia/Tbilisi",
			"city": "Tbilisi", "country_code": "GE", "languages": []string{"en"}, "capacity": 24,
			"seats": map[string]int{"AM": 4, "AZ": 4, "GE": 4, "MD": 4, "UA": 4}}
		res = e.DoJSON(t, http.MethodPost, "/api/v1/activities", ncp, body)
		apptest.WantStatus(t, res, http.StatusForbidden)
		body["seats"] = map[string]int{"GE": 20, "UA": 10}
		res = e.DoJSON(t, http.MethodPost, "/api/v1/activities", coord, body)
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		if !res.Problem(t).HasFieldError("seats", "seats_over_capacity") {
			t.Errorf("seats over capacity: %s", res.Body)
		}
		body["seats"] = map[string]int{"AM": 4, "AZ": 4, "GE": 4, "MD": 4, "UA": 4}
		res = e.DoJSON(t, http.MethodPost, "/api/v1/activities", coord, body)
		apptest.WantStatus(t, res, http.StatusCreated)
		var a training.Activity
		res.JSON(t, &a)

		var got training.Activity
		e.DoJSON(t, http.MethodGet, "/api/v1/activities/"+a.ID+"?lang=ro", obs, nil).JSON(t, &got)
		if got.Status != training.StatusPlanned || got.Seats["GE"] != 4 || got.CourseTitle != "Investigații financiare ale traficului de persoane" {
			t.Errorf("activity as read: %+v", got)
		}
		res = e.DoJSON(t, http.MethodPost, "/api/v1/activities/"+a.ID+"/status", coord, map[string]any{"status": "delivered"})
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		if !res.Problem(t).HasFieldError("status", "transition_not_allowed") {
			t.Errorf("planned → delivered: %s", res.Body)
		}
		res = e.DoJSON(t, http.MethodPatch, "/api/v1/activities/"+a.ID, coord, map[string]any{"ends_on": "2026-09-01"})
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		res = e.DoJSON(t, http.MethodPatch, "/api/v1/activities/"+a.ID, coord, map[string]any{"capacity": 30})
		apptest.WantStatus(t, res, http.StatusOK)
		res = e.DoJSON(t, http.MethodGet, "/api/v1/activities/not-a-uuid", obs, nil)
		apptest.WantStatus(t, res, http.StatusNotFound)

		var list struct {
			Total int `json:"total"`
		}
		e.DoJSON(t, http.MethodGet, "/api/v1/activities?from=2026-09-01&to=2026-09-30&country=GE", obs, nil).JSON(t, &list)
		if list.Total != 1 {
			t.Errorf("September in Georgia: %d", list.Total)
		}
		for _, action := range []string{"training.course.create", "training.activity.create", "training.activity.update"} {
			if !slices.Contains(e.AuditActions(t), action) {
				t.Errorf("audit has no %s", action)
			}
		}
	})
}

// TestNominationAPI: the call, nominations, proposal, confirmation and
// answers through the paths issue 8 fixes, with each role's view.
func TestNominationAPI(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		coord := e.APIToken(t, e.AccountFor(t, core.RoleCoordinator).Email)
		ncpGE := e.APIToken(t, e.CreateAccount(t, "ncp.ge@example.org", apptest.CountryGrant(core.RoleNCP, "GE")).Email)
		ncpMD := e.APIToken(t, e.CreateAccount(t, "ncp.md@example.org", apptest.CountryGrant(core.RoleNCP, "MD")).Email)
		obs := e.APIToken(t, e.AccountFor(t, core.RoleObserver).Email)

		var ag struct{ ID string }
		e.DoJSON(t, http.MethodPost, "/api/v1/agencies", coord, map[string]any{"code": "GE-MIA", "country_code": "GE",
			"name": "Ministry of Internal Affairs", "type": "police"}).JSON(t, &ag)
		var people []string
		for _, n := range []string{"Nino", "Giorgi", "Tamar"} {
			var p struct {
				Person struct{ ID string } `json:"person"`
			}
			res := e.DoJSON(t, http.MethodPost, "/api/v1/people", coord, map[string]any{"agency_id": ag.ID, "given_name": n, "family_name": "Beridze"})
			apptest.WantStatus(t, res, http.StatusCreated)
			res.JSON(t, &p)
			people = append(people, p.Person.ID)
		}
		var c training.Course
		e.DoJSON(t, http.MethodPost, "/api/v1/courses", coord, map[string]any{"code": "OSINT-1", "title": "Open-source intelligence",
			"crime_areas": []string{"ONLINE"}, "level": "basic", "format": "webinar", "hours": 6}).JSON(t, &c)
		var a training.Activity
		e.DoJSON(t, http.MethodPost, "/api/v1/activities", coord, map[string]any{"course_id": c.ID, "starts_on": "2027-02-02",
			"ends_on": "2027-02-02", "online": true, "languages": []string{"en"}, "capacity": 2, "seats": map[string]int{"GE": 1}}).JSON(t, &a)
		deadline := time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339)
		res := e.DoJSON(t, http.MethodPost, "/api/v1/activities/"+a.ID+"/call", ncpGE, map[string]any{"deadline": deadline})
		apptest.WantStatus(t, res, http.StatusForbidden)
		res = e.DoJSON(t, http.MethodPost, "/api/v1/activities/"+a.ID+"/call", coord, map[string]any{"deadline": deadline})
		apptest.WantStatus(t, res, http.StatusOK)

		var noms []string
		for i, p := range people {
			res := e.DoJSON(t, http.MethodPost, "/api/v1/activities/"+a.ID+"/nominations", ncpGE, map[string]any{"person_id": p, "priority": i + 1, "motivation": "cyber unit"})
			apptest.WantStatus(t, res, http.StatusCreated)
			var n training.Nomination
			res.JSON(t, &n)
			noms = append(noms, n.ID)
		}
		res = e.DoJSON(t, http.MethodPost, "/api/v1/activities/"+a.ID+"/nominations", ncpMD, map[string]any{"person_id": people[0]})
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		if !res.Problem(t).HasFieldError("person_id", "other_country") {
			t.Errorf("MD nominates a Georgian: %s", res.Body)
		}
		var list struct {
			Items []map[string]any `json:"items"`
			Total int              `json:"total"`
		}
		e.DoJSON(t, http.MethodGet, "/api/v1/activities/"+a.ID+"/nominations", ncpMD, nil).JSON(t, &list)
		if list.Total != 0 {
			t.Errorf("MD ncp sees %d Georgian nominations", list.Total)
		}
		e.DoJSON(t, http.MethodGet, "/api/v1/activities/"+a.ID+"/nominations", ncpGE, nil).JSON(t, &list)
		if list.Total != 3 {
			t.Fatalf("GE ncp sees %d", list.Total)
		}
		for _, k := range []string{"id", "person_id", "country_code", "priority", "status"} {
			if _, ok := list.Items[0][k]; !ok {
				t.Errorf("nomination item has no %q: %v", k, list.Items[0])
			}
		}
		apptest.WantStatus(t, e.DoJSON(t, http.MethodGet, "/api/v1/activities/"+a.ID+"/nominations", obs, nil), http.StatusForbidden)

		apptest.WantStatus(t, e.DoJSON(t, http.MethodPost, "/api/v1/activities/"+a.ID+"/call/close", coord, nil), http.StatusOK)
		var p training.Proposal
		res = e.DoJSON(t, http.MethodPost, "/api/v1/activities/"+a.ID+"/selection/proposal", coord, nil)
		apptest.WantStatus(t, res, http.StatusOK)
		res.JSON(t, &p)
		outcome := map[string]training.Outcome{}
		for _, it := range p.Items {
			outcome[it.NominationID] = it.Outcome
		}
		if outcome[noms[0]] != training.OutcomeSelected || outcome[noms[1]] != training.OutcomeSelected || outcome[noms[2]] != training.OutcomeReserve {
			t.Errorf("proposal %+v", p.Items)
		}
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPost, "/api/v1/activities/"+a.ID+"/selection/confirm", coord, nil), http.StatusOK)
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPost, "/api/v1/activities/"+a.ID+"/selection/confirm", coord, nil), http.StatusUnprocessableEntity)

		// Nino declines through her ncp: Tamar (reserve) takes the seat.
		var ans struct {
			Nomination training.Nomination  `json:"nomination"`
			Promoted   *training.Nomination `json:"promoted"`
		}
		res = e.DoJSON(t, http.MethodPost, "/api/v1/nominations/"+noms[0]+"/decline", ncpGE, map[string]any{"reason": "sick leave"})
		apptest.WantStatus(t, res, http.StatusOK)
		res.JSON(t, &ans)
		if ans.Nomination.Status != training.NomDeclined || ans.Promoted == nil || ans.Promoted.ID != noms[2] {
			t.Errorf("decline: %+v", ans)
		}
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPost, "/api/v1/nominations/"+noms[1]+"/accept", ncpMD, map[string]any{"reason": "x"}), http.StatusForbidden)
	})
}
