package sqldb

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// timeLayout is fixed-width UTC with microseconds, so SQLite TEXT columns sort
// chronologically and PostgreSQL parses the same string into TIMESTAMPTZ.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// Time is a timestamp column on either engine: TIMESTAMPTZ on PostgreSQL, TEXT on
// SQLite. Values are written in UTC with microsecond precision (PostgreSQL's).
type Time struct{ time.Time }

// T wraps t for use as a query argument.
func T(t time.Time) Time { return Time{t} }

// Value encodes the time as text both engines understand.
func (t Time) Value() (driver.Value, error) {
	return t.UTC().Truncate(time.Microsecond).Format(timeLayout), nil
}

// Scan accepts a time.Time (PostgreSQL) or its text form (SQLite).
func (t *Time) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		t.Time = v.UTC()
		return nil
	case string:
		return t.parse(v)
	case []byte:
		return t.parse(string(v))
	case nil:
		return fmt.Errorf("sqldb.Time: NULL; use NullTime")
	}
	return fmt.Errorf("sqldb.Time: cannot scan %T", src)
}

func (t *Time) parse(s string) error {
	for _, layout := range []string{timeLayout, time.RFC3339Nano, "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05"} {
		if p, err := time.Parse(layout, s); err == nil {
			t.Time = p.UTC()
			return nil
		}
	}
	return fmt.Errorf("sqldb.Time: unparseable %q", s)
}

// NullTime is a nullable timestamp column.
type NullTime struct {
	Time  time.Time
	Valid bool
}

// NT wraps a possibly-zero time: the zero time is stored as NULL.
func NT(t time.Time) NullTime { return NullTime{Time: t, Valid: !t.IsZero()} }

// Value encodes NULL or the time.
func (n NullTime) Value() (driver.Value, error) {
	if !n.Valid {
		return nil, nil
	}
	return Time{n.Time}.Value()
}

// Scan accepts NULL or anything Time accepts.
func (n *NullTime) Scan(src any) error {
	if src == nil {
		n.Time, n.Valid = time.Time{}, false
		return nil
	}
	var t Time
	if err := t.Scan(src); err != nil {
		return err
	}
	n.Time, n.Valid = t.Time, true
	return nil
}
