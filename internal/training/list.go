package training

import (
	"context"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/names"
)

// CourseFilter narrows the portfolio.
type CourseFilter struct {
	Query           string // words of the code or a title, in any script
	Area            string // a crime area code
	Level           Level
	Format          Format
	TargetType      string // an agency type
	IncludeArchived bool   // staff only
	Sort            string // one of CourseSorts, or "-" and one reversed; default "title"
}

// Course sort keys (CourseFilter.Sort).
const (
	SortTitle   = "title"
	SortCode    = "code"
	SortHours   = "hours"
	SortUpdated = "updated"
)

// CourseSorts are the orders of the portfolio, each in its natural
// direction (updated: newest first).
var CourseSorts = []string{SortTitle, SortCode, SortHours, SortUpdated}

var courseOrders = db.Sorts{
	SortTitle:   courseOrder,
	SortCode:    db.OrderedBy(-1, false, "c.code", "c.id"),
	SortHours:   db.OrderedBy(-1, false, "c.hours", "c.sort_name", "c.id"),
	SortUpdated: db.OrderedBy(0, true, "c.updated_at", "c.id"),
}

// ActivityFilter narrows the activities.
type ActivityFilter struct {
	From, To string // dates (YYYY-MM-DD): activities overlapping [From, To]
	Status   Status
	CourseID string
	Country  string // the venue's country
	Format   Format
	Area     string
	Online   string // "", "true" or "false"
	Lang     string // language of the course titles shown
	// Mine keeps the activities that concern the actor (see mineCond).
	Mine bool
}

// mineCond is the set of activities that concern an actor: those they
// deliver as a trainer, those they are nominated for (and have not
// withdrawn from or declined), and, for an ncp, those with seats for their
// countries. An actor with none of these has none. Staff are not
// special: Mine is about their own part.
func mineCond(a core.Actor) db.Cond {
	var parts []string
	var args []any
	if core.ValidID(a.PersonID) {
		parts = append(parts, "a.id IN (SELECT activity_id FROM activity_trainers WHERE person_id = ?)",
			"a.id IN (SELECT activity_id FROM nominations WHERE person_id = ? AND status NOT IN (?, ?))")
		args = append(args, a.PersonID, a.PersonID, string(NomWithdrawn), string(NomDeclined))
	}
	if cs := a.Countries(core.RoleNCP); len(cs) > 0 {
		in := db.In("country_code", cs)
		parts = append(parts, "a.id IN (SELECT activity_id FROM activity_seats WHERE seats > 0 AND "+in.SQL+")")
		args = append(args, in.Args...)
	}
	if len(parts) == 0 {
		return db.Never
	}
	return db.Cond{SQL: "(" + strings.Join(parts, " OR ") + ")", Args: args}
}

// maxQueryWords caps the words of a search.
const maxQueryWords = 8

// searchCond matches every query word against a search column, as typed
// (lower-cased) or by its names.Key, as searchText wrote it.
func searchCond(col, q string) db.Cond {
	var parts []string
	var args []any
	for i, w := range strings.Fields(strings.ToLower(q)) {
		if i == maxQueryWords {
			break
		}
		c, a := db.Contains(col, w)
		alt := []string{c}
		args = append(args, a)
		if k := names.Key(w); k != "" && k != w {
			c, a := db.Contains(col, k)
			alt = append(alt, c)
			args = append(args, a)
		}
		parts = append(parts, "("+strings.Join(alt, " OR ")+")")
	}
	if len(parts) == 0 {
		return db.Cond{}
	}
	return db.Cond{SQL: "(" + strings.Join(parts, " AND ") + ")", Args: args}
}

var courseOrder = db.OrderedBy(-1, false, "c.sort_name", "c.id")

// ListCourses lists the portfolio (every signed-in actor), by title.
// Archived courses only for staff who ask. Bad filter values are invalid
// with field errors.
func (s *Service) ListCourses(ctx context.Context, f CourseFilter, p core.PageRequest) (core.List[Course], error) {
	a, err := reader(ctx)
	if err != nil {
		return core.List[Course]{}, err
	}
	if f.IncludeArchived && !a.IsStaff() {
		return core.List[Course]{}, core.Errorf(core.Forbidden, "only coordinators list archived courses")
	}
	var v core.Validation
	f.Query = strings.TrimSpace(f.Query)
	checkText(&v, "q", f.Query, MaxQuery, false)
	if f.Level != "" && !f.Level.Valid() {
		v.Add("level", CodeInvalid)
	}
	if f.Format != "" && !f.Format.Valid() {
		v.Add("format", CodeInvalid)
	}
	if f.TargetType != "" && !agencyTypeKnown(f.TargetType) {
		v.Add("target_group", CodeInvalid)
	}
	if !courseOrders.Has(f.Sort) {
		v.Add("sort", CodeInvalid)
	}
	f.Area = strings.ToUpper(strings.TrimSpace(f.Area))
	if f.Area != "" {
		known, err := s.knownAreas(ctx)
		if err != nil {
			return core.List[Course]{}, err
		}
		if !known(f.Area) {
			v.Add("area", CodeUnknownArea)
		}
	}
	if err := v.Err(); err != nil {
		return core.List[Course]{}, err
	}
	var w []db.Cond
	if !f.IncludeArchived {
		w = append(w, db.Cond{SQL: "c.archived_at IS NULL"})
	}
	w = append(w, searchCond("c.search", f.Query))
	if f.Area != "" {
		w = append(w, db.Cond{SQL: "c.id IN (SELECT course_id FROM course_areas WHERE area_code = ?)", Args: []any{f.Area}})
	}
	if f.Level != "" {
		w = append(w, db.Cond{SQL: "c.level = ?", Args: []any{string(f.Level)}})
	}
	if f.Format != "" {
		w = append(w, db.Cond{SQL: "c.format = ?", Args: []any{string(f.Format)}})
	}
	if f.TargetType != "" {
		c, arg := db.Contains("(',' || c.target_types || ',')", ","+f.TargetType+",")
		w = append(w, db.Cond{SQL: c, Args: []any{arg}})
	}
	q := db.ListQuery{Cols: db.Cond{SQL: courseCols}, From: " FROM courses c", Where: w, Order: courseOrders.Of(f.Sort, SortTitle)}
	return db.ReadList(ctx, s.db, q, p.Bounded(), func(sc db.Scanner, pre []any) (Course, error) { return scanCourse(sc, pre...) })
}

// check normalises the filter's codes and says what is wrong with it
// (field errors), before anything is read.
func (f *ActivityFilter) check() error {
	var v core.Validation
	for field, d := range map[string]string{"from": f.From, "to": f.To} {
		if _, err := time.Parse(time.DateOnly, d); d != "" && err != nil {
			v.Add(field, CodeInvalid)
		}
	}
	if f.From != "" && f.To != "" && f.To < f.From && !v.Has("from") && !v.Has("to") {
		v.Add("to", CodeEndsBefore)
	}
	if f.Status != "" && !f.Status.Valid() {
		v.Add("status", CodeInvalid)
	}
	if f.CourseID != "" && !core.ValidID(f.CourseID) {
		v.Add("course_id", CodeUnknownCourse)
	}
	if f.Format != "" && !f.Format.Valid() {
		v.Add("format", CodeInvalid)
	}
	if f.Online != "" && f.Online != "true" && f.Online != "false" {
		v.Add("online", CodeInvalid)
	}
	f.Country, f.Area = strings.ToUpper(strings.TrimSpace(f.Country)), strings.ToUpper(strings.TrimSpace(f.Area))
	if len(f.Country) > 2 {
		v.Add("country", CodeUnknown)
	}
	return v.Err()
}

var activityOrder = db.OrderedBy(-1, false, "a.starts_on", "a.id")

// ListActivities lists activities by start date (every signed-in actor:
// the calendar is public within the platform). Bad filter values are
// invalid with field errors.
func (s *Service) ListActivities(ctx context.Context, f ActivityFilter, p core.PageRequest) (core.List[Activity], error) {
	a, err := reader(ctx)
	if err != nil {
		return core.List[Activity]{}, err
	}
	if err := f.check(); err != nil {
		return core.List[Activity]{}, err
	}
	var w []db.Cond
	if f.From != "" {
		// An activity lasts at most 366 days (ActivityInput.validate), so
		// one that ends on or after From starts on or after From − 366
		// days: with that bound both engines walk activities_starts from
		// there, not from the first activity ever (the calendar's month).
		from, _ := time.Parse(time.DateOnly, f.From)
		w = append(w, db.Cond{SQL: "a.ends_on >= ? AND a.starts_on >= ?", Args: []any{f.From, from.AddDate(0, 0, -366).Format(time.DateOnly)}})
	}
	if f.To != "" {
		w = append(w, db.Cond{SQL: "a.starts_on <= ?", Args: []any{f.To}})
	}
	if f.Status != "" {
		w = append(w, db.Cond{SQL: "a.status = ?", Args: []any{string(f.Status)}})
	}
	if f.CourseID != "" {
		w = append(w, db.Cond{SQL: "a.course_id = ?", Args: []any{f.CourseID}})
	}
	if f.Country != "" {
		w = append(w, db.Cond{SQL: "a.country_code = ?", Args: []any{f.Country}})
	}
	if f.Format != "" {
		w = append(w, db.Cond{SQL: "c.format = ?", Args: []any{string(f.Format)}})
	}
	if f.Area != "" {
		w = append(w, db.Cond{SQL: "a.course_id IN (SELECT course_id FROM course_areas WHERE area_code = ?)", Args: []any{f.Area}})
	}
	if f.Online != "" {
		w = append(w, db.Cond{SQL: "a.online = ?", Args: []any{f.Online == "true"}})
	}
	if f.Mine {
		w = append(w, mineCond(a))
	}
	// Every activity has its course (course_id is NOT NULL and references
	// courses), so the total joins courses only to filter by format.
	countFrom := " FROM activities a"
	if f.Format != "" {
		countFrom = activityFrom
	}
	q := db.ListQuery{Cols: db.Cond{SQL: activityCols}, From: activityFrom, CountFrom: countFrom, Where: w, Order: activityOrder}
	p = p.Bounded()
	read := func(ctx context.Context) (core.List[Activity], error) {
		l, err := db.ReadList(ctx, s.db, q, p, func(sc db.Scanner, pre []any) (Activity, error) { return scanActivity(sc, f.Lang, pre...) })
		if err != nil {
			return l, err
		}
		ptrs := make([]*Activity, len(l.Items))
		for i := range l.Items {
			ptrs[i] = &l.Items[i]
		}
		return l, s.st.fillActivities(ctx, ptrs)
	}
	if p.Limit < 0 {
		return read(ctx) // an export: neither cached nor keeping anything
	}
	// A page with its seats and trainers is kept in the read cache (see
	// db.Cached), keyed by the whole statement: the conditions with their
	// arguments (which hold the actor's person and countries when Mine
	// asks for them), the language of the titles, the cursor and the
	// limit. Every signed-in actor may see every activity, so actors share
	// entries unless Mine sets them apart. Callers get their own copies.
	where, args := db.Where(w)
	l, err := db.Cached(ctx, s.activityPages, db.CacheKey("training.activities"+where, args, []any{f.Lang, p.Cursor, p.Limit}), read)
	return cloneActivities(l), err
}

// cloneActivities copies a page of activities from the read cache, with
// their own seats and trainers, so that a caller may change them.
func cloneActivities(l core.List[Activity]) core.List[Activity] {
	items := make([]Activity, len(l.Items))
	for i, a := range l.Items {
		a.Seats, a.Trainers = maps.Clone(a.Seats), slices.Clone(a.Trainers)
		a.Languages, a.Interpretation, a.EligibleTypes = slices.Clone(a.Languages), slices.Clone(a.Interpretation), slices.Clone(a.EligibleTypes)
		items[i] = a
	}
	l.Items = items
	return l
}
