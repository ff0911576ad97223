"""Issue 12: an edit is never silently dropped — not even by reloading the page.

Streamlit keeps a tab's state in server memory only; these tests open the app a second time
with the address of the first (``?copy=<token>``), which is what a reload, a new tab on that
address or a session lost while the laptop slept does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from scheduler.team_io import load_problem
from tests.ui.conftest import APP, FIXTURES
from ui import working_copy


def edit_agents(at: AppTest, edits: dict[int, dict[str, str]]) -> AppTest:
    key = f"agents__{at.session_state['editor_generation']}"  # the editor's widget state
    at.session_state[key] = {"edited_rows": edits, "added_rows": [], "deleted_rows": []}
    return at.run()


def reopen(at: AppTest) -> AppTest:
    """A new browser session on the same address (what a reload is to Streamlit)."""
    fresh = AppTest.from_file(str(APP), default_timeout=60)
    fresh.query_params[working_copy.PARAM] = at.query_params[working_copy.PARAM]
    fresh.run()
    assert not fresh.exception, fresh.exception
    return fresh


def test_the_address_carries_a_working_copy_token(app: Callable[[str], AppTest]) -> None:
    at = app("small_team")
    token = at.query_params[working_copy.PARAM]
    assert working_copy.valid_token(token) and token == at.session_state["working_copy_token"]
    at.switch_page("pages/rules.py").run()
    assert at.query_params[working_copy.PARAM] == token  # kept across pages


def test_accepted_edits_survive_a_reload(app: Callable[[str], AppTest]) -> None:
    at = edit_agents(app("small_team"), {0: {"name": "Li Na (lead)"}, 3: {"max_hours": "38"}})
    at.switch_page("pages/rules.py").run()
    key = next(w.key for w in at.number_input if w.key.startswith("rules.min_rest_hours__"))
    at.number_input(key=key).set_value(12.0).run()

    again = reopen(at)
    problem = again.session_state["problem"]
    assert (problem.agents[0].name, problem.agents[3].max_hours) == ("Li Na (lead)", 38)
    assert problem.rules.min_rest_hours == 12
    assert again.session_state["problem_source"].endswith("small_team")
    assert "Continuing your work on" in again.success[0].value
    assert again.query_params[working_copy.PARAM] == at.query_params[working_copy.PARAM]


def test_a_rejected_edit_survives_a_reload_and_still_blocks_solving(
        app: Callable[[str], AppTest]) -> None:
    at = edit_agents(app("small_team"), {2: {"timezone": "Mars/Olympus"}})
    assert "agents table, row 3, field 'timezone'" in at.error[0].value

    again = reopen(at)
    assert again.session_state["edit_errors"].keys() == {"agents"}
    assert "Mars/Olympus" in again.session_state["editor_bases"]["agents"].loc[2, "timezone"]
    assert "agents table, row 3, field 'timezone'" in " ".join(e.value for e in again.error)
    again.switch_page("pages/solve.py").run()
    assert again.button(key="solve_start").disabled


def test_another_team_opened_is_what_comes_back(app: Callable[[str], AppTest]) -> None:
    at = app("small_team")
    at.selectbox(key="open_bundled_name").set_value("infeasible_team")
    at.button(key="open_bundled").click().run()
    assert reopen(at).session_state["problem_source"].endswith("infeasible_team")


def test_an_unknown_address_starts_fresh_and_says_so(app: Callable[[str], AppTest],
                                                     db_url: str) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params[working_copy.PARAM] = working_copy.new_token()
    at.run()
    assert "No saved work was found for this address" in at.success[0].value
    assert len(at.session_state["problem"].agents) == 30  # the sample team


def test_file_round_trip_keeps_tables_times_and_messages(tmp_path: Path) -> None:
    problem = load_problem(FIXTURES / "small_team")
    grid = pd.DataFrame([["x", 1]], index=["Mon"], columns=["00:00", "01:00"], dtype=object)
    drafts = {"demand.en.primary": grid,
              "fields.rules": {"night_start": dt.time(1, 30), "relaxable": ("min_online",)}}
    token = working_copy.new_token()
    working_copy.save(token, working_copy.WorkingCopy(problem, "here", drafts, {"rules": "bad"}))
    back = working_copy.load(token)
    assert back is not None and back.problem == problem and back.source == "here"
    assert back.drafts["demand.en.primary"].equals(grid)
    assert back.drafts["fields.rules"] == drafts["fields.rules"]
    assert back.errors == {"rules": "bad"}
    path = working_copy.folder() / f"{token}.json"
    assert path.stat().st_mode & 0o777 == 0o600  # team data: owner only


def test_only_tokens_the_app_makes_name_a_file() -> None:
    for bad in (None, "", "short", "../../etc/passwd", "a" * 21 + "/", "x" * 65):
        assert not working_copy.valid_token(bad)
        assert working_copy.load(bad) is None
    assert working_copy.valid_token(working_copy.new_token())
