package db

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// TimeLayout is how timestamps are written: UTC, microseconds, fixed
// width, so that SQLite text sorts chronologically and PostgreSQL
// timestamptz parses it to the same instant.
const TimeLayout = "2006-01-02T15:04:05.000000Z"

// Time adapts time.Time for both engines: as an argument it is the
// TimeLayout string (NULL for the zero time); as a scan target it accepts
// time.Time (PostgreSQL), strings in TimeLayout or SQLite's own layouts,
// and NULL (leaving the zero time).
type Time struct{ T *time.Time }

// T wraps t for use as a query argument or scan destination.
func T(t *time.Time) Time { return Time{T: t} }

// Value implements driver.Valuer.
func (t Time) Value() (driver.Value, error) {
	if t.T == nil || t.T.IsZero() {
		return nil, nil
	}
	return t.T.UTC().Format(TimeLayout), nil
}

// Scan implements sql.Scanner.
func (t Time) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*t.T = time.Time{}
		return nil
	case time.Time:
		*t.T = v.UTC().Truncate(time.Microsecond)
		return nil
	case string:
		return t.parse(v)
	case []byte:
		return t.parse(string(v))
	}
	return fmt.Errorf("db.Time: cannot scan %T", src)
}

func (t Time) parse(s string) error {
	for _, layout := range []string{TimeLayout, time.RFC3339Nano, "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05"} {
		if p, err := time.Parse(layout, s); err == nil {
			*t.T = p.UTC()
			return nil
		}
	}
	return fmt.Errorf("db.Time: cannot parse %q", s)
}

// Now returns the current time as stored: UTC, microsecond precision.
func Now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }
