package training

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
)

// Private calendar feeds (issue 8, the calendar): every account may get a
// secret URL, /training/calendar/feed/<token>.ics, that calendar clients
// fetch without a session. The token is 256 random bits; only its SHA-256
// is stored (calendar_feeds), like API tokens and sessions. Resetting the
// URL revokes the old token, so its URL answers 404 from then on; turning
// the feed off revokes it without a new one. Each fetch is audited as a
// read of the account's data, attributed to the account.

// FeedPrefix starts every feed token, so that a leaked one is
// recognisable and no other kind of secret is taken for one.
const FeedPrefix = "tcal_"

// feedSecretBytes is the entropy of a feed token.
const feedSecretBytes = 32

var feedSecretLen = base64.RawURLEncoding.EncodedLen(feedSecretBytes)

// Feed is the state of an account's private feed, as the calendar page
// shows it. The token itself is never kept: ResetFeed returns it once.
type Feed struct {
	Active    bool
	CreatedAt time.Time
	UsedAt    time.Time // last fetched (to the hour); zero when never
}

// Feeds runs the private calendar feeds: the tokens (here) and what a
// feed holds (feedActivities). It reads accounts through the accounts
// service, to know whose feed a token is and what that account may see.
type Feeds struct {
	svc      *Service
	accounts *auth.Service
	// now is the clock (tests may set it).
	now func() time.Time
}

// NewFeeds returns the feeds over svc, resolving accounts with accounts.
func NewFeeds(svc *Service, accounts *auth.Service) *Feeds {
	return &Feeds{svc: svc, accounts: accounts, now: time.Now}
}

// feedOwner admits an account acting for itself (a session, or a token
// that may write): the feed belongs to the account of ctx.
func feedOwner(ctx context.Context, write bool) (core.Actor, error) {
	a := core.ActorFrom(ctx)
	switch {
	case !a.Authenticated() || a.AccountID == "":
		return a, core.Errorf(core.Unauthenticated, "sign in to manage your calendar feed")
	case write && a.ReadOnly:
		return a, core.Errorf(core.Forbidden, "this token is read-only")
	}
	return a, nil
}

// Status returns the state of the feed of the account of ctx (any
// signed-in account, for itself).
func (f *Feeds) Status(ctx context.Context) (Feed, error) {
	a, err := feedOwner(ctx, false)
	if err != nil {
		return Feed{}, err
	}
	var out Feed
	err = f.svc.db.QueryRow(ctx, `SELECT created_at, used_at FROM calendar_feeds WHERE account_id = ? AND revoked_at IS NULL`, a.AccountID).
		Scan(db.T(&out.CreatedAt), db.T(&out.UsedAt))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return Feed{}, nil
	case err != nil:
		return Feed{}, db.Err(err)
	}
	out.Active = true
	return out, nil
}

// Reset makes a new feed token for the account of ctx (any signed-in
// account that may write, for itself), revoking the one it had: the old
// URL answers 404 from now on. It returns the token, once; only its hash
// is stored. Audited as training.calendar_feed.create (or .reset).
func (f *Feeds) Reset(ctx context.Context) (string, Feed, error) {
	a, err := feedOwner(ctx, true)
	if err != nil {
		return "", Feed{}, err
	}
	token, hash, err := newFeedToken()
	if err != nil {
		return "", Feed{}, err
	}
	id, now := core.NewID(), db.Now()
	err = f.svc.db.Write(ctx, func(ctx context.Context) error {
		res, err := f.svc.db.Exec(ctx, `UPDATE calendar_feeds SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL`, db.T(&now), a.AccountID)
		if err != nil {
			return err
		}
		action := "create"
		if n, _ := res.RowsAffected(); n > 0 {
			action = "reset"
		}
		if _, err := f.svc.db.Exec(ctx, `INSERT INTO calendar_feeds (id, account_id, token_hash, created_at) VALUES (?, ?, ?, ?)`,
			id, a.AccountID, hash, db.T(&now)); err != nil {
			return err
		}
		return f.svc.log.Record(ctx, audit.Event{Action: "training.calendar_feed." + action, Entity: "calendar_feed", EntityID: id})
	})
	if err != nil {
		return "", Feed{}, err
	}
	return token, Feed{Active: true, CreatedAt: now}, nil
}

// Revoke turns the feed of the account of ctx off (any signed-in account
// that may write, for itself); doing it twice changes nothing. Audited as
// training.calendar_feed.revoke.
func (f *Feeds) Revoke(ctx context.Context) error {
	a, err := feedOwner(ctx, true)
	if err != nil {
		return err
	}
	now := db.Now()
	return f.svc.db.Write(ctx, func(ctx context.Context) error {
		var id string
		err := f.svc.db.QueryRow(ctx, `SELECT id FROM calendar_feeds WHERE account_id = ? AND revoked_at IS NULL`, a.AccountID).Scan(&id)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return nil
		case err != nil:
			return db.Err(err)
		}
		if _, err := f.svc.db.Exec(ctx, `UPDATE calendar_feeds SET revoked_at = ? WHERE id = ?`, db.T(&now), id); err != nil {
			return err
		}
		return f.svc.log.Record(ctx, audit.Event{Action: "training.calendar_feed.revoke", Entity: "calendar_feed", EntityID: id})
	})
}

// FeedCalendar is what one fetch of a feed yields: the events and when
// the newest of them changed.
type FeedCalendar struct {
	Activities []Activity
	Revisions  map[string]int // activity id → SEQUENCE
}

// Calendar resolves a feed token (anyone may call it: the token is the
// credential) and returns what the feed holds for its account, as that
// account may see it. A malformed, unknown or revoked token, or one of a
// disabled account, is not_found. ip and userAgent describe the fetch,
// which is audited (training.calendar_feed.read) as a read by the
// account.
func (f *Feeds) Calendar(ctx context.Context, token, ip, userAgent string) (FeedCalendar, error) {
	if !wellFormedFeedToken(token) {
		return FeedCalendar{}, notFound("calendar feed")
	}
	var id, accountID string
	var usedAt time.Time
	err := f.svc.db.QueryRow(ctx, `SELECT id, account_id, used_at FROM calendar_feeds WHERE token_hash = ? AND revoked_at IS NULL`,
		hashFeedToken(token)).Scan(&id, &accountID, db.T(&usedAt))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return FeedCalendar{}, notFound("calendar feed")
	case err != nil:
		return FeedCalendar{}, db.Err(err)
	}
	// The account reads itself: the token stands for it, as a session would.
	self := core.Actor{AccountID: accountID, IP: ip, UserAgent: userAgent}
	acc, err := f.accounts.Account(core.WithActor(ctx, self), accountID)
	switch {
	case core.IsCode(err, core.NotFound):
		return FeedCalendar{}, notFound("calendar feed")
	case err != nil:
		return FeedCalendar{}, err
	case acc.Disabled:
		return FeedCalendar{}, notFound("calendar feed")
	}
	actor := core.Actor{AccountID: acc.ID, PersonID: acc.PersonID, Name: acc.Name, Email: acc.Email, Grants: acc.Grants,
		ReadOnly: true, IP: ip, UserAgent: userAgent}
	ctx = core.WithActor(ctx, actor)
	now := f.now().UTC()
	acts, err := f.feedActivities(ctx, actor, now)
	if err != nil {
		return FeedCalendar{}, err
	}
	ids := make([]string, len(acts))
	for i, a := range acts {
		ids[i] = a.ID
	}
	revs, err := f.svc.revisions(ctx, ids)
	if err != nil {
		return FeedCalendar{}, err
	}
	if err := f.svc.log.RecordRead(ctx, audit.Event{Action: "training.calendar_feed.read", Entity: "calendar_feed", EntityID: id,
		Details: map[string]any{"events": len(acts)}}); err != nil {
		return FeedCalendar{}, err
	}
	// "Last fetched" to the hour: not a write on every poll.
	if now.Sub(usedAt) >= time.Hour {
		stamp := now.Truncate(time.Hour)
		err := f.svc.db.Write(ctx, func(ctx context.Context) error {
			_, err := f.svc.db.Exec(ctx, `UPDATE calendar_feeds SET used_at = ? WHERE id = ?`, db.T(&stamp), id)
			return err
		})
		if err != nil {
			return FeedCalendar{}, err
		}
	}
	return FeedCalendar{Activities: acts, Revisions: revs}, nil
}

// Feed window and size: activities that ended up to feedPast ago, and at
// most feedMax of them (calendar clients poll the whole feed).
const (
	feedPast = 365 * 24 * time.Hour
	feedMax  = 2000
)

// feedActivities is the part of the calendar an account's feed carries,
// and the one place that decides it:
//
//   - staff (coordinators, admins): every activity that is not cancelled;
//   - everyone else: the activities that concern them (ActivityFilter.Mine:
//     those they deliver as a trainer, those they are nominated for and
//     have not withdrawn from or declined, and for an ncp those with seats
//     for their country).
//
// Either way a cancelled activity that has not ended yet stays in, marked
// STATUS:CANCELLED, so that calendars that already show it drop it; past
// cancelled ones leave the feed. Only activities that ended less than
// feedPast ago are in it, by start date, at most feedMax.
func (f *Feeds) feedActivities(ctx context.Context, a core.Actor, now time.Time) ([]Activity, error) {
	today := now.Format(time.DateOnly)
	filter := ActivityFilter{From: now.Add(-feedPast).Format(time.DateOnly), Mine: !a.IsStaff()}
	var out []Activity
	p := core.PageRequest{Limit: core.MaxLimit}
	for len(out) < feedMax {
		list, err := f.svc.ListActivities(ctx, filter, p)
		if err != nil {
			return nil, err
		}
		for _, act := range list.Items {
			if act.Status == StatusCancelled && act.EndsOn < today {
				continue
			}
			out = append(out, act)
		}
		if list.Next == "" {
			break
		}
		p.Cursor = list.Next
	}
	if len(out) > feedMax {
		out = out[:feedMax]
	}
	return out, nil
}

// newFeedToken returns a fresh feed token and its hash.
func newFeedToken() (token, hash string, err error) {
	b := make([]byte, feedSecretBytes)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	token = FeedPrefix + base64.RawURLEncoding.EncodeToString(b)
	return token, hashFeedToken(token), nil
}

// hashFeedToken is the hex SHA-256 of a token: 256 random bits need no
// salt or slow hash.
func hashFeedToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// wellFormedFeedToken reports whether token has the exact shape of a feed
// token; anything else is refused before it reaches the database.
func wellFormedFeedToken(token string) bool {
	body, ok := strings.CutPrefix(token, FeedPrefix)
	if !ok || len(body) != feedSecretLen {
		return false
	}
	_, err := base64.RawURLEncoding.Strict().DecodeString(body)
	return err == nil
}
