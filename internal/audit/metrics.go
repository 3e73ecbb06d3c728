package audit

import "github.com/prometheus/client_golang/prometheus"

var batchSize = prometheus.NewHistogram(prometheus.HistogramOpts{
	Namespace: "topcop",
	Subsystem: "audit",
	Name:      "read_batch_size",
	Help:      "Entries per group commit of audited reads.",
	Buckets:   []float64{1, 2, 4, 8, 16, 32, 64, 128, 256},
})

func init() { prometheus.MustRegister(batchSize) }
