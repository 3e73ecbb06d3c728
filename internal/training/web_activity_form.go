package training

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/ui"
)

// activityForm is a submitted (or prefilled) activity form: the input,
// the numbers as typed, the trainers' names as far as they are known, and
// what the submit asked for.
type activityForm struct {
	in                   ActivityInput
	capacity, completion string
	seats                map[string]string // country → seats as typed
	trainerNames         map[string]trainerChoice
	findTrainer          string
	intent               string
}

// maxSeatFields bounds the seats_XX fields read from a form.
const maxSeatFields = 64

func activityFormFrom(r *http.Request) activityForm {
	f := r.PostForm
	af := activityForm{capacity: f.Get("capacity"), completion: f.Get("completion_rate"), seats: map[string]string{},
		findTrainer: strings.TrimSpace(f.Get("find_trainer")), intent: f.Get("intent")}
	af.in = ActivityInput{CourseID: f.Get("course_id"), StartsOn: f.Get("starts_on"), EndsOn: f.Get("ends_on"), TimeZone: f.Get("time_zone"),
		DayStarts: f.Get("day_starts"), DayEnds: f.Get("day_ends"), Online: f.Get("online") == "true", Venue: f.Get("venue"),
		City: f.Get("city"), CountryCode: f.Get("country_code"), Languages: f["languages"], Interpretation: f["interpretation"],
		Capacity: intOf(af.capacity), Seats: seatsOf(f, af.seats), TrainerIDs: f["trainer_ids"], CompletionRate: intOf(af.completion)}
	return af
}

// seatsOf reads the seats_XX fields (XX a country code) into seats per
// country, and what was typed into typed.
func seatsOf(f map[string][]string, typed map[string]string) map[string]int {
	out := map[string]int{}
	for k, v := range f {
		code, ok := strings.CutPrefix(k, "seats_")
		if !ok || len(v) == 0 || len(typed) >= maxSeatFields {
			continue
		}
		code = strings.ToUpper(code)
		typed[code] = v[0]
		if n := intOf(v[0]); n != 0 {
			out[code] = n
		}
	}
	return out
}

func formOfActivity(a Activity) activityForm {
	af := activityForm{in: activityInputOf(a), capacity: strconv.Itoa(a.Capacity), completion: strconv.Itoa(a.CompletionRate),
		seats: map[string]string{}, trainerNames: map[string]trainerChoice{}}
	for c, n := range a.Seats {
		af.seats[c] = strconv.Itoa(n)
	}
	for _, t := range a.Trainers {
		af.trainerNames[t.PersonID] = trainerChoice{ID: t.PersonID, Name: t.Name}
	}
	return af
}

// activityFormData is .Page.Data of training/activity_form.html.
type activityFormData struct {
	ID, Action, Cancel   string
	In                   ActivityInput
	Capacity, Completion string
	Courses, Zones       []ui.Option
	Countries            []ui.Option
	Languages, Interpret []langChoice
	Seats                []seatField
	Total                seatTotal
	Trainers             trainerPickerData
	StyleURL             string
}

type langChoice struct {
	Code, Name string
	Checked    bool
}

type seatField struct {
	Name, Code, Label, Value string
}

var activityFields = same("course_id", "starts_on", "ends_on", "time_zone", "day_starts", "day_ends", "venue", "city", "country_code",
	"languages", "capacity", "seats", "trainer_ids", "completion_rate")

func (w *Web) renderActivityForm(rw http.ResponseWriter, r *http.Request, status int, id string, af activityForm, fe *ui.FormErrors) {
	ctx, l := r.Context(), localizer(r)
	courses, err := w.courseOptions(ctx, l, l.T("training.form.choose_course"), af.in.CourseID, false)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	countries, byCode, err := w.countryOptions(ctx, l, l.T("training.form.choose_country"))
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	in := af.in
	if in.TimeZone == "" {
		in.TimeZone = "Europe/Brussels"
	}
	if in.DayStarts == "" && in.DayEnds == "" {
		in.DayStarts, in.DayEnds = "09:00", "17:00"
	}
	d := activityFormData{ID: id, In: in, Capacity: af.capacity, Completion: af.completion, Courses: courses, Countries: countries,
		Action: "/training/activities", Cancel: "/training/activities", StyleURL: styleURL()}
	if d.Completion == "" {
		d.Completion = "80"
	}
	zones := slices.Clone(timeZones)
	if !slices.Contains(zones, in.TimeZone) {
		zones = append(zones, in.TimeZone)
	}
	for _, z := range zones {
		d.Zones = append(d.Zones, ui.Option{Value: z, Label: zoneLabel(z)})
	}
	for _, c := range activityLanguages {
		d.Languages = append(d.Languages, langChoice{Code: c, Name: languageName(l, c), Checked: slices.Contains(in.Languages, c)})
		d.Interpret = append(d.Interpret, langChoice{Code: c, Name: languageName(l, c), Checked: slices.Contains(in.Interpretation, c)})
	}
	d.Seats = seatFields(l, af.seats, byCode)
	d.Total = totalOf(l, in.Capacity, in.Seats)
	d.Trainers, err = w.trainerChoices(r, in.TrainerIDs, af.trainerNames, af.findTrainer)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	title := l.T("training.activity.new_title")
	trail := []ui.Crumb{{Label: l.T("training.activities.title"), URL: "/training/activities"}}
	if id != "" {
		d.Action, d.Cancel = "/training/activities/"+id, "/training/activities/"+id
		title = l.T("training.activity.edit_title")
		trail = append(trail, ui.Crumb{Label: l.T("training.activity.title"), URL: d.Cancel})
	}
	w.render.Render(rw, r, status, "training/activity_form.html", ui.Page{
		Title: title, Section: "training", Data: d, Errors: fe,
		Breadcrumbs: crumbs(l, append(trail, ui.Crumb{Label: title})...),
	})
}

// zoneLabel is a time zone as the select shows it: the city and its zone
// name ("Chisinau (Europe/Chisinau)").
func zoneLabel(z string) string {
	_, city, ok := strings.Cut(z, "/")
	if !ok {
		return z
	}
	return strings.ReplaceAll(city, "_", " ") + " (" + z + ")"
}

// seatFields are the seat inputs: one per partner country, and one for
// every other country the input has seats for.
func seatFields(l *i18n.Localizer, typed map[string]string, byCode map[string]directory.Country) []seatField {
	var codes []string
	for c, k := range byCode {
		if k.Kind == directory.CountryPartner {
			codes = append(codes, c)
		}
	}
	for c := range typed {
		if !slices.Contains(codes, c) {
			codes = append(codes, c)
		}
	}
	slices.SortFunc(codes, func(a, b string) int {
		pa, pb := byCode[a].Kind == directory.CountryPartner, byCode[b].Kind == directory.CountryPartner
		switch {
		case pa && !pb:
			return -1
		case pb && !pa:
			return 1
		case byCode[a].SortOrder != byCode[b].SortOrder:
			return byCode[a].SortOrder - byCode[b].SortOrder
		}
		return strings.Compare(a, b)
	})
	out := make([]seatField, 0, len(codes))
	for _, c := range codes {
		name := c
		if k, ok := byCode[c]; ok {
			name = countryName(l, c, k.NameEN)
		}
		out = append(out, seatField{Name: "seats_" + c, Code: c, Label: name, Value: typed[c]})
	}
	return out
}

// activityNew shows the empty form (staff; CreateActivity decides), with
// the course of ?course_id= chosen.
func (w *Web) activityNew(rw http.ResponseWriter, r *http.Request) {
	af := activityForm{in: ActivityInput{CourseID: r.URL.Query().Get("course_id"), TimeZone: "Europe/Brussels",
		Languages: []string{"en"}}, seats: map[string]string{}}
	if !core.ValidID(af.in.CourseID) {
		af.in.CourseID = ""
	}
	w.renderActivityForm(rw, r, http.StatusOK, "", af, nil)
}

// activityCreate plans an activity (or, with intent=find_trainers, the
// form's search for trainers without JavaScript: the form comes back with
// the people found; nothing is written).
func (w *Web) activityCreate(rw http.ResponseWriter, r *http.Request) {
	if err := ui.ParseForm(rw, r); err != nil {
		w.fail(rw, r, err)
		return
	}
	af := activityFormFrom(r)
	if af.intent == "find_trainers" {
		w.renderActivityForm(rw, r, http.StatusOK, "", af, nil)
		return
	}
	a, err := w.svc.CreateActivity(r.Context(), af.in)
	if ui.HasFields(err) {
		w.renderActivityForm(rw, r, api.StatusOf(err), "", af, formErrors(localizer(r), err, activityFields))
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	ui.SeeOther(rw, r, ui.Done("/training/activities/"+a.ID, "created"))
}

// activityEdit shows the edit form of an activity (staff).
func (w *Web) activityEdit(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := validID(id, "activity"); err != nil {
		w.fail(rw, r, err)
		return
	}
	a, err := w.svc.Activity(r.Context(), id, "")
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.renderActivityForm(rw, r, http.StatusOK, id, formOfActivity(a), nil)
}

// activityUpdate saves the edit form; a delivered, closed or cancelled
// activity cannot change (409).
func (w *Web) activityUpdate(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := validID(id, "activity"); err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := ui.ParseForm(rw, r); err != nil {
		w.fail(rw, r, err)
		return
	}
	af := activityFormFrom(r)
	if af.intent == "find_trainers" {
		w.renderActivityForm(rw, r, http.StatusOK, id, af, nil)
		return
	}
	if cur, err := w.svc.Activity(r.Context(), id, ""); err == nil {
		af.in.Demo = cur.Demo // not on the form: kept as it is
	}
	_, err := w.svc.UpdateActivity(r.Context(), id, af.in)
	if ui.HasFields(err) {
		w.renderActivityForm(rw, r, api.StatusOf(err), id, af, formErrors(localizer(r), err, activityFields))
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	ui.SeeOther(rw, r, ui.Done("/training/activities/"+id, "saved"))
}

// --- the seat total ---

// seatTotal is the sum of the seats per country against the capacity.
type seatTotal struct {
	Text string
	Over bool
}

func totalOf(l *i18n.Localizer, capacity int, seats map[string]int) seatTotal {
	sum := 0
	for _, n := range seats {
		if n > 0 {
			sum += n
		}
	}
	if capacity < 1 {
		return seatTotal{Text: l.T("training.seats.total_no_capacity", "Total", l.Number(sum))}
	}
	if sum > capacity {
		return seatTotal{Text: l.T("training.seats.total_over", "Total", l.Number(sum), "Capacity", l.Number(capacity),
			"Over", l.Number(sum-capacity)), Over: true}
	}
	return seatTotal{Text: l.T("training.seats.total", "Total", l.Number(sum), "Capacity", l.Number(capacity),
		"Left", l.Number(capacity-sum))}
}

// seatsTotal answers the activity form's live seat total (htmx swaps the
// "partial" block into #seats-total as the numbers change): the seats_XX
// fields and capacity of the query. Staff only, like the form.
func (w *Web) seatsTotal(rw http.ResponseWriter, r *http.Request) {
	l, q := localizer(r), r.URL.Query()
	seats := seatsOf(q, map[string]string{})
	w.render.Render(rw, r, http.StatusOK, "training/seats.html", ui.Page{
		Title: l.T("training.seats.title"), Section: "training", Data: totalOf(l, intOf(q.Get("capacity")), seats),
	})
}

// --- the trainer picker ---

// trainerChoice is a person the trainer picker offers.
type trainerChoice struct {
	ID, Name, Agency, Country string
	Checked                   bool
}

// trainerPickerData is the picker's region: the chosen trainers (ticked)
// and the people the search found.
type trainerPickerData struct {
	Choices  []trainerChoice
	Find     string
	Searched bool
	Problem  string // a search the directory refused (too long)
}

// trainerChoices is the picker: the chosen people (named from known, or
// looked up in the directory), then up to embeddedLimit active people
// matching find that are not chosen yet.
func (w *Web) trainerChoices(r *http.Request, chosen []string, known map[string]trainerChoice, find string) (trainerPickerData, error) {
	ctx := r.Context()
	d := trainerPickerData{Find: find, Searched: find != ""}
	for _, id := range compact(chosen) {
		if len(d.Choices) >= MaxOutcomes {
			break
		}
		c, ok := known[id]
		if !ok && core.ValidID(id) {
			if p, err := w.dir.Person(ctx, id); err == nil {
				c = trainerChoice{ID: p.ID, Name: p.Name(), Agency: p.AgencyName, Country: p.CountryCode}
				ok = true
			}
		}
		if !ok {
			c = trainerChoice{ID: id, Name: id} // unknown: the service will say so
		}
		c.Checked = true
		d.Choices = append(d.Choices, c)
	}
	if find == "" {
		return d, nil
	}
	list, err := w.dir.ListPeople(ctx, directory.PersonFilter{Query: find}, core.PageRequest{Limit: embeddedLimit})
	if ui.HasFields(err) {
		d.Problem = localizer(r).T("training.trainers.bad_search")
		return d, nil
	}
	if err != nil {
		return d, err
	}
	for _, p := range list.Items {
		if !slices.Contains(chosen, p.ID) {
			d.Choices = append(d.Choices, trainerChoice{ID: p.ID, Name: p.Name(), Agency: p.AgencyName, Country: p.CountryCode})
		}
	}
	return d, nil
}

// trainerPicker answers the activity form's trainer search (htmx swaps
// the "partial" block, the checkboxes, into the form): the ticked
// trainer_ids stay, the people matching ?find_trainer= follow. Staff only.
func (w *Web) trainerPicker(rw http.ResponseWriter, r *http.Request) {
	l, q := localizer(r), r.URL.Query()
	d, err := w.trainerChoices(r, q["trainer_ids"], nil, strings.TrimSpace(q.Get("find_trainer")))
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.render.Render(rw, r, http.StatusOK, "training/trainers.html", ui.Page{
		Title: l.T("training.trainers.title"), Section: "training", Data: d,
	})
}
