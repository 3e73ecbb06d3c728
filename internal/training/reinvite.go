package training

import (
	"context"

	"github.com/topcop-platform/topcop/internal/core"
)

// CodeNoEmail: a nominee with neither an account nor an e-mail address in
// the directory cannot be sent anything.
const CodeNoEmail = "no_email"

// Reinvite sends a selected nominee their seat again: a new invitation
// link (replacing the older ones) when they have no account, else the
// "you are selected" mail, with the date they answer by. It is for a link
// that expired or a mail that was lost. Coordinators, and the ncp of the
// nominee's country, may; the nominee must hold an unanswered seat
// (selected) of an activity still open. It returns how the person was
// reached: "account" or "invited" (or "email" when their address is an
// account's that is no person's). Errors: invalid (status
// transition_not_allowed; person no_email), forbidden, not_found.
func (s *Service) Reinvite(ctx context.Context, nominationID string) (string, error) {
	a, err := nominator(ctx)
	if err != nil {
		return "", err
	}
	if !core.ValidID(nominationID) {
		return "", notFound("nomination")
	}
	var how string
	err = s.db.Write(ctx, func(ctx context.Context) error {
		n, err := s.st.nomination(ctx, nominationID)
		if err != nil {
			return err
		}
		if !a.IsStaff() && !forCountry(a, n.CountryCode) {
			return core.Errorf(core.Forbidden, "only the ncp of %s or a coordinator may send this again", n.CountryCode)
		}
		act, err := s.st.activity(ctx, n.ActivityID, "")
		if err != nil {
			return err
		}
		var v core.Validation
		if n.Status != NomSelected || !act.Status.Open() {
			v.Add("status", CodeNotAllowed, string(n.Status), string(NomSelected))
			return v.Err()
		}
		if s.mail == nil || s.accounts == nil {
			return core.Errorf(core.Internal, "training: no mail service to send with")
		}
		base, err := s.facts(ctx, act)
		if err != nil {
			return err
		}
		if how, err = s.noticeSelected(ctx, act, base, n.PersonID, n.AnswerBy(act), n.RespondBy != ""); err != nil {
			return err
		}
		if how == reachedNone {
			v.Add("person", CodeNoEmail)
			return v.Err()
		}
		return s.record(ctx, "nomination", "reinvite", nominationID, map[string]any{"activity_id": n.ActivityID,
			"person_id": n.PersonID, "reached": how})
	})
	return how, err
}
