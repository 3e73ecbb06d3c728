package mytraining

import (
	"context"
	"io"
	"strings"
	"time"

	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/certs/cert"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/learning"
	"github.com/topcop-platform/topcop/internal/notify"
	"github.com/topcop-platform/topcop/internal/training"
)

// Service is My training: what the platform holds on the person linked
// to the signed-in account, gathered from the services of the
// capabilities that hold it (each reads the actor's own person only), and
// the requests to correct it. It decides who may do what; the routes'
// declarations are a first line only.
type Service struct {
	db       *db.DB
	log      *audit.Log
	st       *store
	accounts *auth.Service
	dir      *directory.Service
	training *training.Service
	learning *learning.Service
	certs    Certificates
	mail     *notify.Service
	now      func() time.Time
}

// Certificates is what My training needs of the certificates service:
// the actor's own certificates, valid and revoked, newest first.
type Certificates interface {
	Mine(ctx context.Context) ([]cert.Certificate, error)
}

// Deps are the services My training reads and notifies through.
type Deps struct {
	Accounts     *auth.Service
	Directory    *directory.Service
	Training     *training.Service
	Learning     *learning.Service
	Certificates Certificates
	Mail         *notify.Service
}

// NewService returns My training over d, auditing to log.
func NewService(d *db.DB, log *audit.Log, deps Deps) *Service {
	return &Service{db: d, log: log, st: &store{db: d}, accounts: deps.Accounts, dir: deps.Directory, training: deps.Training,
		learning: deps.Learning, certs: deps.Certificates, mail: deps.Mail, now: db.Now}
}

// Mail templates: to coordinators when a request arrives, to the
// requester when it is resolved.
const (
	mailRequested = "mytraining.correction.requested"
	mailResolved  = "mytraining.correction.resolved"
)

// Where the pages are (also the links of the mails).
const (
	pagePath        = "/my/training"
	dataPath        = "/my/training/data.json"
	correctionsPath = "/my/training/corrections"
	calendarPath    = "/training/calendar#feed"
)

// --- authorization: the one place that decides who may do what ---

// account admits a signed-in account acting for itself (a session or a
// token): everything here is about the account's own person.
func account(ctx context.Context) (core.Actor, error) {
	a := core.ActorFrom(ctx)
	if !a.Authenticated() || a.AccountID == "" {
		return a, core.Errorf(core.Unauthenticated, "sign in to see your training")
	}
	return a, nil
}

// accountWriter is account, refusing read-only tokens.
func accountWriter(ctx context.Context) (core.Actor, error) {
	a, err := account(ctx)
	if err == nil && a.ReadOnly {
		return a, core.Errorf(core.Forbidden, "this token is read-only")
	}
	return a, err
}

// staff admits coordinators and admins, who handle correction requests.
func staff(ctx context.Context, write bool) (core.Actor, error) {
	a := core.ActorFrom(ctx)
	switch {
	case !a.Authenticated():
		return a, core.Errorf(core.Unauthenticated, "sign in first")
	case !a.IsStaff():
		return a, core.Errorf(core.Forbidden, "only coordinators handle correction requests")
	case write && a.ReadOnly:
		return a, core.Errorf(core.Forbidden, "this token is read-only")
	}
	return a, nil
}

// CanResolve reports whether the actor of ctx handles correction requests
// (pages show the staff list and its forms; the methods decide again).
func (s *Service) CanResolve(ctx context.Context) bool {
	_, err := staff(ctx, true)
	return err == nil
}

// --- the page ---

// Overview gathers the My training page of the signed-in account, course
// titles in lang: the nominations of its person with what they can do
// next, the activities to come, the tests and surveys, the certificates,
// and the account's correction requests. An account linked to no person
// gets Linked false, empty lists and its own requests. Reading one's own
// records is not recorded (the export is). Errors: unauthenticated.
func (s *Service) Overview(ctx context.Context, lang string) (Overview, error) {
	a, err := account(ctx)
	if err != nil {
		return Overview{}, err
	}
	out := Overview{Nominations: []NominationEntry{}, Upcoming: []UpcomingEntry{}, Tests: []TestEntry{}, Surveys: []SurveyEntry{},
		Certificates: []CertificateEntry{}, CalendarURL: calendarPath, DataURL: dataPath}
	if out.Corrections, err = s.st.accountCorrections(ctx, a.AccountID); err != nil {
		return Overview{}, err
	}
	if !core.ValidID(a.PersonID) {
		return out, nil
	}
	out.Linked = true
	ref, err := s.st.personName(ctx, a.PersonID)
	if err != nil {
		return Overview{}, err
	}
	out.Person = &ref
	today := s.now().Format(time.DateOnly)
	titles := map[string]string{} // activity id → course title, for tests and surveys

	noms, err := s.training.MyNominations(ctx, lang)
	if err != nil {
		return Overview{}, err
	}
	for _, n := range noms {
		act := n.Activity
		titles[act.ID] = act.CourseTitle
		e := NominationEntry{ID: n.ID, ActivityID: act.ID, CourseCode: act.CourseCode, CourseTitle: act.CourseTitle, StartsOn: act.StartsOn,
			EndsOn: act.EndsOn, Online: act.Online, City: act.City, ActivityStatus: act.Status, Status: n.Status, ReserveRank: n.ReserveRank,
			Next: nextStep(n, today), ActivityURL: activityURL(act.ID)}
		if n.Status == training.NomSelected {
			e.AnswerBy = n.AnswerBy(act)
		}
		if e.Next == NextAnswer {
			e.AnswerURL = activityURL(act.ID) + "/nominations#mine"
		}
		out.Nominations = append(out.Nominations, e)
	}

	upcoming, err := s.training.MyUpcoming(ctx, lang)
	if err != nil {
		return Overview{}, err
	}
	for _, act := range upcoming {
		titles[act.ID] = act.CourseTitle
		out.Upcoming = append(out.Upcoming, UpcomingEntry{ActivityID: act.ID, CourseTitle: act.CourseTitle, StartsOn: act.StartsOn, EndsOn: act.EndsOn,
			DayStarts: act.DayStarts, DayEnds: act.DayEnds, TimeZone: act.TimeZone, Online: act.Online, Venue: act.Venue, City: act.City,
			Status: act.Status, Role: act.Role, UnderWay: act.StartsOn <= today && act.Status != training.StatusCancelled,
			ActivityURL: activityURL(act.ID), CalendarURL: CalendarURL(act.ID)})
	}

	tests, _, err := s.learning.TestsToTake(ctx, 0)
	if err != nil {
		return Overview{}, err
	}
	for _, t := range tests {
		title, err := s.courseTitle(ctx, titles, t.ActivityID, lang)
		if err != nil {
			return Overview{}, err
		}
		out.Tests = append(out.Tests, TestEntry{ID: t.ID, ActivityID: t.ActivityID, CourseTitle: title, Kind: t.Kind, Form: t.Form, State: t.State,
			OpensAt: t.OpensAt, ClosesAt: t.ClosesAt, Questions: t.Questions, Answered: t.Answered, Score: t.Score, SubmittedAt: t.SubmittedAt,
			URL: "/learning/tests/" + t.ID})
	}
	surveys, _, err := s.learning.SurveysToAnswer(ctx, 0)
	if err != nil {
		return Overview{}, err
	}
	for _, sv := range surveys {
		title, err := s.courseTitle(ctx, titles, sv.ActivityID, lang)
		if err != nil {
			return Overview{}, err
		}
		out.Surveys = append(out.Surveys, SurveyEntry{ID: sv.ID, ActivityID: sv.ActivityID, CourseTitle: title, Kind: sv.Kind, ClosesAt: sv.ClosesAt,
			URL: learning.SurveyLink(sv.ID)})
	}

	certs, err := s.certs.Mine(ctx)
	if err != nil {
		return Overview{}, err
	}
	for _, c := range certs {
		out.Certificates = append(out.Certificates, certificateEntry(c, lang))
	}
	return out, nil
}

// nextStep is what the person can do next with nomination n, today.
func nextStep(n training.MyNomination, today string) string {
	act := n.Activity
	switch {
	case !act.Status.Open():
		return NextNone
	case n.Status == training.NomSelected:
		if by := n.AnswerBy(act); by != "" && today > by {
			return NextNone // too late to accept; their ncp may still answer for them
		}
		return NextAnswer
	case n.Status == training.NomNominated:
		return NextWait
	case n.Status == training.NomReserve:
		return NextReserve
	case n.Status == training.NomAccepted && act.EndsOn >= today:
		return NextAttend
	}
	return NextNone
}

// courseTitle is the course title of an activity, from titles or read.
func (s *Service) courseTitle(ctx context.Context, titles map[string]string, activityID, lang string) (string, error) {
	if t, ok := titles[activityID]; ok {
		return t, nil
	}
	act, err := s.training.Activity(ctx, activityID, lang)
	if err != nil {
		return "", err
	}
	titles[activityID] = act.CourseTitle
	return act.CourseTitle, nil
}

func activityURL(id string) string { return "/training/activities/" + id }

// CalendarURL is the iCalendar file of an activity.
func CalendarURL(activityID string) string {
	return "/my/training/activities/" + activityID + "/calendar.ics"
}

// certificateEntry is c as the page lists it, with its links (the code
// formatted in groups, as printed on the certificate) and the course
// title of the certificate in lang when it has it (English, or the
// person's own language), else in English.
func certificateEntry(c cert.Certificate, lang string) CertificateEntry {
	code := cert.FormatCode(c.Code)
	title := c.CourseTitle
	if c.LocalTitle != "" && c.Lang == lang {
		title = c.LocalTitle
	}
	return CertificateEntry{Code: code, ActivityID: c.ActivityID, CourseTitle: title, StartsOn: c.StartsOn, EndsOn: c.EndsOn, Status: c.Status,
		IssuedAt: c.IssuedAt, RevokedAt: c.RevokedAt, RevokeReason: c.RevokeReason,
		PDFURL: "/certificates/" + code + ".pdf", BadgeURL: "/certificates/" + code + "/badge.json", ShareURL: "/verify/" + code}
}

// ActivityCalendar writes one activity to w as an iCalendar file, in l's
// language with links under base (training's WriteActivityCalendar): every
// signed-in actor. Errors: not_found, unauthenticated.
func (s *Service) ActivityCalendar(ctx context.Context, w io.Writer, l *i18n.Localizer, base, id string) error {
	return s.training.WriteActivityCalendar(ctx, w, l, base, id)
}

// --- the export ---

// Export gathers everything the platform holds on the signed-in account
// and the person linked to it: the account (never a secret), the
// directory record with its roles, the nominations with their history,
// the attendance, the test submissions with their answers, which surveys
// were answered (not the anonymous answers), the certificates and the
// correction requests. It is recorded in the audit log as a read of the
// person's data (mytraining.data.export). Errors: unauthenticated;
// forbidden for an observer, who reads no directory record.
func (s *Service) Export(ctx context.Context) (PersonalData, error) {
	a, err := account(ctx)
	if err != nil {
		return PersonalData{}, err
	}
	acc, err := s.accounts.Account(ctx, a.AccountID)
	if err != nil {
		return PersonalData{}, err
	}
	out := PersonalData{Format: DataFormat, GeneratedAt: s.now(), Account: accountData(acc), Nominations: []training.MyNomination{},
		Attendance: []training.AttendanceMark{}, TestSubmissions: []learning.MySubmission{}, SurveysAnswered: []learning.AnsweredSurvey{},
		SurveyAnswers: surveyNote, Certificates: []cert.Certificate{}}
	if out.Corrections, err = s.st.accountCorrections(ctx, a.AccountID); err != nil {
		return PersonalData{}, err
	}
	if core.ValidID(a.PersonID) {
		if err := s.exportPerson(ctx, a.PersonID, &out); err != nil {
			return PersonalData{}, err
		}
	}
	err = s.log.RecordRead(ctx, audit.Event{Action: "mytraining.data.export", Entity: "account", EntityID: a.AccountID,
		Details: map[string]any{"person_id": a.PersonID}})
	return out, err
}

// exportPerson fills out with what the capabilities hold on personID,
// the actor's own person.
func (s *Service) exportPerson(ctx context.Context, personID string, out *PersonalData) error {
	p, err := s.dir.Person(ctx, personID)
	if err != nil {
		return err
	}
	roles, err := s.dir.PersonRoles(ctx, personID)
	if err != nil {
		return err
	}
	out.Person, out.DirectoryRoles = &p, &roles
	if out.Nominations, err = s.training.MyNominations(ctx, ""); err != nil {
		return err
	}
	if out.Attendance, err = s.training.MyAttendance(ctx); err != nil {
		return err
	}
	if out.TestSubmissions, err = s.learning.MySubmissions(ctx); err != nil {
		return err
	}
	if out.SurveysAnswered, err = s.learning.MySurveysAnswered(ctx); err != nil {
		return err
	}
	out.Certificates, err = s.certs.Mine(ctx)
	return err
}

// --- correction requests ---

// RequestCorrection records the signed-in account's request to correct
// what the platform holds on it (text: which field is wrong and what it
// should say, 1–2000 characters), for its person or, when it has none,
// for the account; every coordinator is mailed and notified in the app.
// Audited as mytraining.correction.create. Errors: invalid [{text
// required|too_long|invalid}], forbidden (read-only token),
// unauthenticated.
func (s *Service) RequestCorrection(ctx context.Context, text string) (CorrectionRequest, error) {
	a, err := accountWriter(ctx)
	if err != nil {
		return CorrectionRequest{}, err
	}
	text = strings.TrimSpace(text)
	var v core.Validation
	checkText(&v, "text", text, true)
	if err := v.Err(); err != nil {
		return CorrectionRequest{}, err
	}
	c := CorrectionRequest{ID: core.NewID(), AccountID: a.AccountID, Text: text, Status: StatusOpen, CreatedAt: s.now()}
	if core.ValidID(a.PersonID) {
		c.PersonID = a.PersonID
	}
	err = s.db.Write(ctx, func(ctx context.Context) error {
		if err := s.st.insertCorrection(ctx, c); err != nil {
			return err
		}
		if err := s.log.Record(ctx, audit.Event{Action: "mytraining.correction.create", Entity: "correction_request", EntityID: c.ID,
			Details: map[string]any{"person_id": c.PersonID, "account_id": c.AccountID}}); err != nil {
			return err
		}
		if c, err = s.st.correction(ctx, c.ID); err != nil {
			return err
		}
		coordinators, err := s.accounts.Recipients(ctx, core.RoleCoordinator, "")
		if err != nil {
			return err
		}
		for _, to := range coordinators {
			if _, err := s.mail.Send(ctx, notify.Mail{AccountID: to.ID, Template: mailRequested, Data: map[string]any{"Name": c.Name},
				Link: correctionsPath}); err != nil {
				return err
			}
		}
		return nil
	})
	return c, err
}

// Corrections lists the correction requests of status (open, resolved,
// or all; "" is open) for coordinators and admins: open ones oldest first
// (a queue), the others newest first. The people listed are recorded as
// a read of personal data. Errors: invalid [{status invalid}, {cursor
// …}], forbidden, unauthenticated.
func (s *Service) Corrections(ctx context.Context, status string, p core.PageRequest) (core.List[CorrectionRequest], error) {
	if _, err := staff(ctx, false); err != nil {
		return core.List[CorrectionRequest]{}, err
	}
	if status == "" {
		status = StatusOpen
	}
	q := db.ListQuery{Cols: db.Cond{SQL: correctionCols}, From: correctionFrom, CountFrom: " FROM correction_requests r",
		Order: db.OrderedBy(0, true, "r.created_at", "r.id")}
	switch status {
	case StatusOpen:
		q.Order.Desc = false
		q.Where = []db.Cond{{SQL: "r.status = ?", Args: []any{StatusOpen}}}
	case StatusResolved:
		q.Where = []db.Cond{{SQL: "r.status = ?", Args: []any{StatusResolved}}}
	case "all":
	default:
		var v core.Validation
		v.Add("status", "invalid")
		return core.List[CorrectionRequest]{}, v.Err()
	}
	list, err := db.ReadList(ctx, s.db, q, p.Bounded(), func(sc db.Scanner, pre []any) (CorrectionRequest, error) {
		return scanCorrection(sc, pre...)
	})
	if err != nil {
		return core.List[CorrectionRequest]{}, err
	}
	if len(list.Items) == 0 {
		return list, nil
	}
	people, accounts := []string{}, []string{}
	for _, c := range list.Items {
		if c.PersonID != "" {
			people = append(people, c.PersonID)
		} else {
			accounts = append(accounts, c.AccountID)
		}
	}
	return list, s.log.RecordRead(ctx, audit.Event{Action: "mytraining.corrections_listed", Entity: "correction_request",
		Details: map[string]any{"person_ids": people, "account_ids": accounts, "count": len(list.Items)}})
}

// OpenCount is the number of open correction requests, for staff (0 for
// anyone else): the counter beside their menu entry.
func (s *Service) OpenCount(ctx context.Context) (int, error) {
	if _, err := staff(ctx, false); err != nil {
		return 0, nil
	}
	return s.st.openCount(ctx)
}

// ResolveCorrection marks an open request resolved with a note saying
// what was done (1–2000 characters), for coordinators and admins; the
// requester is mailed and notified in the app. Audited as
// mytraining.correction.resolve. Errors: invalid [{note
// required|too_long|invalid}, {status already_resolved}], not_found,
// forbidden, unauthenticated.
func (s *Service) ResolveCorrection(ctx context.Context, id, note string) (CorrectionRequest, error) {
	a, err := staff(ctx, true)
	if err != nil {
		return CorrectionRequest{}, err
	}
	if !core.ValidID(id) {
		return CorrectionRequest{}, core.Errorf(core.NotFound, "correction request not found")
	}
	note = strings.TrimSpace(note)
	var v core.Validation
	checkText(&v, "note", note, true)
	if err := v.Err(); err != nil {
		return CorrectionRequest{}, err
	}
	var out CorrectionRequest
	err = s.db.Write(ctx, func(ctx context.Context) error {
		done, err := s.st.resolve(ctx, id, a.Label(), note, s.now())
		if err != nil {
			return err
		}
		if out, err = s.st.correction(ctx, id); err != nil {
			return err
		}
		if !done {
			v.Add("status", CodeAlreadyResolved)
			return v.Err()
		}
		if err := s.log.Record(ctx, audit.Event{Action: "mytraining.correction.resolve", Entity: "correction_request", EntityID: id,
			Details: map[string]any{"person_id": out.PersonID, "account_id": out.AccountID}}); err != nil {
			return err
		}
		_, err = s.mail.Send(ctx, notify.Mail{AccountID: out.AccountID, Template: mailResolved, Data: map[string]any{"Note": note},
			Link: pagePath + "#corrections"})
		return err
	})
	return out, err
}

// CodeAlreadyResolved is the field error of resolving a request twice.
const CodeAlreadyResolved = "already_resolved"
