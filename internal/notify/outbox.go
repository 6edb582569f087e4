package notify

import (
	"context"
	"log/slog"
	"time"
)

// batchSize bounds one pass of the worker, so a backlog is worked off in
// short passes rather than one long one.
const batchSize = 50

// Deliver hands every due copy to its channel's Sender, outside any
// transaction, and records the outcome: sent, or another attempt later with
// back-off (30s, 1m, 2m… capped at an hour) until MaxAttempts, then failed.
// It reports how many were sent.
func (m *Manager) Deliver(ctx context.Context) (int, error) {
	due, err := m.store.DueOutgoing(ctx, m.now(), batchSize)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, o := range due {
		attempts := o.Attempts + 1
		if err := m.senders[o.Channel].Send(ctx, o); err != nil {
			wait := min(30*time.Second<<min(attempts-1, 7), time.Hour)
			msg := err.Error()
			if len(msg) > 500 {
				msg = msg[:500]
			}
			if err := m.store.OutgoingFailed(ctx, o.ID, attempts, m.now().Add(wait), msg, attempts >= m.maxAttempts); err != nil {
				return sent, err
			}
			continue
		}
		if err := m.store.OutgoingSent(ctx, o.ID, attempts, m.now()); err != nil {
			return sent, err
		}
		sent++
	}
	return sent, nil
}

// Run delivers due copies every interval until ctx ends; app starts it in a
// goroutine. A failing pass is logged and the loop goes on.
func (m *Manager) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := m.Deliver(ctx); err != nil && ctx.Err() == nil {
				m.log.Warn("notice delivery", "err", err)
			}
		}
	}
}

// LogSender is the channel of an install without an SMS gateway or mail
// server: it writes one log line with the masked address and counts the copy
// as sent. The text is not logged, since it may name the applicant's case.
type LogSender struct{ Log *slog.Logger }

// Send logs the copy.
func (s LogSender) Send(ctx context.Context, o Outgoing) error {
	s.Log.InfoContext(ctx, "notice sent", "channel", string(o.Channel), "to", o.MaskedAddress, "notice", o.NoticeID)
	return nil
}
