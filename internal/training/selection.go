package training

import (
	"cmp"
	"slices"
	"time"
)

// Selection (issue 8, DESIGN.md §3.2): who gets a seat on an activity.
//
// The proposal is computed by Propose, a pure function of the activity's
// capacity, its seats per country and the active nominations, so that it
// can be tested exhaustively and benchmarked without a database:
//
//  1. Each country's own seats go to its candidates in the ncp's
//     priority order (1 first; ties by nomination time, then id).
//  2. The seats left over — seats a country could not fill, and capacity
//     not allotted to any country — go to the other countries' next
//     candidates in rounds: in each round every country that still has
//     candidates may take one seat, the countries with the fewest seats
//     so far going first (then the one whose next candidate was
//     nominated earliest, then by code), until the capacity is reached.
//  3. Everyone else is on the reserve list, ranked in the same
//     round-robin order, so that the reserve is fair across countries
//     too; Promote takes from it the candidate of the same country first.

// Candidate is an active nomination as the selection sees it.
type Candidate struct {
	NominationID string
	Country      string
	Priority     int
	NominatedAt  time.Time
}

// Outcome is the proposed result for one nomination.
type Outcome string

// Outcomes of a proposal.
const (
	OutcomeSelected Outcome = "selected"
	OutcomeReserve  Outcome = "reserve"
)

// Proposed is one nomination's outcome. Rank orders the reserve list
// (1 first) and is 0 for the selected; Round is the round in which the
// seat was given (0: the country's own seats).
type Proposed struct {
	NominationID string  `json:"nomination_id"`
	Country      string  `json:"country_code"`
	Outcome      Outcome `json:"outcome"`
	Rank         int     `json:"reserve_rank,omitempty"`
	Round        int     `json:"round"`
}

// Propose computes the proposal for an activity of the given capacity
// and seats per country from its active candidates. It never selects
// more than capacity, nor more of a country than its seats unless seats
// are left over that no other country can use at that round.
func Propose(capacity int, seats map[string]int, cands []Candidate) []Proposed {
	queues := map[string][]Candidate{}
	for _, c := range cands {
		queues[c.Country] = append(queues[c.Country], c)
	}
	countries := make([]string, 0, len(queues))
	for country, q := range queues {
		slices.SortFunc(q, func(a, b Candidate) int {
			return cmp.Or(cmp.Compare(a.Priority, b.Priority), a.NominatedAt.Compare(b.NominatedAt), cmp.Compare(a.NominationID, b.NominationID))
		})
		countries = append(countries, country)
	}
	slices.Sort(countries)

	out := make([]Proposed, 0, len(cands))
	taken := map[string]int{} // seats given to each country
	next := map[string]int{}  // index of each country's next candidate
	free := max(capacity, 0)

	// 1. Each country's own seats, in priority order.
	for _, country := range countries {
		n := min(seats[country], len(queues[country]), free)
		for _, c := range queues[country][:max(n, 0)] {
			out = append(out, Proposed{NominationID: c.NominationID, Country: country, Outcome: OutcomeSelected})
		}
		taken[country], next[country] = max(n, 0), max(n, 0)
		free -= max(n, 0)
	}

	// 2 and 3. Round-robin over the countries with candidates left: first
	// the free seats, then the reserve ranks.
	rank := 0
	for round := 1; ; round++ {
		waiting := countries[:0:0]
		for _, country := range countries {
			if next[country] < len(queues[country]) {
				waiting = append(waiting, country)
			}
		}
		if len(waiting) == 0 {
			break
		}
		slices.SortFunc(waiting, func(a, b string) int {
			return cmp.Or(cmp.Compare(taken[a], taken[b]),
				queues[a][next[a]].NominatedAt.Compare(queues[b][next[b]].NominatedAt), cmp.Compare(a, b))
		})
		for _, country := range waiting {
			c := queues[country][next[country]]
			next[country]++
			p := Proposed{NominationID: c.NominationID, Country: country, Round: round}
			if free > 0 {
				p.Outcome = OutcomeSelected
				free--
			} else {
				rank++
				p.Outcome, p.Rank = OutcomeReserve, rank
			}
			taken[country]++
			out = append(out, p)
		}
	}
	return out
}

// ReserveEntry is one person on the reserve list, for Promote.
type ReserveEntry struct {
	NominationID string
	Country      string
	Rank         int
}

// Promote picks who takes the seat a person of country gave up: the
// best-ranked reserve of the same country, else the best-ranked reserve
// overall. ok is false when the reserve list is empty.
func Promote(country string, reserve []ReserveEntry) (pick ReserveEntry, ok bool) {
	best := func(match func(ReserveEntry) bool) (ReserveEntry, bool) {
		var b ReserveEntry
		found := false
		for _, r := range reserve {
			if match(r) && (!found || r.Rank < b.Rank || (r.Rank == b.Rank && r.NominationID < b.NominationID)) {
				b, found = r, true
			}
		}
		return b, found
	}
	if p, ok := best(func(r ReserveEntry) bool { return r.Country == country }); ok {
		return p, true
	}
	return best(func(ReserveEntry) bool { return true })
}
