package audit

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/tabular"
)

// Filter narrows List. Empty fields do not filter.
type Filter struct {
	Actor    string // substring of the actor label (e-mail)
	Action   string // action prefix, e.g. "directory.person"
	Entity   string
	EntityID string
	From, To time.Time
	// ActorExact and ActionExact match Actor (case-insensitively) and
	// Action whole instead.
	ActorExact, ActionExact bool
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
	base, args := f.where()
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
		rows, err := l.db.Query(ctx, `SELECT `+entryColumns+` FROM audit_log`+pageWhere+entryOrder.OrderBy()+` LIMIT ?`, pageArgs...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e Entry
			if err := scanEntry(rows, &e); err != nil {
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

// where is the WHERE clause of f ("" for none) and its arguments.
func (f Filter) where() (string, []any) {
	var where []string
	var args []any
	add := func(c string, arg any) { where, args = append(where, c), append(args, arg) }
	switch {
	case f.Actor != "" && f.ActorExact:
		add("lower(actor_label) = ?", strings.ToLower(f.Actor))
	case f.Actor != "":
		add(db.Contains("lower(actor_label)", strings.ToLower(f.Actor)))
	}
	switch {
	case f.Action != "" && f.ActionExact:
		add("action = ?", f.Action)
	case f.Action != "":
		add(db.HasPrefix("action", f.Action))
	}
	if f.Entity != "" {
		add("entity = ?", f.Entity)
	}
	if f.EntityID != "" {
		add("entity_id = ?", f.EntityID)
	}
	if !f.From.IsZero() {
		add("at >= ?", db.T(&f.From))
	}
	if !f.To.IsZero() {
		add("at < ?", db.T(&f.To))
	}
	if len(where) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

// MaxExport is the most entries Export writes: beyond it the caller is
// asked to narrow the filters.
const MaxExport = 100_000

// Export writes the entries f selects, oldest first, as CSV (formula
// injection escaped by internal/tabular), and records the export. Only
// admins may: anonymous callers get unauthenticated, others forbidden;
// more than MaxExport entries is invalid (narrow the filters). Nothing is
// written to w before the checks pass.
func (l *Log) Export(ctx context.Context, w io.Writer, f Filter) error {
	a := core.ActorFrom(ctx)
	if !a.Authenticated() {
		return core.Errorf(core.Unauthenticated, "sign in to export the audit log")
	}
	if !a.IsAdmin() {
		return core.Errorf(core.Forbidden, "only admins may export the audit log")
	}
	base, args := f.where()
	var rows [][]string
	err := l.db.Read(ctx, func(ctx context.Context) error {
		var n int
		if err := l.db.QueryRow(ctx, `SELECT count(*) FROM audit_log`+base, args...).Scan(&n); err != nil {
			return err
		}
		if n > MaxExport {
			return &core.Error{Code: core.Invalid, Message: fmt.Sprintf("%d entries match, more than %d: narrow the filters", n, MaxExport),
				Fields: []core.FieldError{{Field: "export", Code: "too_many", Param: strconv.Itoa(MaxExport)}}}
		}
		rs, err := l.db.Query(ctx, `SELECT `+entryColumns+` FROM audit_log`+base+` ORDER BY seq`, args...)
		if err != nil {
			return err
		}
		defer rs.Close()
		rows = make([][]string, 0, n)
		for rs.Next() {
			var e Entry
			if err := scanEntry(rs, &e); err != nil {
				return err
			}
			rows = append(rows, []string{strconv.FormatInt(e.Seq, 10), e.At.UTC().Format(time.RFC3339Nano), e.ActorID, e.ActorLabel, e.IP,
				e.Action, e.Entity, e.EntityID, e.Reason, e.Details, e.Hash})
		}
		return rs.Err()
	})
	if err != nil {
		return err
	}
	details := map[string]any{"count": len(rows)}
	if f != (Filter{}) {
		details["filter"] = f
	}
	if err := l.RecordRead(ctx, Event{Action: "audit.log.exported", Entity: "audit_log", Details: details}); err != nil {
		return err
	}
	return tabular.Write(w, tabular.CSV, exportHeader, rows)
}

// exportHeader names the columns of Export.
var exportHeader = []string{"seq", "at", "actor_id", "actor", "ip", "action", "entity", "entity_id", "reason", "details", "hash"}
