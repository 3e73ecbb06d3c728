package notify

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"maragu.dev/goqite"

	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
)

// The job queue is goqite's table (migrations/): a job is a row whose
// body is the outbox id; it is due when its timeout has passed. A worker
// receives a due job in one short transaction that moves its timeout
// ahead by the visibility window, so no other worker (of this process or
// another replica) receives it meanwhile; it extends the window while the
// send runs, then, in one transaction with the outcome written to the
// outbox, deletes the job (sent, failed) or moves its timeout to the next
// attempt (backoff).
//
// Jobs are written with the caller's transaction through db (goqite's
// own SendTx wants a *sql.Tx, which db keeps to itself); receiving and
// extending go through goqite on the pool that writes: the single writer
// connection on SQLite, the pool on PostgreSQL, where goqite receives in
// a SERIALIZABLE transaction so two replicas cannot take the same job.

// goqiteTime is goqite's timestamp format: SQLite compares its timeouts
// as text, so jobs written here must use it exactly.
const goqiteTime = "2006-01-02T15:04:05.000Z07:00"

// queue writes and reads the mail jobs.
type queue struct {
	db *db.DB
}

func newQueue(d *db.DB) *queue { return &queue{db: d} }

func goqiteStamp(t time.Time) string { return t.UTC().Format(goqiteTime) }

// enqueueTx adds the job of outbox mail id, due at due, in the write
// transaction of ctx.
func (q *queue) enqueueTx(ctx context.Context, id string, due time.Time) error {
	t := goqiteStamp(due)
	_, err := q.db.Exec(ctx, `INSERT INTO goqite (id, created, queue, body, timeout, received, priority) VALUES (?, ?, ?, ?, ?, 0, 0)`,
		core.NewID(), t, queueName, []byte(id), t)
	return core.Wrap(err, "notify: enqueue mail")
}

// deleteTx removes job jobID in the write transaction of ctx.
func (q *queue) deleteTx(ctx context.Context, jobID goqite.ID) error {
	_, err := q.db.Exec(ctx, `DELETE FROM goqite WHERE queue = ? AND id = ?`, queueName, string(jobID))
	return err
}

// delayTx makes job jobID due at due, in the write transaction of ctx.
func (q *queue) delayTx(ctx context.Context, jobID goqite.ID, due time.Time) error {
	_, err := q.db.Exec(ctx, `UPDATE goqite SET timeout = ? WHERE queue = ? AND id = ?`, goqiteStamp(due), queueName, string(jobID))
	return err
}

// pending counts the jobs not done yet (due or not).
func (q *queue) pending(ctx context.Context) (int, error) {
	var n int
	err := q.db.QueryRow(ctx, `SELECT count(*) FROM goqite WHERE queue = ?`, queueName).Scan(&n)
	return n, db.Err(err)
}

// WorkerOptions tune the worker. Zero fields take the defaults.
type WorkerOptions struct {
	// Workers is how many mails are sent at once (default 4).
	Workers int
	// Poll is how often an idle worker looks for due mail (default 1s).
	// Mail queued by this process wakes it at once.
	Poll time.Duration
	// Visibility is how long a received job stays hidden from other
	// workers; it is extended every third of it while its send runs
	// (default 2m).
	Visibility time.Duration
	// SendTimeout bounds one delivery attempt (default 1m; at most half
	// of Visibility).
	SendTimeout time.Duration
	// RetryBase and RetryMax shape the backoff: attempt n waits
	// RetryBase·2^(n−1), at most RetryMax, ±20% (defaults 30s and 1h).
	RetryBase, RetryMax time.Duration
	// MaxAttempts is how many attempts a mail gets before it is failed
	// (default 10: about 8.5 hours with the default backoff).
	MaxAttempts int
	// Grace is how long StopWorker waits for sends under way before it
	// cancels them (default 10s); a cancelled job is due again at once.
	Grace time.Duration
}

// DefaultWorkerOptions are production's.
func DefaultWorkerOptions() WorkerOptions { return WorkerOptions{}.withDefaults() }

func (o WorkerOptions) withDefaults() WorkerOptions {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if o.Workers <= 0 {
		o.Workers = 4
	}
	def(&o.Poll, time.Second)
	def(&o.Visibility, 2*time.Minute)
	def(&o.SendTimeout, time.Minute)
	o.SendTimeout = min(o.SendTimeout, o.Visibility/2)
	def(&o.RetryBase, 30*time.Second)
	def(&o.RetryMax, time.Hour)
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 10
	}
	def(&o.Grace, 10*time.Second)
	return o
}

// backoff is the wait after the attempt-th failed attempt (1-based).
func (o WorkerOptions) backoff(attempt int) time.Duration {
	d := o.RetryBase
	for i := 1; i < attempt && d < o.RetryMax; i++ {
		d *= 2
	}
	d = min(d, o.RetryMax)
	jitter := time.Duration(float64(d) * 0.2 * (2*rand.Float64() - 1))
	return max(d+jitter, time.Millisecond)
}

// StartWorker starts delivering queued mail with o. Without a relay it
// does nothing (mail stays in the outbox). Errors: a worker is already
// running.
func (s *Service) StartWorker(o WorkerOptions) error {
	if s.mailer == nil {
		return nil
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if s.worker != nil {
		return errors.New("notify: the worker is already running")
	}
	w := newWorker(s, o.withDefaults())
	s.worker, s.wopts = w, w.o
	w.start()
	return nil
}

// StopWorker stops the worker, if one runs: no job is taken any more,
// sends under way get WorkerOptions.Grace to finish, then are cancelled
// (their jobs are due again at once, for this or another replica).
func (s *Service) StopWorker() {
	s.wmu.Lock()
	w := s.worker
	s.worker = nil
	s.wmu.Unlock()
	if w != nil {
		w.stop()
	}
}

// Pending counts the mails whose delivery is not finished (queued for a
// first attempt or a retry, or being sent). System or admin only.
func (s *Service) Pending(ctx context.Context) (int, error) {
	if !core.ActorFrom(ctx).IsAdmin() {
		return 0, core.Errorf(core.Forbidden, "only admins may look at the mail queue")
	}
	return s.queue.pending(ctx)
}

// Drain waits until no mail is left to deliver, polling every interval
// (0: 10ms), or until ctx ends (its error). With a worker running it
// waits for the worker; without one it delivers the due mail itself, in
// the caller's goroutine (tests run the queue synchronously this way).
// Mail waiting for a retry counts as left. System or admin only; never
// inside a transaction (on SQLite the worker needs the writer).
func (s *Service) Drain(ctx context.Context, interval time.Duration) error {
	if interval <= 0 {
		interval = 10 * time.Millisecond
	}
	for {
		n, err := s.Pending(ctx)
		if err != nil || n == 0 {
			return err
		}
		s.wmu.Lock()
		running := s.worker != nil
		s.wmu.Unlock()
		if !running {
			if _, err := s.RunDue(ctx); err != nil {
				return err
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(interval):
		}
	}
}

// RunDue delivers, one after the other in the caller's goroutine, every
// mail that is due now, and returns how many jobs it took (each a
// delivery attempt, unless its mail was done already). It takes jobs like
// the worker does, so it is safe beside running workers. The options of
// the last StartWorker apply (the defaults if none). System or admin
// only; never inside a transaction (it writes in transactions of its
// own).
func (s *Service) RunDue(ctx context.Context) (int, error) {
	if !core.ActorFrom(ctx).IsAdmin() {
		return 0, core.Errorf(core.Forbidden, "only admins may run the mail queue")
	}
	if s.mailer == nil {
		return 0, nil
	}
	s.wmu.Lock()
	o := s.wopts
	s.wmu.Unlock()
	if o == (WorkerOptions{}) {
		o = DefaultWorkerOptions()
	}
	w := newWorker(s, o)
	defer w.cancel()
	w.ctx = ctx
	n := 0
	for {
		m, err := w.receive()
		switch {
		case ctx.Err() != nil:
			return n, ctx.Err()
		case busy(err):
			continue
		case err != nil:
			return n, err
		case m == nil:
			return n, nil
		}
		w.handle(m)
		n++
	}
}

// worker delivers mail: Workers goroutines each taking one due job at a
// time.
type worker struct {
	s  *Service
	o  WorkerOptions
	gq *goqite.Queue

	ctx    context.Context // cancelled when the grace period is over
	cancel context.CancelFunc
	quit   chan struct{} // closed: take no more jobs
	wakeC  chan struct{}
	wg     sync.WaitGroup
}

func newWorker(s *Service, o WorkerOptions) *worker {
	write, _ := s.db.Raw()
	flavor := goqite.SQLFlavorSQLite
	if s.db.Dialect == db.Postgres {
		flavor = goqite.SQLFlavorPostgreSQL
	}
	ctx, cancel := context.WithCancel(core.WithActor(context.Background(), core.SystemActor("notify")))
	return &worker{
		s: s, o: o, ctx: ctx, cancel: cancel,
		// MaxReceive is a backstop only: the worker itself fails a mail
		// after MaxAttempts and deletes its job.
		gq:    goqite.New(goqite.NewOpts{DB: write, Name: queueName, SQLFlavor: flavor, Timeout: o.Visibility, MaxReceive: 1 << 20}),
		quit:  make(chan struct{}),
		wakeC: make(chan struct{}, o.Workers),
	}
}

func (w *worker) start() {
	for range w.o.Workers {
		w.wg.Add(1)
		go w.loop()
	}
}

func (w *worker) stop() {
	close(w.quit)
	done := make(chan struct{})
	go func() { w.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(w.o.Grace):
		w.cancel()
		<-done
	}
	w.cancel()
}

// wake makes idle goroutines look for jobs now.
func (w *worker) wake() {
	for range w.o.Workers {
		select {
		case w.wakeC <- struct{}{}:
		default:
			return
		}
	}
}

func (w *worker) stopping() bool {
	select {
	case <-w.quit:
		return true
	default:
		return false
	}
}

func (w *worker) loop() {
	defer w.wg.Done()
	for !w.stopping() {
		m, err := w.receive()
		switch {
		case errors.Is(err, errClosed):
			return
		case busy(err):
			// Another worker took the job first (PostgreSQL refuses the
			// second serializable claim): try again soon.
			w.idle(time.Duration(1+rand.IntN(20)) * time.Millisecond)
			continue
		case err != nil:
			if w.stopping() {
				return
			}
			w.s.logger.Warn("notify: receive mail job", "err", err)
			w.idle(w.o.Poll)
			continue
		case m == nil:
			w.idle(w.o.Poll)
			continue
		}
		w.handle(m)
	}
}

// idle waits d, or less if woken or stopped.
func (w *worker) idle(d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-w.quit:
	case <-w.wakeC:
	case <-t.C:
	}
}

// receive takes one due job, or nil when none is due.
func (w *worker) receive() (*goqite.Message, error) {
	m, err := w.gq.Receive(w.ctx)
	if err != nil {
		if isClosed(err) || w.ctx.Err() != nil {
			return nil, errClosed
		}
		return nil, db.Err(err)
	}
	return m, nil
}

// handle makes one delivery attempt of job m and records its outcome.
func (w *worker) handle(m *goqite.Message) {
	ctx := w.ctx
	id := string(m.Body)
	if !core.ValidID(id) {
		w.finish(m, id, attempt{}, nil)
		return
	}
	o, err := getOutbox(ctx, w.s.db, id)
	switch {
	case core.IsCode(err, core.NotFound), err == nil && o.Status != StatusQueued:
		// Done already (a job left behind by a crash between the send
		// and its record), or the mail is gone: drop the job.
		w.finish(m, id, attempt{}, nil)
		return
	case err != nil:
		w.s.logger.Warn("notify: read queued mail", "mail", id, "err", err)
		return // due again when its visibility window ends
	}
	sendErr := w.send(m, o)
	if sendErr != nil && w.ctx.Err() != nil {
		// Stopped mid-send: let another worker take it at once.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if err := w.gq.Extend(rctx, m.ID, 0); err != nil && !isClosed(err) {
			w.s.logger.Warn("notify: release mail job", "mail", id, "err", err)
		}
		return
	}
	now := w.s.now()
	a := attempt{at: now, status: StatusSent}
	switch {
	case sendErr == nil:
	case IsPermanent(sendErr) || o.Attempts+1 >= w.o.MaxAttempts:
		a.status, a.lastError = StatusFailed, errorText(sendErr)
	default:
		a.status, a.lastError = StatusQueued, errorText(sendErr)
		a.next = now.Add(w.o.backoff(o.Attempts + 1))
	}
	w.finish(m, id, a, sendErr)
}

// send runs one delivery attempt, extending the job's visibility while
// it runs.
func (w *worker) send(m *goqite.Message, o Outbox) error {
	hctx, stop := context.WithCancel(w.ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(w.o.Visibility / 3)
		defer t.Stop()
		for {
			select {
			case <-hctx.Done():
				return
			case <-t.C:
				if err := w.gq.Extend(hctx, m.ID, w.o.Visibility); err != nil && hctx.Err() == nil {
					w.s.logger.Warn("notify: extend mail job", "mail", o.ID, "err", err)
				}
			}
		}
	}()
	sctx, cancel := context.WithTimeout(w.ctx, w.o.SendTimeout)
	err := w.s.mailer.Send(sctx, o)
	cancel()
	stop()
	<-done
	return err
}

// finish records the outcome a of mail id and, in the same transaction,
// deletes job m or (a retry) makes it due at a.next. A zero a only drops
// the job. It tries a few times: a send recorded nowhere would be sent
// again.
func (w *worker) finish(m *goqite.Message, id string, a attempt, sendErr error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(w.ctx), 30*time.Second)
	defer cancel()
	var err error
	for try := range 5 {
		err = w.s.db.Write(ctx, func(ctx context.Context) error {
			if a.status == "" {
				return w.s.queue.deleteTx(ctx, m.ID)
			}
			ok, err := recordAttempt(ctx, w.s.db, id, a)
			if err != nil {
				return err
			}
			if !ok {
				return w.s.queue.deleteTx(ctx, m.ID)
			}
			if a.status == StatusQueued {
				if err := w.s.queue.delayTx(ctx, m.ID, a.next); err != nil {
					return err
				}
			} else if err := w.s.queue.deleteTx(ctx, m.ID); err != nil {
				return err
			}
			ev := audit.Event{Action: "notify.mail." + a.status, Entity: "mail", EntityID: id}
			if a.status == StatusQueued {
				ev.Action = "notify.mail.retry"
			}
			if a.lastError != "" {
				ev.Details = map[string]any{"error": a.lastError}
				if a.status == StatusQueued {
					ev.Details["next_attempt_at"] = a.next.UTC().Format(time.RFC3339)
				}
			}
			return w.s.log.Record(ctx, ev)
		})
		if err == nil || !busy(err) {
			break
		}
		time.Sleep(time.Duration(10*(try+1)) * time.Millisecond)
	}
	switch {
	case err != nil && !isClosed(err):
		w.s.logger.Error("notify: record mail attempt", "mail", id, "status", a.status, "err", err)
	case err != nil:
	case a.status == StatusSent:
		w.s.stats.sent.Add(1)
	case a.status == StatusFailed:
		w.s.stats.failed.Add(1)
		w.s.logger.Warn("notify: mail failed", "mail", id, "err", sendErr)
	case a.status == StatusQueued:
		w.s.stats.retried.Add(1)
		w.s.logger.Info("notify: mail attempt failed, will retry", "mail", id, "next", a.next, "err", sendErr)
	}
}

// errorText is an error as the outbox keeps it: one line, bounded.
func errorText(err error) string {
	if err == nil {
		return ""
	}
	s := strings.Join(strings.Fields(err.Error()), " ")
	if len(s) > 1000 {
		s = s[:1000] + "…"
	}
	return s
}

// busy reports whether err is a conflict with a concurrent transaction
// (serialization failure, SQLite busy), which a retry resolves.
func busy(err error) bool { return err != nil && core.IsCode(db.Err(err), core.Unavailable) }

// isClosed reports whether err says the database was closed.
func isClosed(err error) bool {
	return err != nil && (errors.Is(err, errClosed) || strings.Contains(err.Error(), "sql: database is closed"))
}
