"""Sorting helpers: per-row top-k and grouped orders via packed uint64 keys.

Packing (row, score, tie-break) into one uint64 lets ``np.sort`` (SIMD, no
argsort) order millions of pairs quickly: rows ascending, score descending, then
tie-break ascending.
"""

from __future__ import annotations

import numpy as np

U64 = np.uint64


def float_key(x: np.ndarray) -> np.ndarray:
    """Order-preserving 31-bit unsigned key of non-negative float32 values."""
    x32 = np.maximum(np.asarray(x, dtype=np.float32), np.float32(0.0))
    return x32.view(np.uint32).astype(U64)


def bits_for(n: int) -> int:
    """Number of bits needed to store integers 0..n-1 (at least 1)."""
    return max(int(n - 1).bit_length(), 1)


def topk_per_row(
    rows: np.ndarray, key: np.ndarray, key_bits: int, tie: np.ndarray, tie_bits: int, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Keep, for each row, the ``k`` entries with the largest ``key`` (ties: smaller ``tie``).

    ``rows``, ``key`` (< 2**key_bits) and ``tie`` (< 2**tie_bits) are non-negative
    integer arrays of equal length.  Returns ``(rows, key, tie)`` of the kept
    entries, sorted by row, key descending, tie ascending.
    """
    if len(rows) == 0:
        e = np.zeros(0, dtype=np.int64)
        return e, e.astype(U64), e
    row_bits = 64 - key_bits - tie_bits
    if int(rows.max()) >= (1 << row_bits):
        raise ValueError("too many rows for one packed sort; use smaller chunks")
    kmax = U64((1 << key_bits) - 1)
    packed = (rows.astype(U64) << U64(key_bits + tie_bits)) | (
        (kmax - key.astype(U64)) << U64(tie_bits)
    )
    packed |= tie.astype(U64)
    packed.sort()
    r = (packed >> U64(key_bits + tie_bits)).astype(np.int64)
    starts = np.flatnonzero(np.r_[True, r[1:] != r[:-1]])
    counts = np.diff(np.r_[starts, len(r)])
    rank = np.arange(len(r)) - np.repeat(starts, counts)
    packed = packed[rank < k]
    r = (packed >> U64(key_bits + tie_bits)).astype(np.int64)
    kk = kmax - ((packed >> U64(tie_bits)) & kmax)
    t = (packed & U64((1 << tie_bits) - 1)).astype(np.int64)
    return r, kk, t


def grouped_order(group: np.ndarray, score: np.ndarray, tie: np.ndarray) -> np.ndarray:
    """Permutation sorting by group ascending, float32 score descending, tie ascending."""
    if len(group) == 0:
        return np.zeros(0, dtype=np.int64)
    gb, tb = bits_for(int(group.max()) + 1), bits_for(int(tie.max()) + 1)
    if gb + 31 + tb <= 64:
        key = float_key(score)
        packed = (
            (group.astype(U64) << U64(31 + tb))
            | ((U64(2**31 - 1) - key) << U64(tb))
            | tie.astype(U64)
        )
        return np.argsort(packed, kind="stable")
    return np.lexsort((tie, -score.astype(np.float32), group))


def threshold_topk(indptr: np.ndarray, level: np.ndarray, k: int, levels: int = 256) -> np.ndarray:
    """Indices of the ``k`` entries of highest ``level`` in each CSR row, in O(nnz).

    ``indptr`` delimits the rows (CSR) and ``level`` holds integers in
    ``[0, levels)``.  A per-row histogram gives each row's threshold level; entries
    tied at the threshold are kept in order of appearance until the row has ``k``.
    Returned indices are ascending (rows stay grouped).
    """
    n_rows = len(indptr) - 1
    counts = np.diff(indptr)
    if len(level) == 0:
        return np.zeros(0, dtype=np.int64)
    base = np.repeat(np.arange(0, n_rows * levels, levels, dtype=np.int32), counts)
    base += level
    hist = np.bincount(base, minlength=n_rows * levels).reshape(n_rows, levels)
    cum_ge = np.cumsum(hist[:, ::-1], axis=1)[:, ::-1]  # count with level >= t
    enough = cum_ge >= k
    thr = np.where(enough[:, 0], levels - 1 - np.argmax(enough[:, ::-1], axis=1), 0)
    above = np.where(
        thr + 1 < levels, cum_ge[np.arange(n_rows), np.minimum(thr + 1, levels - 1)], 0
    )
    need = k - above
    t = np.repeat(thr.astype(level.dtype), counts)
    gt = np.flatnonzero(level > t)
    eq = np.flatnonzero(level == t)
    eq_rows = np.searchsorted(indptr, eq, side="right") - 1
    first = np.searchsorted(eq_rows, np.arange(n_rows))
    rank = np.arange(len(eq)) - first[eq_rows]
    eq = eq[rank < need[eq_rows]]
    out = np.concatenate([gt, eq])
    out.sort()
    return out
