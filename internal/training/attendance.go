package training

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/i18n"
)

// Attendance per day and completion (issue 8 §6).
//
// The activity's trainers and the coordinators mark, in bulk, who of the
// participants (the nominations holding a seat: selected or accepted) was
// present on which of the activity's days. A completion rule per activity
// (CompletionRate, default 80% of the days) decides who completed, once
// the activity is delivered. Who sees the list: staff and the activity's
// trainers everyone; an ncp their country's participants; a participant
// their own row; an observer the summary only.

// MaxAttendanceRecords caps the records of one MarkAttendance call.
const MaxAttendanceRecords = 5000

// maxRecordErrors caps the field errors one call reports: a file of
// thousands of bad records says what is wrong with the first ones.
const maxRecordErrors = 100

// Validation codes of attendance.
const (
	CodeNotParticipant = "not_participant" // the person holds no seat on the activity
	CodeFutureDay      = "future_day"      // the day has not come yet in the activity's time zone
	CodeMarkNotAllowed = "not_allowed"     // the activity's status admits no marking
	CodeDuplicate      = "duplicate"       // the same person and day twice in one call
)

// AttendanceRecord is one person's presence on one day of an activity.
type AttendanceRecord struct {
	PersonID string `json:"person_id"`
	Date     string `json:"date" doc:"Day of the activity, YYYY-MM-DD, in its time zone"`
	Present  bool   `json:"present"`
}

// Participant is one participant of an activity with their attendance
// and outcome.
type Participant struct {
	PersonID    string           `json:"person_id"`
	Name        string           `json:"name"`
	Agency      string           `json:"agency"`
	CountryCode string           `json:"country_code"`
	Status      NominationStatus `json:"status" doc:"The nomination's status: selected or accepted"`
	DaysPresent int              `json:"days_present"`
	Days        int              `json:"days" doc:"Number of days of the activity"`
	Rate        float64          `json:"attendance_rate" doc:"Days present over all the activity's days, in percent (one decimal)"`
	Completed   bool             `json:"completed" doc:"Met the completion rule; false until the activity is delivered (see outcome_final)"`
	Unmet       []string         `json:"unmet,omitempty" doc:"The rule's conditions beyond attendance not met yet (see conditions)"`
	Attendance  map[string]bool  `json:"attendance" doc:"The days marked: date → present"`
}

// DayCount is how many participants were marked present and absent on
// one day; the rest are not marked.
type DayCount struct {
	Date     string `json:"date"`
	Present  int    `json:"present"`
	Absent   int    `json:"absent"`
	Unmarked int    `json:"unmarked"`
}

// AttendanceSummary is the aggregate of a participant list.
type AttendanceSummary struct {
	Participants int        `json:"participants"`
	Completed    int        `json:"completed"`
	PerDay       []DayCount `json:"per_day"`
}

// ParticipantList is an activity's participants as the actor may see
// them, and the summary of those rows (an observer: of all, with no
// rows).
type ParticipantList struct {
	ActivityID     string            `json:"activity_id"`
	Days           []string          `json:"days"`
	CompletionRate int               `json:"completion_rate" doc:"Minimum share of days attended to complete, in percent"`
	Conditions     []string          `json:"conditions" doc:"The rule's conditions beyond attendance (learning: post_test, post_score, survey)"`
	Final          bool              `json:"outcome_final" doc:"Whether completion is decided: the activity is delivered or closed"`
	AggregateOnly  bool              `json:"aggregate_only,omitempty" doc:"Set for observers, who get the summary only"`
	Items          []Participant     `json:"items"`
	Total          int               `json:"total"`
	Next           string            `json:"next"`
	Summary        AttendanceSummary `json:"summary"`
}

// Completed is the attendance part of the completion rule: at least
// rule percent of days attended (4 of 5 days meets 80). An activity
// without days completes nobody. The conditions capabilities built on
// training add (a post-test taken, a survey answered) are checked by
// their CompletionRule.
func Completed(daysPresent, days, rule int) bool {
	return days > 0 && daysPresent*100 >= rule*days
}

// AttendanceRate is days present over days in percent, rounded to one
// decimal.
func AttendanceRate(daysPresent, days int) float64 {
	if days <= 0 {
		return 0
	}
	return math.Round(float64(daysPresent)*1000/float64(days)) / 10
}

// CompletionRule is the part of an activity's completion rule that a
// capability built on training adds (learning: a post-test taken, a
// minimum post-test score, the satisfaction survey answered). Unmet
// returns the conditions set on the activity and, for each of people, the
// ones they have not met (none: absent from the map); Label names a
// condition in l's language. It runs inside the caller's reads.
type CompletionRule interface {
	Unmet(ctx context.Context, activityID string, people []string) (conditions []string, unmet map[string][]string, err error)
	Label(l *i18n.Localizer, condition string) string
}

// hooks are what capabilities built on training plug into it at build
// time; every copy of the Service (At, WithNotices) shares them.
type hooks struct {
	completion CompletionRule
	links      []ActivityLinks
	delivered  []func(ctx context.Context, act Activity) error
}

// OnDelivered adds f to what runs once an activity (not of the demo data
// set) has been moved to delivered, after that move is committed, as the
// system: certs issues the certificates of those who completed it. An
// error of f is logged and leaves the move done; f's work must be
// retried by the capability itself (certs: its hourly job).
func (s *Service) OnDelivered(f func(ctx context.Context, act Activity) error) {
	s.hooks.delivered = append(s.hooks.delivered, f)
}

// ActivityLink is a link an activity's page shows to a page of a
// capability built on training (learning: its tests and surveys, its
// results).
type ActivityLink struct {
	Label, URL string
	Primary    bool // a main action, shown as a button
}

// ActivityLinks returns the links act's page shows the actor of ctx, in
// l's language; none is fine.
type ActivityLinks func(ctx context.Context, l *i18n.Localizer, act Activity) ([]ActivityLink, error)

// AddActivityLinks adds links to every activity's page. Call it from a
// capability's Build or Pages, before serving.
func (s *Service) AddActivityLinks(f ActivityLinks) { s.hooks.links = append(s.hooks.links, f) }

// activityLinks are the links the capabilities built on training add to
// act's page for the actor of ctx.
func (s *Service) activityLinks(ctx context.Context, l *i18n.Localizer, act Activity) ([]ActivityLink, error) {
	var out []ActivityLink
	for _, f := range s.hooks.links {
		links, err := f(ctx, l, act)
		if err != nil {
			return nil, err
		}
		out = append(out, links...)
	}
	return out, nil
}

// SetCompletionRule plugs rule into the completion rule of every
// activity. Call it from a capability's Build, before serving.
func (s *Service) SetCompletionRule(rule CompletionRule) { s.hooks.completion = rule }

// completionLabel names a condition of the rule in l's language.
func (s *Service) completionLabel(l *i18n.Localizer, condition string) string {
	if s.hooks.completion == nil {
		return condition
	}
	return s.hooks.completion.Label(l, condition)
}

// outcomeFinal reports whether completion is decided for an activity in s.
func outcomeFinal(s Status) bool { return s == StatusDelivered || s == StatusClosed }

// markable reports whether attendance may be marked on an activity in s.
func markable(s Status) bool { return s == StatusConfirmed || s == StatusDelivered }

// trains reports whether the person personID delivers act.
func trains(act Activity, personID string) bool {
	return core.ValidID(personID) && slices.ContainsFunc(act.Trainers, func(t Trainer) bool { return t.PersonID == personID })
}

// AttendanceRights is what the actor may do with an activity's attendance.
type AttendanceRights struct {
	See  bool // the participants page (or its summary)
	Mark bool // the attendance page's toggles, now (status and token allowing)
	// Marker is set for staff and the activity's trainers, whatever the
	// status: they reach the attendance page (read-only once closed).
	Marker bool
}

// AttendanceRights says what the actor of ctx may do with act's
// attendance (pages show links and toggles; the methods decide again).
func (s *Service) AttendanceRights(ctx context.Context, act Activity) (AttendanceRights, error) {
	a := core.ActorFrom(ctx)
	if !a.Authenticated() {
		return AttendanceRights{}, nil
	}
	r := AttendanceRights{Marker: a.IsStaff() || trains(act, a.PersonID)}
	r.Mark = r.Marker && !a.ReadOnly && markable(act.Status)
	if r.Marker || len(a.Countries(core.RoleNCP)) > 0 || onlyObserver(a) {
		r.See = true
		return r, nil
	}
	if core.ValidID(a.PersonID) {
		var n int
		if err := s.db.QueryRow(ctx, `SELECT count(*) FROM nominations WHERE activity_id = ? AND person_id = ? AND status IN (?, ?)`,
			act.ID, a.PersonID, string(NomSelected), string(NomAccepted)).Scan(&n); err != nil {
			return r, db.Err(err)
		}
		r.See = n > 0
	}
	return r, nil
}

// MarkAttendance records records on an activity, all or nothing: the
// activity's trainers and coordinators (admins), with a token that may
// write, while the activity is confirmed or delivered. Every record must
// name a participant (a seat holder), a day of the activity that is not
// after today in its time zone, and come once; a second mark of a day
// changes it. It returns the number of marks that changed, and records
// one audit entry listing them (person, day, from → to). Errors: invalid
// with field errors naming the record ("records[3].date": out_of_range,
// future_day, duplicate, invalid; "records[3].person_id": unknown,
// not_participant; "status": not_allowed; "records": too_long above
// MaxAttendanceRecords), forbidden (not a trainer of this activity, nor
// staff; read-only token), not_found.
func (s *Service) MarkAttendance(ctx context.Context, activityID string, records []AttendanceRecord) (int, error) {
	a, err := reader(ctx)
	if err != nil {
		return 0, err
	}
	if a.ReadOnly {
		return 0, core.Errorf(core.Forbidden, "this token is read-only")
	}
	if !core.ValidID(activityID) {
		return 0, notFound("activity")
	}
	changed := 0
	err = s.db.Write(ctx, func(ctx context.Context) error {
		status, err := s.st.lockActivity(ctx, activityID)
		if err != nil {
			return err
		}
		act, err := s.st.activity(ctx, activityID, "")
		if err != nil {
			return err
		}
		if !a.IsStaff() && !trains(act, a.PersonID) {
			return core.Errorf(core.Forbidden, "only the activity's trainers and coordinators mark attendance")
		}
		var v core.Validation
		if !markable(status) {
			v.Add("status", CodeMarkNotAllowed, string(status))
		}
		if len(records) > MaxAttendanceRecords {
			v.Add("records", CodeTooLong, strconv.Itoa(MaxAttendanceRecords))
		}
		if err := v.Err(); err != nil {
			return err
		}
		seats, err := s.st.seatHolders(ctx, activityID)
		if err != nil {
			return err
		}
		known, err := s.st.existingPeople(ctx, records, seats)
		if err != nil {
			return err
		}
		s.checkRecords(&v, act, records, seats, known)
		if err := v.Err(); err != nil {
			return err
		}
		cur, err := s.st.attendanceOf(ctx, activityID)
		if err != nil {
			return err
		}
		var writes []AttendanceRecord
		var changes []map[string]any
		for _, r := range records {
			old, marked := cur[r.PersonID+"|"+r.Date]
			if marked && old == r.Present {
				continue
			}
			writes = append(writes, r)
			changes = append(changes, map[string]any{"person_id": r.PersonID, "day": r.Date, "from": markText(old, marked), "to": markText(r.Present, true)})
		}
		now := s.now()
		if err := s.st.upsertAttendance(ctx, activityID, writes, a.Label(), now); err != nil {
			return err
		}
		changed = len(writes)
		return s.record(ctx, "attendance", "mark", activityID, map[string]any{"records": len(records), "changed": changed, "changes": changes})
	})
	return changed, err
}

// checkRecords adds a field error for each bad record (up to
// maxRecordErrors): seats are the participants' countries by person,
// known the people that exist.
func (s *Service) checkRecords(v *core.Validation, act Activity, records []AttendanceRecord, seats map[string]string, known map[string]bool) {
	days, today := act.Days(), s.today(act)
	seen := make(map[string]bool, len(records))
	bad := 0
	for i, r := range records {
		if bad >= maxRecordErrors {
			return
		}
		at := "records[" + strconv.Itoa(i) + "]."
		n := len(v.Fields)
		_, seat := seats[r.PersonID]
		switch {
		case !core.ValidID(r.PersonID) || (!seat && !known[r.PersonID]):
			v.Add(at+"person_id", CodeUnknown)
		case !seat:
			v.Add(at+"person_id", CodeNotParticipant)
		}
		_, err := time.Parse(time.DateOnly, r.Date)
		switch {
		case err != nil:
			v.Add(at+"date", CodeInvalid)
		case !slices.Contains(days, r.Date):
			v.Add(at+"date", CodeOutOfRange, act.StartsOn+"/"+act.EndsOn)
		case r.Date > today:
			v.Add(at+"date", CodeFutureDay, today)
		case seen[r.PersonID+"|"+r.Date]:
			v.Add(at+"date", CodeDuplicate)
		}
		seen[r.PersonID+"|"+r.Date] = true
		if len(v.Fields) > n {
			bad++
		}
	}
}

// today is the date now in the activity's time zone.
func (s *Service) today(act Activity) string {
	if loc, err := time.LoadLocation(act.TimeZone); err == nil {
		return s.now().In(loc).Format(time.DateOnly)
	}
	return s.now().Format(time.DateOnly)
}

// markText is a mark as the audit log lists it.
func markText(present, marked bool) string {
	switch {
	case !marked:
		return "unmarked"
	case present:
		return "present"
	}
	return "absent"
}

// participantVisibility is the SQL condition, over nominations n of an
// activity, under which a sees a participant: staff all; the activity's
// trainers all; an ncp their countries'; anyone their own row.
func participantVisibility(a core.Actor) db.Cond {
	if a.IsStaff() {
		return db.Always
	}
	var parts []string
	var args []any
	if core.ValidID(a.PersonID) {
		parts = append(parts, "n.person_id = ?", "EXISTS (SELECT 1 FROM activity_trainers tr WHERE tr.activity_id = n.activity_id AND tr.person_id = ?)")
		args = append(args, a.PersonID, a.PersonID)
	}
	if cs := a.Countries(core.RoleNCP); len(cs) > 0 {
		in := db.In("n.country_code", cs)
		parts, args = append(parts, in.SQL), append(args, in.Args...)
	}
	if len(parts) == 0 {
		return db.Never
	}
	return db.Cond{SQL: "(" + strings.Join(parts, " OR ") + ")", Args: args}
}

// Participants lists an activity's participants (seat holders) as the
// actor may see them, by country and name, each with the days present,
// the rate over all of the activity's days and whether they completed
// (only once the activity is delivered or closed: before, completed is
// false and outcome_final says so), with the summary of those rows. The
// scope is in the query: staff and the activity's trainers see everyone,
// an ncp their country's, a participant their own row; an observer gets
// the summary of all and no rows. Anyone else (a trainer of another
// activity, a person who holds no seat on it) gets not_found. The people
// shown are recorded as a read of personal data.
func (s *Service) Participants(ctx context.Context, activityID string) (ParticipantList, error) {
	a, err := reader(ctx)
	if err != nil {
		return ParticipantList{}, err
	}
	if !core.ValidID(activityID) {
		return ParticipantList{}, notFound("activity")
	}
	act, err := s.st.activity(ctx, activityID, "")
	if err != nil {
		return ParticipantList{}, err
	}
	rights, err := s.AttendanceRights(ctx, act)
	if err != nil {
		return ParticipantList{}, err
	}
	if !rights.See {
		return ParticipantList{}, notFound("activity")
	}
	vis := participantVisibility(a)
	aggregate := onlyObserver(a)
	if aggregate {
		vis = db.Always // counted below, never returned
	}
	var rows []Participant
	err = s.db.Read(ctx, func(ctx context.Context) error {
		var err error
		rows, err = s.st.participants(ctx, activityID, vis)
		return err
	})
	if err != nil {
		return ParticipantList{}, err
	}
	out := ParticipantList{ActivityID: act.ID, Days: act.Days(), CompletionRate: act.CompletionRate, Final: outcomeFinal(act.Status),
		AggregateOnly: aggregate, Items: []Participant{}, Conditions: []string{}}
	if out.Days == nil {
		out.Days = []string{}
	}
	unmet := map[string][]string{}
	if rule := s.hooks.completion; rule != nil {
		people := make([]string, len(rows))
		for i, p := range rows {
			people[i] = p.PersonID
		}
		if out.Conditions, unmet, err = rule.Unmet(ctx, act.ID, people); err != nil {
			return ParticipantList{}, err
		}
		if out.Conditions == nil {
			out.Conditions = []string{}
		}
	}
	for i := range rows {
		rows[i].Unmet = unmet[rows[i].PersonID]
	}
	out.Summary = summarize(&rows, out.Days, act.CompletionRate, out.Final)
	if aggregate {
		return out, nil
	}
	out.Items, out.Total = rows, len(rows)
	if len(rows) > 0 {
		ids := make([]string, len(rows))
		for i, p := range rows {
			ids[i] = p.PersonID
		}
		if err := s.log.RecordRead(ctx, auditRead("participants_listed", "activity", activityID, ids)); err != nil {
			return ParticipantList{}, err
		}
	}
	return out, nil
}

// summarize fills each row's days, rate and outcome and counts them.
func summarize(rows *[]Participant, days []string, rule int, final bool) AttendanceSummary {
	sum := AttendanceSummary{Participants: len(*rows), PerDay: make([]DayCount, len(days))}
	at := make(map[string]int, len(days))
	for i, d := range days {
		sum.PerDay[i] = DayCount{Date: d}
		at[d] = i
	}
	for i := range *rows {
		p := &(*rows)[i]
		p.Days, p.DaysPresent = len(days), 0
		for d, present := range p.Attendance {
			k, ok := at[d]
			if !ok {
				continue
			}
			if present {
				p.DaysPresent++
				sum.PerDay[k].Present++
			} else {
				sum.PerDay[k].Absent++
			}
		}
		p.Rate = AttendanceRate(p.DaysPresent, p.Days)
		p.Completed = final && Completed(p.DaysPresent, p.Days, rule) && len(p.Unmet) == 0
		if p.Completed {
			sum.Completed++
		}
	}
	for i := range sum.PerDay {
		sum.PerDay[i].Unmarked = sum.Participants - sum.PerDay[i].Present - sum.PerDay[i].Absent
	}
	return sum
}

// --- SQL ---

// seatHolders maps the people holding a seat on an activity to their
// country.
func (st *store) seatHolders(ctx context.Context, activityID string) (map[string]string, error) {
	rows, err := st.db.Query(ctx, `SELECT person_id, country_code FROM nominations WHERE activity_id = ? AND status IN (?, ?)`,
		activityID, string(NomSelected), string(NomAccepted))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, c string
		if err := rows.Scan(&id, &c); err != nil {
			return nil, db.Err(err)
		}
		out[id] = c
	}
	return out, db.Err(rows.Err())
}

// existingPeople reports which of the records' people who hold no seat
// exist in the directory (to tell not_participant from unknown).
func (st *store) existingPeople(ctx context.Context, records []AttendanceRecord, seats map[string]string) (map[string]bool, error) {
	var ids []string
	for _, r := range records {
		if _, seat := seats[r.PersonID]; !seat && core.ValidID(r.PersonID) && !slices.Contains(ids, r.PersonID) {
			ids = append(ids, r.PersonID)
		}
	}
	out := map[string]bool{}
	for chunk := range slices.Chunk(ids, 500) {
		in := db.In("id", chunk)
		rows, err := st.db.Query(ctx, `SELECT id FROM people WHERE `+in.SQL, in.Args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, db.Err(err)
			}
			out[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, db.Err(err)
		}
	}
	return out, nil
}

// attendanceOf is an activity's marks by "person|day".
func (st *store) attendanceOf(ctx context.Context, activityID string) (map[string]bool, error) {
	rows, err := st.db.Query(ctx, `SELECT person_id, day, present FROM attendance WHERE activity_id = ?`, activityID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var p, d string
		var present bool
		if err := rows.Scan(&p, &d, &present); err != nil {
			return nil, db.Err(err)
		}
		out[p+"|"+d] = present
	}
	return out, db.Err(rows.Err())
}

// upsertAttendance writes records (inserting or changing each day's
// mark), a few hundred rows per statement.
func (st *store) upsertAttendance(ctx context.Context, activityID string, records []AttendanceRecord, by string, now time.Time) error {
	for chunk := range slices.Chunk(records, 200) {
		var b strings.Builder
		args := make([]any, 0, len(chunk)*6)
		for i, r := range chunk {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(" + db.Placeholders(6) + ")")
			args = append(args, activityID, r.PersonID, r.Date, r.Present, by, db.T(&now))
		}
		if _, err := st.db.Exec(ctx, `INSERT INTO attendance (activity_id, person_id, day, present, marked_by, marked_at) VALUES `+b.String()+`
			ON CONFLICT (activity_id, person_id, day) DO UPDATE SET present = excluded.present, marked_by = excluded.marked_by,
			marked_at = excluded.marked_at`, args...); err != nil {
			return err
		}
	}
	return nil
}

// participants reads an activity's seat holders matching vis (a
// condition over nominations n), by country and name, with their marks.
func (st *store) participants(ctx context.Context, activityID string, vis db.Cond) ([]Participant, error) {
	args := append([]any{activityID, string(NomSelected), string(NomAccepted)}, vis.Args...)
	rows, err := st.db.Query(ctx, `SELECT n.person_id, p.given_name, p.family_name, ag.name, n.country_code, n.status
		FROM nominations n JOIN people p ON p.id = n.person_id JOIN agencies ag ON ag.id = p.agency_id
		WHERE n.activity_id = ? AND n.status IN (?, ?) AND `+vis.SQL+`
		ORDER BY n.country_code, p.sort_name, p.id`, args...)
	if err != nil {
		return nil, err
	}
	out := []Participant{}
	at := map[string]int{}
	for rows.Next() {
		var p Participant
		var given, family string
		if err := rows.Scan(&p.PersonID, &given, &family, &p.Agency, &p.CountryCode, &p.Status); err != nil {
			rows.Close()
			return nil, db.Err(err)
		}
		p.Name, p.Attendance = strings.TrimSpace(given+" "+family), map[string]bool{}
		at[p.PersonID] = len(out)
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, db.Err(err)
	}
	if len(out) == 0 {
		return out, nil
	}
	// The marks of the same rows: the same scope, joined to the seats.
	rows, err = st.db.Query(ctx, `SELECT t.person_id, t.day, t.present FROM attendance t
		JOIN nominations n ON n.activity_id = t.activity_id AND n.person_id = t.person_id
		WHERE t.activity_id = ? AND n.status IN (?, ?) AND `+vis.SQL, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, day string
		var present bool
		if err := rows.Scan(&id, &day, &present); err != nil {
			return nil, db.Err(err)
		}
		if i, ok := at[id]; ok {
			out[i].Attendance[day] = present
		}
	}
	return out, db.Err(rows.Err())
}
