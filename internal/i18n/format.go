package i18n

import "time"

// dateFormat is a language's numeric date and date-time layout.
type dateFormat struct {
	date     string
	dateTime string
}

// dateFormats are the numeric date conventions per language.
//
//	en  2026-11-26        2026-11-26 14:05 UTC   ISO 8601: English is the working
//	                                             language of an international
//	                                             project, and ISO is the one
//	                                             order nobody misreads (26/11 vs
//	                                             11/26).
//	ro  26.11.2026        26.11.2026 14:05 UTC   Romania and Moldova write
//	uk  26.11.2026        26.11.2026 14:05 UTC   day.month.year with dots and a
//	ka  26.11.2026        26.11.2026 14:05 UTC   four-digit year; so do Ukraine,
//	hy  26.11.2026        26.11.2026 14:05 UTC   Georgia, Armenia, Azerbaijan and
//	az  26.11.2026        26.11.2026 14:05 UTC   Russian usage (CLDR medium/short
//	ru  26.11.2026        26.11.2026 14:05 UTC   numeric patterns, year widened).
//
// Times are 24-hour everywhere. DateTime prints the zone abbreviation because
// users sit in four time zones and stored times are UTC.
var dateFormats = map[string]dateFormat{
	"en": {date: "2006-01-02", dateTime: "2006-01-02 15:04 MST"},
	"ro": {date: "02.01.2006", dateTime: "02.01.2006 15:04 MST"},
	"uk": {date: "02.01.2006", dateTime: "02.01.2006 15:04 MST"},
	"ka": {date: "02.01.2006", dateTime: "02.01.2006 15:04 MST"},
	"hy": {date: "02.01.2006", dateTime: "02.01.2006 15:04 MST"},
	"az": {date: "02.01.2006", dateTime: "02.01.2006 15:04 MST"},
	"ru": {date: "02.01.2006", dateTime: "02.01.2006 15:04 MST"},
}

// Date formats t as a numeric date in the language's convention (see
// dateFormats): 2026-11-26 in English, 26.11.2026 in the other six. The date
// is taken in t's own location; convert first (t.In(loc)) to show another
// zone's calendar day. The zero time gives the "placeholder.empty" message.
func (l *Localizer) Date(t time.Time) string {
	if t.IsZero() {
		return l.T("placeholder.empty")
	}
	return t.Format(l.dates.date)
}

// DateTime formats t as a numeric date, a 24-hour time and t's zone
// abbreviation: "2026-11-26 14:05 UTC" in English, "26.11.2026 14:05 UTC" in
// the other six. The zero time gives the "placeholder.empty" message.
func (l *Localizer) DateTime(t time.Time) string {
	if t.IsZero() {
		return l.T("placeholder.empty")
	}
	return t.Format(l.dates.dateTime)
}

// Number formats n with the language's digit grouping from CLDR via
// golang.org/x/text/message: 1,234,567 (en), 1.234.567 (ro, az) and
// 1 234 567 with no-break spaces (uk, ka, hy, ru).
func (l *Localizer) Number(n int) string {
	return l.printer.Sprintf("%d", n)
}
