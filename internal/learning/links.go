package learning

import (
	"context"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/training"
)

// activityLinks are learning's links on an activity's page (training's
// AddActivityLinks): its tests and surveys for coordinators and its
// trainers, and its learning results for those who read analytics
// (staff, its trainers, ncps, observers) once seats are confirmed. The
// pages decide again.
func activityLinks(ctx context.Context, l *i18n.Localizer, act training.Activity) ([]training.ActivityLink, error) {
	a := core.ActorFrom(ctx)
	manager := a.IsStaff() || trains(act, a.PersonID)
	var out []training.ActivityLink
	if manager {
		out = append(out, training.ActivityLink{Label: l.T("learning.links.manage"), URL: "/learning/activities/" + act.ID})
	}
	switch act.Status {
	case training.StatusConfirmed, training.StatusDelivered, training.StatusClosed:
		if manager || a.Has(core.RoleObserver) || len(a.Countries(core.RoleNCP)) > 0 {
			out = append(out, training.ActivityLink{Label: l.T("learning.links.results"), URL: "/learning/analytics/activities/" + act.ID})
		}
	}
	return out, nil
}
