package web

import (
	"context"
	"crypto/subtle"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// healthz answers while the process is up.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

// readyz answers 200 when the database is reachable and fully migrated,
// 503 otherwise, so a load balancer only sends traffic to ready replicas.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.deps.DB.Ready(ctx); err != nil {
		s.deps.Logger.Warn("not ready", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("not ready\n"))
		return
	}
	w.Write([]byte("ready\n"))
}

var (
	httpRequests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: "topcop", Name: "http_requests_total", Help: "HTTP requests by route pattern, method and status.",
	}, []string{"route", "method", "code"})
	httpDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: "topcop", Name: "http_request_duration_seconds", Help: "HTTP request latency by route pattern.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
	}, []string{"route"})
)

func init() {
	prometheus.MustRegister(httpRequests, httpDuration)
}

// metricsHandler serves Prometheus metrics, including the database pools,
// to callers that present the configured bearer token (MetricsToken), or
// to anyone when none is configured.
func (s *Server) metricsHandler() http.Handler {
	reg := prometheus.NewRegistry()
	write, read := s.deps.DB.Raw()
	reg.MustRegister(collectors.NewDBStatsCollector(write, "write"))
	if read != write {
		reg.MustRegister(collectors.NewDBStatsCollector(read, "read"))
	}
	h := promhttp.HandlerFor(prometheus.Gatherers{prometheus.DefaultGatherer, reg}, promhttp.HandlerOpts{})
	token := s.deps.Config.MetricsToken
	if token == "" {
		return h
	}
	want := []byte("Bearer " + token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), want) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			http.Error(w, "metrics need the bearer token (TOPCOP_METRICS_TOKEN)", http.StatusUnauthorized)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// Metrics is the handler of /metrics for a listener of its own
// (MetricsAddr), which the server's own address then does not serve. It
// requires the metrics token where one is configured.
func (s *Server) Metrics() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", s.metrics)
	return mux
}
