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

// nomRow is one nomination as the nominations page shows it, with the
// forms the viewer may use on it.
type nomRow struct {
	Nomination
	StatusLabel, StatusClass string
	Rank                     int      // its place in the country's list (nominated ones)
	UpIDs, DownIDs           []string // the country's order with it moved up or down
	CanWithdraw              bool     // on the country's behalf (a reason is asked)
	CanAccept, CanDecline    bool     // the nominee themself
	OnBehalfAccept           bool     // an ncp or staff record the answer, with a reason
	OnBehalfDecline          bool
	CanResend                bool // send the seat (or a new invitation) again
}

// countryGroup is one country's list: its seats, how many are
// nominated, and the nominations in priority order.
type countryGroup struct {
	Code, Name   string
	Seats, Count int
	Rows         []nomRow
	CanEdit      bool // the viewer nominates for it and the call is open
}

// nomineePickerData is the nominate form's person search: the people
// found (of the viewer's countries only), one of them chosen.
type nomineePickerData struct {
	ID       string // the activity
	Find     string
	Chosen   string
	Searched bool
	Problem  string
	Choices  []trainerChoice
}

// nominationsData is .Page.Data of training/nominations.html.
type nominationsData struct {
	activityRow
	Title              string
	Deadline, TimeLeft string
	Open, Staff        bool
	Groups             []countryGroup
	Mine               []nomRow
	CanNominate        bool
	Picker             nomineePickerData
	Motivation         string
	StyleURL           string
}

// nominateForm is what the nominate form keeps after an error or a
// search without JavaScript.
type nominateForm struct {
	PersonID, Motivation, Find string
}

var nominateFields = same("person_id", "motivation")

// nominations shows an activity's nominations (every member but
// observers; Service.Nominations decides which): an ncp their country's
// list with its seats, the deadline and the count, in priority order,
// with forms to add a person of their country, move entries up or down
// and withdraw while the call is open; staff every country's; a nominee
// their own nomination and, when selected, Accept and Decline.
func (w *Web) nominations(rw http.ResponseWriter, r *http.Request) {
	w.renderNominations(rw, r, r.PathValue("id"), http.StatusOK, nominateForm{}, nil)
}

func (w *Web) renderNominations(rw http.ResponseWriter, r *http.Request, id string, status int, nf nominateForm, fe *ui.FormErrors) {
	ctx, l := r.Context(), localizer(r)
	a, ok := w.activityOf(rw, r, id)
	if !ok {
		return
	}
	list, err := w.svc.Nominations(ctx, id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	_, byCode, err := w.countryOptions(ctx, l, "")
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	actor := core.ActorFrom(ctx)
	now := time.Now()
	d := nominationsData{activityRow: activityRowOf(l, a), Title: l.T("training.nominations.title"), Open: callOpen(a, now),
		Staff: actor.IsStaff(), Motivation: nf.Motivation, StyleURL: styleURL()}
	d.Deadline, d.TimeLeft = deadlineText(l, a, now)

	// The countries the viewer acts for: staff every country with seats
	// or nominations, an ncp their own.
	var codes []string
	if actor.IsStaff() {
		seen := map[string]int{}
		for c, n := range a.Seats {
			seen[c] = n
		}
		for _, n := range list {
			if _, ok := seen[n.CountryCode]; !ok {
				seen[n.CountryCode] = 0
			}
		}
		codes = sortedCountries(seen, byCode)
	} else {
		codes = actor.Countries(core.RoleNCP)
	}
	writer := !actor.ReadOnly
	for _, c := range codes {
		g := countryGroup{Code: c, Name: countryName(l, c, byCode[c].NameEN), Seats: a.Seats[c], CanEdit: d.Open && writer}
		var order []string
		for _, n := range list {
			if n.CountryCode != c {
				continue
			}
			if n.Status == NomNominated {
				order = append(order, n.ID)
			}
			if n.Status != NomWithdrawn && n.Status != NomDeclined {
				g.Count++
			}
		}
		for _, n := range list {
			if n.CountryCode != c {
				continue
			}
			row := nomRowOf(l, n)
			if i := slices.Index(order, n.ID); i >= 0 {
				row.Rank = i + 1
				if g.CanEdit && i > 0 {
					row.UpIDs = swapped(order, i, i-1)
				}
				if g.CanEdit && i < len(order)-1 {
					row.DownIDs = swapped(order, i, i+1)
				}
			}
			if writer {
				row.CanWithdraw = n.Status != NomWithdrawn && n.Status != NomDeclined && (n.Status != NomNominated || d.Open || actor.IsStaff())
				row.OnBehalfAccept = n.Status == NomSelected && a.Status.Open()
				row.CanResend = row.OnBehalfAccept
				row.OnBehalfDecline = (n.Status == NomSelected || n.Status == NomAccepted || n.Status == NomReserve) && a.Status.Open()
			}
			g.Rows = append(g.Rows, row)
		}
		// Active ones first, in priority order; the withdrawn and declined after.
		slices.SortStableFunc(g.Rows, func(x, y nomRow) int { return inactive(x.Status) - inactive(y.Status) })
		d.Groups = append(d.Groups, g)
	}
	if core.ValidID(actor.PersonID) {
		for _, n := range list {
			if n.PersonID != actor.PersonID {
				continue
			}
			row := nomRowOf(l, n)
			if writer && a.Status.Open() {
				row.CanAccept = n.Status == NomSelected
				row.CanDecline = n.Status == NomSelected || n.Status == NomAccepted || n.Status == NomReserve
			}
			d.Mine = append(d.Mine, row)
		}
	}
	d.CanNominate = d.Open && writer && (actor.IsStaff() || len(actor.Countries(core.RoleNCP)) > 0)
	if d.CanNominate {
		d.Picker, err = w.nomineeChoices(r, a, list, nf.Find, nf.PersonID)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
	}
	title := a.CourseTitle
	w.render.Render(rw, r, status, "training/nominations.html", ui.Page{
		Title: d.Title, Section: "training", Data: d, Errors: fe, Flash: flashes.Message(r),
		Breadcrumbs: crumbs(l, ui.Crumb{Label: l.T("training.activities.title"), URL: "/training/activities"},
			ui.Crumb{Label: title + " (" + d.Dates + ")", URL: "/training/activities/" + a.ID}, ui.Crumb{Label: d.Title}),
	})
}

func inactive(s NominationStatus) int {
	if s == NomWithdrawn || s == NomDeclined {
		return 1
	}
	return 0
}

// swapped is ids with the entries at i and j swapped.
func swapped(ids []string, i, j int) []string {
	out := slices.Clone(ids)
	out[i], out[j] = out[j], out[i]
	return out
}

func nomRowOf(l *i18n.Localizer, n Nomination) nomRow {
	return nomRow{Nomination: n, StatusLabel: nominationStatusLabel(l, n.Status), StatusClass: nominationStatusClass(n.Status)}
}

func nominationStatusLabel(l *i18n.Localizer, s NominationStatus) string {
	if !slices.Contains(NominationStatuses, s) {
		return string(s)
	}
	return l.T("training.nomination_status." + string(s))
}

// nominationStatusClass is a nomination status's badge colour (the badge
// always says the status in words too).
func nominationStatusClass(s NominationStatus) string {
	switch s {
	case NomSelected, NomAccepted:
		return "badge-green"
	case NomReserve, NomNominated:
		return "badge-gold"
	case NomDeclined:
		return "badge-red"
	}
	return "badge-grey"
}

// nomineeChoices is the nominate form's person search: up to
// embeddedLimit active people matching find, of the countries the viewer
// nominates for (staff: any), not already nominated; the chosen one first.
func (w *Web) nomineeChoices(r *http.Request, a Activity, list []Nomination, find, chosen string) (nomineePickerData, error) {
	ctx := r.Context()
	actor := core.ActorFrom(ctx)
	d := nomineePickerData{ID: a.ID, Find: find, Chosen: chosen, Searched: find != ""}
	taken := map[string]bool{}
	for _, n := range list {
		if n.Status != NomWithdrawn {
			taken[n.PersonID] = true
		}
	}
	if core.ValidID(chosen) {
		if p, err := w.dir.Person(ctx, chosen); err == nil && forCountry(actor, p.CountryCode) {
			d.Choices = append(d.Choices, trainerChoice{ID: p.ID, Name: p.Name(), Agency: p.AgencyName, Country: p.CountryCode, Checked: true})
		}
	}
	if find == "" {
		return d, nil
	}
	f := directory.PersonFilter{Query: find}
	if cs := actor.Countries(core.RoleNCP); !actor.IsStaff() && len(cs) == 1 {
		f.Country = cs[0]
	}
	people, err := w.dir.ListPeople(ctx, f, core.PageRequest{Limit: embeddedLimit})
	if ui.HasFields(err) {
		d.Problem = localizer(r).T("training.trainers.bad_search")
		return d, nil
	}
	if err != nil {
		return d, err
	}
	for _, p := range people.Items {
		if p.ID == chosen || taken[p.ID] || !forCountry(actor, p.CountryCode) {
			continue
		}
		d.Choices = append(d.Choices, trainerChoice{ID: p.ID, Name: p.Name(), Agency: p.AgencyName, Country: p.CountryCode})
	}
	return d, nil
}

// nomineePicker answers the nominate form's live search (htmx swaps the
// "partial" block, the radio buttons, into the form): people of the
// viewer's countries matching ?find_person=. ncps and staff.
func (w *Web) nomineePicker(rw http.ResponseWriter, r *http.Request) {
	ctx, l, q := r.Context(), localizer(r), r.URL.Query()
	id := r.PathValue("id")
	if err := validID(id, "activity"); err != nil {
		w.fail(rw, r, err)
		return
	}
	a, err := w.svc.Activity(ctx, id, "")
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	list, err := w.svc.Nominations(ctx, id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d, err := w.nomineeChoices(r, a, list, strings.TrimSpace(q.Get("find_person")), q.Get("person_id"))
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.render.Render(rw, r, http.StatusOK, "training/nominees.html", ui.Page{
		Title: l.T("training.nominations.find"), Section: "training", Data: d,
	})
}

// nominate nominates a person (Service.Nominate: an ncp their country's
// people, staff anyone), or, with intent=find, searches people without
// JavaScript (nothing is written). Errors re-render the page with them
// (422) and change nothing.
func (w *Web) nominate(rw http.ResponseWriter, r *http.Request) {
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
	nf := nominateForm{PersonID: f.Get("person_id"), Motivation: f.Get("motivation"), Find: strings.TrimSpace(f.Get("find_person"))}
	if f.Get("intent") == "find" {
		w.renderNominations(rw, r, id, http.StatusOK, nf, nil)
		return
	}
	_, err := w.svc.Nominate(r.Context(), id, NominationInput{PersonID: nf.PersonID, Motivation: nf.Motivation})
	if ui.HasFields(err) {
		w.renderNominations(rw, r, id, api.StatusOf(err), nf, formErrors(localizer(r), err, nominateFields))
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	ui.SeeOther(rw, r, ui.Done("/training/activities/"+id+"/nominations", "nominated"))
}

// nominationsReorder sets a country's order (Service.Reorder): the up and
// down buttons post the whole order with one entry moved.
func (w *Web) nominationsReorder(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := validID(id, "activity"); err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := ui.ParseForm(rw, r); err != nil {
		w.fail(rw, r, err)
		return
	}
	_, err := w.svc.Reorder(r.Context(), id, r.PostForm.Get("country"), r.PostForm["ids"])
	if ui.HasFields(err) {
		w.renderNominations(rw, r, id, api.StatusOf(err), nominateForm{}, formErrors(localizer(r), err, nil))
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	ui.SeeOther(rw, r, ui.Done("/training/activities/"+id+"/nominations", "reordered"))
}

// nominationWithdraw withdraws a nomination on the country's behalf, with
// a reason (Service.Respond with AnswerWithdraw).
func (w *Web) nominationWithdraw(rw http.ResponseWriter, r *http.Request) {
	w.respond(rw, r, AnswerWithdraw)
}

// nominationResend sends a selected nominee their seat again, or a new
// invitation link (Service.Reinvite).
func (w *Web) nominationResend(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := validID(id, "nomination"); err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := ui.ParseForm(rw, r); err != nil {
		w.fail(rw, r, err)
		return
	}
	_, err := w.svc.Reinvite(r.Context(), id)
	if ui.HasFields(err) {
		cur, err2 := w.svc.Nomination(r.Context(), id)
		if err2 != nil {
			w.fail(rw, r, err)
			return
		}
		w.renderNominations(rw, r, cur.ActivityID, api.StatusOf(err), nominateForm{}, formErrors(localizer(r), err, nil))
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	n, err := w.svc.Nomination(r.Context(), id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	ui.SeeOther(rw, r, ui.Done("/training/activities/"+n.ActivityID+"/nominations", "resent"))
}

// nominationAnswer records an answer to a seat: the nominee's own
// (reason optional), or an ncp's or staff's on their behalf (with a
// reason). ?answer= or the form's answer is accept or decline.
func (w *Web) nominationAnswer(rw http.ResponseWriter, r *http.Request) {
	w.respond(rw, r, "")
}

func (w *Web) respond(rw http.ResponseWriter, r *http.Request, ans Answer) {
	id := r.PathValue("id")
	if err := validID(id, "nomination"); err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := ui.ParseForm(rw, r); err != nil {
		w.fail(rw, r, err)
		return
	}
	if ans == "" {
		ans = Answer(r.PostForm.Get("answer"))
		if ans != AnswerAccept && ans != AnswerDecline {
			ans = "-" // the service refuses it as invalid
		}
	}
	n, _, err := w.svc.Respond(r.Context(), id, ans, r.PostForm.Get("reason"))
	if ui.HasFields(err) {
		cur, err2 := w.svc.Nomination(r.Context(), id)
		if err2 != nil {
			w.fail(rw, r, err)
			return
		}
		err = renamed(err, map[string]string{"reason": "answer_reason"})
		w.renderNominations(rw, r, cur.ActivityID, api.StatusOf(err), nominateForm{}, formErrors(localizer(r), err, nil))
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	done := map[Answer]string{AnswerAccept: "accepted", AnswerDecline: "declined", AnswerWithdraw: "withdrawn"}[ans]
	ui.SeeOther(rw, r, ui.Done("/training/activities/"+n.ActivityID+"/nominations", done))
}
