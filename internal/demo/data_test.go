package demo

import (
	"regexp"
	"strings"
	"testing"
	"unicode"
)

var (
	partnerCodes     = []string{"AM", "AZ", "GE", "MD", "UA"}
	agencyTypes      = set("police", "customs", "border_guard", "prosecution", "judiciary", "fiu", "anti_corruption", "penitentiary", "training", "eu_agency", "other")
	countryKinds     = set("partner", "eu_member", "eu_body")
	contactKinds     = set("ncp", "spoc", "empact_ncoord", "trainer", "crime_data_focal")
	crimeAreas       = set("NETWORKS", "ONLINE", "DRUGS", "MS-THB", "FIREX", "ENV", "ECOFIN")
	networkKinds     = set("forum", "support", "trainers", "initiative")
	memberRoles      = set("chair", "member", "secretariat", "observer")
	sexes            = set("female", "male")
	phoneRE          = regexp.MustCompile(`^\+[1-9][0-9]{0,2}( [0-9]+)+$`)
	e164RE           = regexp.MustCompile(`^\+[1-9][0-9]{7,14}$`)
	emailRE          = regexp.MustCompile(`^[a-z0-9][a-z0-9.\-]*@([a-z0-9\-]+\.)*example\.org$`)
	langRE           = regexp.MustCompile(`^[a-z]{2}$`)
	websiteRE        = regexp.MustCompile(`^https://[a-z0-9.\-]+\.[a-z]{2,}(/.*)?$`)
	nativeScriptByCC = map[string]*unicode.RangeTable{"UA": unicode.Cyrillic, "GE": unicode.Georgian, "AM": unicode.Armenian}
)

func set(xs ...string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

func isPartner(cc string) bool { return set(partnerCodes...)[cc] }

func agencyIndex(t *testing.T) map[string]Agency {
	t.Helper()
	m := make(map[string]Agency, len(Agencies))
	for _, a := range Agencies {
		m[a.Key] = a
	}
	return m
}

func personIndex() map[string]Person {
	m := make(map[string]Person, len(People))
	for _, p := range People {
		m[p.Key] = p
	}
	return m
}

// onlyScript reports whether every letter of s belongs to the table.
func onlyScript(s string, tab *unicode.RangeTable) bool {
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.Is(tab, r) {
			return false
		}
	}
	return true
}

func TestCounts(t *testing.T) {
	if n := len(Agencies); n < 45 {
		t.Errorf("agencies: got %d, want >= 45", n)
	}
	if n := len(People); n < 170 {
		t.Errorf("people: got %d, want >= 170", n)
	}
	if n := len(Networks); n < 4 {
		t.Errorf("networks: got %d, want >= 4", n)
	}
	if n := len(DuplicateCandidates); n < 3 || n > 5 {
		t.Errorf("duplicate candidates: got %d, want 3..5", n)
	}
}

func TestCountries(t *testing.T) {
	seen := map[string]bool{}
	kinds := map[string]int{}
	for _, c := range Countries {
		if seen[c.Code] {
			t.Errorf("duplicate country code %q", c.Code)
		}
		seen[c.Code] = true
		if !countryKinds[c.Kind] {
			t.Errorf("country %s: bad kind %q", c.Code, c.Kind)
		}
		if len(c.Code) != 2 || strings.ToUpper(c.Code) != c.Code {
			t.Errorf("country %q: code must be two upper-case letters", c.Code)
		}
		if c.NameEN == "" || c.NameNative == "" {
			t.Errorf("country %s: missing name", c.Code)
		}
		kinds[c.Kind]++
	}
	if kinds["partner"] != 5 || kinds["eu_member"] != 27 || kinds["eu_body"] != 1 {
		t.Errorf("country kinds: got %v, want 5 partner, 27 eu_member, 1 eu_body", kinds)
	}
	for _, cc := range append(partnerCodes, "EU") {
		if !seen[cc] {
			t.Errorf("country %s missing", cc)
		}
	}
}

func TestAgencies(t *testing.T) {
	countries := map[string]Country{}
	for _, c := range Countries {
		countries[c.Code] = c
	}
	perCountry := map[string]int{}
	seen := map[string]bool{}
	for _, a := range Agencies {
		if a.Key == "" || seen[a.Key] {
			t.Errorf("agency key %q empty or duplicate", a.Key)
		}
		seen[a.Key] = true
		if _, ok := countries[a.Country]; !ok {
			t.Errorf("agency %s: unknown country %q", a.Key, a.Country)
		}
		if !agencyTypes[a.Type] {
			t.Errorf("agency %s: bad type %q", a.Key, a.Type)
		}
		if a.Name == "" || a.Acronym == "" || a.City == "" {
			t.Errorf("agency %s: name, acronym and city are required", a.Key)
		}
		if a.Country != "EU" && a.NameNative == "" {
			t.Errorf("agency %s: national agency without native name", a.Key)
		}
		if a.Country == "EU" && a.NameNative != "" {
			t.Errorf("agency %s: EU body with a native name", a.Key)
		}
		if tab := nativeScriptByCC[a.Country]; tab != nil && !onlyScript(a.NameNative, tab) {
			t.Errorf("agency %s: native name %q not in the national script", a.Key, a.NameNative)
		}
		if a.Website != "" && !websiteRE.MatchString(a.Website) {
			t.Errorf("agency %s: bad website %q", a.Key, a.Website)
		}
		if n := len(a.Units); n < 2 || n > 5 {
			t.Errorf("agency %s: %d units, want 2..5", a.Key, n)
		}
		units := map[string]bool{}
		for _, u := range a.Units {
			if u == "" || units[u] {
				t.Errorf("agency %s: empty or duplicate unit %q", a.Key, u)
			}
			units[u] = true
		}
		perCountry[a.Country]++
	}
	for _, cc := range partnerCodes {
		if n := perCountry[cc]; n < 6 || n > 8 {
			t.Errorf("country %s: %d agencies, want 6..8", cc, n)
		}
	}
	if n := perCountry["EU"]; n < 8 {
		t.Errorf("EU bodies: %d, want >= 8", n)
	}
	ms := 0
	for cc, n := range perCountry {
		if cc != "EU" && !isPartner(cc) {
			ms += n
		}
	}
	if ms < 4 || ms > 6 {
		t.Errorf("Member State agencies: %d, want 4..6", ms)
	}
}

func checkPerson(t *testing.T, p Person, agencies map[string]Agency) {
	t.Helper()
	a, ok := agencies[p.Agency]
	if !ok {
		t.Errorf("person %s: unknown agency %q", p.Key, p.Agency)
		return
	}
	if p.Unit != "" {
		found := false
		for _, u := range a.Units {
			found = found || u == p.Unit
		}
		if !found {
			t.Errorf("person %s: unit %q is not a unit of %s", p.Key, p.Unit, a.Key)
		}
	}
	if p.GivenName == "" || p.FamilyName == "" || p.Position == "" {
		t.Errorf("person %s: names and position are required", p.Key)
	}
	if !onlyScript(p.GivenName+p.FamilyName, unicode.Latin) {
		t.Errorf("person %s: Latin name %q %q not in Latin script", p.Key, p.GivenName, p.FamilyName)
	}
	if !sexes[p.Sex] {
		t.Errorf("person %s: bad sex %q", p.Key, p.Sex)
	}
	if len(p.Languages) == 0 {
		t.Errorf("person %s: no languages", p.Key)
	}
	for _, l := range p.Languages {
		if !langRE.MatchString(l) {
			t.Errorf("person %s: bad language code %q", p.Key, l)
		}
	}
	if !emailRE.MatchString(p.Email) {
		t.Errorf("person %s: e-mail %q not a lower-case address under example.org", p.Key, p.Email)
	}
	switch {
	case a.Country == "EU":
		if p.GivenNameNative != "" || p.FamilyNameNative != "" {
			t.Errorf("person %s: EU staff with native names", p.Key)
		}
	case isPartner(a.Country):
		if p.GivenNameNative == "" || p.FamilyNameNative == "" {
			t.Errorf("person %s (%s): missing native names", p.Key, a.Country)
			return
		}
		native := p.GivenNameNative + p.FamilyNameNative
		if tab := nativeScriptByCC[a.Country]; tab != nil {
			if !onlyScript(native, tab) {
				t.Errorf("person %s: native name %q %q not in the national script", p.Key, p.GivenNameNative, p.FamilyNameNative)
			}
		} else if !onlyScript(native, unicode.Cyrillic) {
			// MD and AZ: Latin, identical to the Latin form (Cyrillic only for Russian speakers).
			if p.GivenNameNative != p.GivenName || p.FamilyNameNative != p.FamilyName {
				t.Errorf("person %s: Latin native name %q %q differs from %q %q", p.Key,
					p.GivenNameNative, p.FamilyNameNative, p.GivenName, p.FamilyName)
			}
		}
	}
}

func TestPeople(t *testing.T) {
	agencies := agencyIndex(t)
	keys := map[string]bool{}
	emails := map[string]bool{}
	phones := map[string]bool{}
	perCountry := map[string]int{}
	female := 0
	for _, p := range People {
		if p.Key == "" || keys[p.Key] {
			t.Errorf("person key %q empty or duplicate", p.Key)
		}
		keys[p.Key] = true
		if emails[p.Email] {
			t.Errorf("person %s: duplicate e-mail %q", p.Key, p.Email)
		}
		emails[p.Email] = true
		if !phoneRE.MatchString(p.Phone) || !strings.Contains(p.Phone, " 555 ") {
			t.Errorf("person %s: phone %q is not a fictional E.164 number in a 555 block", p.Key, p.Phone)
		}
		if phones[p.Phone] {
			t.Errorf("person %s: duplicate phone %q", p.Key, p.Phone)
		}
		phones[p.Phone] = true
		checkPerson(t, p, agencies)
		if p.Sex == "female" {
			female++
		}
		perCountry[agencies[p.Agency].Country]++
	}
	if share := float64(female) / float64(len(People)); share < 0.35 || share > 0.65 {
		t.Errorf("female share %.2f, want 0.35..0.65", share)
	}
	for _, cc := range partnerCodes {
		if n := perCountry[cc]; n < 25 || n > 30 {
			t.Errorf("country %s: %d people, want 25..30", cc, n)
		}
	}
	if n := perCountry["EU"]; n < 15 {
		t.Errorf("EU staff: %d, want >= 15", n)
	}
	// Every agency has staff.
	staffed := map[string]bool{}
	for _, p := range People {
		staffed[p.Agency] = true
	}
	for _, a := range Agencies {
		if !staffed[a.Key] {
			t.Errorf("agency %s has no people", a.Key)
		}
	}
}

func TestDuplicateCandidates(t *testing.T) {
	agencies := agencyIndex(t)
	keys := map[string]bool{}
	for _, p := range People {
		keys[p.Key] = true
	}
	digits := func(s string) string { return strings.ReplaceAll(s, " ", "") }
	for _, d := range DuplicateCandidates {
		if d.Key == "" || keys[d.Key] {
			t.Errorf("duplicate candidate key %q empty or clashes", d.Key)
		}
		keys[d.Key] = true
		checkPersonLoose(t, d, agencies)
		var orig *Person
		for i := range People {
			p := &People[i]
			if p.Agency == d.Agency && digits(p.Phone) == digits(d.Phone) {
				orig = p
			}
			if p.Email == d.Email {
				t.Errorf("duplicate candidate %s: e-mail %q is already used by %s", d.Key, d.Email, p.Key)
			}
		}
		if orig == nil {
			t.Errorf("duplicate candidate %s: no person in %s with the same phone", d.Key, d.Agency)
			continue
		}
		if orig.GivenName == d.GivenName && orig.FamilyName == d.FamilyName {
			t.Errorf("duplicate candidate %s: same Latin name as %s, want another spelling", d.Key, orig.Key)
		}
	}
}

// checkPersonLoose validates a duplicate candidate: like a person, except that its
// native name may be the Russian (Cyrillic) form and its phone is strict E.164.
func checkPersonLoose(t *testing.T, p Person, agencies map[string]Agency) {
	t.Helper()
	if _, ok := agencies[p.Agency]; !ok {
		t.Errorf("duplicate candidate %s: unknown agency %q", p.Key, p.Agency)
	}
	if !sexes[p.Sex] || p.GivenName == "" || p.FamilyName == "" || p.GivenNameNative == "" || p.FamilyNameNative == "" {
		t.Errorf("duplicate candidate %s: incomplete", p.Key)
	}
	if !emailRE.MatchString(p.Email) {
		t.Errorf("duplicate candidate %s: bad e-mail %q", p.Key, p.Email)
	}
	if !e164RE.MatchString(p.Phone) {
		t.Errorf("duplicate candidate %s: bad phone %q", p.Key, p.Phone)
	}
}

func TestContactPoints(t *testing.T) {
	agencies := agencyIndex(t)
	people := personIndex()
	ncp := map[string]int{}
	spoc := map[string]int{}
	kinds := map[string]map[string]int{}
	withCP := map[string]bool{}
	h24 := 0
	seen := map[string]bool{}
	for _, cp := range ContactPoints {
		p, ok := people[cp.Person]
		if !ok {
			t.Errorf("contact point: unknown person %q", cp.Person)
			continue
		}
		a, ok := agencies[cp.Agency]
		if !ok {
			t.Errorf("contact point %s: unknown agency %q", cp.Person, cp.Agency)
			continue
		}
		if p.Agency != cp.Agency {
			t.Errorf("contact point %s: agency %s, but the person works at %s", cp.Person, cp.Agency, p.Agency)
		}
		if !contactKinds[cp.Kind] {
			t.Errorf("contact point %s: bad kind %q", cp.Person, cp.Kind)
		}
		if cp.Area != "" && !crimeAreas[cp.Area] {
			t.Errorf("contact point %s: bad crime area %q", cp.Person, cp.Area)
		}
		if cp.Kind == "empact_ncoord" && cp.Area == "" {
			t.Errorf("contact point %s: EMPACT national coordinator without crime area", cp.Person)
		}
		id := cp.Person + "/" + cp.Kind + "/" + cp.Area
		if seen[id] {
			t.Errorf("contact point %s listed twice", id)
		}
		seen[id] = true
		if kinds[a.Country] == nil {
			kinds[a.Country] = map[string]int{}
		}
		kinds[a.Country][cp.Kind]++
		switch cp.Kind {
		case "ncp":
			ncp[a.Country]++
		case "spoc":
			spoc[a.Country]++
		}
		if cp.Available247 {
			h24++
		}
		withCP[cp.Agency] = true
	}
	for _, cc := range partnerCodes {
		if ncp[cc] != 1 {
			t.Errorf("country %s: %d ncp, want exactly 1", cc, ncp[cc])
		}
		if spoc[cc] < 1 || spoc[cc] > 2 {
			t.Errorf("country %s: %d spoc, want 1..2", cc, spoc[cc])
		}
		for _, k := range []string{"empact_ncoord", "crime_data_focal", "trainer"} {
			if kinds[cc][k] == 0 {
				t.Errorf("country %s: no %s", cc, k)
			}
		}
		if n := kinds[cc]["empact_ncoord"]; n > 2 {
			t.Errorf("country %s: %d empact_ncoord, want 1..2", cc, n)
		}
	}
	if h24 < 3 {
		t.Errorf("only %d contact points available 24/7", h24)
	}
	for _, a := range Agencies {
		if isPartner(a.Country) && !withCP[a.Key] {
			t.Errorf("partner agency %s has no contact point", a.Key)
		}
	}
}

func TestNetworks(t *testing.T) {
	agencies := agencyIndex(t)
	people := personIndex()
	keys := map[string]bool{}
	byKind := map[string]Network{}
	for _, n := range Networks {
		if n.Key == "" || keys[n.Key] {
			t.Errorf("network key %q empty or duplicate", n.Key)
		}
		keys[n.Key] = true
		if !networkKinds[n.Kind] {
			t.Errorf("network %s: bad kind %q", n.Key, n.Kind)
		}
		if n.Name == "" || n.Description == "" {
			t.Errorf("network %s: name and description are required", n.Key)
		}
		byKind[n.Kind] = n
		members := map[string]bool{}
		chairs := 0
		for _, m := range n.Members {
			if _, ok := people[m.Person]; !ok {
				t.Errorf("network %s: unknown member %q", n.Key, m.Person)
			}
			if members[m.Person] {
				t.Errorf("network %s: member %s listed twice", n.Key, m.Person)
			}
			members[m.Person] = true
			if !memberRoles[m.Role] {
				t.Errorf("network %s: member %s has bad role %q", n.Key, m.Person, m.Role)
			}
			if m.Role == "chair" {
				chairs++
			}
		}
		if chairs != 1 {
			t.Errorf("network %s: %d chairs, want 1", n.Key, chairs)
		}
	}
	sizes := map[string][2]int{"forum": {15, 25}, "support": {15, 25}, "trainers": {20, 30}, "initiative": {8, 15}}
	for kind, r := range sizes {
		n, ok := byKind[kind]
		if !ok {
			t.Errorf("no network of kind %q", kind)
			continue
		}
		if len(n.Members) < r[0] || len(n.Members) > r[1] {
			t.Errorf("network %s: %d members, want %d..%d", n.Key, len(n.Members), r[0], r[1])
		}
	}

	// The forum: all five partners plus CEPOL and Europol, chaired by CEPOL, with a secretariat.
	forum := byKind["forum"]
	present := map[string]bool{}
	secretariat := false
	for _, m := range forum.Members {
		a := agencies[people[m.Person].Agency]
		present[a.Country] = true
		present[a.Acronym] = true
		if m.Role == "chair" && a.Acronym != "CEPOL" {
			t.Errorf("forum chair %s is not from CEPOL", m.Person)
		}
		secretariat = secretariat || m.Role == "secretariat"
	}
	for _, want := range append([]string{"CEPOL", "Europol"}, partnerCodes...) {
		if !present[want] {
			t.Errorf("forum has no member from %s", want)
		}
	}
	if !secretariat {
		t.Error("forum has no secretariat")
	}

	// Every trainer contact point is in the trainers' network; every EMPACT national
	// coordinator is in the support network.
	inNet := func(kind, person string) bool {
		for _, m := range byKind[kind].Members {
			if m.Person == person {
				return true
			}
		}
		return false
	}
	for _, cp := range ContactPoints {
		if cp.Kind == "trainer" && !inNet("trainers", cp.Person) {
			t.Errorf("trainer %s is not in the trainers' network", cp.Person)
		}
		if cp.Kind == "empact_ncoord" && !inNet("support", cp.Person) {
			t.Errorf("EMPACT national coordinator %s is not in the support network", cp.Person)
		}
	}
}
