package learning

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strconv"
	"time"

	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/training"
)

// The analytics' SQL. It reads training's nominations, activities,
// courses, course areas and attendance, and directory's people, agencies
// and countries, never writes them.

// analyticsBase is everything the figures of one scope rest on: the
// activities with seats the scope lets through (by start date, with
// their course's format, level and crime areas), their seat holders, and
// the participants' survey answers per activity. Filters narrow it in
// memory (PortfolioFilter.keeps), so that it is read once per scope and
// kept in the read cache: nothing changes it once read.
//
// It is read in flat scans, one per table, joined here by id, rather
// than in one query with correlated subqueries per seat: at demo ×100
// (83,000 seats, 300,000 attendance marks, 155,000 scores) the probes per
// seat cost 2 s on SQLite, where the planner, misled by the statistics,
// walks each person's submissions, and 23 s before the join order was
// pinned; the scans take about half a second.
type analyticsBase struct {
	acts []*baseActivity
	byID map[string]*baseActivity
}

// baseActivity is one activity of a base.
type baseActivity struct {
	activityMeta
	format training.Format
	level  training.Level
	areas  []string
	seats  []seatRow
	survey surveyTally
	// rule is the conditions learning adds to the activity's completion
	// rule, if any (only while the base is read).
	rule *Completion
}

// seatKey finds a seat while reading: the activity's and the person's
// positions.
type seatKey struct{ act, person int32 }

// seatState is what a seat gathers while the base is read, beside its
// row: when its scores were submitted (the first counts) and on which
// form, its best post-test score and whether it answered the
// satisfaction survey (for the completion rule).
type seatState struct {
	preAt, postAt     time.Time
	preForm, postForm string
	postMax           float64
	answered          bool
}

// baseReader is the state of one read of a base.
type baseReader struct {
	st      *store
	b       *analyticsBase
	actIdx  map[string]int32
	people  map[string]int32
	persons []struct{ sex, agencyType string }
	seats   map[seatKey]int32
	states  [][]seatState // by activity, parallel to its seats
	strs    map[string]string
}

// intern returns a shared copy of b as a string, so that the many seats
// with one country, sex or agency type hold one string (and looking it
// up allocates nothing).
func (r *baseReader) intern(b []byte) string {
	if v, ok := r.strs[string(b)]; ok {
		return v
	}
	s := string(b)
	r.strs[s] = s
	return s
}

// seat finds the seat of the activity and person ids, without
// allocating.
func (r *baseReader) seat(act, person []byte) (a, i int32, ok bool) {
	if a, ok = r.actIdx[string(act)]; !ok {
		return 0, 0, false
	}
	p, ok := r.people[string(person)]
	if !ok {
		return 0, 0, false
	}
	i, ok = r.seats[seatKey{a, p}]
	return a, i, ok
}

// anEach runs q and calls fn after scanning each row into dest.
func (st *store) anEach(ctx context.Context, q string, args []any, dest []any, fn func() error) error {
	rows, err := st.db.Query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return db.Err(err)
		}
		if err := fn(); err != nil {
			return err
		}
	}
	return db.Err(rows.Err())
}

// anScoped says whether conds keep fewer than every row (anything but
// Always).
func anScoped(conds []db.Cond) bool {
	return slices.ContainsFunc(conds, func(c db.Cond) bool { return c.SQL != "" && c.SQL != db.Always.SQL })
}

// anHeldSeats are the conditions over nominations n of the seats
// (selected or accepted) that conds keep, as a WHERE clause.
func anHeldSeats(conds []db.Cond) (string, []any) {
	return db.Where(append([]db.Cond{{SQL: "n.status IN (?, ?)", Args: []any{string(training.NomSelected), string(training.NomAccepted)}}}, conds...))
}

// analyticsBase reads the base of the seats that seatConds keep
// (conditions over nominations n: the scope, an activity) and the survey
// answers of the activities with seats that surveyConds keep (nil: no
// answers are read). Run it inside a read transaction.
func (st *store) analyticsBase(ctx context.Context, seatConds, surveyConds []db.Cond) (*analyticsBase, error) {
	r := &baseReader{st: st, b: &analyticsBase{byID: map[string]*baseActivity{}}, actIdx: map[string]int32{},
		people: map[string]int32{}, seats: map[seatKey]int32{}, strs: map[string]string{}}
	where, args := anHeldSeats(seatConds)
	// inActs keeps the rows of the activities with seats in scope; all
	// activities are read when the scope is everyone.
	inActs, inArgs := "", []any(nil)
	if anScoped(seatConds) {
		inActs, inArgs = " IN (SELECT n.activity_id FROM nominations n"+where+")", args
	}
	steps := []func(context.Context) error{
		func(ctx context.Context) error { return r.activities(ctx, inActs, inArgs) },
		func(ctx context.Context) error { return r.seatHolders(ctx, where, args) },
		func(ctx context.Context) error { return r.attendance(ctx, inActs, inArgs) },
		func(ctx context.Context) error { return r.scores(ctx, inActs, inArgs) },
		func(ctx context.Context) error { return r.completion(ctx, inActs, inArgs) },
	}
	if surveyConds != nil {
		steps = append(steps, func(ctx context.Context) error { return r.surveys(ctx, seatConds, surveyConds) })
	}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return nil, err
		}
	}
	// Activities without a seat in scope have no figures.
	r.b.acts = slices.DeleteFunc(r.b.acts, func(a *baseActivity) bool {
		a.rule = nil
		if len(a.seats) == 0 {
			delete(r.b.byID, a.id)
			return true
		}
		return false
	})
	return r.b, nil
}

// activities reads the activities (those of inActs) with their courses'
// codes, titles, formats, levels and crime areas, by start date, and the
// conditions learning adds to their completion rules.
func (r *baseReader) activities(ctx context.Context, inActs string, args []any) error {
	areas := map[string][]string{}
	var course, area string
	err := r.st.anEach(ctx, `SELECT course_id, area_code FROM course_areas ORDER BY course_id, area_code`, nil, []any{&course, &area}, func() error {
		areas[course] = append(areas[course], area)
		return nil
	})
	if err != nil {
		return err
	}
	q := `SELECT a.id, a.course_id, a.starts_on, a.ends_on, a.status, a.completion_rate, c.code, c.title, c.format, c.level
		FROM activities a JOIN courses c ON c.id = a.course_id`
	if inActs != "" {
		q += " WHERE a.id" + inActs
	}
	var a baseActivity
	err = r.st.anEach(ctx, q+" ORDER BY a.starts_on, a.id", args, []any{&a.id, &a.courseID, &a.startsOn, &a.endsOn, &a.status,
		&a.completionRate, &a.courseCode, &a.courseTitle, &a.format, &a.level}, func() error {
		ba := a
		ba.areas = areas[a.courseID]
		r.actIdx[ba.id] = int32(len(r.b.acts))
		r.b.acts = append(r.b.acts, &ba)
		r.b.byID[ba.id] = &ba
		return nil
	})
	if err != nil {
		return err
	}
	q = `SELECT activity_id, post_test, min_post_score, survey FROM completion_conditions`
	if inActs != "" {
		q += " WHERE activity_id" + inActs
	}
	var act string
	var c Completion
	var min sql.NullFloat64
	return r.st.anEach(ctx, q, args, []any{&act, &c.PostTest, &min, &c.Survey}, func() error {
		i, ok := r.actIdx[act]
		if !ok || !(c.PostTest || min.Valid || c.Survey) {
			return nil
		}
		rule := c
		if min.Valid {
			m := min.Float64
			rule.MinPostScore = &m
		}
		r.b.acts[i].rule = &rule
		return nil
	})
}

// seatHolders reads the seat holders (nominations selected or accepted
// that where keeps) with their sex and agency type.
func (r *baseReader) seatHolders(ctx context.Context, where string, args []any) error {
	var id, sex, agencyType sql.RawBytes
	err := r.st.anEach(ctx, `SELECT p.id, p.sex, ag.type FROM people p JOIN agencies ag ON ag.id = p.agency_id
		WHERE p.id IN (SELECT n.person_id FROM nominations n`+where+`)`, args, []any{&id, &sex, &agencyType}, func() error {
		s := "unspecified"
		if len(sex) > 0 {
			s = r.intern(sex)
		}
		r.people[string(id)] = int32(len(r.persons))
		r.persons = append(r.persons, struct{ sex, agencyType string }{s, r.intern(agencyType)})
		return nil
	})
	if err != nil {
		return err
	}
	r.states = make([][]seatState, len(r.b.acts))
	var act, person, country sql.RawBytes
	return r.st.anEach(ctx, `SELECT n.activity_id, n.person_id, n.country_code FROM nominations n`+where, args, []any{&act, &person, &country}, func() error {
		a, ok := r.actIdx[string(act)]
		p, found := r.people[string(person)]
		if !ok || !found {
			return nil // an activity or a person written since the reads above
		}
		ba := r.b.acts[a]
		r.seats[seatKey{a, p}] = int32(len(ba.seats))
		ba.seats = append(ba.seats, seatRow{country: r.intern(country), sex: r.persons[p].sex, agencyType: r.persons[p].agencyType})
		r.states[a] = append(r.states[a], seatState{})
		return nil
	})
}

// attendance counts each seat holder's days present among the
// activity's days.
func (r *baseReader) attendance(ctx context.Context, inActs string, args []any) error {
	q := `SELECT t.activity_id, t.person_id, t.day FROM attendance t WHERE t.present = ?`
	if inActs != "" {
		q += " AND t.activity_id" + inActs
	}
	var act, person, day sql.RawBytes
	return r.st.anEach(ctx, q, append([]any{true}, args...), []any{&act, &person, &day}, func() error {
		a, i, ok := r.seat(act, person)
		if !ok {
			return nil
		}
		if m := r.b.acts[a]; string(day) >= m.startsOn && string(day) <= m.endsOn {
			r.b.acts[a].seats[i].daysPresent++
		}
		return nil
	})
}

// scores reads the submitted scores of the activities' tests: a seat's
// score on a kind is the first submitted on any form (the earliest, then
// by form), and the best post-test score decides the completion rule's
// conditions, as completionRule does.
func (r *baseReader) scores(ctx context.Context, inActs string, args []any) error {
	q := `SELECT k.activity_id, k.kind, k.form, s.person_id, s.score, s.submitted_at FROM tests k JOIN submissions s ON s.test_id = k.id
		WHERE s.submitted_at IS NOT NULL AND s.score IS NOT NULL`
	if inActs != "" {
		q += " AND k.activity_id" + inActs
	}
	var act, kind, form, person sql.RawBytes
	var score float64
	var at time.Time
	return r.st.anEach(ctx, q, args, []any{&act, &kind, &form, &person, &score, db.T(&at)}, func() error {
		a, i, ok := r.seat(act, person)
		if !ok {
			return nil
		}
		s, st := &r.b.acts[a].seats[i], &r.states[a][i]
		first := func(has bool, prevAt time.Time, prevForm string) bool {
			return !has || at.Before(prevAt) || at.Equal(prevAt) && string(form) < prevForm
		}
		switch string(kind) {
		case string(TestPre):
			if first(s.hasPre, st.preAt, st.preForm) {
				s.pre, s.hasPre, st.preAt, st.preForm = score, true, at, string(form)
			}
		case string(TestPost):
			if !s.hasPost || score > st.postMax {
				st.postMax = score
			}
			if first(s.hasPost, st.postAt, st.postForm) {
				s.post, s.hasPost, st.postAt, st.postForm = score, true, at, string(form)
			}
		}
		return nil
	})
}

// completion decides each seat's attendance rate and completion:
// training's rule (the share of days present) and the conditions
// learning adds to it (completion_conditions: the post-test, a minimum
// score, the satisfaction survey answered), as training's participants
// list shows them. The survey respondents are read for the activities
// whose conditions ask for the survey only.
func (r *baseReader) completion(ctx context.Context, inActs string, args []any) error {
	if slices.ContainsFunc(r.b.acts, func(a *baseActivity) bool { return a.rule != nil && a.rule.Survey }) {
		q := `SELECT v.activity_id, r.person_id FROM survey_respondents r JOIN surveys v ON v.id = r.survey_id
			WHERE v.kind = ? AND v.activity_id IN (SELECT activity_id FROM completion_conditions WHERE survey = ?)`
		if inActs != "" {
			q += " AND v.activity_id" + inActs
		}
		var act, person sql.RawBytes
		err := r.st.anEach(ctx, q, append([]any{string(SurveySatisfaction), true}, args...), []any{&act, &person}, func() error {
			if a, i, ok := r.seat(act, person); ok {
				r.states[a][i].answered = true
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	for a, ba := range r.b.acts {
		days, final, c := ba.days(), ba.final(), ba.rule
		for i := range ba.seats {
			s, st := &ba.seats[i], &r.states[a][i]
			s.rate = training.AttendanceRate(s.daysPresent, days)
			s.completed = final && training.Completed(s.daysPresent, days, ba.completionRate)
			switch {
			case c == nil:
			case c.MinPostScore != nil && (!s.hasPost || st.postMax < *c.MinPostScore),
				c.PostTest && !s.hasPost,
				c.Survey && !st.answered:
				s.completed = false
			}
		}
	}
	return nil
}

// surveys reads the participants' answers to the satisfaction survey's
// overall item and the follow-up's applied item, per activity, of the
// activities with seats that surveyConds keep (those are marked
// readable; the others get no survey figures).
func (r *baseReader) surveys(ctx context.Context, seatConds, surveyConds []db.Cond) error {
	where, args := anHeldSeats(surveyConds)
	sameScope := slices.EqualFunc(seatConds, surveyConds, func(x, y db.Cond) bool {
		return x.SQL == y.SQL && slices.Equal(x.Args, y.Args)
	})
	switch {
	case sameScope:
		for _, ba := range r.b.acts {
			ba.survey.readable = true
		}
	default:
		var act string
		err := r.st.anEach(ctx, `SELECT DISTINCT n.activity_id FROM nominations n`+where, args, []any{&act}, func() error {
			if a, ok := r.actIdx[act]; ok {
				r.b.acts[a].survey.readable = true
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	q := `SELECT sv.activity_id, sv.kind, r.answers FROM surveys sv JOIN survey_responses r ON r.survey_id = sv.id WHERE r.role = ?`
	qargs := []any{RoleParticipant}
	if anScoped(surveyConds) {
		q += " AND sv.activity_id IN (SELECT n.activity_id FROM nominations n" + where + ")"
		qargs = append(qargs, args...)
	}
	var act, kind, answers sql.RawBytes
	return r.st.anEach(ctx, q, qargs, []any{&act, &kind, &answers}, func() error {
		a, ok := r.actIdx[string(act)]
		if !ok || !r.b.acts[a].survey.readable {
			return nil
		}
		sv := &r.b.acts[a].survey
		switch string(kind) {
		case string(SurveySatisfaction):
			sv.respondents++
			if n, ok := answerOf(answers, overallKey); ok && n >= 1 && n <= 5 {
				sv.sat[n-1]++
				sv.satN++
				sv.satSum += n
			}
		case string(SurveyFollowUp):
			sv.respondents++
			if n, ok := answerOf(answers, appliedKey); ok {
				sv.appliedN++
				if slices.Contains(ApplyingChoices, n) {
					sv.applying++
				}
			}
		}
		return nil
	})
}

// The survey items' keys as they appear in a response's answers.
var (
	overallKey = []byte(`"` + itemOverall + `"`)
	appliedKey = []byte(`"` + itemApplied + `"`)
)

// answerOf reads the integer answer to the item whose quoted key is key
// from a response's answers, a JSON object of small integers (as encode
// writes it), without decoding the whole object: tens of thousands of
// responses are read at once. Anything it does not recognise is decoded
// the slow way.
func answerOf(answers, key []byte) (int, bool) {
	i := bytes.Index(answers, key)
	if i < 0 {
		return 0, false
	}
	rest := bytes.TrimLeft(answers[i+len(key):], " \t\r\n")
	if len(rest) > 0 && rest[0] == ':' {
		rest = bytes.TrimLeft(rest[1:], " \t\r\n")
		end := 0
		for end < len(rest) && (rest[end] >= '0' && rest[end] <= '9' || end == 0 && rest[end] == '-') {
			end++
		}
		if n, err := strconv.Atoi(string(rest[:end])); err == nil && end < len(rest) && bytes.IndexByte([]byte(",} \t\r\n"), rest[end]) >= 0 {
			return n, true
		}
	}
	var m map[string]int
	if err := json.Unmarshal(answers, &m); err != nil {
		return 0, false
	}
	n, ok := m[string(key[1:len(key)-1])]
	return n, ok
}

// anCountries are the directory's countries in its order (partner
// countries first).
func (st *store) anCountries(ctx context.Context) ([]countryRef, error) {
	var out []countryRef
	var c countryRef
	err := st.anEach(ctx, `SELECT code, name_en FROM countries ORDER BY sort_order, code`, nil, []any{&c.code, &c.nameEN}, func() error {
		out = append(out, c)
		return nil
	})
	return out, err
}

// countryKnown reports whether code is a country of the directory.
func (st *store) countryKnown(ctx context.Context, code string) (bool, error) {
	var n int
	err := st.db.QueryRow(ctx, `SELECT count(*) FROM countries WHERE code = ?`, code).Scan(&n)
	return n > 0, db.Err(err)
}

// areaKnown reports whether code is a crime area of the taxonomy,
// archived or not (older courses keep the codes of past cycles).
func (st *store) areaKnown(ctx context.Context, code string) (bool, error) {
	var n int
	err := st.db.QueryRow(ctx, `SELECT count(*) FROM crime_areas WHERE code = ?`, code).Scan(&n)
	return n > 0, db.Err(err)
}
