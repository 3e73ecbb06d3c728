package training

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/ui"
)

// selRow is one line of the proposal: who, from where, at which
// priority, the outcome (selected, or reserve with its rank), the round
// that decided it, and the coordinator's override with its reason.
type selRow struct {
	ProposalItem
	CountryName, OutcomeLabel string
	Error                     string // the override form's error for this row
	FormOutcome, FormReason   string // what its override form keeps after an error
}

// selectionData is .Page.Data of training/selection.html.
type selectionData struct {
	activityRow
	Title                       string
	Proposal                    bool // the call is open or closed: a proposal to review
	CallOpen, CanConfirm        bool
	Rows                        []selRow
	Capacity, Selected, Reserve int
	BySex, ByType, ByCountry    []ui.Bar
	RespondBy                   string
	Final                       bool // confirmed: the final lists
	Chosen, Accepted, Declined  []nomRow
	Reserves                    []nomRow
	StyleURL                    string
}

// selectionState is what the selection page's forms keep after an error.
type selectionState struct {
	Row, Outcome, Reason string // the override form of one row
	RowError             string
	RespondBy            string
}

// selection shows an activity's selection (staff): while the call is
// open or closed, the proposal (Service.Propose) as a table with the
// balance of the selected by sex, agency type and country, an override
// form per row and, once the call is closed, the form that confirms it;
// after confirmation the final lists.
func (w *Web) selection(rw http.ResponseWriter, r *http.Request) {
	w.renderSelection(rw, r, r.PathValue("id"), http.StatusOK, selectionState{}, nil)
}

func (w *Web) renderSelection(rw http.ResponseWriter, r *http.Request, id string, status int, st selectionState, fe *ui.FormErrors) {
	ctx, l := r.Context(), localizer(r)
	a, ok := w.activityOf(rw, r, id)
	if !ok {
		return
	}
	_, byCode, err := w.countryOptions(ctx, l, "")
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d := selectionData{activityRow: activityRowOf(l, a), Title: l.T("training.selection.title"), Capacity: a.Capacity, StyleURL: styleURL()}
	switch a.Status {
	case StatusCallOpen, StatusSelection:
		p, err := w.svc.Propose(ctx, id)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		d.Proposal, d.CallOpen, d.CanConfirm = true, a.Status == StatusCallOpen, a.Status == StatusSelection
		d.Selected, d.Reserve = p.Selected, p.Reserve
		for _, it := range p.Items {
			row := selRow{ProposalItem: it, CountryName: countryName(l, it.CountryCode, byCode[it.CountryCode].NameEN)}
			if it.Outcome == OutcomeReserve {
				row.OutcomeLabel = l.T("training.selection.reserve_rank", "Rank", it.ReserveRank)
			} else {
				row.OutcomeLabel = l.T("training.selection.selected")
			}
			if it.NominationID == st.Row {
				row.Error, row.FormOutcome, row.FormReason = st.RowError, st.Outcome, st.Reason
			}
			d.Rows = append(d.Rows, row)
		}
		d.BySex = bars(p.Balance.BySex, func(k string) string { return sexLabel(l, k) })
		d.ByType = bars(p.Balance.ByAgencyType, func(k string) string { return agencyTypeLabel(l, k) })
		d.ByCountry = bars(p.Balance.ByCountry, func(k string) string { return countryName(l, k, byCode[k].NameEN) })
		d.RespondBy = st.RespondBy
		if d.RespondBy == "" {
			d.RespondBy = defaultRespondBy(a, time.Now())
		}
	case StatusConfirmed, StatusDelivered, StatusClosed:
		list, err := w.svc.Nominations(ctx, id)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		d.Final = true
		for _, n := range list {
			row := nomRowOf(l, n)
			switch n.Status {
			case NomSelected:
				d.Chosen = append(d.Chosen, row)
			case NomAccepted:
				d.Accepted = append(d.Accepted, row)
			case NomDeclined:
				d.Declined = append(d.Declined, row)
			case NomReserve:
				d.Reserves = append(d.Reserves, row)
			}
		}
		slices.SortStableFunc(d.Reserves, func(x, y nomRow) int { return x.ReserveRank - y.ReserveRank })
	}
	w.render.Render(rw, r, status, "training/selection.html", ui.Page{
		Title: d.Title, Section: "training", Data: d, Errors: fe, Flash: flashes.Message(r),
		Breadcrumbs: crumbs(l, ui.Crumb{Label: l.T("training.activities.title"), URL: "/training/activities"},
			ui.Crumb{Label: a.CourseTitle + " (" + d.Dates + ")", URL: "/training/activities/" + a.ID}, ui.Crumb{Label: d.Title}),
	})
}

// defaultRespondBy is the answer date Confirm takes when none is given:
// two weeks before the start, at least three days from now, at the
// latest the start.
func defaultRespondBy(a Activity, now time.Time) string {
	d := max(dateOf(a.StartsOn).AddDate(0, 0, -14).Format(time.DateOnly), now.UTC().AddDate(0, 0, 3).Format(time.DateOnly))
	return min(d, a.StartsOn)
}

// bars is counts as a bar chart, largest first, labelled by label.
func bars(counts map[string]int, label func(string) string) []ui.Bar {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if counts[a] != counts[b] {
			return counts[b] - counts[a]
		}
		return strings.Compare(a, b)
	})
	out := make([]ui.Bar, len(keys))
	for i, k := range keys {
		out[i] = ui.Bar{Label: label(k), Value: counts[k]}
	}
	return out
}

// sexLabel names a person's sex with the directory's messages.
func sexLabel(l *i18n.Localizer, s string) string {
	switch s {
	case "female", "male":
		return l.T("dir.sex." + s)
	}
	return l.T("dir.sex.not_recorded")
}

// renamed is err with its field errors' names mapped by names (the
// override's "reason" has its own messages: override_reason).
func renamed(err error, names map[string]string) error {
	e := core.AsError(err)
	out := &core.Error{Code: e.Code, Message: e.Message, Err: err}
	for _, f := range e.Fields {
		if n, ok := names[f.Field]; ok {
			f.Field = n
		}
		out.Fields = append(out.Fields, f)
	}
	return out
}

// selectionOverride sets or clears the coordinator's outcome of one
// nomination, with a reason (Service.Override). Errors re-render the page
// with the row's form and its error (422).
func (w *Web) selectionOverride(rw http.ResponseWriter, r *http.Request) {
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
	st := selectionState{Row: f.Get("nomination_id"), Outcome: f.Get("outcome"), Reason: f.Get("reason")}
	n, err := w.svc.Override(r.Context(), st.Row, Outcome(st.Outcome), st.Reason)
	if err == nil && n.ActivityID != id {
		err = notFound("nomination")
	}
	if ui.HasFields(err) {
		l := localizer(r)
		err = renamed(err, map[string]string{"reason": "override_reason"})
		var msgs []string
		for _, fe := range core.AsError(err).Fields {
			msgs = append(msgs, fieldMessage(l, fe))
		}
		st.RowError = strings.Join(msgs, " ")
		w.renderSelection(rw, r, id, api.StatusOf(err), st, formErrors(l, err, nil))
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	ui.SeeOther(rw, r, ui.Done("/training/activities/"+id+"/selection", "overridden"))
}

// selectionConfirm confirms the selection (Service.Confirm) with the
// answer date of the form. A selection another coordinator confirmed
// first says so (409) and shows the final lists.
func (w *Web) selectionConfirm(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := validID(id, "activity"); err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := ui.ParseForm(rw, r); err != nil {
		w.fail(rw, r, err)
		return
	}
	respondBy := strings.TrimSpace(r.PostForm.Get("respond_by"))
	_, err := w.svc.Confirm(r.Context(), id, ConfirmInput{RespondBy: respondBy})
	if ui.HasFields(err) {
		l := localizer(r)
		status, fe := api.StatusOf(err), formErrors(l, err, same("respond_by"))
		if a, err2 := w.svc.Activity(r.Context(), id, ""); err2 == nil && a.Status != StatusSelection && a.Status != StatusCallOpen {
			status, fe = http.StatusConflict, &ui.FormErrors{Summary: l.T("training.selection.already_confirmed")}
		}
		w.renderSelection(rw, r, id, status, selectionState{RespondBy: respondBy}, fe)
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	ui.SeeOther(rw, r, ui.Done("/training/activities/"+id+"/selection", "confirmed"))
}
