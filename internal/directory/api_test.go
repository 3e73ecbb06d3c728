package directory

import (
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/tabular"
)

// TestAPIDocument: every directory operation is documented, tagged and
// has the errors it can answer.
func TestAPIDocument(t *testing.T) {
	a := api.New(http.NewServeMux())
	RegisterAPI(a, nil)
	doc := a.OpenAPI()
	ids := map[string]bool{}
	n := 0
	for path, item := range doc.Paths {
		for _, op := range []*huma.Operation{item.Get, item.Post, item.Patch, item.Delete} {
			if op == nil {
				continue
			}
			n++
			where := op.Method + " " + path
			if ids[op.OperationID] {
				t.Errorf("%s: operation id %q used twice", where, op.OperationID)
			}
			ids[op.OperationID] = true
			if op.Summary == "" || len(op.Description) < 20 || !slices.Equal(op.Tags, []string{"directory"}) {
				t.Errorf("%s: summary %q, description %q, tags %v", where, op.Summary, op.Description, op.Tags)
			}
			if op.Responses["401"] == nil || op.Responses["403"] == nil {
				t.Errorf("%s: 401/403 not documented", where)
			}
			if strings.Contains(path, "{id}") && op.Responses["404"] == nil && !strings.HasSuffix(path, "/units") {
				t.Errorf("%s: 404 not documented", where)
			}
		}
	}
	if n < 35 {
		t.Errorf("only %d operations", n)
	}
	for _, id := range []string{"list-countries", "list-agencies", "get-agency", "create-agency", "update-agency", "archive-agency", "restore-agency",
		"list-units", "create-unit", "update-unit", "archive-unit", "list-people", "get-person", "create-person", "update-person",
		"archive-person", "restore-person", "list-contact-points", "get-contact-point", "create-contact-point", "update-contact-point",
		"archive-contact-point", "list-networks", "get-network", "create-network", "update-network", "archive-network",
		"list-network-members", "add-network-member", "update-membership", "delete-membership", "get-directory-stats",
		"import-agencies", "import-people", "export-agencies", "export-people"} {
		if !ids[id] {
			t.Errorf("operation %s missing", id)
		}
	}
	if _, err := json.Marshal(doc); err != nil {
		t.Fatal(err)
	}
}

// TestAPITagsAgreeWithService: the enum and maxLength tags of the API's
// inputs say what the service accepts.
func TestAPITagsAgreeWithService(t *testing.T) {
	enums := map[string][]string{
		"type": stringsOf(AgencyTypes), "kind_contact": stringsOf(ContactKinds), "area": CrimeAreas,
		"kind_network": stringsOf(NetworkKinds), "role_member": stringsOf(MemberRoles), "role_contact": stringsOf(ContactKinds),
	}
	maxLen := map[string]int{"code": MaxShort, "country_code": 2, "country": 2, "name": MaxTitle, "name_native": MaxTitle,
		"acronym": MaxShort, "city": MaxCity, "website": MaxURL, "email": MaxEmail, "phone": MaxPhone,
		"given_name": MaxName, "family_name": MaxName, "given_name_native": MaxName, "family_name_native": MaxName,
		"position": MaxTitle, "notes": MaxNotes, "description": MaxDescription, "q": MaxQuery}
	types := []any{agencyBody{}, agencyPatch{}, listAgenciesInput{}, unitBody{}, unitPatch{}, personBody{}, personPatch{}, listPeopleInput{},
		contactPointBody{}, contactPointPatch{}, listContactPointsInput{}, networkBody{}, networkPatch{}, listNetworksInput{},
		memberBody{}, listMembersInput{}, exportAgenciesInput{}, exportPeopleInput{}}
	for _, v := range types {
		rt := reflect.TypeOf(v)
		for i := range rt.NumField() {
			f := rt.Field(i)
			name := strings.Split(f.Tag.Get("json"), ",")[0]
			if name == "" {
				name = f.Tag.Get("query")
			}
			if name == "" || name == "-" {
				continue
			}
			where := rt.Name() + "." + f.Name
			if ml := f.Tag.Get("maxLength"); ml != "" {
				want, ok := maxLen[name]
				if name == "code" && strings.HasPrefix(rt.Name(), "network") {
					want = 64 // NetworkInput.Validate: a slug of up to 64
				}
				if n, _ := strconv.Atoi(ml); ok && n != want {
					t.Errorf("%s: maxLength %s, the service allows %d", where, ml, want)
				}
			}
			if e := f.Tag.Get("enum"); e != "" {
				key := name
				switch {
				case name == "kind" && strings.Contains(e, "ncp"):
					key = "kind_contact"
				case name == "kind":
					key = "kind_network"
				case name == "role" && strings.Contains(e, "chair"):
					key = "role_member"
				case name == "role":
					key = "role_contact"
				case name == "type" || name == "area":
				default:
					continue // sort, format, sex: checked by the service's own tests
				}
				got := strings.Split(strings.TrimPrefix(e, ","), ",")
				if !slices.Equal(got, enums[key]) {
					t.Errorf("%s: enum %v, the service has %v", where, got, enums[key])
				}
			}
		}
	}
}

func TestPersonRecordHidesContactDetails(t *testing.T) {
	hidden, _ := json.Marshal(personRecordOf(Person{ID: "x", Email: "", ContactVisible: false}))
	if !strings.Contains(string(hidden), `"email":null`) || !strings.Contains(string(hidden), `"phone":null`) {
		t.Errorf("hidden: %s", hidden)
	}
	shown, _ := json.Marshal(personRecordOf(Person{ID: "x", Email: "a@b.org", Phone: "+3731234567", ContactVisible: true}))
	if !strings.Contains(string(shown), `"email":"a@b.org"`) || strings.Count(string(shown), `"email"`) != 1 {
		t.Errorf("shown: %s", shown)
	}
	m, _ := json.Marshal(memberRecordOf(Member{ID: "m", Email: "", ContactVisible: false}))
	c, _ := json.Marshal(contactPointRecordOf(ContactPoint{ID: "c", ContactVisible: false}))
	for _, b := range [][]byte{m, c} {
		if !strings.Contains(string(b), `"email":null`) {
			t.Errorf("not null: %s", b)
		}
	}
}

func TestImportProblem(t *testing.T) {
	p := importProblemOf(tabular.Report{Rows: 3, Errors: []tabular.RowError{{Line: 3, Column: "code", Code: CodeInvalid, Value: "bad code"},
		{Line: 4, Column: "name", Code: CodeTooLong, Param: "200"}}})
	if p.Status != http.StatusUnprocessableEntity || p.Code != "validation" || len(p.Errors) != 2 {
		t.Fatalf("%+v", p.Problem)
	}
	if p.Errors[0].Field != "line 3: code" || p.Errors[1].Field != "line 4: name" || p.Errors[1].Param != "200" {
		t.Errorf("fields: %+v", p.Errors)
	}
	b, _ := json.Marshal(p)
	if !strings.Contains(string(b), `"report":{"rows":3`) || !strings.Contains(string(b), `"type":"/problems/validation"`) {
		t.Errorf("JSON: %s", b)
	}
}

func TestAgencyPatchMerges(t *testing.T) {
	cur := AgencyInput{Code: "GE-MIA", CountryCode: "GE", Name: "Ministry", City: "Tbilisi", Type: AgencyPolice, Demo: true}
	city, no := "Batumi", false
	got := agencyPatch{City: &city, Demo: &no}.merge(cur)
	want := cur
	want.City, want.Demo = "Batumi", false
	if got != want {
		t.Errorf("merge: %+v", got)
	}
	empty := ""
	if p := (personPatch{AgencyID: &empty}).merge(PersonInput{AgencyID: "a", UnitID: "u"}); p.UnitID != "" {
		t.Error("changing the agency kept the old agency's unit")
	}
}
