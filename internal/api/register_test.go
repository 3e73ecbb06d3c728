package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
)

type thingInput struct {
	ID string `path:"id"`
}

type thingOutput struct {
	Body struct {
		ID string `json:"id"`
	}
}

type newThingInput struct {
	Body struct {
		Name string `json:"name" minLength:"1"`
	}
}

// testAPI registers a few operations the way a capability does, and one
// without a declared access, on a real server.
func testAPI(t *testing.T) (huma.API, *httptest.Server) {
	t.Helper()
	mux := http.NewServeMux()
	a := api.New(mux)
	get := func(ctx context.Context, in *thingInput) (*thingOutput, error) {
		switch in.ID {
		case "missing":
			return nil, api.Err(ctx, core.Errorf(core.NotFound, "thing %s not found", in.ID))
		case "boom":
			return nil, api.Err(ctx, core.Wrap(context.DeadlineExceeded, "secret cause"))
		case "bad":
			v := core.Validation{}
			v.Add("id", "invalid")
			return nil, api.Err(ctx, v.Err())
		}
		out := &thingOutput{}
		out.Body.ID = in.ID
		return out, nil
	}
	api.Register(a, core.Member, huma.Operation{OperationID: "get-thing", Method: http.MethodGet, Path: "/things/{id}"}, get)
	api.Register(a, core.Admin.Writes(), huma.Operation{OperationID: "new-thing", Method: http.MethodPost, Path: "/things", Errors: []int{http.StatusForbidden, http.StatusConflict}},
		func(ctx context.Context, in *newThingInput) (*thingOutput, error) {
			out := &thingOutput{}
			out.Body.ID = in.Body.Name
			return out, nil
		})
	api.Register(a, core.Public, huma.Operation{OperationID: "ping", Method: http.MethodGet, Path: "/ping"},
		func(ctx context.Context, _ *struct{}) (*struct{}, error) { return nil, nil })
	huma.Register(a, huma.Operation{OperationID: "raw", Method: http.MethodDelete, Path: "/things/{id}"},
		func(ctx context.Context, _ *thingInput) (*struct{}, error) { return nil, nil })
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return a, srv
}

func TestRegisterRecordsAccess(t *testing.T) {
	a, _ := testAPI(t)
	paths := a.OpenAPI().Paths
	for _, tc := range []struct {
		name       string
		op         *huma.Operation
		want       core.Access
		declared   bool
		wantErrors []int // error statuses the document lists
		notErrors  []int // and those it must not
		public     bool
	}{
		// Every signed-in account passes a member route: no 403.
		{"member", paths["/things/{id}"].Get, core.Member, true, []int{401}, []int{403}, false},
		{"admin keeps its own errors", paths["/things"].Post, core.Admin.Writes(), true, []int{401, 403, 409}, nil, false},
		{"public", paths["/ping"].Get, core.Public, true, nil, []int{401, 403}, true},
		{"undeclared", paths["/things/{id}"].Delete, core.Access{}, false, nil, []int{401, 403}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := api.AccessOf(tc.op)
			if ok != tc.declared || !got.Equal(tc.want) {
				t.Fatalf("AccessOf = %s, %v; want %s, %v", got, ok, tc.want, tc.declared)
			}
			for _, s := range tc.wantErrors {
				if n := count(tc.op.Errors, s); n != 1 || tc.op.Responses[strconv.Itoa(s)] == nil {
					t.Errorf("status %d listed %d times in %v, response %v; want once", s, n, tc.op.Errors, tc.op.Responses[strconv.Itoa(s)])
				}
			}
			for _, s := range tc.notErrors {
				if slices.Contains(tc.op.Errors, s) {
					t.Errorf("errors %v list %d", tc.op.Errors, s)
				}
			}
			// Public operations say so in the document: no security.
			if tc.public != (tc.op.Security != nil && len(tc.op.Security) == 0) {
				t.Errorf("security %v, public %v", tc.op.Security, tc.public)
			}
		})
	}
	if _, ok := api.AccessOf(nil); ok {
		t.Fatal("AccessOf(nil) is declared")
	}
}

func count(xs []int, x int) int {
	n := 0
	for _, v := range xs {
		if v == x {
			n++
		}
	}
	return n
}

func TestRegisterRefusesUndeclared(t *testing.T) {
	a := api.New(http.NewServeMux())
	defer func() {
		p := recover()
		if s, _ := p.(string); !strings.Contains(s, "GET /nobody") {
			t.Fatalf("panic %v, want one naming GET /nobody", p)
		}
		if len(a.OpenAPI().Paths) != 0 {
			t.Fatal("the undeclared operation was registered")
		}
	}()
	api.Register(a, core.Access{}, huma.Operation{OperationID: "nobody", Method: http.MethodGet, Path: "/nobody"},
		func(ctx context.Context, _ *struct{}) (*struct{}, error) { return nil, nil })
	t.Fatal("Register accepted an undeclared access")
}

func TestOperations(t *testing.T) {
	a, _ := testAPI(t)
	got := api.Operations(a)
	want := []api.Operation{
		{Method: "GET", Path: "/ping", Access: core.Public, Declared: true},
		{Method: "POST", Path: "/things", Access: core.Admin.Writes(), Declared: true},
		{Method: "DELETE", Path: "/things/{id}", Declared: false},
		{Method: "GET", Path: "/things/{id}", Access: core.Member, Declared: true},
	}
	if !slices.EqualFunc(got, want, func(a, b api.Operation) bool {
		return a.Method == b.Method && a.Path == b.Path && a.Declared == b.Declared && a.Access.Equal(b.Access)
	}) {
		t.Fatalf("Operations =\n%v\nwant\n%v", got, want)
	}
}

// TestProblemsOverHTTP: what a client receives, through a real server.
func TestProblemsOverHTTP(t *testing.T) {
	logs := captureLog(t)
	_, srv := testAPI(t)
	for _, tc := range []struct {
		name       string
		method     string
		path, body string
		wantStatus int
		wantCode   string
		wantField  string
	}{
		{"ok", "GET", "/things/t1", "", 200, "", ""},
		{"not found", "GET", "/things/missing", "", 404, "not_found", ""},
		{"field errors", "GET", "/things/bad", "", 422, "validation", "id"},
		{"internal", "GET", "/things/boom", "", 500, "internal", ""},
		{"malformed JSON", "POST", "/things", "{", 400, "invalid", ""},
		{"schema violation", "POST", "/things", `{"name": ""}`, 422, "validation", "body.name"},
		{"unknown route", "GET", "/nothing", "", 404, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			logs.Reset()
			req, err := http.NewRequest(tc.method, srv.URL+tc.path, strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			if tc.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			res, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			if res.StatusCode != tc.wantStatus {
				t.Fatalf("status %d, want %d", res.StatusCode, tc.wantStatus)
			}
			if tc.wantCode == "" {
				return
			}
			if ct := res.Header.Get("Content-Type"); ct != "application/problem+json" {
				t.Errorf("content type %q", ct)
			}
			var p struct {
				Type, Title, Detail, Code string
				Status                    int
				ErrorID                   string `json:"error_id"`
				Errors                    []struct{ Field, Code, Message string }
			}
			if err := json.NewDecoder(res.Body).Decode(&p); err != nil {
				t.Fatal(err)
			}
			if p.Type != api.ProblemBase+tc.wantCode || p.Code != tc.wantCode || p.Status != tc.wantStatus || p.Title == "" {
				t.Fatalf("problem %+v, want code %s status %d", p, tc.wantCode, tc.wantStatus)
			}
			if tc.wantField != "" && !slices.ContainsFunc(p.Errors, func(e struct{ Field, Code, Message string }) bool {
				return e.Field == tc.wantField && e.Message != ""
			}) {
				t.Errorf("errors %+v lack field %s", p.Errors, tc.wantField)
			}
			if tc.wantStatus >= 500 {
				if p.ErrorID == "" || !strings.Contains(logs.String(), p.ErrorID) || strings.Contains(p.Detail, "secret") {
					t.Errorf("internal problem %+v: want an error id in the log and no cause", p)
				}
			}
		})
	}
}
