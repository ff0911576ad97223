"""The only module that reads or writes ``st.session_state``.

Pages ask for "the problem being edited", "the finished solve", "the baseline scenario" by
function, so keys are spelled once and every page agrees on what a change resets:

* loading a team or applying a what-if tool replaces the problem and rebuilds the editors;
* a table or form edit updates the problem in place (the editor keeps the manager's cursor);
* an invalid edit leaves the last valid problem untouched and records a blocking message.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from scheduler.domain import Problem
from scheduler.errors import InputError, RosterError
from scheduler.scenario_store import ScenarioStore, StoredScenario, default_url
from scheduler.team_io import load_problem
from ui.solve_runner import SolveJob, SolveOutcome
from ui.table_edit import check_problem

__all__ = [
    "FIXTURES", "TEAM_DIR_ENV", "ensure_started", "problem", "source", "load", "replace_problem",
    "apply_edit", "errors", "editor_key", "editor_base", "job", "start_job", "collect_job",
    "outcome", "solve_error", "baseline", "set_baseline", "store",
]

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TEAM_DIR_ENV = "ROSTER_TEAM_DIR"

_PROBLEM = "problem"
_SOURCE = "problem_source"
_ERRORS = "edit_errors"
_GENERATION = "editor_generation"
_BASES = "editor_bases"
_JOB = "solve_job"
_OUTCOME = "solve_outcome"
_SOLVE_ERROR = "solve_error"
_BASELINE = "baseline_scenario"


def ensure_started() -> None:
    """Open on ``$ROSTER_TEAM_DIR`` or the bundled sample team, once per browser session."""
    if _PROBLEM in st.session_state:
        return
    folder = os.environ.get(TEAM_DIR_ENV) or str(FIXTURES / "sample_team")
    try:
        load(load_problem(folder), folder)
    except InputError as exc:
        st.session_state[_SOLVE_ERROR] = RosterError(f"could not open {folder}: {exc}")
        load(load_problem(FIXTURES / "sample_team"), str(FIXTURES / "sample_team"))


def problem() -> Problem:
    current: Problem = st.session_state[_PROBLEM]
    return current


def source() -> str:
    return str(st.session_state.get(_SOURCE, ""))


def load(new: Problem, label: str) -> None:
    """A different team: forget edits, errors, results and the baseline of the previous one."""
    st.session_state[_PROBLEM] = new
    st.session_state[_SOURCE] = label
    st.session_state[_ERRORS] = {}
    st.session_state[_OUTCOME] = None
    st.session_state[_BASELINE] = None
    st.session_state[_SOLVE_ERROR] = None
    _reset_editors()


def replace_problem(new: Problem) -> None:
    """A what-if tool changed the problem: editors must show the new values."""
    check_problem(new)
    st.session_state[_PROBLEM] = new
    st.session_state[_ERRORS] = {}
    _reset_editors()


def _reset_editors() -> None:
    st.session_state[_GENERATION] = st.session_state.get(_GENERATION, 0) + 1
    st.session_state[_BASES] = {}


def apply_edit(section: str, make: Callable[[Problem], Problem]) -> str | None:
    """Apply an edit if it validates; otherwise record its message (which blocks solving)."""
    current = problem()
    try:
        new = make(current)
        check_problem(new)
    except InputError as exc:
        st.session_state[_ERRORS][section] = str(exc)
        return str(exc)
    st.session_state[_ERRORS].pop(section, None)
    if new != current:
        st.session_state[_PROBLEM] = new
    return None


def errors() -> dict[str, str]:
    """Section -> message of every edit currently rejected."""
    return dict(st.session_state.get(_ERRORS, {}))


def editor_key(name: str) -> str:
    """Widget key that changes whenever the problem is replaced, so widgets re-read it."""
    return f"{name}__{st.session_state.get(_GENERATION, 0)}"


def editor_base(name: str, build: Callable[[], Any]) -> Any:
    """The table an editor starts from; its widget state holds the edits as deltas on it.

    Fixed while the editor is alive, so deltas keep applying to the same rows. Streamlit drops
    a widget's state when its page is left; the base is then rebuilt from the current problem,
    so edits applied earlier are shown (not replayed, not lost) on coming back.
    """
    bases: dict[str, Any] = st.session_state.setdefault(_BASES, {})
    if name not in bases or editor_key(name) not in st.session_state:
        bases[name] = build()
    value = bases[name]
    return value.copy() if isinstance(value, pd.DataFrame) else value


def job() -> SolveJob | None:
    return st.session_state.get(_JOB)


def start_job(new: SolveJob) -> None:
    st.session_state[_JOB] = new
    st.session_state[_SOLVE_ERROR] = None


def collect_job() -> None:
    """Move a finished background solve into the session (outcome or error)."""
    running = job()
    if running is None or not running.done:
        return
    st.session_state[_JOB] = None
    if running.outcome is not None:
        st.session_state[_OUTCOME] = running.outcome
    st.session_state[_SOLVE_ERROR] = running.error


def outcome() -> SolveOutcome | None:
    return st.session_state.get(_OUTCOME)


def solve_error() -> RosterError | None:
    return st.session_state.get(_SOLVE_ERROR)


def baseline() -> StoredScenario | None:
    return st.session_state.get(_BASELINE)


def set_baseline(scenario: StoredScenario | None) -> None:
    st.session_state[_BASELINE] = scenario


@st.cache_resource(show_spinner=False)
def _store(url: str) -> ScenarioStore:
    return ScenarioStore(url)


def store() -> ScenarioStore:
    """One store per database URL for the whole server (tabs share it; saves are versioned)."""
    return _store(default_url())
