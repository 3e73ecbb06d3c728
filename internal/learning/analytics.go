package learning

import (
	"context"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/training"
)

// Learning analytics (issue 9 item 4), per activity and across the
// portfolio: who took part (by country, agency type and sex), attendance
// and completion as training defines them, pre- and post-test means, and
// the normalised gain (post − pre)/(100 − pre) on matched pairs, both as
// the mean of individual gains and as the gain of the means, with n
// beside every figure.
//
// Who sees what is decided here (analyticsScope) and enforced in the
// query: coordinators and admins everything; trainers the activities
// they deliver; an ncp the participants of their countries; observers
// (the donor) everything, aggregated, with small cells suppressed.
//
// A participant is a seat holder (a nomination selected or accepted, as
// training's Participants counts them); a person on two activities
// counts twice in the portfolio. A person's score on a test kind (pre or
// post) is their first submitted score on any form of it (A, B or the
// single form), online or on paper; drafts do not count.

// MinCell is the smallest number of people a figure shown to observers
// may rest on: a cell or figure of 1 to MinCell−1 people is suppressed.
const MinCell = 5

// Views of the analytics: what the actor's scope let through.
const (
	ViewAll       = "all"       // coordinators and admins: every participant
	ViewScoped    = "scoped"    // trainers and ncps: the activities they deliver, their countries' participants
	ViewAggregate = "aggregate" // observers: everyone, small cells suppressed
)

// Figures are the measures of a group of participants. A figure is null
// when nobody it rests on exists (no score, no matched pair), or when it
// is suppressed for an observer: then Suppressed names it.
type Figures struct {
	Participants       *int     `json:"participants" nullable:"true" doc:"Seat holders (a person on two activities counts twice)"`
	AttendanceRate     *float64 `json:"attendance_rate" nullable:"true" doc:"Mean of the participants' attendance rates (days present over the activity's days, percent), over activities delivered or closed"`
	AttendanceN        *int     `json:"attendance_n" nullable:"true" doc:"Participants of activities delivered or closed (n of attendance_rate)"`
	Completed          *int     `json:"completed" nullable:"true" doc:"Participants who met their activity's completion rule"`
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
	Suppressed         []string `json:"suppressed,omitempty" doc:"Observers: the figures suppressed (null) because they rest on 1 to 4 people, or would let one be worked out by subtraction"`
}

// Cell is one value of a breakdown and the number of participants with it.
type Cell struct {
	Key        string `json:"key" doc:"Country code, agency type, or sex (female, male, unspecified)"`
	Count      *int   `json:"count" nullable:"true"`
	Suppressed bool   `json:"suppressed,omitempty" doc:"Observers: the count is hidden (1 to 4 people, or the complement of such a cell)"`
}

// Breakdowns count the participants by country (of their seat), by
// agency type and by sex, each by key.
type Breakdowns struct {
	Country    []Cell `json:"by_country"`
	AgencyType []Cell `json:"by_agency_type"`
	Sex        []Cell `json:"by_sex"`
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

// PortfolioRow is one activity of the portfolio with its figures.
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
	Filter PortfolioFilter `json:"filter"`
	View   string          `json:"view" enum:"all,scoped,aggregate"`
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
	g := Gains{Pairs: len(pairs)}
	if len(pairs) == 0 {
		return g
	}
	var pre, post, sum float64
	for _, p := range pairs {
		pre += p.Pre
		post += p.Post
		if x, ok := NormalisedGain(p.Pre, p.Post); ok {
			sum += x
			g.IndividualN++
		}
	}
	n := float64(len(pairs))
	g.MeanPre, g.MeanPost = pre/n, post/n
	if g.IndividualN > 0 {
		m := sum / float64(g.IndividualN)
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
	groupAll        figureGroup = iota // everything: the group is too small
	groupAttendance                    // attendance_rate, attendance_n
	groupCompleted                     // completed
	groupCompletion                    // completed, completed_n
	groupPre                           // pre_mean, pre_n
	groupPost                          // post_mean, post_n
	groupMatched                       // matched pairs and every gain
	groupGain                          // gain_mean_individual, gain_individual_n
)

// hide nulls the figures of g and names them in Suppressed.
func (f *Figures) hide(g figureGroup) {
	var names []string
	switch g {
	case groupAll:
		f.hide(groupAttendance)
		f.hide(groupCompletion)
		f.hide(groupPre)
		f.hide(groupPost)
		f.hide(groupMatched)
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

// columns are the counts of a table of figures: each is a breakdown of
// the total's count by row, protected from subtraction like one.
var columns = []column{
	{func(t *tally) int { return t.participants }, func(f *Figures) bool { return f.Participants == nil }, groupAll},
	{func(t *tally) int { return t.attendN }, func(f *Figures) bool { return f.AttendanceN == nil }, groupAttendance},
	{func(t *tally) int { return t.completed }, func(f *Figures) bool { return f.Completed == nil }, groupCompleted},
	{func(t *tally) int { return t.completedN }, func(f *Figures) bool { return f.CompletedN == nil }, groupCompletion},
	{func(t *tally) int { return t.preN }, func(f *Figures) bool { return f.PreN == nil }, groupPre},
	{func(t *tally) int { return t.postN }, func(f *Figures) bool { return f.PostN == nil }, groupPost},
	{func(t *tally) int { return len(t.pairs) }, func(f *Figures) bool { return f.MatchedPairs == nil }, groupMatched},
	{func(t *tally) int { return t.gains().IndividualN }, func(f *Figures) bool { return f.GainIndividualN == nil }, groupGain},
}

// suppressFigures hides, for an observer, the figures of t that rest on
// 1 to 4 people, and those that would give such a number away by
// subtraction from a figure beside them (completed from completed_n,
// the pairs without a gain from matched_pairs). activity says f is one
// activity's: one of fewer than MinCell participants shows nothing.
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
	g := t.gains()
	if small(g.Pairs) {
		f.hide(groupMatched)
	} else if small(g.IndividualN) || small(g.Pairs-g.IndividualN) {
		f.hide(groupGain)
	}
}

// suppressRows protects the rows of a table from subtraction: in each
// column, when exactly one hidden count is non-zero, the smallest
// visible non-zero count is hidden too (with its group), again until
// nothing changes (hiding a group may hide a count of another column).
func suppressRows(figs []*Figures, tallies []*tally) {
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

// seatRow is one participant of one activity, as the store reads them.
type seatRow struct {
	activityID  string
	country     string
	sex         string
	agencyType  string
	daysPresent int
	pre, post   *float64 // first submitted score of each kind; nil if none
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
type tally struct {
	participants          int
	attendSum             float64
	attendN               int
	completed, completedN int
	preSum, postSum       float64
	preN, postN           int
	pairs                 []Pair
	byCountry             map[string]int
	byAgency              map[string]int
	bySex                 map[string]int
	gained                *Gains // cached by gains
}

func newTally() *tally {
	return &tally{byCountry: map[string]int{}, byAgency: map[string]int{}, bySex: map[string]int{}}
}

// add counts one participant of the activity m (days: its number of days).
func (t *tally) add(s seatRow, m activityMeta, days int) {
	t.gained = nil
	t.participants++
	t.byCountry[s.country]++
	t.byAgency[s.agencyType]++
	sex := s.sex
	if sex == "" {
		sex = "unspecified"
	}
	t.bySex[sex]++
	if m.final() {
		// Training's own definitions: the rate over all the activity's
		// days, and its completion rule.
		t.attendSum += training.AttendanceRate(s.daysPresent, days)
		t.attendN++
		t.completedN++
		if training.Completed(s.daysPresent, days, m.completionRate) {
			t.completed++
		}
	}
	if s.pre != nil {
		t.preSum += *s.pre
		t.preN++
	}
	if s.post != nil {
		t.postSum += *s.post
		t.postN++
	}
	if s.pre != nil && s.post != nil {
		t.pairs = append(t.pairs, Pair{Pre: *s.pre, Post: *s.post})
	}
}

func (t *tally) gains() Gains {
	if t.gained == nil {
		g := GainStats(t.pairs)
		t.gained = &g
	}
	return *t.gained
}

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
// decimal, gains to three.
func (t *tally) figures() Figures {
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
	return f
}

// breakdowns are t's breakdowns, each by key; suppress applies
// Suppress to each.
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
	return Breakdowns{Country: cells(t.byCountry), AgencyType: cells(t.byAgency), Sex: cells(t.bySex)}
}

// --- service ---

// analyticsScope decides what the actor sees of the analytics: the view
// and the condition over nominations n (and activities a) the query
// keeps. Coordinators and admins: all. Trainers: the activities they
// deliver; an ncp: their countries' participants (both, for one who is
// both). Observers (with no such role): all, to be aggregated with small
// cells suppressed. Anyone else (participants, mentors, analysts): a
// forbidden error.
func analyticsScope(a core.Actor) (string, db.Cond, error) {
	if a.IsStaff() {
		return ViewAll, db.Always, nil
	}
	var parts []string
	var args []any
	trainer := a.Has(core.RoleTrainer)
	if trainer && core.ValidID(a.PersonID) {
		parts = append(parts, "EXISTS (SELECT 1 FROM activity_trainers tr WHERE tr.activity_id = n.activity_id AND tr.person_id = ?)")
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

// ActivityAnalytics returns the figures of one activity as the actor may
// see them (see analyticsScope): a trainer of another activity with no
// ncp role gets not_found; an ncp the figures of their countries'
// participants; an observer the figures with small cells suppressed,
// and none at all for an activity of fewer than five participants. The
// read is recorded in the audit log (learning.analytics_read). Errors:
// not_found, forbidden, unauthenticated.
func (s *Service) ActivityAnalytics(ctx context.Context, activityID string) (ActivityAnalytics, error) {
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
	if view == ViewScoped && len(a.Countries(core.RoleNCP)) == 0 && !trains(act, a.PersonID) {
		return ActivityAnalytics{}, notFound("activity")
	}
	var seats []seatRow
	err = s.db.Read(ctx, func(ctx context.Context) error {
		var err error
		seats, _, err = s.st.analyticsSeats(ctx, []db.Cond{{SQL: "n.activity_id = ?", Args: []any{act.ID}}, vis})
		return err
	})
	if err != nil {
		return ActivityAnalytics{}, err
	}
	m := activityMeta{id: act.ID, startsOn: act.StartsOn, endsOn: act.EndsOn, status: act.Status, completionRate: act.CompletionRate}
	t, days := newTally(), m.days()
	for _, r := range seats {
		t.add(r, m, days)
	}
	out := ActivityAnalytics{ActivityID: act.ID, CourseID: act.CourseID, CourseCode: act.CourseCode, CourseTitle: act.CourseTitle,
		StartsOn: act.StartsOn, EndsOn: act.EndsOn, Status: act.Status, View: view, Figures: t.figures()}
	aggregate := view == ViewAggregate
	if aggregate {
		suppressFigures(&out.Figures, t, true)
	}
	out.Breakdowns = t.breakdowns(aggregate)
	if aggregate && out.Participants == nil {
		// An activity too small to show: no breakdown either.
		out.Breakdowns = Breakdowns{Country: []Cell{}, AgencyType: []Cell{}, Sex: []Cell{}}
	}
	err = s.log.RecordRead(ctx, audit.Event{Action: "learning.analytics_read", Entity: "activity", EntityID: act.ID,
		Details: map[string]any{"view": view, "participants": t.participants}})
	if err != nil {
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

// conds are the filter's conditions over nominations n, activities a
// and courses c.
func (f PortfolioFilter) conds() []db.Cond {
	w := []db.Cond{{SQL: "a.status <> ?", Args: []any{string(training.StatusCancelled)}}}
	if f.From != "" {
		// An activity lasts at most 366 days (training's rule), so one
		// ending on or after From starts on or after From − 366 days: the
		// bound keeps the query on activities_starts.
		from, _ := time.Parse(time.DateOnly, f.From)
		w = append(w, db.Cond{SQL: "a.ends_on >= ? AND a.starts_on >= ?", Args: []any{f.From, from.AddDate(0, 0, -366).Format(time.DateOnly)}})
	}
	if f.To != "" {
		w = append(w, db.Cond{SQL: "a.starts_on <= ?", Args: []any{f.To}})
	}
	if f.Country != "" {
		w = append(w, db.Cond{SQL: "n.country_code = ?", Args: []any{f.Country}})
	}
	if f.Area != "" {
		w = append(w, db.Cond{SQL: "a.course_id IN (SELECT course_id FROM course_areas WHERE area_code = ?)", Args: []any{f.Area}})
	}
	if f.Format != "" {
		w = append(w, db.Cond{SQL: "c.format = ?", Args: []any{string(f.Format)}})
	}
	if f.Level != "" {
		w = append(w, db.Cond{SQL: "c.level = ?", Args: []any{string(f.Level)}})
	}
	return w
}

// Portfolio returns the figures over the activities the filter keeps
// (period: activities overlapping [From, To]; country: the participants'
// seats; area, format and level: the activities' courses; cancelled
// activities never), with a row per activity by start date, as the actor
// may see them (see analyticsScope): trainers only the activities they
// deliver, an ncp only their countries' participants, observers every
// participant with small cells suppressed in the totals, the breakdowns
// and the rows (an activity of fewer than five participants shows no
// figures, and the rows are protected from subtraction column by
// column). One query reads every participant; the figures are computed
// in one pass. The read is recorded in the audit log
// (learning.analytics_read). Errors: invalid with field errors (from,
// to: invalid; to: out_of_range when before from; format, level:
// invalid; country: unknown_country; area: unknown), forbidden,
// unauthenticated.
func (s *Service) Portfolio(ctx context.Context, f PortfolioFilter) (Portfolio, error) {
	a, err := reader(ctx)
	if err != nil {
		return Portfolio{}, err
	}
	view, vis, err := analyticsScope(a)
	if err != nil {
		return Portfolio{}, err
	}
	var seats []seatRow
	var metas []activityMeta
	err = s.db.Read(ctx, func(ctx context.Context) error {
		if err := s.checkFilter(ctx, &f); err != nil {
			return err
		}
		var err error
		seats, metas, err = s.st.analyticsSeats(ctx, append(f.conds(), vis))
		return err
	})
	if err != nil {
		return Portfolio{}, err
	}
	total := newTally()
	rows := make([]PortfolioRow, len(metas))
	tallies := make([]*tally, len(metas))
	at := make(map[string]int, len(metas))
	days := make([]int, len(metas))
	for i, m := range metas {
		at[m.id], days[i], tallies[i] = i, m.days(), newTally()
		rows[i] = PortfolioRow{ActivityID: m.id, CourseCode: m.courseCode, CourseTitle: m.courseTitle, StartsOn: m.startsOn, EndsOn: m.endsOn, Status: m.status}
	}
	for _, r := range seats {
		i := at[r.activityID]
		total.add(r, metas[i], days[i])
		tallies[i].add(r, metas[i], days[i])
	}
	aggregate := view == ViewAggregate
	out := Portfolio{Filter: f, View: view, Figures: total.figures(), Breakdowns: total.breakdowns(aggregate), Activities: rows}
	figs := make([]*Figures, len(rows))
	for i := range rows {
		rows[i].Figures = tallies[i].figures()
		figs[i] = &rows[i].Figures
		if aggregate {
			suppressFigures(figs[i], tallies[i], true)
		}
	}
	if aggregate {
		suppressFigures(&out.Figures, total, false)
		suppressRows(figs, tallies)
	}
	details := map[string]any{"view": view, "activities": len(rows), "participants": total.participants}
	for k, v := range map[string]string{"from": f.From, "to": f.To, "country": f.Country, "area": f.Area, "format": string(f.Format), "level": string(f.Level)} {
		if v != "" {
			details[k] = v
		}
	}
	if err := s.log.RecordRead(ctx, audit.Event{Action: "learning.analytics_read", Entity: "portfolio", Details: details}); err != nil {
		return Portfolio{}, err
	}
	return out, nil
}
