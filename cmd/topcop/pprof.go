//go:build pprof

// Built with -tags pprof (scripts/load.sh PPROF=1, or by hand), the binary
// serves net/http/pprof on 127.0.0.1:6060 for profiling under load. The
// normal build does not contain it.
package main

import (
	"log"
	"net/http"
	_ "net/http/pprof" //nolint:gosec // loopback only, opt-in build tag
)

func init() {
	go func() {
		log.Println(http.ListenAndServe("127.0.0.1:6060", nil))
	}()
}
