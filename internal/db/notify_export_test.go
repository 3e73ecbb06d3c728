package db

// ListenerPID is the backend process id of the invalidation listener's
// connection while it listens, 0 otherwise (and on SQLite).
func (d *DB) ListenerPID() uint32 {
	if d.notify == nil {
		return 0
	}
	return d.notify.pid.Load()
}

// Heard is how many invalidations of other processes the listener acted
// upon.
func (d *DB) Heard() uint64 {
	if d.notify == nil {
		return 0
	}
	return d.notify.heard.Load()
}
