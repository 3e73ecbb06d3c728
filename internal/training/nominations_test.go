package training_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/training"
)

// callEnv is an activity of capacity cap with seats per country, its
// call open, and people to nominate in Georgia and Ukraine.
type callEnv struct {
	*env
	act    training.Activity
	people map[string][]directory.Person // by country
}

func openCall(t *testing.T, e *env, capacity int, seats map[string]int, perCountry int) *callEnv {
	t.Helper()
	coord := as(core.RoleCoordinator, "")
	c := must[training.Course](t)(e.svc.CreateCourse(coord, cyberCourse()))
	a := must[training.Activity](t)(e.svc.CreateActivity(coord, training.ActivityInput{CourseID: c.ID, StartsOn: "2027-03-01", EndsOn: "2027-03-05",
		City: "Kyiv", CountryCode: "UA", Languages: []string{"en"}, Capacity: capacity, Seats: seats}))
	a = must[training.Activity](t)(e.svc.OpenCall(coord, a.ID, training.CallInput{Deadline: time.Now().Add(24 * time.Hour)}))
	ce := &callEnv{env: e, act: a, people: map[string][]directory.Person{}}
	ua := must[directory.Agency](t)(e.dir.CreateAgency(sys(), directory.AgencyInput{Code: "UA-NPU", CountryCode: "UA", Name: "National Police", Type: directory.AgencyPolice}))
	for _, ag := range []directory.Agency{e.ge, ua} {
		for i := range perCountry {
			p, _, err := e.dir.CreatePerson(sys(), directory.PersonInput{AgencyID: ag.ID, GivenName: givenNames[i%len(givenNames)] + strings.Repeat("a", i/len(givenNames)),
				FamilyName: fmt.Sprintf("%s Officer", ag.CountryCode), Sex: []directory.Sex{directory.SexFemale, directory.SexMale}[i%2], Languages: []string{"en"}})
			if err != nil {
				t.Fatal(err, fieldErrs(err))
			}
			ce.people[ag.CountryCode] = append(ce.people[ag.CountryCode], p)
		}
	}
	return ce
}

var givenNames = []string{"Ana", "Boris", "Dato", "Eka", "Irakli", "Lela", "Maia", "Nika"}

func ncp(country string) context.Context { return as(core.RoleNCP, country) }

func TestNominationAndSelection(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		ce := openCall(t, e, 4, map[string]int{"GE": 2, "UA": 2}, 3)
		coord := as(core.RoleCoordinator, "")
		nominate := func(ctx context.Context, p directory.Person, prio int) (training.Nomination, error) {
			return e.svc.Nominate(ctx, ce.act.ID, training.NominationInput{PersonID: p.ID, Priority: prio, Motivation: "leads the unit's cases"})
		}
		ge, ua := ce.people["GE"], ce.people["UA"]
		// Georgia nominates three, Ukraine one (priority order given).
		g2 := must[training.Nomination](t)(nominate(ncp("GE"), ge[2], 1))
		g0 := must[training.Nomination](t)(nominate(ncp("GE"), ge[0], 2))
		g1 := must[training.Nomination](t)(nominate(ncp("GE"), ge[1], 0))
		if g1.Priority != 3 {
			t.Errorf("priority after the last: %d", g1.Priority)
		}
		u0 := must[training.Nomination](t)(nominate(ncp("UA"), ua[0], 0))

		// Bad input: another country's person, twice the same, unknown person.
		for _, tc := range []struct {
			ctx  context.Context
			p    string
			want string
		}{
			{ncp("GE"), ua[1].ID, "person_id:other_country"},
			{ncp("GE"), ge[2].ID, "person_id:already_nominated"},
			{ncp("GE"), core.NewID(), "person_id:unknown"},
		} {
			_, err := e.svc.Nominate(tc.ctx, ce.act.ID, training.NominationInput{PersonID: tc.p})
			if !slices.Contains(fieldErrs(err), tc.want) {
				t.Errorf("nominate %s: %v, want %s", tc.p, err, tc.want)
			}
		}
		for _, ctx := range []context.Context{as(core.RoleTrainer, ""), as(core.RoleObserver, ""), as(core.RoleParticipant, "")} {
			if _, err := nominate(ctx, ge[1], 0); !core.IsCode(err, core.Forbidden) {
				t.Errorf("%v nominates: %v", core.ActorFrom(ctx).Grants, err)
			}
		}

		// Each ncp sees only their country's nominations; observers none.
		seen := func(ctx context.Context) []string {
			l, err := e.svc.Nominations(ctx, ce.act.ID)
			if err != nil {
				return []string{err.Error()}
			}
			var out []string
			for _, n := range l {
				out = append(out, n.CountryCode)
			}
			return out
		}
		if got := seen(ncp("GE")); !slices.Equal(got, []string{"GE", "GE", "GE"}) {
			t.Errorf("GE ncp sees %v", got)
		}
		if got := seen(ncp("UA")); !slices.Equal(got, []string{"UA"}) {
			t.Errorf("UA ncp sees %v", got)
		}
		if _, err := e.svc.Nominations(as(core.RoleObserver, ""), ce.act.ID); !core.IsCode(err, core.Forbidden) {
			t.Errorf("observer lists nominations: %v", err)
		}

		// Reorder: GE puts ge[1] first.
		must[[]training.Nomination](t)(e.svc.Reorder(ncp("GE"), ce.act.ID, "GE", []string{g1.ID, g2.ID, g0.ID}))
		if _, err := e.svc.Reorder(ncp("UA"), ce.act.ID, "GE", []string{g0.ID, g1.ID, g2.ID}); !core.IsCode(err, core.Forbidden) {
			t.Errorf("UA reorders GE: %v", err)
		}

		// After the deadline the list is locked for ncps.
		past := time.Now().Add(-time.Minute)
		if err := e.d.Write(context.Background(), func(ctx context.Context) error {
			_, err := e.d.Exec(ctx, `UPDATE activities SET call_deadline = ? WHERE id = ?`, db.T(&past), ce.act.ID)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := nominate(ncp("UA"), ua[1], 0); !slices.Contains(fieldErrs(err), "activity_id:call_closed") {
			t.Errorf("nomination after the deadline: %v", err)
		}
		if _, _, err := e.svc.Respond(ncp("GE"), g0.ID, training.AnswerWithdraw, "ill"); !slices.Contains(fieldErrs(err), "status:too_late") {
			t.Errorf("withdrawal after the deadline: %v", err)
		}
		must[training.Activity](t)(e.svc.CloseCall(coord, ce.act.ID))

		// Proposal: UA has 2 seats and 1 candidate; its free seat goes to
		// Georgia's next: GE gets 3 (g1, g2 own; g0 by round robin).
		p := must[training.Proposal](t)(e.svc.Propose(coord, ce.act.ID))
		out := map[string]training.Outcome{}
		for _, it := range p.Items {
			out[it.NominationID] = it.Outcome
		}
		if p.Selected != 4 || p.Reserve != 0 || out[g0.ID] != training.OutcomeSelected || p.Balance.ByCountry["GE"] != 3 {
			t.Errorf("proposal %+v", p)
		}
		if p.Balance.BySex["female"]+p.Balance.BySex["male"] != 4 || p.Balance.ByAgencyType["police"] != 4 {
			t.Errorf("balance %+v", p.Balance)
		}
		// The coordinator overrides: g0 to the reserve, with a reason.
		if _, err := e.svc.Override(coord, g0.ID, training.OutcomeReserve, ""); !slices.Contains(fieldErrs(err), "reason:required") {
			t.Errorf("override without a reason: %v", err)
		}
		must[training.Nomination](t)(e.svc.Override(coord, g0.ID, training.OutcomeReserve, "keep a seat for the host country"))
		res := must[training.Proposal](t)(e.svc.Confirm(coord, ce.act.ID, training.ConfirmInput{}))
		if res.Selected != 3 || res.Reserve != 1 {
			t.Fatalf("confirmed %d selected, %d reserve", res.Selected, res.Reserve)
		}
		if _, err := e.svc.Confirm(coord, ce.act.ID, training.ConfirmInput{}); !slices.Contains(fieldErrs(err), "status:transition_not_allowed") {
			t.Errorf("second confirmation: %v", err)
		}
		status := func(id string) training.NominationStatus {
			return must[[]training.Nomination](t)(e.svc.Nominations(coord, ce.act.ID))[slices.IndexFunc(
				must[[]training.Nomination](t)(e.svc.Nominations(coord, ce.act.ID)), func(n training.Nomination) bool { return n.ID == id })].Status
		}

		// The nominee answers for themself; others only on their behalf,
		// with a reason.
		self := core.WithActor(context.Background(), core.Actor{AccountID: core.NewID(), PersonID: ua[0].ID,
			Grants: []core.Grant{{Role: core.RoleParticipant}}})
		must3(t)(e.svc.Respond(self, u0.ID, training.AnswerAccept, ""))
		if _, _, err := e.svc.Respond(ncp("UA"), g1.ID, training.AnswerDecline, "x"); !core.IsCode(err, core.Forbidden) {
			t.Errorf("UA ncp declines for a Georgian: %v", err)
		}
		if _, _, err := e.svc.Respond(ncp("GE"), g1.ID, training.AnswerDecline, ""); !slices.Contains(fieldErrs(err), "reason:required") {
			t.Errorf("decline on behalf without a reason: %v", err)
		}
		if st := status(g0.ID); st != training.NomReserve {
			t.Errorf("an acceptance changed the reserve: g0 is %s", st)
		}
		// A decline frees a seat: the reserve (g0, GE) is promoted.
		_, promoted, err := e.svc.Respond(ncp("GE"), g1.ID, training.AnswerDecline, "on mission abroad that week")
		if err != nil || promoted.ID != g0.ID || promoted.Status != training.NomSelected {
			t.Errorf("decline promoted %+v (%v), want %s", promoted, err, g0.ID)
		}
		if status(g1.ID) != training.NomDeclined {
			t.Errorf("g1 is %s", status(g1.ID))
		}
		// The reserve is empty now: a withdrawal frees a seat for nobody.
		if _, promoted, err = e.svc.Respond(self, u0.ID, training.AnswerWithdraw, ""); err != nil || promoted.ID != "" {
			t.Errorf("withdrawal: promoted %+v, %v", promoted, err)
		}
		if n := must[int](t)(e.svc.Taken(context.Background(), ce.act.ID)); n != 2 {
			t.Errorf("taken %d, want 2", n)
		}
		// Accepting twice, or what is declined, is refused.
		if _, _, err := e.svc.Respond(self, u0.ID, training.AnswerAccept, ""); !slices.Contains(fieldErrs(err), "status:transition_not_allowed") {
			t.Errorf("accept after withdrawal: %v", err)
		}
		verify(t, e)
	})
}

func must3(t testing.TB) func(training.Nomination, training.Nomination, error) training.Nomination {
	return func(a, _ training.Nomination, err error) training.Nomination {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
}

func verify(t testing.TB, e *env) {
	t.Helper()
	res, err := e.log.Verify(context.Background())
	if err != nil || !res.OK() {
		t.Errorf("audit chain: %+v %v", res, err)
	}
}

// TestNoSeatOversold: after confirmation, many selected people decline
// and ncps withdraw at the same moment, while two coordinators try to
// confirm and several racing requests nominate the same person; seats
// held never exceed the capacity, every freed seat is given once, and the
// same person is never nominated twice.
func TestNoSeatOversold(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		const capacity = 6
		ce := openCall(t, e, capacity, map[string]int{"GE": 3, "UA": 3}, 8)
		coord := as(core.RoleCoordinator, "")

		// Racing nominations of one person: exactly one succeeds.
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok, dup := 0, 0
		for range 8 {
			wg.Go(func() {
				_, err := e.svc.Nominate(ncp("GE"), ce.act.ID, training.NominationInput{PersonID: ce.people["GE"][0].ID})
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					ok++
				case slices.Contains(fieldErrs(err), "person_id:already_nominated"):
					dup++
				default:
					t.Errorf("racing nomination: %v", err)
				}
			})
		}
		wg.Wait()
		if ok != 1 || dup != 7 {
			t.Fatalf("racing nominations: %d created, %d refused as duplicates", ok, dup)
		}
		for c, people := range ce.people {
			for _, p := range people {
				if c == "GE" && p.ID == ce.people["GE"][0].ID {
					continue
				}
				must[training.Nomination](t)(e.svc.Nominate(ncp(c), ce.act.ID, training.NominationInput{PersonID: p.ID}))
			}
		}
		must[training.Activity](t)(e.svc.CloseCall(coord, ce.act.ID))

		// Two coordinators confirm at once: one wins.
		confirmed := 0
		for range 2 {
			wg.Go(func() {
				if _, err := e.svc.Confirm(coord, ce.act.ID, training.ConfirmInput{}); err == nil {
					mu.Lock()
					confirmed++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if confirmed != 1 {
			t.Fatalf("%d confirmations succeeded", confirmed)
		}
		noms := must[[]training.Nomination](t)(e.svc.Nominations(coord, ce.act.ID))
		var selected []training.Nomination
		reserve := 0
		for _, n := range noms {
			switch n.Status {
			case training.NomSelected:
				selected = append(selected, n)
			case training.NomReserve:
				reserve++
			}
		}
		if len(selected) != capacity || reserve != 16-capacity {
			t.Fatalf("%d selected, %d reserve", len(selected), reserve)
		}

		// Every selected person leaves at once: declines on behalf by the
		// ncp and withdrawals by a coordinator, interleaved.
		promotedSeen := map[string]int{}
		for i, n := range selected {
			wg.Go(func() {
				ctx, ans := ncp(n.CountryCode), training.AnswerDecline
				if i%2 == 1 {
					ctx, ans = coord, training.AnswerWithdraw
				}
				_, promoted, err := e.svc.Respond(ctx, n.ID, ans, "cannot travel")
				if err != nil {
					t.Errorf("%s: %v", ans, err)
					return
				}
				mu.Lock()
				promotedSeen[promoted.ID]++
				mu.Unlock()
			})
		}
		wg.Wait()
		for id, k := range promotedSeen {
			if id != "" && k != 1 {
				t.Errorf("%s promoted %d times", id, k)
			}
		}
		if n := must[int](t)(e.svc.Taken(context.Background(), ce.act.ID)); n != capacity {
			t.Errorf("seats held %d, want %d", n, capacity)
		}
		after := must[[]training.Nomination](t)(e.svc.Nominations(coord, ce.act.ID))
		left := 0
		for _, n := range after {
			if n.Status == training.NomReserve {
				left++
			}
		}
		if left != reserve-capacity {
			t.Errorf("%d left on the reserve, want %d", left, reserve-capacity)
		}
		verify(t, e)
	})
}

// TestPromotedGetTheirOwnAnswerDate: a person promoted from the reserve
// list after the activity's answer date has passed gets days of their own
// (three, not beyond the start) and may accept until then, not after.
func TestPromotedGetTheirOwnAnswerDate(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		ce := openCall(t, e, 1, map[string]int{"GE": 1}, 2)
		coord := as(core.RoleCoordinator, "")
		ge := ce.people["GE"]
		g0 := must[training.Nomination](t)(e.svc.Nominate(ncp("GE"), ce.act.ID, training.NominationInput{PersonID: ge[0].ID, Priority: 1}))
		g1 := must[training.Nomination](t)(e.svc.Nominate(ncp("GE"), ce.act.ID, training.NominationInput{PersonID: ge[1].ID, Priority: 2}))
		must[training.Activity](t)(e.svc.CloseCall(coord, ce.act.ID))
		respondBy := time.Now().UTC().AddDate(0, 0, 5).Format(time.DateOnly)
		must[training.Proposal](t)(e.svc.Confirm(coord, ce.act.ID, training.ConfirmInput{RespondBy: respondBy}))

		// Two days after the activity's answer date, g0 declines (through
		// the ncp): g1 is promoted with an answer date three days on.
		later := time.Now().UTC().AddDate(0, 0, 7)
		_, promoted, err := e.svc.At(later).Respond(ncp("GE"), g0.ID, training.AnswerDecline, "ill")
		if err != nil || promoted.ID != g1.ID {
			t.Fatalf("decline promoted %+v, %v", promoted, err)
		}
		want := later.AddDate(0, 0, 3).Format(time.DateOnly)
		if promoted.RespondBy != want || promoted.AnswerBy(ce.act) != want {
			t.Errorf("promoted answer date %q, want %q", promoted.RespondBy, want)
		}
		self := core.WithActor(context.Background(), core.Actor{AccountID: core.NewID(), PersonID: ge[1].ID,
			Grants: []core.Grant{{Role: core.RoleParticipant}}})
		if _, _, err := e.svc.At(later.AddDate(0, 0, 4)).Respond(self, g1.ID, training.AnswerAccept, ""); !slices.Contains(fieldErrs(err), "status:too_late") {
			t.Errorf("accept a day after their own date: %v", err)
		}
		if n, _, err := e.svc.At(later.AddDate(0, 0, 2)).Respond(self, g1.ID, training.AnswerAccept, ""); err != nil || n.Status != training.NomAccepted {
			t.Errorf("accept within their own days, after the activity's date: %+v, %v", n, err)
		}
	})
}
