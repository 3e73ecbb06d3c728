#!/usr/bin/env python3
# Times the portfolio analytics page (issue 9): signs in (default the demo observer),
# then GETs /learning/analytics with no filter and four filters, 11 times each, and prints
# the first time and the median of the next ten. Serve a demo first, e.g.
#   topcop demo --db sqlite:/tmp/l100.db --scale 100 && topcop serve --db sqlite:/tmp/l100.db --addr 127.0.0.1:18091
# Usage: scripts/analytics-bench.py http://127.0.0.1:18091 [email]
import sys, time, re, statistics, urllib.request, urllib.parse, http.cookiejar
base = sys.argv[1]; email = sys.argv[2] if len(sys.argv) > 2 else "observer@demo.example.org"
cj = http.cookiejar.CookieJar()
op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cj))
page = op.open(base + "/login").read().decode()
form = {"email": email, "password": "topcop-demo-2026"}
for name, val in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page):
    form[name] = val
op.open(base + "/login", data=urllib.parse.urlencode(form).encode())
filters = ["", "?country=GE", "?from=2025-01-01&to=2025-12-31", "?level=advanced&format=residential", "?area=DRUGS"]
for f in filters:
    times = []
    for i in range(11):
        t = time.time(); r = op.open(base + "/learning/analytics" + f); body = r.read(); times.append((time.time() - t) * 1000)
        assert r.status == 200
    print(f"{f or '(none)':40s} first {times[0]:8.1f} ms  median of next 10 {statistics.median(times[1:]):7.1f} ms  bytes {len(body)}")
