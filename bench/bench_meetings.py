"""Benchmark: one-to-one meeting schedule of a fair day.

Run ``python bench/bench_meetings.py`` (``--quick`` for a smoke run).  A synthetic fair
of 2,000 students, 100 booths and 10,000 meeting requests: booths meet from 09:00 to
17:30 with a lunch break and a coffee break, at 2-5 tables in parallel, on grids of 10, 15, 20 or 30 minutes
(so a student's meetings at different booths overlap by time, not by slot number);
booth popularity is skewed (Zipf-like), weights are suitabilities 0-100; students
need 5 minutes between meetings.  Prints the schedule time, meetings scheduled, the
fill rate of booth slots, the share of requests served, the LP upper bound on the
number of meetings (gap to optimum) and the greedy stage alone for comparison.
"""

from __future__ import annotations

import argparse

import _common
import numpy as np

from corridor_match.meetings import Request, booth_slots, schedule, verify


def fair(n_students: int, n_booths: int, n_requests: int, seed: int):
    """Seeded slots and requests; each student asks 1..10 distinct booths."""
    rng = np.random.default_rng(seed)
    slots = []
    for b in range(n_booths):
        minutes = int(rng.choice([10, 15, 20, 30], p=[0.2, 0.4, 0.3, 0.1]))
        lunch = (12 * 60 + int(rng.choice([0, 30])), 13 * 60 + int(rng.choice([0, 30])))
        breaks = [lunch, (15 * 60 + 30, 15 * 60 + 45)]
        tables = int(rng.integers(2, 6))
        slots += booth_slots(b, 9 * 60, 17 * 60 + 30, minutes, breaks, tables=tables)
    popularity = 1.0 / np.arange(1, n_booths + 1) ** 0.8
    popularity /= popularity.sum()
    per_student = rng.multinomial(n_requests - n_students, np.full(n_students, 1 / n_students)) + 1
    per_student = np.minimum(per_student, 10)
    requests = []
    for s, k in enumerate(per_student.tolist()):
        booths = rng.choice(n_booths, size=k, replace=False, p=popularity)
        requests += [Request(s, int(b), float(rng.integers(20, 100))) for b in booths]
    return slots, requests


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--time-limit", type=float, default=20.0)
    args = ap.parse_args()
    n_s, n_b, n_r = (200, 10, 1_000) if args.quick else (2_000, 100, 10_000)
    figs = _common.Figures(
        "bench_meetings",
        {"students": n_s, "booths": n_b, "requests": n_r, "time_limit": args.time_limit},
    )
    slots, requests = fair(n_s, n_b, n_r, seed=7)
    figs.add("meetings.requests", len(requests), "requests")
    figs.add("meetings.slots", len(slots), "slots")
    result, secs = _common.timed(schedule, slots, requests, min_gap=5, time_limit=args.time_limit)
    assert not verify(slots, requests, result.slot_of, 5)
    figs.add("meetings.schedule_seconds", secs, "s")
    figs.add("meetings.greedy_seconds", result.stats["greedy_seconds"], "s")
    figs.add("meetings.greedy_scheduled", result.stats["greedy_count"], "meetings")
    figs.add("meetings.scheduled", result.count, "meetings")
    figs.add("meetings.upper_bound", result.upper_bound, "meetings")
    figs.add("meetings.gap_to_bound", result.upper_bound - result.count, "meetings")
    figs.add("meetings.fill_rate", 100 * result.count / len(slots), "%")
    figs.add("meetings.requests_served", 100 * result.count / len(requests), "%")
    figs.add("meetings.total_weight", result.total_weight(requests), "points")
    figs.add("meetings.proven_optimal", int(result.optimal), "bool")
    figs.add("meetings.peak_rss", _common.peak_rss_mb(), "MiB")
    print(f"method {result.method}", flush=True)
    figs.write()


if __name__ == "__main__":
    main()
