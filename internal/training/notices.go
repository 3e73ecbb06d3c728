package training

// Notifications of every step (issue 8 §7): the call opened (to the ncps
// of the countries with seats), the selection confirmed (to each selected
// and reserve nominee, and a summary to each country's ncps), an
// invitation for a selected person without an account, a promotion from
// the reserve, the answers (accept, decline, withdraw) and a
// cancellation. Reminders are in reminders.go.
//
// Every notice is sent by the use case itself, inside its write
// transaction (notify.Service.Send joins it): a mail exists exactly when
// the change commits, and a change that rolls back leaves none. A mail is
// written in its recipient's language: an account's own (notify reads it
// from Mail.AccountID), else, for a person without an account, the first
// of their directory languages that is a UI language, else the language
// of their country, else English. The notices are skipped when the
// service has no mail (unit tests that build it alone) and for the demo
// data set's activities, which mail nobody.

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/notify"
)

// The mail templates of training; each is also the catalogue prefix of
// its subject and body (<name>.subject, <name>.body, in the
// <lang>.mail.toml files).
const (
	mailCallOpened         = "training.mail.call_opened"
	mailSelected           = "training.mail.selected"
	mailSelectedInvitation = "training.mail.selected_invitation"
	mailPromoted           = "training.mail.promoted"
	mailPromotedInvitation = "training.mail.promoted_invitation"
	mailReserve            = "training.mail.reserve"
	mailSummary            = "training.mail.selection_summary"
	mailAccepted           = "training.mail.accepted"
	mailAnswerNCP          = "training.mail.answer_ncp"
	mailOnBehalf           = "training.mail.answer_on_behalf"
	mailCancelled          = "training.mail.cancelled"
	mailRemindRespond      = "training.mail.reminder_respond"
	mailRemindStart        = "training.mail.reminder_start"
)

// mailNames lists them, for Register.
var mailNames = []string{mailCallOpened, mailSelected, mailSelectedInvitation, mailPromoted, mailPromotedInvitation,
	mailReserve, mailSummary, mailAccepted, mailAnswerNCP, mailOnBehalf, mailCancelled, mailRemindRespond, mailRemindStart}

// MailTemplates are training's mail templates by name, for
// notify.Service.Register with the module's locales (Module.Build).
func MailTemplates() map[string]notify.Template {
	out := make(map[string]notify.Template, len(mailNames))
	for _, n := range mailNames {
		out[n] = mailTemplate(n)
	}
	return out
}

// --- template data that is written in the recipient's language ---

// mailDay is a date "YYYY-MM-DD", shown in the language's convention.
type mailDay string

// mailDays is an activity's first and last day.
type mailDays struct{ from, to string }

// mailPlace is where an activity takes place.
type mailPlace struct {
	online        bool
	city, country string
}

// inLang is a text per language ("en" the fallback): a course title.
type inLang map[string]string

// msgKey is a catalogue message without arguments.
type msgKey string

// nameList is a list of names, one a line ("none" when empty).
type nameList []string

// mailTemplate renders the catalogue messages key.subject and key.body
// with data, a map whose values of the types above are first written in
// the localizer's language. Like notify.MessageTemplate, it touches
// nothing but the catalogue.
func mailTemplate(key string) notify.Template {
	return func(l *i18n.Localizer, data any) (notify.Content, error) {
		d, ok := data.(map[string]any)
		if !ok && data != nil {
			return notify.Content{}, fmt.Errorf("training: mail %s: data is %T, want map[string]any", key, data)
		}
		if !l.Has(key+".subject") || !l.Has(key+".body") {
			return notify.Content{}, fmt.Errorf("training: mail %s: the catalogue lacks its subject or body", key)
		}
		args := make([]any, 0, 2*len(d))
		for k, v := range d {
			args = append(args, k, localize(l, v))
		}
		return notify.Content{Subject: l.T(key+".subject", args...), Text: l.T(key+".body", args...)}, nil
	}
}

// localize writes v in l's language when its type says how.
func localize(l *i18n.Localizer, v any) any {
	switch x := v.(type) {
	case mailDay:
		if t, err := time.Parse(time.DateOnly, string(x)); err == nil {
			return l.Date(t)
		}
		return string(x)
	case mailDays:
		from, to := localize(l, mailDay(x.from)), localize(l, mailDay(x.to))
		if x.from == x.to {
			return from
		}
		return l.T("training.dates.range", "From", from, "To", to)
	case time.Time:
		return l.DateTime(x.UTC())
	case mailPlace:
		switch {
		case x.online:
			return l.T("training.mail.online")
		case x.country != "":
			return x.city + " (" + x.country + ")"
		}
		return x.city
	case inLang:
		if t := x[l.Lang()]; t != "" {
			return t
		}
		return x["en"]
	case msgKey:
		return l.T(string(x))
	case nameList:
		if len(x) == 0 {
			return l.T("training.mail.none")
		}
		return "- " + strings.Join(x, "\n- ")
	}
	return v
}

// --- recipients ---

// countryLang is the language of each partner country, for people
// without an account whose directory languages include no UI language.
var countryLang = map[string]string{"GE": "ka", "AM": "hy", "AZ": "az", "MD": "ro", "UA": "uk"}

// personLang is the language to write to a person without an account
// in: the first of their languages that is a UI language, else their
// country's, else English.
func personLang(languages []string, country string) string {
	return PersonLang(languages, country)
}

// PersonLang is the language to write to a person in when their account
// names none: the first of their languages that is a UI language, else
// their country's, else English (certificates use it for their second
// language).
func PersonLang(languages []string, country string) string {
	for _, l := range languages {
		if slices.Contains(auth.Languages, l) {
			return l
		}
	}
	if l := countryLang[country]; l != "" {
		return l
	}
	return "en"
}

// addressee is how a person of the directory is reached: their account,
// else their directory e-mail (empty: not at all).
type addressee struct {
	name, email, lang string
	account           auth.Account // ID "" when none
}

// reachable reports whether a mail can reach the person.
func (a addressee) reachable() bool { return a.account.ID != "" || a.email != "" }

// key identifies the recipient, to mail each once.
func (a addressee) key() string {
	if a.account.ID != "" {
		return "account:" + a.account.ID
	}
	return "email:" + strings.ToLower(a.email)
}

// mail addresses m to a (which must be reachable).
func (a addressee) mail(m notify.Mail) notify.Mail {
	if a.account.ID != "" {
		m.AccountID = a.account.ID
		return m
	}
	m.To, m.Name, m.Lang = a.email, a.name, a.lang
	return m
}

// personContact is what mail needs of a person of the directory.
type personContact struct {
	name, email, country string
	languages            []string
}

// personContact reads a person's name, e-mail, country and languages (to
// address mail; nothing is shown).
func (st *store) personContact(ctx context.Context, personID string) (personContact, error) {
	var c personContact
	var given, family, langs string
	err := st.db.QueryRow(ctx, `SELECT given_name, family_name, email, country_code, languages FROM people WHERE id = ?`, personID).
		Scan(&given, &family, &c.email, &c.country, &langs)
	c.name, c.languages = strings.TrimSpace(given+" "+family), splitList(langs)
	return c, db.NotFound(err, "person")
}

// addresseeOf finds how to reach a person: their account, else their
// directory e-mail.
func (s *Service) addresseeOf(ctx context.Context, personID string) (addressee, error) {
	c, err := s.st.personContact(ctx, personID)
	if err != nil {
		return addressee{}, err
	}
	a := addressee{name: c.name, email: strings.TrimSpace(c.email), lang: personLang(c.languages, c.country)}
	acc, ok, err := s.accounts.AccountOfPerson(ctx, personID)
	if err != nil {
		return addressee{}, err
	}
	if ok {
		a.account = acc
	}
	return a, nil
}

// ncps are the accounts of the national contact points of country (and
// those with a global scope), except the actor's own: they know.
func (s *Service) ncps(ctx context.Context, country string) ([]auth.Account, error) {
	list, err := s.accounts.Recipients(ctx, core.RoleNCP, country)
	if err != nil {
		return nil, err
	}
	self := core.ActorFrom(ctx).AccountID
	return slices.DeleteFunc(list, func(a auth.Account) bool { return self != "" && a.ID == self }), nil
}

// notices reports whether act's steps are notified.
func (s *Service) notices(act Activity) bool {
	return s.mail != nil && s.accounts != nil && !act.Demo
}

// send queues one mail in the transaction of ctx.
func (s *Service) send(ctx context.Context, m notify.Mail) error {
	_, err := s.mail.Send(ctx, m)
	return err
}

// activityLink is the page a notice about act links to.
func activityLink(act Activity) string { return "/training/activities/" + act.ID }

// facts are the template data every notice about act carries: Activity
// (the course title in the recipient's language), Code, Dates, Where.
func (s *Service) facts(ctx context.Context, act Activity) (map[string]any, error) {
	c, err := s.st.course(ctx, act.CourseID)
	if err != nil {
		return nil, err
	}
	titles := inLang{"en": c.Title}
	for l, t := range c.Titles {
		titles[l] = t
	}
	return map[string]any{
		"Activity": titles, "Code": c.Code, "Dates": mailDays{act.StartsOn, act.EndsOn},
		"Where": mailPlace{online: act.Online, city: act.City, country: act.CountryCode},
	}, nil
}

// with returns a copy of base with more pairs (name, value, …).
func with(base map[string]any, kv ...any) map[string]any {
	out := make(map[string]any, len(base)+len(kv)/2)
	for k, v := range base {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

// --- the call ---

// noticeCallOpened tells the ncps of each country with seats that the
// call of act is open: their seats and the deadline.
func (s *Service) noticeCallOpened(ctx context.Context, act Activity) error {
	if !s.notices(act) {
		return nil
	}
	base, err := s.facts(ctx, act)
	if err != nil {
		return err
	}
	for _, c := range sortedKeys(act.Seats) {
		if act.Seats[c] <= 0 {
			continue
		}
		list, err := s.ncps(ctx, c)
		if err != nil {
			return err
		}
		for _, acc := range list {
			if err := s.send(ctx, notify.Mail{AccountID: acc.ID, Template: mailCallOpened,
				Data: with(base, "Seats", act.Seats[c], "Country", c, "Deadline", act.CallDeadline),
				Link: activityLink(act) + "/nominations"}); err != nil {
				return err
			}
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// --- selection, promotion ---

// How a selected or reserve nominee was reached.
const (
	reachedAccount = "account"  // their account
	reachedInvited = "invited"  // an invitation to their directory e-mail
	reachedEmail   = "email"    // their directory e-mail
	reachedNone    = "no_email" // no account and no e-mail: nobody was mailed
)

// noticeSelection mails the outcome of a confirmed selection: each
// selected nominee (inviting those without an account), each reserve,
// and to each country's ncps a summary of the country's outcome.
func (s *Service) noticeSelection(ctx context.Context, act Activity, p Proposal, respondBy string) error {
	if !s.notices(act) {
		return nil
	}
	base, err := s.facts(ctx, act)
	if err != nil {
		return err
	}
	type summary struct{ selected, reserve, unreached nameList }
	byCountry := map[string]*summary{}
	for _, it := range p.Items {
		sum := byCountry[it.CountryCode]
		if sum == nil {
			sum = &summary{}
			byCountry[it.CountryCode] = sum
		}
		var how string
		if it.Outcome == OutcomeReserve {
			sum.reserve = append(sum.reserve, fmt.Sprintf("%s (%d)", it.Name, it.ReserveRank))
			how, err = s.noticeReserve(ctx, act, base, it.PersonID, it.ReserveRank)
		} else {
			sum.selected = append(sum.selected, it.Name)
			how, err = s.noticeSelected(ctx, act, base, it.PersonID, respondBy, false)
		}
		if err != nil {
			return err
		}
		if how == reachedNone {
			sum.unreached = append(sum.unreached, it.Name)
		}
	}
	for _, c := range sortedKeys(byCountry) {
		sum := byCountry[c]
		list, err := s.ncps(ctx, c)
		if err != nil {
			return err
		}
		for _, acc := range list {
			if err := s.send(ctx, notify.Mail{AccountID: acc.ID, Template: mailSummary,
				Data: with(base, "Country", c, "Selected", sum.selected, "Reserve", sum.reserve,
					"Unreached", sum.unreached, "HasUnreached", len(sum.unreached) > 0, "RespondBy", mailDay(respondBy)),
				Link: activityLink(act) + "/nominations"}); err != nil {
				return err
			}
		}
	}
	return nil
}

// noticeSelected tells a selected (or, promoted, a promoted) person to
// accept or decline by respondBy: through their account; else by an
// invitation to their directory e-mail, whose link lets them set a
// password; else (that e-mail belongs to an account of no person) by an
// ordinary mail to it. It reports how the person was reached.
func (s *Service) noticeSelected(ctx context.Context, act Activity, base map[string]any, personID, respondBy string, promoted bool) (string, error) {
	to, err := s.addresseeOf(ctx, personID)
	if err != nil {
		return "", err
	}
	tpl, invTpl := mailSelected, mailSelectedInvitation
	if promoted {
		tpl, invTpl = mailPromoted, mailPromotedInvitation
	}
	data := with(base, "Name", to.name, "RespondBy", mailDay(respondBy))
	switch {
	case to.account.ID != "":
		return reachedAccount, s.send(ctx, to.mail(notify.Mail{Template: tpl, Data: data, Link: activityLink(act)}))
	case to.email == "":
		return reachedNone, nil
	}
	expires := invitationExpiry(act, respondBy, s.now())
	// The actor of the use case invites (the audit trail names them):
	// auth lets any signed-in writer do it from inside a use case.
	token, err := s.accounts.Invite(ctx, auth.InvitationInput{PersonID: personID, Email: to.email, Name: to.name,
		Lang: to.lang, ExpiresAt: expires, Reason: fmt.Sprintf("training.selected %s (%s)", act.ID, base["Code"])})
	switch {
	case core.IsCode(err, core.Conflict), core.IsCode(err, core.Invalid):
		// The address is an account's that is no person's (or the
		// directory's entry is one auth refuses to invite): mail it.
		return reachedEmail, s.send(ctx, to.mail(notify.Mail{Template: tpl, Data: data, Link: activityLink(act)}))
	case err != nil:
		return "", err
	}
	return reachedInvited, s.send(ctx, to.mail(notify.Mail{Template: invTpl, Data: with(data, "Expires", expires),
		Link: "/invitation/" + token}))
}

// invitationExpiry is when an invitation sent now for an answer by
// respondBy expires: the end of that day where the activity takes place,
// at least 3 and at most 30 days from now.
func invitationExpiry(act Activity, respondBy string, now time.Time) time.Time {
	loc, err := time.LoadLocation(act.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	end := now.AddDate(0, 0, 3)
	if d, err := time.ParseInLocation(time.DateOnly, respondBy, loc); err == nil {
		end = d.AddDate(0, 0, 1).Add(-time.Second)
	}
	if lo := now.AddDate(0, 0, 3); end.Before(lo) {
		end = lo
	}
	// An hour short of auth's 30-day limit, which it checks on its own clock.
	if hi := now.AddDate(0, 0, 30).Add(-time.Hour); end.After(hi) {
		end = hi
	}
	return end.UTC().Truncate(time.Second)
}

// noticeReserve tells a person they are on the reserve list at rank.
// It reports how they were reached (never by invitation: a reserve has
// nothing to answer yet).
func (s *Service) noticeReserve(ctx context.Context, act Activity, base map[string]any, personID string, rank int) (string, error) {
	to, err := s.addresseeOf(ctx, personID)
	if err != nil {
		return "", err
	}
	if !to.reachable() {
		return reachedNone, nil
	}
	how := reachedEmail
	if to.account.ID != "" {
		how = reachedAccount
	}
	return how, s.send(ctx, to.mail(notify.Mail{Template: mailReserve, Data: with(base, "Name", to.name, "Rank", rank),
		Link: activityLink(act)}))
}

// promotedRespondBy is the answer date of a person promoted now: the
// activity's, or 3 days from now if later, but not after the start.
func promotedRespondBy(act Activity, now time.Time) string {
	d := max(act.RespondBy, now.AddDate(0, 0, 3).Format(time.DateOnly))
	return min(d, act.StartsOn)
}

// noticePromoted tells the person of n, promoted from the reserve, that
// they have a seat (inviting them if they have no account).
func (s *Service) noticePromoted(ctx context.Context, act Activity, n Nomination, now time.Time) error {
	if !s.notices(act) {
		return nil
	}
	base, err := s.facts(ctx, act)
	if err != nil {
		return err
	}
	_, err = s.noticeSelected(ctx, act, base, n.PersonID, cmpOr(n.RespondBy, promotedRespondBy(act, now)), true)
	return err
}

// --- answers ---

// noticeAnswer tells of an answer to nomination n (as it was before,
// now in status to): an acceptance is confirmed to the person (if they
// have an account); a decline or withdrawal is told to the country's
// ncps; an answer recorded on the person's behalf after the selection
// told them their outcome is told to the person, with the reason (a
// nomination withdrawn before the selection is the ncp's own business).
func (s *Service) noticeAnswer(ctx context.Context, act Activity, n Nomination, to NominationStatus, reason string, onBehalf bool) error {
	if !s.notices(act) {
		return nil
	}
	base, err := s.facts(ctx, act)
	if err != nil {
		return err
	}
	person, err := s.addresseeOf(ctx, n.PersonID)
	if err != nil {
		return err
	}
	status := msgKey("training.nomination_status." + string(to))
	if to != NomAccepted {
		list, err := s.ncps(ctx, n.CountryCode)
		if err != nil {
			return err
		}
		for _, acc := range list {
			if err := s.send(ctx, notify.Mail{AccountID: acc.ID, Template: mailAnswerNCP,
				Data: with(base, "Name", n.Name, "Country", n.CountryCode, "Status", status, "Reason", reason),
				Link: activityLink(act) + "/nominations"}); err != nil {
				return err
			}
		}
	}
	switch {
	case onBehalf && n.Status != NomNominated && person.reachable():
		return s.send(ctx, person.mail(notify.Mail{Template: mailOnBehalf,
			Data: with(base, "Name", person.name, "Status", status, "Reason", reason), Link: activityLink(act)}))
	case to == NomAccepted && person.account.ID != "":
		return s.send(ctx, person.mail(notify.Mail{Template: mailAccepted, Data: with(base, "Name", person.name),
			Link: activityLink(act)}))
	}
	return nil
}

// --- cancellation ---

// noticeCancelled tells everyone concerned that act is cancelled, once
// each: the nominees still in the running (nominated, selected, accepted,
// reserve), its trainers with an account, and the ncps of the countries
// with seats.
func (s *Service) noticeCancelled(ctx context.Context, act Activity, reason string) error {
	if !s.notices(act) {
		return nil
	}
	base, err := s.facts(ctx, act)
	if err != nil {
		return err
	}
	data := with(base, "Reason", reason)
	sent := map[string]bool{}
	mail := func(to addressee) error {
		if !to.reachable() || sent[to.key()] {
			return nil
		}
		sent[to.key()] = true
		return s.send(ctx, to.mail(notify.Mail{Template: mailCancelled, Data: with(data, "Name", to.name), Link: activityLink(act)}))
	}
	noms, err := s.st.nominations(ctx, db.Cond{SQL: "n.activity_id = ? AND n.status IN (?, ?, ?, ?)",
		Args: []any{act.ID, string(NomNominated), string(NomSelected), string(NomAccepted), string(NomReserve)}})
	if err != nil {
		return err
	}
	for _, n := range noms {
		to, err := s.addresseeOf(ctx, n.PersonID)
		if err != nil {
			return err
		}
		if err := mail(to); err != nil {
			return err
		}
	}
	for _, t := range act.Trainers {
		to, err := s.addresseeOf(ctx, t.PersonID)
		if err != nil {
			return err
		}
		if to.account.ID == "" { // trainers are told through their account only
			continue
		}
		if err := mail(to); err != nil {
			return err
		}
	}
	for _, c := range sortedKeys(act.Seats) {
		if act.Seats[c] <= 0 {
			continue
		}
		list, err := s.ncps(ctx, c)
		if err != nil {
			return err
		}
		for _, acc := range list {
			if err := mail(addressee{name: acc.Name, account: acc}); err != nil {
				return err
			}
		}
	}
	return nil
}

// --- mail about activities, for the capabilities built on training ---

// MailTemplate is a mail template like training's own for another
// capability's mail about an activity: the catalogue messages key.subject
// and key.body, with the facts MailPerson adds (Activity, Code, Dates,
// Where, Name) written in the recipient's language. Register it with
// training's catalogue beside the capability's own (Module.Locales), whose
// messages the facts use.
func MailTemplate(key string) notify.Template { return mailTemplate(key) }

// MailPerson sends, in the write transaction of ctx, the mail template
// (a MailTemplate) about act to a person of the directory: to their
// account, else their directory address, in their language (see
// notices.go), with data, the activity's facts and the person's Name;
// link is the page it is about. It reports whether it sent it: nothing is
// sent for an unreachable person, for the demo data set's activities or
// by a service without mail.
func (s *Service) MailPerson(ctx context.Context, act Activity, personID, template, link string, data map[string]any) (bool, error) {
	if !s.notices(act) {
		return false, nil
	}
	to, err := s.addresseeOf(ctx, personID)
	if err != nil || !to.reachable() {
		return false, err
	}
	base, err := s.facts(ctx, act)
	if err != nil {
		return false, err
	}
	m := notify.Mail{Template: template, Data: with(with(base, "Name", to.name), flatten(data)...), Link: link}
	return true, s.send(ctx, to.mail(m))
}

// flatten is m as name, value pairs (for with).
func flatten(m map[string]any) []any {
	out := make([]any, 0, 2*len(m))
	for k, v := range m {
		out = append(out, k, v)
	}
	return out
}

// MailDay is a date (YYYY-MM-DD) in mail data that MailTemplate writes in
// the recipient's language.
func MailDay(date string) any { return mailDay(date) }
