package training_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/training"
)

// TestCompleted is the completion rule at its boundaries.
func TestCompleted(t *testing.T) {
	for _, tc := range []struct {
		present, days, rule int
		want                bool
	}{
		{4, 5, 80, true}, // exactly 80%
		{3, 5, 80, false},
		{5, 5, 80, true},
		{8, 10, 80, true},
		{7, 10, 80, false},
		{80, 100, 80, true},
		{79, 100, 80, false},
		{2, 3, 80, false}, // 66.7%
		{1, 3, 33, true},  // 33.3% ≥ 33
		{1, 3, 34, false},
		{5, 5, 100, true},
		{4, 5, 100, false},
		{1, 1, 100, true},
		{0, 1, 1, false},
		{0, 0, 80, false}, // no days: nobody completes
	} {
		if got := training.Completed(tc.present, tc.days, tc.rule); got != tc.want {
			t.Errorf("Completed(%d, %d, %d) = %v, want %v", tc.present, tc.days, tc.rule, got, tc.want)
		}
	}
	for _, tc := range []struct {
		present, days int
		want          float64
	}{{4, 5, 80}, {2, 3, 66.7}, {1, 3, 33.3}, {0, 5, 0}, {5, 5, 100}, {0, 0, 0}, {1, 6, 16.7}} {
		if got := training.AttendanceRate(tc.present, tc.days); got != tc.want {
			t.Errorf("AttendanceRate(%d, %d) = %v, want %v", tc.present, tc.days, got, tc.want)
		}
	}
}

// attEnv is a confirmed activity of five days (2030-03-04 to 08, Kyiv
// time) delivered by Tudor Rusu, with three Georgian and two Ukrainian
// participants, a Georgian on the reserve list, a person never nominated,
// and another activity delivered by Nino Beridze.
type attEnv struct {
	*env
	act, other     training.Activity
	ge, ua         []directory.Person
	reserve, never directory.Person
}

var attClock = struct{ call, confirm, during, evening, after, closing time.Time }{
	call:    time.Date(2030, 1, 10, 9, 0, 0, 0, time.UTC),
	confirm: time.Date(2030, 2, 2, 9, 0, 0, 0, time.UTC),
	during:  time.Date(2030, 3, 6, 10, 0, 0, 0, time.UTC),  // 12:00 on the 6th in Kyiv
	evening: time.Date(2030, 3, 6, 22, 30, 0, 0, time.UTC), // 00:30 on the 7th in Kyiv
	after:   time.Date(2030, 3, 9, 10, 0, 0, 0, time.UTC),
	closing: time.Date(2030, 4, 9, 10, 0, 0, 0, time.UTC),
}

func seedAttendance(t *testing.T, e *env) *attEnv {
	t.Helper()
	coord := as(core.RoleCoordinator, "")
	at := e.svc.At(attClock.call)
	c := must[training.Course](t)(at.CreateCourse(coord, cyberCourse()))
	ae := &attEnv{env: e}
	ae.act = must[training.Activity](t)(at.CreateActivity(coord, training.ActivityInput{CourseID: c.ID, StartsOn: "2030-03-04", EndsOn: "2030-03-08",
		TimeZone: "Europe/Kyiv", City: "Kyiv", CountryCode: "UA", Languages: []string{"en"}, Capacity: 5, Seats: map[string]int{"GE": 3, "UA": 2},
		TrainerIDs: []string{e.tudor.ID}}))
	ae.other = must[training.Activity](t)(at.CreateActivity(coord, training.ActivityInput{CourseID: c.ID, StartsOn: "2030-03-04", EndsOn: "2030-03-05",
		Online: true, Languages: []string{"en"}, Capacity: 10, TrainerIDs: []string{e.nino.ID}}))
	ua := must[directory.Agency](t)(e.dir.CreateAgency(sys(), directory.AgencyInput{Code: "UA-NPU", CountryCode: "UA", Name: "National Police", Type: directory.AgencyPolice}))
	person := func(ag directory.Agency, given, family string) directory.Person {
		t.Helper()
		p, _, err := e.dir.CreatePerson(sys(), directory.PersonInput{AgencyID: ag.ID, GivenName: given, FamilyName: family, Sex: directory.SexFemale})
		if err != nil {
			t.Fatal(err, fieldErrs(err))
		}
		return p
	}
	ae.ge = []directory.Person{person(e.ge, "Ana", "Abashidze"), person(e.ge, "Eka", "Bolkvadze"), person(e.ge, "Lela", "Chikovani")}
	ae.ua = []directory.Person{person(ua, "Olena", "Bondar"), person(ua, "Iryna", "Hnatiuk")}
	ae.reserve, ae.never = person(e.ge, "Maia", "Dolidze"), person(e.ge, "Nika", "Eristavi")
	must[training.Activity](t)(at.OpenCall(coord, ae.act.ID, training.CallInput{Deadline: time.Date(2030, 2, 1, 12, 0, 0, 0, time.UTC)}))
	for _, p := range append(append(slices.Clone(ae.ge), ae.ua...), ae.reserve) {
		must[training.Nomination](t)(at.Nominate(coord, ae.act.ID, training.NominationInput{PersonID: p.ID}))
	}
	conf := e.svc.At(attClock.confirm)
	must[training.Activity](t)(conf.CloseCall(coord, ae.act.ID))
	p := must[training.Proposal](t)(conf.Confirm(coord, ae.act.ID, training.ConfirmInput{}))
	if p.Selected != 5 || p.Reserve != 1 {
		t.Fatalf("confirmed %d selected, %d reserve", p.Selected, p.Reserve)
	}
	return ae
}

// personAs is an account of role linked to the person personID.
func personAs(role core.Role, personID, country string) context.Context {
	return core.WithActor(context.Background(), core.Actor{AccountID: core.NewID(), PersonID: personID, Email: string(role) + "." + personID[:8] + "@example.org",
		Grants: []core.Grant{{Role: role, Country: country}}})
}

// marks is the records of day for people, present where present says.
func marks(day string, people []directory.Person, present ...bool) []training.AttendanceRecord {
	out := make([]training.AttendanceRecord, len(people))
	for i, p := range people {
		out[i] = training.AttendanceRecord{PersonID: p.ID, Date: day, Present: present[i]}
	}
	return out
}

func (ae *attEnv) attendanceRows(t *testing.T) int {
	t.Helper()
	var n int
	if err := ae.d.QueryRow(context.Background(), `SELECT count(*) FROM attendance`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func byPerson(l training.ParticipantList) map[string]training.Participant {
	out := map[string]training.Participant{}
	for _, p := range l.Items {
		out[p.PersonID] = p
	}
	return out
}

// TestAttendance: the activity's trainer marks attendance in bulk and
// reads it back; a mark changes; the rate and the outcome (final once
// delivered) at the 80% boundary; the day boundary is the activity's
// time zone's; every change is audited.
func TestAttendance(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		ae := seedAttendance(t, e)
		coord := as(core.RoleCoordinator, "")
		trainer := personAs(core.RoleTrainer, e.tudor.ID, "")
		during := e.svc.At(attClock.during)
		all := append(slices.Clone(ae.ge), ae.ua...)

		// Three days in one call: 15 marks.
		var recs []training.AttendanceRecord
		recs = append(recs, marks("2030-03-04", all, true, true, true, true, true)...)
		recs = append(recs, marks("2030-03-05", all, true, false, false, true, true)...)
		recs = append(recs, marks("2030-03-06", all, true, true, false, true, false)...)
		if n, err := during.MarkAttendance(trainer, ae.act.ID, recs); err != nil || n != 15 {
			t.Fatalf("bulk mark: %d changed, %v", n, err)
		}
		l := must[training.ParticipantList](t)(during.Participants(coord, ae.act.ID))
		if l.Total != 5 || len(l.Days) != 5 || l.Final || l.Summary.Participants != 5 || l.CompletionRate != 80 {
			t.Fatalf("list %+v", l)
		}
		got := byPerson(l)
		for i, want := range []int{3, 2, 1, 3, 2} {
			p := got[all[i].ID]
			if p.DaysPresent != want || p.Days != 5 || p.Completed || p.Status != training.NomSelected || p.Name == "" || p.Agency == "" {
				t.Errorf("%s: %+v, want %d days present", all[i].FamilyName, p, want)
			}
		}
		if g := got[ae.ge[1].ID]; g.Attendance["2030-03-05"] || !g.Attendance["2030-03-06"] || len(g.Attendance) != 3 || g.Rate != 40 {
			t.Errorf("Bolkvadze's marks %+v", g)
		}
		if d := l.Summary.PerDay; d[1] != (training.DayCount{Date: "2030-03-05", Present: 3, Absent: 2}) ||
			d[3] != (training.DayCount{Date: "2030-03-07", Unmarked: 5}) {
			t.Errorf("per day %+v", d)
		}

		// A second mark of the same day changes it; the same again changes nothing.
		fix := []training.AttendanceRecord{{PersonID: ae.ge[1].ID, Date: "2030-03-05", Present: true}}
		if n, err := during.MarkAttendance(trainer, ae.act.ID, fix); err != nil || n != 1 {
			t.Errorf("correction: %d, %v", n, err)
		}
		if n, err := during.MarkAttendance(coord, ae.act.ID, fix); err != nil || n != 0 {
			t.Errorf("same mark again: %d, %v", n, err)
		}
		if p := byPerson(must[training.ParticipantList](t)(during.Participants(coord, ae.act.ID)))[ae.ge[1].ID]; p.DaysPresent != 3 {
			t.Errorf("after the correction: %d days", p.DaysPresent)
		}
		var details []string
		rows, err := e.d.Query(context.Background(), `SELECT details FROM audit_log WHERE action = 'training.attendance.mark' ORDER BY seq`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			details = append(details, s)
		}
		rows.Close()
		if len(details) != 3 || !strings.Contains(details[1], `"from":"absent"`) || !strings.Contains(details[1], `"to":"present"`) ||
			!strings.Contains(details[1], ae.ge[1].ID) || !strings.Contains(details[1], `"day":"2030-03-05"`) || !strings.Contains(details[2], `"changed":0`) {
			t.Errorf("audit entries %q", details)
		}

		// The 7th is in the future at noon on the 6th, but not at 00:30
		// on the 7th in Kyiv (22:30 UTC on the 6th).
		d7 := marks("2030-03-07", all, true, true, true, true, false)
		if _, err := during.MarkAttendance(trainer, ae.act.ID, d7); !slices.Contains(fieldErrs(err), "records[0].date:future_day") {
			t.Errorf("a future day: %v", fieldErrs(err))
		}
		if _, err := e.svc.At(attClock.evening).MarkAttendance(trainer, ae.act.ID, d7); err != nil {
			t.Errorf("the 7th after midnight in Kyiv: %v", err)
		}

		// Not final before delivery; after it, 4 of 5 days (exactly 80%)
		// completes, 3 of 5 does not.
		after := e.svc.At(attClock.after)
		must[training.Activity](t)(after.Move(coord, ae.act.ID, training.StatusDelivered, ""))
		must[int](t)(after.MarkAttendance(trainer, ae.act.ID, marks("2030-03-08", all, true, false, false, false, false)))
		l = must[training.ParticipantList](t)(after.Participants(coord, ae.act.ID))
		got = byPerson(l)
		for i, want := range []struct {
			days      int
			rate      float64
			completed bool
		}{{5, 100, true}, {4, 80, true}, {2, 40, false}, {4, 80, true}, {2, 40, false}} {
			p := got[all[i].ID]
			if p.DaysPresent != want.days || p.Rate != want.rate || p.Completed != want.completed {
				t.Errorf("%s: %d days, %v%%, completed %v; want %+v", all[i].FamilyName, p.DaysPresent, p.Rate, p.Completed, want)
			}
		}
		if !l.Final || l.Summary.Completed != 3 {
			t.Errorf("final %v, %d completed", l.Final, l.Summary.Completed)
		}
		verify(t, e)
	})
}

// TestAttendanceScopes: who marks and who sees what.
func TestAttendanceScopes(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		ae := seedAttendance(t, e)
		coord := as(core.RoleCoordinator, "")
		during := e.svc.At(attClock.during)
		all := append(slices.Clone(ae.ge), ae.ua...)
		day := marks("2030-03-04", all, true, true, true, false, true)
		must[int](t)(during.MarkAttendance(personAs(core.RoleTrainer, e.tudor.ID, ""), ae.act.ID, day))
		before := ae.attendanceRows(t)

		// Only the activity's trainers and staff mark, with a token that may write.
		otherTrainer := personAs(core.RoleTrainer, e.nino.ID, "")
		readOnly := core.ActorFrom(coord)
		readOnly.ReadOnly = true
		for name, ctx := range map[string]context.Context{
			"a trainer of another activity": otherTrainer,
			"the ncp of the participants":   ncp("GE"),
			"a participant":                 personAs(core.RoleParticipant, ae.ge[0].ID, ""),
			"an observer":                   as(core.RoleObserver, ""),
			"a read-only coordinator token": core.WithActor(context.Background(), readOnly),
		} {
			if _, err := during.MarkAttendance(ctx, ae.act.ID, day); !core.IsCode(err, core.Forbidden) {
				t.Errorf("%s marks: %v", name, err)
			}
		}
		if n := ae.attendanceRows(t); n != before {
			t.Errorf("refused marks wrote: %d rows, want %d", n, before)
		}
		// Nino marks her own activity (planned: not yet).
		if _, err := during.MarkAttendance(otherTrainer, ae.other.ID, nil); !slices.Contains(fieldErrs(err), "status:not_allowed") {
			t.Errorf("Nino on her planned activity: %v", err)
		}

		// Who sees which rows.
		names := func(ctx context.Context) ([]string, training.ParticipantList, error) {
			l, err := during.Participants(ctx, ae.act.ID)
			var out []string
			for _, p := range l.Items {
				out = append(out, p.CountryCode+" "+p.Name)
			}
			return out, l, err
		}
		for _, tc := range []struct {
			who  string
			ctx  context.Context
			want []string
		}{
			{"coordinator", coord, []string{"GE Ana Abashidze", "GE Eka Bolkvadze", "GE Lela Chikovani", "UA Olena Bondar", "UA Iryna Hnatiuk"}},
			{"the activity's trainer", personAs(core.RoleTrainer, e.tudor.ID, ""), []string{"GE Ana Abashidze", "GE Eka Bolkvadze", "GE Lela Chikovani", "UA Olena Bondar", "UA Iryna Hnatiuk"}},
			{"ncp GE", ncp("GE"), []string{"GE Ana Abashidze", "GE Eka Bolkvadze", "GE Lela Chikovani"}},
			{"ncp UA", ncp("UA"), []string{"UA Olena Bondar", "UA Iryna Hnatiuk"}},
			{"ncp MD", ncp("MD"), nil},
			{"a participant", personAs(core.RoleParticipant, ae.ua[1].ID, ""), []string{"UA Iryna Hnatiuk"}},
		} {
			got, l, err := names(tc.ctx)
			if err != nil || !slices.Equal(got, tc.want) || l.Summary.Participants != len(tc.want) {
				t.Errorf("%s sees %v (summary %d, %v), want %v", tc.who, got, l.Summary.Participants, err, tc.want)
			}
		}
		// The participant's own row carries their marks.
		_, l, _ := names(personAs(core.RoleParticipant, ae.ua[0].ID, ""))
		if len(l.Items) != 1 || l.Items[0].Attendance["2030-03-04"] || l.Items[0].DaysPresent != 0 {
			t.Errorf("Olena's own row %+v", l.Items)
		}
		// An observer: the summary of everyone, no rows.
		got, l, err := names(as(core.RoleObserver, ""))
		if err != nil || got != nil || !l.AggregateOnly || l.Total != 0 || l.Summary.Participants != 5 || l.Summary.PerDay[0].Present != 4 {
			t.Errorf("observer: %v %+v %v", got, l, err)
		}
		// Anyone else: not found.
		for name, ctx := range map[string]context.Context{
			"a trainer of another activity": otherTrainer,
			"a person on the reserve list":  personAs(core.RoleParticipant, ae.reserve.ID, ""),
			"a person never nominated":      personAs(core.RoleParticipant, ae.never.ID, ""),
			"an analyst":                    as(core.RoleAnalyst, "GE"),
		} {
			if _, err := during.Participants(ctx, ae.act.ID); !core.IsCode(err, core.NotFound) {
				t.Errorf("%s lists the participants: %v", name, err)
			}
		}
		// Reads of personal data are audited, with the people shown.
		var n int
		if err := e.d.QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE action = 'training.participants_listed' AND details LIKE ?`,
			"%"+ae.ua[1].ID+"%").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n < 3 { // coordinator, trainer, ncp UA, the participant
			t.Errorf("%d audited reads naming Iryna Hnatiuk", n)
		}
		verify(t, e)
	})
}

// TestAttendanceBadRecords: any bad record refuses the whole call with a
// field error naming it, and nothing is written.
func TestAttendanceBadRecords(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		ae := seedAttendance(t, e)
		coord := as(core.RoleCoordinator, "")
		during := e.svc.At(attClock.during)
		good := training.AttendanceRecord{PersonID: ae.ge[0].ID, Date: "2030-03-04", Present: true}
		for _, tc := range []struct {
			name string
			bad  training.AttendanceRecord
			want string
		}{
			{"an unknown person", training.AttendanceRecord{PersonID: core.NewID(), Date: "2030-03-04"}, "records[1].person_id:unknown"},
			{"not an id", training.AttendanceRecord{PersonID: "nino", Date: "2030-03-04"}, "records[1].person_id:unknown"},
			{"a person never nominated", training.AttendanceRecord{PersonID: ae.never.ID, Date: "2030-03-04"}, "records[1].person_id:not_participant"},
			{"a person on the reserve list", training.AttendanceRecord{PersonID: ae.reserve.ID, Date: "2030-03-04"}, "records[1].person_id:not_participant"},
			{"the day before the activity", training.AttendanceRecord{PersonID: ae.ge[1].ID, Date: "2030-03-03"}, "records[1].date:out_of_range"},
			{"the day after it", training.AttendanceRecord{PersonID: ae.ge[1].ID, Date: "2030-03-09"}, "records[1].date:out_of_range"},
			{"a future day", training.AttendanceRecord{PersonID: ae.ge[1].ID, Date: "2030-03-08"}, "records[1].date:future_day"},
			{"not a date", training.AttendanceRecord{PersonID: ae.ge[1].ID, Date: "4 March"}, "records[1].date:invalid"},
			{"the same mark twice", good, "records[1].date:duplicate"},
		} {
			_, err := during.MarkAttendance(coord, ae.act.ID, []training.AttendanceRecord{good, tc.bad})
			if got := fieldErrs(err); !slices.Equal(got, []string{tc.want}) {
				t.Errorf("%s: %v, want %s", tc.name, got, tc.want)
			}
		}
		// Several at once: each named.
		_, err := during.MarkAttendance(coord, ae.act.ID, []training.AttendanceRecord{
			{PersonID: ae.never.ID, Date: "2030-03-05"}, good, {PersonID: ae.ge[2].ID, Date: "2030-03-10"}, {PersonID: core.NewID(), Date: "2030-03-07"}})
		if got, want := fieldErrs(err), []string{"records[0].person_id:not_participant", "records[2].date:out_of_range",
			"records[3].person_id:unknown", "records[3].date:future_day"}; !slices.Equal(got, want) {
			t.Errorf("several bad records: %v, want %v", got, want)
		}
		// Too many records.
		many := make([]training.AttendanceRecord, training.MaxAttendanceRecords+1)
		for i := range many {
			many[i] = good
		}
		if _, err := during.MarkAttendance(coord, ae.act.ID, many); !slices.Equal(fieldErrs(err), []string{"records:too_long"}) {
			t.Errorf("%d records: %v", len(many), fieldErrs(err))
		}
		if n := ae.attendanceRows(t); n != 0 {
			t.Fatalf("refused calls wrote %d rows", n)
		}

		// Closed or cancelled activities, and those not yet confirmed, refuse.
		after := e.svc.At(attClock.after)
		must[training.Activity](t)(after.Move(coord, ae.act.ID, training.StatusDelivered, ""))
		must[int](t)(after.MarkAttendance(coord, ae.act.ID, []training.AttendanceRecord{good}))
		must[training.Activity](t)(e.svc.At(attClock.closing).Move(coord, ae.act.ID, training.StatusClosed, ""))
		if _, err := e.svc.At(attClock.closing).MarkAttendance(coord, ae.act.ID, []training.AttendanceRecord{{PersonID: ae.ge[1].ID, Date: "2030-03-04"}}); !slices.Equal(fieldErrs(err), []string{"status:not_allowed"}) {
			t.Errorf("a closed activity: %v", err)
		}
		if _, err := during.MarkAttendance(coord, ae.other.ID, nil); !slices.Equal(fieldErrs(err), []string{"status:not_allowed"}) {
			t.Errorf("a planned activity: %v", err)
		}
		if _, err := during.MarkAttendance(coord, core.NewID(), nil); !core.IsCode(err, core.NotFound) {
			t.Errorf("an unknown activity: %v", err)
		}
		if n := ae.attendanceRows(t); n != 1 {
			t.Errorf("%d rows, want the one mark made while delivered", n)
		}
		verify(t, e)
	})
}

// TestAttendanceMaxRecords: a call of exactly MaxAttendanceRecords marks
// is accepted (1,000 participants over five days, written straight into
// the tables: the test is about the cap, not the selection).
func TestAttendanceMaxRecords(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		coord := as(core.RoleCoordinator, "")
		c := must[training.Course](t)(e.svc.CreateCourse(coord, cyberCourse()))
		a := must[training.Activity](t)(e.svc.CreateActivity(coord, training.ActivityInput{CourseID: c.ID, StartsOn: "2030-03-04", EndsOn: "2030-03-08",
			Online: true, Languages: []string{"en"}, Capacity: 1000}))
		ids := make([]string, 1000)
		now := time.Now()
		err := e.d.Write(sys(), func(ctx context.Context) error {
			for i := range ids {
				ids[i] = core.NewID()
				if _, err := e.d.Exec(ctx, `INSERT INTO people (id, agency_id, country_code, given_name, family_name, sort_name, search, created_at, updated_at)
					VALUES (?, ?, 'GE', 'Officer', ?, ?, ?, ?, ?)`, ids[i], e.ge.ID, letters(i), letters(i), letters(i), db.T(&now), db.T(&now)); err != nil {
					return err
				}
				if _, err := e.d.Exec(ctx, `INSERT INTO nominations (id, activity_id, person_id, country_code, priority, status, created_at, updated_at)
					VALUES (?, ?, ?, 'GE', ?, 'selected', ?, ?)`, core.NewID(), a.ID, ids[i], i+1, db.T(&now), db.T(&now)); err != nil {
					return err
				}
			}
			_, err := e.d.Exec(ctx, `UPDATE activities SET status = 'confirmed' WHERE id = ?`, a.ID)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		var recs []training.AttendanceRecord
		for _, d := range a.Days() {
			for _, id := range ids {
				recs = append(recs, training.AttendanceRecord{PersonID: id, Date: d, Present: true})
			}
		}
		if n, err := e.svc.At(attClock.after).MarkAttendance(coord, a.ID, recs); err != nil || n != training.MaxAttendanceRecords {
			t.Fatalf("%d records: %d changed, %v", len(recs), n, fieldErrs(err))
		}
		l := must[training.ParticipantList](t)(e.svc.At(attClock.after).Participants(coord, a.ID))
		if l.Total != 1000 || l.Summary.PerDay[4].Present != 1000 || l.Items[0].DaysPresent != 5 {
			t.Errorf("%d participants, %+v", l.Total, l.Summary.PerDay[4])
		}
	})
}

// letters names i in letters ("Baaa", "Baab", …): names take no digits.
func letters(i int) string {
	b := []byte("Baaa")
	for k := 3; k > 0; k-- {
		b[k] = byte('a' + i%26)
		i /= 26
	}
	return string(b)
}
