"""Shared helpers of the benchmark scripts: figure lines and JSON records."""

from __future__ import annotations

import json
import os
import platform
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULTS = Path(__file__).resolve().parent / "results"


class Figures:
    """Collects figures, prints each as ``figure <name> <value> <unit>``."""

    def __init__(self, script: str, params: dict[str, Any]) -> None:
        self.script = script
        self.params = params
        self.figures: dict[str, dict[str, Any]] = {}

    def add(self, name: str, value: float, unit: str, peer: str | None = None) -> None:
        """Record and print one figure (``name.peer`` for a peer's figure)."""
        full = f"{name}.{peer}" if peer else name
        v = round(float(value), 3)
        self.figures[full] = {"value": v, "unit": unit}
        print(f"figure {full} {v} {unit}", flush=True)

    def write(self) -> Path:
        """Write ``bench/results/<script>.json`` and return its path."""
        import numpy
        import scipy

        RESULTS.mkdir(parents=True, exist_ok=True)
        out = RESULTS / f"{self.script}.json"
        record = {
            "script": self.script,
            "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "params": self.params,
            "machine": {
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "platform": platform.platform(),
                "numpy": numpy.__version__,
                "scipy": scipy.__version__,
            },
            "figures": self.figures,
        }
        out.write_text(json.dumps(record, indent=2))
        return out


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MiB (Linux ru_maxrss is KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn, *args, **kwargs):
    """Run ``fn`` and return (result, seconds)."""
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t0
