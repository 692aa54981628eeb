#!/usr/bin/env python3
"""Turns a JMH JSON result of FmaPeakBench/SgemmBench/AttentionBench into a GFLOP/s and %-of-peak table."""
import json
import sys

LANES = 16
rows = json.load(open(sys.argv[1]))
peak = {}
for r in rows:
    name = r["benchmark"].rsplit(".", 1)[1]
    if name.startswith("fma"):
        us = r["primaryMetric"]["score"]
        t = r["threads"]
        flops = 16 * 2 * LANES * 100_000
        peak[t] = flops / (us * 1e-6) / 1e9 * t
for t, g in sorted(peak.items()):
    print(f"FMA peak, {t} thread(s): {g:.1f} GFLOP/s")
print()
print("| kernel | shape | threads | time (us) | GFLOP/s | % of peak |")
print("|---|---|---|---|---|---|")
for r in rows:
    name = r["benchmark"].rsplit(".", 1)[1]
    p = r.get("params", {})
    us = r["primaryMetric"]["score"]
    if name == "linear":
        m = int(p["m"]); n, k = map(int, p["nk"].split("x")); t = int(p["threads"])
        flops = 2 * m * n * k
        shape = f"M={m} N={n} K={k}"
        kind = "sgemm"
    elif name == "attention":
        b, h, s = map(int, p["shape"].split("x")); t = int(p["threads"])
        flops = 4 * b * h * s * s * 64
        shape = f"{b}x{h}x{s} d=64"
        kind = "attention"
    else:
        continue
    g = flops / (us * 1e-6) / 1e9
    pk = peak.get(t)
    pct = f"{100 * g / pk:.0f}%" if pk else "n/a"
    print(f"| {kind} | {shape} | {t} | {us:.1f} | {g:.1f} | {pct} |")
