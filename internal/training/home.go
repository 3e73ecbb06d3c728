package training

import (
	"context"
	"net/url"
	"slices"
	"time"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/ui"
)

// The home page's training panels (issue 8 §8): each role sees its work.
//
//   - coordinators: calls to open, selections waiting, activities this month;
//   - ncps: open calls for their country, with seats, nominations and deadline;
//   - trainers: their next activities, and attendance to take;
//   - participants: their nominations and invitations;
//   - everyone: what is coming up on the calendar.
//
// One account may hold several roles and then sees every panel that
// applies. Each panel is a few indexed queries over what the actor may see.

// homeItems caps the items a panel lists; its count says how many there are.
const homeItems = 6

// Panel orders on the home page (lower first).
const (
	orderAnswer     = 100 // the participant's own invitations come first
	orderNCP        = 110
	orderAttendance = 120
	orderTeaching   = 130
	orderSelection  = 140
	orderCalls      = 150
	orderMonth      = 160
	orderUpcoming   = 900
)

// HomePanels are the training panels of the home page for the actor of
// ctx, in the language of its localizer.
func (s *Service) HomePanels(ctx context.Context) ([]ui.Panel, error) {
	a, err := reader(ctx)
	if err != nil {
		return nil, nil // anonymous: the home page sends them to sign in
	}
	l := ui.LocalizerFrom(ctx)
	h := home{s: s, a: a, l: l, now: s.now()}
	var out []ui.Panel
	err = s.db.Read(ctx, func(ctx context.Context) error {
		steps := []func(context.Context) ([]ui.Panel, error){h.participant, h.ncp, h.trainer, h.staff, h.upcoming}
		for _, step := range steps {
			ps, err := step(ctx)
			if err != nil {
				return err
			}
			out = append(out, ps...)
		}
		return nil
	})
	return out, err
}

type home struct {
	s   *Service
	a   core.Actor
	l   *i18n.Localizer
	now time.Time
}

func (h home) today() string { return h.now.Format(time.DateOnly) }

func (h home) day(n int) string { return h.now.AddDate(0, 0, n).Format(time.DateOnly) }

// activities reads up to limit activities matching where (ANDed), by
// start date (or, with desc, latest first), with the total that match.
func (h home) activities(ctx context.Context, where []db.Cond, desc bool, limit int) ([]Activity, int, error) {
	clause, args := db.Where(where)
	var total int
	if err := h.s.db.QueryRow(ctx, `SELECT count(*)`+activityFrom+clause, args...).Scan(&total); err != nil {
		return nil, 0, db.Err(err)
	}
	order := " ORDER BY a.starts_on, a.id"
	if desc {
		order = " ORDER BY a.starts_on DESC, a.id DESC"
	}
	rows, err := h.s.db.Query(ctx, `SELECT `+activityCols+activityFrom+clause+order+` LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Activity
	for rows.Next() {
		act, err := scanActivity(rows, h.l.Lang())
		if err != nil {
			return nil, 0, db.Err(err)
		}
		out = append(out, act)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, db.Err(err)
	}
	ptrs := make([]*Activity, len(out))
	for i := range out {
		ptrs[i] = &out[i]
	}
	return out, total, h.s.st.fillActivities(ctx, ptrs)
}

// item is an activity as a panel line: its title, linked, with its dates
// and place first among the facts.
func (h home) item(act Activity, url string, meta ...string) ui.PanelItem {
	place := h.l.T("training.home.online")
	if !act.Online {
		place = act.City
	}
	return ui.PanelItem{
		Label: act.CourseTitle,
		URL:   cmpOr(url, "/training/activities/"+act.ID),
		Meta:  append([]string{dateRange(h.l, act.StartsOn, act.EndsOn), place}, meta...),
	}
}

func (h home) panel(id, title, empty string, order int) ui.Panel {
	return ui.Panel{ID: id, Title: h.l.T(title), Empty: h.l.T(empty), Order: order}
}

func statusIn(ss ...Status) db.Cond {
	return db.In("a.status", ss)
}

// --- participants: their nominations and invitations ---

func (h home) participant(ctx context.Context) ([]ui.Panel, error) {
	if !core.ValidID(h.a.PersonID) {
		return nil, nil
	}
	acts, total, err := h.activities(ctx, []db.Cond{
		{SQL: "a.id IN (SELECT activity_id FROM nominations WHERE person_id = ? AND status <> ?)", Args: []any{h.a.PersonID, string(NomWithdrawn)}},
		{SQL: "a.ends_on >= ?", Args: []any{h.day(-60)}},
	}, true, homeItems)
	if err != nil {
		return nil, err
	}
	if len(acts) == 0 && !h.a.Has(core.RoleParticipant) {
		return nil, nil // a trainer or ncp never nominated: no empty box
	}
	mine, err := h.s.st.nominations(ctx, db.Cond{SQL: "n.person_id = ?", Args: []any{h.a.PersonID}})
	if err != nil {
		return nil, err
	}
	byActivity := map[string]Nomination{}
	for _, n := range mine {
		byActivity[n.ActivityID] = n
	}
	p := h.panel("training-mine", "training.home.mine.title", "training.home.mine.empty", orderAnswer)
	p.Intro = h.l.T("training.home.mine.intro")
	p.Count = total
	// Seats to answer for come first.
	slices.SortStableFunc(acts, func(x, y Activity) int {
		ux, uy := byActivity[x.ID].Status == NomSelected, byActivity[y.ID].Status == NomSelected
		switch {
		case ux && !uy:
			return -1
		case uy && !ux:
			return 1
		}
		return 0
	})
	for _, act := range acts {
		n := byActivity[act.ID]
		var meta []string
		if by := n.AnswerBy(act); n.Status == NomSelected && by != "" {
			meta = append(meta, h.l.T("training.home.mine.answer_by", "Date", h.l.Date(dateOf(by))))
		}
		if n.Status == NomReserve && n.ReserveRank > 0 {
			meta = append(meta, h.l.T("training.home.mine.reserve_rank", "Rank", h.l.Number(n.ReserveRank)))
		}
		it := h.item(act, "/training/activities/"+act.ID+"/nominations#mine", meta...)
		it.Badge = h.l.T("training.nomination_status." + string(n.Status))
		it.Urgent = n.Status == NomSelected && act.Status.Open()
		p.Items = append(p.Items, it)
	}
	return []ui.Panel{p}, nil
}

// --- ncps: open calls for their countries ---

func (h home) ncp(ctx context.Context) ([]ui.Panel, error) {
	countries := h.a.Countries(core.RoleNCP)
	if len(countries) == 0 {
		return nil, nil
	}
	in := db.In("country_code", countries)
	acts, total, err := h.activities(ctx, []db.Cond{
		statusIn(StatusCallOpen),
		{SQL: "a.call_closed_at IS NULL AND a.call_deadline > ?", Args: []any{db.T(&h.now)}},
		{SQL: "a.id IN (SELECT activity_id FROM activity_seats WHERE seats > 0 AND " + in.SQL + ")", Args: in.Args},
	}, false, homeItems)
	if err != nil {
		return nil, err
	}
	nominated, err := h.nominatedBy(ctx, acts, countries)
	if err != nil {
		return nil, err
	}
	p := h.panel("training-ncp-calls", "training.home.ncp.title", "training.home.ncp.empty", orderNCP)
	p.Count = total
	p.More = ui.Crumb{Label: h.l.T("training.home.all_activities"), URL: "/training/activities?status=" + string(StatusCallOpen)}
	for _, act := range acts {
		var meta []string
		for _, c := range countries {
			if seats := act.Seats[c]; seats > 0 {
				meta = append(meta, h.l.T("training.home.ncp.seats", "Country", c, "Seats", h.l.Number(seats),
					"Nominated", h.l.Number(nominated[act.ID+"/"+c])))
			}
		}
		meta = append(meta, h.l.T("training.home.deadline", "When", h.l.DateTime(act.CallDeadline)))
		it := h.item(act, "/training/activities/"+act.ID+"/nominations", meta...)
		it.Urgent = act.CallDeadline.Sub(h.now) < 72*time.Hour
		if it.Urgent {
			it.Badge = h.l.T("training.home.ncp.closing")
		}
		p.Items = append(p.Items, it)
	}
	return []ui.Panel{p}, nil
}

// nominatedBy counts the active nominations per "activity/country".
func (h home) nominatedBy(ctx context.Context, acts []Activity, countries []string) (map[string]int, error) {
	out := map[string]int{}
	if len(acts) == 0 {
		return out, nil
	}
	ids := make([]string, len(acts))
	for i, a := range acts {
		ids[i] = a.ID
	}
	inA, inC := db.In("activity_id", ids), db.In("country_code", countries)
	rows, err := h.s.db.Query(ctx, `SELECT activity_id, country_code, count(*) FROM nominations WHERE `+inA.SQL+` AND `+inC.SQL+
		` AND status NOT IN (?, ?) GROUP BY activity_id, country_code`, append(append(inA.Args, inC.Args...), string(NomWithdrawn), string(NomDeclined))...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, c string
		var n int
		if err := rows.Scan(&id, &c, &n); err != nil {
			return nil, db.Err(err)
		}
		out[id+"/"+c] = n
	}
	return out, db.Err(rows.Err())
}

// --- trainers: their next activities and attendance to take ---

func (h home) trainer(ctx context.Context) ([]ui.Panel, error) {
	if !core.ValidID(h.a.PersonID) {
		return nil, nil
	}
	teaches := db.Cond{SQL: "a.id IN (SELECT activity_id FROM activity_trainers WHERE person_id = ?)", Args: []any{h.a.PersonID}}
	var ok int
	if err := h.s.db.QueryRow(ctx, `SELECT count(*) FROM activity_trainers WHERE person_id = ?`, h.a.PersonID).Scan(&ok); err != nil {
		return nil, db.Err(err)
	}
	if ok == 0 && !h.a.Has(core.RoleTrainer) {
		return nil, nil
	}
	var out []ui.Panel
	// Attendance to take: activities under way or ended in the last two
	// weeks, confirmed or delivered, with a day up to today on which some
	// participant is not marked yet.
	running, _, err := h.activities(ctx, []db.Cond{teaches, statusIn(StatusConfirmed, StatusDelivered),
		{SQL: "a.starts_on <= ? AND a.ends_on >= ?", Args: []any{h.today(), h.day(-14)}}}, false, 50)
	if err != nil {
		return nil, err
	}
	att := h.panel("training-attendance", "training.home.attendance.title", "training.home.attendance.empty", orderAttendance)
	for _, act := range running {
		missing, err := h.unmarked(ctx, act)
		if err != nil {
			return nil, err
		}
		if missing == 0 {
			continue
		}
		it := h.item(act, "/training/activities/"+act.ID+"/attendance", h.l.N("training.home.attendance.missing", missing))
		it.Urgent = true
		att.Items = append(att.Items, it)
	}
	att.Count = len(att.Items)
	if len(att.Items) > homeItems {
		att.Items = att.Items[:homeItems]
	}
	out = append(out, att)

	next, total, err := h.activities(ctx, []db.Cond{teaches, {SQL: "a.ends_on >= ?", Args: []any{h.today()}},
		{SQL: "a.status <> ?", Args: []any{string(StatusCancelled)}}}, false, homeItems)
	if err != nil {
		return nil, err
	}
	p := h.panel("training-teaching", "training.home.teaching.title", "training.home.teaching.empty", orderTeaching)
	p.Count = total
	for _, act := range next {
		it := h.item(act, "", h.l.N("training.home.teaching.capacity", act.Capacity))
		it.Badge = statusLabel(h.l, act.Status)
		p.Items = append(p.Items, it)
	}
	return append(out, p), nil
}

// unmarked counts the participant-days of act, up to today, without an
// attendance mark.
func (h home) unmarked(ctx context.Context, act Activity) (int, error) {
	days := 0
	for _, d := range act.Days() {
		if d <= h.today() {
			days++
		}
	}
	var seats, marks int
	if err := h.s.db.QueryRow(ctx, `SELECT count(*) FROM nominations WHERE activity_id = ? AND status IN (?, ?)`,
		act.ID, string(NomSelected), string(NomAccepted)).Scan(&seats); err != nil {
		return 0, db.Err(err)
	}
	if err := h.s.db.QueryRow(ctx, `SELECT count(*) FROM attendance t JOIN nominations n ON n.activity_id = t.activity_id AND n.person_id = t.person_id
		WHERE t.activity_id = ? AND t.day <= ? AND n.status IN (?, ?)`,
		act.ID, h.today(), string(NomSelected), string(NomAccepted)).Scan(&marks); err != nil {
		return 0, db.Err(err)
	}
	return max(0, seats*days-marks), nil
}

// --- coordinators: calls to open, selections waiting, this month ---

func (h home) staff(ctx context.Context) ([]ui.Panel, error) {
	if !h.a.IsStaff() || h.a.System {
		return nil, nil
	}
	var out []ui.Panel
	// Selections waiting: calls closed or past their deadline, and
	// activities in selection.
	sel, total, err := h.activities(ctx, []db.Cond{{SQL: "(a.status = ? OR (a.status = ? AND (a.call_closed_at IS NOT NULL OR a.call_deadline <= ?)))",
		Args: []any{string(StatusSelection), string(StatusCallOpen), db.T(&h.now)}}}, false, homeItems)
	if err != nil {
		return nil, err
	}
	p := h.panel("training-selection", "training.home.selection.title", "training.home.selection.empty", orderSelection)
	p.Count = total
	for _, act := range sel {
		url := "/training/activities/" + act.ID + "/selection"
		meta := []string{}
		if act.Status == StatusCallOpen {
			url = "/training/activities/" + act.ID
			meta = append(meta, h.l.T("training.home.selection.deadline_passed", "When", h.l.DateTime(act.CallDeadline)))
		}
		it := h.item(act, url, meta...)
		it.Badge, it.Urgent = statusLabel(h.l, act.Status), true
		p.Items = append(p.Items, it)
	}
	out = append(out, p)

	// Calls to open: planned activities starting within four months.
	calls, total, err := h.activities(ctx, []db.Cond{statusIn(StatusPlanned), {SQL: "a.starts_on >= ? AND a.starts_on <= ?", Args: []any{h.today(), h.day(120)}}},
		false, homeItems)
	if err != nil {
		return nil, err
	}
	p = h.panel("training-calls", "training.home.calls.title", "training.home.calls.empty", orderCalls)
	p.Count = total
	p.More = ui.Crumb{Label: h.l.T("training.home.all_activities"), URL: "/training/activities?status=" + string(StatusPlanned)}
	for _, act := range calls {
		days := int(dateOf(act.StartsOn).Sub(dateOf(h.today())).Hours() / 24)
		it := h.item(act, "", h.l.N("training.home.calls.starts_in", days))
		it.Urgent = days <= 45
		p.Items = append(p.Items, it)
	}
	out = append(out, p)

	// This month.
	first := time.Date(h.now.Year(), h.now.Month(), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1)
	month, total, err := h.activities(ctx, []db.Cond{{SQL: "a.starts_on <= ? AND a.ends_on >= ?", Args: []any{last.Format(time.DateOnly), first.Format(time.DateOnly)}},
		{SQL: "a.status <> ?", Args: []any{string(StatusCancelled)}}}, false, homeItems)
	if err != nil {
		return nil, err
	}
	p = h.panel("training-month", "training.home.month.title", "training.home.month.empty", orderMonth)
	p.Count = total
	p.More = ui.Crumb{Label: h.l.T("training.home.calendar"), URL: "/training/calendar?month=" + url.QueryEscape(first.Format("2006-01"))}
	for _, act := range month {
		it := h.item(act, "")
		it.Badge = statusLabel(h.l, act.Status)
		p.Items = append(p.Items, it)
	}
	return append(out, p), nil
}

// --- everyone: coming up ---

func (h home) upcoming(ctx context.Context) ([]ui.Panel, error) {
	acts, total, err := h.activities(ctx, []db.Cond{{SQL: "a.starts_on >= ?", Args: []any{h.today()}},
		{SQL: "a.status <> ?", Args: []any{string(StatusCancelled)}}}, false, homeItems)
	if err != nil {
		return nil, err
	}
	p := h.panel("training-upcoming", "training.home.upcoming.title", "training.home.upcoming.empty", orderUpcoming)
	p.Count = total
	p.More = ui.Crumb{Label: h.l.T("training.home.calendar"), URL: "/training/calendar"}
	for _, act := range acts {
		it := h.item(act, "")
		it.Badge = statusLabel(h.l, act.Status)
		p.Items = append(p.Items, it)
	}
	return []ui.Panel{p}, nil
}
