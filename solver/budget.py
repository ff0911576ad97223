"""One clock for a whole solve: every stage asks how much time is left instead of adding its own.

``roster solve --time-limit S`` promises the whole command ends within S (+ a small margin), the
explanation of an infeasible week included; stages that cannot finish in what is left don't start.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

__all__ = ["Budget"]


@dataclass
class Budget:
    """Seconds from ``started`` (perf_counter) until ``started + seconds``."""

    seconds: float
    started: float = field(default_factory=time.perf_counter)
    cpu_started: float = field(default_factory=time.process_time)

    @property
    def end(self) -> float:
        return self.started + self.seconds

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def left(self, keep: float = 0.0) -> float:
        """Seconds left, minus ``keep`` held back for what must follow (never negative)."""
        return max(0.0, self.end - keep - time.perf_counter())

    def pace(self) -> float:
        """Wall seconds per CPU second this process got since the start (at least 1).

        On a machine shared with other jobs single-threaded work stretches by this factor, so
        a stage that cannot be interrupted (HiGHS) multiplies its expected CPU time by it. Only
        meaningful while the process has run one thread at a time (before CP-SAT's workers).
        """
        cpu = time.process_time() - self.cpu_started
        return max(1.0, self.elapsed() / cpu) if cpu > 0 else 1.0
