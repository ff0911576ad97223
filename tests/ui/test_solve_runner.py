"""Background solve: progress while running, a roster at the end, cancel keeps the best so far."""

from __future__ import annotations

import time

from scheduler.domain import Problem
from scheduler.errors import InfeasibleRosterError
from scheduler.team_io import load_problem
from tests.ui.conftest import FIXTURES
from ui.results import predicted_service
from ui.solve_runner import SolveJob


def test_job_reports_progress_and_finishes_with_a_report(small: Problem) -> None:
    job = SolveJob.start(small, time_limit=3, workers=2, team_folder=str(FIXTURES / "small_team"))
    assert job.wait(60)
    outcome = job.outcome
    assert job.error is None and outcome is not None and not outcome.cancelled
    assert outcome.result.roster.shifts and outcome.report.kpis.shifts == len(
        outcome.result.roster.shifts)
    assert job.progress is not None and job.progress.solutions >= 1
    assert outcome.service is not None and 0 <= outcome.service["frt_attainment"] <= 1


def test_cancel_stops_long_before_the_time_limit(sample: Problem) -> None:
    job = SolveJob.start(sample, time_limit=120, workers=2)
    deadline = time.monotonic() + 60
    while (job.progress is None or job.progress.solutions == 0) and time.monotonic() < deadline:
        time.sleep(0.2)
    job.cancel()
    assert job.wait(30), "cancel did not stop the solver"
    assert job.elapsed < 30
    assert job.outcome is not None and job.outcome.cancelled


def test_infeasible_team_ends_with_conflicts_not_an_exception() -> None:
    job = SolveJob.start(load_problem(FIXTURES / "infeasible_team"), time_limit=3, workers=2)
    assert job.wait(60)
    assert job.outcome is None and isinstance(job.infeasible, InfeasibleRosterError)
    assert job.infeasible.conflicts


def test_service_hook_gives_a_summary_for_a_roster(small: Problem) -> None:
    summary = predicted_service(small, (), None)
    assert summary is not None and summary["frt_attainment"] < 0.5  # nobody rostered
