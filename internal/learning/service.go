// Package learning is the question banks and tests of issue 9: items per
// course tied to its learning outcomes, in several languages; a pre- and
// a post-test per activity taken in the platform inside a time window
// (saved as the participant goes, submitted once, scored automatically)
// or on paper (scores entered in bulk by the trainers); results scoped to
// who may see them. The correct answers never reach a participant before
// they submitted: what they read is Item, a type without them.
package learning

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/training"
)

// Service is learning's one entry point: it authorizes, validates, runs
// each write in a transaction and records the audit trail. It reads
// courses and activities through training's Service.
type Service struct {
	db       *db.DB
	log      *audit.Log
	st       *store
	training *training.Service
	now      func() time.Time
}

// NewService returns the learning service over d, auditing to log,
// reading courses and activities through tr.
func NewService(d *db.DB, log *audit.Log, tr *training.Service) *Service {
	return &Service{db: d, log: log, st: &store{db: d}, training: tr, now: db.Now}
}

// At returns the service as it would act at t (windows, timestamps), for
// tests and the demo data. Never for requests.
func (s *Service) At(t time.Time) *Service {
	c := *s
	c.now = func() time.Time { return t.UTC().Truncate(time.Microsecond) }
	return &c
}

// --- authorization ---

func reader(ctx context.Context) (core.Actor, error) {
	a := core.ActorFrom(ctx)
	if !a.Authenticated() {
		return a, core.Errorf(core.Unauthenticated, "sign in first")
	}
	return a, nil
}

func writer(ctx context.Context) (core.Actor, error) {
	a, err := reader(ctx)
	if err == nil && a.ReadOnly {
		err = core.Errorf(core.Forbidden, "this token is read-only")
	}
	return a, err
}

func staffWriter(ctx context.Context) (core.Actor, error) {
	a, err := writer(ctx)
	if err == nil && !a.IsStaff() {
		err = core.Errorf(core.Forbidden, "only coordinators manage question banks and tests")
	}
	return a, err
}

// trains reports whether personID delivers act.
func trains(act training.Activity, personID string) bool {
	return core.ValidID(personID) && slices.ContainsFunc(act.Trainers, func(t training.Trainer) bool { return t.PersonID == personID })
}

// takes reports whether personID takes t: a test of one form, or the
// form FormFor assigns them.
func (s *Service) takes(ctx context.Context, t Test, personID string) (bool, error) {
	if t.Form == "" {
		return true, nil
	}
	pos, ok, err := s.st.nominationPosition(ctx, t.ActivityID, personID)
	if err != nil || !ok {
		return false, err
	}
	return FormFor(pos, t.Kind) == t.Form, nil
}

// cmpErr is err when there is one, else otherwise.
func cmpErr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}

func notFound(what string) error { return core.Errorf(core.NotFound, "%s not found", what) }

func (s *Service) record(ctx context.Context, entity, action, id string, details map[string]any) error {
	return s.log.Record(ctx, audit.Event{Action: "learning." + entity + "." + action, Entity: entity, EntityID: id, Details: details})
}

// --- questions ---

// CreateQuestion adds a question to a course's bank: coordinators and
// admins. Errors: invalid with field errors (kind: unknown; texts.en:
// required; choices: choice_count; correct: required, out_of_range,
// duplicate, correct_count; outcome: unknown, too_long), forbidden,
// not_found (course).
func (s *Service) CreateQuestion(ctx context.Context, courseID string, in QuestionInput) (Question, error) {
	if _, err := staffWriter(ctx); err != nil {
		return Question{}, err
	}
	if !core.ValidID(courseID) {
		return Question{}, notFound("course")
	}
	c, err := s.training.Course(ctx, courseID)
	if err != nil {
		return Question{}, err
	}
	in.normalize()
	var v core.Validation
	in.validate(&v, c.Outcomes)
	if err := v.Err(); err != nil {
		return Question{}, err
	}
	now := s.now()
	q := Question{ID: core.NewID(), CourseID: c.ID, Outcome: in.Outcome, Kind: in.Kind, Texts: in.Texts, Choices: in.Choices,
		Correct: slices.Sorted(slices.Values(in.Correct)), CreatedAt: now, UpdatedAt: now}
	err = s.db.Write(ctx, func(ctx context.Context) error {
		if err := s.st.insertQuestion(ctx, q); err != nil {
			return err
		}
		return s.record(ctx, "question", "create", q.ID, map[string]any{"course_id": c.ID, "kind": string(q.Kind), "choices": len(q.Choices)})
	})
	return q, err
}

// --- tests ---

// CreateTest adds a pre- or post-test (optionally form A or B) to an
// activity: coordinators and admins. The window must open before it
// closes and close at most 30 days after the activity's last day; the
// questions (1 to 100, no repeats) must be of the activity's course.
// Errors: invalid (kind, form: unknown; closes_at: ends_before_start,
// out_of_range; question_ids: required, too_long, duplicate, unknown,
// other_course; form: taken when the kind has a single form and A or B
// is asked, or the reverse), conflict (kind: taken — the activity has this test),
// forbidden, not_found (activity).
func (s *Service) CreateTest(ctx context.Context, activityID string, in TestInput) (Test, error) {
	a, err := staffWriter(ctx)
	if err != nil {
		return Test{}, err
	}
	if !core.ValidID(activityID) {
		return Test{}, notFound("activity")
	}
	act, err := s.training.Activity(ctx, activityID, "")
	if err != nil {
		return Test{}, err
	}
	t := Test{ID: core.NewID(), ActivityID: act.ID, Kind: in.Kind, Form: in.Form, OpensAt: in.OpensAt.UTC().Truncate(time.Microsecond),
		ClosesAt: in.ClosesAt.UTC().Truncate(time.Microsecond), CreatedBy: a.Label(), CreatedAt: s.now(), QuestionIDs: in.QuestionIDs}
	err = s.db.Write(ctx, func(ctx context.Context) error {
		if err := s.validateTest(ctx, act, t); err != nil {
			return err
		}
		if err := s.st.insertTest(ctx, t); err != nil {
			return core.ConflictField(err, "kind", CodeTaken, "the activity already has this test")
		}
		return s.record(ctx, "test", "create", t.ID, map[string]any{"activity_id": act.ID, "kind": string(t.Kind), "form": t.Form,
			"opens_at": t.OpensAt, "closes_at": t.ClosesAt, "questions": len(t.QuestionIDs)})
	})
	return t, err
}

func (s *Service) validateTest(ctx context.Context, act training.Activity, t Test) error {
	var v core.Validation
	if t.Kind != TestPre && t.Kind != TestPost {
		v.Add("kind", CodeUnknown)
	}
	if t.Form != "" && t.Form != "A" && t.Form != "B" {
		v.Add("form", CodeUnknown)
	} else if mixed, err := s.st.formsMixed(ctx, t); err != nil {
		return err
	} else if mixed {
		// One form, or parallel forms A and B: not both for one kind.
		v.Add("form", CodeTaken)
	}
	switch {
	case t.OpensAt.IsZero():
		v.Add("opens_at", CodeRequired)
	case t.ClosesAt.IsZero():
		v.Add("closes_at", CodeRequired)
	case !t.ClosesAt.After(t.OpensAt):
		v.Add("closes_at", CodeEndsBefore)
	}
	if end, err := time.Parse(time.DateOnly, act.EndsOn); err == nil && t.ClosesAt.After(end.AddDate(0, 0, closeAfterDays+1)) {
		v.Add("closes_at", CodeOutOfRange, end.AddDate(0, 0, closeAfterDays).Format(time.DateOnly))
	}
	switch {
	case len(t.QuestionIDs) == 0:
		v.Add("question_ids", CodeRequired)
	case len(t.QuestionIDs) > MaxQuestions:
		v.Add("question_ids", CodeTooLong, strconv.Itoa(MaxQuestions))
	default:
		seen := map[string]bool{}
		var ids []string
		for _, id := range t.QuestionIDs {
			if !core.ValidID(id) {
				v.Add("question_ids", CodeUnknown, id)
				return v.Err()
			}
			if seen[id] {
				v.Add("question_ids", CodeDuplicate, id)
				return v.Err()
			}
			seen[id] = true
			ids = append(ids, id)
		}
		qs, err := s.st.questionsByID(ctx, ids)
		if err != nil {
			return err
		}
		// The first bad question is reported.
		for _, id := range ids {
			q, ok := qs[id]
			if !ok || q.Archived {
				v.Add("question_ids", CodeUnknown, id)
				break
			}
			if q.CourseID != act.CourseID {
				v.Add("question_ids", CodeOtherCourse, id)
				break
			}
		}
	}
	return v.Err()
}

// testRole is how the actor stands to a test.
type testRole int

const (
	roleNone        testRole = iota
	roleParticipant          // holds a seat on the activity
	roleManager              // staff, or a trainer of the activity
)

// access reads a test and its activity and says how the actor stands to
// it; anyone who is neither staff, a trainer of the activity nor a seat
// holder gets not_found (the test's existence is not theirs to know).
func (s *Service) access(ctx context.Context, a core.Actor, testID string) (Test, training.Activity, testRole, error) {
	if !core.ValidID(testID) {
		return Test{}, training.Activity{}, roleNone, notFound("test")
	}
	t, err := s.st.test(ctx, testID)
	if err != nil {
		return t, training.Activity{}, roleNone, err
	}
	act, err := s.training.Activity(ctx, t.ActivityID, "")
	if err != nil {
		return t, act, roleNone, err
	}
	if a.IsStaff() || trains(act, a.PersonID) {
		return t, act, roleManager, nil
	}
	seat, err := s.st.holdsSeat(ctx, act.ID, a.PersonID)
	if err != nil {
		return t, act, roleNone, err
	}
	if seat {
		return t, act, roleParticipant, nil
	}
	return t, act, roleNone, nil
}

// Test returns a test as the actor may see it: coordinators, admins and
// the activity's trainers with the key (the correct choices); a
// participant (a seat holder) the items without answers and their own
// submission, and the key once they submitted. Errors: not_found (also
// for anyone else), unauthenticated.
func (s *Service) Test(ctx context.Context, testID string) (TestView, error) {
	a, err := reader(ctx)
	if err != nil {
		return TestView{}, err
	}
	t, _, role, err := s.access(ctx, a, testID)
	if err != nil {
		return TestView{}, err
	}
	if role == roleNone {
		return TestView{}, notFound("test")
	}
	qs, err := s.st.testQuestions(ctx, t)
	if err != nil {
		return TestView{}, err
	}
	now := s.now()
	v := TestView{Test: t, Items: make([]Item, len(qs)), Open: !now.Before(t.OpensAt) && now.Before(t.ClosesAt)}
	for i, q := range qs {
		v.Items[i] = q.item()
	}
	if role == roleManager {
		v.Key = qs
		return v, nil
	}
	v.CreatedBy = "" // who set the test is the staff's business
	sub, found, err := s.st.submission(ctx, t.ID, a.PersonID)
	if err != nil {
		return TestView{}, err
	}
	if !found {
		if mine, err := s.takes(ctx, t, a.PersonID); err != nil || !mine {
			return TestView{}, cmpErr(err, notFound("test")) // the other parallel form is not theirs
		}
	}
	if found {
		v.Submission = &sub
		if sub.Submitted() {
			v.Key = qs
		}
	}
	return v, nil
}

// SaveAnswers merges answers into the participant's draft of a test:
// the participant themself (a seat holder), inside the window, before
// submitting. Errors: invalid (status: not_open, window_closed,
// already_submitted; answers: not_in_test, invalid), forbidden (not a
// participant, read-only token), not_found.
func (s *Service) SaveAnswers(ctx context.Context, testID string, answers map[string][]int) (Submission, error) {
	return s.answer(ctx, testID, answers, false)
}

// Submit merges answers into the participant's saved answers, scores
// them and makes the submission final; the result carries the score.
// Once only: a second submission is refused and changes nothing.
// Errors as SaveAnswers.
func (s *Service) Submit(ctx context.Context, testID string, answers map[string][]int) (Submission, error) {
	return s.answer(ctx, testID, answers, true)
}

func (s *Service) answer(ctx context.Context, testID string, answers map[string][]int, submit bool) (Submission, error) {
	a, err := writer(ctx)
	if err != nil {
		return Submission{}, err
	}
	var out Submission
	err = s.db.Write(ctx, func(ctx context.Context) error {
		t, _, role, err := s.access(ctx, a, testID)
		if err != nil {
			return err
		}
		switch role {
		case roleNone:
			return notFound("test")
		case roleManager:
			seat, err := s.st.holdsSeat(ctx, t.ActivityID, a.PersonID)
			if err != nil {
				return err
			}
			if !seat {
				return core.Errorf(core.Forbidden, "only the activity's participants take its tests")
			}
		}
		cur, found, err := s.st.submission(ctx, t.ID, a.PersonID)
		if err != nil {
			return err
		}
		if !found {
			if mine, err := s.takes(ctx, t, a.PersonID); err != nil || !mine {
				return cmpErr(err, notFound("test")) // the other parallel form is not theirs
			}
		}
		now := s.now()
		var v core.Validation
		switch {
		case found && cur.Submitted():
			v.Add("status", CodeAlreadySubmitted)
		case now.Before(t.OpensAt):
			v.Add("status", CodeNotOpen, t.OpensAt.Format(time.RFC3339))
		case !now.Before(t.ClosesAt):
			v.Add("status", CodeWindowClosed, t.ClosesAt.Format(time.RFC3339))
		}
		if err := v.Err(); err != nil {
			return err
		}
		qs, err := s.st.testQuestions(ctx, t)
		if err != nil {
			return err
		}
		checkAnswers(&v, qs, answers)
		if err := v.Err(); err != nil {
			return err
		}
		if !found {
			cur = Submission{TestID: t.ID, PersonID: a.PersonID, Answers: map[string][]int{}}
		}
		for id, chosen := range answers {
			cur.Answers[id] = slices.Sorted(slices.Values(chosen))
		}
		cur.Source, cur.UpdatedAt = SourceOnline, now
		action := "save"
		if submit {
			score := Score(qs, cur.Answers)
			cur.Score, cur.SubmittedAt, action = &score, &now, "submit"
		}
		ok, err := s.st.saveSubmission(ctx, cur, a.Label(), now)
		if err != nil {
			return err
		}
		if !ok {
			v.Add("status", CodeAlreadySubmitted)
			return v.Err()
		}
		details := map[string]any{"test_id": t.ID, "person_id": a.PersonID, "answered": len(cur.Answers)}
		if submit {
			details["score"] = *cur.Score
		}
		out = cur
		return s.record(ctx, "submission", action, t.ID, details)
	})
	return out, err
}

// checkAnswers adds a field error for answers to questions the test does
// not hold, or with choices the question does not have or more than one
// choice to a single-answer question.
func checkAnswers(v *core.Validation, qs []Question, answers map[string][]int) {
	byID := make(map[string]Question, len(qs))
	for _, q := range qs {
		byID[q.ID] = q
	}
	for _, id := range slices.Sorted(maps.Keys(answers)) {
		q, ok := byID[id]
		if !ok {
			v.Add("answers", CodeNotInTest, id)
			continue
		}
		chosen := answers[id]
		if q.Kind != KindMultiple && len(chosen) > 1 {
			v.Add("answers", CodeInvalid, id)
			continue
		}
		seen := map[int]bool{}
		for _, c := range chosen {
			if c < 0 || c >= len(q.Choices) || seen[c] {
				v.Add("answers", CodeInvalid, id)
				break
			}
			seen[c] = true
		}
	}
}

// EnterScores records paper scores (0–100) of a test's participants, all
// or nothing: the activity's trainers, coordinators and admins. A paper
// score counts as the submission (source paper) and may be corrected by
// entering it again; a participant who submitted online keeps that
// score. It returns the number of scores written. Errors: invalid with
// field errors naming the record ("scores[2].score": out_of_range;
// "scores[2].person_id": not_participant, duplicate, already_submitted;
// "scores": required, too_long), forbidden (a trainer of another
// activity, a read-only token), not_found.
func (s *Service) EnterScores(ctx context.Context, testID string, scores []ScoreInput) (int, error) {
	a, err := writer(ctx)
	if err != nil {
		return 0, err
	}
	err = s.db.Write(ctx, func(ctx context.Context) error {
		t, act, role, err := s.access(ctx, a, testID)
		if err != nil {
			return err
		}
		if role != roleManager {
			if role == roleNone && !a.Has(core.RoleTrainer) {
				return notFound("test")
			}
			return core.Errorf(core.Forbidden, "only the activity's trainers and coordinators enter scores")
		}
		var v core.Validation
		switch {
		case len(scores) == 0:
			v.Add("scores", CodeRequired)
		case len(scores) > MaxScores:
			v.Add("scores", CodeTooLong, strconv.Itoa(MaxScores))
		}
		if err := v.Err(); err != nil {
			return err
		}
		seats, err := s.st.seatHolders(ctx, act.ID)
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		for i, r := range scores {
			at := "scores[" + strconv.Itoa(i) + "]."
			if _, ok := seats[r.PersonID]; !ok {
				v.Add(at+"person_id", CodeNotParticipant)
			} else if seen[r.PersonID] {
				v.Add(at+"person_id", CodeDuplicate)
			} else if cur, found, err := s.st.submission(ctx, t.ID, r.PersonID); err != nil {
				return err
			} else if found && cur.Submitted() && cur.Source == SourceOnline {
				v.Add(at+"person_id", CodeAlreadySubmitted)
			}
			seen[r.PersonID] = true
			if r.Score < 0 || r.Score > 100 || r.Score != r.Score {
				v.Add(at+"score", CodeOutOfRange, "100")
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := s.now()
		var entered []map[string]any
		for _, r := range scores {
			score := r.Score
			sub := Submission{TestID: t.ID, PersonID: r.PersonID, Answers: map[string][]int{}, Score: &score, SubmittedAt: &now, Source: SourcePaper}
			if _, err := s.st.saveSubmission(ctx, sub, a.Label(), now); err != nil {
				return err
			}
			entered = append(entered, map[string]any{"person_id": r.PersonID, "score": r.Score})
		}
		return s.record(ctx, "scores", "enter", t.ID, map[string]any{"activity_id": act.ID, "scores": entered})
	})
	if err != nil {
		return 0, err
	}
	return len(scores), nil
}

// resultVisibility is the SQL condition, over nominations n, under which
// a sees a participant's score: staff and the activity's trainers all
// (decided by the caller); an ncp their countries'; anyone their own.
// Observers and everyone else: none.
func resultVisibility(a core.Actor) db.Cond {
	cond := db.Never
	if core.ValidID(a.PersonID) {
		cond = db.Cond{SQL: "n.person_id = ?", Args: []any{a.PersonID}}
	}
	if cs := a.Countries(core.RoleNCP); len(cs) > 0 {
		in := db.In("n.country_code", cs)
		cond = db.Cond{SQL: "(" + cond.SQL + " OR " + in.SQL + ")", Args: append(slices.Clone(cond.Args), in.Args...)}
	}
	return cond
}

// Results lists a test's scores (submitted online or on paper) as the
// actor may see them, by country and name: coordinators, admins and the
// activity's trainers all; an ncp their country's participants; a
// participant their own; others (observers) none. The people listed are
// recorded as a read of personal data. Errors: not_found (bad id),
// unauthenticated.
func (s *Service) Results(ctx context.Context, testID string) (core.List[Result], error) {
	a, err := reader(ctx)
	if err != nil {
		return core.List[Result]{}, err
	}
	t, _, role, err := s.access(ctx, a, testID)
	if err != nil {
		return core.List[Result]{}, err
	}
	vis := resultVisibility(a)
	if role == roleManager {
		vis = db.Always
	}
	var rows []Result
	err = s.db.Read(ctx, func(ctx context.Context) error {
		var err error
		rows, err = s.st.results(ctx, t, vis)
		return err
	})
	if err != nil {
		return core.List[Result]{}, err
	}
	if len(rows) > 0 {
		ids := make([]string, len(rows))
		for i, r := range rows {
			ids[i] = r.PersonID
		}
		if err := s.log.RecordRead(ctx, audit.Event{Action: "learning.results_listed", Entity: "test", EntityID: t.ID,
			Details: map[string]any{"person_ids": ids, "count": len(ids)}}); err != nil {
			return core.List[Result]{}, err
		}
	}
	return core.List[Result]{Items: rows, Total: len(rows)}, nil
}
