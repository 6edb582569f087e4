package casework

import (
	"context"
	"time"
)

// SequenceStore allocates daily case-number sequences.
type SequenceStore interface {
	// NextCaseSequence returns the next sequence number for a code and day,
	// starting at 1, unique however many callers ask at once.
	NextCaseSequence(ctx context.Context, implCode, day string) (int, error)
}

// Numberer issues case numbers.
type Numberer struct {
	store SequenceStore
	loc   *time.Location // the calendar day of a case is the local day
}

// NewNumberer returns a Numberer that dates case numbers in loc (Asia/Shanghai
// for a Chinese install).
func NewNumberer(store SequenceStore, loc *time.Location) *Numberer {
	return &Numberer{store: store, loc: loc}
}

// Next issues the next case number for an implementation code at time at.
func (n *Numberer) Next(ctx context.Context, implCode string, at time.Time) (string, error) {
	day := at.In(n.loc)
	seq, err := n.store.NextCaseSequence(ctx, implCode, day.Format("20060102"))
	if err != nil {
		return "", err
	}
	return FormatCaseNumber(implCode, day, seq)
}
