package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	"github.com/pb33f/libopenapi-validator/schema_validation"

	"github.com/topcop-platform/topcop/internal/app/apptest"
)

// TestOpenAPIDocument: /api/openapi.json is an OpenAPI 3.1 document that
// validates against the official OpenAPI 3.1 schema, and every operation
// is documented (id, summary, tag, error responses) and secured unless it
// is meant to be public.
func TestOpenAPIDocument(t *testing.T) {
	e := apptest.New(t, "sqlite")
	res := e.NewClient().Get(t, "/api/openapi.json")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/openapi.json: %d", res.StatusCode)
	}
	doc, err := libopenapi.NewDocument([]byte(res.Body))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	if v := doc.GetVersion(); !strings.HasPrefix(v, "3.1") {
		t.Fatalf("OpenAPI version %q, want 3.1", v)
	}
	ok, errs := schema_validation.ValidateOpenAPIDocument(doc)
	if !ok {
		for _, e := range errs {
			t.Errorf("invalid: %s: %s", e.Message, e.Reason)
			for _, se := range e.SchemaValidationErrors {
				t.Errorf("  at %s (%s): %s", se.FieldPath, se.KeywordLocation, se.Reason)
			}
		}
		t.FailNow()
	}

	// The validator does reject a broken document (so the check above can
	// fail): the same document with info as a number.
	var m map[string]any
	if err := json.Unmarshal([]byte(res.Body), &m); err != nil {
		t.Fatal(err)
	}
	m["info"] = 5
	broken, _ := json.Marshal(m)
	bdoc, err := libopenapi.NewDocument(broken)
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := schema_validation.ValidateOpenAPIDocument(bdoc); ok {
		t.Fatal("a document whose info is a number validated")
	}

	var raw struct {
		Paths map[string]map[string]struct {
			OperationID string                     `json:"operationId"`
			Summary     string                     `json:"summary"`
			Tags        []string                   `json:"tags"`
			Security    *[]map[string][]string     `json:"security"`
			Responses   map[string]json.RawMessage `json:"responses"`
		} `json:"paths"`
		Security []map[string][]string `json:"security"`
	}
	if err := json.Unmarshal([]byte(res.Body), &raw); err != nil {
		t.Fatal(err)
	}
	if len(raw.Security) == 0 {
		t.Error("the document declares no default security")
	}
	ops := 0
	seen := map[string]bool{}
	for path, item := range raw.Paths {
		for method, op := range item {
			ops++
			where := strings.ToUpper(method) + " " + path
			if op.OperationID == "" || seen[op.OperationID] {
				t.Errorf("%s: missing or duplicate operationId %q", where, op.OperationID)
			}
			seen[op.OperationID] = true
			if op.Summary == "" || len(op.Tags) == 0 {
				t.Errorf("%s: undocumented (summary %q, tags %v)", where, op.Summary, op.Tags)
			}
			public := op.Security != nil && len(*op.Security) == 0
			if public != (path == "/api/v1/auth/token") {
				t.Errorf("%s: public = %v", where, public)
			}
			hasError := false
			for code := range op.Responses {
				hasError = hasError || code == "default" || strings.HasPrefix(code, "4")
			}
			if !hasError {
				t.Errorf("%s: documents no error response", where)
			}
		}
	}
	if ops < 40 {
		t.Errorf("only %d operations documented", ops)
	}
	t.Logf("%d operations, valid OpenAPI %s", ops, doc.GetVersion())
}
