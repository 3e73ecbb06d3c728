package audit

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
)

// Filter narrows List. Empty fields do not filter.
type Filter struct {
	Actor    string // substring of the actor label (e-mail)
	Action   string // action prefix, e.g. "directory.person"
	Entity   string
	EntityID string
	From, To time.Time
}

// entryOrder is the keyset of the log: newest first, by sequence number.
var entryOrder = db.Keyset{Keys: []db.Key{{Expr: "seq", Kind: db.KeyInt}}, Desc: true}

// List returns entries newest first. Only admins may browse the log:
// anonymous callers get unauthenticated, others forbidden. The log holds
// personal data (who did what, from which address), so browsing it is
// itself recorded.
func (l *Log) List(ctx context.Context, f Filter, p core.PageRequest) (core.List[Entry], error) {
	a := core.ActorFrom(ctx)
	if !a.Authenticated() {
		return core.List[Entry]{}, core.Errorf(core.Unauthenticated, "sign in to browse the audit log")
	}
	if !a.IsAdmin() {
		return core.List[Entry]{}, core.Errorf(core.Forbidden, "only admins may browse the audit log")
	}
	if p.Limit <= 0 {
		p.Limit = core.DefaultLimit
	}
	p.Limit = min(p.Limit, core.MaxLimit)
	var where []string
	var args []any
	if f.Actor != "" {
		c, arg := db.Contains("lower(actor_label)", strings.ToLower(f.Actor))
		where, args = append(where, c), append(args, arg)
	}
	if f.Action != "" {
		c, arg := db.HasPrefix("action", f.Action)
		where, args = append(where, c), append(args, arg)
	}
	if f.Entity != "" {
		where = append(where, "entity = ?")
		args = append(args, f.Entity)
	}
	if f.EntityID != "" {
		where = append(where, "entity_id = ?")
		args = append(args, f.EntityID)
	}
	if !f.From.IsZero() {
		where = append(where, "at >= ?")
		args = append(args, db.T(&f.From))
	}
	if !f.To.IsZero() {
		where = append(where, "at < ?")
		args = append(args, db.T(&f.To))
	}
	base := ""
	if len(where) > 0 {
		base = " WHERE " + strings.Join(where, " AND ")
	}
	var out core.List[Entry]
	out.Items = []Entry{}
	err := l.db.Read(ctx, func(ctx context.Context) error {
		if err := l.db.QueryRow(ctx, `SELECT count(*) FROM audit_log`+base, args...).Scan(&out.Total); err != nil {
			return err
		}
		pageWhere, pageArgs := base, append([]any{}, args...)
		if p.Cursor != "" {
			seek, seekArgs, err := entryOrder.Seek(p.Cursor)
			if err != nil {
				return err
			}
			if pageWhere == "" {
				pageWhere = " WHERE " + seek
			} else {
				pageWhere += " AND " + seek
			}
			pageArgs = append(pageArgs, seekArgs...)
		}
		pageArgs = append(pageArgs, p.Limit+1)
		rows, err := l.db.Query(ctx, `SELECT seq, id, at, actor_id, actor_label, action, entity, entity_id, ip, reason, details, prev_hash, hash
			FROM audit_log`+pageWhere+entryOrder.OrderBy()+` LIMIT ?`, pageArgs...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e Entry
			if err := rows.Scan(&e.Seq, &e.ID, db.T(&e.At), &e.ActorID, &e.ActorLabel, &e.Action, &e.Entity, &e.EntityID, &e.IP, &e.Reason, &e.Details, &e.PrevHash, &e.Hash); err != nil {
				return err
			}
			out.Items = append(out.Items, e)
		}
		return rows.Err()
	})
	if err != nil {
		return out, err
	}
	if len(out.Items) > p.Limit {
		out.Items = out.Items[:p.Limit]
		out.Next = entryOrder.Cursor(strconv.FormatInt(out.Items[len(out.Items)-1].Seq, 10))
	}
	details := map[string]any{"count": len(out.Items)}
	if f != (Filter{}) {
		details["filter"] = f
	}
	if err := l.RecordRead(ctx, Event{Action: "audit.log.browsed", Entity: "audit_log", Details: details}); err != nil {
		return core.List[Entry]{}, err
	}
	return out, nil
}
