package certs

import (
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
)

// limiter bounds the public verification requests per client address: a
// token bucket per address (burst, then rate per minute), kept for the
// most recent addresses only, so that nobody can walk the code space or
// flood the audit chain through the public pages. Each replica keeps its
// own buckets; behind a load balancer the limit is per replica.
type limiter struct {
	mu      sync.Mutex
	buckets *lru.Cache[string, *bucket]
	burst   float64
	perSec  float64
	now     func() time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
}

// Verification limits: 30 at once, then 30 a minute per address.
const (
	verifyBurst     = 30
	verifyPerMinute = 30
)

func newLimiter(burst, perMinute int) *limiter {
	c, _ := lru.New[string, *bucket](65536)
	return &limiter{buckets: c, burst: float64(burst), perSec: float64(perMinute) / 60, now: time.Now}
}

// allow takes a token for addr; when none is left it reports how long
// until one is.
func (l *limiter) allow(addr string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b, ok := l.buckets.Get(addr)
	if !ok {
		b = &bucket{tokens: l.burst, at: now}
		l.buckets.Add(addr, b)
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.at).Seconds()*l.perSec)
	b.at = now
	if b.tokens < 1 {
		wait := time.Duration((1 - b.tokens) / l.perSec * float64(time.Second))
		return false, wait
	}
	b.tokens--
	return true, 0
}
