package certs

import (
	"bytes"
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/certs/cert"
)

const apiTag = "Certificates"

type certList struct {
	Items []cert.Certificate `json:"items"`
	Total int                `json:"total"`
	Next  string             `json:"next" doc:"Always empty: an activity's certificates come in one page"`
}

type listOutput struct{ Body certList }

type certOutput struct{ Body cert.Certificate }

type codePath struct {
	Code string `path:"code" maxLength:"40" doc:"The certificate's code (hyphens optional)"`
}

type reasonBody struct {
	Reason string `json:"reason" maxLength:"2000" doc:"Why (required to revoke and to withhold)"`
}

type personReasonBody struct {
	PersonID string `json:"person_id" doc:"The participant"`
	Reason   string `json:"reason,omitempty" maxLength:"2000" doc:"Why: required when withholding, and when issuing to one who did not complete"`
}

type fileOutput struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	CacheControl       string `header:"Cache-Control"`
	Body               []byte
}

type countOutput struct {
	Body struct {
		Count int `json:"count"`
	}
}

// RegisterAPI registers the certificates' operations on a.
func RegisterAPI(a huma.API, svc *Service) {
	api.Register(a, certReaders, huma.Operation{
		OperationID: "list-activity-certificates", Method: http.MethodGet, Path: "/api/v1/activities/{id}/certificates",
		Summary:     "List an activity's certificates",
		Description: "Coordinators, admins and the activity's trainers see all; an ncp those of their countries' people; a participant their own. Each item has `code`, `person_id` and `status` (valid or revoked, with the date and reason).",
		Tags:        []string{apiTag}, Errors: append(api.ReadErrors, http.StatusNotFound),
	}, func(ctx context.Context, in *api.IDPath) (*listOutput, error) {
		if err := api.Findable(ctx, in.ID, "activity"); err != nil {
			return nil, err
		}
		list, err := svc.List(ctx, in.ID)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &listOutput{Body: certList{Items: list, Total: len(list)}}, nil
	})

	api.Register(a, certManager, huma.Operation{
		OperationID: "issue-activity-certificates", Method: http.MethodPost, Path: "/api/v1/activities/{id}/certificates",
		Summary:     "Issue the certificates of those who completed",
		Description: "Issues a certificate to every participant who met the activity's completion rule, has none and was not withheld. The activity must be delivered or closed. Idempotent. Coordinators and admins.",
		Tags:        []string{apiTag}, Errors: api.WriteErrors,
	}, func(ctx context.Context, in *api.IDPath) (*countOutput, error) {
		if err := api.Findable(ctx, in.ID, "activity"); err != nil {
			return nil, err
		}
		n, err := svc.IssueCompleted(ctx, in.ID)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		out := &countOutput{}
		out.Body.Count = n
		return out, nil
	})

	api.Register(a, certManager, huma.Operation{
		OperationID: "issue-certificate", Method: http.MethodPost, Path: "/api/v1/activities/{id}/certificates/issue",
		Summary:     "Issue one participant's certificate by hand",
		Description: "A participant who did not complete needs a `reason`. Lifts a decision to withhold. Coordinators and admins.",
		Tags:        []string{apiTag}, Errors: api.WriteErrors, DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" doc:"Activity (UUID)"`
		Body personReasonBody
	}) (*certOutput, error) {
		if err := api.Findable(ctx, in.ID, "activity"); err != nil {
			return nil, err
		}
		c, err := svc.Issue(ctx, in.ID, in.Body.PersonID, in.Body.Reason)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &certOutput{Body: c}, nil
	})

	api.Register(a, certManager, huma.Operation{
		OperationID: "withhold-certificate", Method: http.MethodPost, Path: "/api/v1/activities/{id}/certificates/withhold",
		Summary:     "Withhold a participant's certificate",
		Description: "The participant gets no certificate on completion; `reason` is required. One already issued must be revoked instead. Coordinators and admins.",
		Tags:        []string{apiTag}, Errors: api.WriteErrors, DefaultStatus: http.StatusNoContent,
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" doc:"Activity (UUID)"`
		Body personReasonBody
	}) (*struct{}, error) {
		if err := api.Findable(ctx, in.ID, "activity"); err != nil {
			return nil, err
		}
		if err := svc.Withhold(ctx, in.ID, in.Body.PersonID, in.Body.Reason); err != nil {
			return nil, api.Err(ctx, err)
		}
		return &struct{}{}, nil
	})

	api.Register(a, certReaders, huma.Operation{
		OperationID: "get-certificate", Method: http.MethodGet, Path: "/api/v1/certificates/{code}",
		Summary:     "Read a certificate",
		Description: "Its holder, coordinators and admins, the activity's trainers, an ncp of the holder's country; others 404.",
		Tags:        []string{apiTag}, Errors: append(api.ReadErrors, http.StatusNotFound),
	}, func(ctx context.Context, in *codePath) (*certOutput, error) {
		c, err := svc.Get(ctx, in.Code)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &certOutput{Body: c}, nil
	})

	api.Register(a, certReaders, huma.Operation{
		OperationID: "get-certificate-pdf", Method: http.MethodGet, Path: "/api/v1/certificates/{code}/pdf",
		Summary:     "A certificate as PDF",
		Description: "A4 landscape, in English and the holder's language, with the QR code of its signed payload. A revoked certificate: 409.",
		Tags:        []string{apiTag}, Errors: append(api.ReadErrors, http.StatusNotFound, http.StatusConflict),
	}, func(ctx context.Context, in *codePath) (*fileOutput, error) {
		var buf bytes.Buffer
		c, err := svc.PDF(ctx, in.Code, &buf)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &fileOutput{ContentType: "application/pdf", ContentDisposition: `attachment; filename="` + FileName(c, "pdf") + `"`,
			CacheControl: "private, no-store", Body: buf.Bytes()}, nil
	})

	api.Register(a, certReaders, huma.Operation{
		OperationID: "get-certificate-badge", Method: http.MethodGet, Path: "/api/v1/certificates/{code}/badge",
		Summary:     "A certificate as an Open Badges 3.0 credential",
		Description: "A W3C Verifiable Credential (OpenBadgeCredential) signed with an eddsa-jcs-2022 Data Integrity proof by the issuer key; the earner is identified by a salted hash of their e-mail. A revoked certificate: 409.",
		Tags:        []string{apiTag}, Errors: append(api.ReadErrors, http.StatusNotFound, http.StatusConflict),
	}, func(ctx context.Context, in *codePath) (*fileOutput, error) {
		data, c, err := svc.Badge(ctx, in.Code)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &fileOutput{ContentType: "application/vc+ld+json", ContentDisposition: `attachment; filename="` + FileName(c, "json") + `"`,
			CacheControl: "private, no-store", Body: data}, nil
	})

	api.Register(a, certManager, huma.Operation{
		OperationID: "revoke-certificate", Method: http.MethodPost, Path: "/api/v1/certificates/{code}/revoke",
		Summary:     "Revoke a certificate",
		Description: "With a `reason` (required, at most 500 characters). Shown as revoked at /verify/{code} at once and in the signed revocation list. Already revoked: 409. Coordinators and admins.",
		Tags:        []string{apiTag}, Errors: api.WriteErrors,
	}, func(ctx context.Context, in *struct {
		Code string `path:"code" maxLength:"40" doc:"The certificate's code (hyphens optional)"`
		Body reasonBody
	}) (*certOutput, error) {
		c, err := svc.Revoke(ctx, in.Code, in.Body.Reason)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &certOutput{Body: c}, nil
	})

	api.Register(a, keyAdmin, huma.Operation{
		OperationID: "rotate-certificate-key", Method: http.MethodPost, Path: "/api/v1/certificate-keys/rotate",
		Summary:     "Rotate the issuer key",
		Description: "A new Ed25519 key signs new certificates; the old ones stay published so what they signed keeps verifying. Admins.",
		Tags:        []string{apiTag}, Errors: api.WriteErrors,
	}, func(ctx context.Context, _ *struct{}) (*struct{ Body cert.JWK }, error) {
		k, err := svc.RotateKey(ctx)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &struct{ Body cert.JWK }{Body: k}, nil
	})
}
