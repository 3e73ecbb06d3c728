package audit

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
)

// appender batches read entries from concurrent requests: the first entry
// opens a batch, which closes after `window` or at `max` entries, and is
// written in one transaction; each request waits for its batch's result.
type appender struct {
	log    *Log
	window time.Duration
	max    int
	in     chan request
	done   chan struct{}
	once   sync.Once
	wg     sync.WaitGroup
}

type request struct {
	actor core.Actor
	ev    Event
	at    time.Time
	res   chan error
}

func newAppender(l *Log, window time.Duration, max int) *appender {
	a := &appender{log: l, window: window, max: max, in: make(chan request, 4*max), done: make(chan struct{})}
	a.wg.Add(1)
	go a.loop()
	return a
}

func (a *appender) append(ctx context.Context, actor core.Actor, ev Event) error {
	r := request{actor: actor, ev: ev, at: db.Now(), res: make(chan error, 1)}
	select {
	case a.in <- r:
	case <-a.done:
		return core.Errorf(core.Unavailable, "audit: appender stopped")
	case <-ctx.Done():
		return core.Errorf(core.Unavailable, "audit: %v", ctx.Err())
	}
	// Wait for the batch even if ctx ends: the entry may already be
	// committed, and the caller must not show data whose read failed to log.
	return <-r.res
}

func (a *appender) loop() {
	defer a.wg.Done()
	for {
		var first request
		select {
		case first = <-a.in:
		case <-a.done:
			// Drain what is queued, then stop.
			for {
				select {
				case r := <-a.in:
					a.flush([]request{r})
				default:
					return
				}
			}
		}
		batch := []request{first}
		timer := time.NewTimer(a.window)
	collect:
		for len(batch) < a.max {
			select {
			case r := <-a.in:
				batch = append(batch, r)
			case <-timer.C:
				break collect
			}
		}
		timer.Stop()
		a.flush(batch)
	}
}

func (a *appender) flush(batch []request) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := a.log.db.Write(ctx, func(ctx context.Context) error {
		for _, r := range batch {
			if err := a.log.record(ctx, r.actor, r.ev, r.at); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		slog.Error("audit: group commit failed", "entries", len(batch), "err", err)
	}
	batchSize.Observe(float64(len(batch)))
	for _, r := range batch {
		r.res <- err
	}
}

func (a *appender) close() {
	a.once.Do(func() { close(a.done) })
	a.wg.Wait()
}
