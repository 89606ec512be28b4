"""Benchmark: placement drive from synthetic profiles to a verified stable allocation.

Run ``python bench/bench_placement.py`` (``--quick`` for a smoke run).  Budget: 100,000
candidates x 20,000 positions with 50,000 slots in <= 20 s on 2 cores.  Also times
the peers on instances small enough for them: the ``matching`` package's
HospitalResident solver (same stable allocation asserted) and
``scipy.optimize.linear_sum_assignment`` (same maximum total asserted).
"""

from __future__ import annotations

import argparse
import time

import _common
import numpy as np

from corridor_match import synth
from corridor_match.generation import generate_preferences
from corridor_match.peers import solve_with_matching, total_with_lsa
from corridor_match.placement import max_suitability_allocation, stable_allocation
from corridor_match.report import placement_report
from corridor_match.verify import find_blocking_pairs


def big(figs: _common.Figures, n_c: int, n_p: int, slots: int, seed: int) -> None:
    """Full pipeline on the large instance, stage by stage."""
    world, gen_s = _common.timed(synth.generate, n_c, n_p, slots, seed=seed)
    figs.add("placement.synth_generation", gen_s, "s")
    cap = world.positions.capacity
    t0 = time.perf_counter()
    table, t_pref = _common.timed(
        generate_preferences, world.profiles, world.positions, world.similarity
    )
    alloc, t_da = _common.timed(stable_allocation, table, cap)
    stab, t_ver = _common.timed(find_blocking_pairs, table, cap, alloc)
    report, t_rep = _common.timed(placement_report, table, cap, alloc)
    total = time.perf_counter() - t0
    assert stab.ok, stab.to_dict(5)
    figs.add("placement.total", total, "s")
    figs.add("placement.candidate_generation_and_scoring", t_pref, "s")
    figs.add("placement.deferred_acceptance", t_da, "s")
    figs.add("placement.blocking_pair_verification", t_ver, "s")
    figs.add("placement.report", t_rep, "s")
    figs.add("placement.pairs", len(table.pos), "pairs")
    figs.add("placement.blocking_pairs", len(stab.blocking_candidates), "pairs")
    figs.add("placement.filled_slots", report.filled_slots, "slots")
    figs.add("placement.fill_rate", report.fill_rate * 100, "%")
    figs.add("placement.mean_score", report.mean_score, "points")
    figs.add("placement.peak_rss", _common.peak_rss_mb(), "MiB")


def vs_matching(figs: _common.Figures, n_c: int, n_p: int, slots: int, seed: int) -> None:
    """Stable allocation: ours vs the ``matching`` package on the same table."""
    world = synth.generate(n_c, n_p, slots, seed=seed)
    cap = world.positions.capacity
    table, t_pref = _common.timed(
        generate_preferences, world.profiles, world.positions, world.similarity
    )
    ours, t_ours = _common.timed(stable_allocation, table, cap)
    peer, t_peer = _common.timed(solve_with_matching, table, cap)
    assert ours.position.tolist() == peer.tolist(), "stable allocations differ"
    tag = f"stable_{n_c}x{n_p}"
    figs.add(f"placement.{tag}.preferences", t_pref, "s")
    figs.add(f"placement.{tag}.allocation", t_ours, "s")
    figs.add(f"placement.{tag}.allocation", t_peer, "s", peer="matching")
    figs.add(f"placement.{tag}.equal_result", 1, "bool")


def max_suitability_scale(figs: _common.Figures, n_c: int, n_p: int, slots: int, seed: int) -> None:
    """Maximum total suitability alone on a mid-size instance (no peer can run it)."""
    world = synth.generate(n_c, n_p, slots, seed=seed)
    table = generate_preferences(world.profiles, world.positions, world.similarity)
    alloc, t = _common.timed(max_suitability_allocation, table, world.positions.capacity)
    tag = f"max_suitability_{n_c}x{n_p}"
    figs.add(f"placement.{tag}.allocation", t, "s")
    figs.add(f"placement.{tag}.filled_slots", int(alloc.placed.sum()), "slots")


def vs_scipy(figs: _common.Figures, n_c: int, n_p: int, slots: int, seed: int) -> None:
    """Maximum total suitability: ours vs dense ``linear_sum_assignment``."""
    world = synth.generate(n_c, n_p, slots, seed=seed)
    cap = world.positions.capacity
    table = generate_preferences(world.profiles, world.positions, world.similarity)
    ours, t_ours = _common.timed(max_suitability_allocation, table, cap)
    peer_total, t_peer = _common.timed(total_with_lsa, table, cap)
    ours_total = float(np.nansum(ours.score.astype(np.float64)))
    assert abs(ours_total - peer_total) <= 1e-6 * max(1.0, abs(peer_total)), (
        ours_total,
        peer_total,
    )
    tag = f"max_suitability_{n_c}x{n_p}"
    figs.add(f"placement.{tag}.allocation", t_ours, "s")
    figs.add(f"placement.{tag}.allocation", t_peer, "s", peer="scipy")
    figs.add(f"placement.{tag}.total_score", ours_total, "points")


def main() -> None:
    """Parse arguments, run the three parts, print figures and write the JSON record."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="small smoke run")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if args.quick:
        sizes = {
            "big": (10_000, 2_000, 5_000),
            "matching": (500, 100, 250),
            "scipy": (300, 60, 150),
            "mid": (2_000, 400, 1_000),
        }
    else:
        sizes = {
            "big": (100_000, 20_000, 50_000),
            "matching": (2_000, 400, 1_000),
            "scipy": (2_000, 400, 1_000),
            "mid": (20_000, 4_000, 10_000),
        }
    figs = _common.Figures(
        "bench_placement", {"sizes": sizes, "quick": args.quick, "seed": args.seed}
    )
    big(figs, *sizes["big"], args.seed)
    vs_matching(figs, *sizes["matching"], args.seed)
    vs_scipy(figs, *sizes["scipy"], args.seed)
    max_suitability_scale(figs, *sizes["mid"], args.seed)
    print(f"wrote {figs.write()}")


if __name__ == "__main__":
    main()
