package app_test

import (
	"testing"

	"github.com/topcop-platform/topcop/internal/app/apptest"
)

// TestRouteRoleMatrix walks every route of the platform as it ships
// (app.Capabilities) with every role; see apptest.RouteRoleMatrix for the
// checks. A new capability's routes are covered with no edit here.
func TestRouteRoleMatrix(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		res := apptest.RouteRoleMatrix(t, e, apptest.MatrixOptions{})
		if len(res.Routes) != len(e.Server.Routes()) {
			t.Errorf("the matrix walked %d of %d routes", len(res.Routes), len(e.Server.Routes()))
		}
		if res.Emails == 0 {
			t.Error("no response showed a demo e-mail address to anyone: the leak check had nothing to look at")
		}
	})
}
