"""Run the solver in a background thread so the page keeps answering while CP-SAT searches.

Streamlit reruns the page script on every interaction; a solve that ran inside the script would
freeze the page for its whole time limit and could not be cancelled. A ``SolveJob`` owns one
thread, a cancel flag and the latest progress snapshot; the page polls it (a fragment that
reruns every half second) and collects the outcome once ``done`` is true. The thread never
touches Streamlit's session state, which is not thread-safe; it speaks the language the page
spoke when the solve started (explanations, violations and the report are written in it).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from scheduler import i18n
from scheduler.domain import Problem, Shift
from scheduler.errors import InfeasibleRosterError, RosterError
from scheduler.i18n import _
from scheduler.report import RosterReport, build_report
from solver.solve import Progress, SolveResult, solve
from ui.reroster import unbound
from ui.results import predicted_service

__all__ = ["SolveJob", "SolveOutcome"]


@dataclass(frozen=True)
class SolveOutcome:
    """A finished solve: the problem exactly as solved, the solver's result and its report."""

    problem: Problem
    result: SolveResult
    report: RosterReport
    cancelled: bool
    service: dict[str, Any] | None  # predicted service level summary, when staffing math exists
    number: int = 0  # which solve of the browser session produced it (1, 2, ...)
    #: re-rostering: the same week solved free to change anything, to show what stability costs
    free: RosterReport | None = None


class SolveJob:
    """One background solve; safe to poll from the page thread."""

    def __init__(self, problem: Problem, *, time_limit: float, workers: int,
                 hint: list[Shift] | None = None, team_folder: str | None = None,
                 number: int = 0, compare_free: bool = False) -> None:
        self.problem = problem
        #: after a re-roster, solve once more without the baseline (the time limit doubles)
        self.compare_free = compare_free and bool(problem.baseline_shifts)
        self.number = number
        self.team_folder = team_folder
        self.solve_seconds = time_limit
        self.time_limit = time_limit * (2 if self.compare_free else 1)
        self.workers = workers
        self.hint = hint
        self.language = i18n.active()
        self.cancel_event = threading.Event()
        self.started = time.perf_counter()
        self._lock = threading.Lock()
        self._progress: Progress | None = None
        self._outcome: SolveOutcome | None = None
        self._error: RosterError | None = None
        self._thread = threading.Thread(target=self._run, name="roster-solve", daemon=True)

    @classmethod
    def start(cls, problem: Problem, *, time_limit: float, workers: int,
              hint: list[Shift] | None = None, team_folder: str | None = None,
              number: int = 0, compare_free: bool = False) -> SolveJob:
        job = cls(problem, time_limit=time_limit, workers=workers, hint=hint,
                  team_folder=team_folder, number=number, compare_free=compare_free)
        job._thread.start()
        return job

    def _on_progress(self, progress: Progress) -> None:
        with self._lock:
            self._progress = progress

    def _run(self) -> None:
        with i18n.use(self.language):
            self._solve()

    def _solve(self) -> None:
        try:
            result = solve(self.problem, on_progress=self._on_progress, cancel=self.cancel_event,
                           hint=self.hint, time_limit=self.solve_seconds, workers=self.workers)
            report = build_report(self.problem, result.roster, result.breakdown)
            service = predicted_service(self.problem, result.roster.shifts, self.team_folder)
            free = None
            if self.compare_free and not self.cancel_event.is_set():
                plain = unbound(self.problem)
                try:
                    other = solve(plain, cancel=self.cancel_event,
                                  time_limit=self.solve_seconds, workers=self.workers)
                    free = build_report(plain, other.roster, other.breakdown)
                except RosterError:  # the comparison is extra: never lose the roster over it
                    free = None
            outcome = SolveOutcome(self.problem, result, report, self.cancel_event.is_set(),
                                   service, self.number, free)
            with self._lock:
                self._outcome = outcome
        except RosterError as exc:  # infeasible, cancelled before a first roster, time out
            with self._lock:
                self._error = exc
        except Exception as exc:  # noqa: BLE001 - shown on the page instead of a dead thread
            with self._lock:
                self._error = RosterError(_("the solver failed unexpectedly: {error}").format(
                    error=repr(exc)))

    def cancel(self) -> None:
        """Ask CP-SAT to stop; the best roster found so far is still returned."""
        self.cancel_event.set()

    def wait(self, timeout: float | None = None) -> bool:
        self._thread.join(timeout)
        return self.done

    @property
    def done(self) -> bool:
        return not self._thread.is_alive() and self._thread.ident is not None

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    @property
    def progress(self) -> Progress | None:
        with self._lock:
            return self._progress

    @property
    def outcome(self) -> SolveOutcome | None:
        with self._lock:
            return self._outcome

    @property
    def error(self) -> RosterError | None:
        with self._lock:
            return self._error

    @property
    def infeasible(self) -> InfeasibleRosterError | None:
        err = self.error
        return err if isinstance(err, InfeasibleRosterError) else None
