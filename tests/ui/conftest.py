"""UI test helpers: a private scenario database per test and an AppTest on a chosen team."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from scheduler.domain import Problem
from scheduler.team_io import load_problem

APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'scenarios.db'}"
    monkeypatch.setenv("ROSTER_DB_URL", url)
    return url


@pytest.fixture
def small() -> Problem:
    return load_problem(FIXTURES / "small_team")


@pytest.fixture
def sample() -> Problem:
    return load_problem(FIXTURES / "sample_team")


@pytest.fixture
def app(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], AppTest]:
    """An AppTest opened on a bundled team (the same switch the README documents)."""

    def make(team: str = "small_team") -> AppTest:
        monkeypatch.setenv("ROSTER_TEAM_DIR", str(FIXTURES / team))
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.run()
        assert not at.exception, at.exception
        return at

    return make


def solve_in_app(at: AppTest, seconds: int = 4, timeout: float = 60) -> None:
    """Start a solve on the Solve page and rerun until the background job is collected."""
    at.switch_page("pages/solve.py").run()
    at.slider(key="solve_time_limit").set_value(seconds)
    at.number_input(key="solve_workers").set_value(2)
    at.button(key="solve_start").click().run()
    deadline = time.monotonic() + timeout
    while at.session_state["solve_job"] is not None:
        assert time.monotonic() < deadline, "solve did not finish in time"
        time.sleep(0.5)
        at.run()
    assert not at.exception, at.exception
