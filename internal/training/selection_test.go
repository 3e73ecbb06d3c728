package training_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/training"
)

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func cand(id, country string, priority, minute int) training.Candidate {
	return training.Candidate{NominationID: id, Country: country, Priority: priority, NominatedAt: t0.Add(time.Duration(minute) * time.Minute)}
}

// TestProposeExample: a worked case. 10 seats: GE 3, UA 3, MD 2, AM 1,
// 1 not allotted. GE nominates 5, UA 2, MD 2, AM 0, AZ (no seats) 2.
// Own seats: GE 3, UA 2, MD 2 (7); 3 seats are left (UA's unused one,
// AM's, and the free one). Round 1, fewest seats first: AZ (0), then GE
// (3) → AZ1, GE4; one seat left: round 2 gives it to AZ2 (1 seat) before
// GE (4). GE5 is the only reserve.
func TestProposeExample(t *testing.T) {
	cands := []training.Candidate{
		cand("GE2", "GE", 2, 1), cand("GE1", "GE", 1, 2), cand("GE3", "GE", 3, 3), cand("GE4", "GE", 4, 4), cand("GE5", "GE", 5, 5),
		cand("UA1", "UA", 1, 6), cand("UA2", "UA", 2, 7),
		cand("MD1", "MD", 1, 8), cand("MD2", "MD", 2, 9),
		cand("AZ1", "AZ", 1, 10), cand("AZ2", "AZ", 2, 11),
	}
	got := training.Propose(10, map[string]int{"GE": 3, "UA": 3, "MD": 2, "AM": 1}, cands)
	var sel, res []string
	for _, p := range got {
		if p.Outcome == training.OutcomeSelected {
			sel = append(sel, fmt.Sprintf("%s@%d", p.NominationID, p.Round))
		} else {
			res = append(res, fmt.Sprintf("%s#%d", p.NominationID, p.Rank))
		}
	}
	wantSel := []string{"GE1@0", "GE2@0", "GE3@0", "MD1@0", "MD2@0", "UA1@0", "UA2@0", "AZ1@1", "GE4@1", "AZ2@2"}
	if !slices.Equal(sel, wantSel) {
		t.Errorf("selected %v\n          want %v", sel, wantSel)
	}
	if want := []string{"GE5#1"}; !slices.Equal(res, want) {
		t.Errorf("reserve %v, want %v", res, want)
	}
}

// TestProposeProperties checks, on many random activities, what every
// proposal must satisfy: each candidate exactly once; never more selected
// than capacity; no seat left empty while someone waits; within a
// country the selected come before the reserve in priority order; each
// country gets min(its seats, its candidates) at least; reserve ranks are
// 1..n without gaps.
func TestProposeProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	countries := []string{"AM", "AZ", "GE", "MD", "UA", "DE"}
	for i := range 3000 {
		capacity := r.IntN(40)
		seats := map[string]int{}
		left := capacity
		for _, c := range countries {
			if left > 0 && r.IntN(3) > 0 {
				n := r.IntN(left + 1)
				seats[c], left = n, left-n
			}
		}
		var cands []training.Candidate
		for j := range r.IntN(60) {
			c := countries[r.IntN(len(countries))]
			cands = append(cands, cand(fmt.Sprintf("n%03d", j), c, 1+r.IntN(5), r.IntN(100)))
		}
		got := training.Propose(capacity, seats, cands)
		if err := checkProposal(capacity, seats, cands, got); err != "" {
			t.Fatalf("case %d (capacity %d, seats %v, %d candidates): %s", i, capacity, seats, len(cands), err)
		}
	}
}

func checkProposal(capacity int, seats map[string]int, cands []training.Candidate, got []training.Proposed) string {
	if len(got) != len(cands) {
		return fmt.Sprintf("%d outcomes for %d candidates", len(got), len(cands))
	}
	byID := map[string]training.Candidate{}
	for _, c := range cands {
		byID[c.NominationID] = c
	}
	seen := map[string]bool{}
	selected, perCountry := 0, map[string]int{}
	var ranks []int
	for _, p := range got {
		if seen[p.NominationID] {
			return "twice: " + p.NominationID
		}
		seen[p.NominationID] = true
		if _, ok := byID[p.NominationID]; !ok {
			return "unknown: " + p.NominationID
		}
		if p.Outcome == training.OutcomeSelected {
			selected++
			perCountry[p.Country]++
		} else {
			ranks = append(ranks, p.Rank)
		}
	}
	if selected > capacity {
		return fmt.Sprintf("%d selected over capacity %d", selected, capacity)
	}
	if len(ranks) > 0 && selected < capacity {
		return fmt.Sprintf("%d reserve while %d of %d seats are empty", len(ranks), capacity-selected, capacity)
	}
	slices.Sort(ranks)
	for i, rk := range ranks {
		if rk != i+1 {
			return fmt.Sprintf("reserve ranks %v", ranks)
		}
	}
	count := map[string]int{}
	for _, c := range cands {
		count[c.Country]++
	}
	for c, n := range seats {
		if want := min(n, count[c]); perCountry[c] < want {
			return fmt.Sprintf("%s got %d seats, its own are %d with %d candidates", c, perCountry[c], n, count[c])
		}
	}
	// Within a country, no reserve candidate outranks a selected one.
	for _, p := range got {
		if p.Outcome != training.OutcomeReserve {
			continue
		}
		rc := byID[p.NominationID]
		for _, q := range got {
			sc := byID[q.NominationID]
			if q.Outcome == training.OutcomeSelected && sc.Country == rc.Country &&
				(rc.Priority < sc.Priority || (rc.Priority == sc.Priority && rc.NominatedAt.Before(sc.NominatedAt))) {
				return fmt.Sprintf("%s (priority %d) is reserve while %s (priority %d) of %s is selected",
					rc.NominationID, rc.Priority, sc.NominationID, sc.Priority, sc.Country)
			}
		}
	}
	return ""
}

// TestProposeRoundRobinIsFair: with no seats per country and 4 places,
// four countries with many candidates each get one, whoever nominated most.
func TestProposeRoundRobinIsFair(t *testing.T) {
	var cands []training.Candidate
	for i, c := range []string{"GE", "UA", "MD", "AM"} {
		for j := range 10 * (i + 1) {
			cands = append(cands, cand(fmt.Sprintf("%s%02d", c, j), c, j+1, j))
		}
	}
	per := map[string]int{}
	for _, p := range training.Propose(4, nil, cands) {
		if p.Outcome == training.OutcomeSelected {
			per[p.Country]++
		}
	}
	for _, c := range []string{"GE", "UA", "MD", "AM"} {
		if per[c] != 1 {
			t.Errorf("%s got %d of 4 seats: %v", c, per[c], per)
		}
	}
}

func TestPromote(t *testing.T) {
	reserve := []training.ReserveEntry{{"a", "GE", 3}, {"b", "UA", 1}, {"c", "GE", 2}, {"d", "MD", 4}}
	for _, tc := range []struct {
		country, want string
		ok            bool
	}{
		{"GE", "c", true}, // same country first, best rank
		{"MD", "d", true},
		{"AM", "b", true}, // none of AM: best overall
	} {
		got, ok := training.Promote(tc.country, reserve)
		if ok != tc.ok || got.NominationID != tc.want {
			t.Errorf("Promote(%s) = %v %v, want %s", tc.country, got, ok, tc.want)
		}
	}
	if _, ok := training.Promote("GE", nil); ok {
		t.Error("Promote from an empty reserve")
	}
}

// BenchmarkPropose: the proposal for an activity of 2,000 nominations
// over 33 countries (issue 8: under 100 ms with the database around it).
func BenchmarkPropose(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	var cands []training.Candidate
	seats := map[string]int{}
	for i := range 2000 {
		c := fmt.Sprintf("C%02d", r.IntN(33))
		seats[c] = 2
		cands = append(cands, cand(fmt.Sprintf("n%04d", i), c, 1+r.IntN(50), r.IntN(10000)))
	}
	b.ReportAllocs()
	for b.Loop() {
		training.Propose(100, seats, cands)
	}
}
