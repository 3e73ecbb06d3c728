package training_test

// The private iCalendar feed: a signed-in account gets a secret URL on the
// calendar page, a calendar client fetches it without a session, and what
// it gets is proven with a different iCalendar library than the one that
// wrote it (github.com/emersion/go-ical decodes what
// github.com/arran4/golang-ical wrote), down to every required property
// and the time zone definitions. Resetting the URL kills the old one;
// unknown and malformed tokens are 404; nothing personal is in a feed;
// every fetch is audited as the account's.

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/training"
	"github.com/topcop-platform/topcop/internal/ui/uitest"
)

// feedZones are the zones of the activities the feed test plans, one
// each: the partner countries', the EU's and UTC.
var feedZones = []string{"Europe/Chisinau", "Europe/Kyiv", "Asia/Tbilisi", "Asia/Yerevan", "Asia/Baku", "Europe/Brussels", "Europe/Lisbon", "UTC"}

// getFeed resets the feed of c on the calendar page and returns its URL.
func getFeed(t *testing.T, c *apptest.Client) string {
	t.Helper()
	res := c.Post(t, "/training/calendar/feed", nil)
	apptest.WantStatus(t, res, http.StatusOK)
	if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
		t.Errorf("the page with the feed URL may be stored: Cache-Control %q", cc)
	}
	u := uitest.Attr(t, res.Doc(t), "#feed-url", "value")
	if !strings.HasPrefix(u, c.Env.URL+"/training/calendar/feed/"+training.FeedPrefix) || !strings.HasSuffix(u, ".ics") {
		t.Fatalf("feed URL %q", u)
	}
	return u
}

// fetch gets a feed URL without a session, as a calendar client does.
func fetch(t *testing.T, e *apptest.Env, feedURL string) *apptest.Response {
	t.Helper()
	u, err := url.Parse(feedURL)
	if err != nil {
		t.Fatal(err)
	}
	c := e.NewClient()
	c.Site = ""
	return c.Get(t, u.Path)
}

// decode parses a feed with go-ical.
func decode(t *testing.T, res *apptest.Response) *ical.Calendar {
	t.Helper()
	apptest.WantStatus(t, res, http.StatusOK)
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") {
		t.Fatalf("Content-Type %q", ct)
	}
	cal, err := ical.NewDecoder(strings.NewReader(res.Body)).Decode()
	if err != nil {
		t.Fatalf("decode the feed: %v\n%s", err, apptest.Excerpt(res.Body))
	}
	return cal
}

// eventsByUID indexes the feed's events.
func eventsByUID(cal *ical.Calendar) map[string]ical.Event {
	out := map[string]ical.Event{}
	for _, ev := range cal.Events() {
		uid, _ := ev.Props.Text(ical.PropUID)
		out[uid] = ev
	}
	return out
}

func text(t *testing.T, ev ical.Event, name string) string {
	t.Helper()
	p := ev.Props.Get(name)
	if p == nil {
		t.Errorf("event has no %s", name)
		return ""
	}
	s, err := p.Text()
	if err != nil {
		return p.Value
	}
	return s
}

// zoneCheck resolves local times with a VTIMEZONE of the feed as a client
// would (the latest observance whose onset is not after the instant) and
// compares every offset it gives over the years it covers with Go's zone
// database, every six hours and around each change.
func zoneCheck(t *testing.T, tz *ical.Component) {
	t.Helper()
	id, _ := tz.Props.Text(ical.PropTimezoneID)
	loc, err := time.LoadLocation(id)
	if err != nil {
		t.Fatalf("VTIMEZONE %q: %v", id, err)
	}
	type obs struct {
		onset time.Time
		to    int
	}
	var list []obs
	for _, c := range tz.Children {
		if c.Name != ical.CompTimezoneStandard && c.Name != ical.CompTimezoneDaylight {
			t.Errorf("%s: unexpected %s", id, c.Name)
			continue
		}
		for _, p := range []string{ical.PropDateTimeStart, ical.PropTimezoneOffsetFrom, ical.PropTimezoneOffsetTo} {
			if c.Props.Get(p) == nil {
				t.Fatalf("%s %s: no %s", id, c.Name, p)
			}
		}
		local, err := time.Parse("20060102T150405", c.Props.Get(ical.PropDateTimeStart).Value)
		if err != nil {
			t.Fatalf("%s: DTSTART %v", id, err)
		}
		from, to := utcOffset(t, c.Props.Get(ical.PropTimezoneOffsetFrom).Value), utcOffset(t, c.Props.Get(ical.PropTimezoneOffsetTo).Value)
		onset := local.Add(-time.Duration(from) * time.Second)
		if isDST := c.Name == ical.CompTimezoneDaylight; isDST != onset.In(loc).IsDST() {
			t.Errorf("%s: %s at %s, but Go says DST=%v", id, c.Name, onset, onset.In(loc).IsDST())
		}
		list = append(list, obs{onset, to})
	}
	if len(list) == 0 {
		t.Fatalf("%s: no observance", id)
	}
	slices.SortFunc(list, func(a, b obs) int { return a.onset.Compare(b.onset) })
	end := time.Date(list[0].onset.UTC().Year()+1, 1, 1, 0, 0, 0, 0, time.UTC)
	if last := list[len(list)-1].onset; last.After(end) {
		end = time.Date(last.Year()+1, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	check := func(at time.Time) {
		var got int
		for _, o := range list {
			if !o.onset.After(at) {
				got = o.to
			}
		}
		if _, want := at.In(loc).Zone(); got != want {
			t.Errorf("%s at %s: the feed's VTIMEZONE gives UTC%+d s, Go %+d s", id, at.Format(time.RFC3339), got, want)
		}
	}
	for at := list[0].onset; at.Before(end); at = at.Add(6 * time.Hour) {
		check(at)
	}
	for _, o := range list[1:] {
		check(o.onset.Add(-time.Second))
		check(o.onset)
	}
}

func utcOffset(t *testing.T, s string) int {
	t.Helper()
	if len(s) < 5 || (s[0] != '+' && s[0] != '-') {
		t.Fatalf("UTC offset %q", s)
	}
	h, err1 := strconv.Atoi(s[1:3])
	m, err2 := strconv.Atoi(s[3:5])
	sec := 0
	if len(s) == 7 {
		sec, _ = strconv.Atoi(s[5:7])
	}
	if err1 != nil || err2 != nil {
		t.Fatalf("UTC offset %q", s)
	}
	n := h*3600 + m*60 + sec
	if s[0] == '-' {
		n = -n
	}
	return n
}

// TestCalendarFeed gets a feed URL on the calendar page, reads the feed
// without a session and checks it with go-ical: the calendar's VERSION and
// PRODID, a VTIMEZONE for every zone used that agrees with Go's zone
// database, and for each activity a VEVENT with a stable UID, DTSTAMP,
// DTSTART and DTEND on the venue's clock (TZID), a daily RRULE over its
// days, SUMMARY, LOCATION, URL, STATUS (CANCELLED for a cancelled one),
// SEQUENCE growing with each change, and LAST-MODIFIED; a cancelled
// activity that has ended leaves the feed. Nothing personal is in it, and
// the fetch is audited as the account's read.
func TestCalendarFeed(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		f := seedWeb(t, e)
		ctx, svc := apptest.SysCtx(), svcOf(e)
		today := time.Now().UTC()
		day := func(n int) string { return today.AddDate(0, 0, n).Format(time.DateOnly) }
		var acts []training.Activity
		for i, z := range feedZones {
			in := training.ActivityInput{CourseID: f.thb.ID, StartsOn: day(20 + 7*i), EndsOn: day(23 + 7*i), TimeZone: z, DayStarts: "09:30", DayEnds: "16:30",
				Venue: "Academy", City: "Chișinău", CountryCode: "MD", Languages: []string{"ro", "en"}, Capacity: 20,
				Seats: map[string]int{"MD": 5}, TrainerIDs: []string{f.nino.ID}}
			if z == "UTC" {
				in.Online, in.City, in.CountryCode, in.Venue, in.StartsOn, in.EndsOn = true, "", "", "", day(10), day(10)
			}
			a, err := svc.CreateActivity(ctx, in)
			if err != nil {
				t.Fatalf("%s: %v", z, err)
			}
			acts = append(acts, a)
		}
		cancelled := acts[len(acts)-1] // online, in ten days
		if _, err := svc.Move(ctx, cancelled.ID, training.StatusCancelled, "The trainer is ill."); err != nil {
			t.Fatal(err)
		}
		past, err := svc.CreateActivity(ctx, training.ActivityInput{CourseID: f.cyb.ID, StartsOn: day(-30), EndsOn: day(-28), TimeZone: "Asia/Baku",
			City: "Baku", CountryCode: "AZ", Languages: []string{"az"}, Capacity: 10})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Move(ctx, past.ID, training.StatusCancelled, "Postponed."); err != nil {
			t.Fatal(err)
		}

		acc := e.AccountFor(t, core.RoleCoordinator)
		coord := e.SignIn(t, acc.Email)
		_, doc := coord.GetDoc(t, "/training/calendar", http.StatusOK)
		if doc.Find(`#feed form[action="/training/calendar/feed"] button`).Length() != 1 || doc.Find("#feed-url").Length() != 0 {
			t.Error("the calendar page does not offer a feed address")
		}
		feedURL := getFeed(t, coord)
		_, doc = coord.GetDoc(t, "/training/calendar", http.StatusOK)
		if doc.Find("#feed-url").Length() != 0 || doc.Find(`#feed form[action="/training/calendar/feed/revoke"]`).Length() != 1 {
			t.Error("the feed URL is shown again, or the feed cannot be turned off")
		}

		res := fetch(t, e, feedURL)
		body := res.Body
		// Content lines end with CRLF and are folded at 75 octets (RFC 5545 §3.1).
		for i, line := range strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n") {
			if strings.ContainsAny(line, "\r\n") || len(line) > 75 {
				t.Errorf("content line %d is not a folded CRLF line: %q", i+1, line)
				break
			}
		}
		cal := decode(t, res)
		if v, _ := cal.Props.Text(ical.PropVersion); v != "2.0" {
			t.Errorf("VERSION %q", v)
		}
		if p, _ := cal.Props.Text(ical.PropProductID); !strings.Contains(p, "TOPCOP") {
			t.Errorf("PRODID %q", p)
		}
		zones := map[string]*ical.Component{}
		for _, c := range cal.Children {
			if c.Name == ical.CompTimezone {
				id, _ := c.Props.Text(ical.PropTimezoneID)
				zones[id] = c
			}
		}
		for _, z := range feedZones[:len(feedZones)-1] {
			tz, ok := zones[z]
			if !ok {
				t.Errorf("no VTIMEZONE for %s", z)
				continue
			}
			zoneCheck(t, tz)
		}
		if _, ok := zones["UTC"]; ok {
			t.Error("a VTIMEZONE for UTC (UTC times need none)")
		}

		events := eventsByUID(cal)
		if _, ok := events[past.ID+"@topcop-platform"]; ok {
			t.Error("a cancelled activity that has ended is in the feed")
		}
		for i, a := range acts {
			ev, ok := events[a.ID+"@topcop-platform"]
			if !ok {
				t.Errorf("no event for the activity in %s", feedZones[i])
				continue
			}
			for _, p := range []string{ical.PropDateTimeStamp, ical.PropDateTimeStart, ical.PropDateTimeEnd, ical.PropSummary, ical.PropLocation,
				ical.PropURL, ical.PropStatus, ical.PropSequence, ical.PropLastModified} {
				if ev.Props.Get(p) == nil {
					t.Errorf("%s: no %s", feedZones[i], p)
				}
			}
			loc, _ := time.LoadLocation(a.TimeZone)
			start, err := ev.DateTimeStart(nil)
			if err != nil {
				t.Fatalf("%s: DTSTART: %v", a.TimeZone, err)
			}
			end, _ := ev.DateTimeEnd(nil)
			d, _ := time.ParseInLocation(time.DateOnly, a.StartsOn, loc)
			if want := d.Add(9*time.Hour + 30*time.Minute); !start.Equal(want) {
				t.Errorf("%s: DTSTART %s, want %s", a.TimeZone, start, want)
			}
			if want := d.Add(16*time.Hour + 30*time.Minute); !end.Equal(want) {
				t.Errorf("%s: DTEND %s, want %s", a.TimeZone, end, want)
			}
			if a.TimeZone == "UTC" {
				if v := ev.Props.Get(ical.PropDateTimeStart).Value; !strings.HasSuffix(v, "Z") {
					t.Errorf("UTC DTSTART %q", v)
				}
			} else if tzid := ev.Props.Get(ical.PropDateTimeStart).Params.Get(ical.PropTimezoneID); tzid != a.TimeZone {
				t.Errorf("DTSTART TZID %q, want %q", tzid, a.TimeZone)
			}
			if u, _ := ev.Props.URI(ical.PropURL); u == nil || u.String() != e.URL+"/training/activities/"+a.ID {
				t.Errorf("URL %v", u)
			}
			if s := text(t, ev, ical.PropSummary); !strings.HasSuffix(s, "THB-201 — Financial investigations of human trafficking") {
				t.Errorf("SUMMARY %q", s)
			}
			if seq, _ := ev.Props.Get(ical.PropSequence).Int(); a.ID != cancelled.ID && seq != 0 {
				t.Errorf("SEQUENCE %d of an unchanged activity", seq)
			}
			if lm, err := ev.Props.DateTime(ical.PropLastModified, nil); err != nil || !lm.Equal(a.UpdatedAt.Truncate(time.Second)) && a.ID != cancelled.ID {
				t.Errorf("LAST-MODIFIED %s (%v), updated %s", lm, err, a.UpdatedAt)
			}
			if a.ID == cancelled.ID {
				continue
			}
			rule, err := ev.Props.RecurrenceRule()
			if err != nil || rule == nil || rule.Freq != rrule.DAILY || rule.Count != 4 {
				t.Errorf("%s: RRULE %+v (%v), want daily, 4 times", a.TimeZone, rule, err)
			}
			if st, _ := ev.Status(); st != ical.EventTentative {
				t.Errorf("STATUS %q of a planned activity", st)
			}
			if l := text(t, ev, ical.PropLocation); l != "Academy, Chișinău, Moldova" {
				t.Errorf("LOCATION %q", l)
			}
		}
		ev := events[cancelled.ID+"@topcop-platform"]
		if st, _ := ev.Status(); st != ical.EventCancelled {
			t.Errorf("STATUS %q of a cancelled activity", st)
		}
		if s := text(t, ev, ical.PropSummary); !strings.HasPrefix(s, "Cancelled: ") {
			t.Errorf("cancelled SUMMARY %q", s)
		}
		if seq, _ := ev.Props.Get(ical.PropSequence).Int(); seq != 1 {
			t.Errorf("SEQUENCE %d after one status change", seq)
		}
		if l := text(t, ev, ical.PropLocation); l != "Online" {
			t.Errorf("online LOCATION %q", l)
		}

		// Nothing personal: no account, no trainer, no e-mail address.
		for _, s := range []string{acc.Email, acc.Name, "Beridze", "Nino", "ბერიძე", "n.beridze@example.org", "example.org"} {
			if strings.Contains(body, s) {
				t.Errorf("the feed shows %q", s)
			}
		}
		if n := strings.Count(body, "@"); n != strings.Count(body, "@topcop-platform") {
			t.Errorf("the feed has %d @ but only UIDs should", n)
		}

		// The fetch is audited, as the account's read.
		var actor string
		if err := e.DB.QueryRow(context.Background(), `SELECT actor_id FROM audit_log WHERE action = 'training.calendar_feed.read' ORDER BY seq DESC LIMIT 1`).Scan(&actor); err != nil || actor != acc.ID {
			t.Errorf("audit of the fetch: actor %q (%v), want %s", actor, err, acc.ID)
		}
		if !slices.Contains(e.AuditActions(t), "training.calendar_feed.create") {
			t.Error("the feed's creation is not audited")
		}

		// A change raises SEQUENCE and LAST-MODIFIED; the UID stays.
		a := acts[0]
		in := training.ActivityInput{CourseID: a.CourseID, StartsOn: a.StartsOn, EndsOn: a.EndsOn, TimeZone: a.TimeZone, DayStarts: "10:00",
			DayEnds: "17:00", Venue: a.Venue, City: a.City, CountryCode: a.CountryCode, Languages: a.Languages, Capacity: 25, Seats: a.Seats}
		time.Sleep(1100 * time.Millisecond) // LAST-MODIFIED has whole seconds
		if _, err := svc.UpdateActivity(ctx, a.ID, in); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.OpenCall(ctx, a.ID, training.CallInput{Deadline: time.Now().Add(48 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
		// Opening the call through its own use case (with a deadline) is a
		// status change too: on the event and in the activity's timeline.
		kyiv := acts[1]
		if _, err := svc.OpenCall(ctx, kyiv.ID, training.CallInput{Deadline: today.AddDate(0, 0, 15)}); err != nil {
			t.Fatal(err)
		}
		byUID := eventsByUID(decode(t, fetch(t, e, feedURL)))
		if seq, _ := byUID[kyiv.ID+"@topcop-platform"].Props.Get(ical.PropSequence).Int(); seq != 1 {
			t.Errorf("SEQUENCE %d after the call opened", seq)
		}
		_, doc = coord.GetDoc(t, "/training/activities/"+kyiv.ID, http.StatusOK)
		if got := uitest.Squash(doc.Find("#history ol.timeline").Text()); !strings.Contains(got, "Planned → Call open") {
			t.Errorf("timeline after OpenCall: %q", got)
		}
		ev = byUID[a.ID+"@topcop-platform"]
		if seq, _ := ev.Props.Get(ical.PropSequence).Int(); seq != 2 {
			t.Errorf("SEQUENCE %d after an edit and a status change", seq)
		}
		if lm, _ := ev.Props.DateTime(ical.PropLastModified, nil); !lm.After(a.UpdatedAt) {
			t.Errorf("LAST-MODIFIED %s not after %s", lm, a.UpdatedAt)
		}
		loc, _ := time.LoadLocation(a.TimeZone)
		d, _ := time.ParseInLocation(time.DateOnly, a.StartsOn, loc)
		if start, _ := ev.DateTimeStart(nil); !start.Equal(d.Add(10 * time.Hour)) {
			t.Errorf("DTSTART after the edit %s, want 10:00 in %s", start, a.TimeZone)
		}

		// Reset: the old URL is gone, the new one works; unknown and malformed tokens are 404.
		newURL := getFeed(t, coord)
		if newURL == feedURL {
			t.Fatal("reset kept the URL")
		}
		apptest.WantStatus(t, fetch(t, e, feedURL), http.StatusNotFound)
		decode(t, fetch(t, e, newURL))
		for _, p := range []string{
			"/training/calendar/feed/" + training.FeedPrefix + strings.Repeat("A", 43) + ".ics",
			"/training/calendar/feed/" + training.FeedPrefix + "short.ics",
			"/training/calendar/feed/nothing.ics",
			"/training/calendar/feed/" + strings.TrimSuffix(newURL[strings.LastIndex(newURL, "/")+1:], ".ics"),
		} {
			apptest.WantStatus(t, e.NewClient().Get(t, p), http.StatusNotFound)
		}
		// Turned off: 404, and the page offers a new address.
		apptest.WantRedirect(t, coord.Post(t, "/training/calendar/feed/revoke", nil), "/training/calendar?done=feed_off")
		apptest.WantStatus(t, fetch(t, e, newURL), http.StatusNotFound)
		_, doc = coord.GetDoc(t, "/training/calendar", http.StatusOK)
		if doc.Find(`#feed form[action="/training/calendar/feed/revoke"]`).Length() != 0 {
			t.Error("a revoked feed still shows as on")
		}
		if !slices.Contains(e.AuditActions(t), "training.calendar_feed.revoke") || !slices.Contains(e.AuditActions(t), "training.calendar_feed.reset") {
			t.Error("reset and revoke are not audited")
		}
	})
}

// TestCalendarFeedOthers: a participant and an observer get feeds of the
// activities open to all (for now every activity; nominations narrow it
// later) with no trainer in them; a disabled account's feed is 404.
func TestCalendarFeedOthers(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		f := seedWeb(t, e)
		ctx, svc := apptest.SysCtx(), svcOf(e)
		day := time.Now().UTC().AddDate(0, 0, 14).Format(time.DateOnly)
		// nino trains "soon"; an Armenian officer is nominated for "mine";
		// "other" concerns neither, and has no Georgian seats.
		soon, err := svc.CreateActivity(ctx, training.ActivityInput{CourseID: f.thb.ID, StartsOn: day, EndsOn: day,
			TimeZone: "Asia/Yerevan", City: "Yerevan", CountryCode: "AM", Languages: []string{"hy", "en"}, Capacity: 12, TrainerIDs: []string{f.nino.ID}})
		if err != nil {
			t.Fatal(err)
		}
		mine, err := svc.CreateActivity(ctx, training.ActivityInput{CourseID: f.cyb.ID, StartsOn: day, EndsOn: day, Online: true,
			Languages: []string{"en"}, Capacity: 10, Seats: map[string]int{"AM": 5}})
		if err != nil {
			t.Fatal(err)
		}
		other, err := svc.CreateActivity(ctx, training.ActivityInput{CourseID: f.cyb.ID, StartsOn: day, EndsOn: day, Online: true,
			Languages: []string{"en"}, Capacity: 10, Seats: map[string]int{"MD": 5}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.OpenCall(ctx, mine.ID, training.CallInput{Deadline: time.Now().Add(48 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
		dir := apptest.Use[*directory.Service](e)
		amAgency, err := dir.CreateAgency(ctx, directory.AgencyInput{Code: "AM-POL", CountryCode: "AM", Name: "Police of Armenia", Type: directory.AgencyPolice})
		if err != nil {
			t.Fatal(err)
		}
		armen, _, err := dir.CreatePerson(ctx, directory.PersonInput{AgencyID: amAgency.ID, GivenName: "Armen", FamilyName: "Petrosyan", Email: "a.petrosyan@example.org"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Nominate(ctx, mine.ID, training.NominationInput{PersonID: armen.ID, Motivation: "leads cyber cases"}); err != nil {
			t.Fatal(err)
		}
		uid := func(a training.Activity) string { return a.ID + "@topcop-platform" }
		cases := []struct {
			name   string
			acc    auth.Account
			want   []training.Activity
			absent []training.Activity
		}{
			{"trainer", e.LinkPerson(t, e.CreateAccount(t, "nino.feed@example.org", core.Grant{Role: core.RoleTrainer, ScopeKind: core.ScopeGlobal}), f.nino.ID),
				[]training.Activity{soon, f.act}, []training.Activity{mine, other, f.online}},
			{"participant", e.LinkPerson(t, e.CreateAccount(t, "armen.feed@example.org", core.Grant{Role: core.RoleParticipant, ScopeKind: core.ScopeGlobal}), armen.ID),
				[]training.Activity{mine}, []training.Activity{soon, other, f.act, f.online}},
			{"observer", e.AccountFor(t, core.RoleObserver), nil, []training.Activity{soon, mine, other, f.act, f.online}},
		}
		for _, c := range cases {
			cl := e.SignIn(t, c.acc.Email)
			u := getFeed(t, cl)
			res := fetch(t, e, u)
			events := eventsByUID(decode(t, res))
			for _, a := range c.want {
				if _, ok := events[uid(a)]; !ok {
					t.Errorf("%s: the feed lacks %s %s, which concerns them", c.name, a.CourseCode, a.StartsOn)
				}
			}
			for _, a := range c.absent {
				if _, ok := events[uid(a)]; ok {
					t.Errorf("%s: the feed carries %s %s, which does not concern them", c.name, a.CourseCode, a.StartsOn)
				}
			}
			if strings.Contains(res.Body, "Beridze") || strings.Contains(res.Body, "Petrosyan") || strings.Contains(res.Body, c.acc.Email) {
				t.Errorf("%s: personal data in the feed", c.name)
			}
			if c.name == "participant" {
				if err := e.Auth.DisableAccount(apptest.SysCtx(), c.acc.ID, true); err != nil {
					t.Fatal(err)
				}
				apptest.WantStatus(t, fetch(t, e, u), http.StatusNotFound)
			}
		}
	})
}
