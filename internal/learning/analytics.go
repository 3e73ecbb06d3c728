package learning

import (
	"context"
	"maps"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	"weak"

	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/training"
)

// Learning analytics (issue 9 item 4), per activity and across the
// portfolio: who took part (by country, agency type and sex), attendance
// and completion as training defines them (with learning's conditions),
// pre- and post-test means, the normalised gain (post − pre)/(100 − pre)
// on matched pairs, both as the mean of individual gains and as the gain
// of the means (also by country, agency type and sex), the satisfaction
// survey's distribution and the follow-up's application rate, with n
// beside every figure.
//
// Who sees what is decided here (analyticsScope) and enforced in the
// queries: coordinators and admins everything; trainers the activities
// they deliver; an ncp the participants of their countries; observers
// (the donor) everything, aggregated, with small cells suppressed.
//
// A participant is a seat holder (a nomination selected or accepted, as
// training's Participants counts them); a person on two activities
// counts twice in the portfolio. A person's score on a test kind (pre or
// post) is their first submitted score on any form of it (A, B or the
// single form), online or on paper; drafts do not count.
//
// Survey answers are anonymous: they carry a role and no person, so no
// country, agency or sex. The survey figures are therefore those of whole
// activities — the participants' answers to the satisfaction survey's
// "overall" item and to the follow-up's "applied" item — over the
// activities shown (SurveyScope says which):
//   - coordinators, admins and observers: every activity shown; with a
//     country filter, all the respondents of the activities that country's
//     participants attended, not that country's alone ("unnarrowed");
//   - trainers: the activities they deliver (they read those surveys'
//     results already);
//   - an ncp: none ("withheld"). Narrowing to their countries cannot
//     apply to anonymous answers, and showing the whole activities'
//     answers would tell them more than the survey results, which ncps do
//     not read; an ncp who also trains gets those of the activities they
//     deliver ("delivered").

// MinCell is the smallest number of people a figure shown to observers
// may rest on: a cell or figure of 1 to MinCell−1 people is suppressed.
const MinCell = 5

// Views of the analytics: what the actor's scope let through.
const (
	ViewAll       = "all"       // coordinators and admins: every participant
	ViewScoped    = "scoped"    // trainers and ncps: the activities they deliver, their countries' participants
	ViewAggregate = "aggregate" // observers: everyone, small cells suppressed
)

// Survey scopes: whose answers the survey figures are (see above).
const (
	SurveysAll        = "all"        // every respondent of every activity shown
	SurveysUnnarrowed = "unnarrowed" // a country filter is set: every respondent of the activities shown, not that country's alone
	SurveysDelivered  = "delivered"  // an ncp who trains: the activities they deliver only
	SurveysWithheld   = "withheld"   // an ncp: no survey figures
)

// The survey items the analytics read.
const (
	itemOverall = "overall" // satisfaction, Likert 1–5
	itemApplied = "applied" // follow-up, a choice (ApplyingChoices apply)
)

// Figures are the measures of a group of participants. A figure is null
// when nobody it rests on exists (no score, no matched pair, no answer),
// when it is suppressed for an observer (then Suppressed names it), or,
// for the survey figures, when they are withheld (SurveyScope).
type Figures struct {
	Participants       *int     `json:"participants" nullable:"true" doc:"Seat holders (a person on two activities counts twice)"`
	AttendanceRate     *float64 `json:"attendance_rate" nullable:"true" doc:"Mean of the participants' attendance rates (days present over the activity's days, percent), over activities delivered or closed"`
	AttendanceN        *int     `json:"attendance_n" nullable:"true" doc:"Participants of activities delivered or closed (n of attendance_rate)"`
	Completed          *int     `json:"completed" nullable:"true" doc:"Participants who met their activity's completion rule (attendance and the post-test, score and survey conditions it sets)"`
	CompletedN         *int     `json:"completed_n" nullable:"true" doc:"Participants whose completion is decided: activities delivered or closed"`
	PreMean            *float64 `json:"pre_mean" nullable:"true" doc:"Mean pre-test score (0–100)"`
	PreN               *int     `json:"pre_n" nullable:"true" doc:"Participants with a pre-test score"`
	PostMean           *float64 `json:"post_mean" nullable:"true" doc:"Mean post-test score (0–100)"`
	PostN              *int     `json:"post_n" nullable:"true" doc:"Participants with a post-test score"`
	MatchedPairs       *int     `json:"matched_pairs" nullable:"true" doc:"Participants with both a pre- and a post-test score on the same activity"`
	MatchedPreMean     *float64 `json:"matched_pre_mean" nullable:"true" doc:"Mean pre-test score of the matched pairs (n: matched_pairs)"`
	MatchedPostMean    *float64 `json:"matched_post_mean" nullable:"true" doc:"Mean post-test score of the matched pairs (n: matched_pairs)"`
	GainMeanIndividual *float64 `json:"gain_mean_individual" nullable:"true" doc:"Mean of the matched pairs' normalised gains (post − pre)/(100 − pre); pairs with pre = 100 have none and are left out"`
	GainIndividualN    *int     `json:"gain_individual_n" nullable:"true" doc:"Matched pairs with a gain (pre below 100)"`
	GainOfMeans        *float64 `json:"gain_of_means" nullable:"true" doc:"Normalised gain of the matched pairs' means: (matched_post_mean − matched_pre_mean)/(100 − matched_pre_mean)"`
	GainOfMeansN       *int     `json:"gain_of_means_n" nullable:"true" doc:"Matched pairs gain_of_means rests on"`
	SatisfactionMean   *float64 `json:"satisfaction_mean" nullable:"true" doc:"Mean of the participants' answers to the satisfaction survey's overall item, 1 (strongly disagree) to 5 (strongly agree), two decimals"`
	SatisfactionN      *int     `json:"satisfaction_n" nullable:"true" doc:"Participants' answers to the satisfaction survey's overall item (n of satisfaction_mean)"`
	Satisfaction       []Cell   `json:"satisfaction,omitempty" doc:"The distribution of those answers: keys 1 to 5 with their counts (not in the portfolio's rows)"`
	ApplicationRate    *float64 `json:"application_rate" nullable:"true" doc:"Percent of the follow-up survey's respondents who apply what they learned (often or sometimes), one decimal"`
	ApplicationN       *int     `json:"application_n" nullable:"true" doc:"Follow-up respondents who answered whether they apply it (n of application_rate)"`
	Suppressed         []string `json:"suppressed,omitempty" doc:"The figures suppressed (null) because they rest on 1 to 4 people, or would let one be worked out by subtraction"`
}

// Cell is one value of a breakdown and the number of participants with it.
type Cell struct {
	Key        string `json:"key" doc:"Country code, agency type, sex (female, male, unspecified), or a rating 1–5"`
	Count      *int   `json:"count" nullable:"true"`
	Suppressed bool   `json:"suppressed,omitempty" doc:"Observers: the count is hidden (1 to 4 people, or the complement of such a cell)"`
}

// GainCell is the normalised gain of one group's matched pairs, as the
// gain of their means, and their number.
type GainCell struct {
	Key         string   `json:"key" doc:"Country code, agency type, or sex"`
	Pairs       *int     `json:"pairs" nullable:"true" doc:"Matched pairs of the group (n of gain_of_means)"`
	GainOfMeans *float64 `json:"gain_of_means" nullable:"true" doc:"(post mean − pre mean)/(100 − pre mean) of the group's matched pairs; null when the pre mean is 100"`
	Suppressed  bool     `json:"suppressed,omitempty" doc:"Observers: hidden (1 to 4 pairs, or the complement of such a group)"`
}

// Breakdowns count the participants by country (of their seat), by
// agency type and by sex, each by key, and give the gain of each group's
// matched pairs.
type Breakdowns struct {
	Country        []Cell     `json:"by_country"`
	AgencyType     []Cell     `json:"by_agency_type"`
	Sex            []Cell     `json:"by_sex"`
	GainCountry    []GainCell `json:"gain_by_country"`
	GainAgencyType []GainCell `json:"gain_by_agency_type"`
	GainSex        []GainCell `json:"gain_by_sex"`
}

// ActivityAnalytics are the figures of one activity.
type ActivityAnalytics struct {
	ActivityID  string          `json:"activity_id"`
	CourseID    string          `json:"course_id"`
	CourseCode  string          `json:"course_code"`
	CourseTitle string          `json:"course_title"`
	StartsOn    string          `json:"starts_on"`
	EndsOn      string          `json:"ends_on"`
	Status      training.Status `json:"status"`
	View        string          `json:"view" enum:"all,scoped,aggregate" doc:"all: every participant; scoped: those the caller may see (an ncp: their countries'); aggregate: an observer's, small cells suppressed"`
	SurveyScope string          `json:"survey_scope" enum:"all,unnarrowed,delivered,withheld" doc:"Whose answers the survey figures are: all the activity's participants who answered, or none (withheld from ncps)"`
	Figures
	Breakdowns Breakdowns `json:"breakdowns"`
}

// PortfolioFilter narrows the portfolio analytics. Empty fields do not
// filter.
type PortfolioFilter struct {
	From    string          `json:"from,omitempty" doc:"Activities ending on or after this date"`
	To      string          `json:"to,omitempty" doc:"Activities starting on or before this date"`
	Country string          `json:"country,omitempty" doc:"Participants of this country (their seat's)"`
	Area    string          `json:"area,omitempty" doc:"Activities of courses in this crime area"`
	Format  training.Format `json:"format,omitempty"`
	Level   training.Level  `json:"level,omitempty"`
}

// PortfolioRow is one activity of the portfolio with its figures (the
// satisfaction distribution is not in the rows).
type PortfolioRow struct {
	ActivityID  string          `json:"activity_id"`
	CourseCode  string          `json:"course_code"`
	CourseTitle string          `json:"course_title"`
	StartsOn    string          `json:"starts_on"`
	EndsOn      string          `json:"ends_on"`
	Status      training.Status `json:"status"`
	Figures
}

// Portfolio is the figures over every activity the filter keeps (not
// cancelled, with participants the actor may see), with a row per
// activity by start date.
type Portfolio struct {
	Filter      PortfolioFilter `json:"filter"`
	View        string          `json:"view" enum:"all,scoped,aggregate"`
	SurveyScope string          `json:"survey_scope" enum:"all,unnarrowed,delivered,withheld" doc:"Whose answers the survey figures are: all: every respondent of the activities shown; unnarrowed: a country filter is set, but the answers are anonymous and carry no country, so they are those of every respondent of the activities shown; delivered: an ncp who trains gets those of the activities they deliver only; withheld: none (ncps)"`
	Figures
	Breakdowns Breakdowns     `json:"breakdowns"`
	Activities []PortfolioRow `json:"activities"`
}

// --- gains ---

// Pair is a participant's pre- and post-test scores on one activity.
type Pair struct{ Pre, Post float64 }

// NormalisedGain is (post − pre)/(100 − pre); ok is false when pre is
// 100 (or more): nothing was left to gain, and the gain is undefined.
func NormalisedGain(pre, post float64) (g float64, ok bool) {
	if pre >= 100 {
		return 0, false
	}
	return (post - pre) / (100 - pre), true
}

// Gains are the gain figures of matched pairs, unrounded.
type Gains struct {
	Pairs          int
	MeanPre        float64 // of the pairs; 0 when there are none
	MeanPost       float64
	MeanIndividual *float64 // mean of the defined individual gains; nil if none
	IndividualN    int      // pairs with a defined gain (pre < 100)
	OfMeans        *float64 // NormalisedGain(MeanPre, MeanPost); nil without pairs or when MeanPre is 100
}

// GainStats computes the gains of pairs: the mean of the individual
// normalised gains over the pairs that have one (pre below 100), and the
// normalised gain of the pairs' mean scores (all pairs).
func GainStats(pairs []Pair) Gains {
	var acc pairSums
	for _, p := range pairs {
		acc.add(p.Pre, p.Post)
	}
	return acc.gains()
}

// pairSums accumulate matched pairs: everything their gains need, as
// sums, so that groups add up.
type pairSums struct {
	n         int
	pre, post float64
	gain      float64 // sum of the defined individual gains
	gainN     int
}

func (p *pairSums) add(pre, post float64) {
	p.n++
	p.pre += pre
	p.post += post
	if g, ok := NormalisedGain(pre, post); ok {
		p.gain += g
		p.gainN++
	}
}

func (p pairSums) gains() Gains {
	g := Gains{Pairs: p.n, IndividualN: p.gainN}
	if p.n == 0 {
		return g
	}
	n := float64(p.n)
	g.MeanPre, g.MeanPost = p.pre/n, p.post/n
	if p.gainN > 0 {
		m := p.gain / float64(p.gainN)
		g.MeanIndividual = &m
	}
	if x, ok := NormalisedGain(g.MeanPre, g.MeanPost); ok {
		g.OfMeans = &x
	}
	return g
}

// --- suppression ---

// small reports whether a count of n people is too small to show an
// observer (1 to MinCell−1; none is not small).
func small(n int) bool { return n > 0 && n < MinCell }

// Suppress says which cells of a breakdown an observer may not see: the
// small ones (1 to 4 people) and, when exactly one non-zero cell is
// small, the smallest other non-zero cell too (complementary
// suppression), so that the small one cannot be worked out by
// subtracting the others from the total.
func Suppress(counts []int) []bool {
	hidden := make([]bool, len(counts))
	for i, c := range counts {
		hidden[i] = small(c)
	}
	complement(counts, hidden)
	return hidden
}

// complement hides the smallest visible non-zero cell (the first of
// equals) when exactly one hidden cell is non-zero, and reports whether
// it hid one.
func complement(counts []int, hidden []bool) bool {
	n, best := 0, -1
	for i, c := range counts {
		switch {
		case c == 0:
		case hidden[i]:
			n++
		case best < 0 || c < counts[best]:
			best = i
		}
	}
	if n != 1 || best < 0 {
		return false
	}
	hidden[best] = true
	return true
}

// A figureGroup is figures that are shown or hidden together: a count
// and what rests on it.
type figureGroup int

const (
	groupAll              figureGroup = iota // everything: the group is too small
	groupAttendance                          // attendance_rate, attendance_n
	groupCompleted                           // completed
	groupCompletion                          // completed, completed_n
	groupPre                                 // pre_mean, pre_n
	groupPost                                // post_mean, post_n
	groupMatched                             // matched pairs and every gain
	groupGain                                // gain_mean_individual, gain_individual_n
	groupSatisfaction                        // satisfaction_n, satisfaction_mean and the distribution
	groupSatisfactionMean                    // satisfaction_mean
	groupApplication                         // application_rate, application_n
	groupApplicationRate                     // application_rate
)

// hide nulls the figures of g and names them in Suppressed.
func (f *Figures) hide(g figureGroup) {
	var names []string
	switch g {
	case groupAll:
		for _, g := range []figureGroup{groupAttendance, groupCompletion, groupPre, groupPost, groupMatched, groupSatisfaction, groupApplication} {
			f.hide(g)
		}
		f.Participants, names = nil, []string{"participants"}
	case groupAttendance:
		f.AttendanceRate, f.AttendanceN, names = nil, nil, []string{"attendance_rate", "attendance_n"}
	case groupCompleted:
		f.Completed, names = nil, []string{"completed"}
	case groupCompletion:
		f.Completed, f.CompletedN, names = nil, nil, []string{"completed", "completed_n"}
	case groupPre:
		f.PreMean, f.PreN, names = nil, nil, []string{"pre_mean", "pre_n"}
	case groupPost:
		f.PostMean, f.PostN, names = nil, nil, []string{"post_mean", "post_n"}
	case groupMatched:
		f.hide(groupGain)
		f.MatchedPairs, f.MatchedPreMean, f.MatchedPostMean, f.GainOfMeans, f.GainOfMeansN = nil, nil, nil, nil, nil
		names = []string{"matched_pairs", "matched_pre_mean", "matched_post_mean", "gain_of_means", "gain_of_means_n"}
	case groupGain:
		f.GainMeanIndividual, f.GainIndividualN, names = nil, nil, []string{"gain_mean_individual", "gain_individual_n"}
	case groupSatisfaction:
		if f.SatisfactionN == nil && f.Satisfaction == nil {
			return // withheld or never there: nothing to suppress
		}
		f.SatisfactionN, f.SatisfactionMean, names = nil, nil, []string{"satisfaction_n", "satisfaction_mean", "satisfaction"}
		for i := range f.Satisfaction {
			f.Satisfaction[i].Count, f.Satisfaction[i].Suppressed = nil, true
		}
	case groupSatisfactionMean:
		f.SatisfactionMean, names = nil, []string{"satisfaction_mean"}
	case groupApplication:
		if f.ApplicationN == nil {
			return
		}
		f.ApplicationRate, f.ApplicationN, names = nil, nil, []string{"application_rate", "application_n"}
	case groupApplicationRate:
		f.ApplicationRate, names = nil, []string{"application_rate"}
	}
	for _, n := range names {
		if !slices.Contains(f.Suppressed, n) {
			f.Suppressed = append(f.Suppressed, n)
		}
	}
}

// column is a count of the figures, how to tell it is hidden, and the
// group hiding it hides.
type column struct {
	count  func(*tally) int
	hidden func(*Figures) bool
	group  figureGroup
}

// observerColumns are the counts of a table of figures an observer sees:
// each is a breakdown of the total's count by row, protected from
// subtraction like one. A mean hidden while its n shows (satisfaction,
// application) is a column of its own: the total's sum less the visible
// rows' sums would give it back.
var observerColumns = []column{
	{func(t *tally) int { return t.participants }, func(f *Figures) bool { return f.Participants == nil }, groupAll},
	{func(t *tally) int { return t.attendN }, func(f *Figures) bool { return f.AttendanceN == nil }, groupAttendance},
	{func(t *tally) int { return t.completed }, func(f *Figures) bool { return f.Completed == nil }, groupCompleted},
	{func(t *tally) int { return t.completedN }, func(f *Figures) bool { return f.CompletedN == nil }, groupCompletion},
	{func(t *tally) int { return t.preN }, func(f *Figures) bool { return f.PreN == nil }, groupPre},
	{func(t *tally) int { return t.postN }, func(f *Figures) bool { return f.PostN == nil }, groupPost},
	{func(t *tally) int { return t.pairs.n }, func(f *Figures) bool { return f.MatchedPairs == nil }, groupMatched},
	{func(t *tally) int { return t.pairs.gainN }, func(f *Figures) bool { return f.GainIndividualN == nil }, groupGain},
	{func(t *tally) int { return t.survey.satN }, func(f *Figures) bool { return f.SatisfactionN == nil }, groupSatisfaction},
	{func(t *tally) int { return t.survey.satN }, func(f *Figures) bool { return f.SatisfactionMean == nil }, groupSatisfactionMean},
	{func(t *tally) int { return t.survey.appliedN }, func(f *Figures) bool { return f.ApplicationN == nil }, groupApplication},
	{func(t *tally) int { return t.survey.applying }, func(f *Figures) bool { return f.ApplicationRate == nil }, groupApplicationRate},
}

// trainerColumns protect the survey figures a trainer sees: answers of
// fewer than minAnonymous people are not shown (as SurveyResults does),
// nor given away by subtraction from the total.
var trainerColumns = []column{observerColumns[8], observerColumns[10]}

// suppressFigures hides, for an observer, the figures of t that rest on
// 1 to 4 people, and those that would give such a number away by
// subtraction from a figure beside them (completed from completed_n,
// the pairs without a gain from matched_pairs, those who apply from
// application_n). activity says f is one activity's: one of fewer than
// MinCell participants shows nothing. The satisfaction distribution's
// counts are a breakdown (Suppress); with one of them hidden the mean is
// hidden too, or the counts would follow from it.
func suppressFigures(f *Figures, t *tally, activity bool) {
	if small(t.participants) || (activity && t.participants < MinCell) {
		f.hide(groupAll)
		return
	}
	if small(t.attendN) {
		f.hide(groupAttendance)
	}
	if small(t.completedN) {
		f.hide(groupCompletion)
	} else if small(t.completed) || small(t.completedN-t.completed) {
		f.hide(groupCompleted)
	}
	if small(t.preN) {
		f.hide(groupPre)
	}
	if small(t.postN) {
		f.hide(groupPost)
	}
	if small(t.pairs.n) {
		f.hide(groupMatched)
	} else if small(t.pairs.gainN) || small(t.pairs.n-t.pairs.gainN) {
		f.hide(groupGain)
	}
	sv := t.survey
	if small(sv.satN) {
		f.hide(groupSatisfaction)
	} else if f.SatisfactionN != nil && slices.Contains(Suppress(sv.sat[:]), true) {
		f.hide(groupSatisfactionMean)
	}
	if small(sv.appliedN) {
		f.hide(groupApplication)
	} else if small(sv.applying) || small(sv.appliedN-sv.applying) {
		f.hide(groupApplicationRate)
	}
}

// suppressSurveys hides, for a trainer, the survey figures of t that rest
// on fewer than minAnonymous answers.
func suppressSurveys(f *Figures, t *tally) {
	if n := t.survey.satN; n > 0 && n < minAnonymous {
		f.hide(groupSatisfaction)
	}
	if n := t.survey.appliedN; n > 0 && n < minAnonymous {
		f.hide(groupApplication)
	}
}

// suppressRows protects the rows of a table from subtraction: in each
// column, when exactly one hidden count is non-zero, the smallest
// visible non-zero count is hidden too (with its group), again until
// nothing changes (hiding a group may hide a count of another column).
func suppressRows(figs []*Figures, tallies []*tally, columns []column) {
	counts, hidden := make([]int, len(figs)), make([]bool, len(figs))
	for changed := true; changed; {
		changed = false
		for _, c := range columns {
			for i := range figs {
				counts[i], hidden[i] = c.count(tallies[i]), c.hidden(figs[i])
			}
			if complement(counts, hidden) {
				for i := range figs {
					if hidden[i] && !c.hidden(figs[i]) {
						figs[i].hide(c.group)
					}
				}
				changed = true
			}
		}
	}
}

// --- tallies ---

// seatRow is one participant of one activity, as the base holds them:
// the strings are shared by every seat with the same value.
type seatRow struct {
	country     string
	sex         string // female, male or unspecified
	agencyType  string
	daysPresent int
	rate        float64 // attendance rate (percent, one decimal), training's
	completed   bool    // met the completion rule (meaningful once final)
	pre, post   float64 // first submitted score of each kind
	hasPre      bool
	hasPost     bool
}

// surveyTally is what an activity's participants answered to the
// satisfaction survey's overall item (counts of 1 to 5) and to the
// follow-up's applied item.
type surveyTally struct {
	sat         [5]int
	satN        int
	satSum      int
	applying    int // answered one of ApplyingChoices
	appliedN    int
	readable    bool // the actor may see these answers (see SurveyScope)
	respondents int  // responses read (any item)
}

func (s *surveyTally) add(o surveyTally) {
	for i, c := range o.sat {
		s.sat[i] += c
	}
	s.satN += o.satN
	s.satSum += o.satSum
	s.applying += o.applying
	s.appliedN += o.appliedN
	s.respondents += o.respondents
	s.readable = s.readable || o.readable
}

// activityMeta is what the figures need of an activity.
type activityMeta struct {
	id, courseID, courseCode, courseTitle string
	startsOn, endsOn                      string
	status                                training.Status
	completionRate                        int
}

// final reports whether the activity's completion is decided: delivered
// or closed, as training's Participants has it (outcome_final).
func (m activityMeta) final() bool {
	return m.status == training.StatusDelivered || m.status == training.StatusClosed
}

// days is the number of the activity's days.
func (m activityMeta) days() int {
	return len(training.Activity{StartsOn: m.startsOn, EndsOn: m.endsOn}.Days())
}

// tally accumulates the figures of a group of participants in one pass.
// Every field adds up, so that a total is the sum of its rows.
type tally struct {
	participants          int
	attendSum             float64
	attendN               int
	completed, completedN int
	preSum, postSum       float64
	preN, postN           int
	pairs                 pairSums
	survey                surveyTally
	// Breakdowns, for a total (nil in a row's tally).
	byCountry, byAgency, bySex       map[string]int
	gainCountry, gainAgency, gainSex map[string]*pairSums
}

func newTally(breakdowns bool) *tally {
	t := &tally{}
	if breakdowns {
		t.byCountry, t.byAgency, t.bySex = map[string]int{}, map[string]int{}, map[string]int{}
		t.gainCountry, t.gainAgency, t.gainSex = map[string]*pairSums{}, map[string]*pairSums{}, map[string]*pairSums{}
	}
	return t
}

// add counts one participant of an activity that is final or not.
func (t *tally) add(s *seatRow, final bool) {
	t.participants++
	if final {
		// Training's own definitions: the rate over all the activity's
		// days, and its completion rule.
		t.attendSum += s.rate
		t.attendN++
		t.completedN++
		if s.completed {
			t.completed++
		}
	}
	if s.hasPre {
		t.preSum += s.pre
		t.preN++
	}
	if s.hasPost {
		t.postSum += s.post
		t.postN++
	}
	pair := s.hasPre && s.hasPost
	if pair {
		t.pairs.add(s.pre, s.post)
	}
	if t.byCountry == nil {
		return
	}
	t.byCountry[s.country]++
	t.byAgency[s.agencyType]++
	t.bySex[s.sex]++
	if pair {
		for _, g := range []struct {
			m   map[string]*pairSums
			key string
		}{{t.gainCountry, s.country}, {t.gainAgency, s.agencyType}, {t.gainSex, s.sex}} {
			p := g.m[g.key]
			if p == nil {
				p = &pairSums{}
				g.m[g.key] = p
			}
			p.add(s.pre, s.post)
		}
	}
}

func (t *tally) gains() Gains { return t.pairs.gains() }

func round(x float64, places int) *float64 {
	p := math.Pow(10, float64(places))
	r := math.Round(x*p) / p
	return &r
}

func meanOf(sum float64, n int) *float64 {
	if n == 0 {
		return nil
	}
	return round(sum/float64(n), 1)
}

func intp(n int) *int { return &n }

// figures are t's figures, unsuppressed: scores and attendance to one
// decimal, gains to three, the satisfaction mean to two; the survey
// figures only when they are readable (distribution with withCells).
func (t *tally) figures(withCells bool) Figures {
	g := t.gains()
	f := Figures{Participants: intp(t.participants), AttendanceRate: meanOf(t.attendSum, t.attendN), AttendanceN: intp(t.attendN),
		Completed: intp(t.completed), CompletedN: intp(t.completedN), PreMean: meanOf(t.preSum, t.preN), PreN: intp(t.preN),
		PostMean: meanOf(t.postSum, t.postN), PostN: intp(t.postN), MatchedPairs: intp(g.Pairs), GainIndividualN: intp(g.IndividualN),
		GainOfMeansN: intp(g.Pairs)}
	if g.Pairs > 0 {
		f.MatchedPreMean, f.MatchedPostMean = round(g.MeanPre, 1), round(g.MeanPost, 1)
	}
	if g.MeanIndividual != nil {
		f.GainMeanIndividual = round(*g.MeanIndividual, 3)
	}
	if g.OfMeans != nil {
		f.GainOfMeans = round(*g.OfMeans, 3)
	}
	if sv := t.survey; sv.readable {
		f.SatisfactionN, f.ApplicationN = intp(sv.satN), intp(sv.appliedN)
		if sv.satN > 0 {
			f.SatisfactionMean = round(float64(sv.satSum)/float64(sv.satN), 2)
		}
		if sv.appliedN > 0 {
			f.ApplicationRate = round(float64(sv.applying)*100/float64(sv.appliedN), 1)
		}
		if withCells {
			f.Satisfaction = make([]Cell, len(sv.sat))
			for i, c := range sv.sat {
				f.Satisfaction[i] = Cell{Key: string(rune('1' + i)), Count: intp(c)}
			}
		}
	}
	return f
}

// suppressSatisfaction hides, for an observer, the small counts of the
// satisfaction distribution (Suppress).
func suppressSatisfaction(f *Figures) {
	if f.SatisfactionN == nil || len(f.Satisfaction) == 0 {
		return
	}
	counts := make([]int, len(f.Satisfaction))
	for i, c := range f.Satisfaction {
		counts[i] = *c.Count
	}
	for i, h := range Suppress(counts) {
		if h {
			f.Satisfaction[i].Count, f.Satisfaction[i].Suppressed = nil, true
		}
	}
}

// breakdowns are t's breakdowns, each by key; suppress applies
// Suppress to each (the gains by their pairs).
func (t *tally) breakdowns(suppress bool) Breakdowns {
	cells := func(m map[string]int) []Cell {
		keys := slices.Sorted(maps.Keys(m))
		counts := make([]int, len(keys))
		for i, k := range keys {
			counts[i] = m[k]
		}
		hidden := make([]bool, len(keys))
		if suppress {
			hidden = Suppress(counts)
		}
		out := make([]Cell, len(keys))
		for i, k := range keys {
			out[i] = Cell{Key: k, Suppressed: hidden[i]}
			if !hidden[i] {
				out[i].Count = intp(counts[i])
			}
		}
		return out
	}
	gainCells := func(m map[string]*pairSums) []GainCell {
		keys := slices.Sorted(maps.Keys(m))
		counts := make([]int, len(keys))
		for i, k := range keys {
			counts[i] = m[k].n
		}
		hidden := make([]bool, len(keys))
		if suppress {
			hidden = Suppress(counts)
		}
		out := make([]GainCell, len(keys))
		for i, k := range keys {
			out[i] = GainCell{Key: k, Suppressed: hidden[i]}
			if !hidden[i] {
				out[i].Pairs = intp(counts[i])
				if g := m[k].gains().OfMeans; g != nil {
					out[i].GainOfMeans = round(*g, 3)
				}
			}
		}
		return out
	}
	return Breakdowns{Country: cells(t.byCountry), AgencyType: cells(t.byAgency), Sex: cells(t.bySex),
		GainCountry: gainCells(t.gainCountry), GainAgencyType: gainCells(t.gainAgency), GainSex: gainCells(t.gainSex)}
}

// emptyBreakdowns are the breakdowns of an activity too small to show.
func emptyBreakdowns() Breakdowns {
	return Breakdowns{Country: []Cell{}, AgencyType: []Cell{}, Sex: []Cell{}, GainCountry: []GainCell{}, GainAgencyType: []GainCell{}, GainSex: []GainCell{}}
}

// --- scope ---

// analyticsScope decides what the actor sees of the analytics: the view
// and the condition over nominations n the queries keep. Coordinators
// and admins: all. Trainers: the activities they deliver; an ncp: their
// countries' participants (both, for one who is both). Observers (with
// no such role): all, to be aggregated with small cells suppressed.
// Anyone else (participants, mentors, analysts): a forbidden error.
func analyticsScope(a core.Actor) (string, db.Cond, error) {
	if a.IsStaff() {
		return ViewAll, db.Always, nil
	}
	var parts []string
	var args []any
	trainer := a.Has(core.RoleTrainer)
	if trainer && core.ValidID(a.PersonID) {
		parts = append(parts, trainerCond)
		args = append(args, a.PersonID)
	}
	if cs := a.Countries(core.RoleNCP); len(cs) > 0 {
		in := db.In("n.country_code", cs)
		parts, args = append(parts, in.SQL), append(args, in.Args...)
	}
	switch {
	case len(parts) > 0:
		return ViewScoped, db.Cond{SQL: "(" + strings.Join(parts, " OR ") + ")", Args: args}, nil
	case a.Has(core.RoleObserver):
		return ViewAggregate, db.Always, nil
	case trainer:
		return ViewScoped, db.Never, nil // a trainer account linked to no person delivers nothing
	}
	return "", db.Never, core.Errorf(core.Forbidden, "learning analytics are for coordinators, trainers, national contact points and observers")
}

// trainerCond keeps the nominations n of the activities a person delivers.
const trainerCond = "EXISTS (SELECT 1 FROM activity_trainers tr WHERE tr.activity_id = n.activity_id AND tr.person_id = ?)"

// surveyScope decides whose survey answers the actor's figures may rest
// on (see the package's analytics comment): the scope, and the condition
// over nominations n that keeps the activities whose answers are read
// (ok false: none). view and vis are analyticsScope's.
func surveyScope(a core.Actor, view string, vis db.Cond) (scope string, cond db.Cond, ok bool) {
	switch {
	case view != ViewScoped:
		return SurveysAll, vis, true
	case len(a.Countries(core.RoleNCP)) == 0:
		return SurveysAll, vis, true // a trainer: the activities they deliver are all they see
	case a.Has(core.RoleTrainer) && core.ValidID(a.PersonID):
		return SurveysDelivered, db.Cond{SQL: trainerCond, Args: []any{a.PersonID}}, true
	}
	return SurveysWithheld, db.Never, false
}

// --- the read cache ---

// anCaches is the analytics' part of the platform's read cache
// (db.Cached): bases (what a scope's figures rest on: all its seats, or
// one activity's, kept apart so that the pages of many activities do not
// push the portfolio's out) and the results computed from them per
// filter. A committed write makes them all stale: they are read again,
// in the background for up to cacheLag. Audit records are written per
// request, whether a result came from here or not.
type anCaches struct {
	bases      *db.Cache // a scope's seats
	activities *db.Cache // one activity's seats in a scope
	results    *db.Cache
}

// Sizes of the analytics' caches: a whole base at demo ×100 is some MB.
const (
	cacheBases      = 16
	cacheActivities = 256
	cacheResults    = 64
)

// cacheLag is how long figures read before a write may still be shown
// while they are read again in the background (db.CacheOptions.Lag): a
// scope's base takes a second or two to read at demo ×100, and any write
// anywhere (a sign-in, a nomination) would otherwise make the next
// reader wait for it. A change shows from the request after the new
// figures are read; nothing older than a minute is shown.
const cacheLag = time.Minute

// anCacheRegistry hold one anCaches per store, that is per
// platform (a Service and its At copies share their store), made on
// first use and dropped with the store.
var anCacheRegistry sync.Map // weak.Pointer[store] → *anCaches

func (s *Service) anCache() *anCaches {
	k := weak.Make(s.st)
	if c, ok := anCacheRegistry.Load(k); ok {
		return c.(*anCaches)
	}
	c, loaded := anCacheRegistry.LoadOrStore(k, &anCaches{
		bases:      s.db.NewCache(db.CacheOptions{Size: cacheBases, Background: true, Lag: cacheLag}),
		activities: s.db.NewCache(db.CacheOptions{Size: cacheActivities, Background: true, Lag: cacheLag}),
		results:    s.db.NewCache(db.CacheOptions{Size: cacheResults, Background: true, Lag: cacheLag}),
	})
	if !loaded {
		runtime.AddCleanup(s.st, func(k weak.Pointer[store]) { anCacheRegistry.Delete(k) }, k)
	}
	return c.(*anCaches)
}

// baseQuery is what a base is read with: the conditions over
// nominations n that keep the seats (the actor's scope, and for one
// activity its id), and those that keep the activities whose survey
// answers count (nil: none).
type baseQuery struct {
	seats, surveys []db.Cond
}

func (q baseQuery) key() string {
	sw, sa := db.Where(q.seats)
	vw, va := db.Where(q.surveys)
	return db.CacheKey("learning.analytics.base"+sw+"\x00"+vw, sa, va, []any{q.surveys != nil})
}

// analyticsBaseOf returns the base of q from the read cache (in c), or
// reads it. The value is shared: callers do not change it.
func (s *Service) analyticsBaseOf(ctx context.Context, c *db.Cache, q baseQuery) (*analyticsBase, error) {
	return db.Cached(ctx, c, q.key(), func(ctx context.Context) (*analyticsBase, error) {
		var b *analyticsBase
		err := s.db.Read(ctx, func(ctx context.Context) error {
			var err error
			b, err = s.st.analyticsBase(ctx, q.seats, q.surveys)
			return err
		})
		return b, err
	})
}

// countryRef is a country of the directory, for the filter's choices.
type countryRef struct{ code, nameEN string }

// analyticsCountries are the directory's countries, partner countries
// first (the filter's choices), from the read cache.
func (s *Service) analyticsCountries(ctx context.Context) ([]countryRef, error) {
	return db.Cached(ctx, s.anCache().results, "learning.analytics.countries", s.st.anCountries)
}

// --- service ---

// ActivityAnalytics returns the figures of one activity as the actor may
// see them (see analyticsScope): a trainer of another activity with no
// ncp role gets not_found; an ncp the figures of their countries'
// participants (no survey figures, unless they deliver it); an observer
// the figures with small cells suppressed, and none at all for an
// activity of fewer than five participants. The read is recorded in the
// audit log (learning.analytics_read). Errors: not_found, forbidden,
// unauthenticated.
func (s *Service) ActivityAnalytics(ctx context.Context, activityID string) (ActivityAnalytics, error) {
	return s.activityAnalytics(ctx, activityID, "learning.analytics_read", nil)
}

// ActivityAnalyticsExport is ActivityAnalytics for a download of one of
// its tables: the same figures, recorded as learning.analytics_export
// with the table's name.
func (s *Service) ActivityAnalyticsExport(ctx context.Context, activityID, table string) (ActivityAnalytics, error) {
	return s.activityAnalytics(ctx, activityID, "learning.analytics_export", map[string]any{"table": table})
}

func (s *Service) activityAnalytics(ctx context.Context, activityID, action string, details map[string]any) (ActivityAnalytics, error) {
	a, err := reader(ctx)
	if err != nil {
		return ActivityAnalytics{}, err
	}
	view, vis, err := analyticsScope(a)
	if err != nil {
		return ActivityAnalytics{}, err
	}
	if !core.ValidID(activityID) {
		return ActivityAnalytics{}, notFound("activity")
	}
	act, err := s.training.Activity(ctx, activityID, "")
	if err != nil {
		return ActivityAnalytics{}, err
	}
	delivers := trains(act, a.PersonID)
	if view == ViewScoped && len(a.Countries(core.RoleNCP)) == 0 && !delivers {
		return ActivityAnalytics{}, notFound("activity")
	}
	one := db.Cond{SQL: "n.activity_id = ?", Args: []any{act.ID}}
	q := baseQuery{seats: []db.Cond{one, vis}}
	scope := SurveysWithheld
	if view != ViewScoped || delivers {
		// Staff, observers and the activity's trainers read its surveys:
		// every participant's answers.
		scope, q.surveys = SurveysAll, []db.Cond{one}
	}
	b, err := s.analyticsBaseOf(ctx, s.anCache().activities, q)
	if err != nil {
		return ActivityAnalytics{}, err
	}
	t := newTally(true)
	if ba := b.byID[act.ID]; ba != nil {
		final := ba.final()
		for i := range ba.seats {
			t.add(&ba.seats[i], final)
		}
		t.survey.add(ba.survey)
	}
	if scope != SurveysWithheld {
		t.survey.readable = true
	}
	out := ActivityAnalytics{ActivityID: act.ID, CourseID: act.CourseID, CourseCode: act.CourseCode, CourseTitle: act.CourseTitle,
		StartsOn: act.StartsOn, EndsOn: act.EndsOn, Status: act.Status, View: view, SurveyScope: scope, Figures: t.figures(true)}
	aggregate := view == ViewAggregate
	switch {
	case aggregate:
		suppressFigures(&out.Figures, t, true)
		suppressSatisfaction(&out.Figures)
	case !a.IsStaff():
		suppressSurveys(&out.Figures, t)
	}
	out.Breakdowns = t.breakdowns(aggregate)
	if aggregate && out.Participants == nil {
		// An activity too small to show: no breakdown either.
		out.Breakdowns = emptyBreakdowns()
	}
	if details == nil {
		details = map[string]any{}
	}
	details["view"], details["participants"] = view, t.participants
	if err := s.log.RecordRead(ctx, audit.Event{Action: action, Entity: "activity", EntityID: act.ID, Details: details}); err != nil {
		return ActivityAnalytics{}, err
	}
	return out, nil
}

// checkFilter normalises the filter and says what is wrong with it (field
// errors named as the query parameters), reading the crime areas and
// countries it names.
func (s *Service) checkFilter(ctx context.Context, f *PortfolioFilter) error {
	var v core.Validation
	f.From, f.To = strings.TrimSpace(f.From), strings.TrimSpace(f.To)
	for field, d := range map[string]string{"from": f.From, "to": f.To} {
		if _, err := time.Parse(time.DateOnly, d); d != "" && err != nil {
			v.Add(field, CodeInvalid)
		}
	}
	if f.From != "" && f.To != "" && f.To < f.From && !v.Has("from") && !v.Has("to") {
		v.Add("to", CodeOutOfRange, f.From)
	}
	if f.Format != "" && !f.Format.Valid() {
		v.Add("format", CodeInvalid)
	}
	if f.Level != "" && !f.Level.Valid() {
		v.Add("level", CodeInvalid)
	}
	f.Country, f.Area = strings.ToUpper(strings.TrimSpace(f.Country)), strings.ToUpper(strings.TrimSpace(f.Area))
	if f.Country != "" {
		ok, err := s.st.countryKnown(ctx, f.Country)
		if err != nil {
			return err
		}
		if !ok {
			v.Add("country", "unknown_country")
		}
	}
	if f.Area != "" {
		ok, err := s.st.areaKnown(ctx, f.Area)
		if err != nil {
			return err
		}
		if !ok {
			v.Add("area", CodeUnknown)
		}
	}
	return v.Err()
}

// keeps reports whether the filter keeps an activity (of the base):
// not cancelled, overlapping the period, of a course in the area, of
// the format and level. The country applies to seats (keepsSeat).
func (f PortfolioFilter) keeps(a *baseActivity) bool {
	switch {
	case a.status == training.StatusCancelled:
	case f.From != "" && a.endsOn < f.From:
	case f.To != "" && a.startsOn > f.To:
	case f.Area != "" && !slices.Contains(a.areas, f.Area):
	case f.Format != "" && a.format != f.Format:
	case f.Level != "" && a.level != f.Level:
	default:
		return true
	}
	return false
}

func (f PortfolioFilter) keepsSeat(s *seatRow) bool { return f.Country == "" || s.country == f.Country }

// Portfolio returns the figures over the activities the filter keeps
// (period: activities overlapping [From, To]; country: the participants'
// seats; area, format and level: the activities' courses; cancelled
// activities never), with a row per activity by start date, as the actor
// may see them (see analyticsScope): trainers only the activities they
// deliver, an ncp only their countries' participants, observers every
// participant with small cells suppressed in the totals, the breakdowns
// and the rows (an activity of fewer than five participants shows no
// figures, and the rows are protected from subtraction column by
// column). The survey figures are those of SurveyScope.
//
// The scope is enforced in SQL: the seats the actor may see are read
// once into a base, kept in the read cache, which every filter then
// narrows in memory, so that changing a filter costs no query. The read
// is recorded in the audit log (learning.analytics_read), per request.
// Errors: invalid with field errors (from, to: invalid; to: out_of_range
// when before from; format, level: invalid; country: unknown_country;
// area: unknown), forbidden, unauthenticated.
//
// The value is shared with other callers through the read cache, but for
// its Activities slice, which is the caller's (to sort or page): callers
// do not change what its pointers point to.
func (s *Service) Portfolio(ctx context.Context, f PortfolioFilter) (Portfolio, error) {
	return s.portfolio(ctx, f, "learning.analytics_read", nil)
}

// PortfolioExport is Portfolio for a download of one of its tables: the
// same figures, recorded as learning.analytics_export with the table's
// name.
func (s *Service) PortfolioExport(ctx context.Context, f PortfolioFilter, table string) (Portfolio, error) {
	return s.portfolio(ctx, f, "learning.analytics_export", map[string]any{"table": table})
}

func (s *Service) portfolio(ctx context.Context, f PortfolioFilter, action string, details map[string]any) (Portfolio, error) {
	a, err := reader(ctx)
	if err != nil {
		return Portfolio{}, err
	}
	view, vis, err := analyticsScope(a)
	if err != nil {
		return Portfolio{}, err
	}
	if err := s.db.Read(ctx, func(ctx context.Context) error { return s.checkFilter(ctx, &f) }); err != nil {
		return Portfolio{}, err
	}
	scope, svis, readable := surveyScope(a, view, vis)
	q := baseQuery{seats: []db.Cond{vis}}
	if readable {
		q.surveys = []db.Cond{svis}
	}
	if scope == SurveysAll && f.Country != "" {
		scope = SurveysUnnarrowed
	}
	// The result depends on the base (the scope's SQL with its arguments:
	// the actor's person and countries), the view (suppression: observers;
	// trainers' survey figures) and the filter.
	key := db.CacheKey("learning.analytics.portfolio", []any{q.key(), view, scope, a.IsStaff()},
		[]any{f.From, f.To, f.Country, f.Area, string(f.Format), string(f.Level)})
	p, err := db.Cached(ctx, s.anCache().results, key, func(ctx context.Context) (Portfolio, error) {
		b, err := s.analyticsBaseOf(ctx, s.anCache().bases, q)
		if err != nil {
			return Portfolio{}, err
		}
		return b.portfolio(f, view, scope, a.IsStaff()), nil
	})
	if err != nil {
		return Portfolio{}, err
	}
	p.Activities = slices.Clone(p.Activities)
	if details == nil {
		details = map[string]any{}
	}
	details["view"], details["activities"], details["participants"] = view, len(p.Activities), p.participants()
	for k, v := range map[string]string{"from": f.From, "to": f.To, "country": f.Country, "area": f.Area, "format": string(f.Format), "level": string(f.Level)} {
		if v != "" {
			details[k] = v
		}
	}
	if err := s.log.RecordRead(ctx, audit.Event{Action: action, Entity: "portfolio", Details: details}); err != nil {
		return Portfolio{}, err
	}
	return p, nil
}

// participants is the number of participants the figures rest on, for
// the audit trail (the total even where an observer's is suppressed).
func (p Portfolio) participants() int {
	if p.Participants != nil {
		return *p.Participants
	}
	n := 0
	for _, r := range p.Activities {
		if r.Participants != nil {
			n += *r.Participants
		}
	}
	return n
}

// portfolio computes the figures of the base's activities and seats the
// filter keeps, for view (suppressed for observers; the survey figures
// of fewer than minAnonymous answers hidden from trainers and ncps).
func (b *analyticsBase) portfolio(f PortfolioFilter, view, scope string, staff bool) Portfolio {
	total := newTally(true)
	var rows []PortfolioRow
	var tallies []*tally
	for _, ba := range b.acts {
		if !f.keeps(ba) {
			continue
		}
		t, final := newTally(false), ba.final()
		for i := range ba.seats {
			if s := &ba.seats[i]; f.keepsSeat(s) {
				t.add(s, final)
				total.add(s, final)
			}
		}
		if t.participants == 0 {
			continue // an activity with none of the participants shown
		}
		t.survey = ba.survey
		total.survey.add(ba.survey)
		rows = append(rows, PortfolioRow{ActivityID: ba.id, CourseCode: ba.courseCode, CourseTitle: ba.courseTitle,
			StartsOn: ba.startsOn, EndsOn: ba.endsOn, Status: ba.status, Figures: t.figures(false)})
		tallies = append(tallies, t)
	}
	if scope != SurveysWithheld {
		total.survey.readable = true
	}
	if rows == nil {
		rows = []PortfolioRow{}
	}
	aggregate := view == ViewAggregate
	out := Portfolio{Filter: f, View: view, SurveyScope: scope, Figures: total.figures(true), Breakdowns: total.breakdowns(aggregate), Activities: rows}
	figs := make([]*Figures, len(rows))
	for i := range rows {
		figs[i] = &rows[i].Figures
	}
	switch {
	case aggregate:
		for i, t := range tallies {
			// A row is an activity: its figures are the activity's own,
			// suppressed the same way (also the satisfaction mean, hidden
			// where the activity's distribution has a hidden count).
			suppressFigures(figs[i], t, true)
			if figs[i].SatisfactionN != nil && slices.Contains(Suppress(t.survey.sat[:]), true) {
				figs[i].hide(groupSatisfactionMean)
			}
		}
		suppressFigures(&out.Figures, total, false)
		suppressSatisfaction(&out.Figures)
		suppressRows(figs, tallies, observerColumns)
	case !staff:
		for i, t := range tallies {
			suppressSurveys(figs[i], t)
		}
		suppressSurveys(&out.Figures, total)
		suppressRows(figs, tallies, trainerColumns)
	}
	return out
}
