package api_test

import (
	"context"
	"errors"
	"testing"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
)

// TestErrClientGone: what fails because the client went away is neither
// an internal error nor logged as one.
func TestErrClientGone(t *testing.T) {
	logs := captureLog(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var p *api.Problem
	if !errors.As(api.Err(ctx, core.Wrap(ctx.Err(), "query")), &p) {
		t.Fatal("not a problem")
	}
	if p.Status != api.StatusClientClosed || p.Code != "client_closed" || p.ErrorID != "" {
		t.Fatalf("problem %+v, want 499 client_closed without an error id", p)
	}
	if logs.Len() > 0 {
		t.Errorf("logged: %s", logs)
	}
	// A deadline is ours (a slow query), not the client's.
	ctx, cancel = context.WithTimeout(context.Background(), 0)
	defer cancel()
	<-ctx.Done()
	if !errors.As(api.Err(ctx, core.Wrap(ctx.Err(), "query")), &p) || p.Status != 500 {
		t.Fatalf("deadline: %+v, want 500", p)
	}
	if api.ClientGone(context.Background()) {
		t.Fatal("a live context is gone")
	}
}
