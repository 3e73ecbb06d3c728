package certs

import (
	"context"
	"time"

	"github.com/topcop-platform/topcop/internal/certs/cert"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/training"
)

// dueWindow is how far back the certificates job looks: activities that
// ended in the last year (attendance and tests may be completed late).
const dueWindow = 366 * 24 * time.Hour

// IssueDue issues the certificates due: of every activity delivered or
// closed that ended within dueWindow, to those who completed it and have
// none (IssueCompleted). The certificates job runs it hourly.
func (s *Service) IssueDue(ctx context.Context) (int, error) {
	ctx = core.WithActor(ctx, core.SystemActor("certs.issue"))
	since := s.now().Add(-dueWindow).Format(time.DateOnly)
	var ids []string
	err := s.db.Read(ctx, func(ctx context.Context) error {
		rows, err := s.db.Query(ctx, `SELECT id FROM activities WHERE status IN ('delivered', 'closed') AND ends_on >= ? AND demo = ? ORDER BY ends_on, id`, since, false)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return rows.Err()
	})
	if err != nil {
		return 0, db.Err(err)
	}
	total := 0
	for _, id := range ids {
		n, err := s.IssueCompleted(ctx, id)
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}

// MailAll e-mails each holder of a valid certificate of an activity not
// mailed yet a link to it (its verification page, where the PDF is), in
// their language: coordinators. Each certificate is mailed once, also
// when two coordinators click at once. It returns how many were sent.
func (s *Service) MailAll(ctx context.Context, activityID string) (int, error) {
	if _, err := staffWriter(ctx); err != nil {
		return 0, err
	}
	act, _, err := s.activityFacts(ctx, activityID)
	if err != nil {
		return 0, err
	}
	n := 0
	err = s.db.Write(ctx, func(ctx context.Context) error {
		st := s.st
		list, err := st.list(ctx, `activity_id = ? AND status = 'valid' AND mailed_at IS NULL ORDER BY name, id`, act.ID)
		if err != nil {
			return err
		}
		n = 0
		for _, c := range list {
			claimed, err := s.st.markMailed(ctx, c.ID, s.now())
			if err != nil || !claimed {
				return err
			}
			sent, err := s.training.MailPerson(ctx, act, c.PersonID, MailIssued, "/verify/"+cert.FormatCode(c.Code),
				map[string]any{"CertCode": cert.FormatCode(c.Code)})
			if err != nil {
				return err
			}
			if !sent {
				// Nobody to mail (no address, a demo activity): the
				// certificate waits for a later click.
				if err := st.unmarkMailed(ctx, c.ID); err != nil {
					return err
				}
				continue
			}
			n++
		}
		return s.log.Record(ctx, auditEvent("mail", act.ID, map[string]any{"sent": n}))
	})
	return n, err
}

// activityLinks adds "Certificates" to a delivered activity's page for
// those who may see its certificates.
func activityLinks(ctx context.Context, l *i18n.Localizer, act training.Activity) ([]training.ActivityLink, error) {
	a := core.ActorFrom(ctx)
	if !finalStatus(act.Status) {
		return nil, nil
	}
	if a.IsStaff() || trains(act, a.PersonID) || len(a.Countries(core.RoleNCP)) > 0 {
		return []training.ActivityLink{{Label: l.T("certs.links.activity"), URL: activityURL(act.ID)}}, nil
	}
	return nil, nil
}

func activityURL(id string) string { return "/training/activities/" + id + "/certificates" }
