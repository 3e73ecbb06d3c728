package training

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
)

// Calls, nominations and selection (issue 8 §3–4).
//
// Every method that changes an activity's nominations locks the
// activity's row first (store.lockActivity) and decides on what it reads
// after the lock, so that two coordinators confirming, several people
// declining and an ncp withdrawing at the same moment are serialised per
// activity: seats taken (selected + accepted) never exceed the capacity,
// a seat freed is given once, a selection is confirmed once.

// NominationStatus is where a nomination stands.
type NominationStatus string

// Nomination statuses.
const (
	NomNominated NominationStatus = "nominated"
	NomWithdrawn NominationStatus = "withdrawn"
	NomSelected  NominationStatus = "selected"
	NomReserve   NominationStatus = "reserve"
	NomAccepted  NominationStatus = "accepted"
	NomDeclined  NominationStatus = "declined"
)

// NominationStatuses lists them in display order.
var NominationStatuses = []NominationStatus{NomNominated, NomSelected, NomReserve, NomAccepted, NomDeclined, NomWithdrawn}

// AnswerBy is the date by which the nominee accepts or declines a seat:
// their own (a promoted person's), else the activity's ("" for none).
func (n Nomination) AnswerBy(act Activity) string {
	if n.RespondBy != "" {
		return n.RespondBy
	}
	return act.RespondBy
}

// holdsSeat reports whether a nomination in s takes a seat.
func (s NominationStatus) holdsSeat() bool { return s == NomSelected || s == NomAccepted }

// Further validation codes.
const (
	CodeCallClosed    = "call_closed"
	CodeNotEligible   = "not_eligible"
	CodeOtherCountry  = "other_country"
	CodeAlreadyExists = "already_nominated"
	CodeTooLate       = "too_late"
	CodeOverCapacity  = "over_capacity"
)

// MaxMotivation caps a nomination's motivation, in runes.
const MaxMotivation = 2000

// Nomination is one person proposed for an activity by their country.
type Nomination struct {
	ID          string           `json:"id"`
	ActivityID  string           `json:"activity_id"`
	PersonID    string           `json:"person_id"`
	Name        string           `json:"name"`
	AgencyName  string           `json:"agency"`
	AgencyType  string           `json:"agency_type"`
	Sex         string           `json:"sex,omitempty"`
	CountryCode string           `json:"country_code"`
	Priority    int              `json:"priority"`
	Motivation  string           `json:"motivation,omitempty"`
	Status      NominationStatus `json:"status"`
	ReserveRank int              `json:"reserve_rank,omitempty"`
	Override    Outcome          `json:"override,omitempty" doc:"The coordinator's override of the proposal"`
	OverrideWhy string           `json:"override_reason,omitempty"`
	Reason      string           `json:"reason,omitempty" doc:"Why it was last changed on someone's behalf"`
	NominatedBy string           `json:"nominated_by,omitempty"`
	DecidedAt   time.Time        `json:"decided_at,omitzero"`
	RespondBy   string           `json:"respond_by,omitempty" doc:"The person's own answer date, when promoted from the reserve list (else the activity's)"`
	CreatedAt   time.Time        `json:"created_at"`
	UpdatedAt   time.Time        `json:"updated_at"`
}

// NominationInput nominates a person.
type NominationInput struct {
	PersonID   string
	Priority   int // 0: after the country's last
	Motivation string
}

// CallInput opens a call for nominations.
type CallInput struct {
	Deadline      time.Time
	EligibleTypes []string // agency types; none: all
	EligibleLang  string   // a working language nominees must speak; "": none
	Seats         map[string]int
}

// --- the call ---

// OpenCall opens the call for nominations of a planned activity
// (coordinators): a deadline in the future, eligibility, and optionally
// new seats per country. Errors: invalid (deadline, eligibility, seats;
// status transition_not_allowed), not_found.
func (s *Service) OpenCall(ctx context.Context, id string, in CallInput) (Activity, error) {
	if _, err := staffWriter(ctx); err != nil {
		return Activity{}, err
	}
	if !core.ValidID(id) {
		return Activity{}, notFound("activity")
	}
	in.EligibleTypes, in.EligibleLang = compact(in.EligibleTypes), strings.TrimSpace(in.EligibleLang)
	var out Activity
	err := s.db.Write(ctx, func(ctx context.Context) error {
		from, err := s.st.lockActivity(ctx, id)
		if err != nil {
			return err
		}
		cur, err := s.st.activity(ctx, id, "")
		if err != nil {
			return err
		}
		var v core.Validation
		if !CanMove(from, StatusCallOpen) {
			v.Add("status", CodeNotAllowed, string(from), string(StatusCallOpen))
		}
		now := s.now()
		switch {
		case in.Deadline.IsZero():
			v.Add("deadline", CodeRequired)
		case !in.Deadline.After(now):
			v.Add("deadline", CodeTooLate)
		case in.Deadline.Format(time.DateOnly) > cur.StartsOn:
			v.Add("deadline", CodeOutOfRange)
		}
		for _, t := range in.EligibleTypes {
			if !agencyTypeKnown(t) {
				v.Add("eligible_agency_types", CodeInvalid)
				break
			}
		}
		if in.EligibleLang != "" && !validLanguage(in.EligibleLang) {
			v.Add("eligible_language", CodeInvalid)
		}
		if in.Seats != nil {
			ai := activityInputOf(cur)
			ai.Seats = in.Seats
			ai.normalize()
			if err := s.validateActivity(ctx, ai); err != nil {
				return err
			}
			if err := s.st.updateActivity(ctx, id, ai, now); err != nil {
				return err
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		if _, err := s.db.Exec(ctx, `UPDATE activities SET status = ?, call_deadline = ?, call_closed_at = NULL, eligible_types = ?,
			eligible_lang = ?, updated_at = ? WHERE id = ?`, string(StatusCallOpen), db.T(&in.Deadline), joinList(in.EligibleTypes),
			in.EligibleLang, db.T(&now), id); err != nil {
			return err
		}
		if err := s.record(ctx, "activity", "call_open", id, map[string]any{"deadline": in.Deadline.UTC().Format(time.RFC3339),
			"eligible_agency_types": in.EligibleTypes, "eligible_language": in.EligibleLang, "seats": seatsText(in.Seats)}); err != nil {
			return err
		}
		if out, err = s.st.activity(ctx, id, ""); err != nil {
			return err
		}
		return s.noticeCallOpened(ctx, out)
	})
	return out, err
}

// CloseCall closes the call early or after its deadline (coordinators):
// the nomination lists are locked and the activity moves to selection.
func (s *Service) CloseCall(ctx context.Context, id string) (Activity, error) {
	if _, err := staffWriter(ctx); err != nil {
		return Activity{}, err
	}
	if !core.ValidID(id) {
		return Activity{}, notFound("activity")
	}
	var out Activity
	err := s.db.Write(ctx, func(ctx context.Context) error {
		from, err := s.st.lockActivity(ctx, id)
		if err != nil {
			return err
		}
		if from != StatusCallOpen {
			var v core.Validation
			v.Add("status", CodeNotAllowed, string(from), string(StatusSelection))
			return v.Err()
		}
		now := s.now()
		if _, err := s.db.Exec(ctx, `UPDATE activities SET status = ?, call_closed_at = ?, updated_at = ? WHERE id = ?`,
			string(StatusSelection), db.T(&now), db.T(&now), id); err != nil {
			return err
		}
		var n int
		if err := s.db.QueryRow(ctx, `SELECT count(*) FROM nominations WHERE activity_id = ? AND status = ?`, id, string(NomNominated)).Scan(&n); err != nil {
			return db.Err(err)
		}
		if err := s.record(ctx, "activity", "call_close", id, map[string]any{"nominations": n}); err != nil {
			return err
		}
		out, err = s.st.activity(ctx, id, "")
		return err
	})
	return out, err
}

// callOpen reports whether nominations may change now: the call is open
// and its deadline has not passed.
func callOpen(a Activity, now time.Time) bool {
	return a.Status == StatusCallOpen && !a.CallClosed && now.Before(a.CallDeadline)
}

// --- nominations ---

// nominator admits staff and ncps (of some country), with a token that
// may write.
func nominator(ctx context.Context) (core.Actor, error) {
	a, err := reader(ctx)
	if err != nil {
		return a, err
	}
	if a.ReadOnly {
		return a, core.Errorf(core.Forbidden, "this token is read-only")
	}
	if !a.IsStaff() && len(a.Countries(core.RoleNCP)) == 0 {
		return a, core.Errorf(core.Forbidden, "only national contact points and coordinators nominate")
	}
	return a, nil
}

// forCountry reports whether a acts for nominations of country: staff
// for all, an ncp for their own.
func forCountry(a core.Actor, country string) bool {
	return a.IsStaff() || slices.Contains(a.Countries(core.RoleNCP), country)
}

// Nominate proposes a person of the actor's country (staff: any) for an
// activity whose call is open. Errors: invalid with field errors
// (call_closed, not_eligible, other_country, already_nominated — also
// when two requests race), not_found.
func (s *Service) Nominate(ctx context.Context, activityID string, in NominationInput) (Nomination, error) {
	a, err := nominator(ctx)
	if err != nil {
		return Nomination{}, err
	}
	if !core.ValidID(activityID) {
		return Nomination{}, notFound("activity")
	}
	in.Motivation = strings.TrimSpace(in.Motivation)
	var out Nomination
	err = s.db.Write(ctx, func(ctx context.Context) error {
		if _, err := s.st.lockActivity(ctx, activityID); err != nil {
			return err
		}
		act, err := s.st.activity(ctx, activityID, "")
		if err != nil {
			return err
		}
		var v core.Validation
		checkText(&v, "motivation", in.Motivation, MaxMotivation, false)
		if in.Priority < 0 || in.Priority > 10000 {
			v.Add("priority", CodeOutOfRange)
		}
		now := s.now()
		if !callOpen(act, now) {
			v.Add("activity_id", CodeCallClosed)
		}
		p, err := s.st.nominee(ctx, in.PersonID)
		switch {
		case core.IsCode(err, core.NotFound):
			v.Add("person_id", CodeUnknown)
		case err != nil:
			return err
		case !forCountry(a, p.country):
			v.Add("person_id", CodeOtherCountry)
		case len(act.EligibleTypes) > 0 && !slices.Contains(act.EligibleTypes, p.agencyType):
			v.Add("person_id", CodeNotEligible, "agency_type")
		case act.EligibleLang != "" && !slices.Contains(p.languages, act.EligibleLang):
			v.Add("person_id", CodeNotEligible, "language")
		}
		if err := v.Err(); err != nil {
			return err
		}
		prev, err := s.st.nominationOf(ctx, activityID, in.PersonID)
		switch {
		case err == nil && prev.Status != NomWithdrawn:
			v.Add("person_id", CodeAlreadyExists)
			return v.Err()
		case err != nil && !core.IsCode(err, core.NotFound):
			return err
		}
		if in.Priority == 0 {
			if in.Priority, err = s.st.nextPriority(ctx, activityID, p.country); err != nil {
				return err
			}
		}
		id := prev.ID
		if id == "" {
			id = core.NewID()
			err = s.st.insertNomination(ctx, id, activityID, p.country, in, a.Label(), now)
		} else {
			err = s.st.renominate(ctx, id, in, a.Label(), now)
		}
		if core.IsCode(err, core.Conflict) { // a racing request nominated them first
			v.Add("person_id", CodeAlreadyExists)
			return v.Err()
		}
		if err != nil {
			return err
		}
		if err := s.record(ctx, "nomination", "create", id, map[string]any{"activity_id": activityID, "person_id": in.PersonID,
			"country_code": p.country, "priority": in.Priority}); err != nil {
			return err
		}
		out, err = s.st.nomination(ctx, id)
		return err
	})
	return out, err
}

// Reorder sets the priorities of a country's nominations for an activity
// to the order of ids (1 first), while the call is open. ids must be
// exactly the country's active nominations.
func (s *Service) Reorder(ctx context.Context, activityID, country string, ids []string) ([]Nomination, error) {
	a, err := nominator(ctx)
	if err != nil {
		return nil, err
	}
	country = strings.ToUpper(strings.TrimSpace(country))
	if !forCountry(a, country) {
		return nil, core.Errorf(core.Forbidden, "you may not reorder the nominations of %s", country)
	}
	if !core.ValidID(activityID) {
		return nil, notFound("activity")
	}
	var out []Nomination
	err = s.db.Write(ctx, func(ctx context.Context) error {
		if _, err := s.st.lockActivity(ctx, activityID); err != nil {
			return err
		}
		act, err := s.st.activity(ctx, activityID, "")
		if err != nil {
			return err
		}
		var v core.Validation
		if !callOpen(act, s.now()) {
			v.Add("activity_id", CodeCallClosed)
			return v.Err()
		}
		cur, err := s.st.nominations(ctx, db.Cond{SQL: "n.activity_id = ? AND n.country_code = ? AND n.status = ?",
			Args: []any{activityID, country, string(NomNominated)}})
		if err != nil {
			return err
		}
		have := make([]string, len(cur))
		for i, n := range cur {
			have[i] = n.ID
		}
		want := slices.Clone(ids)
		slices.Sort(have)
		slices.Sort(want)
		if !slices.Equal(have, want) {
			v.Add("ids", CodeInvalid)
			return v.Err()
		}
		now := s.now()
		for i, id := range ids {
			if _, err := s.db.Exec(ctx, `UPDATE nominations SET priority = ?, updated_at = ? WHERE id = ?`, i+1, db.T(&now), id); err != nil {
				return err
			}
		}
		if err := s.record(ctx, "nomination", "reorder", activityID, map[string]any{"country_code": country, "order": ids}); err != nil {
			return err
		}
		out, err = s.st.nominations(ctx, db.Cond{SQL: "n.activity_id = ? AND n.country_code = ? AND n.status = ?",
			Args: []any{activityID, country, string(NomNominated)}})
		return err
	})
	return out, err
}

// nominationVisibility is the SQL condition, over nominations n, under
// which a sees a nomination: staff all; an ncp their countries'; anyone
// their own (the person linked to their account).
func nominationVisibility(a core.Actor) db.Cond {
	if a.IsStaff() {
		return db.Always
	}
	var parts []string
	var args []any
	if cs := a.Countries(core.RoleNCP); len(cs) > 0 {
		in := db.In("n.country_code", cs)
		parts, args = append(parts, in.SQL), append(args, in.Args...)
	}
	if core.ValidID(a.PersonID) {
		parts, args = append(parts, "n.person_id = ?"), append(args, a.PersonID)
	}
	if len(parts) == 0 {
		return db.Never
	}
	return db.Cond{SQL: "(" + strings.Join(parts, " OR ") + ")", Args: args}
}

// Nominations lists an activity's nominations the actor may see, by
// country then priority. Observers see aggregates only (forbidden here).
func (s *Service) Nominations(ctx context.Context, activityID string) ([]Nomination, error) {
	a, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	if !core.ValidID(activityID) {
		return nil, notFound("activity")
	}
	if onlyObserver(a) {
		return nil, core.Errorf(core.Forbidden, "observers see aggregated figures only")
	}
	if _, err := s.st.activity(ctx, activityID, ""); err != nil {
		return nil, err
	}
	vis := nominationVisibility(a)
	list, err := s.st.nominations(ctx, db.Cond{SQL: "n.activity_id = ? AND " + vis.SQL, Args: append([]any{activityID}, vis.Args...)})
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(list))
	for i, n := range list {
		ids[i] = n.PersonID
	}
	if len(ids) > 0 {
		if err := s.log.RecordRead(ctx, auditRead("nominations_listed", "activity", activityID, ids)); err != nil {
			return nil, err
		}
	}
	return list, nil
}

// onlyObserver reports whether observer is a's only role.
func onlyObserver(a core.Actor) bool {
	if a.System || a.IsStaff() {
		return false
	}
	for _, g := range a.Grants {
		if g.Role != core.RoleObserver {
			return false
		}
	}
	return true
}

// --- selection ---

// Balance counts people by sex and by agency type.
type Balance struct {
	BySex        map[string]int `json:"by_sex"`
	ByAgencyType map[string]int `json:"by_agency_type"`
	ByCountry    map[string]int `json:"by_country"`
}

// Proposal is the selection a coordinator reviews: each active
// nomination's outcome (the rules of Propose, then the overrides), and
// the balance of the selected.
type Proposal struct {
	Capacity int            `json:"capacity"`
	Seats    map[string]int `json:"seats"`
	Items    []ProposalItem `json:"items"`
	Selected int            `json:"selected"`
	Reserve  int            `json:"reserve"`
	Balance  Balance        `json:"balance"`
}

// ProposalItem is one nomination's proposed outcome.
type ProposalItem struct {
	NominationID string  `json:"nomination_id"`
	PersonID     string  `json:"person_id"`
	Name         string  `json:"name"`
	CountryCode  string  `json:"country_code"`
	Priority     int     `json:"priority"`
	Outcome      Outcome `json:"outcome"`
	ReserveRank  int     `json:"reserve_rank,omitempty"`
	Round        int     `json:"round"`
	Overridden   bool    `json:"overridden,omitempty"`
	Reason       string  `json:"override_reason,omitempty"`
}

// Propose computes the selection proposal of an activity whose call is
// open or closed (coordinators); it changes nothing.
func (s *Service) Propose(ctx context.Context, activityID string) (Proposal, error) {
	if _, err := staffWriter(ctx); err != nil {
		return Proposal{}, err
	}
	if !core.ValidID(activityID) {
		return Proposal{}, notFound("activity")
	}
	var out Proposal
	err := s.db.Read(ctx, func(ctx context.Context) error {
		act, err := s.st.activity(ctx, activityID, "")
		if err != nil {
			return err
		}
		if act.Status != StatusCallOpen && act.Status != StatusSelection {
			var v core.Validation
			v.Add("status", CodeNotAllowed, string(act.Status), string(StatusSelection))
			return v.Err()
		}
		out, err = s.proposal(ctx, act)
		return err
	})
	return out, err
}

// proposal computes the proposal of act from its active nominations.
func (s *Service) proposal(ctx context.Context, act Activity) (Proposal, error) {
	noms, err := s.st.nominations(ctx, db.Cond{SQL: "n.activity_id = ? AND n.status = ?", Args: []any{act.ID, string(NomNominated)}})
	if err != nil {
		return Proposal{}, err
	}
	byID := make(map[string]Nomination, len(noms))
	cands := make([]Candidate, len(noms))
	for i, n := range noms {
		byID[n.ID] = n
		cands[i] = Candidate{NominationID: n.ID, Country: n.CountryCode, Priority: n.Priority, NominatedAt: n.CreatedAt}
	}
	p := Proposal{Capacity: act.Capacity, Seats: act.Seats,
		Balance: Balance{BySex: map[string]int{}, ByAgencyType: map[string]int{}, ByCountry: map[string]int{}}}
	var reserve []ProposalItem
	for _, r := range Propose(act.Capacity, act.Seats, cands) {
		n := byID[r.NominationID]
		it := ProposalItem{NominationID: n.ID, PersonID: n.PersonID, Name: n.Name, CountryCode: n.CountryCode, Priority: n.Priority,
			Outcome: r.Outcome, ReserveRank: r.Rank, Round: r.Round}
		if n.Override != "" && n.Override != r.Outcome {
			it.Outcome, it.Overridden, it.Reason = n.Override, true, n.OverrideWhy
		}
		if it.Outcome == OutcomeReserve {
			reserve = append(reserve, it)
			continue
		}
		it.ReserveRank = 0
		p.Items = append(p.Items, it)
		p.Selected++
		p.Balance.BySex[cmpOr(n.Sex, "unknown")]++
		p.Balance.ByAgencyType[n.AgencyType]++
		p.Balance.ByCountry[n.CountryCode]++
	}
	// The reserve keeps the rules' order; overrides moved into it go
	// last, in priority order.
	slices.SortStableFunc(reserve, func(a, b ProposalItem) int {
		ka, kb := a.ReserveRank, b.ReserveRank
		if a.Overridden {
			ka = 1 << 30
		}
		if b.Overridden {
			kb = 1 << 30
		}
		return ka - kb
	})
	for i := range reserve {
		reserve[i].ReserveRank = i + 1
	}
	p.Items, p.Reserve = append(p.Items, reserve...), len(reserve)
	return p, nil
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// Override sets (or, with an empty outcome, clears) the coordinator's
// outcome for one nomination before confirmation, with a reason.
func (s *Service) Override(ctx context.Context, nominationID string, outcome Outcome, reason string) (Nomination, error) {
	if _, err := staffWriter(ctx); err != nil {
		return Nomination{}, err
	}
	if !core.ValidID(nominationID) {
		return Nomination{}, notFound("nomination")
	}
	reason = strings.TrimSpace(reason)
	var out Nomination
	err := s.db.Write(ctx, func(ctx context.Context) error {
		n, err := s.st.nomination(ctx, nominationID)
		if err != nil {
			return err
		}
		status, err := s.st.lockActivity(ctx, n.ActivityID)
		if err != nil {
			return err
		}
		var v core.Validation
		if status != StatusCallOpen && status != StatusSelection {
			v.Add("status", CodeNotAllowed, string(status), string(StatusSelection))
		}
		if n.Status != NomNominated {
			v.Add("nomination_id", CodeInvalid)
		}
		if outcome != "" && outcome != OutcomeSelected && outcome != OutcomeReserve {
			v.Add("outcome", CodeInvalid)
		}
		checkText(&v, "reason", reason, MaxReason, outcome != "")
		if err := v.Err(); err != nil {
			return err
		}
		now := s.now()
		if _, err := s.db.Exec(ctx, `UPDATE nominations SET override_outcome = ?, override_reason = ?, updated_at = ? WHERE id = ?`,
			string(outcome), reason, db.T(&now), nominationID); err != nil {
			return err
		}
		if err := s.record(ctx, "nomination", "override", nominationID, map[string]any{"activity_id": n.ActivityID,
			"outcome": string(outcome), "reason": reason}); err != nil {
			return err
		}
		out, err = s.st.nomination(ctx, nominationID)
		return err
	})
	return out, err
}

// ConfirmInput confirms a selection.
type ConfirmInput struct {
	RespondBy string // date by which the selected accept or decline; default 14 days before the start, or the start
}

// Confirm confirms the selection of an activity whose call is closed
// (coordinators): the proposal, with the overrides, becomes the outcome
// of every active nomination; the activity moves to confirmed. It is
// refused when the overrides select more people than the capacity, and
// when another coordinator has confirmed already (status
// transition_not_allowed). Returns the outcomes.
func (s *Service) Confirm(ctx context.Context, activityID string, in ConfirmInput) (Proposal, error) {
	if _, err := staffWriter(ctx); err != nil {
		return Proposal{}, err
	}
	if !core.ValidID(activityID) {
		return Proposal{}, notFound("activity")
	}
	var out Proposal
	err := s.db.Write(ctx, func(ctx context.Context) error {
		status, err := s.st.lockActivity(ctx, activityID)
		if err != nil {
			return err
		}
		var v core.Validation
		if status != StatusSelection {
			v.Add("status", CodeNotAllowed, string(status), string(StatusConfirmed))
			return v.Err()
		}
		act, err := s.st.activity(ctx, activityID, "")
		if err != nil {
			return err
		}
		respondBy := strings.TrimSpace(in.RespondBy)
		if respondBy == "" {
			start, _ := time.Parse(time.DateOnly, act.StartsOn)
			respondBy = max(start.AddDate(0, 0, -14).Format(time.DateOnly), s.now().AddDate(0, 0, 3).Format(time.DateOnly))
			respondBy = min(respondBy, act.StartsOn)
		} else if d, err := time.Parse(time.DateOnly, respondBy); err != nil || respondBy > act.StartsOn || d.Before(s.now().Truncate(24*time.Hour)) {
			v.Add("respond_by", CodeOutOfRange)
			return v.Err()
		}
		p, err := s.proposal(ctx, act)
		if err != nil {
			return err
		}
		if p.Selected > act.Capacity {
			v.Add("nominations", CodeOverCapacity, itoa(p.Selected), itoa(act.Capacity))
			return v.Err()
		}
		now := s.now()
		decisions := map[string]any{}
		for _, it := range p.Items {
			st := NomSelected
			if it.Outcome == OutcomeReserve {
				st = NomReserve
			}
			if _, err := s.db.Exec(ctx, `UPDATE nominations SET status = ?, reserve_rank = ?, decided_at = ?, updated_at = ? WHERE id = ?`,
				string(st), it.ReserveRank, db.T(&now), db.T(&now), it.NominationID); err != nil {
				return err
			}
			decisions[it.NominationID] = map[string]any{"outcome": string(it.Outcome), "rank": it.ReserveRank, "override_reason": it.Reason}
		}
		if _, err := s.db.Exec(ctx, `UPDATE activities SET status = ?, respond_by = ?, updated_at = ? WHERE id = ?`,
			string(StatusConfirmed), respondBy, db.T(&now), activityID); err != nil {
			return err
		}
		if err := s.record(ctx, "activity", "selection_confirm", activityID, map[string]any{"selected": p.Selected, "reserve": p.Reserve,
			"respond_by": respondBy, "decisions": decisions}); err != nil {
			return err
		}
		out = p
		return s.noticeSelection(ctx, act, p, respondBy)
	})
	return out, err
}

// --- answers: accept, decline, withdraw ---

// Answer is what Respond does with a nomination.
type Answer string

// Answers.
const (
	AnswerAccept   Answer = "accept"
	AnswerDecline  Answer = "decline"
	AnswerWithdraw Answer = "withdraw"
)

// Respond records a nominee's answer (accept or decline a seat) or a
// withdrawal. The nominee answers for themself (the person linked to
// their account); their ncp or a coordinator may answer on their behalf,
// with a reason. A decline or a withdrawal that frees a seat promotes the
// next person on the reserve list, from the same country first; the
// promoted nomination is returned too (empty when none). Errors: invalid
// (the answer does not fit the status; too_late after the answer date or
// the nomination deadline), forbidden, not_found.
func (s *Service) Respond(ctx context.Context, nominationID string, ans Answer, reason string) (Nomination, Nomination, error) {
	a, err := reader(ctx)
	if err != nil {
		return Nomination{}, Nomination{}, err
	}
	if a.ReadOnly {
		return Nomination{}, Nomination{}, core.Errorf(core.Forbidden, "this token is read-only")
	}
	if !core.ValidID(nominationID) {
		return Nomination{}, Nomination{}, notFound("nomination")
	}
	reason = strings.TrimSpace(reason)
	var out, promoted Nomination
	err = s.db.Write(ctx, func(ctx context.Context) error {
		n, err := s.st.nomination(ctx, nominationID)
		if err != nil {
			return err
		}
		self := core.ValidID(a.PersonID) && a.PersonID == n.PersonID
		onBehalf := forCountry(a, n.CountryCode)
		if !self && !onBehalf {
			if core.ValidID(a.PersonID) || len(a.Countries(core.RoleNCP)) > 0 {
				return core.Errorf(core.Forbidden, "you may not answer for this nomination")
			}
			return notFound("nomination")
		}
		status, err := s.st.lockActivity(ctx, n.ActivityID)
		if err != nil {
			return err
		}
		if n, err = s.st.nomination(ctx, nominationID); err != nil { // as it is now, under the lock
			return err
		}
		act, err := s.st.activity(ctx, n.ActivityID, "")
		if err != nil {
			return err
		}
		var v core.Validation
		checkText(&v, "reason", reason, MaxReason, !self)
		now := s.now()
		var to NominationStatus
		switch ans {
		case AnswerAccept:
			to = NomAccepted
			if n.Status != NomSelected {
				v.Add("status", CodeNotAllowed, string(n.Status), string(to))
			}
		case AnswerDecline:
			to = NomDeclined
			if n.Status != NomSelected && n.Status != NomAccepted && n.Status != NomReserve {
				v.Add("status", CodeNotAllowed, string(n.Status), string(to))
			}
		case AnswerWithdraw:
			to = NomWithdrawn
			switch {
			case n.Status == NomWithdrawn || n.Status == NomDeclined:
				v.Add("status", CodeNotAllowed, string(n.Status), string(to))
			case n.Status == NomNominated && !a.IsStaff() && !callOpen(act, now):
				// The list is locked after the deadline.
				v.Add("status", CodeTooLate)
			}
		default:
			v.Add("answer", CodeInvalid)
		}
		if !status.Open() {
			v.Add("status", CodeNotAllowed, string(status), string(to))
		}
		if by := n.AnswerBy(act); ans == AnswerAccept && self && !a.IsStaff() && by != "" && now.Format(time.DateOnly) > by {
			v.Add("status", CodeTooLate)
		}
		if err := v.Err(); err != nil {
			return err
		}
		if _, err := s.db.Exec(ctx, `UPDATE nominations SET status = ?, reason = ?, reserve_rank = 0, decided_at = ?, updated_at = ? WHERE id = ?`,
			string(to), reason, db.T(&now), db.T(&now), nominationID); err != nil {
			return err
		}
		if err := s.record(ctx, "nomination", string(ans), nominationID, map[string]any{"activity_id": n.ActivityID, "person_id": n.PersonID,
			"from": string(n.Status), "to": string(to), "reason": reason, "on_behalf": !self}); err != nil {
			return err
		}
		if n.Status.holdsSeat() && !to.holdsSeat() { // a seat was freed
			if promoted, err = s.promote(ctx, act, n.CountryCode, now); err != nil {
				return err
			}
		}
		if err := s.noticeAnswer(ctx, act, n, to, reason, !self); err != nil {
			return err
		}
		out, err = s.st.nomination(ctx, nominationID)
		return err
	})
	return out, promoted, err
}

// promote gives a freed seat of act to the next reserve (same country
// first) while seats are free; the activity's row is locked by the
// caller. It returns the promoted nomination (the zero one when none).
func (s *Service) promote(ctx context.Context, act Activity, country string, now time.Time) (Nomination, error) {
	var taken int
	if err := s.db.QueryRow(ctx, `SELECT count(*) FROM nominations WHERE activity_id = ? AND status IN (?, ?)`,
		act.ID, string(NomSelected), string(NomAccepted)).Scan(&taken); err != nil {
		return Nomination{}, db.Err(err)
	}
	if taken >= act.Capacity {
		return Nomination{}, nil
	}
	res, err := s.st.nominations(ctx, db.Cond{SQL: "n.activity_id = ? AND n.status = ?", Args: []any{act.ID, string(NomReserve)}})
	if err != nil {
		return Nomination{}, err
	}
	entries := make([]ReserveEntry, len(res))
	for i, r := range res {
		entries[i] = ReserveEntry{NominationID: r.ID, Country: r.CountryCode, Rank: r.ReserveRank}
	}
	pick, ok := Promote(country, entries)
	if !ok {
		return Nomination{}, nil
	}
	// The promoted person gets days of their own to answer.
	if _, err := s.db.Exec(ctx, `UPDATE nominations SET status = ?, reserve_rank = 0, respond_by = ?, decided_at = ?, updated_at = ? WHERE id = ? AND status = ?`,
		string(NomSelected), promotedRespondBy(act, now), db.T(&now), db.T(&now), pick.NominationID, string(NomReserve)); err != nil {
		return Nomination{}, err
	}
	if err := s.record(ctx, "nomination", "promote", pick.NominationID, map[string]any{"activity_id": act.ID,
		"reserve_rank": pick.Rank, "seat_of_country": country}); err != nil {
		return Nomination{}, err
	}
	n, err := s.st.nomination(ctx, pick.NominationID)
	if err != nil {
		return Nomination{}, err
	}
	return n, s.noticePromoted(ctx, act, n, now)
}

// Taken is the number of seats held (selected and accepted) on an
// activity, for tests and pages.
func (s *Service) Taken(ctx context.Context, activityID string) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT count(*) FROM nominations WHERE activity_id = ? AND status IN (?, ?)`,
		activityID, string(NomSelected), string(NomAccepted)).Scan(&n)
	return n, db.Err(err)
}

// Nomination returns one nomination the actor may see (as Nominations);
// one they may not is not_found.
func (s *Service) Nomination(ctx context.Context, id string) (Nomination, error) {
	a, err := reader(ctx)
	if err != nil {
		return Nomination{}, err
	}
	if !core.ValidID(id) || onlyObserver(a) {
		return Nomination{}, notFound("nomination")
	}
	vis := nominationVisibility(a)
	list, err := s.st.nominations(ctx, db.Cond{SQL: "n.id = ? AND " + vis.SQL, Args: append([]any{id}, vis.Args...)})
	if err != nil {
		return Nomination{}, err
	}
	if len(list) == 0 {
		return Nomination{}, notFound("nomination")
	}
	if err := s.log.RecordRead(ctx, auditRead("nomination_viewed", "nomination", id, []string{list[0].PersonID})); err != nil {
		return Nomination{}, err
	}
	return list[0], nil
}
