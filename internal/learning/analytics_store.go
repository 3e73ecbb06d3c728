package learning

import (
	"context"
	"database/sql"

	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/training"
)

// The analytics' SQL. It reads training's nominations, activities,
// courses, course areas and attendance, and directory's people, agencies
// and countries, never writes them.

// seatsQuery reads one row per seat holder (a nomination selected or
// accepted) with their activity and course, their sex and agency type,
// the days they were present among the activity's days, and their first
// submitted score on any form of the activity's pre- and post-test. The
// correlated subqueries walk the attendance key (activity, person, day)
// and tests_activity_kind_form then submissions_test_person: a few index
// probes per participant, whatever the size of the tables.
const seatsQuery = `SELECT n.activity_id, n.country_code, p.sex, ag.type,
	a.course_id, a.starts_on, a.ends_on, a.status, a.completion_rate, c.code, c.title,
	(SELECT count(*) FROM attendance t WHERE t.activity_id = n.activity_id AND t.person_id = n.person_id
		AND t.present = ? AND t.day >= a.starts_on AND t.day <= a.ends_on),
	(SELECT s.score FROM tests k JOIN submissions s ON s.test_id = k.id
		WHERE k.activity_id = n.activity_id AND k.kind = ? AND s.person_id = n.person_id AND s.submitted_at IS NOT NULL AND s.score IS NOT NULL
		ORDER BY s.submitted_at, k.form LIMIT 1),
	(SELECT s.score FROM tests k JOIN submissions s ON s.test_id = k.id
		WHERE k.activity_id = n.activity_id AND k.kind = ? AND s.person_id = n.person_id AND s.submitted_at IS NOT NULL AND s.score IS NOT NULL
		ORDER BY s.submitted_at, k.form LIMIT 1)
	FROM nominations n JOIN activities a ON a.id = n.activity_id JOIN courses c ON c.id = a.course_id
	JOIN people p ON p.id = n.person_id JOIN agencies ag ON ag.id = p.agency_id`

// analyticsSeats reads the seat holders matching where (conditions over
// nominations n, activities a, courses c), by activity start date, and
// the activities they hold seats on, in that order.
func (st *store) analyticsSeats(ctx context.Context, where []db.Cond) ([]seatRow, []activityMeta, error) {
	conds := append([]db.Cond{{SQL: "n.status IN (?, ?)", Args: []any{string(training.NomSelected), string(training.NomAccepted)}}}, where...)
	w, wargs := db.Where(conds)
	args := append([]any{true, string(TestPre), string(TestPost)}, wargs...)
	rows, err := st.db.Query(ctx, seatsQuery+w+` ORDER BY a.starts_on, a.id`, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	seats := []seatRow{}
	var metas []activityMeta
	for rows.Next() {
		var r seatRow
		var m activityMeta
		var pre, post sql.NullFloat64
		if err := rows.Scan(&r.activityID, &r.country, &r.sex, &r.agencyType, &m.courseID, &m.startsOn, &m.endsOn, &m.status,
			&m.completionRate, &m.courseCode, &m.courseTitle, &r.daysPresent, &pre, &post); err != nil {
			return nil, nil, db.Err(err)
		}
		if pre.Valid {
			r.pre = &pre.Float64
		}
		if post.Valid {
			r.post = &post.Float64
		}
		if len(metas) == 0 || metas[len(metas)-1].id != r.activityID {
			m.id = r.activityID
			metas = append(metas, m)
		}
		seats = append(seats, r)
	}
	return seats, metas, db.Err(rows.Err())
}

// countryKnown reports whether code is a country of the directory.
func (st *store) countryKnown(ctx context.Context, code string) (bool, error) {
	var n int
	err := st.db.QueryRow(ctx, `SELECT count(*) FROM countries WHERE code = ?`, code).Scan(&n)
	return n > 0, db.Err(err)
}

// areaKnown reports whether code is a crime area of the taxonomy,
// archived or not (older courses keep the codes of past cycles).
func (st *store) areaKnown(ctx context.Context, code string) (bool, error) {
	var n int
	err := st.db.QueryRow(ctx, `SELECT count(*) FROM crime_areas WHERE code = ?`, code).Scan(&n)
	return n > 0, db.Err(err)
}
