package directory_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/web"
)

// TestScopeMatrix is the directory's part of the route × role matrix:
// the declarations admit ncps to every directory write, and the service
// must narrow that to their country. The platform's matrix
// (internal/app) walks every write route whose declaration admits an
// ncp, with the path parameters filled with Ukrainian records and valid
// request bodies naming Ukrainian records (a Ukrainian agency to create,
// a person in a Ukrainian agency, a Ukrainian person as a contact point
// or a network member), so that the service's scope checks are reached
// rather than its validation; it checks that the ncp of Georgia gets 403
// from each; and, as a control, that the same ncp may write a Georgian
// record.
func TestScopeMatrix(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		e.LoadDemo(t)
		ids := scopeUkrainianIDs(t, e)
		ukrainian := map[string]bool{}
		for _, id := range ids {
			ukrainian[id] = true
		}
		var ncp apptest.MatrixRole
		for _, r := range apptest.MatrixRoles {
			if r.Grant != nil && r.Grant.Role == core.RoleNCP {
				ncp = r
			}
		}
		if ncp.Grant == nil || ncp.Grant.Country != "GE" {
			t.Fatalf("the matrix has no ncp of Georgia: %+v", ncp)
		}
		removed := map[string]bool{} // ids an earlier exchange deleted
		checked := 0
		res := apptest.RouteRoleMatrix(t, e, apptest.MatrixOptions{
			IDs: ids,
			Only: func(r web.Route) bool {
				// Writes about the actor's own data (their corrections
				// requests) name no country's records.
				own := strings.HasPrefix(r.Pattern, "/api/v1/me/") || strings.HasPrefix(r.Pattern, "/my/")
				return r.Access.IsWrite() && r.Access.Allows(ncp.Actor()) && !own
			},
			Fields: func(r web.Route, _ string) map[string]string {
				if strings.HasPrefix(r.Pattern, "/api/v1/memberships/") || strings.HasPrefix(r.Pattern, "/directory/members/") {
					return map[string]string{"role": "observer"} // a valid role change
				}
				return ukrainianFields(r, ids)
			},
			Check: func(t *testing.T, c apptest.MatrixCase) {
				segs := strings.Split(c.Path, "/")
				status := c.Response.StatusCode
				if (c.Route.Method == http.MethodDelete || strings.HasSuffix(c.Path, "/remove")) && status < 400 {
					for _, s := range segs {
						removed[s] = true
					}
				}
				if c.Role.Name != ncp.Name || c.ReadOnly {
					return
				}
				for _, s := range segs {
					if !ukrainian[s] {
						continue
					}
					checked++
					if status != http.StatusForbidden && !(status == http.StatusNotFound && removed[s]) {
						t.Errorf("%s: the ncp of Georgia wrote a Ukrainian record: status %d, want 403\n%s", c.Where(), status, apptest.Excerpt(c.Response.Body))
					}
					return
				}
				if ukrainianFields(c.Route, ids) != nil {
					checked++
					if status != http.StatusForbidden {
						t.Errorf("%s: the ncp of Georgia wrote a Ukrainian record (%s): status %d, want 403\n%s", c.Where(), c.Body, status, apptest.Excerpt(c.Response.Body))
					}
				}
			},
		})
		if len(res.Routes) < 20 || checked < len(res.Routes)/2 {
			t.Fatalf("the scope matrix walked %d routes and checked %d writes on Ukrainian records: too few", len(res.Routes), checked)
		}
		t.Logf("%s: %d writes on Ukrainian records checked for the ncp of Georgia", e.Engine, checked)

		// The control: the same ncp may change a Georgian record.
		tok := e.APIToken(t, ncp.Email())
		ge := e.DemoID(t, "agency:ge-mia")
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPatch, "/api/v1/agencies/"+ge, tok, map[string]any{"city": "Tbilisi"}), http.StatusOK)
	})
}

// ukrainianFields are valid values for the body of a write that creates
// a record, naming Ukrainian records: a new Ukrainian agency, a person in
// the Ukrainian National Police, a Ukrainian person as a contact point or
// a network member. nil for other routes.
func ukrainianFields(r web.Route, ids map[string]string) map[string]string {
	if r.Method != http.MethodPost {
		return nil
	}
	id := core.NewID()
	suffix := id[len(id)-6:] // the random end: ids of one millisecond share their start
	switch {
	case strings.HasSuffix(r.Pattern, "/agencies"):
		return map[string]string{"code": "UA-MX" + strings.ToUpper(suffix), "country_code": "UA", "name": "Matrix agency " + suffix, "type": "police"}
	case strings.HasSuffix(r.Pattern, "/people"):
		return map[string]string{"agency_id": ids["agencies"], "unit_id": "", "given_name": "Matrix", "family_name": "Test"}
	case strings.HasSuffix(r.Pattern, "/contact-points"):
		return map[string]string{"person_id": ids["people"], "kind": "crime_data_focal"}
	case strings.HasSuffix(r.Pattern, "/members"):
		return map[string]string{"person_id": ids["people"], "role": "member"}
	}
	return nil
}

// scopeUkrainianIDs picks a Ukrainian record of every collection an ncp
// may write: the Ukrainian National Police, one of its units, a person
// and a contact point of Ukraine, and a Ukrainian network membership.
func scopeUkrainianIDs(t *testing.T, e *apptest.Env) map[string]string {
	t.Helper()
	tok := e.APIToken(t, e.AccountFor(t, core.RoleCoordinator).Email)
	first := func(path string) string {
		t.Helper()
		res := e.DoJSON(t, http.MethodGet, path, tok, nil)
		apptest.WantStatus(t, res, http.StatusOK)
		var l struct {
			Items []struct {
				ID string `json:"id"`
			} `json:"items"`
		}
		res.JSON(t, &l)
		if len(l.Items) == 0 {
			t.Fatalf("GET %s: no items", path)
		}
		return l.Items[0].ID
	}
	agency := e.DemoID(t, "agency:ua-npu")
	network := e.DemoID(t, "network:scf")
	member := first("/api/v1/networks/" + network + "/members?country=UA&limit=1")
	return map[string]string{
		"agencies":       agency,
		"units":          first("/api/v1/agencies/" + agency + "/units?limit=1"),
		"people":         e.DemoID(t, "person:p002"),
		"contact-points": first("/api/v1/contact-points?country=UA&limit=1"),
		"members":        member,
		"memberships":    member,
	}
}
