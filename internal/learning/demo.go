package learning

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/module"
	"github.com/topcop-platform/topcop/internal/training"
)

// The learning part of the demo data set (issue 9 item 5): a question
// bank per course; on the activities the training demo delivered, a
// pre-test and a post-test (every fifth as parallel forms A/B), taken
// online by most and on paper in one activity of three; a satisfaction
// survey answered by most participants and the trainer; a follow-up
// survey for those that ended more than three months ago; and completion
// conditions on some. It is written through the Service at the moment
// each step would have happened (Service.At), one transaction per
// activity, after training's demo (module order).
//
// The story the figures tell, drawn from a seeded generator so that every
// load is the same: participants start at about 45 of 100 (advanced and
// specialised courses lower, awareness courses higher), learn about 40%
// of what they did not know (normalised gain, less for those who missed
// days), rate the activities 4 of 5 on most items (organisation a little
// lower online), and two in three apply what they learned months later.

// demoQuestions are the bank every course gets, each written around the
// course's title and first learning outcome.
var demoQuestions = []struct {
	kind    QuestionKind
	text    string
	choices []string
	correct []int
}{
	{KindSingle, "Which source do you consult first for %s?", []string{"Social media rumours", "The case file and national databases", "A newspaper archive", "Nothing: act at once"}, []int{1}},
	{KindTrueFalse, "International cooperation is only needed once an arrest has been made (%s).", []string{"True", "False"}, []int{1}},
	{KindMultiple, "Which of these help to %s?", []string{"A documented chain of custody", "Informal requests without records", "Liaison with Europol or Interpol", "Ignoring data protection rules"}, []int{0, 2}},
	{KindSingle, "Who decides on a request for mutual legal assistance in %s cases?", []string{"The investigating officer alone", "The competent judicial authority", "The suspect's lawyer", "Nobody: it is automatic"}, []int{1}},
	{KindTrueFalse, "Evidence gathered abroad can be used at home only if it was obtained lawfully (%s).", []string{"True", "False"}, []int{0}},
	{KindSingle, "What is the main purpose of a risk assessment in %s?", []string{"To decide the budget", "To prioritise targets and resources", "To replace the investigation", "To inform the press"}, []int{1}},
	{KindMultiple, "Which are indicators worth recording when you %s?", []string{"Patterns across cases", "The officer's personal opinion", "Links between people and money", "Dates and places"}, []int{0, 2, 3}},
	{KindTrueFalse, "Sharing operational data through SIENA needs a handling code (%s).", []string{"True", "False"}, []int{0}},
}

// demoEmpty reports whether learning holds no tests yet.
func demoEmpty(ctx context.Context, env *module.Env) (bool, error) {
	var n int
	err := env.DB.QueryRow(ctx, `SELECT count(*) FROM tests`).Scan(&n)
	return n == 0, err
}

// demoActivity is a demo activity learning measures.
type demoActivity struct {
	id, courseID, level, format string
	status                      training.Status
	startsOn, endsOn            string
}

// loadDemo writes the learning demo data.
func loadDemo(ctx context.Context, env *module.Env, run *module.DemoRun) error {
	svc := module.Use[*Service](env)
	ctx = core.WithActor(ctx, core.SystemActor("demo"))
	now := svc.now()
	banks, err := demoBanks(ctx, svc)
	if err != nil {
		return err
	}
	run.Add("questions", len(banks)*len(demoQuestions))
	acts, err := svc.st.demoActivities(ctx, now.Format(time.DateOnly))
	if err != nil {
		return err
	}
	var counts demoCounts
	for i, a := range acts {
		err := env.DB.Write(ctx, func(ctx context.Context) error {
			return demoMeasure(ctx, svc, a, i, banks[a.courseID], now, &counts)
		})
		if err != nil {
			if e := core.AsError(err); e != nil && len(e.Fields) > 0 {
				return fmt.Errorf("demo learning of activity %s: %w %v", a.id, err, e.Fields)
			}
			return fmt.Errorf("demo learning of activity %s: %w", a.id, err)
		}
		if run.Progress != nil && (i%20 == 19 || i == len(acts)-1) {
			run.Progress(i+1, len(acts))
		}
	}
	run.Add("tests", counts.tests)
	run.Add("test scores", counts.scores)
	run.Add("survey responses", counts.responses)
	return nil
}

type demoCounts struct{ tests, scores, responses int }

// demoBanks writes the question bank of every demo course, as of the
// first day of the project; it returns the question ids by course.
func demoBanks(ctx context.Context, svc *Service) (map[string][]string, error) {
	courses, err := svc.st.demoCourses(ctx)
	if err != nil {
		return nil, err
	}
	past := svc.At(time.Date(2024, 1, 15, 9, 0, 0, 0, time.UTC))
	out := map[string][]string{}
	for _, c := range courses {
		topic := strings.ToLower(c.title)
		if len(c.outcomes) > 0 {
			topic = strings.ToLower(c.outcomes[0][:1]) + c.outcomes[0][1:]
		}
		for k, dq := range demoQuestions {
			subject := topic
			if k%2 == 1 {
				subject = c.title
			}
			choices := make([]Choice, len(dq.choices))
			for j, t := range dq.choices {
				choices[j] = Choice{Texts: map[string]string{"en": t}}
			}
			outcome := ""
			if len(c.outcomes) > 0 {
				outcome = c.outcomes[k%len(c.outcomes)]
			}
			q, err := past.CreateQuestion(ctx, c.id, QuestionInput{Outcome: outcome, Kind: dq.kind,
				Texts: map[string]string{"en": fmt.Sprintf(dq.text, subject)}, Choices: choices, Correct: dq.correct})
			if err != nil {
				return nil, fmt.Errorf("demo question of %s: %w", c.code, err)
			}
			out[c.id] = append(out[c.id], q.ID)
		}
	}
	return out, nil
}

// demoMeasure writes the tests, scores, surveys and conditions of one
// delivered (or running) activity, as far as now allows.
func demoMeasure(ctx context.Context, svc *Service, a demoActivity, i int, bank []string, now time.Time, counts *demoCounts) error {
	rng := rand.New(rand.NewPCG(uint64(i)+1, 0x70c0b))
	start, _ := time.Parse(time.DateOnly, a.startsOn)
	end, _ := time.Parse(time.DateOnly, a.endsOn)
	act, err := svc.training.Activity(ctx, a.id, "")
	if err != nil {
		return err
	}
	seats, err := svc.st.seatHolders(ctx, a.id)
	if err != nil || len(seats) == 0 {
		return err
	}
	people := sortedKeys(seats)
	attendance, err := svc.st.demoAttendance(ctx, a.id)
	if err != nil {
		return err
	}
	days := len(act.Days())
	// Every fifth activity has parallel forms: A and B hold different
	// halves of the bank.
	forms := []string{""}
	if i%5 == 2 {
		forms = []string{"A", "B"}
	}
	paper := i%3 == 1
	setAt := svc.At(start.AddDate(0, 0, -7).Add(10 * time.Hour))
	preOpens, preCloses := start.Add(6*time.Hour), start.Add(12*time.Hour)
	postOpens, postCloses := end.Add(12*time.Hour), end.AddDate(0, 0, 7)
	tests := map[TestKind][]Test{}
	for _, kind := range []TestKind{TestPre, TestPost} {
		opens, closes := preOpens, preCloses
		if kind == TestPost {
			opens, closes = postOpens, postCloses
			if opens.After(now) {
				continue
			}
		}
		for f, form := range forms {
			ids := bank
			if form != "" {
				ids = nil
				for k, id := range bank {
					if k%2 == f {
						ids = append(ids, id)
					}
				}
			}
			t, err := setAt.CreateTest(ctx, a.id, TestInput{Kind: kind, Form: form, OpensAt: opens, ClosesAt: closes, QuestionIDs: ids})
			if err != nil {
				return err
			}
			tests[kind] = append(tests[kind], t)
			counts.tests++
		}
	}
	// What each participant knows before and after: a pre score around
	// 45 (by the course's level) and a normalised gain around 0.4, less
	// for those who missed days.
	base := map[string]float64{"awareness": 55, "basic": 48, "advanced": 40, "specialised": 35}[a.level]
	var paperPre, paperPost []ScoreInput
	for _, p := range people {
		pre := clamp(base + rng.NormFloat64()*14)
		present := attendance[p]
		share := 1.0
		if days > 0 {
			share = float64(present) / float64(days)
		}
		gain := clamp01(0.42*share + rng.NormFloat64()*0.18)
		post := clamp(pre + gain*(100-pre))
		// Those who missed most days mostly skip the post-test; a few
		// skip the pre-test (they arrived late).
		takesPre := rng.IntN(20) != 0
		takesPost := share >= 0.5 || rng.IntN(3) == 0
		// The form each takes (FormFor): one of two when there are two.
		pos, _, err := svc.st.nominationPosition(ctx, a.id, p)
		if err != nil {
			return err
		}
		formOf := func(kind TestKind) int {
			if len(forms) == 2 && FormFor(pos, kind) == "B" {
				return 1
			}
			return 0
		}
		preAt, postAt := preOpens.Add(time.Duration(30+rng.IntN(90))*time.Minute), postOpens.Add(time.Duration(10+rng.IntN(600))*time.Minute)
		takesPre = takesPre && !preAt.After(now)
		takesPost = takesPost && !postAt.After(now) && !postAt.After(postCloses)
		if takesPre {
			if paper {
				paperPre = append(paperPre, ScoreInput{PersonID: p, Score: roundScore(pre)})
			} else if err := demoTake(ctx, svc, tests[TestPre][formOf(TestPre)], p, pre, rng, preAt); err != nil {
				return err
			}
			counts.scores++
		}
		if takesPost && len(tests[TestPost]) > 0 {
			if paper {
				paperPost = append(paperPost, ScoreInput{PersonID: p, Score: roundScore(post)})
			} else if err := demoTake(ctx, svc, tests[TestPost][formOf(TestPost)], p, post, rng, postAt); err != nil {
				return err
			}
			counts.scores++
		}
	}
	// Paper scores are entered in bulk by the trainer's side the day after.
	for kind, scores := range map[TestKind][]ScoreInput{TestPre: paperPre, TestPost: paperPost} {
		if len(scores) == 0 || len(tests[kind]) == 0 {
			continue
		}
		day := preCloses.Add(3 * time.Hour)
		if day.After(now) {
			continue
		}
		if kind == TestPost {
			day = end.AddDate(0, 0, 1).Add(10 * time.Hour)
			if day.After(now) {
				continue
			}
		}
		if _, err := svc.At(day).EnterScores(ctx, tests[kind][0].ID, scores); err != nil {
			return err
		}
	}
	// Every third activity also asks for the post-test and the survey.
	if i%3 == 0 {
		min := 50.0
		if _, err := setAt.SetCompletion(ctx, a.id, CompletionInput{PostTest: true, MinPostScore: &min, Survey: true}); err != nil {
			return err
		}
	}
	n, err := demoSurveys(ctx, svc, act, i, people, attendance, days, end, now, rng)
	counts.responses += n
	return err
}

// demoTake submits participant p's answers to t at `at`, right on about
// score percent of the questions.
func demoTake(ctx context.Context, svc *Service, t Test, p string, score float64, rng *rand.Rand, at time.Time) error {
	qs, err := svc.st.testQuestions(ctx, t)
	if err != nil {
		return err
	}
	right := int(score/100*float64(len(qs)) + rng.Float64())
	answers := map[string][]int{}
	for k, q := range rng.Perm(len(qs)) {
		question := qs[q]
		if k < right {
			answers[question.ID] = question.Correct
			continue
		}
		// A wrong answer: the first choice that is not right alone.
		for c := range question.Choices {
			if !sameSet([]int{c}, question.Correct) {
				answers[question.ID] = []int{c}
				break
			}
		}
	}
	pctx := core.WithActor(ctx, core.Actor{AccountID: "demo", PersonID: p, Email: "demo.participant@example.org",
		Grants: []core.Grant{{Role: core.RoleParticipant}}})
	_, err = svc.At(at).Submit(pctx, t.ID, answers)
	return err
}

// demoSurveys opens and answers the satisfaction survey (and, three
// months on, the follow-up) of act; it returns the responses written.
func demoSurveys(ctx context.Context, svc *Service, act training.Activity, i int, people []string, attendance map[string]int, days int,
	end, now time.Time, rng *rand.Rand) (int, error) {
	opens := end.Add(15 * time.Hour)
	if opens.After(now) {
		return 0, nil
	}
	sat, err := svc.At(opens).OpenSurvey(ctx, act.ID, SurveyInput{Kind: SurveySatisfaction, OpensAt: opens, ClosesAt: end.AddDate(0, 0, satisfactionDays+1)})
	if err != nil {
		return 0, err
	}
	online := act.Online
	likert := func(mean float64) int { return max(1, min(5, int(mean+rng.NormFloat64()*0.8+0.5))) }
	n := 0
	answer := func(s Survey, person, role string, in ResponseInput, at time.Time) error {
		if at.After(now) || !at.Before(s.ClosesAt) {
			return nil
		}
		pctx := core.WithActor(ctx, core.Actor{AccountID: "demo", PersonID: person, Email: "demo.respondent@example.org",
			Grants: []core.Grant{{Role: core.Role(role)}}})
		if err := svc.At(at).Respond(pctx, s.ID, in); err != nil {
			return err
		}
		n++
		return nil
	}
	trainer := map[string]bool{}
	for _, t := range act.Trainers {
		trainer[t.PersonID] = true
	}
	for _, p := range people {
		if trainer[p] || rng.IntN(10) >= 7 || (days > 0 && attendance[p] == 0) {
			continue // three in ten do not answer; those never present neither
		}
		org := 4.1
		if online {
			org = 3.6
		}
		in := ResponseInput{Answers: map[string]int{"relevance": likert(4.2), "objectives": likert(4.0), "trainers": likert(4.3),
			"materials": likert(3.8), "organisation": likert(org), "overall": likert(4.1)}}
		if rng.IntN(3) == 0 {
			in.Texts = map[string]string{"best": demoBest[rng.IntN(len(demoBest))], "improve": demoImprove[rng.IntN(len(demoImprove))]}
		}
		if err := answer(sat, p, RoleParticipant, in, opens.Add(time.Duration(1+rng.IntN(72))*time.Hour)); err != nil {
			return n, err
		}
	}
	for _, t := range act.Trainers {
		in := ResponseInput{Answers: map[string]int{"objectives": likert(4.2), "participants_engaged": likert(4.0), "materials": likert(4.0),
			"organisation": likert(3.9), "overall": likert(4.2)}}
		if err := answer(sat, t.PersonID, RoleTrainer, in, opens.Add(20*time.Hour)); err != nil {
			return n, err
		}
	}
	follow := end.AddDate(0, FollowUpMonths, 0).Add(9 * time.Hour)
	if follow.After(now) || act.Status == training.StatusCancelled {
		return n, nil
	}
	fu, err := svc.At(follow).OpenSurvey(ctx, act.ID, SurveyInput{Kind: SurveyFollowUp, OpensAt: follow, ClosesAt: follow.AddDate(0, 0, followUpDays)})
	if err != nil {
		return n, err
	}
	for _, p := range people {
		if trainer[p] || rng.IntN(2) == 0 || (days > 0 && attendance[p] == 0) {
			continue // half answer a follow-up
		}
		// Two in three apply it: often or sometimes.
		applied := []int{0, 0, 1, 1, 1, 2, 2, 3, 0}[rng.IntN(9)]
		in := ResponseInput{Answers: map[string]int{"applied": applied, "useful_at_work": likert(3.9), "shared": rng.IntN(3) / 2}}
		if applied < 2 && rng.IntN(3) == 0 {
			in.Texts = map[string]string{"example": demoExamples[rng.IntN(len(demoExamples))]}
		}
		if err := answer(fu, p, RoleParticipant, in, follow.Add(time.Duration(2+rng.IntN(400))*time.Hour)); err != nil {
			return n, err
		}
	}
	return n, nil
}

var (
	demoBest     = []string{"The practical exercise on a real case file", "Meeting colleagues from the other partner countries", "The session on international requests", "The trainers' examples from their own investigations"}
	demoImprove  = []string{"More time for the exercises", "Send the materials before the course", "Interpretation was sometimes late", "A follow-up session online"}
	demoExamples = []string{"Used the checklist in a joint investigation with a neighbouring country", "Trained ten colleagues in my unit", "Traced assets abroad in an ongoing case", "Sent a SIENA request for the first time"}
)

func clamp(x float64) float64 { return max(0, min(100, x)) }

func clamp01(x float64) float64 { return max(0, min(1, x)) }

// roundScore is a paper score as a trainer writes it: a whole number.
func roundScore(x float64) float64 { return float64(int(x + 0.5)) }

func sortedKeys(m map[string]string) []string {
	return slices.Sorted(maps.Keys(m))
}

// --- SQL of the demo ---

// demoCourse is what the demo bank needs of a course.
type demoCourse struct {
	id, code, title string
	outcomes        []string
}

// demoCourses are the demo data set's courses, by code.
func (st *store) demoCourses(ctx context.Context) ([]demoCourse, error) {
	rows, err := st.db.Query(ctx, `SELECT id, code, title, outcomes FROM courses WHERE demo = ? ORDER BY code`, true)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []demoCourse
	for rows.Next() {
		var c demoCourse
		var outcomes string
		if err := rows.Scan(&c.id, &c.code, &c.title, &outcomes); err != nil {
			return nil, db.Err(err)
		}
		if err := decode(outcomes, &c.outcomes); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, db.Err(rows.Err())
}

// demoActivities are the demo data set's activities that have started
// by today and were not cancelled, by start.
func (st *store) demoActivities(ctx context.Context, today string) ([]demoActivity, error) {
	rows, err := st.db.Query(ctx, `SELECT a.id, a.course_id, c.level, c.format, a.status, a.starts_on, a.ends_on
		FROM activities a JOIN courses c ON c.id = a.course_id
		WHERE a.demo = ? AND a.starts_on <= ? AND a.status IN (?, ?, ?) ORDER BY a.starts_on, a.id`,
		true, today, string(training.StatusConfirmed), string(training.StatusDelivered), string(training.StatusClosed))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []demoActivity
	for rows.Next() {
		var a demoActivity
		if err := rows.Scan(&a.id, &a.courseID, &a.level, &a.format, &a.status, &a.startsOn, &a.endsOn); err != nil {
			return nil, db.Err(err)
		}
		out = append(out, a)
	}
	return out, db.Err(rows.Err())
}

// demoAttendance is how many days each participant of an activity was
// marked present.
func (st *store) demoAttendance(ctx context.Context, activityID string) (map[string]int, error) {
	rows, err := st.db.Query(ctx, `SELECT person_id, count(*) FROM attendance WHERE activity_id = ? AND present = ? GROUP BY person_id`, activityID, true)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var p string
		var n int
		if err := rows.Scan(&p, &n); err != nil {
			return nil, db.Err(err)
		}
		out[p] = n
	}
	return out, db.Err(rows.Err())
}
