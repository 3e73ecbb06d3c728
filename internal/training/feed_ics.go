package training

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/topcop-platform/topcop/internal/i18n"
)

// The iCalendar (RFC 5545) writing of a feed, with github.com/arran4/
// golang-ical. Each activity is one VEVENT:
//
//	UID            <activity id>@topcop-platform (stable across edits)
//	DTSTART/DTEND  the first day's hours, local to the venue, with
//	               TZID=<IANA zone> and a VTIMEZONE for that zone in the
//	               calendar (UTC times for activities in UTC)
//	RRULE          FREQ=DAILY;COUNT=<days> when it lasts several days, so
//	               that each day shows with its hours
//	SUMMARY        "<code> — <title>" (prefixed when cancelled)
//	LOCATION, URL, DESCRIPTION (status, languages; nothing personal)
//	STATUS         TENTATIVE until confirmed, CONFIRMED, or CANCELLED
//	SEQUENCE       the number of audited changes since it was created
//	DTSTAMP, LAST-MODIFIED, CREATED
//
// No trainer, participant or account appears in a feed.

// icsTime is the local ("floating", qualified by TZID) date-time layout,
// icsUTC the UTC one.
const (
	icsTime = "20060102T150405"
	icsUTC  = "20060102T150405Z"
)

// feedProdID names the platform as the writer of the feed.
const feedProdID = "-//TOPCOP II//TOPCOP Platform training calendar//EN"

// writeFeed writes cal as an iCalendar document to w: base is the
// platform's absolute URL (for each event's URL), l the language of the
// status words in descriptions.
func writeFeed(w io.Writer, l *i18n.Localizer, base string, cal FeedCalendar) error {
	c := ics.NewCalendar()
	c.SetProductId(feedProdID)
	c.SetMethod(ics.MethodPublish)
	c.SetCalscale("GREGORIAN")
	c.SetName(l.T("training.feed.name"))
	c.SetXWRCalName(l.T("training.feed.name"))
	c.SetXPublishedTTL("PT1H")
	c.SetRefreshInterval("PT1H")

	// One VTIMEZONE per zone used, covering the years of its events.
	spans := map[string][2]int{}
	for _, a := range cal.Activities {
		if a.TimeZone == "UTC" || a.TimeZone == "" {
			continue
		}
		from, to := dateOf(a.StartsOn).Year(), dateOf(a.EndsOn).Year()
		if s, ok := spans[a.TimeZone]; ok {
			from, to = min(from, s[0]), max(to, s[1])
		}
		spans[a.TimeZone] = [2]int{from, to}
	}
	zones := make([]string, 0, len(spans))
	for z := range spans {
		zones = append(zones, z)
	}
	slices.Sort(zones)
	for _, z := range zones {
		loc, err := time.LoadLocation(z)
		if err != nil {
			return fmt.Errorf("training: feed: time zone %q: %w", z, err)
		}
		c.AddVTimezone(vtimezone(z, loc, spans[z][0], spans[z][1]))
	}
	for _, a := range cal.Activities {
		if err := addEvent(c, l, base, a, cal.Revisions[a.ID]); err != nil {
			return err
		}
	}
	return c.SerializeTo(w, ics.WithNewLineWindows) // RFC 5545: CRLF, whatever the OS
}

// addEvent adds a's VEVENT to c.
func addEvent(c *ics.Calendar, l *i18n.Localizer, base string, a Activity, seq int) error {
	loc, err := time.LoadLocation(a.TimeZone)
	if err != nil {
		return fmt.Errorf("training: feed: activity %s: time zone %q: %w", a.ID, a.TimeZone, err)
	}
	day := dateOf(a.StartsOn)
	start, err1 := clockOn(day, a.DayStarts, loc)
	end, err2 := clockOn(day, a.DayEnds, loc)
	if err1 != nil || err2 != nil {
		return fmt.Errorf("training: feed: activity %s: daily hours %q–%q", a.ID, a.DayStarts, a.DayEnds)
	}
	ev := c.AddEvent(a.ID + "@topcop-platform")
	ev.SetDtStampTime(a.UpdatedAt)
	ev.SetCreatedTime(a.CreatedAt)
	ev.SetModifiedAt(a.UpdatedAt)
	ev.SetSequence(seq)
	if loc == time.UTC {
		ev.SetProperty(ics.ComponentPropertyDtStart, start.UTC().Format(icsUTC))
		ev.SetProperty(ics.ComponentPropertyDtEnd, end.UTC().Format(icsUTC))
	} else {
		ev.SetProperty(ics.ComponentPropertyDtStart, start.Format(icsTime), ics.WithTZID(a.TimeZone))
		ev.SetProperty(ics.ComponentPropertyDtEnd, end.Format(icsTime), ics.WithTZID(a.TimeZone))
	}
	if n := len(a.Days()); n > 1 {
		ev.AddRrule("FREQ=DAILY;COUNT=" + strconv.Itoa(n))
	}
	summary := a.CourseCode + " — " + a.CourseTitle
	if a.Status == StatusCancelled {
		summary = l.T("training.feed.cancelled_summary", "Summary", summary)
	}
	ev.SetSummary(text(summary))
	ev.SetLocation(text(feedLocation(l, a)))
	url := base + "/training/activities/" + a.ID
	ev.SetURL(url)
	ev.SetStatus(eventStatus(a.Status))
	desc := []string{l.T("training.feed.status", "Status", statusLabel(l, a.Status)), l.T("training.feed.format", "Format", formatLabel(l, a.Format))}
	if len(a.Languages) > 0 {
		desc = append(desc, l.T("training.feed.languages", "Languages", languageList(l, a.Languages)))
	}
	if a.Status == StatusCancelled && a.CancelReason != "" {
		desc = append(desc, l.T("training.feed.cancel_reason", "Reason", a.CancelReason))
	}
	desc = append(desc, url)
	ev.SetDescription(text(strings.Join(desc, "\n")))
	ev.AddCategory(text(formatLabel(l, a.Format)))
	return nil
}

// text drops carriage returns and other control characters but newlines
// from a TEXT value (the library escapes the rest).
func text(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r >= 0x20 && r != 0x7f {
			return r
		}
		return -1
	}, s)
}

// clockOn is the instant of a HH:MM wall-clock time on day in loc.
func clockOn(day time.Time, hhmm string, loc *time.Location) (time.Time, error) {
	t, err := time.Parse("15:04", hhmm)
	if err != nil {
		return time.Time{}, err
	}
	return time.Date(day.Year(), day.Month(), day.Day(), t.Hour(), t.Minute(), 0, 0, loc), nil
}

func feedLocation(l *i18n.Localizer, a Activity) string {
	return venueText(l, a, true)
}

// eventStatus is the VEVENT STATUS of an activity's status: tentative
// until it is confirmed.
func eventStatus(s Status) ics.ObjectStatus {
	switch s {
	case StatusCancelled:
		return ics.ObjectStatusCancelled
	case StatusConfirmed, StatusDelivered, StatusClosed:
		return ics.ObjectStatusConfirmed
	}
	return ics.ObjectStatusTentative
}

// vtimezone describes zone for the years from to to (inclusive) as a
// VTIMEZONE: an observance in effect at the start of the span, then one
// STANDARD or DAYLIGHT observance per change of UTC offset in the span,
// found by probing Go's zone database (time.Location lists no
// transitions). Each onset (DTSTART) is the local time before the change,
// as RFC 5545 §3.6.5 has it.
func vtimezone(zone string, loc *time.Location, from, to int) *ics.VTimezone {
	tz := ics.NewTimezone(zone)
	begin := time.Date(from, time.January, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(to+1, time.January, 1, 0, 0, 0, 0, time.UTC)
	_, off := begin.In(loc).Zone()
	tz.Components = append(tz.Components, observance(begin.In(loc), off, off))
	const step = 24 * time.Hour
	for t := begin; t.Before(end); t = t.Add(step) {
		_, o1 := t.In(loc).Zone()
		_, o2 := t.Add(step).In(loc).Zone()
		if o1 == o2 {
			continue
		}
		// The change lies in (t, t+step]: find its second.
		lo, hi := t, t.Add(step)
		for hi.Sub(lo) > time.Second {
			mid := lo.Add(hi.Sub(lo) / 2)
			if _, o := mid.In(loc).Zone(); o == o1 {
				lo = mid
			} else {
				hi = mid
			}
		}
		tz.Components = append(tz.Components, observance(hi.In(loc), o1, o2))
	}
	return tz
}

// observance is the STANDARD or DAYLIGHT part of a VTIMEZONE that starts
// at t (an instant in the zone) changing the offset from → to.
func observance(t time.Time, from, to int) ics.Component {
	name, _ := t.Zone()
	onset := t.UTC().Add(time.Duration(from) * time.Second).Format(icsTime)
	props := []struct {
		p ics.ComponentProperty
		v string
	}{
		{ics.ComponentPropertyDtStart, onset},
		{ics.ComponentProperty(ics.PropertyTzoffsetfrom), utcOffset(from)},
		{ics.ComponentProperty(ics.PropertyTzoffsetto), utcOffset(to)},
		{ics.ComponentProperty(ics.PropertyTzname), name},
	}
	if t.IsDST() {
		d := &ics.Daylight{}
		for _, p := range props {
			d.SetProperty(p.p, p.v)
		}
		return d
	}
	s := ics.NewStandard()
	for _, p := range props {
		s.SetProperty(p.p, p.v)
	}
	return s
}

// utcOffset is an offset in seconds as an iCalendar UTC-OFFSET (+0300).
func utcOffset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	s := fmt.Sprintf("%s%02d%02d", sign, sec/3600, sec%3600/60)
	if sec%60 != 0 {
		s += fmt.Sprintf("%02d", sec%60)
	}
	return s
}
