package web

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// maxForwardedHops bounds how many X-Forwarded-For entries clientIP walks.
const maxForwardedHops = 32

// clientIP is the address of the client of r, as the throttle, the
// sessions list and the audit log record it.
func (s *Server) clientIP(r *http.Request) string {
	return clientAddr(r, s.deps.Config.TrustedProxies)
}

// clientAddr is the client address of r. It is the peer address unless
// the peer is one of the trusted proxies; then X-Forwarded-For is read
// from the right (the end the proxies append to) and the first hop that is
// not a trusted proxy is the client. Hops to its left were written by the
// client itself and are never believed. A hop that is not an address ends
// the walk at the last trusted one, so that a forged entry cannot pass for
// the client. Without trusted proxies X-Forwarded-For is ignored.
func clientAddr(r *http.Request, trusted []netip.Prefix) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	cur := peer.WithZone("").Unmap()
	if len(trusted) == 0 || !isTrusted(cur, trusted) {
		return cur.String()
	}
	hops := forwardedHops(r.Header.Values("X-Forwarded-For"))
	for i := len(hops) - 1; i >= 0 && i >= len(hops)-maxForwardedHops; i-- {
		a, ok := parseHop(hops[i])
		if !ok {
			break
		}
		cur = a
		if !isTrusted(cur, trusted) {
			break
		}
	}
	return cur.String()
}

// forwardedHops splits the X-Forwarded-For headers, in order, into their
// comma-separated entries.
func forwardedHops(values []string) []string {
	var out []string
	for _, v := range values {
		for hop := range strings.SplitSeq(v, ",") {
			out = append(out, strings.TrimSpace(hop))
		}
	}
	return out
}

// parseHop reads one X-Forwarded-For entry: an address, or an address
// with a port ("192.0.2.1:4711", "[2001:db8::1]:4711"), as some proxies
// write it.
func parseHop(s string) (netip.Addr, bool) {
	if a, err := netip.ParseAddr(s); err == nil {
		return a.WithZone("").Unmap(), true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().WithZone("").Unmap(), true
	}
	return netip.Addr{}, false
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
