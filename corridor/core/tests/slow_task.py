"""A background task for the reaper tests: marks its start, waits (until ``<path>.release``
exists or ``seconds`` passed), marks its end."""

import os
import time
from pathlib import Path

from django.tasks import task


@task()
def sleep_then_mark(path: str, seconds: float) -> str:
    Path(path + ".started").write_text(str(os.getpid()))
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not Path(path + ".release").exists():
        time.sleep(0.05)
    Path(path).write_text("done")
    return "done"
