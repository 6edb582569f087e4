package app

import (
	"context"
	"time"
)

// sessionPurgeInterval is how often ended sessions are deleted. Expired sessions
// are refused at once whatever this is; purging only keeps the table small.
const sessionPurgeInterval = 10 * time.Minute

// RunJobs runs the periodic housekeeping until ctx ends.
func (a *App) RunJobs(ctx context.Context) {
	t := time.NewTicker(sessionPurgeInterval)
	defer t.Stop()
	for {
		if n, err := a.Identity.PurgeSessions(ctx); err != nil && ctx.Err() == nil {
			a.Log.Warn("purge sessions", "err", err)
		} else if n > 0 {
			a.Log.Info("purged ended sessions", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
