package auth

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
)

// API types of the identity operations. Field names are snake_case; no
// response carries a password, a hash or (after issue) a token.

type tokenLoginInput struct {
	Body struct {
		Email    string `json:"email" maxLength:"1024" doc:"E-mail address of the account" example:"ncp.ge@example.org"`
		Password string `json:"password" maxLength:"1024" doc:"Password"`
		TOTP     string `json:"totp,omitempty" maxLength:"32" doc:"Current authenticator code; required when the account has a second factor"`
	}
}

type tokenLoginOutput struct {
	Body struct {
		Token     string    `json:"token" doc:"Bearer token for the Authorization header; shown only in this response"`
		ExpiresAt time.Time `json:"expires_at" doc:"When the token stops working (12 hours)"`
	}
}

type accountOutput struct {
	Body Account
}

type totpBeginOutput struct {
	Body struct {
		Secret string `json:"secret" doc:"Base32 secret for manual entry in an authenticator app"`
		URI    string `json:"uri" doc:"otpauth:// URI of the secret (what the QR code encodes)"`
	}
}

type totpConfirmInput struct {
	Body struct {
		Code string `json:"code" maxLength:"32" doc:"Current 6-digit code from the authenticator app"`
	}
}

type recoveryStatusOutput struct {
	Body RecoveryStatus
}

type newRecoveryInput struct {
	Body struct {
		Password string `json:"password,omitempty" maxLength:"1024" doc:"The account's password; needed unless a current authenticator code is given (or this is the first set within 30 minutes of enabling TOTP)"`
		TOTP     string `json:"totp,omitempty" maxLength:"32" doc:"Current authenticator code; confirms instead of the password"`
	}
}

type newRecoveryOutput struct {
	Body struct {
		Codes []string `json:"codes" doc:"The new one-time recovery codes (xxxx-xxxx); shown only in this response"`
	}
}

type resetTOTPInput struct {
	ID   string `path:"id" maxLength:"64" doc:"Account id"`
	Body struct {
		Reason string `json:"reason" minLength:"1" maxLength:"2000" doc:"Why, and how the user's identity was checked; kept in the audit log (at most 500 characters)"`
	}
}

type resetPasswordInput struct {
	ID   string `path:"id" maxLength:"64" doc:"Account id"`
	Body struct {
		Password string `json:"password" maxLength:"1024" doc:"The new password (at least 12 characters)"`
		Reason   string `json:"reason" minLength:"1" maxLength:"2000" doc:"Why, and how the user's identity was checked; kept in the audit log (at most 500 characters)"`
	}
}

type idInput struct {
	ID string `path:"id" maxLength:"64" doc:"Identifier (UUID)"`
}

type newTokenInput struct {
	Body struct {
		Name      string    `json:"name" maxLength:"1024" doc:"What the token is for (1–100 characters)"`
		ExpiresAt time.Time `json:"expires_at" doc:"When the token stops working: in the future, at most a year ahead"`
		ReadOnly  bool      `json:"read_only,omitempty" doc:"A read-only token cannot change anything"`
		Password  string    `json:"password,omitempty" maxLength:"1024" doc:"The account's password; required when the token lives longer than a day"`
		TOTP      string    `json:"totp,omitempty" maxLength:"32" doc:"Current authenticator code; required when the token lives longer than a day and the account has a second factor"`
	}
}

type newTokenOutput struct {
	Body struct {
		Token string `json:"token" doc:"Bearer token; shown only in this response"`
		APIToken
	}
}

type listAccountsInput struct {
	api.PageInput
	Q               string `query:"q" maxLength:"200" doc:"Substring of the e-mail or name (case-insensitive)"`
	Role            string `query:"role" enum:"admin,coordinator,ncp,trainer,mentor,participant,analyst,observer" doc:"Only accounts holding this role"`
	IncludeDisabled bool   `query:"include_disabled" doc:"Also list disabled accounts"`
}

type createAccountInput struct {
	Body AccountInput
}

type patchAccountInput struct {
	ID   string `path:"id" maxLength:"64" doc:"Account id"`
	Body struct {
		Email    *string       `json:"email,omitempty" maxLength:"1024" doc:"New e-mail address"`
		Name     *string       `json:"name,omitempty" maxLength:"1024" doc:"New display name"`
		Lang     *string       `json:"lang,omitempty" maxLength:"16" doc:"UI language (en, ro, uk, ka, hy, az, ru) or empty for the browser's"`
		PersonID *string       `json:"person_id,omitempty" maxLength:"64" doc:"Directory person this account is, or empty"`
		Grants   *[]core.Grant `json:"grants,omitempty" maxItems:"100" doc:"The complete new set of grants (replaces the old one)"`
	}
}

// apiErr is api.Err plus a Retry-After header (whole seconds) when the
// sign-in throttle refused the request.
func apiErr(ctx context.Context, err error) error {
	p := api.Err(ctx, err)
	if wait := RetryAfter(err); wait > 0 {
		return huma.ErrorWithHeaders(p, http.Header{"Retry-After": {strconv.Itoa(int(wait.Seconds()))}})
	}
	return p
}

// authTag groups the identity operations in the OpenAPI document.
const authTag = "Identity"

// registerAuthAPI registers the identity operations: API sign-in, the own
// account (/me: profile, TOTP enrolment, sessions, tokens) and account
// administration (/accounts, admins only). Every error is an RFC 9457
// problem from api.Err.
func registerAPI(h huma.API, a *Service) {

	api.Register(h, core.Public, huma.Operation{
		OperationID: "create-auth-token",
		Method:      http.MethodPost,
		Path:        "/api/v1/auth/token",
		Summary:     "Sign in and get an API token",
		Description: "Checks the e-mail, password and (for accounts with a second factor) the authenticator code, and issues a 12-hour read-write token, returned only in this response. " +
			"Send it as `Authorization: Bearer TOKEN`. Wrong credentials get 401 with one generic message; a missing or wrong code gets 401 with a field error on `totp`; " +
			"after 5 failures of one e-mail from one address within an hour (or 100 from an address), each further attempt from there must wait 1, 2, 4 … seconds (at most 5 minutes) " +
			"after the last failure, and an attempt made sooner gets 429 with `Retry-After` (seconds). The same account from another address is not slowed.",
		Tags:          []string{authTag},
		Security:      api.Public,
		DefaultStatus: http.StatusCreated,
		Errors:        []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusUnprocessableEntity, http.StatusTooManyRequests},
	}, func(ctx context.Context, in *tokenLoginInput) (*tokenLoginOutput, error) {
		actor := core.ActorFrom(ctx)
		token, t, err := a.IssueToken(ctx, in.Body.Email, in.Body.Password, in.Body.TOTP, actor.IP, actor.UserAgent)
		if err != nil {
			return nil, apiErr(ctx, err)
		}
		out := &tokenLoginOutput{}
		out.Body.Token, out.Body.ExpiresAt = token, t.ExpiresAt
		return out, nil
	})

	api.Register(h, core.Member, huma.Operation{
		OperationID: "get-me",
		Method:      http.MethodGet,
		Path:        "/api/v1/me",
		Summary:     "The signed-in account",
		Description: "The account of the token or session: e-mail, name, grants, whether a second factor is enabled. Never a secret.",
		Tags:        []string{authTag},
		Errors:      []int{http.StatusUnauthorized, http.StatusForbidden},
	}, func(ctx context.Context, _ *struct{}) (*accountOutput, error) {
		acc, err := a.Account(ctx, core.ActorFrom(ctx).AccountID)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &accountOutput{Body: acc}, nil
	})

	api.Register(h, memberEnrolling, huma.Operation{
		OperationID: "begin-totp",
		Method:      http.MethodPost,
		Path:        "/api/v1/me/totp",
		Summary:     "Start enrolling a second factor",
		Description: "Creates a new pending TOTP secret for the signed-in account and returns it with its otpauth:// URI. Calling it again replaces the pending secret. " +
			"Works while the second factor is still required (the only calls that do, with the confirmation). 409 if a second factor is already enabled (an admin must reset it).",
		Tags:   []string{authTag},
		Errors: []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusConflict},
	}, func(ctx context.Context, _ *struct{}) (*totpBeginOutput, error) {
		e, err := a.BeginTOTP(ctx)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		out := &totpBeginOutput{}
		out.Body.Secret, out.Body.URI = e.Secret, e.URI
		return out, nil
	})

	api.Register(h, memberEnrolling, huma.Operation{
		OperationID:   "confirm-totp",
		Method:        http.MethodPost,
		Path:          "/api/v1/me/totp/confirm",
		Summary:       "Confirm the second factor",
		Description:   "Checks a code of the pending secret and enables TOTP. A wrong code gets 422 with a field error on `code`; 409 if no enrolment was begun or one is already enabled.",
		Tags:          []string{authTag},
		DefaultStatus: http.StatusNoContent,
		Errors:        []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusConflict, http.StatusUnprocessableEntity},
	}, func(ctx context.Context, in *totpConfirmInput) (*struct{}, error) {
		if err := a.ConfirmTOTP(ctx, in.Body.Code); err != nil {
			return nil, api.Err(ctx, err)
		}
		return nil, nil
	})

	api.Register(h, core.Member, huma.Operation{
		OperationID: "list-my-sessions",
		Method:      http.MethodGet,
		Path:        "/api/v1/me/sessions",
		Summary:     "My browser sessions",
		Description: "The signed-in account's active browser sessions, newest first; `current` marks the one making the request.",
		Tags:        []string{authTag},
		Errors:      []int{http.StatusUnauthorized, http.StatusForbidden},
	}, func(ctx context.Context, _ *struct{}) (*api.ListOutput[Session], error) {
		ss, err := a.Sessions(ctx, core.ActorFrom(ctx).AccountID)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &api.ListOutput[Session]{Body: core.List[Session]{Items: ss, Total: len(ss)}}, nil
	})

	api.Register(h, core.Member.Writes(), huma.Operation{
		OperationID:   "revoke-my-session",
		Method:        http.MethodDelete,
		Path:          "/api/v1/me/sessions/{id}",
		Summary:       "End a browser session",
		Description:   "Signs one session out. Ending an already ended session changes nothing. Another account's session answers 404, like an unknown id.",
		Tags:          []string{authTag},
		DefaultStatus: http.StatusNoContent,
		Errors:        []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound},
	}, func(ctx context.Context, in *idInput) (*struct{}, error) {
		if err := a.RevokeSession(ctx, in.ID); err != nil {
			return nil, api.Err(ctx, err)
		}
		return nil, nil
	})

	api.Register(h, core.Member, huma.Operation{
		OperationID: "list-my-tokens",
		Method:      http.MethodGet,
		Path:        "/api/v1/me/tokens",
		Summary:     "My API tokens",
		Description: "The signed-in account's active API tokens, newest first (never the tokens themselves).",
		Tags:        []string{authTag},
		Errors:      []int{http.StatusUnauthorized, http.StatusForbidden},
	}, func(ctx context.Context, _ *struct{}) (*api.ListOutput[APIToken], error) {
		ts, err := a.Tokens(ctx, core.ActorFrom(ctx).AccountID)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &api.ListOutput[APIToken]{Body: core.List[APIToken]{Items: ts, Total: len(ts)}}, nil
	})

	api.Register(h, core.Member.Writes(), huma.Operation{
		OperationID: "create-my-token",
		Method:      http.MethodPost,
		Path:        "/api/v1/me/tokens",
		Summary:     "Create an API token",
		Description: "Issues a personal API token with a name and an expiry (at most a year ahead), optionally read-only. The token is returned only in this response. A read-only token cannot create tokens. " +
			"A token that lives longer than a day also needs `password` and, when the account has a second factor, `totp`: missing or wrong ones get 422 with a field error; " +
			"wrong ones count as failed sign-ins (429 with `Retry-After` when throttled).",
		Tags:          []string{authTag},
		DefaultStatus: http.StatusCreated,
		Errors:        []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusUnprocessableEntity, http.StatusTooManyRequests},
	}, func(ctx context.Context, in *newTokenInput) (*newTokenOutput, error) {
		b := in.Body
		token, t, err := a.CreateToken(ctx, TokenInput{Name: b.Name, ExpiresAt: b.ExpiresAt, ReadOnly: b.ReadOnly, Password: b.Password, TOTP: b.TOTP})
		if err != nil {
			return nil, apiErr(ctx, err)
		}
		out := &newTokenOutput{}
		out.Body.Token, out.Body.APIToken = token, t
		return out, nil
	})

	api.Register(h, core.Member.Writes(), huma.Operation{
		OperationID:   "revoke-my-token",
		Method:        http.MethodDelete,
		Path:          "/api/v1/me/tokens/{id}",
		Summary:       "Revoke an API token",
		Description:   "Revokes one API token at once. Revoking an already revoked token changes nothing. Another account's token answers 404, like an unknown id.",
		Tags:          []string{authTag},
		DefaultStatus: http.StatusNoContent,
		Errors:        []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound},
	}, func(ctx context.Context, in *idInput) (*struct{}, error) {
		if err := a.RevokeToken(ctx, in.ID); err != nil {
			return nil, api.Err(ctx, err)
		}
		return nil, nil
	})

	api.Register(h, core.Admin, huma.Operation{
		OperationID: "list-accounts",
		Method:      http.MethodGet,
		Path:        "/api/v1/accounts",
		Summary:     "List accounts",
		Description: "Accounts sorted by e-mail, filtered by `q` (e-mail or name) and `role`, with cursor paging. Admins only.",
		Tags:        []string{authTag},
		Errors:      []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusUnprocessableEntity},
	}, func(ctx context.Context, in *listAccountsInput) (*api.ListOutput[Account], error) {
		l, err := a.ListAccounts(ctx, AccountFilter{Query: in.Q, Role: in.Role, IncludeDisabled: in.IncludeDisabled}, in.Page())
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &api.ListOutput[Account]{Body: l}, nil
	})

	api.Register(h, core.Admin.Writes(), huma.Operation{
		OperationID: "create-account",
		Method:      http.MethodPost,
		Path:        "/api/v1/accounts",
		Summary:     "Create an account",
		Description: "Creates an account with its password and grants (role × scope). The password must have at least 12 characters. " +
			"Invalid input gets 422 with field errors (grant fields as `grants[i].role` …); an e-mail in use gets 409. Admins only.",
		Tags:          []string{authTag},
		DefaultStatus: http.StatusCreated,
		Errors:        []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusConflict, http.StatusUnprocessableEntity},
	}, func(ctx context.Context, in *createAccountInput) (*accountOutput, error) {
		acc, err := a.CreateAccount(ctx, in.Body)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &accountOutput{Body: acc}, nil
	})

	api.Register(h, core.Admin, huma.Operation{
		OperationID: "get-account",
		Method:      http.MethodGet,
		Path:        "/api/v1/accounts/{id}",
		Summary:     "Get an account",
		Description: "One account. Admins, or the account itself.",
		Tags:        []string{authTag},
		Errors:      []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound},
	}, func(ctx context.Context, in *idInput) (*accountOutput, error) {
		acc, err := a.Account(ctx, in.ID)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &accountOutput{Body: acc}, nil
	})

	api.Register(h, core.Admin.Writes(), huma.Operation{
		OperationID: "update-account",
		Method:      http.MethodPatch,
		Path:        "/api/v1/accounts/{id}",
		Summary:     "Change an account",
		Description: "Merge update: only the fields present change; `grants`, when present, replaces the whole set. Passwords, second factors and disabling have their own operations. " +
			"An admin cannot remove its own admin grant. Admins only.",
		Tags:   []string{authTag},
		Errors: []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity},
	}, func(ctx context.Context, in *patchAccountInput) (*accountOutput, error) {
		cur, err := a.Account(ctx, in.ID)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		upd := AccountInput{Email: cur.Email, Name: cur.Name, Lang: cur.Lang, PersonID: cur.PersonID, Grants: cur.Grants}
		b := in.Body
		if b.Email != nil {
			upd.Email = *b.Email
		}
		if b.Name != nil {
			upd.Name = *b.Name
		}
		if b.Lang != nil {
			upd.Lang = *b.Lang
		}
		if b.PersonID != nil {
			upd.PersonID = *b.PersonID
		}
		if b.Grants != nil {
			upd.Grants = *b.Grants
		}
		acc, err := a.UpdateAccount(ctx, in.ID, upd)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &accountOutput{Body: acc}, nil
	})

	api.Register(h, core.Member, huma.Operation{
		OperationID: "get-my-recovery-codes",
		Method:      http.MethodGet,
		Path:        "/api/v1/me/recovery-codes",
		Summary:     "State of my recovery codes",
		Description: "How many one-time recovery codes the signed-in account has left of its current set, when the set was made, and whether making a new one needs confirmation. Never a code.",
		Tags:        []string{authTag},
		Errors:      []int{http.StatusUnauthorized, http.StatusForbidden},
	}, func(ctx context.Context, _ *struct{}) (*recoveryStatusOutput, error) {
		st, err := a.RecoveryCodes(ctx)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &recoveryStatusOutput{Body: st}, nil
	})

	api.Register(h, core.Member.Writes(), huma.Operation{
		OperationID: "create-my-recovery-codes",
		Method:      http.MethodPost,
		Path:        "/api/v1/me/recovery-codes",
		Summary:     "Make a new set of recovery codes",
		Description: "Makes 10 one-time recovery codes for the signed-in account, which must have TOTP enabled, and returns them only in this response; the set replaces the old one. " +
			"Each code can be used once instead of an authenticator code at sign-in. Unless this is the first set within 30 minutes of enabling TOTP, " +
			"`totp` (a current code) or `password` must confirm the account: a wrong one gets 422 and counts as a failed sign-in (429 with `Retry-After` when throttled). " +
			"409 without a second factor.",
		Tags:          []string{authTag},
		DefaultStatus: http.StatusCreated,
		Errors:        []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusConflict, http.StatusUnprocessableEntity, http.StatusTooManyRequests},
	}, func(ctx context.Context, in *newRecoveryInput) (*newRecoveryOutput, error) {
		codes, err := a.NewRecoveryCodes(ctx, RecoveryInput{Password: in.Body.Password, TOTP: in.Body.TOTP})
		if err != nil {
			return nil, apiErr(ctx, err)
		}
		out := &newRecoveryOutput{}
		out.Body.Codes = codes
		return out, nil
	})

	api.Register(h, core.Admin.Writes(), huma.Operation{
		OperationID: "reset-account-totp",
		Method:      http.MethodPost,
		Path:        "/api/v1/accounts/{id}/totp-reset",
		Summary:     "Reset an account's second factor",
		Description: "For a user who lost their phone: clears the TOTP secret and the recovery codes and revokes every session and API token of the account; " +
			"if its roles require a second factor, it enrols again at its next sign-in. The reason is kept in the audit log. An admin cannot reset its own. Admins only.",
		Tags:          []string{authTag},
		DefaultStatus: http.StatusNoContent,
		Errors:        []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusUnprocessableEntity},
	}, func(ctx context.Context, in *resetTOTPInput) (*struct{}, error) {
		if err := a.ResetTOTP(ctx, in.ID, in.Body.Reason); err != nil {
			return nil, api.Err(ctx, err)
		}
		return nil, nil
	})

	api.Register(h, core.Admin.Writes(), huma.Operation{
		OperationID: "reset-account-password",
		Method:      http.MethodPost,
		Path:        "/api/v1/accounts/{id}/password",
		Summary:     "Set an account's password",
		Description: "For a user who forgot their password: sets a new one (at least 12 characters) and revokes every session and API token of the account. " +
			"The reason is kept in the audit log. An admin changes its own password on its account page, not here. Admins only.",
		Tags:          []string{authTag},
		DefaultStatus: http.StatusNoContent,
		Errors:        []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusUnprocessableEntity},
	}, func(ctx context.Context, in *resetPasswordInput) (*struct{}, error) {
		if err := a.ResetPassword(ctx, in.ID, in.Body.Password, in.Body.Reason); err != nil {
			return nil, api.Err(ctx, err)
		}
		return nil, nil
	})
}
