package training

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/ui"
)

// callForm is the activity page's "Open the call" form as typed (or
// prefilled): the deadline as a date and a time in the activity's time
// zone, the eligible agency types and working language.
type callForm struct {
	Date, Time string
	Types      []string
	Lang       string
}

// callFormData is the form as the activity page shows it.
type callFormData struct {
	Date, Time, Zone string
	Types            []langChoice // Code: the agency type
	Langs            []ui.Option
	Lang             string
}

// callFields maps the service's field names to the call form's inputs.
var callFields = map[string]string{"deadline": "deadline_date", "eligible_agency_types": "eligible_agency_types",
	"eligible_language": "eligible_language"}

// callFormOf builds the form of a for cf (the defaults when empty: a
// deadline three weeks ahead, or the day before the start if sooner, at
// 18:00).
func callFormOf(l *i18n.Localizer, a Activity, cf callForm, now time.Time) callFormData {
	loc := activityZone(a)
	if cf.Date == "" && cf.Time == "" {
		d := now.In(loc).AddDate(0, 0, 21).Format(time.DateOnly)
		if day := dateOf(a.StartsOn).AddDate(0, 0, -1).Format(time.DateOnly); day < d {
			d = day
		}
		cf.Date, cf.Time = d, "18:00"
	}
	d := callFormData{Date: cf.Date, Time: cf.Time, Zone: a.TimeZone, Lang: cf.Lang}
	for _, t := range directory.AgencyTypes {
		d.Types = append(d.Types, langChoice{Code: string(t), Name: agencyTypeLabel(l, string(t)), Checked: slices.Contains(cf.Types, string(t))})
	}
	d.Langs = []ui.Option{{Value: "", Label: l.T("training.call.any_language")}}
	for _, c := range activityLanguages {
		d.Langs = append(d.Langs, ui.Option{Value: c, Label: languageName(l, c)})
	}
	return d
}

// activityZone is the activity's time zone (UTC if unknown).
func activityZone(a Activity) *time.Location {
	if loc, err := time.LoadLocation(a.TimeZone); err == nil {
		return loc
	}
	return time.UTC
}

// deadlineText is a call's deadline in the activity's time zone, and how
// long is left until it (or that it has passed).
func deadlineText(l *i18n.Localizer, a Activity, now time.Time) (at, left string) {
	if a.CallDeadline.IsZero() {
		return "", ""
	}
	t := a.CallDeadline.In(activityZone(a))
	at = l.T("training.call.deadline_at", "Date", l.Date(t), "Time", t.Format("15:04"), "Zone", a.TimeZone)
	switch d := a.CallDeadline.Sub(now); {
	case d <= 0 || a.CallClosed:
		left = l.T("training.call.passed")
	case d >= 48*time.Hour:
		left = l.N("training.call.days_left", int(d/(24*time.Hour)))
	default:
		left = l.N("training.call.hours_left", max(1, int(d/time.Hour)))
	}
	return at, left
}

// activityCallOpen opens the call for nominations of a planned activity
// (staff, OpenCall): the deadline (date and time in the activity's time
// zone), eligible agency types and working language. Errors re-render the
// activity page with the form and its errors (422).
func (w *Web) activityCallOpen(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := validID(id, "activity"); err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := ui.ParseForm(rw, r); err != nil {
		w.fail(rw, r, err)
		return
	}
	f := r.PostForm
	cf := callForm{Date: strings.TrimSpace(f.Get("deadline_date")), Time: strings.TrimSpace(f.Get("deadline_time")),
		Types: f["eligible_agency_types"], Lang: f.Get("eligible_language")}
	in := CallInput{EligibleTypes: cf.Types, EligibleLang: cf.Lang}
	a, err := w.svc.Activity(r.Context(), id, "")
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if cf.Time == "" {
		cf.Time = "23:59"
	}
	if t, err := time.ParseInLocation("2006-01-02 15:04", cf.Date+" "+cf.Time, activityZone(a)); err == nil {
		in.Deadline = t
	}
	_, err = w.svc.OpenCall(r.Context(), id, in)
	if ui.HasFields(err) {
		w.renderActivity(rw, r, id, api.StatusOf(err), activityState{Call: &cf}, formErrors(localizer(r), err, callFields))
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	ui.SeeOther(rw, r, ui.Done("/training/activities/"+id, "call_opened"))
}

// activityCallClose closes the call of an activity (staff, CloseCall):
// the lists are locked and the selection starts.
func (w *Web) activityCallClose(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := validID(id, "activity"); err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := ui.ParseForm(rw, r); err != nil {
		w.fail(rw, r, err)
		return
	}
	_, err := w.svc.CloseCall(r.Context(), id)
	if ui.HasFields(err) {
		w.renderActivity(rw, r, id, api.StatusOf(err), activityState{}, formErrors(localizer(r), err, nil))
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	ui.SeeOther(rw, r, ui.Done("/training/activities/"+id+"/selection", "call_closed"))
}

// canSeeNominations reports whether the actor of r may open an activity's
// nominations page (everyone but observers; the service decides which).
func canSeeNominations(r *http.Request) bool {
	return nominationReaders.Allows(core.ActorFrom(r.Context()))
}
