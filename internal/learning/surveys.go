package learning

// Surveys (issue 9 item 3): a satisfaction survey at the end of an
// activity, answered by its participants and its trainers (Kirkpatrick
// level 1), and a follow-up survey some months later, answered by its
// participants: do they apply what they learned on the job (level 3).
//
// The questions are fixed instruments (Instrument), the same for every
// activity, so that the portfolio's figures compare like with like; their
// texts are catalogue messages in the seven languages.
//
// Answers are anonymous: who answered (survey_respondents: for response
// rates and for the completion rule) and what was answered
// (survey_responses: the role and the answers, under a random id with no
// time) are written in one transaction but never linked. Results show
// distributions and free texts, never who wrote what, and to trainers and
// observers only once enough people answered (minAnonymous).

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/training"
)

// SurveyKind says which survey it is.
type SurveyKind string

// The kinds of survey.
const (
	SurveySatisfaction SurveyKind = "satisfaction" // at the end: participants and trainers
	SurveyFollowUp     SurveyKind = "followup"     // months later: participants
)

// Valid reports whether k is a known kind.
func (k SurveyKind) Valid() bool { return k == SurveySatisfaction || k == SurveyFollowUp }

// Respondent roles.
const (
	RoleParticipant = "participant"
	RoleTrainer     = "trainer"
)

// ItemType is how a survey item is answered.
type ItemType string

// The types of survey item.
const (
	ItemLikert ItemType = "likert" // 1 (strongly disagree) to 5 (strongly agree)
	ItemChoice ItemType = "choice" // one of Choices, by index
	ItemText   ItemType = "text"   // free text, optional
)

// SurveyItem is one question of an instrument. Its text is the catalogue
// message learning.survey.item.<key>; a choice's learning.survey.choice.<key>.<choice>.
type SurveyItem struct {
	Key     string   `json:"key"`
	Type    ItemType `json:"type"`
	Choices []string `json:"choices,omitempty" doc:"The choices of a choice item, by index"`
	// Roles who are asked it.
	Roles    []string `json:"roles"`
	Required bool     `json:"required"`
}

// ApplyingChoices are the answers of the follow-up's "applied" item that
// count as applying what was learned (the application rate).
var ApplyingChoices = []int{0, 1}

// Instrument is the fixed list of items of a kind of survey.
func Instrument(k SurveyKind) []SurveyItem {
	both, part, trainer := []string{RoleParticipant, RoleTrainer}, []string{RoleParticipant}, []string{RoleTrainer}
	switch k {
	case SurveySatisfaction:
		return []SurveyItem{
			{Key: "relevance", Type: ItemLikert, Roles: part, Required: true},
			{Key: "objectives", Type: ItemLikert, Roles: both, Required: true},
			{Key: "trainers", Type: ItemLikert, Roles: part, Required: true},
			{Key: "participants_engaged", Type: ItemLikert, Roles: trainer, Required: true},
			{Key: "materials", Type: ItemLikert, Roles: both, Required: true},
			{Key: "organisation", Type: ItemLikert, Roles: both, Required: true},
			{Key: "overall", Type: ItemLikert, Roles: both, Required: true},
			{Key: "best", Type: ItemText, Roles: both},
			{Key: "improve", Type: ItemText, Roles: both},
		}
	case SurveyFollowUp:
		return []SurveyItem{
			{Key: "applied", Type: ItemChoice, Choices: []string{"often", "sometimes", "not_yet", "no_opportunity"}, Roles: part, Required: true},
			{Key: "useful_at_work", Type: ItemLikert, Roles: part, Required: true},
			{Key: "shared", Type: ItemChoice, Choices: []string{"yes", "no"}, Roles: part, Required: true},
			{Key: "example", Type: ItemText, Roles: part},
		}
	}
	return nil
}

// itemsFor are the items of k asked of role.
func itemsFor(k SurveyKind, role string) []SurveyItem {
	var out []SurveyItem
	for _, it := range Instrument(k) {
		if slices.Contains(it.Roles, role) {
			out = append(out, it)
		}
	}
	return out
}

// Validation codes of surveys (messages in learning.validation.<code>).
const (
	CodeNotAsked        = "not_asked"        // an item the survey does not ask of the role
	CodeAlreadyAnswered = "already_answered" // answers are given once
	CodeSurveyNotOpen   = "survey_not_open"
	CodeSurveyClosed    = "survey_closed"
	CodeSurveyTaken     = "survey_taken" // the activity has a survey of this kind
)

// Limits of surveys.
const (
	MaxSurveyText = 2000 // characters of a free-text answer
	// minAnonymous is the fewest responses of a role whose results
	// trainers and observers see: fewer could point at a person.
	minAnonymous = 5
	// surveyMaxDays is the longest window of a survey.
	surveyMaxDays = 92
)

// Survey is one survey of an activity and its window.
type Survey struct {
	ID         string     `json:"id"`
	ActivityID string     `json:"activity_id"`
	Kind       SurveyKind `json:"kind"`
	OpensAt    time.Time  `json:"opens_at"`
	ClosesAt   time.Time  `json:"closes_at"`
	CreatedBy  string     `json:"created_by,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
}

// Open reports whether the window is open at now.
func (s Survey) Open(now time.Time) bool { return !now.Before(s.OpensAt) && now.Before(s.ClosesAt) }

// SurveyInput is a new survey.
type SurveyInput struct {
	Kind     SurveyKind
	OpensAt  time.Time
	ClosesAt time.Time
}

// SurveyView is a survey as a respondent sees it: the items asked of
// their role, and whether they have answered.
type SurveyView struct {
	Survey
	Role     string       `json:"role" doc:"participant or trainer: whose items these are"`
	Items    []SurveyItem `json:"items"`
	Answered bool         `json:"answered"`
	IsOpen   bool         `json:"open" doc:"Whether the window is open now"`
}

// ResponseInput is one respondent's answers: Likert items 1–5 and choice
// items by index in Answers; free texts in Texts.
type ResponseInput struct {
	Answers map[string]int    `json:"answers"`
	Texts   map[string]string `json:"texts,omitempty"`
}

// Distribution is how one item was answered: counts per value (Likert 1–5
// at index 0–4, or per choice), their number and, for Likert, the mean.
type Distribution struct {
	Key    string   `json:"key"`
	Role   string   `json:"role"`
	Counts []int    `json:"counts"`
	N      int      `json:"n"`
	Mean   *float64 `json:"mean,omitempty" doc:"Likert items: the mean of 1–5"`
}

// RoleRate is the response rate of one role: respondents over invited.
type RoleRate struct {
	Role        string  `json:"role"`
	Invited     int     `json:"invited"`
	Respondents int     `json:"respondents"`
	Rate        float64 `json:"rate" doc:"Percent, one decimal"`
}

// SurveyResults are a survey's figures: response rates per role,
// distributions per item and role, free texts (no names, in no
// particular order), and for a follow-up the application rate. Hidden
// says the roles whose answers are withheld from the actor (fewer than
// minAnonymous responses).
type SurveyResults struct {
	Survey          Survey              `json:"survey"`
	Rates           []RoleRate          `json:"rates"`
	Items           []Distribution      `json:"items"`
	Texts           map[string][]string `json:"texts,omitempty" doc:"Free texts by item key; staff and trainers only"`
	ApplicationRate *float64            `json:"application_rate,omitempty" doc:"Follow-up: percent of respondents applying it often or sometimes"`
	ApplicationN    int                 `json:"application_n"`
	Hidden          []string            `json:"hidden,omitempty" doc:"Roles with too few responses to show to this actor"`
}

// --- service ---

// OpenSurvey sets up a survey of an activity: coordinators and admins.
// One survey of each kind per activity. The window may last at most
// surveyMaxDays; a satisfaction survey opens no earlier than the
// activity's first day, a follow-up no earlier than its last. Errors:
// invalid (kind: unknown; opens_at: required, out_of_range; closes_at:
// required, ends_before_start, out_of_range), conflict (kind: survey_taken),
// forbidden, not_found (activity).
func (s *Service) OpenSurvey(ctx context.Context, activityID string, in SurveyInput) (Survey, error) {
	a, err := staffWriter(ctx)
	if err != nil {
		return Survey{}, err
	}
	if !core.ValidID(activityID) {
		return Survey{}, notFound("activity")
	}
	act, err := s.training.Activity(ctx, activityID, "")
	if err != nil {
		return Survey{}, err
	}
	sv := Survey{ID: core.NewID(), ActivityID: act.ID, Kind: in.Kind, OpensAt: in.OpensAt.UTC().Truncate(time.Microsecond),
		ClosesAt: in.ClosesAt.UTC().Truncate(time.Microsecond), CreatedBy: a.Label(), CreatedAt: s.now()}
	if err := validateSurvey(act, sv); err != nil {
		return Survey{}, err
	}
	err = s.db.Write(ctx, func(ctx context.Context) error {
		if err := s.st.insertSurvey(ctx, sv); err != nil {
			return core.ConflictField(err, "kind", CodeSurveyTaken, "the activity already has this survey")
		}
		return s.record(ctx, "survey", "create", sv.ID, map[string]any{"activity_id": act.ID, "kind": string(sv.Kind),
			"opens_at": sv.OpensAt, "closes_at": sv.ClosesAt})
	})
	return sv, err
}

func validateSurvey(act training.Activity, sv Survey) error {
	var v core.Validation
	if !sv.Kind.Valid() {
		v.Add("kind", CodeUnknown)
	}
	switch {
	case sv.OpensAt.IsZero():
		v.Add("opens_at", CodeRequired)
	case sv.ClosesAt.IsZero():
		v.Add("closes_at", CodeRequired)
	case !sv.ClosesAt.After(sv.OpensAt):
		v.Add("closes_at", CodeEndsBefore)
	case sv.ClosesAt.Sub(sv.OpensAt) > surveyMaxDays*24*time.Hour:
		v.Add("closes_at", CodeOutOfRange, strconv.Itoa(surveyMaxDays))
	}
	first := act.StartsOn
	if sv.Kind == SurveyFollowUp {
		first = act.EndsOn
	}
	if day, err := time.Parse(time.DateOnly, first); err == nil && !sv.OpensAt.IsZero() && sv.OpensAt.Before(day.AddDate(0, 0, -1)) {
		// A day of slack for the time zones east of UTC.
		v.Add("opens_at", CodeOutOfRange, first)
	}
	return v.Err()
}

// surveyRole is how an actor stands to a survey: a respondent (as a
// participant or a trainer), a manager who may see everything (staff), a
// reader of results (trainers, observers: anonymous aggregates), or none.
type surveyRole struct {
	respondent string // RoleParticipant, RoleTrainer or ""
	staff      bool
	reader     bool
}

func (s *Service) surveyAccess(ctx context.Context, a core.Actor, surveyID string) (Survey, training.Activity, surveyRole, error) {
	var r surveyRole
	if !core.ValidID(surveyID) {
		return Survey{}, training.Activity{}, r, notFound("survey")
	}
	sv, err := s.st.survey(ctx, surveyID)
	if err != nil {
		return sv, training.Activity{}, r, err
	}
	act, err := s.training.Activity(ctx, sv.ActivityID, "")
	if err != nil {
		return sv, act, r, err
	}
	r.staff = a.IsStaff()
	r.reader = r.staff || a.Has(core.RoleObserver)
	switch {
	case trains(act, a.PersonID):
		r.reader = true
		if sv.Kind == SurveySatisfaction {
			r.respondent = RoleTrainer
		}
	default:
		seat, err := s.st.holdsSeat(ctx, act.ID, a.PersonID)
		if err != nil {
			return sv, act, r, err
		}
		if seat {
			r.respondent = RoleParticipant
		}
	}
	return sv, act, r, nil
}

// Survey returns a survey as its respondent sees it: the items asked of
// their role and whether they answered. Others who may read its results
// get the whole instrument. Errors: not_found (also for anyone who may
// neither answer nor read it), unauthenticated.
func (s *Service) Survey(ctx context.Context, surveyID string) (SurveyView, error) {
	a, err := reader(ctx)
	if err != nil {
		return SurveyView{}, err
	}
	sv, _, r, err := s.surveyAccess(ctx, a, surveyID)
	if err != nil {
		return SurveyView{}, err
	}
	v := SurveyView{Survey: sv, Role: r.respondent, IsOpen: sv.Open(s.now())}
	switch {
	case r.respondent != "":
		v.Items = itemsFor(sv.Kind, r.respondent)
		if v.Answered, err = s.st.answered(ctx, sv.ID, a.PersonID); err != nil {
			return SurveyView{}, err
		}
	case r.reader:
		v.Items = Instrument(sv.Kind)
	default:
		return SurveyView{}, notFound("survey")
	}
	if !r.staff {
		v.CreatedBy = ""
	}
	return v, nil
}

// Respond records the actor's answers to a survey, once: a participant
// of the activity, or for a satisfaction survey one of its trainers,
// inside the window. Who answered and what they answered are written
// apart and not linked. Errors: invalid (status: not_open,
// survey_not_open, survey_closed, already_answered; answers.<key>:
// required, out_of_range, not_asked (an item not asked of the role);
// texts.<key>: too_long, not_asked), forbidden (read-only token),
// not_found (also for staff and observers, who read its results but have
// nothing to answer).
func (s *Service) Respond(ctx context.Context, surveyID string, in ResponseInput) error {
	a, err := writer(ctx)
	if err != nil {
		return err
	}
	return s.db.Write(ctx, func(ctx context.Context) error {
		sv, _, r, err := s.surveyAccess(ctx, a, surveyID)
		if err != nil {
			return err
		}
		if r.respondent == "" {
			// Staff and observers read its results; nobody but its
			// respondents has it to answer.
			return notFound("survey")
		}
		var v core.Validation
		now := s.now()
		answered, err := s.st.answered(ctx, sv.ID, a.PersonID)
		if err != nil {
			return err
		}
		switch {
		case answered:
			v.Add("status", CodeAlreadyAnswered)
		case now.Before(sv.OpensAt):
			v.Add("status", CodeSurveyNotOpen, sv.OpensAt.Format(time.RFC3339))
		case !now.Before(sv.ClosesAt):
			v.Add("status", CodeSurveyClosed, sv.ClosesAt.Format(time.RFC3339))
		}
		if err := v.Err(); err != nil {
			return err
		}
		answers, texts := checkResponse(&v, itemsFor(sv.Kind, r.respondent), in)
		if err := v.Err(); err != nil {
			return err
		}
		ok, err := s.st.markAnswered(ctx, sv.ID, a.PersonID, now)
		if err != nil {
			return err
		}
		if !ok { // a racing second answer
			v.Add("status", CodeAlreadyAnswered)
			return v.Err()
		}
		// A random (not time-ordered) id: the answers carry nothing that
		// orders or dates them.
		if err := s.st.insertResponse(ctx, uuid.NewString(), sv.ID, r.respondent, answers, texts); err != nil {
			return err
		}
		// The audit says who answered which survey, not what.
		return s.record(ctx, "survey", "answer", sv.ID, map[string]any{"person_id": a.PersonID, "role": r.respondent})
	})
}

// checkResponse validates in against items and returns the answers and
// the non-empty texts to keep.
func checkResponse(v *core.Validation, items []SurveyItem, in ResponseInput) (map[string]int, map[string]string) {
	answers, texts := map[string]int{}, map[string]string{}
	byKey := map[string]SurveyItem{}
	for _, it := range items {
		byKey[it.Key] = it
	}
	for k := range in.Answers {
		if it, ok := byKey[k]; !ok || it.Type == ItemText {
			v.Add("answers."+k, CodeNotAsked)
		}
	}
	for k := range in.Texts {
		if it, ok := byKey[k]; !ok || it.Type != ItemText {
			v.Add("texts."+k, CodeNotAsked)
		}
	}
	for _, it := range items {
		switch it.Type {
		case ItemText:
			t := strings.TrimSpace(in.Texts[it.Key])
			if utf8.RuneCountInString(t) > MaxSurveyText {
				v.Add("texts."+it.Key, CodeTooLong, strconv.Itoa(MaxSurveyText))
			} else if t != "" {
				texts[it.Key] = t
			}
		default:
			n, ok := in.Answers[it.Key]
			hi := 5
			if it.Type == ItemChoice {
				hi = len(it.Choices)
			}
			switch {
			case !ok && it.Required:
				v.Add("answers."+it.Key, CodeRequired)
			case !ok:
			case it.Type == ItemLikert && (n < 1 || n > 5), it.Type == ItemChoice && (n < 0 || n >= hi):
				v.Add("answers."+it.Key, CodeOutOfRange, strconv.Itoa(hi))
			default:
				answers[it.Key] = n
			}
		}
	}
	return answers, texts
}

// SurveyResults are a survey's figures as the actor may see them:
// coordinators and admins everything; the activity's trainers and
// observers the rates, and the distributions of each role with at least
// minAnonymous responses (trainers the free texts too, observers not: a
// text may name someone). Errors: not_found (anyone else; a
// participant), unauthenticated.
func (s *Service) SurveyResults(ctx context.Context, surveyID string) (SurveyResults, error) {
	a, err := reader(ctx)
	if err != nil {
		return SurveyResults{}, err
	}
	sv, act, r, err := s.surveyAccess(ctx, a, surveyID)
	if err != nil {
		return SurveyResults{}, err
	}
	if !r.reader {
		return SurveyResults{}, notFound("survey")
	}
	out := SurveyResults{Survey: sv, Items: []Distribution{}}
	if !r.staff {
		out.Survey.CreatedBy = ""
	}
	var responses []storedResponse
	var invited map[string]int
	var respondents map[string]int
	err = s.db.Read(ctx, func(ctx context.Context) error {
		var err error
		if invited, respondents, err = s.st.surveyRates(ctx, sv, act); err != nil {
			return err
		}
		responses, err = s.st.responses(ctx, sv.ID)
		return err
	})
	if err != nil {
		return SurveyResults{}, err
	}
	roles := []string{RoleParticipant}
	if sv.Kind == SurveySatisfaction {
		roles = append(roles, RoleTrainer)
	}
	byRole := map[string][]storedResponse{}
	for _, resp := range responses {
		byRole[resp.role] = append(byRole[resp.role], resp)
	}
	showTexts := r.staff || trains(act, a.PersonID)
	for _, role := range roles {
		rate := RoleRate{Role: role, Invited: invited[role], Respondents: respondents[role]}
		if rate.Invited > 0 {
			rate.Rate = float64(int(float64(rate.Respondents)*1000/float64(rate.Invited)+0.5)) / 10
		}
		out.Rates = append(out.Rates, rate)
		rs := byRole[role]
		if !r.staff && len(rs) < minAnonymous {
			if len(rs) > 0 {
				out.Hidden = append(out.Hidden, role)
			}
			continue
		}
		for _, it := range itemsFor(sv.Kind, role) {
			if it.Type == ItemText {
				if showTexts {
					for _, resp := range rs {
						if t := resp.texts[it.Key]; t != "" {
							if out.Texts == nil {
								out.Texts = map[string][]string{}
							}
							out.Texts[it.Key] = append(out.Texts[it.Key], t)
						}
					}
				}
				continue
			}
			out.Items = append(out.Items, distribution(it, role, rs))
		}
		if sv.Kind == SurveyFollowUp && role == RoleParticipant {
			out.ApplicationRate, out.ApplicationN = applicationRate(rs)
		}
	}
	// Texts in a fixed order that says nothing about who wrote them.
	for k := range out.Texts {
		slices.Sort(out.Texts[k])
	}
	if err := s.log.RecordRead(ctx, audit.Event{Action: "learning.survey_results_read", Entity: "survey", EntityID: sv.ID,
		Details: map[string]any{"responses": len(responses)}}); err != nil {
		return SurveyResults{}, err
	}
	return out, nil
}

func ptr(f float64) *float64 { return &f }

// applicationRate is the percent of the follow-up responses rs whose
// "applied" answer is one of ApplyingChoices, and how many answered it.
func applicationRate(rs []storedResponse) (*float64, int) {
	n, applying := 0, 0
	for _, resp := range rs {
		if a, ok := resp.answers["applied"]; ok {
			n++
			if slices.Contains(ApplyingChoices, a) {
				applying++
			}
		}
	}
	if n == 0 {
		return nil, 0
	}
	return ptr(float64(int(float64(applying)*1000/float64(n)+0.5)) / 10), n
}

// distribution counts the answers of one item by the responses rs.
func distribution(it SurveyItem, role string, rs []storedResponse) Distribution {
	size := 5
	if it.Type == ItemChoice {
		size = len(it.Choices)
	}
	d := Distribution{Key: it.Key, Role: role, Counts: make([]int, size)}
	sum := 0
	for _, resp := range rs {
		n, ok := resp.answers[it.Key]
		if !ok {
			continue
		}
		i := n
		if it.Type == ItemLikert {
			i = n - 1
		}
		if i < 0 || i >= size {
			continue
		}
		d.Counts[i]++
		d.N++
		sum += n
	}
	if it.Type == ItemLikert && d.N > 0 {
		d.Mean = ptr(float64(int(float64(sum)*100/float64(d.N)+0.5)) / 100)
	}
	return d
}

// Surveys lists an activity's surveys for those who may answer or read
// them. Errors: not_found (activity), unauthenticated.
func (s *Service) Surveys(ctx context.Context, activityID string) ([]Survey, error) {
	a, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	if !core.ValidID(activityID) {
		return nil, notFound("activity")
	}
	act, err := s.training.Activity(ctx, activityID, "")
	if err != nil {
		return nil, err
	}
	if !a.IsStaff() && !a.Has(core.RoleObserver) && !trains(act, a.PersonID) {
		seat, err := s.st.holdsSeat(ctx, act.ID, a.PersonID)
		if err != nil {
			return nil, err
		}
		if !seat {
			return nil, notFound("activity")
		}
	}
	list, err := s.st.surveys(ctx, act.ID)
	if err != nil {
		return nil, err
	}
	if !a.IsStaff() {
		for i := range list {
			list[i].CreatedBy = ""
		}
	}
	return list, nil
}
