package demo

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/directory"
)

// Password is the password of every demo account. The demo is for
// evaluation only: never load it into a production database.
const Password = "topcop-demo-2026"

// Deps are the services the loader writes through, so that demo data
// passes the same validation, authorization and audit as real data.
type Deps struct {
	Directory *directory.Service
	Auth      *auth.Service
	// RefreshStatistics, if set, is called after each copy of the data set
	// (db.DB.RefreshStatistics), so that a large load keeps fast plans.
	RefreshStatistics func(context.Context) error
	// IDs, if not nil, receives "person:KEY", "agency:KEY" and
	// "network:KEY" → id of the first copy, for the demo data of
	// capabilities loaded after this one.
	IDs map[string]string
}

// Result counts what Load created.
type Result struct {
	Agencies, Units, People, ContactPoints, Networks, Members, Accounts int
}

// Account is a demo sign-in.
type Account struct {
	Email, Name string
	Role        core.Role
	Country     string // country scope, if any
	Person      string // demo person key the account is, if any
}

// Accounts are the demo sign-ins, one per role.
var Accounts = []Account{
	{Email: "admin@demo.example.org", Name: "Demo Administrator", Role: core.RoleAdmin},
	{Email: "coordinator@demo.example.org", Name: "Demo Coordinator", Role: core.RoleCoordinator, Person: "p142"},
	{Email: "ncp.ge@demo.example.org", Name: "Giorgi Beridze", Role: core.RoleNCP, Country: "GE", Person: "p060"},
	{Email: "ncp.ua@demo.example.org", Name: "Oleksandr Kovalenko", Role: core.RoleNCP, Country: "UA", Person: "p002"},
	{Email: "analyst@demo.example.org", Name: "Demo Analyst", Role: core.RoleAnalyst, Country: "MD"},
	{Email: "trainer@demo.example.org", Name: "Iryna Lysenko", Role: core.RoleTrainer, Person: "p007"},
	{Email: "participant@demo.example.org", Name: "Demo Participant", Role: core.RoleParticipant},
	{Email: "observer@demo.example.org", Name: "Demo Observer", Role: core.RoleObserver},
}

// PrintAccounts writes the demo accounts as a table.
func PrintAccounts(w io.Writer) {
	fmt.Fprintf(w, "\nDemo accounts (password for all: %s)\n", Password)
	fmt.Fprintf(w, "  %-32s %-12s %-8s %s\n", "e-mail", "role", "scope", "second factor")
	for _, a := range Accounts {
		scope := "all"
		if a.Country != "" {
			scope = a.Country
		}
		tf := "—"
		if a.Role.NeedsTOTP() {
			tf = "enrol TOTP at first sign-in"
		}
		fmt.Fprintf(w, "  %-32s %-12s %-8s %s\n", a.Email, a.Role, scope, tf)
	}
	fmt.Fprintln(w)
}

// Load writes the demo data set through the services, scale times (copies
// after the first get suffixed codes and recombined names, for load tests),
// then creates the demo accounts. ctx must carry an admin or system actor.
// progress, if not nil, is called as people are created.
func Load(ctx context.Context, d Deps, scale int, progress func(done, total int)) (Result, error) {
	var res Result
	if scale < 1 {
		scale = 1
	}
	people := map[string]string{} // demo key (copy 1) → person id
	total := scale * len(People)
	done := 0
	for k := 1; k <= scale; k++ {
		agencies := map[string]string{}
		units := map[string]string{} // agency key + "/" + unit name → unit id
		for _, a := range Agencies {
			in := directory.AgencyInput{
				Code: copyCode(strings.ToUpper(a.Key), k), CountryCode: a.Country, Name: copyName(a.Name, k),
				NameNative: a.NameNative, Acronym: a.Acronym, Type: directory.AgencyType(a.Type), City: a.City,
				Website: a.Website, Demo: true,
			}
			ag, err := d.Directory.CreateAgency(ctx, in)
			if err != nil {
				return res, fmt.Errorf("demo agency %s: %w", in.Code, err)
			}
			agencies[a.Key] = ag.ID
			if k == 1 && d.IDs != nil {
				d.IDs["agency:"+a.Key] = ag.ID
			}
			res.Agencies++
			for _, u := range a.Units {
				un, err := d.Directory.CreateUnit(ctx, ag.ID, directory.UnitInput{Name: u})
				if err != nil {
					return res, fmt.Errorf("demo unit %s/%s: %w", in.Code, u, err)
				}
				units[a.Key+"/"+u] = un.ID
				res.Units++
			}
		}
		copyPeople := map[string]string{}
		for i, p := range People {
			q := recombine(i, k)
			in := directory.PersonInput{
				AgencyID: agencies[p.Agency], UnitID: units[p.Agency+"/"+p.Unit],
				GivenName: p.GivenName, FamilyName: q.FamilyName,
				GivenNameNative: p.GivenNameNative, FamilyNameNative: q.FamilyNameNative,
				Sex: directory.Sex(p.Sex), Position: p.Position, Languages: p.Languages,
				Email: copyEmail(p.Email, k), Phone: copyPhone(p.Phone, k), Demo: true,
			}
			per, _, err := d.Directory.CreatePerson(ctx, in)
			if err != nil {
				return res, fmt.Errorf("demo person %s: %w", p.Key, err)
			}
			copyPeople[p.Key] = per.ID
			if k == 1 {
				people[p.Key] = per.ID
				if d.IDs != nil {
					d.IDs["person:"+p.Key] = per.ID
				}
			}
			res.People++
			done++
			if progress != nil && (done%100 == 0 || done == total) {
				progress(done, total)
			}
		}
		for _, c := range ContactPoints {
			_, err := d.Directory.CreateContactPoint(ctx, directory.ContactPointInput{
				PersonID: copyPeople[c.Person], Kind: directory.ContactKind(c.Kind), Area: c.Area, Available247: c.Available247,
			})
			if err != nil {
				return res, fmt.Errorf("demo contact point %s/%s: %w", c.Person, c.Kind, err)
			}
			res.ContactPoints++
		}
		for _, n := range Networks {
			nw, err := d.Directory.CreateNetwork(ctx, directory.NetworkInput{
				Code: copyCode(n.Key, k), Name: copyName(n.Name, k), Kind: directory.NetworkKind(n.Kind), Description: n.Description,
			})
			if err != nil {
				return res, fmt.Errorf("demo network %s: %w", n.Key, err)
			}
			res.Networks++
			if k == 1 && d.IDs != nil {
				d.IDs["network:"+n.Key] = nw.ID
			}
			for _, m := range n.Members {
				if _, err := d.Directory.AddMember(ctx, nw.ID, directory.MemberInput{PersonID: copyPeople[m.Person], Role: directory.MemberRole(m.Role)}); err != nil {
					return res, fmt.Errorf("demo member %s of %s: %w", m.Person, n.Key, err)
				}
				res.Members++
			}
		}
		if d.RefreshStatistics != nil {
			if err := d.RefreshStatistics(ctx); err != nil {
				return res, err
			}
		}
	}
	for _, a := range Accounts {
		g := core.Grant{Role: a.Role, ScopeKind: core.ScopeGlobal}
		if a.Country != "" {
			g.ScopeKind, g.Country = core.ScopeCountry, a.Country
		}
		_, err := d.Auth.CreateAccount(ctx, auth.AccountInput{
			Email: a.Email, Name: a.Name, Password: Password, PersonID: people[a.Person], Grants: []core.Grant{g},
		})
		if err != nil {
			return res, fmt.Errorf("demo account %s: %w", a.Email, err)
		}
		res.Accounts++
	}
	return res, nil
}

func copyCode(code string, k int) string {
	if k == 1 {
		return code
	}
	return fmt.Sprintf("%s-%d", code, k)
}

func copyName(name string, k int) string {
	if k == 1 {
		return name
	}
	return fmt.Sprintf("%s (%d)", name, k)
}

func copyEmail(email string, k int) string {
	if k == 1 || email == "" {
		return email
	}
	local, domain, _ := strings.Cut(email, "@")
	return fmt.Sprintf("%s.%d@%s", local, k, domain)
}

// copyPhone keeps copies' numbers distinct and plausible: the last three
// digits shift with the copy number.
func copyPhone(phone string, k int) string {
	if k == 1 || len(phone) < 4 {
		return phone
	}
	return fmt.Sprintf("%s%03d", phone[:len(phone)-3], k%1000)
}

// recombine returns the person whose family name copy k of person i takes:
// the k-th next person of the same country and sex, so that scaled copies
// are distinct, plausible people (native scripts stay consistent).
func recombine(i, k int) Person {
	if k == 1 {
		return People[i]
	}
	group := sameGroup[i]
	pos := 0
	for j, idx := range group {
		if idx == i {
			pos = j
		}
	}
	return People[group[(pos+k-1)%len(group)]]
}

// sameGroup maps each person's index to the indexes of the people of the
// same country and sex, in data order.
var sameGroup = func() map[int][]int {
	agencyCountry := map[string]string{}
	for _, a := range Agencies {
		agencyCountry[a.Key] = a.Country
	}
	groups := map[string][]int{}
	for i, p := range People {
		key := agencyCountry[p.Agency] + "/" + p.Sex
		groups[key] = append(groups[key], i)
	}
	out := map[int][]int{}
	for i, p := range People {
		out[i] = groups[agencyCountry[p.Agency]+"/"+p.Sex]
	}
	return out
}()
