package db

import (
	"context"
	"database/sql"
	"sync"
	"time"
)

// stmtCache holds prepared statements of one pool by query text.
// database/sql prepares a cached statement on each connection the first
// time it runs there and reuses it after, inside transactions too
// (Tx.StmtContext). Queries are built from fixed fragments, so the set is
// small; past maxStmts the cache stops growing.
//
// A statement is prepared in the background, never by the caller: the
// caller may hold the only connection of its pool (SQLite's writer, or
// every reader under load), and preparing on the pool needs a free one.
// Until it is ready, queries run unprepared.
type stmtCache struct {
	pool    *sql.DB
	mu      sync.RWMutex
	stmts   map[string]*sql.Stmt
	pending map[string]bool
	closed  bool
	// preparing counts the preparations in flight: close waits for them,
	// so that none opens a connection (and, on SQLite, its files) after
	// the database is closed.
	preparing sync.WaitGroup
}

const maxStmts = 1000

func newStmtCache(pool *sql.DB) *stmtCache {
	return &stmtCache{pool: pool, stmts: make(map[string]*sql.Stmt), pending: make(map[string]bool)}
}

// get returns the prepared statement for query, or nil (after starting
// its preparation) when there is none yet.
func (c *stmtCache) get(query string) *sql.Stmt {
	c.mu.RLock()
	s := c.stmts[query]
	c.mu.RUnlock()
	if s != nil {
		return s
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed || c.pending[query] || c.stmts[query] != nil || len(c.stmts)+len(c.pending) >= maxStmts {
		return c.stmts[query]
	}
	c.pending[query] = true
	c.preparing.Add(1)
	go c.prepare(query)
	return nil
}

func (c *stmtCache) prepare(query string) {
	defer c.preparing.Done()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := c.pool.PrepareContext(ctx, query)
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.pending, query)
	switch {
	case err != nil:
		// Not cached; the query runs unprepared and reports its own error.
	case c.closed:
		s.Close()
	default:
		c.stmts[query] = s
	}
}

func (c *stmtCache) close() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	c.preparing.Wait()
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.stmts {
		s.Close()
	}
	c.stmts = map[string]*sql.Stmt{}
}
