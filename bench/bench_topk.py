"""Benchmark: top-20 positions for one profile with a warm PositionIndex.

Run ``python bench/bench_topk.py`` (``--quick`` for a smoke run).  Budget: p95 <= 50 ms
at 100,000 open positions on a 2-core machine.
"""

from __future__ import annotations

import argparse

import _common
import numpy as np

from corridor_match import synth
from corridor_match.index import PositionIndex
from corridor_match.model import expand_skills


def _index_mb(idx: PositionIndex) -> float:
    inv = idx._inverted
    pos = idx.positions
    arrays = [inv.data, inv.indices, inv.indptr, pos.languages, pos.country, pos.sector, pos.kind]
    arrays += [pos.start_day, pos.min_education, pos.min_essential_coverage]
    for m in (
        pos.skill_vectors,
        pos.essential_norm,
        pos.optional_norm,
        pos.essential,
        pos.optional,
    ):
        arrays += [m.data, m.indices, m.indptr]
    return sum(a.nbytes for a in arrays) / 2**20


def run_size(
    figs: _common.Figures, label: str, n_positions: int, n_queries: int, k: int, seed: int
) -> None:
    """Build an index over ``n_positions`` and time ``n_queries`` top-k queries."""
    world, gen_s = _common.timed(synth.generate, n_queries, n_positions, seed=seed)
    idx, build_s = _common.timed(PositionIndex, world.positions, world.similarity)
    _ = world.positions.skill_vectors  # part of the warm index (cached)
    for p in range(min(10, n_queries)):  # warm-up
        idx.top_k(world.profiles, p, k=k)
    lat = np.empty(n_queries)
    n_cand = np.empty(n_queries)
    for p in range(n_queries):
        t0 = _common.time.perf_counter()
        res = idx.top_k(world.profiles, p, k=k)
        lat[p] = (_common.time.perf_counter() - t0) * 1000
        assert len(res.indices) <= k
    for p in range(min(50, n_queries)):
        n_cand[p] = len(idx.candidates(expand_skills(world.profiles.skills[p], idx.similarity))[0])
    figs.add(f"topk.{label}.p50", np.percentile(lat, 50), "ms")
    figs.add(f"topk.{label}.p95", np.percentile(lat, 95), "ms")
    figs.add(f"topk.{label}.mean", lat.mean(), "ms")
    figs.add(f"topk.{label}.index_build", build_s, "s")
    figs.add(f"topk.{label}.index_memory", _index_mb(idx), "MiB")
    figs.add(f"topk.{label}.candidates_per_query", n_cand[: min(50, n_queries)].mean(), "positions")
    figs.add(f"topk.{label}.synth_generation", gen_s, "s")


def main() -> None:
    """Parse arguments, run both sizes, print figures and write the JSON record."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="small smoke run")
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    sizes = (
        [("10k", 10_000), ("100k", 100_000)]
        if args.quick
        else [("100k", 100_000), ("1m", 1_000_000)]
    )
    queries = 50 if args.quick else max(args.queries, 200)
    figs = _common.Figures(
        "bench_topk", {"sizes": dict(sizes), "queries": queries, "k": 20, "quick": args.quick}
    )
    for label, n in sizes:
        run_size(figs, label, n, queries, 20, args.seed)
    figs.add("topk.peak_rss", _common.peak_rss_mb(), "MiB")
    print(f"wrote {figs.write()}")


if __name__ == "__main__":
    main()
