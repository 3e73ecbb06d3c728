package learning_test

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/learning"
	"github.com/topcop-platform/topcop/internal/training"
)

// --- pure computations ---

// TestNormalisedGain: (post − pre)/(100 − pre), undefined at pre = 100.
func TestNormalisedGain(t *testing.T) {
	for _, tc := range []struct {
		pre, post, want float64
		ok              bool
	}{
		{40, 70, 0.5, true},  // 30 of the 60 points left
		{60, 90, 0.75, true}, // 30 of 40
		{80, 60, -1, true},   // lost 20 of the 20 left to gain
		{0, 100, 1, true},
		{100, 90, 0, false},
		{100, 100, 0, false},
	} {
		got, ok := learning.NormalisedGain(tc.pre, tc.post)
		if ok != tc.ok || math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("NormalisedGain(%v, %v) = %v, %v; want %v, %v", tc.pre, tc.post, got, ok, tc.want, tc.ok)
		}
	}
}

// TestGainStats: the mean of individual gains and the gain of the
// means, by hand.
func TestGainStats(t *testing.T) {
	near := func(p *float64, want float64) bool { return p != nil && math.Abs(*p-want) < 1e-9 }
	t.Run("the two gains differ", func(t *testing.T) {
		// Individual gains 0.5 (40→70) and 0.8 (90→98): mean 0.65.
		// Means: pre 65, post 84: (84 − 65)/(100 − 65) = 19/35.
		g := learning.GainStats([]learning.Pair{{Pre: 40, Post: 70}, {Pre: 90, Post: 98}})
		if g.Pairs != 2 || g.IndividualN != 2 || g.MeanPre != 65 || g.MeanPost != 84 || !near(g.MeanIndividual, 0.65) || !near(g.OfMeans, 19.0/35) {
			t.Errorf("%+v (mean individual %v, of means %v)", g, *g.MeanIndividual, *g.OfMeans)
		}
	})
	t.Run("pre = 100 has no individual gain but counts in the means", func(t *testing.T) {
		// The analytics test's activity: gains 0.5, 0.5, 0.75, 0.5, 0.5
		// and a pair 100 → 90 left out: mean 2.75/5 = 0.55 (n 5). Means
		// over all six: pre 350/6, post 475/6, gain (125/6)/(250/6) = 0.5.
		g := learning.GainStats([]learning.Pair{{40, 70}, {50, 75}, {60, 90}, {80, 90}, {100, 90}, {20, 60}})
		if g.Pairs != 6 || g.IndividualN != 5 || !near(g.MeanIndividual, 0.55) || !near(g.OfMeans, 0.5) || math.Abs(g.MeanPre-350.0/6) > 1e-9 {
			t.Errorf("%+v", g)
		}
	})
	t.Run("every pair at 100", func(t *testing.T) {
		g := learning.GainStats([]learning.Pair{{100, 100}, {100, 80}})
		if g.Pairs != 2 || g.IndividualN != 0 || g.MeanIndividual != nil || g.OfMeans != nil || g.MeanPost != 90 {
			t.Errorf("%+v", g)
		}
	})
	t.Run("no pairs", func(t *testing.T) {
		if g := learning.GainStats(nil); g.Pairs != 0 || g.MeanIndividual != nil || g.OfMeans != nil {
			t.Errorf("%+v", g)
		}
	})
}

// TestSuppress: cells of 1–4 are hidden, and a lone hidden cell takes
// the smallest other non-zero cell with it, so that subtracting the
// visible cells from the total never gives a hidden one back.
func TestSuppress(t *testing.T) {
	for _, tc := range []struct {
		counts []int
		want   []bool
	}{
		{[]int{5, 3, 6}, []bool{true, true, false}},           // 3 hidden, 5 its complement
		{[]int{7, 3, 6}, []bool{false, true, true}},           // the smallest other: 6
		{[]int{2, 3, 9}, []bool{true, true, false}},           // two small cells protect each other
		{[]int{0, 3, 9, 6}, []bool{false, true, false, true}}, // an empty cell is no complement
		{[]int{8, 6, 6}, []bool{false, false, false}},
		{[]int{6, 6, 1}, []bool{true, false, true}}, // equals: the first
		{[]int{4}, []bool{true}},
		{[]int{}, []bool{}},
	} {
		got := learning.Suppress(tc.counts)
		if !slices.Equal(got, tc.want) {
			t.Errorf("Suppress(%v) = %v, want %v", tc.counts, got, tc.want)
		}
		// The attack: total − visible cells (a total of 1–4 is itself
		// suppressed).
		total, visible := 0, 0
		for i, c := range tc.counts {
			total += c
			if !got[i] {
				visible += c
			}
		}
		for i, c := range tc.counts {
			if total < learning.MinCell {
				break
			}
			if got[i] && c > 0 && total-visible == c {
				t.Errorf("Suppress(%v): cell %d (%d) recovered as total %d − visible %d", tc.counts, i, c, total, visible)
			}
		}
	}
}

// --- the seeded world ---

// seat is a participant of the first activity and what they did: the
// days present of 5, scores (−1: none), and the post-test form.
type seat struct {
	country string
	agency  int // index into the agencies: 0 GE police, 1 UA customs, 2 MD police
	sex     directory.Sex
	days    int
	pre     float64
	post    float64
	form    string
}

// act1Seats are the 14 participants of act1: GE 5, UA 3, MD 6; police
// 11, customs 3; female 8, male 5, unspecified 1. Hand-computed:
//   - attendance: rates 100×7, 80×3, 60×2, 40, 0 → 1100/14 = 78.6 (n 14);
//     completed (4 of 5 days): 10 of 14;
//   - pre: 40 (online), 50, 60, 30, 80, 100, 20, 72 → 452/8 = 56.5;
//   - post: 70, 75, 90, 90, 90, 60, 85 → 560/7 = 80.0 (a later form-A
//     score of 10 for #10 does not count: the first does; #3's draft
//     does not count);
//   - pairs #0, 1, 5, 8, 9, 10: pre mean 350/6 = 58.3, post 475/6 =
//     79.2, gain of means 0.5; individual gains 0.5, 0.5, 0.75, 0.5,
//     (pre 100: none), 0.5 → 0.55 (n 5).
var act1Seats = []seat{
	{"GE", 0, directory.SexFemale, 5, 40, 70, "A"}, // #0: the pre-test online
	{"GE", 0, directory.SexFemale, 5, 50, 75, "A"},
	{"GE", 0, directory.SexFemale, 5, 30, -1, ""},
	{"GE", 0, directory.SexMale, 5, -1, -1, ""}, // #3: a draft of the post-test only
	{"GE", 0, directory.SexMale, 4, -1, -1, ""},
	{"UA", 1, directory.SexFemale, 4, 60, 90, "A"},
	{"UA", 1, directory.SexMale, 4, -1, -1, ""},
	{"UA", 1, directory.SexNone, 3, -1, -1, ""},
	{"MD", 2, directory.SexFemale, 3, 80, 90, "A"},
	{"MD", 2, directory.SexFemale, 2, 100, 90, "B"},
	{"MD", 2, directory.SexFemale, 5, 20, 60, "B"}, // #10
	{"MD", 2, directory.SexFemale, 5, 72, -1, ""},
	{"MD", 2, directory.SexMale, 0, -1, -1, ""},
	{"MD", 2, directory.SexMale, 5, -1, 85, "B"},
}

// analyticsWorld is three activities: act1 (course CYB-101: area
// ONLINE, basic, residential; 2030-03-04..08, delivered, trainer Tudor)
// with the 14 of act1Seats and a reserve; act2 (THB-201: MS-THB,
// advanced, webinar; 2030-05-10..11, delivered, trainer Nino) with #0,
// #1 (GE) and #5 (UA): 2 days present each but #5 (1), pre 50, 60, 40
// and post 80, 70; act3 (CYB-101, 2030-06-01..03, confirmed, trainer
// Tudor) with the six of Moldova, no tests.
type analyticsWorld struct {
	e                              *apptest.Env
	coord, obs, ncp, tudor, nino   string // tokens
	participant, analyst           string
	act1, act2, act3               training.Activity
	people                         []directory.Person
	reserve                        directory.Person
	tudorID, ninoID, participantID string
}

func seedAnalytics(t *testing.T, e *apptest.Env) *analyticsWorld {
	t.Helper()
	sys := apptest.SysCtx()
	dir := apptest.Use[*directory.Service](e)
	tr := apptest.Use[*training.Service](e)
	svc := apptest.Use[*learning.Service](e)
	w := &analyticsWorld{e: e}
	agencies := []directory.Agency{
		must[directory.Agency](t)(dir.CreateAgency(sys, directory.AgencyInput{Code: "GE-AN", CountryCode: "GE", Name: "Patrol Police", Type: directory.AgencyPolice})),
		must[directory.Agency](t)(dir.CreateAgency(sys, directory.AgencyInput{Code: "UA-AN", CountryCode: "UA", Name: "State Customs", Type: directory.AgencyCustoms})),
		must[directory.Agency](t)(dir.CreateAgency(sys, directory.AgencyInput{Code: "MD-AN", CountryCode: "MD", Name: "General Police Inspectorate", Type: directory.AgencyPolice})),
	}
	person := func(ag directory.Agency, given, family string, sex directory.Sex) directory.Person {
		t.Helper()
		p, _, err := dir.CreatePerson(sys, directory.PersonInput{AgencyID: ag.ID, GivenName: given, FamilyName: family, Sex: sex})
		if err != nil {
			t.Fatal(err, core.AsError(err).Fields)
		}
		return p
	}
	given := []string{"Ana", "Eka", "Maia", "Giorgi", "Levan", "Olena", "Taras", "Sasha", "Ion", "Maria", "Elena", "Ana", "Vasile", "Mihai"}
	for i, s := range act1Seats {
		w.people = append(w.people, person(agencies[s.agency], given[i], "Seat"+string(rune('a'+i)), s.sex))
	}
	w.reserve = person(agencies[0], "Nodar", "Reserve", directory.SexMale)
	tudor, nino := person(agencies[0], "Tudor", "Rusu", directory.SexMale), person(agencies[0], "Nino", "Beridze", directory.SexFemale)
	w.tudorID, w.ninoID = tudor.ID, nino.ID

	call := tr.At(time.Date(2030, 1, 10, 9, 0, 0, 0, time.UTC))
	cyb := must[training.Course](t)(call.CreateCourse(sys, training.CourseInput{Code: "CYB-101", Title: "Cybercrime investigations",
		Areas: []string{"ONLINE"}, Level: training.LevelBasic, Format: training.FormatResidential, Hours: 40}))
	thb := must[training.Course](t)(call.CreateCourse(sys, training.CourseInput{Code: "THB-201", Title: "Trafficking in human beings",
		Areas: []string{"MS-THB"}, Level: training.LevelAdvanced, Format: training.FormatWebinar, Hours: 8}))
	// activity plans, calls and confirms an activity with people.
	activity := func(in training.ActivityInput, people ...directory.Person) training.Activity {
		t.Helper()
		in.Languages = []string{"en"}
		if !in.Online {
			in.TimeZone, in.City, in.CountryCode = "Europe/Kyiv", "Kyiv", "UA"
		}
		a := must[training.Activity](t)(call.CreateActivity(sys, in))
		must[training.Activity](t)(call.OpenCall(sys, a.ID, training.CallInput{Deadline: time.Date(2030, 2, 1, 12, 0, 0, 0, time.UTC)}))
		for _, p := range people {
			must[training.Nomination](t)(call.Nominate(sys, a.ID, training.NominationInput{PersonID: p.ID}))
		}
		conf := tr.At(time.Date(2030, 2, 2, 9, 0, 0, 0, time.UTC))
		must[training.Activity](t)(conf.CloseCall(sys, a.ID))
		if p := must[training.Proposal](t)(conf.Confirm(sys, a.ID, training.ConfirmInput{})); p.Selected != in.Capacity {
			t.Fatalf("%s: %d selected of %d", in.StartsOn, p.Selected, in.Capacity)
		}
		return a
	}
	w.act1 = activity(training.ActivityInput{CourseID: cyb.ID, StartsOn: "2030-03-04", EndsOn: "2030-03-08", Capacity: 14,
		Seats: map[string]int{"GE": 5, "UA": 3, "MD": 6}, TrainerIDs: []string{tudor.ID}}, append(slices.Clone(w.people), w.reserve)...)
	p := w.people
	w.act2 = activity(training.ActivityInput{CourseID: thb.ID, StartsOn: "2030-05-10", EndsOn: "2030-05-11", Online: true, Capacity: 3,
		Seats: map[string]int{"GE": 2, "UA": 1}, TrainerIDs: []string{nino.ID}}, p[0], p[1], p[5])
	w.act3 = activity(training.ActivityInput{CourseID: cyb.ID, StartsOn: "2030-06-01", EndsOn: "2030-06-03", Capacity: 6,
		Seats: map[string]int{"MD": 6}, TrainerIDs: []string{tudor.ID}}, p[8:]...)

	// Attendance: the first days present, the rest absent (act1) or
	// left unmarked (act2); then both are delivered.
	mark := func(act training.Activity, present map[string]int, absent bool) {
		t.Helper()
		days := act.Days()
		var recs []training.AttendanceRecord
		for id, n := range present {
			for i, d := range days {
				if i < n || absent {
					recs = append(recs, training.AttendanceRecord{PersonID: id, Date: d, Present: i < n})
				}
			}
		}
		end, _ := time.Parse(time.DateOnly, act.EndsOn)
		at := tr.At(end.Add(30 * time.Hour))
		must[int](t)(at.MarkAttendance(sys, act.ID, recs))
		must[training.Activity](t)(at.Move(sys, act.ID, training.StatusDelivered, ""))
	}
	present := map[string]int{}
	for i, s := range act1Seats {
		present[p[i].ID] = s.days
	}
	mark(w.act1, present, true)
	mark(w.act2, map[string]int{p[0].ID: 2, p[1].ID: 2, p[5].ID: 1}, false)

	// Tests and scores.
	var qs []string
	for i := range 5 {
		q := must[learning.Question](t)(svc.CreateQuestion(sys, cyb.ID, learning.QuestionInput{Kind: learning.KindTrueFalse,
			Texts: map[string]string{"en": fmt.Sprintf("Statement %d holds.", i)}, Choices: []learning.Choice{{Texts: map[string]string{"en": "True"}},
				{Texts: map[string]string{"en": "False"}}}, Correct: []int{0}}))
		qs = append(qs, q.ID)
	}
	tq := must[learning.Question](t)(svc.CreateQuestion(sys, thb.ID, learning.QuestionInput{Kind: learning.KindTrueFalse,
		Texts: map[string]string{"en": "Consent is irrelevant."}, Choices: []learning.Choice{{Texts: map[string]string{"en": "True"}},
			{Texts: map[string]string{"en": "False"}}}, Correct: []int{0}}))
	at := func(s string) *learning.Service {
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return svc.At(tm)
	}
	test := func(act training.Activity, kind learning.TestKind, form, opens, closes string, ids ...string) string {
		t.Helper()
		o, _ := time.Parse(time.RFC3339, opens)
		c, _ := time.Parse(time.RFC3339, closes)
		return must[learning.Test](t)(svc.CreateTest(sys, act.ID, learning.TestInput{Kind: kind, Form: form, OpensAt: o, ClosesAt: c, QuestionIDs: ids})).ID
	}
	pre1 := test(w.act1, learning.TestPre, "", "2030-03-04T06:00:00Z", "2030-03-04T18:00:00Z", qs...)
	postA := test(w.act1, learning.TestPost, "A", "2030-03-08T06:00:00Z", "2030-03-10T00:00:00Z", qs...)
	postB := test(w.act1, learning.TestPost, "B", "2030-03-08T06:00:00Z", "2030-03-10T00:00:00Z", qs...)
	pre2 := test(w.act2, learning.TestPre, "", "2030-05-10T06:00:00Z", "2030-05-10T18:00:00Z", tq.ID)
	post2 := test(w.act2, learning.TestPost, "", "2030-05-11T06:00:00Z", "2030-05-12T00:00:00Z", tq.ID)

	// #0 takes the pre-test online: 2 of 5 right is 40; #3 saves a
	// draft of the post-test and never submits.
	accounts := map[int]context.Context{}
	as := func(i int) context.Context {
		if ctx, ok := accounts[i]; ok {
			return ctx
		}
		acc := e.CreateAccount(t, fmt.Sprintf("seat%02d@example.org", i), apptest.RoleGrant(core.RoleParticipant))
		acc = e.LinkPerson(t, acc, p[i].ID)
		accounts[i] = core.WithActor(context.Background(), core.Actor{AccountID: acc.ID, PersonID: p[i].ID, Email: acc.Email, Grants: acc.Grants})
		return accounts[i]
	}
	sub := must[learning.Submission](t)(at("2030-03-04T10:00:00Z").Submit(as(0), pre1, map[string][]int{qs[0]: {0}, qs[1]: {0}, qs[2]: {1}, qs[3]: {1}}))
	if *sub.Score != 40 {
		t.Fatalf("online score %v", *sub.Score)
	}
	must[learning.Submission](t)(at("2030-03-08T14:00:00Z").SaveAnswers(as(3), postA, map[string][]int{qs[0]: {0}}))
	w.participantID = p[0].ID
	w.participant = e.APIToken(t, "seat00@example.org")

	paper := func(when, testID string, scores map[int]float64) {
		t.Helper()
		var in []learning.ScoreInput
		for i, s := range scores {
			in = append(in, learning.ScoreInput{PersonID: p[i].ID, Score: s})
		}
		must[int](t)(at(when).EnterScores(sys, testID, in))
	}
	pres, postsA, postsB := map[int]float64{}, map[int]float64{}, map[int]float64{}
	for i, s := range act1Seats {
		if s.pre >= 0 && i != 0 {
			pres[i] = s.pre
		}
		switch {
		case s.post < 0:
		case s.form == "A":
			postsA[i] = s.post
		default:
			postsB[i] = s.post
		}
	}
	paper("2030-03-04T12:00:00Z", pre1, pres)
	paper("2030-03-08T12:00:00Z", postA, postsA)
	paper("2030-03-08T13:00:00Z", postB, postsB)
	paper("2030-03-09T09:00:00Z", postA, map[int]float64{10: 10}) // a second form, later: the first score counts
	paper("2030-05-10T09:00:00Z", pre2, map[int]float64{0: 50, 1: 60, 5: 40})
	paper("2030-05-11T16:00:00Z", post2, map[int]float64{0: 80, 1: 70})

	// Surveys (see surveyWorld).
	survey := func(act training.Activity, kind learning.SurveyKind, opens, closes string) string {
		t.Helper()
		o, _ := time.Parse(time.RFC3339, opens)
		c, _ := time.Parse(time.RFC3339, closes)
		return must[learning.Survey](t)(svc.OpenSurvey(sys, act.ID, learning.SurveyInput{Kind: kind, OpensAt: o, ClosesAt: c})).ID
	}
	respond := func(when, id string, ctx context.Context, answers map[string]int) {
		t.Helper()
		if err := at(when).Respond(ctx, id, learning.ResponseInput{Answers: answers}); err != nil {
			t.Fatal(err, core.AsError(err).Fields)
		}
	}
	satisfied := func(overall int) map[string]int {
		return map[string]int{"relevance": 4, "objectives": 4, "trainers": 4, "materials": 3, "organisation": 2, "overall": overall}
	}
	sat1 := survey(w.act1, learning.SurveySatisfaction, "2030-03-08T12:00:00Z", "2030-03-20T00:00:00Z")
	for i, overall := range act1Overall {
		respond("2030-03-09T10:00:00Z", sat1, as(i), satisfied(overall))
	}
	tudorCtx := core.WithActor(context.Background(), core.Actor{AccountID: "tudor", PersonID: tudor.ID, Grants: []core.Grant{apptest.RoleGrant(core.RoleTrainer)}})
	respond("2030-03-09T11:00:00Z", sat1, tudorCtx, map[string]int{"objectives": 1, "participants_engaged": 1, "materials": 1, "organisation": 1, "overall": 1})
	fol1 := survey(w.act1, learning.SurveyFollowUp, "2030-06-08T00:00:00Z", "2030-07-08T00:00:00Z")
	for i, applied := range act1Applied {
		respond("2030-06-10T10:00:00Z", fol1, as(i), map[string]int{"applied": applied, "useful_at_work": 4, "shared": 0})
	}
	sat2 := survey(w.act2, learning.SurveySatisfaction, "2030-05-11T12:00:00Z", "2030-05-20T00:00:00Z")
	respond("2030-05-12T10:00:00Z", sat2, as(0), satisfied(4))
	respond("2030-05-12T10:00:00Z", sat2, as(1), satisfied(2))
	// act2 completes only with a post-test score of 75 or more: #1 (70)
	// no longer completes.
	min := 75.0
	must[learning.Completion](t)(svc.SetCompletion(sys, w.act2.ID, learning.CompletionInput{MinPostScore: &min}))

	token := func(email string, r core.Role, personID string) string {
		t.Helper()
		acc := e.CreateAccount(t, email, apptest.RoleGrant(r))
		if personID != "" {
			e.LinkPerson(t, acc, personID)
		}
		return e.APIToken(t, email)
	}
	w.coord = e.APIToken(t, e.AccountFor(t, core.RoleCoordinator).Email)
	w.obs = e.APIToken(t, e.AccountFor(t, core.RoleObserver).Email)
	w.ncp = e.APIToken(t, e.AccountFor(t, core.RoleNCP).Email) // Georgia
	w.analyst = e.APIToken(t, e.AccountFor(t, core.RoleAnalyst).Email)
	w.tudor = token("tudor.rusu@example.org", core.RoleTrainer, tudor.ID)
	w.nino = token("nino.beridze@example.org", core.RoleTrainer, nino.ID)
	return w
}

func (w *analyticsWorld) activity(t *testing.T, token, id string) learning.ActivityAnalytics {
	t.Helper()
	res := w.e.DoJSON(t, http.MethodGet, "/api/v1/analytics/activities/"+id, token, nil)
	apptest.WantStatus(t, res, http.StatusOK)
	var out learning.ActivityAnalytics
	res.JSON(t, &out)
	return out
}

func (w *analyticsWorld) portfolio(t *testing.T, token string, q url.Values) learning.Portfolio {
	t.Helper()
	res := w.e.DoJSON(t, http.MethodGet, "/api/v1/analytics/portfolio?"+q.Encode(), token, nil)
	apptest.WantStatus(t, res, http.StatusOK)
	var out learning.Portfolio
	res.JSON(t, &out)
	return out
}

// figs are the expected figures of a group, with -1 for null.
type figs struct {
	participants, attendanceN, completed, completedN, preN, postN, pairs, gainN int
	attendance, pre, post, matchedPre, matchedPost, gainIndividual, gainOfMeans float64
}

func num(p *int) int {
	if p == nil {
		return -1
	}
	return *p
}

func val(p *float64) float64 {
	if p == nil {
		return -1
	}
	return *p
}

func wantFigures(t *testing.T, where string, f learning.Figures, want figs) {
	t.Helper()
	got := figs{num(f.Participants), num(f.AttendanceN), num(f.Completed), num(f.CompletedN), num(f.PreN), num(f.PostN), num(f.MatchedPairs),
		num(f.GainIndividualN), val(f.AttendanceRate), val(f.PreMean), val(f.PostMean), val(f.MatchedPreMean), val(f.MatchedPostMean),
		val(f.GainMeanIndividual), val(f.GainOfMeans)}
	if got != want {
		t.Errorf("%s:\n got %+v\nwant %+v", where, got, want)
	}
	if n := num(f.GainOfMeansN); n != num(f.MatchedPairs) {
		t.Errorf("%s: gain_of_means_n %d, matched_pairs %d", where, n, num(f.MatchedPairs))
	}
}

// cellsOf is a breakdown as key → count (−1: suppressed).
func cellsOf(cs []learning.Cell) map[string]int {
	out := map[string]int{}
	for _, c := range cs {
		if c.Suppressed != (c.Count == nil) {
			panic(fmt.Sprintf("cell %s: suppressed %v but count %v", c.Key, c.Suppressed, c.Count))
		}
		out[c.Key] = num(c.Count)
	}
	return out
}

func wantCells(t *testing.T, where string, cs []learning.Cell, want map[string]int) {
	t.Helper()
	if got := cellsOf(cs); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s: %v, want %v", where, got, want)
	}
}

var (
	act1Figures = figs{participants: 14, attendanceN: 14, completed: 10, completedN: 14, preN: 8, postN: 7, pairs: 6, gainN: 5,
		attendance: 78.6, pre: 56.5, post: 80, matchedPre: 58.3, matchedPost: 79.2, gainIndividual: 0.55, gainOfMeans: 0.5}
	// act2: rates 100, 100, 50; completed 1 (80% of 2 days is 2 days,
	// and a post-test score of 75: #0 with 80, not #1 with 70); pre 50,
	// 60, 40; post 80, 70; pairs 50→80 (0.6), 60→70 (0.25): mean 0.425;
	// means 55 → 75: 20/45.
	act2Figures = figs{participants: 3, attendanceN: 3, completed: 1, completedN: 3, preN: 3, postN: 2, pairs: 2, gainN: 2,
		attendance: 83.3, pre: 50, post: 75, matchedPre: 55, matchedPost: 75, gainIndividual: 0.425, gainOfMeans: 0.444}
	// act3: confirmed, no tests.
	act3Figures = figs{participants: 6, attendanceN: 0, completed: 0, completedN: 0, preN: 0, postN: 0, pairs: 0, gainN: 0,
		attendance: -1, pre: -1, post: -1, matchedPre: -1, matchedPost: -1, gainIndividual: -1, gainOfMeans: -1}
	// All three: attendance (1100 + 250)/17 = 79.4; completed 11 of
	// 17; pre 602/11 = 54.7; post 710/9 = 78.9; 8 pairs: pre 460/8 =
	// 57.5, post 625/8 = 78.1, gain of means 20.625/42.5 = 0.485;
	// individual (2.75 + 0.85)/7 = 0.514.
	allFigures = figs{participants: 23, attendanceN: 17, completed: 11, completedN: 17, preN: 11, postN: 9, pairs: 8, gainN: 7,
		attendance: 79.4, pre: 54.7, post: 78.9, matchedPre: 57.5, matchedPost: 78.1, gainIndividual: 0.514, gainOfMeans: 0.485}
)

// TestAnalyticsAPI: the figures of a seeded activity and of the
// portfolio against hand-computed values, the filters, bad input, and
// who sees what (staff, trainers, an ncp narrowed to Georgia, an
// observer with small cells suppressed, participants refused), on both
// engines.
func TestAnalyticsAPI(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		w := seedAnalytics(t, e)

		t.Run("activity figures", func(t *testing.T) {
			a := w.activity(t, w.coord, w.act1.ID)
			if a.View != learning.ViewAll || a.CourseCode != "CYB-101" || a.StartsOn != "2030-03-04" || a.Status != training.StatusDelivered || len(a.Suppressed) != 0 {
				t.Errorf("act1: %+v", a)
			}
			wantFigures(t, "act1", a.Figures, act1Figures)
			wantCells(t, "act1 by country", a.Breakdowns.Country, map[string]int{"GE": 5, "MD": 6, "UA": 3})
			wantCells(t, "act1 by agency type", a.Breakdowns.AgencyType, map[string]int{"customs": 3, "police": 11})
			wantCells(t, "act1 by sex", a.Breakdowns.Sex, map[string]int{"female": 8, "male": 5, "unspecified": 1})
			wantFigures(t, "act2", w.activity(t, w.coord, w.act2.ID).Figures, act2Figures)
			wantFigures(t, "act3", w.activity(t, w.coord, w.act3.ID).Figures, act3Figures)
		})

		t.Run("portfolio figures and rows", func(t *testing.T) {
			p := w.portfolio(t, w.coord, nil)
			wantFigures(t, "portfolio", p.Figures, allFigures)
			wantCells(t, "portfolio by country", p.Breakdowns.Country, map[string]int{"GE": 7, "MD": 12, "UA": 4})
			if len(p.Activities) != 3 {
				t.Fatalf("%d rows", len(p.Activities))
			}
			for i, want := range []struct {
				id   string
				figs figs
			}{{w.act1.ID, act1Figures}, {w.act2.ID, act2Figures}, {w.act3.ID, act3Figures}} {
				r := p.Activities[i]
				if r.ActivityID != want.id {
					t.Errorf("row %d: %s", i, r.ActivityID)
				}
				wantFigures(t, "row "+r.StartsOn, r.Figures, want.figs)
			}
			if r := p.Activities[1]; r.CourseCode != "THB-201" || r.CourseTitle != "Trafficking in human beings" || r.EndsOn != "2030-05-11" {
				t.Errorf("act2 row: %+v", r)
			}
		})

		t.Run("filters", func(t *testing.T) {
			for _, tc := range []struct {
				q            string
				participants int
				rows         []string
			}{
				{"area=MS-THB", 3, []string{w.act2.ID}},
				{"area=online", 20, []string{w.act1.ID, w.act3.ID}},
				{"format=webinar", 3, []string{w.act2.ID}},
				{"level=basic", 20, []string{w.act1.ID, w.act3.ID}},
				{"level=specialised", 0, nil},
				{"from=2030-05-01", 9, []string{w.act2.ID, w.act3.ID}},
				{"to=2030-04-30", 14, []string{w.act1.ID}},
				{"from=2030-05-11&to=2030-05-11", 3, []string{w.act2.ID}}, // overlaps the last day
				{"from=2030-03-09&to=2030-05-09", 0, nil},
				{"country=md&level=basic", 12, []string{w.act1.ID, w.act3.ID}},
			} {
				q, _ := url.ParseQuery(tc.q)
				p := w.portfolio(t, w.coord, q)
				var ids []string
				for _, r := range p.Activities {
					ids = append(ids, r.ActivityID)
				}
				if num(p.Participants) != tc.participants || !slices.Equal(ids, tc.rows) {
					t.Errorf("%s: %d participants, rows %v; want %d, %v", tc.q, num(p.Participants), ids, tc.participants, tc.rows)
				}
			}
			// Ukraine: #5, #6, #7 on act1 and #5 on act2. Pre 60 and 40,
			// post 90, one pair 60 → 90 (0.75); attendance 80, 80, 60 and
			// 50 → 67.5; completed #5 and #6 on act1.
			p := w.portfolio(t, w.coord, url.Values{"country": {"UA"}})
			wantFigures(t, "Ukraine", p.Figures, figs{participants: 4, attendanceN: 4, completed: 2, completedN: 4, preN: 2, postN: 1, pairs: 1, gainN: 1,
				attendance: 67.5, pre: 50, post: 90, matchedPre: 60, matchedPost: 90, gainIndividual: 0.75, gainOfMeans: 0.75})
			if p.Filter.Country != "UA" {
				t.Errorf("filter echoed: %+v", p.Filter)
			}
		})

		t.Run("bad filters", func(t *testing.T) {
			for q, want := range map[string][2]string{
				"from=2030-13-01":               {"from", "invalid"},
				"to=yesterday":                  {"to", "invalid"},
				"from=2030-05-01&to=2030-04-01": {"to", "out_of_range"},
				"country=XX":                    {"country", "unknown_country"},
				"country=Georgia":               {"country", "unknown_country"},
				"area=NOPE":                     {"area", "unknown"},
				"format=lecture":                {"format", "invalid"},
				"level=expert":                  {"level", "invalid"},
			} {
				wantField(t, e.DoJSON(t, http.MethodGet, "/api/v1/analytics/portfolio?"+q, w.coord, nil), want[0], want[1])
			}
			apptest.WantStatus(t, e.DoJSON(t, http.MethodGet, "/api/v1/analytics/activities/"+core.NewID(), w.coord, nil), http.StatusNotFound)
			apptest.WantStatus(t, e.DoJSON(t, http.MethodGet, "/api/v1/analytics/activities/not-an-id", w.coord, nil), http.StatusNotFound)
		})

		t.Run("trainers see the activities they deliver", func(t *testing.T) {
			wantFigures(t, "Tudor on act1", w.activity(t, w.tudor, w.act1.ID).Figures, act1Figures)
			apptest.WantStatus(t, e.DoJSON(t, http.MethodGet, "/api/v1/analytics/activities/"+w.act2.ID, w.tudor, nil), http.StatusNotFound)
			p := w.portfolio(t, w.tudor, nil)
			if num(p.Participants) != 20 || len(p.Activities) != 2 || p.Activities[0].ActivityID != w.act1.ID || p.Activities[1].ActivityID != w.act3.ID || p.View != learning.ViewScoped {
				t.Errorf("Tudor's portfolio: %d participants, %+v", num(p.Participants), p.Activities)
			}
			wantFigures(t, "Nino on act2", w.activity(t, w.nino, w.act2.ID).Figures, act2Figures)
			apptest.WantStatus(t, e.DoJSON(t, http.MethodGet, "/api/v1/analytics/activities/"+w.act1.ID, w.nino, nil), http.StatusNotFound)
			if p := w.portfolio(t, w.nino, nil); len(p.Activities) != 1 || p.Activities[0].ActivityID != w.act2.ID {
				t.Errorf("Nino's portfolio: %+v", p.Activities)
			}
		})

		t.Run("an ncp sees their country's participants only", func(t *testing.T) {
			// Georgia on act1: #0–#4, all present 5 days but #4 (4):
			// rate 96, all completed; pre 40, 50, 30; post 70, 75; pairs
			// 40→70, 50→75: gains 0.5, 0.5; means 45 → 72.5: 27.5/55.
			a := w.activity(t, w.ncp, w.act1.ID)
			wantFigures(t, "Georgia on act1", a.Figures, figs{participants: 5, attendanceN: 5, completed: 5, completedN: 5, preN: 3, postN: 2, pairs: 2, gainN: 2,
				attendance: 96, pre: 40, post: 72.5, matchedPre: 45, matchedPost: 72.5, gainIndividual: 0.5, gainOfMeans: 0.5})
			wantCells(t, "Georgia by country", a.Breakdowns.Country, map[string]int{"GE": 5})
			if a.View != learning.ViewScoped {
				t.Errorf("view %s", a.View)
			}
			p := w.portfolio(t, w.ncp, nil)
			wantCells(t, "Georgia's portfolio by country", p.Breakdowns.Country, map[string]int{"GE": 7})
			if num(p.Participants) != 7 || len(p.Activities) != 2 || num(p.Activities[1].Participants) != 2 {
				t.Errorf("Georgia's portfolio: %d participants, %d rows", num(p.Participants), len(p.Activities))
			}
			if p := w.portfolio(t, w.ncp, url.Values{"country": {"UA"}}); num(p.Participants) != 0 || len(p.Activities) != 0 {
				t.Errorf("Georgia's ncp filtering Ukraine: %d participants, %d rows", num(p.Participants), len(p.Activities))
			}
		})

		t.Run("observers see aggregates with small cells suppressed", func(t *testing.T) {
			a := w.activity(t, w.obs, w.act1.ID)
			if a.View != learning.ViewAggregate {
				t.Errorf("view %s", a.View)
			}
			// Completed 10 of 14 leaves 4 who did not; one pair of the
			// six has no gain (pre 100): both suppressed.
			wantFigures(t, "act1 for the observer", a.Figures, figs{participants: 14, attendanceN: 14, completed: -1, completedN: 14, preN: 8, postN: 7, pairs: 6, gainN: -1,
				attendance: 78.6, pre: 56.5, post: 80, matchedPre: 58.3, matchedPost: 79.2, gainIndividual: -1, gainOfMeans: 0.5})
			if !slices.Contains(a.Suppressed, "completed") || !slices.Contains(a.Suppressed, "gain_mean_individual") || slices.Contains(a.Suppressed, "pre_mean") {
				t.Errorf("suppressed %v", a.Suppressed)
			}
			// Ukraine (3) and, as its complement, Georgia (5); customs (3)
			// and police; unspecified (1) and male (5).
			wantCells(t, "act1 by country", a.Breakdowns.Country, map[string]int{"GE": -1, "MD": 6, "UA": -1})
			wantCells(t, "act1 by agency type", a.Breakdowns.AgencyType, map[string]int{"customs": -1, "police": -1})
			wantCells(t, "act1 by sex", a.Breakdowns.Sex, map[string]int{"female": 8, "male": -1, "unspecified": -1})
			// The attack: participants − the visible countries = 14 − 6 =
			// 8, which is Georgia and Ukraine together, not Ukraine's 3.
			full := w.activity(t, w.coord, w.act1.ID)
			for _, b := range []struct {
				name        string
				shown, true []learning.Cell
			}{{"country", a.Breakdowns.Country, full.Breakdowns.Country}, {"agency type", a.Breakdowns.AgencyType, full.Breakdowns.AgencyType},
				{"sex", a.Breakdowns.Sex, full.Breakdowns.Sex}} {
				wantUnrecoverable(t, "act1 by "+b.name, num(a.Participants), cellsOf(b.shown), cellsOf(b.true))
			}

			// act2 has 3 participants: nothing at all.
			small := w.activity(t, w.obs, w.act2.ID)
			wantFigures(t, "act2 for the observer", small.Figures, figs{-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1})
			if !slices.Contains(small.Suppressed, "participants") || len(small.Breakdowns.Country) != 0 {
				t.Errorf("act2: suppressed %v, by country %v", small.Suppressed, small.Breakdowns.Country)
			}

			p := w.portfolio(t, w.obs, nil)
			// Totals: 8 pairs of which 1 without a gain: that gain is
			// suppressed; completed 11 of 17 (6 did not) is shown.
			wantFigures(t, "portfolio for the observer", p.Figures, figs{participants: 23, attendanceN: 17, completed: 11, completedN: 17, preN: 11, postN: 9, pairs: 8, gainN: -1,
				attendance: 79.4, pre: 54.7, post: 78.9, matchedPre: 57.5, matchedPost: 78.1, gainIndividual: -1, gainOfMeans: 0.485})
			wantCells(t, "portfolio by country", p.Breakdowns.Country, map[string]int{"GE": -1, "MD": 12, "UA": -1})
			if len(p.Activities) != 3 {
				t.Fatalf("%d rows", len(p.Activities))
			}
			// act2 (3) is suppressed and so, as its complement, is act3
			// (6): 23 − 14 = 9 is both, not act2's 3.
			if r := p.Activities; num(r[0].Participants) != 14 || r[1].Participants != nil || r[2].Participants != nil {
				t.Errorf("rows' participants: %d, %d, %d", num(r[0].Participants), num(r[1].Participants), num(r[2].Participants))
			}
			if got := num(p.Participants) - num(p.Activities[0].Participants); got == 3 {
				t.Errorf("act2's participants recovered by subtraction: %d", got)
			}
			// Every count column of the rows, against the true values.
			trueRows := w.portfolio(t, w.coord, nil).Activities
			counts := map[string]func(learning.Figures) *int{
				"participants": func(f learning.Figures) *int { return f.Participants }, "attendance_n": func(f learning.Figures) *int { return f.AttendanceN },
				"completed": func(f learning.Figures) *int { return f.Completed }, "completed_n": func(f learning.Figures) *int { return f.CompletedN },
				"pre_n": func(f learning.Figures) *int { return f.PreN }, "post_n": func(f learning.Figures) *int { return f.PostN },
				"matched_pairs": func(f learning.Figures) *int { return f.MatchedPairs }, "gain_individual_n": func(f learning.Figures) *int { return f.GainIndividualN },
			}
			for name, get := range counts {
				shown, truth := map[string]int{}, map[string]int{}
				for i, r := range p.Activities {
					shown[r.ActivityID], truth[r.ActivityID] = num(get(r.Figures)), num(get(trueRows[i].Figures))
				}
				wantUnrecoverable(t, "rows' "+name, num(get(p.Figures)), shown, truth)
			}
			// The country filter gives Ukraine's 4 as a group: suppressed.
			if uk := w.portfolio(t, w.obs, url.Values{"country": {"UA"}}); uk.Participants != nil || uk.PreMean != nil || !slices.Contains(uk.Suppressed, "participants") {
				t.Errorf("Ukraine for the observer: %+v", uk.Figures)
			}
		})

		t.Run("participants and other roles are refused", func(t *testing.T) {
			for _, tok := range []string{w.participant, w.analyst} {
				apptest.WantStatus(t, e.DoJSON(t, http.MethodGet, "/api/v1/analytics/activities/"+w.act1.ID, tok, nil), http.StatusForbidden)
				apptest.WantStatus(t, e.DoJSON(t, http.MethodGet, "/api/v1/analytics/portfolio", tok, nil), http.StatusForbidden)
			}
			apptest.WantStatus(t, e.DoJSON(t, http.MethodGet, "/api/v1/analytics/portfolio", "", nil), http.StatusUnauthorized)
			// The service decides too, whatever the route declares.
			svc := apptest.Use[*learning.Service](e)
			ctx := core.WithActor(context.Background(), core.Actor{AccountID: "x", PersonID: w.participantID, Grants: []core.Grant{apptest.RoleGrant(core.RoleParticipant)}})
			if _, err := svc.Portfolio(ctx, learning.PortfolioFilter{}); !core.IsCode(err, core.Forbidden) {
				t.Errorf("the service let a participant read the portfolio: %v", err)
			}
			if _, err := svc.ActivityAnalytics(ctx, w.act1.ID); !core.IsCode(err, core.Forbidden) {
				t.Errorf("the service let a participant read an activity: %v", err)
			}
		})

		if n := strings.Count(strings.Join(e.AuditActions(t), " "), "learning.analytics_read"); n < 10 {
			t.Errorf("%d analytics reads in the audit log", n)
		}
	})
}

// The survey answers of the seeded world: act1's satisfaction survey
// answered by #0–#11 (overall 5 ×6, 4 ×5, 3 ×1) and by its trainer
// (overall 1, which is not a participant's and never counts); its
// follow-up by #0–#6 ("applied": often, often, sometimes, sometimes,
// not yet, no opportunity, sometimes); act2's satisfaction survey by #0
// (4) and #1 (2).
var (
	act1Overall = []int{5, 5, 5, 5, 5, 5, 4, 4, 4, 4, 4, 3}
	act1Applied = []int{0, 0, 1, 1, 2, 3, 1}
)

// surveyFigs are the expected survey figures of a group, with -1 for
// null, and the distribution's counts of 1 to 5 (nil: none expected).
type surveyFigs struct {
	satN         int
	satMean      float64
	counts       []int
	applicationN int
	application  float64
}

func wantSurveyFigures(t *testing.T, where string, f learning.Figures, want surveyFigs) {
	t.Helper()
	got := surveyFigs{satN: num(f.SatisfactionN), satMean: val(f.SatisfactionMean), applicationN: num(f.ApplicationN), application: val(f.ApplicationRate)}
	if want.counts != nil {
		for i, c := range f.Satisfaction {
			if c.Key != strconv.Itoa(i+1) || c.Suppressed != (c.Count == nil) {
				t.Errorf("%s: satisfaction cell %d: %+v", where, i, c)
			}
			got.counts = append(got.counts, num(c.Count))
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s:\n got %+v\nwant %+v", where, got, want)
	}
}

// TestAnalyticsSurveys: the satisfaction distribution and the follow-up
// application rate per activity and across the portfolio, against
// hand-computed values, for each scope: staff everything, trainers their
// activities (fewer than 5 answers withheld), ncps none (the answers
// carry no country), a country filter all the respondents of the
// activities kept, observers with small counts suppressed and protected
// from subtraction; on both engines.
func TestAnalyticsSurveys(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		w := seedAnalytics(t, e)

		// act1: 12 answers, 53/12 = 4.42; counts 0, 0, 1, 5, 6. Applied:
		// often or sometimes 5 of 7 = 71.4%. The trainer's 1 is not there.
		act1 := surveyFigs{satN: 12, satMean: 4.42, counts: []int{0, 0, 1, 5, 6}, applicationN: 7, application: 71.4}
		// act2: 4 and 2: 3.00; no follow-up (n 0, no rate). act3: none.
		act2 := surveyFigs{satN: 2, satMean: 3, counts: []int{0, 1, 0, 1, 0}, applicationN: 0, application: -1}
		act3 := surveyFigs{satN: 0, satMean: -1, counts: []int{0, 0, 0, 0, 0}, applicationN: 0, application: -1}
		// All: counts 0, 1, 1, 6, 6: 59/14 = 4.21.
		all := surveyFigs{satN: 14, satMean: 4.21, counts: []int{0, 1, 1, 6, 6}, applicationN: 7, application: 71.4}

		t.Run("staff", func(t *testing.T) {
			for _, c := range []struct {
				id   string
				want surveyFigs
			}{{w.act1.ID, act1}, {w.act2.ID, act2}, {w.act3.ID, act3}} {
				a := w.activity(t, w.coord, c.id)
				wantSurveyFigures(t, "activity "+a.StartsOn, a.Figures, c.want)
				if a.SurveyScope != learning.SurveysAll {
					t.Errorf("%s: survey scope %s", a.StartsOn, a.SurveyScope)
				}
			}
			p := w.portfolio(t, w.coord, nil)
			wantSurveyFigures(t, "portfolio", p.Figures, all)
			rows := map[string]surveyFigs{w.act1.ID: act1, w.act2.ID: act2, w.act3.ID: act3}
			for _, r := range p.Activities {
				want := rows[r.ActivityID]
				want.counts = nil // not in the rows
				wantSurveyFigures(t, "row "+r.StartsOn, r.Figures, want)
				if len(r.Satisfaction) != 0 {
					t.Errorf("row %s carries a distribution", r.StartsOn)
				}
			}
			// A country filter keeps the activities Ukraine's participants
			// attended (act1, act2): all their respondents, said so.
			ua := w.portfolio(t, w.coord, url.Values{"country": {"UA"}})
			wantSurveyFigures(t, "Ukraine", ua.Figures, all)
			if ua.SurveyScope != learning.SurveysUnnarrowed {
				t.Errorf("Ukraine: survey scope %s", ua.SurveyScope)
			}
			// act3 alone: no answers.
			wantSurveyFigures(t, "June", w.portfolio(t, w.coord, url.Values{"from": {"2030-06-01"}}).Figures, act3)
		})

		t.Run("trainers", func(t *testing.T) {
			wantSurveyFigures(t, "Tudor on act1", w.activity(t, w.tudor, w.act1.ID).Figures, act1)
			p := w.portfolio(t, w.tudor, nil)
			want := act1
			wantSurveyFigures(t, "Tudor's portfolio", p.Figures, want)
			// Nino's act2 has 2 answers: withheld from its trainer.
			a := w.activity(t, w.nino, w.act2.ID)
			wantSurveyFigures(t, "Nino on act2", a.Figures, surveyFigs{satN: -1, satMean: -1, counts: []int{-1, -1, -1, -1, -1}, applicationN: 0, application: -1})
			if !slices.Contains(a.Suppressed, "satisfaction_n") {
				t.Errorf("Nino on act2: suppressed %v", a.Suppressed)
			}
			wantSurveyFigures(t, "Nino's portfolio", w.portfolio(t, w.nino, nil).Figures, surveyFigs{satN: -1, satMean: -1, applicationN: 0, application: -1})
		})

		t.Run("an ncp gets none", func(t *testing.T) {
			a := w.activity(t, w.ncp, w.act1.ID)
			p := w.portfolio(t, w.ncp, nil)
			for where, f := range map[string]learning.Figures{"activity": a.Figures, "portfolio": p.Figures} {
				if f.SatisfactionN != nil || f.SatisfactionMean != nil || f.Satisfaction != nil || f.ApplicationN != nil || f.ApplicationRate != nil {
					t.Errorf("ncp %s: survey figures %+v", where, f)
				}
			}
			if a.SurveyScope != learning.SurveysWithheld || p.SurveyScope != learning.SurveysWithheld {
				t.Errorf("ncp: survey scopes %s, %s", a.SurveyScope, p.SurveyScope)
			}
			for _, r := range p.Activities {
				if r.SatisfactionN != nil || r.ApplicationN != nil {
					t.Errorf("ncp row %s: %+v", r.StartsOn, r.Figures)
				}
			}
		})

		t.Run("observers", func(t *testing.T) {
			// act1: the 3 (one answer) is small, and with it the smallest
			// other count (5 answers of 4); with counts hidden the mean
			// is too (it would give them back). Applying 5 of 7: the 2
			// who do not are small, so the rate is hidden.
			a := w.activity(t, w.obs, w.act1.ID)
			wantSurveyFigures(t, "act1", a.Figures, surveyFigs{satN: 12, satMean: -1, counts: []int{0, 0, -1, -1, 6}, applicationN: 7, application: -1})
			for _, name := range []string{"satisfaction_mean", "application_rate"} {
				if !slices.Contains(a.Suppressed, name) {
					t.Errorf("act1: %s not named in %v", name, a.Suppressed)
				}
			}
			// act2 (3 participants): nothing.
			wantSurveyFigures(t, "act2", w.activity(t, w.obs, w.act2.ID).Figures, surveyFigs{satN: -1, satMean: -1, counts: []int{-1, -1, -1, -1, -1},
				applicationN: -1, application: -1})
			// The portfolio: counts 0, 1, 1, 6, 6: the two small ones
			// protect each other; the mean goes with them.
			p := w.portfolio(t, w.obs, nil)
			wantSurveyFigures(t, "portfolio", p.Figures, surveyFigs{satN: 14, satMean: -1, counts: []int{0, -1, -1, 6, 6}, applicationN: 7, application: -1})
			// Rows: act2's 2 answers are hidden with the row, so act1's 12
			// are too (14 − 12 would give act2's 2 back).
			for _, r := range p.Activities {
				if r.SatisfactionN != nil {
					t.Errorf("observer row %s: satisfaction n %d", r.StartsOn, *r.SatisfactionN)
				}
			}
		})
	})
}

// wantUnrecoverable checks that no suppressed cell (−1 in shown) of a
// breakdown of total can be worked out by subtracting the visible cells
// from the total: it fails when the remainder equals a suppressed
// cell's true value while that cell is not zero.
func wantUnrecoverable(t *testing.T, where string, total int, shown, truth map[string]int) {
	t.Helper()
	if total < 0 {
		return // the total itself is suppressed
	}
	rest := total
	for k, v := range shown {
		if v >= 0 {
			rest -= v
			if v != truth[k] {
				t.Errorf("%s: %s shown as %d, is %d", where, k, v, truth[k])
			}
		}
	}
	for k, v := range shown {
		if v < 0 && truth[k] > 0 && truth[k] == rest {
			t.Errorf("%s: suppressed %s (%d) recovered as the total %d minus the visible cells", where, k, truth[k], total)
		}
	}
}

// --- performance ---

// BenchmarkPortfolioAnalytics: the portfolio over delivered activities
// seeded in bulk, on each engine: "small" is 60 activities of 50
// participants; "x10" and "x100" (skipped with -short) are the size of
// the demo ×10 and ×100: 420 and 4,200 activities of 19 (at ×100, 79,800
// seats, 239,400 attendance marks, 159,600 scores, about 80,000 survey
// answers). Each size measures:
//   - cold: a new Service each time, its caches empty, so the scope's
//     base is read (the database path);
//   - filter: the base cached, a filter never asked before each time
//     (the computation over the cached base);
//   - cached: the same filter again (a hit);
//   - observer: an observer's filter never asked before (the computation
//     with every suppression);
//   - page: the portfolio page over HTTP for a coordinator, a filter
//     never asked before each time.
func BenchmarkPortfolioAnalytics(b *testing.B) {
	for _, engine := range dbtest.Engines {
		b.Run(engine, func(b *testing.B) {
			for _, size := range []struct {
				name              string
				activities, seats int
			}{{"small", 60, 50}, {"x10", 420, 19}, {"x100", 4200, 19}} {
				b.Run(size.name, func(b *testing.B) {
					if size.name == "x100" && testing.Short() {
						b.Skip("the ×100 seed takes a while")
					}
					e := apptest.New(b, engine)
					seedAnalyticsBulk(b, e, size.activities, size.seats)
					benchPortfolio(b, e)
				})
			}
		})
	}
}

func benchPortfolio(b *testing.B, e *apptest.Env) {
	svc := apptest.Use[*learning.Service](e)
	actor := func(r core.Role) context.Context {
		return core.WithActor(context.Background(), core.Actor{AccountID: e.AccountFor(b, r).ID, Grants: []core.Grant{apptest.RoleGrant(r)}})
	}
	coord, obs := actor(core.RoleCoordinator), actor(core.RoleObserver)
	// Every write (accounts, the sign-in) before the first figures are
	// read: a write makes the cached figures stale, and their reading
	// again in the background would run beside the measures.
	c := e.SignIn(b, e.AccountFor(b, core.RoleCoordinator).Email)
	check := func(p learning.Portfolio, err error) {
		if err != nil || num(p.Participants) <= 0 || num(p.MatchedPairs) <= 0 || num(p.SatisfactionN) <= 0 {
			b.Fatalf("portfolio: %v participants, %v", num(p.Participants), err)
		}
	}
	// fresh is a filter asked for the first time: the i-th day from the
	// start of the seeded period.
	day := 0
	fresh := func(country string) learning.PortfolioFilter {
		day++
		return learning.PortfolioFilter{From: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, day%200).Format(time.DateOnly),
			To: "2031-12-31", Country: country}
	}
	b.Run("cold", func(b *testing.B) {
		// A new Service has caches of its own, all empty (dropping the
		// read cache would not do: the analytics answer figures read
		// before a write for a while, and read them again meanwhile).
		log, tr := apptest.Use[*audit.Log](e), apptest.Use[*training.Service](e)
		for b.Loop() {
			check(learning.NewService(e.DB, log, tr).Portfolio(coord, learning.PortfolioFilter{}))
		}
	})
	b.Run("filter", func(b *testing.B) {
		check(svc.Portfolio(coord, learning.PortfolioFilter{}))
		for b.Loop() {
			check(svc.Portfolio(coord, fresh([]string{"", "MD", "GE"}[day%3])))
		}
	})
	b.Run("cached", func(b *testing.B) {
		f := learning.PortfolioFilter{Level: training.LevelBasic}
		check(svc.Portfolio(coord, f))
		for b.Loop() {
			check(svc.Portfolio(coord, f))
		}
	})
	b.Run("observer", func(b *testing.B) {
		check(svc.Portfolio(obs, learning.PortfolioFilter{}))
		for b.Loop() {
			check(svc.Portfolio(obs, fresh("")))
		}
	})
	b.Run("page", func(b *testing.B) {
		c.Get(b, "/learning/analytics")
		for b.Loop() {
			f := fresh("")
			if res := c.Get(b, "/learning/analytics?from="+f.From+"&to="+f.To); res.StatusCode != http.StatusOK {
				b.Fatalf("page: %d", res.StatusCode)
			}
		}
	})
}

// seedAnalyticsBulk writes, directly with multi-row INSERTs (test data
// only: no validation, no audit), activities delivered activities of
// three courses (basic webinars on ONLINE, advanced residential courses
// on MS-THB, specialised online courses on MS-THB) spread over four years
// from 2024, with perActivity seat holders each from the five partner
// countries (police and customs, women and men), attendance on each of
// their 3 days (every fifth person misses one), a pre- and a post-test
// with a paper score for every participant, a satisfaction survey that
// seven in ten answer and a follow-up survey that half answer. Every
// fortieth activity is delivered by one trainer. Courses go through the
// training service.
func seedAnalyticsBulk(tb testing.TB, e *apptest.Env, activities, perActivity int) {
	tb.Helper()
	sys := apptest.SysCtx()
	tr := apptest.Use[*training.Service](e)
	countries := []string{"AM", "AZ", "GE", "MD", "UA"}
	now := time.Now().UTC().Truncate(time.Second)
	ts := db.T(&now)
	var agencies, people, acts, trainers, noms, marks, tests, subs, surveys, responses [][]any
	agencyOf := map[string][2]string{}
	for _, c := range countries {
		ids := [2]string{core.NewID(), core.NewID()}
		agencyOf[c] = ids
		for k, typ := range []directory.AgencyType{directory.AgencyPolice, directory.AgencyCustoms} {
			agencies = append(agencies, []any{ids[k], fmt.Sprintf("BA-%s-%d", c, k), c, "Bench agency " + c, string(typ), "bench agency " + c, "bench", false, ts, ts})
		}
	}
	var courses []string
	for i, in := range []training.CourseInput{
		{Code: "BEN-101", Title: "Bench course", Areas: []string{"ONLINE"}, Level: training.LevelBasic, Format: training.FormatWebinar, Hours: 8},
		{Code: "BEN-201", Title: "Bench course two", Areas: []string{"MS-THB"}, Level: training.LevelAdvanced, Format: training.FormatResidential, Hours: 40},
		{Code: "BEN-301", Title: "Bench course three", Areas: []string{"MS-THB"}, Level: training.LevelSpecialised, Format: training.FormatOnline, Hours: 20},
	} {
		if i > 0 && activities < 10 {
			break
		}
		courses = append(courses, must[training.Course](tb)(tr.CreateCourse(sys, in)).ID)
	}
	trainer := core.NewID()
	people = append(people, []any{trainer, agencyOf["MD"][0], "MD", "Bench", "Trainer", "female", "en", "bench", "bench", false, ts, ts})
	sexes := []string{"female", "male"}
	for i := range activities {
		start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, (i*5)%1460)
		id := core.NewID()
		acts = append(acts, []any{id, courses[i%len(courses)], start.Format(time.DateOnly), start.AddDate(0, 0, 2).Format(time.DateOnly), "UTC", "09:00", "17:00",
			true, "en", perActivity, string(training.StatusDelivered), 80, ts, ts})
		if i%40 == 0 {
			trainers = append(trainers, []any{id, trainer})
		}
		days := []string{start.Format(time.DateOnly), start.AddDate(0, 0, 1).Format(time.DateOnly), start.AddDate(0, 0, 2).Format(time.DateOnly)}
		pre, post, sat, fol := core.NewID(), core.NewID(), core.NewID(), core.NewID()
		tests = append(tests, []any{pre, id, "pre", "", ts, ts, "bench", ts}, []any{post, id, "post", "", ts, ts, "bench", ts})
		surveys = append(surveys, []any{sat, id, string(learning.SurveySatisfaction), ts, ts, "bench", ts})
		if i%2 == 0 {
			surveys = append(surveys, []any{fol, id, string(learning.SurveyFollowUp), ts, ts, "bench", ts})
		}
		for j := range perActivity {
			c := countries[j%len(countries)]
			pid := core.NewID()
			people = append(people, []any{pid, agencyOf[c][j/5%2], c, "Bench", fmt.Sprintf("Person%d-%d", i, j), sexes[j%2], "en", "bench", "bench", false, ts, ts})
			noms = append(noms, []any{core.NewID(), id, pid, c, j + 1, string(training.NomSelected), "bench", ts, ts})
			for k, d := range days {
				marks = append(marks, []any{id, pid, d, !(j%5 == 0 && k == 0), "bench", ts})
			}
			preScore := float64((i*7 + j*13) % 90)
			subs = append(subs, []any{core.NewID(), pre, pid, "{}", preScore, ts, "paper", "bench", ts, ts},
				[]any{core.NewID(), post, pid, "{}", preScore + float64(j%11), ts, "paper", "bench", ts, ts})
			if (i+j)%10 < 7 {
				responses = append(responses, []any{core.NewID(), sat, learning.RoleParticipant,
					fmt.Sprintf(`{"materials":4,"objectives":4,"organisation":3,"overall":%d,"relevance":5,"trainers":4}`, 1+(i+3*j)%5), "{}"})
			}
			if i%2 == 0 && (i+j)%2 == 0 {
				responses = append(responses, []any{core.NewID(), fol, learning.RoleParticipant, fmt.Sprintf(`{"applied":%d,"shared":0,"useful_at_work":4}`, (i+j)%4), "{}"})
			}
		}
	}
	ctx := context.Background()
	err := e.DB.Write(ctx, func(ctx context.Context) error {
		for _, t := range []struct {
			table, cols string
			rows        [][]any
		}{
			{"agencies", "id, code, country_code, name, type, sort_name, search, demo, created_at, updated_at", agencies},
			{"people", "id, agency_id, country_code, given_name, family_name, sex, languages, sort_name, search, demo, created_at, updated_at", people},
			{"activities", "id, course_id, starts_on, ends_on, time_zone, day_starts, day_ends, online, languages, capacity, status, completion_rate, created_at, updated_at", acts},
			{"activity_trainers", "activity_id, person_id", trainers},
			{"nominations", "id, activity_id, person_id, country_code, priority, status, nominated_by, created_at, updated_at", noms},
			{"attendance", "activity_id, person_id, day, present, marked_by, marked_at", marks},
			{"tests", "id, activity_id, kind, form, opens_at, closes_at, created_by, created_at", tests},
			{"submissions", "id, test_id, person_id, answers, score, submitted_at, source, entered_by, created_at, updated_at", subs},
			{"surveys", "id, activity_id, kind, opens_at, closes_at, created_by, created_at", surveys},
			{"survey_responses", "id, survey_id, role, answers, texts", responses},
		} {
			if err := bulkInsert(ctx, e.DB, t.table, t.cols, t.rows); err != nil {
				return fmt.Errorf("seed %s: %w", t.table, err)
			}
		}
		return nil
	})
	if err == nil {
		err = e.DB.RefreshStatistics(ctx)
	}
	if err != nil {
		tb.Fatal(err)
	}
}

// bulkInsert inserts rows (all as wide as cols) 500 at a time, well under
// both engines' limits on placeholders.
func bulkInsert(ctx context.Context, d *db.DB, table, cols string, rows [][]any) error {
	for len(rows) > 0 {
		k := min(500, len(rows))
		one := "(" + db.Placeholders(len(rows[0])) + ")"
		args := make([]any, 0, k*len(rows[0]))
		for _, r := range rows[:k] {
			args = append(args, r...)
		}
		if _, err := d.Exec(ctx, "INSERT INTO "+table+" ("+cols+") VALUES "+strings.TrimSuffix(strings.Repeat(one+", ", k), ", "), args...); err != nil {
			return err
		}
		rows = rows[k:]
	}
	return nil
}
