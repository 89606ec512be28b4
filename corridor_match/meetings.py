"""One-to-one meeting scheduler for fairs: requests (student, booth, weight) -> booth slots.

Plain Python + NumPy/SciPy, no Django.  Times are integer minutes (from any origin,
e.g. midnight of the fair day).

Constraints of a schedule:

* a booth slot holds at most one meeting (no double booking of a booth);
* a student's meetings never overlap in time, with at least ``min_gap`` minutes
  between two of them (slots of different booths may have different lengths and
  grids, so conflicts are checked on time intervals, not on slot numbers);
* a student meets a booth at most once (duplicate requests keep the heaviest).

Objective, lexicographic: first the number of meetings, then the total weight
(suitability 0-100), so higher suitability gets priority among equally full
schedules.

Method (``schedule``): a greedy pass by weight, then a repair local search
(ejection chains of length one: move another meeting of the booth, or one of the
student's own meetings, to a free slot), then -- when ``time_limit`` > 0 -- an exact
MILP on the slot-time formulation solved by HiGHS (``scipy.optimize.milp``): one
column per (request, slot time of its booth), parallel tables of a booth merged into
one slot time with a capacity, one row per maximal clique of each student's
interval graph; objective ``K + weight`` per meeting with ``K`` larger than any total
weight, so count comes first.  The MILP answer replaces the greedy one only when it
is better; if HiGHS stops on its time limit ``optimal`` is False.  Every answer is
checked by ``verify`` before it is returned.  The LP relaxation (max count) is
reported as ``upper_bound`` on the number of meetings.
"""

from __future__ import annotations

import enum
import time
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, linprog, milp


@dataclass(frozen=True)
class Slot:
    """A meeting slot of one booth, ``[start, end)`` in minutes."""

    booth: Hashable
    start: int
    end: int


@dataclass(frozen=True)
class Request:
    """A wish for a meeting of ``student`` with ``booth``; ``weight`` is suitability 0-100."""

    student: Hashable
    booth: Hashable
    weight: float = 0.0


class Reason(enum.StrEnum):
    """Why a request got no slot."""

    DUPLICATE = "duplicate"  # the same student-booth pair was requested twice
    NO_SLOTS = "no_slots"  # the booth offers no meeting slot at all
    BOOTH_FULL = "booth_full"  # every slot of the booth holds another meeting
    STUDENT_BUSY = "student_busy"  # the booth's free slots clash with the student's meetings


@dataclass
class Schedule:
    """Result: ``slot_of[i]`` is the slot index of request ``i`` or -1."""

    slot_of: np.ndarray
    unscheduled: dict[int, Reason]
    method: str
    optimal: bool
    upper_bound: float
    seconds: float
    stats: dict[str, float] = field(default_factory=dict)

    @property
    def count(self) -> int:
        """Number of meetings scheduled."""
        return int((self.slot_of >= 0).sum())

    def total_weight(self, requests: Sequence[Request]) -> float:
        """Sum of the weights of the scheduled requests."""
        return float(sum(requests[i].weight for i in np.flatnonzero(self.slot_of >= 0)))


def booth_slots(
    booth: Hashable,
    start: int,
    end: int,
    slot_minutes: int,
    breaks: Iterable[tuple[int, int]] = (),
    tables: int = 1,
) -> list[Slot]:
    """Consecutive slots of ``slot_minutes`` from ``start`` to ``end``, skipping breaks.

    A slot never overlaps a break; after a break the grid restarts at the break's end.
    ``tables`` recruiters meeting in parallel give that many slots per time.
    """
    if slot_minutes <= 0:
        raise ValueError("slot_minutes must be positive")
    pauses = sorted((int(a), int(b)) for a, b in breaks if b > a)
    out: list[Slot] = []
    t = int(start)
    while t + slot_minutes <= end:
        clash = next((b for a, b in pauses if a < t + slot_minutes and t < b), None)
        if clash is not None:
            t = clash
            continue
        out += [Slot(booth, t, t + slot_minutes)] * max(int(tables), 1)
        t += slot_minutes
    return out


def _overlaps(a0: int, a1: int, b0: int, b1: int, gap: int) -> bool:
    return a0 < b1 + gap and b0 < a1 + gap


class _Cells:
    """Distinct (booth, start, end) slot times with their capacity (parallel tables)."""

    def __init__(self, slots: Sequence[Slot]) -> None:
        index: dict[tuple[Hashable, int, int], int] = {}
        self.members: list[list[int]] = []  # slot indices of each cell
        self.cell_of = np.empty(len(slots), dtype=np.int64)
        for j, s in enumerate(slots):
            key = (s.booth, int(s.start), int(s.end))
            c = index.get(key)
            if c is None:
                c = index[key] = len(self.members)
                self.members.append([])
            self.members[c].append(j)
            self.cell_of[j] = c
        self.booth = [k[0] for k in index]
        self.start = np.array([k[1] for k in index], dtype=np.int64)
        self.end = np.array([k[2] for k in index], dtype=np.int64)
        self.cap = np.array([len(m) for m in self.members], dtype=np.int64)
        self.by_booth: dict[Hashable, list[int]] = defaultdict(list)
        for c in sorted(range(len(self.members)), key=lambda c: (self.start[c], self.end[c])):
            self.by_booth[self.booth[c]].append(c)

    def to_slots(self, cell_of_request: np.ndarray) -> np.ndarray:
        """Concrete slot per request: the cell's slots handed out in order."""
        out = np.full(len(cell_of_request), -1, dtype=np.int64)
        used = [0] * len(self.members)
        for i, c in enumerate(cell_of_request.tolist()):
            if c >= 0:
                out[i] = self.members[c][used[c]]
                used[c] += 1
        return out


class _State:
    """Mutable greedy / local-search state over cells."""

    def __init__(
        self,
        cells: _Cells,
        requests: Sequence[Request],
        gap: int,
        fixed: dict[Hashable, list[tuple[int, int]]] | None = None,
    ) -> None:
        self.fixed = fixed or {}
        self.cells = cells
        self.requests = requests
        self.gap = gap
        self.st = cells.start.tolist()
        self.en = cells.end.tolist()
        self.load = [0] * len(cells.members)
        self.holders: list[set[int]] = [set() for _ in cells.members]
        self.cell_of = np.full(len(requests), -1, dtype=np.int64)
        self.busy: dict[Hashable, set[int]] = defaultdict(set)  # student -> requests held

    def clashes(self, student: Hashable, c: int, ignore: int = -1) -> list[int]:
        """The student's scheduled requests that overlap cell ``c``."""
        a0, a1, g = self.st[c], self.en[c], self.gap
        out = []
        for r in self.busy[student]:
            if r == ignore:
                continue
            o = self.cell_of[r]
            if a0 < self.en[o] + g and self.st[o] < a1 + g:
                out.append(r)
        return out

    def blocked(self, student: Hashable, c: int) -> bool:
        """Whether cell ``c`` overlaps one of the student's fixed (already held) times."""
        a0, a1, g = self.st[c], self.en[c], self.gap
        return any(a0 < b1 + g and b0 < a1 + g for b0, b1 in self.fixed.get(student, ()))

    def place(self, r: int, c: int) -> None:
        self.load[c] += 1
        self.holders[c].add(r)
        self.cell_of[r] = c
        self.busy[self.requests[r].student].add(r)

    def remove(self, r: int) -> int:
        c = int(self.cell_of[r])
        self.load[c] -= 1
        self.holders[c].discard(r)
        self.cell_of[r] = -1
        self.busy[self.requests[r].student].discard(r)
        return c

    def free_fit(self, r: int, avoid: int = -1) -> int:
        """First cell of r's booth with room that fits r's student (and misses ``avoid``)."""
        req = self.requests[r]
        for c in self.cells.by_booth.get(req.booth, ()):
            if self.load[c] >= self.cells.cap[c] or self.clashes(req.student, c, r):
                continue
            if self.blocked(req.student, c):
                continue
            if avoid >= 0 and _overlaps(
                self.st[c], self.en[c], self.st[avoid], self.en[avoid], self.gap
            ):
                continue
            return c
        return -1

    def try_insert(self, r: int, repair: bool) -> bool:
        """Schedule r directly or (``repair``) by moving one other meeting."""
        c = self.free_fit(r)
        if c >= 0:
            self.place(r, c)
            return True
        if not repair:
            return False
        req = self.requests[r]
        for c in self.cells.by_booth.get(req.booth, ()):
            if self.blocked(req.student, c):
                continue
            clash = self.clashes(req.student, c)
            if self.load[c] >= self.cells.cap[c] and not clash:
                # move one of the cell's meetings elsewhere in the booth
                for other in list(self.holders[c]):
                    self.remove(other)
                    c2 = self.free_fit(other, avoid=-1)
                    if c2 >= 0 and c2 != c:
                        self.place(other, c2)
                        self.place(r, c)
                        return True
                    self.place(other, c)
            elif self.load[c] < self.cells.cap[c] and len(clash) == 1:
                # move the student's clashing meeting to another cell of its booth
                m = clash[0]
                old = self.remove(m)
                c2 = self.free_fit(m, avoid=c)
                if c2 >= 0:
                    self.place(m, c2)
                    self.place(r, c)
                    return True
                self.place(m, old)
        return False


def _dedupe(requests: Sequence[Request]) -> tuple[list[int], dict[int, Reason]]:
    best: dict[tuple[Hashable, Hashable], int] = {}
    dup: dict[int, Reason] = {}
    for i, r in enumerate(requests):
        key = (r.student, r.booth)
        k = best.get(key)
        if k is None or r.weight > requests[k].weight:
            if k is not None:
                dup[k] = Reason.DUPLICATE
            best[key] = i
        else:
            dup[i] = Reason.DUPLICATE
    return sorted(best.values()), dup


def _greedy_cells(
    cells: _Cells,
    requests: Sequence[Request],
    keep: list[int],
    gap: int,
    fixed: dict | None = None,
    rounds: int = 3,
) -> np.ndarray:
    st = _State(cells, requests, gap, fixed)
    demand: dict[Hashable, int] = defaultdict(int)
    for i in keep:
        demand[requests[i].booth] += 1
    supply = {b: int(sum(cells.cap[c] for c in cs)) for b, cs in cells.by_booth.items()}
    order = sorted(
        keep,
        key=lambda i: (
            -requests[i].weight,
            -demand[requests[i].booth] / max(supply.get(requests[i].booth, 0), 1),
            i,
        ),
    )
    for i in order:
        st.try_insert(i, repair=False)
    # repair rounds: each success adds one meeting
    for _ in range(rounds):
        added = 0
        for i in order:
            if st.cell_of[i] < 0 and st.try_insert(i, repair=True):
                added += 1
        if not added:
            break
    # weight swaps: a heavier unscheduled request takes a lighter one's place in its booth
    for i in order:
        if st.cell_of[i] >= 0:
            continue
        req = requests[i]
        best_c, best_r, best_w = -1, -1, req.weight
        for c in cells.by_booth.get(req.booth, ()):
            if st.clashes(req.student, c) or st.blocked(req.student, c):
                continue
            for other in st.holders[c]:
                if requests[other].weight < best_w:
                    best_c, best_r, best_w = c, other, requests[other].weight
        if best_c >= 0:
            st.remove(best_r)
            st.place(i, best_c)
    return st.cell_of.copy()


def greedy(slots: Sequence[Slot], requests: Sequence[Request], min_gap: int = 0) -> np.ndarray:
    """Greedy by weight (scarcer booths first on ties), then repair and weight swaps."""
    cells = _Cells(slots)
    keep, _ = _dedupe(requests)
    return cells.to_slots(_greedy_cells(cells, requests, keep, min_gap))


def _model(
    cells: _Cells, requests: Sequence[Request], keep: list[int], gap: int, fixed: dict | None
):
    """Columns (request, cell), constraint matrix and right-hand side (slot-time model)."""
    col_r: list[int] = []
    col_c: list[int] = []
    probe = _State(cells, requests, gap, fixed)
    for i in keep:
        cs_ = [
            c
            for c in cells.by_booth.get(requests[i].booth, ())
            if not probe.blocked(requests[i].student, c)
        ]
        col_r += [i] * len(cs_)
        col_c += cs_
    cr = np.asarray(col_r, dtype=np.int64)
    cc = np.asarray(col_c, dtype=np.int64)
    n = len(cr)
    cols = np.arange(n)
    # one cell per request
    _, rr = np.unique(cr, return_inverse=True)
    n1 = int(rr.max()) + 1 if n else 0
    # at most cap requests per cell
    uc, ci = np.unique(cc, return_inverse=True)
    n2 = len(uc)
    rows = [rr, ci + n1]
    colss = [cols, cols]
    rhs = [np.ones(n1), cells.cap[uc].astype(float)]
    n_rows = n1 + n2
    # per student, one meeting at each time point: the maximal cliques of an interval
    # graph are the sets of intervals containing some interval's start
    st_all = cells.start[cc]
    en_all = cells.end[cc] + gap
    student_of = [requests[i].student for i in cr.tolist()]
    by_student: dict[Hashable, list[int]] = defaultdict(list)
    for k, s in enumerate(student_of):
        by_student[s].append(k)
    for ks in by_student.values():
        k_arr = np.asarray(ks)
        if len(np.unique(cr[k_arr])) < 2:
            continue
        st_, en_ = st_all[k_arr], en_all[k_arr]
        points = np.unique(st_)
        member = (st_[None, :] <= points[:, None]) & (points[:, None] < en_[None, :])
        # a clique is dominated by the next point's when every interval continues there
        keep_rows = []
        for p in range(len(points)):
            m = member[p]
            if p + 1 < len(points) and not (m & ~member[p + 1]).any():
                continue
            if p > 0 and keep_rows and not (m & ~member[keep_rows[-1]]).any():
                continue
            if len(np.unique(cr[k_arr[m]])) > 1:
                keep_rows.append(p)
        for p in keep_rows:
            idx = np.flatnonzero(member[p])
            rows.append(np.full(len(idx), n_rows))
            colss.append(k_arr[idx])
            n_rows += 1
        rhs.append(np.ones(len(keep_rows)))
    r_all = np.concatenate(rows)
    c_all = np.concatenate(colss)
    A = sp.csr_matrix((np.ones(len(r_all)), (r_all, c_all)), shape=(n_rows, n))
    return cr, cc, A, np.concatenate(rhs)


def _solve_milp(c, A, ub, extra, time_limit):
    cons = [LinearConstraint(A, -np.inf, ub)]
    if extra is not None:
        cons.append(extra)
    return milp(
        c,
        constraints=cons,
        integrality=np.ones(len(c)),
        bounds=Bounds(0, 1),
        options={"time_limit": max(time_limit, 0.1), "mip_rel_gap": 1e-9, "presolve": True},
    )


def verify(
    slots: Sequence[Slot],
    requests: Sequence[Request],
    slot_of: np.ndarray,
    min_gap: int = 0,
    fixed: dict[Hashable, list[tuple[int, int]]] | None = None,
) -> list[str]:
    """Every broken constraint of an assignment, as readable lines (empty = valid)."""
    problems: list[str] = []
    seen_slot: dict[int, int] = {}
    seen_pair: set[tuple[Hashable, Hashable]] = set()
    by_student: dict[Hashable, list[int]] = defaultdict(list)
    for i, j in enumerate(slot_of.tolist()):
        if j < 0:
            continue
        r = requests[i]
        if slots[j].booth != r.booth:
            problems.append(f"request {i} placed in a slot of booth {slots[j].booth}")
        if j in seen_slot:
            problems.append(f"slot {j} double booked by requests {seen_slot[j]} and {i}")
        seen_slot[j] = i
        if (r.student, r.booth) in seen_pair:
            problems.append(f"student {r.student} meets booth {r.booth} twice")
        seen_pair.add((r.student, r.booth))
        by_student[r.student].append(j)
        for b0, b1 in (fixed or {}).get(r.student, ()):
            if slots[j].start < b1 + min_gap and b0 < slots[j].end + min_gap:
                problems.append(f"student {r.student} is already taken at slot {j}")
    for student, js in by_student.items():
        js = sorted(js, key=lambda j: slots[j].start)
        for a, b in zip(js, js[1:], strict=False):
            if slots[b].start < slots[a].end + min_gap:
                problems.append(f"student {student} has overlapping meetings in slots {a}, {b}")
    return problems


def _reasons(cells, requests, cell_of, gap, dup, fixed) -> dict[int, Reason]:
    st = _State(cells, requests, gap, fixed)
    for i, c in enumerate(cell_of.tolist()):
        if c >= 0:
            st.place(i, c)
    out: dict[int, Reason] = dict(dup)
    for i in np.flatnonzero(cell_of < 0).tolist():
        if i in out:
            continue
        cs_ = cells.by_booth.get(requests[i].booth, [])
        if not cs_:
            out[i] = Reason.NO_SLOTS
        elif all(st.load[c] >= cells.cap[c] for c in cs_):
            out[i] = Reason.BOOTH_FULL
        else:
            out[i] = Reason.STUDENT_BUSY
    return out


def schedule(
    slots: Sequence[Slot],
    requests: Sequence[Request],
    *,
    min_gap: int = 0,
    time_limit: float = 20.0,
    fixed: dict[Hashable, list[tuple[int, int]]] | None = None,
) -> Schedule:
    """Assign requests to slots: most meetings first, then most total weight.

    ``fixed`` maps a student to times ``(start, end)`` they are already taken (meetings
    held before a re-run); no new meeting of theirs overlaps those (with ``min_gap``).

    ``time_limit`` (seconds) bounds the exact MILP stage; 0 keeps the greedy +
    repair answer.  Raises ValueError on slots with ``end <= start`` or a negative gap.
    """
    t0 = time.perf_counter()
    for s in slots:
        if s.end <= s.start:
            raise ValueError(f"slot of booth {s.booth} ends before it starts")
    if min_gap < 0:
        raise ValueError("min_gap must not be negative")
    gap = int(min_gap)
    cells = _Cells(slots)
    keep, dup = _dedupe(requests)
    g = _greedy_cells(cells, requests, keep, gap, fixed)
    best, method, optimal = g, "greedy", not keep or not slots
    stats: dict[str, float] = {
        "greedy_count": int((g >= 0).sum()),
        "greedy_seconds": time.perf_counter() - t0,
    }
    upper = float(min(len(keep), len(slots)))
    if time_limit > 0 and keep and slots:
        best, method, optimal, upper = _exact(
            cells, requests, keep, gap, g, t0 + time_limit, stats, fixed
        )
    slot_of = cells.to_slots(best)
    if verify(slots, requests, slot_of, gap, fixed):  # never hand back an invalid schedule
        best, method, optimal = g, "greedy", False
        slot_of = cells.to_slots(best)
    return Schedule(
        slot_of=slot_of,
        unscheduled=_reasons(cells, requests, best, gap, dup, fixed),
        method=method,
        optimal=optimal,
        upper_bound=upper,
        seconds=time.perf_counter() - t0,
        stats=stats,
    )


def _exact(cells, requests, keep, gap, g, deadline, stats, fixed):
    """MILP stages; returns (cell_of, method, optimal, upper bound on the count)."""
    cr, cc, A, ub = _model(cells, requests, keep, gap, fixed)
    stats["milp_columns"], stats["milp_rows"] = A.shape[1], A.shape[0]
    best, method = g, "greedy"
    upper = float(min(len(keep), int(cells.cap.sum())))
    if not A.shape[1]:
        return best, method, True, 0.0
    lp = linprog(-np.ones(A.shape[1]), A_ub=A, b_ub=ub, bounds=(0, 1), method="highs")
    if lp.status == 0:
        upper = min(upper, float(np.floor(-lp.fun + 1e-6)))
    # one MILP, lexicographic by a big constant: any extra meeting outweighs every
    # possible difference in total weight (K > weight of any feasible schedule)
    w = np.array([max(requests[int(i)].weight, 0.0) for i in cr], dtype=float)
    big = float(np.max(w, initial=0.0)) * (upper + 1) + 1.0
    res = _solve_milp(-(w + big), A, ub, None, deadline - time.perf_counter())
    optimal = res.status == 0
    if res.x is not None:
        cand = _to_cell_of(np.round(res.x), cr, cc, len(requests))
        if (int((cand >= 0).sum()), _weight(cand, requests)) > (
            int((g >= 0).sum()),
            _weight(g, requests),
        ):
            best, method = cand, "milp"
        if optimal:
            upper = float((best >= 0).sum())
    return best, method, optimal, upper


def _weight(cell_of: np.ndarray, requests: Sequence[Request]) -> float:
    return float(sum(requests[i].weight for i in np.flatnonzero(cell_of >= 0)))


def _to_cell_of(x: np.ndarray, cr: np.ndarray, cc: np.ndarray, n: int) -> np.ndarray:
    out = np.full(n, -1, dtype=np.int64)
    on = np.flatnonzero(x > 0.5)
    out[cr[on]] = cc[on]
    return out
