#!/usr/bin/env python3
"""A month of door counts for the baseline benchmark (docs/BENCHMARKS.md, "Baseline"): 40 buses, one message
each every 2 minutes for 30 days from Monday 2 November 2026 (864,000 messages, 73 MB of JSON Lines), loads of
50-57 of 60 seats at 7-9 and 16-18 UTC and 17-23 otherwise. Writes month.jsonl in the working directory."""
import random, json
random.seed(22)
start = 1793577600000  # 2026-11-02T00:00:00Z, a Monday
on = [0]*40
with open('month.jsonl', 'w') as f:
    for step in range(30*24*30):          # every 2 minutes for 30 days
        t = start + step*120000
        hour = (t//3600000) % 24
        for b in range(40):
            target = max(0, (54 if hour in (7, 8, 16, 17) else 20) + random.randint(-3, 3))
            i, o = max(0, target-on[b]), max(0, on[b]-target)
            on[b] = target
            f.write('{"time":%d,"topic":"buses/bus-%02d/door","payload":"{\\"in\\":%d,\\"out\\":%d}"}\n' % (t + b*1000 + 500, b, i, o))
