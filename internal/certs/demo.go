package certs

import (
	"context"
	"fmt"
	"time"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/module"
)

// The certificates of the demo data set (issue 10 item 9): every demo
// activity that was delivered or closed issues its certificates to those
// who completed it, two days after its last day (as the hourly job
// would have), and one certificate is revoked a month later with a
// reason, so that the verification page shows both states.

// DemoRevokeReason is the reason the demo's revoked certificate gives.
const DemoRevokeReason = "Issued in error: the participant's attendance was recorded under another person's nomination."

func demoEmpty(ctx context.Context, env *module.Env) (bool, error) {
	var n int
	err := env.DB.QueryRow(ctx, `SELECT count(*) FROM certificates`).Scan(&n)
	return n == 0, err
}

func loadDemo(ctx context.Context, env *module.Env, run *module.DemoRun) error {
	svc := module.Use[*Service](env)
	ctx = core.WithActor(ctx, core.SystemActor("demo"))
	type act struct{ id, endsOn string }
	var acts []act
	err := env.DB.Read(ctx, func(ctx context.Context) error {
		rows, err := env.DB.Query(ctx, `SELECT id, ends_on FROM activities WHERE demo = ? AND status IN ('delivered', 'closed') ORDER BY ends_on, id`, true)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var a act
			if err := rows.Scan(&a.id, &a.endsOn); err != nil {
				return err
			}
			acts = append(acts, a)
		}
		return rows.Err()
	})
	if err != nil {
		return db.Err(err)
	}
	issued, revoked := 0, 0
	for i, a := range acts {
		end, err := time.Parse(time.DateOnly, a.endsOn)
		if err != nil {
			return fmt.Errorf("demo certificates of activity %s: %w", a.id, err)
		}
		at := end.Add(2*24*time.Hour + 10*time.Hour)
		if now := svc.now(); at.After(now) {
			at = now
		}
		n, err := svc.At(at).IssueCompleted(ctx, a.id)
		if err != nil {
			return fmt.Errorf("demo certificates of activity %s: %w", a.id, err)
		}
		issued += n
		if revoked == 0 && n > 0 {
			list, err := svc.List(ctx, a.id)
			if err != nil {
				return err
			}
			if _, err := svc.At(at.Add(30*24*time.Hour)).Revoke(ctx, list[len(list)-1].Code, DemoRevokeReason); err != nil {
				return fmt.Errorf("demo revocation: %w", err)
			}
			revoked++
		}
		if run.Progress != nil && (i%20 == 19 || i == len(acts)-1) {
			run.Progress(i+1, len(acts))
		}
	}
	run.Add("certificates", issued)
	run.Add("revoked certificates", revoked)
	return nil
}
