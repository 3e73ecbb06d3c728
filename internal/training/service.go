package training

import (
	"context"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/notify"
)

// Service is training's use cases: every method takes the actor from ctx
// (core.ActorFrom), decides what it may do, validates input, runs in a
// transaction and records the audit trail. It is safe for concurrent use.
type Service struct {
	db  *db.DB
	log *audit.Log
	st  *store
	// now is the clock: db.Now, or a fixed time for the demo's history.
	now func() time.Time
	// mail sends the notifications of every step (notices.go); nil in
	// tests that build the service alone: nothing is sent.
	mail *notify.Service
	// accounts finds the account of a nominee and invites those who have
	// none (notices.go); nil like mail.
	accounts *auth.Service
	// publicURL makes absolute links for mails ("" in tests alone).
	publicURL string
	// activityPages and fragments are training's part of the platform's
	// read cache (db.Cached): pages of activities with their seats and
	// trainers (ListActivities), and parts of pages rendered from what
	// every signed-in actor may see (the activities filter form and rows,
	// a month of the calendar; Web). Every committed write drops them.
	activityPages, fragments *db.Cache
	// hooks are plugged in by the capabilities built on training.
	hooks *hooks
}

// Sizes of training's read caches.
const (
	cacheActivityPages = 1024 // × 50 activities: tens of MB at most
	cacheFragments     = 512
)

// WithNotices returns the service sending its notifications through mail
// and inviting nominees without an account through accounts, with links
// under publicURL. The platform's Build uses it.
func (s *Service) WithNotices(mail *notify.Service, accounts *auth.Service, publicURL string) *Service {
	c := *s
	c.mail, c.accounts, c.publicURL = mail, accounts, publicURL
	return &c
}

// NewService returns the training service over d, auditing to log.
func NewService(d *db.DB, log *audit.Log) *Service {
	return &Service{db: d, log: log, st: &store{db: d}, now: db.Now,
		activityPages: d.NewCache(db.CacheOptions{Size: cacheActivityPages, Background: true}),
		fragments:     d.NewCache(db.CacheOptions{Size: cacheFragments, Background: true}), hooks: &hooks{}}
}

// At returns the service as it would act at t (deadlines, answer dates,
// timestamps): the demo data set writes two years of history through it.
// Never for requests.
func (s *Service) At(t time.Time) *Service {
	c := *s
	c.now = func() time.Time { return t.UTC().Truncate(time.Microsecond) }
	return &c
}

// --- authorization: the one place that decides who may do what ---

// reader admits every signed-in actor.
func reader(ctx context.Context) (core.Actor, error) {
	a := core.ActorFrom(ctx)
	if !a.Authenticated() {
		return a, core.Errorf(core.Unauthenticated, "sign in to see the training portfolio")
	}
	return a, nil
}

// staffWriter admits admins and coordinators with a token that may write.
func staffWriter(ctx context.Context) (core.Actor, error) {
	a, err := reader(ctx)
	if err != nil {
		return a, err
	}
	if a.ReadOnly {
		return a, core.Errorf(core.Forbidden, "this token is read-only")
	}
	if !a.IsStaff() {
		return a, core.Errorf(core.Forbidden, "only coordinators manage the training portfolio")
	}
	return a, nil
}

// CanManage reports whether the actor of ctx maintains courses and
// activities (pages show the buttons; the methods decide again).
func (s *Service) CanManage(ctx context.Context) bool {
	a := core.ActorFrom(ctx)
	return a.Authenticated() && a.IsStaff() && !a.ReadOnly
}

func notFound(what string) error { return core.Errorf(core.NotFound, "%s not found", what) }

// record appends a write event "training.<entity>.<action>" in the
// transaction of ctx.
func (s *Service) record(ctx context.Context, entity, action, id string, details map[string]any) error {
	return s.log.Record(ctx, audit.Event{Action: "training." + entity + "." + action, Entity: entity, EntityID: id, Details: details})
}

// --- crime areas ---

// SeedAreas idempotently writes ReferenceAreas into crime_areas and
// records one audit entry listing the codes it changed, if any. Areas
// added by coordinators are left alone.
func (s *Service) SeedAreas(ctx context.Context) error {
	return s.db.Write(ctx, func(ctx context.Context) error {
		now := s.now()
		var changed []string
		for i, a := range ReferenceAreas {
			ok, err := s.st.upsertArea(ctx, a, i+1, now)
			if err != nil {
				return err
			}
			if ok {
				changed = append(changed, a.Code)
			}
		}
		if len(changed) == 0 {
			return nil
		}
		return s.record(ctx, "crime_areas", "seed", "", map[string]any{"changed": changed})
	})
}

// Areas lists the crime areas (active ones, or all with archived) in
// taxonomy order: the 2022–2025 cycle, the 2026–2029 cycle, emerging
// threats.
func (s *Service) Areas(ctx context.Context) ([]CrimeArea, error) {
	if _, err := reader(ctx); err != nil {
		return nil, err
	}
	return s.st.areas(ctx, false)
}

// AreaInput is a new emerging threat.
type AreaInput struct {
	Code, NameEN string
}

// AddArea adds an emerging threat to the taxonomy (coordinators), so that
// courses can be tagged with it without a code change.
func (s *Service) AddArea(ctx context.Context, in AreaInput) (CrimeArea, error) {
	if _, err := staffWriter(ctx); err != nil {
		return CrimeArea{}, err
	}
	in.Code, in.NameEN = strings.ToUpper(strings.TrimSpace(in.Code)), strings.TrimSpace(in.NameEN)
	var v core.Validation
	if checkText(&v, "code", in.Code, MaxCode, true) && !validCode(in.Code) {
		v.Add("code", CodeInvalid)
	}
	checkText(&v, "name_en", in.NameEN, MaxTitle, true)
	if err := v.Err(); err != nil {
		return CrimeArea{}, err
	}
	a := CrimeArea{Code: in.Code, Cycles: []string{CycleEmerging}, NameEN: in.NameEN}
	err := s.db.Write(ctx, func(ctx context.Context) error {
		areas, err := s.st.areas(ctx, true)
		if err != nil {
			return err
		}
		if slices.ContainsFunc(areas, func(x CrimeArea) bool { return x.Code == a.Code }) {
			return core.ConflictField(core.Errorf(core.Conflict, "a crime area with this code exists"), "code", CodeTaken, "a crime area with this code exists")
		}
		if _, err := s.st.upsertArea(ctx, a, 1000+len(areas), s.now()); err != nil {
			return err
		}
		return s.record(ctx, "crime_area", "create", "", map[string]any{"code": a.Code, "name_en": a.NameEN})
	})
	return a, err
}

// --- courses ---

// knownAreas returns a lookup of the active crime area codes.
func (s *Service) knownAreas(ctx context.Context) (func(string) bool, error) {
	areas, err := s.st.areas(ctx, false)
	if err != nil {
		return nil, err
	}
	return func(code string) bool {
		return slices.ContainsFunc(areas, func(a CrimeArea) bool { return a.Code == code })
	}, nil
}

func agencyTypeKnown(t string) bool { return directory.AgencyType(t).Valid() }

func (s *Service) validateCourse(ctx context.Context, in CourseInput) error {
	known, err := s.knownAreas(ctx)
	if err != nil {
		return err
	}
	var v core.Validation
	in.validate(&v, known, agencyTypeKnown)
	return v.Err()
}

// Course returns one course (every signed-in actor).
func (s *Service) Course(ctx context.Context, id string) (Course, error) {
	if _, err := reader(ctx); err != nil {
		return Course{}, err
	}
	if !core.ValidID(id) {
		return Course{}, notFound("course")
	}
	return s.st.course(ctx, id)
}

// CreateCourse adds a course to the portfolio (coordinators and admins).
// Errors: invalid with field errors; conflict on a code in use.
func (s *Service) CreateCourse(ctx context.Context, in CourseInput) (Course, error) {
	if _, err := staffWriter(ctx); err != nil {
		return Course{}, err
	}
	in.normalize()
	var out Course
	err := s.db.Write(ctx, func(ctx context.Context) error {
		if err := s.validateCourse(ctx, in); err != nil {
			return err
		}
		id, now := core.NewID(), s.now()
		if err := s.st.insertCourse(ctx, id, in, now); err != nil {
			return core.ConflictField(err, "code", CodeTaken, "a course with this code exists")
		}
		if err := s.record(ctx, "course", "create", id, map[string]any{"code": in.Code, "title": in.Title,
			"level": string(in.Level), "format": string(in.Format), "crime_areas": in.Areas}); err != nil {
			return err
		}
		var err error
		out, err = s.st.course(ctx, id)
		return err
	})
	return out, err
}

// UpdateCourse replaces the editable fields of a course (the API's PATCH
// merges before calling). Errors as CreateCourse, and not_found.
func (s *Service) UpdateCourse(ctx context.Context, id string, in CourseInput) (Course, error) {
	if _, err := staffWriter(ctx); err != nil {
		return Course{}, err
	}
	if !core.ValidID(id) {
		return Course{}, notFound("course")
	}
	in.normalize()
	var out Course
	err := s.db.Write(ctx, func(ctx context.Context) error {
		old, err := s.st.course(ctx, id)
		if err != nil {
			return err
		}
		if err := s.validateCourse(ctx, in); err != nil {
			return err
		}
		if err := s.st.updateCourse(ctx, id, in, s.now()); err != nil {
			return core.ConflictField(err, "code", CodeTaken, "a course with this code exists")
		}
		c := core.Changes{}
		core.Change(c, "code", old.Code, in.Code)
		core.Change(c, "title", old.Title, in.Title)
		core.Change(c, "level", string(old.Level), string(in.Level))
		core.Change(c, "format", string(old.Format), string(in.Format))
		core.Change(c, "hours", old.Hours, in.Hours)
		core.Change(c, "crime_areas", joinList(old.Areas), joinList(in.Areas))
		core.Change(c, "target_group", joinList(old.TargetTypes), joinList(in.TargetTypes))
		core.Change(c, "learning_outcomes", len(old.Outcomes), len(in.Outcomes))
		if err := s.record(ctx, "course", "update", id, c); err != nil {
			return err
		}
		out, err = s.st.course(ctx, id)
		return err
	})
	return out, err
}

// SetCourseArchived archives or restores a course. An archived course
// stays on its activities but no new activity can be planned for it.
func (s *Service) SetCourseArchived(ctx context.Context, id string, archived bool) (Course, error) {
	if _, err := staffWriter(ctx); err != nil {
		return Course{}, err
	}
	if !core.ValidID(id) {
		return Course{}, notFound("course")
	}
	var out Course
	err := s.db.Write(ctx, func(ctx context.Context) error {
		old, err := s.st.course(ctx, id)
		if err != nil {
			return err
		}
		if old.Archived == archived {
			out = old
			return nil
		}
		if err := s.st.setCourseArchived(ctx, id, archived, s.now()); err != nil {
			return err
		}
		action := "archive"
		if !archived {
			action = "restore"
		}
		if err := s.record(ctx, "course", action, id, map[string]any{"code": old.Code}); err != nil {
			return err
		}
		out, err = s.st.course(ctx, id)
		return err
	})
	return out, err
}

// --- activities ---

// Activity returns one activity with its seats and trainers (every
// signed-in actor: dates, venue and seats are public facts); lang picks
// the course title's language.
func (s *Service) Activity(ctx context.Context, id, lang string) (Activity, error) {
	if _, err := reader(ctx); err != nil {
		return Activity{}, err
	}
	if !core.ValidID(id) {
		return Activity{}, notFound("activity")
	}
	return s.st.activity(ctx, id, lang)
}

func (s *Service) validateActivity(ctx context.Context, in ActivityInput) error {
	countries, err := s.st.countryCodes(ctx)
	if err != nil {
		return err
	}
	var v core.Validation
	in.validate(&v, func(c string) bool { return slices.Contains(countries, c) })
	if !v.Has("course_id") {
		c, err := s.st.course(ctx, in.CourseID)
		switch {
		case core.IsCode(err, core.NotFound):
			v.Add("course_id", CodeUnknownCourse)
		case err != nil:
			return err
		case c.Archived:
			v.Add("course_id", CodeUnknownCourse)
		}
	}
	if !v.Has("trainer_ids") && len(in.TrainerIDs) > 0 {
		n, err := s.st.activePeople(ctx, in.TrainerIDs)
		if err != nil {
			return err
		}
		if n != len(in.TrainerIDs) {
			v.Add("trainer_ids", CodeUnknown)
		}
	}
	return v.Err()
}

// CreateActivity plans a delivery of a course (coordinators and admins);
// it starts as planned. Errors: invalid with field errors (dates that end
// before they start, seats adding up to more than the capacity, unknown
// course, country or trainer).
func (s *Service) CreateActivity(ctx context.Context, in ActivityInput) (Activity, error) {
	if _, err := staffWriter(ctx); err != nil {
		return Activity{}, err
	}
	in.normalize()
	var out Activity
	err := s.db.Write(ctx, func(ctx context.Context) error {
		if err := s.validateActivity(ctx, in); err != nil {
			return err
		}
		id, now := core.NewID(), s.now()
		if err := s.st.insertActivity(ctx, id, in, now); err != nil {
			return err
		}
		if err := s.record(ctx, "activity", "create", id, map[string]any{"course_id": in.CourseID,
			"starts_on": in.StartsOn, "ends_on": in.EndsOn, "capacity": in.Capacity, "seats": in.Seats, "trainer_ids": in.TrainerIDs}); err != nil {
			return err
		}
		var err error
		out, err = s.st.activity(ctx, id, "")
		return err
	})
	return out, err
}

// UpdateActivity replaces the editable fields of an activity that is
// still open (not delivered, closed or cancelled). Once selection has
// confirmed seats, the capacity and seats may not drop below what is
// taken (checked when nominations exist).
func (s *Service) UpdateActivity(ctx context.Context, id string, in ActivityInput) (Activity, error) {
	if _, err := staffWriter(ctx); err != nil {
		return Activity{}, err
	}
	if !core.ValidID(id) {
		return Activity{}, notFound("activity")
	}
	in.normalize()
	var out Activity
	err := s.db.Write(ctx, func(ctx context.Context) error {
		status, err := s.st.lockActivity(ctx, id)
		if err != nil {
			return err
		}
		if !status.Open() {
			return core.Errorf(core.Conflict, "a %s activity cannot be changed", status)
		}
		old, err := s.st.activity(ctx, id, "")
		if err != nil {
			return err
		}
		if err := s.validateActivity(ctx, in); err != nil {
			return err
		}
		if err := s.st.updateActivity(ctx, id, in, s.now()); err != nil {
			return err
		}
		c := core.Changes{}
		core.Change(c, "course_id", old.CourseID, in.CourseID)
		core.Change(c, "starts_on", old.StartsOn, in.StartsOn)
		core.Change(c, "ends_on", old.EndsOn, in.EndsOn)
		core.Change(c, "capacity", old.Capacity, in.Capacity)
		core.Change(c, "online", old.Online, in.Online)
		core.Change(c, "city", old.City, in.City)
		core.Change(c, "country_code", old.CountryCode, in.CountryCode)
		core.Change(c, "seats", seatsText(old.Seats), seatsText(in.Seats))
		if err := s.record(ctx, "activity", "update", id, c); err != nil {
			return err
		}
		out, err = s.st.activity(ctx, id, "")
		return err
	})
	return out, err
}

// seatsText is a stable text of seats per country, for the audit log.
func seatsText(seats map[string]int) string {
	keys := make([]string, 0, len(seats))
	for c := range seats {
		keys = append(keys, c)
	}
	slices.Sort(keys)
	var b strings.Builder
	for i, c := range keys {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(c)
		b.WriteByte('=')
		b.WriteString(strconv.Itoa(seats[c]))
	}
	return b.String()
}

// ownStep are the statuses reached only through their own use case:
// OpenCall (a deadline and eligibility), CloseCall, Confirm (the
// selection).
var ownStep = map[Status]bool{StatusCallOpen: true, StatusSelection: true, StatusConfirmed: true}

// Move changes an activity's status along the allowed transitions
// (planned → call open → selection → confirmed → delivered → closed;
// cancelled from any open state, with a reason). The steps with their
// own use case (ownStep: opening and closing a call, confirming a
// selection) are refused here; Move takes the others. Errors: invalid (transition_not_allowed on
// "status"; reason required to cancel), not_found.
func (s *Service) Move(ctx context.Context, id string, to Status, reason string) (Activity, error) {
	if _, err := staffWriter(ctx); err != nil {
		return Activity{}, err
	}
	if !core.ValidID(id) {
		return Activity{}, notFound("activity")
	}
	reason = strings.TrimSpace(reason)
	var out Activity
	err := s.db.Write(ctx, func(ctx context.Context) error {
		from, err := s.st.lockActivity(ctx, id)
		if err != nil {
			return err
		}
		var v core.Validation
		if !CanMove(from, to) || ownStep[to] {
			v.Add("status", CodeNotAllowed, string(from), string(to))
		}
		if to == StatusCancelled {
			checkText(&v, "reason", reason, MaxReason, true)
		} else {
			checkText(&v, "reason", reason, MaxReason, false)
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := s.st.setStatus(ctx, id, to, reason, s.now()); err != nil {
			return err
		}
		if err := s.record(ctx, "activity", "status", id, map[string]any{"from": string(from), "to": string(to), "reason": reason}); err != nil {
			return err
		}
		if out, err = s.st.activity(ctx, id, ""); err != nil {
			return err
		}
		if to == StatusCancelled {
			return s.noticeCancelled(ctx, out, reason)
		}
		return nil
	})
	if err == nil && to == StatusDelivered && !out.Demo {
		sys := core.WithActor(context.WithoutCancel(ctx), core.SystemActor("training.delivered"))
		for _, f := range s.hooks.delivered {
			if herr := f(sys, out); herr != nil {
				slog.Default().Error("after an activity was delivered", "activity", out.ID, "err", herr)
			}
		}
	}
	return out, err
}

// auditRead is a read of personal data: which people a page or response
// showed.
func auditRead(what, entity, entityID string, personIDs []string) audit.Event {
	return audit.Event{Action: "training." + what, Entity: entity, EntityID: entityID,
		Details: map[string]any{"person_ids": personIDs, "count": len(personIDs)}}
}

func itoa(n int) string { return strconv.Itoa(n) }
