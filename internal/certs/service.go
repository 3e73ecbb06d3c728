// Package certs is the certificates capability of issue 10: completing an
// activity issues a certificate that anyone can verify, online at
// /verify/{code} and offline from its QR code's signed payload; a
// coordinator issues or withholds one by hand with a reason and revokes
// one with a reason; the participant downloads it as a PDF and as an
// Open Badges 3.0 credential. What a certificate is and its cryptography
// live in package cert; the PDF in certpdf, the badge in badge and the
// self-contained offline page in offline.
package certs

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/certs/cert"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/training"
)

// Options are the issuer's particulars printed on every certificate.
type Options struct {
	BaseURL       string // the platform's public URL (QR codes, badges)
	Issuer        string // the issuing body
	Signatory     string // who signs, by name
	SignatoryRole string // their role
}

// Default issuer particulars, used when the configuration names none.
const (
	DefaultIssuer        = "TOPCOP II — EU Training and Operational Partnership Against Organised Crime"
	DefaultSignatoryRole = "Team Leader, TOPCOP II"
)

// Validation codes.
const (
	CodeRequired      = "required"
	CodeTooLong       = "too_long"
	CodeNotCompleted  = "not_completed"   // issuing by hand to someone who did not complete needs a reason
	CodeNotHolder     = "not_participant" // the person holds no seat on the activity
	CodeAlreadyIssued = "already_issued"
	CodeNotFinal      = "not_final" // the activity is not delivered yet
)

// MaxReason bounds a reason's length, in characters.
const MaxReason = 500

var errBadKey = core.Errorf(core.Internal, "certs: a stored issuer key is damaged")

// Service is the certificates' one entry point: it authorizes, validates,
// signs, runs each write in a transaction and records the audit trail.
type Service struct {
	db       *db.DB
	log      *audit.Log
	st       *store
	training *training.Service
	opts     Options
	bundle   *i18n.Bundle // the certificates' catalogue, for documents in their holder's language
	now      func() time.Time
}

// NewService returns the certificates service over d.
func NewService(d *db.DB, log *audit.Log, tr *training.Service, opts Options) *Service {
	if opts.Issuer == "" {
		opts.Issuer = DefaultIssuer
	}
	if opts.SignatoryRole == "" {
		opts.SignatoryRole = DefaultSignatoryRole
	}
	if opts.BaseURL == "" {
		opts.BaseURL = "http://127.0.0.1:8080"
	}
	opts.BaseURL = strings.TrimRight(opts.BaseURL, "/")
	return &Service{db: d, log: log, st: &store{db: d}, training: tr, opts: opts, bundle: catalogue, now: db.Now}
}

// At returns the service as it would act at t, for tests and the demo.
func (s *Service) At(t time.Time) *Service {
	c := *s
	c.now = func() time.Time { return t.UTC().Truncate(time.Microsecond) }
	return &c
}

// Options are the issuer's particulars.
func (s *Service) Options() Options { return s.opts }

func notFound(what string) error { return core.Errorf(core.NotFound, "%s not found", what) }

func (s *Service) record(ctx context.Context, action, id string, reason string, details map[string]any) error {
	return s.log.Record(ctx, audit.Event{Action: "certs.certificate." + action, Entity: "certificate", EntityID: id, Reason: reason, Details: details})
}

func auditEvent(action, activityID string, details map[string]any) audit.Event {
	return audit.Event{Action: "certs.certificates." + action, Entity: "activity", EntityID: activityID, Details: details}
}

func reader(ctx context.Context) (core.Actor, error) {
	a := core.ActorFrom(ctx)
	if !a.Authenticated() {
		return a, core.Errorf(core.Unauthenticated, "sign in first")
	}
	return a, nil
}

func staffWriter(ctx context.Context) (core.Actor, error) {
	a, err := reader(ctx)
	switch {
	case err != nil:
		return a, err
	case a.ReadOnly:
		return a, core.Errorf(core.Forbidden, "this token is read-only")
	case !a.IsStaff():
		return a, core.Errorf(core.Forbidden, "only coordinators issue, withhold and revoke certificates")
	}
	return a, nil
}

func checkReason(v *core.Validation, field, reason string, required bool) {
	switch n := utf8.RuneCountInString(strings.TrimSpace(reason)); {
	case n == 0 && required:
		v.Add(field, CodeRequired)
	case n > MaxReason:
		v.Add(field, CodeTooLong, "500")
	}
}

// --- keys ---

// signingKey is the key that signs new certificates: the newest one not
// retired, made on first use. It runs in the write transaction of ctx.
func (s *Service) signingKey(ctx context.Context) (*cert.SigningKey, error) {
	keys, err := s.st.keys(ctx)
	if err != nil {
		return nil, err
	}
	for i := len(keys) - 1; i >= 0; i-- {
		if keys[i].RetiredAt.IsZero() {
			return keys[i], nil
		}
	}
	k, err := cert.NewSigningKey(s.now())
	if err != nil {
		return nil, err
	}
	return k, s.st.insertKey(ctx, k)
}

// KeySet is the issuer's published public keys: every key that ever
// signed, retired ones too. Public.
func (s *Service) KeySet(ctx context.Context) (cert.KeySet, error) {
	var keys []*cert.SigningKey
	err := s.db.Read(ctx, func(ctx context.Context) error {
		var err error
		keys, err = s.st.keys(ctx)
		return err
	})
	if err == nil && len(keys) == 0 {
		// Publish a key before the first certificate, so that offline
		// checkers can be set up at once.
		err = s.db.Write(core.WithActor(ctx, core.SystemActor("certs")), func(ctx context.Context) error {
			k, err := s.signingKey(ctx)
			keys = []*cert.SigningKey{k}
			return err
		})
	}
	return cert.PublicKeySet(s.opts.Issuer, keys), err
}

// RotateKey makes a new signing key and retires the others for signing;
// they stay published, so what they signed keeps verifying. Admins only
// (and the CLI).
func (s *Service) RotateKey(ctx context.Context) (cert.JWK, error) {
	a, err := reader(ctx)
	if err != nil {
		return cert.JWK{}, err
	}
	if !a.IsAdmin() || a.ReadOnly {
		return cert.JWK{}, core.Errorf(core.Forbidden, "only admins rotate the issuer key")
	}
	k, err := cert.NewSigningKey(s.now())
	if err != nil {
		return cert.JWK{}, err
	}
	err = s.db.Write(ctx, func(ctx context.Context) error {
		if err := s.st.insertKey(ctx, k); err != nil {
			return err
		}
		if err := s.st.retireKeys(ctx, k.ID, s.now()); err != nil {
			return err
		}
		return s.log.Record(ctx, audit.Event{Action: "certs.key.rotate", Entity: "cert_key", EntityID: k.ID})
	})
	if err != nil {
		return cert.JWK{}, err
	}
	return cert.PublicKeySet(s.opts.Issuer, []*cert.SigningKey{k}).Keys[0], nil
}

// Revocations is the signed list of revoked certificates. Public.
func (s *Service) Revocations(ctx context.Context) (cert.RevocationList, error) {
	var list []cert.Revocation
	var key *cert.SigningKey
	err := s.db.Read(ctx, func(ctx context.Context) error {
		var err error
		if list, err = s.st.revoked(ctx); err != nil {
			return err
		}
		keys, err := s.st.keys(ctx)
		for i := len(keys) - 1; i >= 0 && key == nil; i-- {
			if keys[i].RetiredAt.IsZero() {
				key = keys[i]
			}
		}
		return err
	})
	if err != nil {
		return cert.RevocationList{}, err
	}
	if key == nil {
		err = s.db.Write(core.WithActor(ctx, core.SystemActor("certs")), func(ctx context.Context) error {
			key, err = s.signingKey(ctx)
			return err
		})
		if err != nil {
			return cert.RevocationList{}, err
		}
	}
	return cert.SignRevocations(cert.RevocationList{Issuer: s.opts.Issuer, IssuedAt: s.now().Format(time.RFC3339), Revoked: list}, key)
}

// --- issuing ---

// newCert freezes what a certificate of act for personID shows, signs it
// and stores it; false when the person already has one for act. It runs
// in the write transaction of ctx.
func (s *Service) newCert(ctx context.Context, act training.Activity, course training.Course, personID, reason string) (cert.Certificate, bool, error) {
	h, err := s.st.holder(ctx, personID)
	if err != nil {
		return cert.Certificate{}, false, err
	}
	key, err := s.signingKey(ctx)
	if err != nil {
		return cert.Certificate{}, false, err
	}
	lang := h.accountLang
	if lang == "" {
		lang = training.PersonLang(strings.Split(h.languages, ","), h.country)
	}
	c := cert.Certificate{
		ID: core.NewID(), Code: cert.NewCode(), ActivityID: act.ID, PersonID: personID, Status: cert.StatusValid,
		Name: strings.TrimSpace(h.given + " " + h.family), NativeName: strings.TrimSpace(h.givenNative + " " + h.familyNative),
		Lang: lang, CourseCode: course.Code, CourseTitle: course.Title, StartsOn: act.StartsOn, EndsOn: act.EndsOn,
		Hours: course.Hours, Outcomes: slices.Clone(course.Outcomes), City: act.City, CountryCode: act.CountryCode, Online: act.Online,
		IssuerName: s.opts.Issuer, Signatory: s.opts.Signatory, SignatoryRole: s.opts.SignatoryRole, IssuedAt: s.now(),
		IssueReason: strings.TrimSpace(reason), KeyID: key.ID, Demo: act.Demo,
	}
	if c.Outcomes == nil {
		c.Outcomes = []string{}
	}
	if c.NativeName == c.Name {
		c.NativeName = ""
	}
	if t := course.Titles[lang]; lang != "en" && t != "" && t != course.Title {
		c.LocalTitle = t
	}
	if c.Payload, err = cert.Sign(c.Claims(), key); err != nil {
		return cert.Certificate{}, false, err
	}
	ok, err := s.st.insert(ctx, c, core.ActorFrom(ctx).Label())
	if err != nil || !ok {
		return cert.Certificate{}, false, err
	}
	return c, true, s.record(ctx, "issue", c.ID, c.IssueReason, map[string]any{"code": c.Code, "activity_id": act.ID, "person_id": personID, "key_id": key.ID})
}

// activityFacts reads act and its course as the system would.
func (s *Service) activityFacts(ctx context.Context, activityID string) (training.Activity, training.Course, error) {
	if !core.ValidID(activityID) {
		return training.Activity{}, training.Course{}, notFound("activity")
	}
	sys := core.WithActor(ctx, core.SystemActor("certs"))
	act, err := s.training.Activity(sys, activityID, "")
	if err != nil {
		return act, training.Course{}, err
	}
	course, err := s.training.Course(sys, act.CourseID)
	return act, course, err
}

// finalStatus reports whether act's outcome is decided.
func finalStatus(st training.Status) bool {
	return st == training.StatusDelivered || st == training.StatusClosed
}

// IssueCompleted issues a certificate to every participant of an activity
// who completed it (training's completion rule, with the conditions of
// the capabilities built on it), has none yet and was not withheld.
// Coordinators, and the certificates job. It is idempotent: run twice, or
// by two replicas at once, it issues each certificate once.
func (s *Service) IssueCompleted(ctx context.Context, activityID string) (int, error) {
	if _, err := staffWriter(ctx); err != nil {
		return 0, err
	}
	act, course, err := s.activityFacts(ctx, activityID)
	if err != nil {
		return 0, err
	}
	if !finalStatus(act.Status) {
		var v core.Validation
		v.Add("activity", CodeNotFinal)
		return 0, v.Err()
	}
	parts, err := s.training.Participants(core.WithActor(ctx, core.SystemActor("certs")), act.ID)
	if err != nil {
		return 0, err
	}
	n := 0
	err = s.db.Write(ctx, func(ctx context.Context) error {
		held, err := s.st.withheld(ctx, act.ID)
		if err != nil {
			return err
		}
		n = 0
		for _, p := range parts.Items {
			if _, no := held[p.PersonID]; no || !p.Completed {
				continue
			}
			_, ok, err := s.newCert(ctx, act, course, p.PersonID, "")
			if err != nil {
				return err
			}
			if ok {
				n++
			}
		}
		return nil
	})
	return n, err
}

// Issue issues a certificate by hand to a participant of an activity:
// coordinators. One who did not complete needs a reason; a decision to
// withhold is lifted. Errors: invalid (person_id: not_participant,
// already_issued; reason: required (not_completed), too_long), forbidden,
// not_found.
func (s *Service) Issue(ctx context.Context, activityID, personID, reason string) (cert.Certificate, error) {
	if _, err := staffWriter(ctx); err != nil {
		return cert.Certificate{}, err
	}
	act, course, err := s.activityFacts(ctx, activityID)
	if err != nil {
		return cert.Certificate{}, err
	}
	parts, err := s.training.Participants(core.WithActor(ctx, core.SystemActor("certs")), act.ID)
	if err != nil {
		return cert.Certificate{}, err
	}
	i := slices.IndexFunc(parts.Items, func(p training.Participant) bool { return p.PersonID == personID })
	var v core.Validation
	switch {
	case i < 0:
		v.Add("person_id", CodeNotHolder)
	case !parts.Items[i].Completed && strings.TrimSpace(reason) == "":
		v.Add("reason", CodeNotCompleted)
	}
	checkReason(&v, "reason", reason, false)
	if err := v.Err(); err != nil {
		return cert.Certificate{}, err
	}
	var c cert.Certificate
	err = s.db.Write(ctx, func(ctx context.Context) error {
		var ok bool
		if c, ok, err = s.newCert(ctx, act, course, personID, reason); err != nil {
			return err
		}
		if !ok {
			var v core.Validation
			v.Add("person_id", CodeAlreadyIssued)
			return v.Err()
		}
		return s.st.unwithhold(ctx, act.ID, personID)
	})
	return c, err
}

// Withhold records that a participant of an activity gets no certificate,
// with the reason: coordinators. One already issued must be revoked
// instead. Errors: invalid (person_id: not_participant, already_issued;
// reason: required, too_long), forbidden, not_found.
func (s *Service) Withhold(ctx context.Context, activityID, personID, reason string) error {
	a, err := staffWriter(ctx)
	if err != nil {
		return err
	}
	act, _, err := s.activityFacts(ctx, activityID)
	if err != nil {
		return err
	}
	var v core.Validation
	checkReason(&v, "reason", reason, true)
	if !core.ValidID(personID) {
		v.Add("person_id", CodeNotHolder)
	}
	if err := v.Err(); err != nil {
		return err
	}
	parts, err := s.training.Participants(core.WithActor(ctx, core.SystemActor("certs")), act.ID)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(parts.Items, func(p training.Participant) bool { return p.PersonID == personID }) {
		v.Add("person_id", CodeNotHolder)
		return v.Err()
	}
	return s.db.Write(ctx, func(ctx context.Context) error {
		held, err := s.st.ofPersonActivity(ctx, act.ID, personID)
		if err != nil {
			return err
		}
		if held {
			var v core.Validation
			v.Add("person_id", CodeAlreadyIssued)
			return v.Err()
		}
		if err := s.st.withhold(ctx, act.ID, Withheld{PersonID: personID, Reason: strings.TrimSpace(reason), DecidedBy: a.Label(), DecidedAt: s.now()}); err != nil {
			return err
		}
		return s.log.Record(ctx, audit.Event{Action: "certs.certificate.withhold", Entity: "activity", EntityID: act.ID, Reason: strings.TrimSpace(reason),
			Details: map[string]any{"person_id": personID}})
	})
}

// Revoke revokes a certificate with a reason: coordinators. It shows as
// revoked online at once and in the next revocation list. Errors: invalid
// (reason: required, too_long), conflict (already revoked), forbidden,
// not_found.
func (s *Service) Revoke(ctx context.Context, code, reason string) (cert.Certificate, error) {
	a, err := staffWriter(ctx)
	if err != nil {
		return cert.Certificate{}, err
	}
	code = cert.NormalizeCode(code)
	if code == "" {
		return cert.Certificate{}, notFound("certificate")
	}
	var v core.Validation
	checkReason(&v, "reason", reason, true)
	if err := v.Err(); err != nil {
		return cert.Certificate{}, err
	}
	reason = strings.TrimSpace(reason)
	var c cert.Certificate
	err = s.db.Write(ctx, func(ctx context.Context) error {
		if c, err = s.st.byCode(ctx, code); err != nil {
			return err
		}
		now := s.now()
		ok, err := s.st.revoke(ctx, c.ID, a.Label(), reason, now)
		if err != nil {
			return err
		}
		if !ok {
			return core.Errorf(core.Conflict, "the certificate is already revoked")
		}
		c.Status, c.RevokedAt, c.RevokeReason = cert.StatusRevoked, now, reason
		return s.record(ctx, "revoke", c.ID, reason, map[string]any{"code": c.Code})
	})
	return c, err
}

// --- reading ---

// canRead reports whether a may read c: staff, its holder, the trainers
// of its activity, an ncp of its holder's country.
func (s *Service) canRead(ctx context.Context, a core.Actor, c cert.Certificate) (bool, error) {
	if a.IsStaff() || (a.PersonID != "" && a.PersonID == c.PersonID) {
		return true, nil
	}
	act, err := s.training.Activity(core.WithActor(ctx, core.SystemActor("certs")), c.ActivityID, "")
	if err != nil {
		return false, err
	}
	if trains(act, a.PersonID) {
		return true, nil
	}
	if cs := a.Countries(core.RoleNCP); len(cs) > 0 {
		h, err := s.st.holder(ctx, c.PersonID)
		if err != nil {
			return false, err
		}
		return slices.Contains(cs, h.country), nil
	}
	return false, nil
}

// Get returns a certificate for those who may read it (canRead); others
// get not_found. The read is audited.
func (s *Service) Get(ctx context.Context, code string) (cert.Certificate, error) {
	a, err := reader(ctx)
	if err != nil {
		return cert.Certificate{}, err
	}
	code = cert.NormalizeCode(code)
	if code == "" {
		return cert.Certificate{}, notFound("certificate")
	}
	var c cert.Certificate
	err = s.db.Read(ctx, func(ctx context.Context) error {
		var err error
		c, err = s.st.byCode(ctx, code)
		return err
	})
	if err != nil {
		return c, err
	}
	ok, err := s.canRead(ctx, a, c)
	if err != nil {
		return cert.Certificate{}, err
	}
	if !ok {
		return cert.Certificate{}, notFound("certificate")
	}
	return c, s.log.RecordRead(ctx, audit.Event{Action: "certs.certificate.read", Entity: "certificate", EntityID: c.ID, Details: map[string]any{"person_id": c.PersonID}})
}

// Mine lists the actor's own certificates, valid and revoked, newest
// first; none for an account without a person.
func (s *Service) Mine(ctx context.Context) ([]cert.Certificate, error) {
	a, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	if !core.ValidID(a.PersonID) {
		return []cert.Certificate{}, nil
	}
	var out []cert.Certificate
	err = s.db.Read(ctx, func(ctx context.Context) error {
		var err error
		out, err = s.st.ofPerson(ctx, a.PersonID)
		return err
	})
	return out, err
}

// Verification is what the public verification of a code answers: only
// what the certificate itself shows, and its state.
type Verification struct {
	Found       bool             `json:"found"`
	Certificate cert.Certificate `json:"certificate"`
}

// Verify looks a code up for anyone, signed in or not. An unknown or
// malformed code answers Found false and nothing else. The lookup is
// recorded (it shows a person's name).
func (s *Service) Verify(ctx context.Context, code string) (Verification, error) {
	code = cert.NormalizeCode(code)
	if code == "" {
		return Verification{}, nil
	}
	var c cert.Certificate
	err := s.db.Read(ctx, func(ctx context.Context) error {
		var err error
		c, err = s.st.byCode(ctx, code)
		return err
	})
	if core.IsCode(err, core.NotFound) {
		return Verification{}, nil
	}
	if err != nil {
		return Verification{}, err
	}
	if err := s.log.RecordRead(ctx, audit.Event{Action: "certs.certificate.verify", Entity: "certificate", EntityID: c.ID}); err != nil {
		return Verification{}, err
	}
	return Verification{Found: true, Certificate: c}, nil
}

// List returns an activity's certificates as the actor may see them, by
// name: staff and the activity's trainers all; an ncp those of their
// countries' people (in the query); a participant their own. Anyone else
// gets not_found. The people listed are recorded as a read.
func (s *Service) List(ctx context.Context, activityID string) ([]cert.Certificate, error) {
	a, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	act, _, err := s.activityFacts(ctx, activityID)
	if err != nil {
		return nil, err
	}
	var countries []string // nil: all
	own := false
	switch {
	case a.IsStaff() || trains(act, a.PersonID):
	case len(a.Countries(core.RoleNCP)) > 0:
		countries = a.Countries(core.RoleNCP)
	case core.ValidID(a.PersonID):
		own = true
	default:
		return nil, notFound("activity")
	}
	var out []cert.Certificate
	err = s.db.Read(ctx, func(ctx context.Context) error {
		if own {
			out, err = s.st.list(ctx, `activity_id = ? AND person_id = ? ORDER BY name, id`, act.ID, a.PersonID)
			return err
		}
		out, err = s.st.ofActivity(ctx, act.ID, countries)
		return err
	})
	if err != nil {
		return nil, err
	}
	if own && len(out) == 0 {
		// A person with no certificate of this activity learns nothing
		// about it from the list.
		if seat, err := s.holdsSeat(ctx, act.ID, a.PersonID); err != nil || !seat {
			return nil, notFound("activity")
		}
	}
	if len(out) > 0 {
		ids := make([]string, len(out))
		for i, c := range out {
			ids[i] = c.PersonID
		}
		err = s.log.RecordRead(ctx, audit.Event{Action: "certs.certificates.list", Entity: "activity", EntityID: act.ID, Details: map[string]any{"people": ids}})
	}
	return out, err
}

// trains reports whether personID delivers act.
func trains(act training.Activity, personID string) bool {
	return core.ValidID(personID) && slices.ContainsFunc(act.Trainers, func(t training.Trainer) bool { return t.PersonID == personID })
}

func (s *Service) holdsSeat(ctx context.Context, activityID, personID string) (bool, error) {
	parts, err := s.training.Participants(core.WithActor(ctx, core.SystemActor("certs")), activityID)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(parts.Items, func(p training.Participant) bool { return p.PersonID == personID }), nil
}

// Row is one participant of an activity on its certificates page.
type Row struct {
	training.Participant
	Certificate *cert.Certificate `json:"certificate,omitempty"`
	Withheld    *Withheld         `json:"withheld,omitempty"`
}

// ActivityView is an activity's certificates page: its participants as
// the actor may see them (training's scope), each with their certificate
// or the decision to withhold it, and the counts.
type ActivityView struct {
	Activity  training.Activity
	Final     bool
	Rows      []Row
	Issued    int
	Revoked   int
	Withheld  int
	Pending   int // completed, no certificate, not withheld
	NotDone   int // did not complete
	CanManage bool
}

// Activity reads an activity's certificates page for the actor. An
// observer (who sees no participants) and anyone who may not see the
// activity's participants get not_found.
func (s *Service) Activity(ctx context.Context, activityID, lang string) (ActivityView, error) {
	a, err := reader(ctx)
	if err != nil {
		return ActivityView{}, err
	}
	if !core.ValidID(activityID) {
		return ActivityView{}, notFound("activity")
	}
	act, err := s.training.Activity(ctx, activityID, lang)
	if err != nil {
		return ActivityView{}, err
	}
	parts, err := s.training.Participants(ctx, act.ID)
	if err != nil {
		return ActivityView{}, err
	}
	if parts.AggregateOnly {
		return ActivityView{}, notFound("activity")
	}
	v := ActivityView{Activity: act, Final: parts.Final, CanManage: a.IsStaff() && !a.ReadOnly}
	var certs []cert.Certificate
	var held map[string]Withheld
	err = s.db.Read(ctx, func(ctx context.Context) error {
		var err error
		if certs, err = s.st.list(ctx, `activity_id = ? ORDER BY name, id`, act.ID); err != nil {
			return err
		}
		held, err = s.st.withheld(ctx, act.ID)
		return err
	})
	if err != nil {
		return ActivityView{}, err
	}
	byPerson := make(map[string]cert.Certificate, len(certs))
	for _, c := range certs {
		byPerson[c.PersonID] = c
	}
	for _, p := range parts.Items {
		r := Row{Participant: p}
		if c, ok := byPerson[p.PersonID]; ok {
			r.Certificate = &c
			if c.Status == cert.StatusRevoked {
				v.Revoked++
			} else {
				v.Issued++
			}
		} else if w, ok := held[p.PersonID]; ok {
			r.Withheld = &w
			v.Withheld++
		} else if p.Completed {
			v.Pending++
		} else {
			v.NotDone++
		}
		v.Rows = append(v.Rows, r)
	}
	return v, nil
}
