package training

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/names"
)

// This file holds the SQL of training, the same for both engines. It
// decides nothing: who may see what arrives as conditions built by the
// service, and every method runs in the transaction carried by ctx, or on
// the read pool. Training reads the directory's countries, agencies and
// people (read-only: people are written through the directory's Service).

// store is training's SQL.
type store struct {
	db *db.DB
}

// --- crime areas ---

func (st *store) areas(ctx context.Context, withArchived bool) ([]CrimeArea, error) {
	q := `SELECT code, cycles, name_en, predecessors, archived_at IS NOT NULL FROM crime_areas`
	if !withArchived {
		q += ` WHERE archived_at IS NULL`
	}
	rows, err := st.db.Query(ctx, q+` ORDER BY sort_order, code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CrimeArea
	for rows.Next() {
		var a CrimeArea
		var cycles, preds string
		if err := rows.Scan(&a.Code, &cycles, &a.NameEN, &preds, &a.Archived); err != nil {
			return nil, db.Err(err)
		}
		a.Cycles, a.Predecessors = splitList(cycles), splitList(preds)
		out = append(out, a)
	}
	return out, db.Err(rows.Err())
}

// upsertArea writes a reference area; it reports whether anything changed.
func (st *store) upsertArea(ctx context.Context, a CrimeArea, order int, now time.Time) (bool, error) {
	var cycles, name, preds string
	var ord int
	err := st.db.QueryRow(ctx, `SELECT cycles, name_en, predecessors, sort_order FROM crime_areas WHERE code = ?`, a.Code).Scan(&cycles, &name, &preds, &ord)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		_, err = st.db.Exec(ctx, `INSERT INTO crime_areas (code, cycles, name_en, predecessors, sort_order, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			a.Code, joinList(a.Cycles), a.NameEN, joinList(a.Predecessors), order, db.T(&now), db.T(&now))
		return err == nil, err
	case err != nil:
		return false, db.Err(err)
	case cycles == joinList(a.Cycles) && name == a.NameEN && preds == joinList(a.Predecessors) && ord == order:
		return false, nil
	}
	_, err = st.db.Exec(ctx, `UPDATE crime_areas SET cycles = ?, name_en = ?, predecessors = ?, sort_order = ?, updated_at = ? WHERE code = ?`,
		joinList(a.Cycles), a.NameEN, joinList(a.Predecessors), order, db.T(&now), a.Code)
	return err == nil, err
}

// --- courses ---

const courseCols = `c.id, c.code, c.title, c.titles, c.level, c.format, c.outcomes, c.target_types, c.hours, c.description,
	c.demo, c.archived_at IS NOT NULL, c.created_at, c.updated_at,
	(SELECT count(*) FROM activities x WHERE x.course_id = c.id),
	COALESCE((SELECT ` + areaAgg + ` FROM course_areas ca WHERE ca.course_id = c.id), '')`

// areaAgg is the course's area codes joined by commas (string_agg with
// ORDER BY: PostgreSQL, and SQLite since 3.44).
const areaAgg = "string_agg(ca.area_code, ',' ORDER BY ca.area_code)"

func scanCourse(sc interface{ Scan(...any) error }, pre ...any) (Course, error) {
	var c Course
	var titles, outcomes, types, areas string
	err := sc.Scan(append(pre, &c.ID, &c.Code, &c.Title, &titles, &c.Level, &c.Format, &outcomes, &types, &c.Hours, &c.Description,
		&c.Demo, &c.Archived, db.T(&c.CreatedAt), db.T(&c.UpdatedAt), &c.Activities, &areas)...)
	if err != nil {
		return c, err
	}
	c.Titles, c.Outcomes = map[string]string{}, []string{}
	_ = json.Unmarshal([]byte(titles), &c.Titles)
	_ = json.Unmarshal([]byte(outcomes), &c.Outcomes)
	c.TargetTypes, c.Areas = splitList(types), splitList(areas)
	slices.Sort(c.Areas)
	return c, nil
}

func (st *store) course(ctx context.Context, id string) (Course, error) {
	c, err := scanCourse(st.db.QueryRow(ctx, `SELECT `+courseCols+` FROM courses c WHERE c.id = ?`, id))
	if err != nil {
		return Course{}, db.NotFound(err, "course")
	}
	return c, nil
}

func courseArgs(in CourseInput) []any {
	titles, _ := json.Marshal(in.Titles)
	outcomes, _ := json.Marshal(in.Outcomes)
	parts := []string{in.Code, in.Title}
	for _, t := range in.Titles {
		parts = append(parts, t)
	}
	return []any{in.Code, in.Title, string(titles), string(in.Level), string(in.Format), string(outcomes), joinList(in.TargetTypes),
		in.Hours, in.Description, sortKey(in.Title), searchText(parts...), in.Demo}
}

const courseWriteCols = `code, title, titles, level, format, outcomes, target_types, hours, description, sort_name, search, demo`

func (st *store) insertCourse(ctx context.Context, id string, in CourseInput, now time.Time) error {
	_, err := st.db.Exec(ctx, `INSERT INTO courses (id, `+courseWriteCols+`, created_at, updated_at) VALUES (?, `+db.Placeholders(12)+`, ?, ?)`,
		append(append([]any{id}, courseArgs(in)...), db.T(&now), db.T(&now))...)
	if err != nil {
		return err
	}
	return st.writeCourseAreas(ctx, id, in.Areas)
}

func (st *store) updateCourse(ctx context.Context, id string, in CourseInput, now time.Time) error {
	_, err := st.db.Exec(ctx, `UPDATE courses SET code = ?, title = ?, titles = ?, level = ?, format = ?, outcomes = ?, target_types = ?,
		hours = ?, description = ?, sort_name = ?, search = ?, demo = ?, updated_at = ? WHERE id = ?`,
		append(courseArgs(in), db.T(&now), id)...)
	if err != nil {
		return err
	}
	if _, err := st.db.Exec(ctx, `DELETE FROM course_areas WHERE course_id = ?`, id); err != nil {
		return err
	}
	return st.writeCourseAreas(ctx, id, in.Areas)
}

func (st *store) writeCourseAreas(ctx context.Context, id string, areas []string) error {
	for _, a := range areas {
		if _, err := st.db.Exec(ctx, `INSERT INTO course_areas (course_id, area_code) VALUES (?, ?)`, id, a); err != nil {
			return err
		}
	}
	return nil
}

func (st *store) setCourseArchived(ctx context.Context, id string, archived bool, now time.Time) error {
	var at any
	if archived {
		at = db.T(&now)
	}
	_, err := st.db.Exec(ctx, `UPDATE courses SET archived_at = ?, updated_at = ? WHERE id = ?`, at, db.T(&now), id)
	return err
}

// --- activities ---

const activityCols = `a.id, a.course_id, c.code, c.title, c.titles, c.format, a.starts_on, a.ends_on, a.time_zone, a.day_starts, a.day_ends,
	a.online, a.venue, a.city, COALESCE(a.country_code, ''), a.languages, a.interpretation, a.capacity, a.status,
	a.call_deadline, a.call_closed_at IS NOT NULL, a.eligible_types, a.eligible_lang, a.respond_by, a.completion_rate,
	a.cancel_reason, a.demo, a.created_at, a.updated_at`

const activityFrom = ` FROM activities a JOIN courses c ON c.id = a.course_id`

func scanActivity(sc interface{ Scan(...any) error }, lang string, pre ...any) (Activity, error) {
	var a Activity
	var titles, langs, interp, types string
	var deadline time.Time
	err := sc.Scan(append(pre, &a.ID, &a.CourseID, &a.CourseCode, &a.CourseTitle, &titles, &a.Format, &a.StartsOn, &a.EndsOn, &a.TimeZone,
		&a.DayStarts, &a.DayEnds, &a.Online, &a.Venue, &a.City, &a.CountryCode, &langs, &interp, &a.Capacity, &a.Status,
		db.T(&deadline), &a.CallClosed, &types, &a.EligibleLang, &a.RespondBy, &a.CompletionRate,
		&a.CancelReason, &a.Demo, db.T(&a.CreatedAt), db.T(&a.UpdatedAt))...)
	if err != nil {
		return a, err
	}
	if lang != "" && lang != "en" {
		var t map[string]string
		if json.Unmarshal([]byte(titles), &t) == nil && t[lang] != "" {
			a.CourseTitle = t[lang]
		}
	}
	a.CallDeadline = deadline
	a.Languages, a.Interpretation, a.EligibleTypes = splitList(langs), splitList(interp), splitList(types)
	a.Seats, a.Trainers = map[string]int{}, []Trainer{}
	return a, nil
}

// activity reads one activity with its seats and trainers; lang picks the
// course title's language.
func (st *store) activity(ctx context.Context, id, lang string) (Activity, error) {
	a, err := scanActivity(st.db.QueryRow(ctx, `SELECT `+activityCols+activityFrom+` WHERE a.id = ?`, id), lang)
	if err != nil {
		return Activity{}, db.NotFound(err, "activity")
	}
	if err := st.fillActivities(ctx, []*Activity{&a}); err != nil {
		return Activity{}, err
	}
	return a, nil
}

// fillActivities reads the seats and trainers of the given activities.
func (st *store) fillActivities(ctx context.Context, as []*Activity) error {
	if len(as) == 0 {
		return nil
	}
	byID := map[string]*Activity{}
	args := make([]any, len(as))
	for i, a := range as {
		byID[a.ID], args[i] = a, a.ID
	}
	in := `(` + db.Placeholders(len(as)) + `)`
	rows, err := st.db.Query(ctx, `SELECT activity_id, country_code, seats FROM activity_seats WHERE activity_id IN `+in, args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id, c string
		var n int
		if err := rows.Scan(&id, &c, &n); err != nil {
			rows.Close()
			return db.Err(err)
		}
		byID[id].Seats[c] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return db.Err(err)
	}
	rows, err = st.db.Query(ctx, `SELECT t.activity_id, p.id, p.given_name, p.family_name FROM activity_trainers t
		JOIN people p ON p.id = t.person_id WHERE t.activity_id IN `+in+` ORDER BY p.sort_name, p.id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var t Trainer
		var given, family string
		if err := rows.Scan(&id, &t.PersonID, &given, &family); err != nil {
			return db.Err(err)
		}
		t.Name = strings.TrimSpace(given + " " + family)
		byID[id].Trainers = append(byID[id].Trainers, t)
	}
	return db.Err(rows.Err())
}

func activityArgs(in ActivityInput) []any {
	var country any
	if in.CountryCode != "" {
		country = in.CountryCode
	}
	return []any{in.CourseID, in.StartsOn, in.EndsOn, in.TimeZone, in.DayStarts, in.DayEnds, in.Online, in.Venue, in.City, country,
		joinList(in.Languages), joinList(in.Interpretation), in.Capacity, in.CompletionRate, in.Demo}
}

const activityWriteCols = `course_id, starts_on, ends_on, time_zone, day_starts, day_ends, online, venue, city, country_code,
	languages, interpretation, capacity, completion_rate, demo`

func (st *store) insertActivity(ctx context.Context, id string, in ActivityInput, now time.Time) error {
	_, err := st.db.Exec(ctx, `INSERT INTO activities (id, `+activityWriteCols+`, status, created_at, updated_at)
		VALUES (?, `+db.Placeholders(15)+`, ?, ?, ?)`,
		append(append([]any{id}, activityArgs(in)...), string(StatusPlanned), db.T(&now), db.T(&now))...)
	if err != nil {
		return err
	}
	return st.writeActivityParts(ctx, id, in)
}

func (st *store) updateActivity(ctx context.Context, id string, in ActivityInput, now time.Time) error {
	_, err := st.db.Exec(ctx, `UPDATE activities SET course_id = ?, starts_on = ?, ends_on = ?, time_zone = ?, day_starts = ?, day_ends = ?,
		online = ?, venue = ?, city = ?, country_code = ?, languages = ?, interpretation = ?, capacity = ?, completion_rate = ?, demo = ?,
		updated_at = ? WHERE id = ?`, append(activityArgs(in), db.T(&now), id)...)
	if err != nil {
		return err
	}
	for _, t := range []string{"activity_seats", "activity_trainers"} {
		if _, err := st.db.Exec(ctx, `DELETE FROM `+t+` WHERE activity_id = ?`, id); err != nil {
			return err
		}
	}
	return st.writeActivityParts(ctx, id, in)
}

func (st *store) writeActivityParts(ctx context.Context, id string, in ActivityInput) error {
	countries := make([]string, 0, len(in.Seats))
	for c := range in.Seats {
		countries = append(countries, c)
	}
	slices.Sort(countries)
	for _, c := range countries {
		if _, err := st.db.Exec(ctx, `INSERT INTO activity_seats (activity_id, country_code, seats) VALUES (?, ?, ?)`, id, c, in.Seats[c]); err != nil {
			return err
		}
	}
	for _, p := range in.TrainerIDs {
		if _, err := st.db.Exec(ctx, `INSERT INTO activity_trainers (activity_id, person_id) VALUES (?, ?)`, id, p); err != nil {
			return err
		}
	}
	return nil
}

// lockActivity takes the activity's row for the rest of the transaction
// (FOR UPDATE on PostgreSQL; SQLite's single writer already serialises)
// and returns its status, so that status changes and seat counts made in
// the same transaction cannot interleave with another's.
func (st *store) lockActivity(ctx context.Context, id string) (Status, error) {
	var s Status
	err := st.db.QueryRow(ctx, `SELECT status FROM activities WHERE id = ?`+st.db.ForUpdate(), id).Scan(&s)
	return s, db.NotFound(err, "activity")
}

func (st *store) setStatus(ctx context.Context, id string, s Status, reason string, now time.Time) error {
	_, err := st.db.Exec(ctx, `UPDATE activities SET status = ?, cancel_reason = CASE WHEN ? = 'cancelled' THEN ? ELSE cancel_reason END,
		updated_at = ? WHERE id = ?`, string(s), string(s), reason, db.T(&now), id)
	return err
}

// --- helpers ---

// sortKey and searchText are the sort and search columns' values.
var sortKey, searchText = names.SortKey, names.SearchText

func joinList(l []string) string { return strings.Join(l, ",") }

func splitList(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

// countryCodes lists the directory's country codes.
func (st *store) countryCodes(ctx context.Context) ([]string, error) {
	rows, err := st.db.Query(ctx, `SELECT code FROM countries ORDER BY code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, db.Err(err)
		}
		out = append(out, c)
	}
	return out, db.Err(rows.Err())
}

// activePeople counts the people of ids that exist and are not archived.
func (st *store) activePeople(ctx context.Context, ids []string) (int, error) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	var n int
	err := st.db.QueryRow(ctx, `SELECT count(*) FROM people WHERE archived_at IS NULL AND id IN (`+db.Placeholders(len(ids))+`)`, args...).Scan(&n)
	return n, db.Err(err)
}

// --- nominations ---

// nomineeFacts are what a nomination checks of a person.
type nomineeFacts struct {
	country, agencyType string
	languages           []string
}

// nominee reads an active person's country, agency type and languages.
func (st *store) nominee(ctx context.Context, personID string) (nomineeFacts, error) {
	var f nomineeFacts
	if !core.ValidID(personID) {
		return f, core.Errorf(core.NotFound, "person not found")
	}
	var langs string
	err := st.db.QueryRow(ctx, `SELECT p.country_code, ag.type, p.languages FROM people p JOIN agencies ag ON ag.id = p.agency_id
		WHERE p.id = ? AND p.archived_at IS NULL`, personID).Scan(&f.country, &f.agencyType, &langs)
	f.languages = splitList(langs)
	return f, db.NotFound(err, "person")
}

const nominationCols = `n.id, n.activity_id, n.person_id, p.given_name, p.family_name, ag.name, ag.type, p.sex, n.country_code,
	n.priority, n.motivation, n.status, n.reserve_rank, n.override_outcome, n.override_reason, n.reason, n.nominated_by,
	n.decided_at, n.created_at, n.updated_at, n.respond_by`

const nominationFrom = ` FROM nominations n JOIN people p ON p.id = n.person_id JOIN agencies ag ON ag.id = p.agency_id`

func scanNomination(sc interface{ Scan(...any) error }) (Nomination, error) {
	var n Nomination
	var given, family string
	err := sc.Scan(&n.ID, &n.ActivityID, &n.PersonID, &given, &family, &n.AgencyName, &n.AgencyType, &n.Sex, &n.CountryCode,
		&n.Priority, &n.Motivation, &n.Status, &n.ReserveRank, &n.Override, &n.OverrideWhy, &n.Reason, &n.NominatedBy,
		db.T(&n.DecidedAt), db.T(&n.CreatedAt), db.T(&n.UpdatedAt), &n.RespondBy)
	n.Name = strings.TrimSpace(given + " " + family)
	return n, err
}

func (st *store) nomination(ctx context.Context, id string) (Nomination, error) {
	n, err := scanNomination(st.db.QueryRow(ctx, `SELECT `+nominationCols+nominationFrom+` WHERE n.id = ?`, id))
	return n, db.NotFound(err, "nomination")
}

func (st *store) nominationOf(ctx context.Context, activityID, personID string) (Nomination, error) {
	n, err := scanNomination(st.db.QueryRow(ctx, `SELECT `+nominationCols+nominationFrom+` WHERE n.activity_id = ? AND n.person_id = ?`, activityID, personID))
	return n, db.NotFound(err, "nomination")
}

// nominations lists the nominations matching where, by country, then
// priority, then nomination time.
func (st *store) nominations(ctx context.Context, where db.Cond) ([]Nomination, error) {
	w, args := db.Where([]db.Cond{where})
	rows, err := st.db.Query(ctx, `SELECT `+nominationCols+nominationFrom+w+` ORDER BY n.country_code, n.priority, n.created_at, n.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Nomination{}
	for rows.Next() {
		n, err := scanNomination(rows)
		if err != nil {
			return nil, db.Err(err)
		}
		out = append(out, n)
	}
	return out, db.Err(rows.Err())
}

// nextPriority is one after the country's last active priority.
func (st *store) nextPriority(ctx context.Context, activityID, country string) (int, error) {
	var n int
	err := st.db.QueryRow(ctx, `SELECT COALESCE(max(priority), 0) + 1 FROM nominations WHERE activity_id = ? AND country_code = ? AND status = ?`,
		activityID, country, string(NomNominated)).Scan(&n)
	return n, db.Err(err)
}

func (st *store) insertNomination(ctx context.Context, id, activityID, country string, in NominationInput, by string, now time.Time) error {
	_, err := st.db.Exec(ctx, `INSERT INTO nominations (id, activity_id, person_id, country_code, priority, motivation, status, nominated_by,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, activityID, in.PersonID, country, in.Priority, in.Motivation, string(NomNominated), by, db.T(&now), db.T(&now))
	return err
}

// renominate makes a withdrawn nomination active again.
func (st *store) renominate(ctx context.Context, id string, in NominationInput, by string, now time.Time) error {
	_, err := st.db.Exec(ctx, `UPDATE nominations SET status = ?, priority = ?, motivation = ?, nominated_by = ?, reason = '',
		override_outcome = '', override_reason = '', reserve_rank = 0, respond_by = '', decided_at = NULL, created_at = ?, updated_at = ? WHERE id = ?`,
		string(NomNominated), in.Priority, in.Motivation, by, db.T(&now), db.T(&now), id)
	return err
}
