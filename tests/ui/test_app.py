"""Main flows through the real app script with Streamlit's AppTest (no browser)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from tests.ui.conftest import FIXTURES, solve_in_app


def texts(at: AppTest) -> str:
    parts = [e.value for e in (*at.error, *at.success, *at.info, *at.warning, *at.markdown,
                               *at.caption)]
    return "\n".join(str(p) for p in parts)


def test_opens_on_the_bundled_sample_team(app: Callable[[str], AppTest],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    at = app("sample_team")
    monkeypatch.delenv("ROSTER_TEAM_DIR")
    fresh = AppTest.from_file(str(at._script_path), default_timeout=60).run()
    assert not fresh.exception
    assert fresh.title[0].value == "Team & agents"
    problem = fresh.session_state["problem"]
    assert len(problem.agents) == 30 and "Sample AliExpress store" in problem.settings.name
    assert "30 agents" in texts(fresh)


def test_editing_a_rule_changes_the_problem(app: Callable[[str], AppTest]) -> None:
    at = app("small_team")
    at.switch_page("pages/rules.py").run()
    key = next(w.key for w in at.number_input if w.key.startswith("rules.min_rest_hours__"))
    at.number_input(key=key).set_value(12.0).run()
    assert not at.error
    assert at.session_state["problem"].rules.min_rest_hours == 12.0


def test_invalid_rule_shows_a_specific_message_and_blocks_solving(
        app: Callable[[str], AppTest]) -> None:
    at = app("small_team")
    at.switch_page("pages/rules.py").run()
    key = next(w.key for w in at.number_input if w.key.startswith("rules.max_shift_hours__"))
    at.number_input(key=key).set_value(6.0).run()
    assert "shift length 8 h exceeds the 6 h cap" in at.error[0].value
    assert at.session_state["problem"].rules.max_shift_hours == 8  # last valid problem kept
    at.switch_page("pages/solve.py").run()
    assert at.button(key="solve_start").disabled
    assert "Rules & weights" in at.error[0].value


def test_invalid_agent_cell_is_reported_with_row_and_column(
        app: Callable[[str], AppTest]) -> None:
    at = app("small_team")
    key = f"agents__{at.session_state['editor_generation']}"  # the editor's widget state
    at.session_state[key] = {"edited_rows": {2: {"timezone": "Mars/Olympus"}},
                             "added_rows": [], "deleted_rows": []}
    at.run()
    message = at.error[0].value
    assert "agents table, row 3, field 'timezone'" in message and "Mars/Olympus" in message
    assert at.session_state["edit_errors"].keys() == {"agents"}


def test_a_rejected_table_comes_back_as_typed_after_another_page(
        app: Callable[[str], AppTest]) -> None:
    at = app("small_team")
    key = f"agents__{at.session_state['editor_generation']}"
    at.session_state[key] = {"edited_rows": {2: {"timezone": "Mars/Olympus"}},
                             "added_rows": [], "deleted_rows": []}
    at.run()
    at.switch_page("pages/rules.py").run()
    assert key not in at.session_state  # Streamlit forgot the editor of the page left
    at.switch_page("pages/team.py").run()
    assert at.session_state["editor_bases"]["agents"].loc[2, "timezone"] == "Mars/Olympus"
    assert "agents table, row 3, field 'timezone'" in at.error[0].value
    assert str(at.session_state["problem"].agents[2].zone) == "Asia/Shanghai"
    # fixing the cell in the table shown (the draft) applies it and clears the message
    at.session_state[key] = {"edited_rows": {2: {"timezone": "Asia/Tokyo"}},
                             "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.error and not at.session_state["edit_errors"]
    assert str(at.session_state["problem"].agents[2].zone) == "Asia/Tokyo"
    assert "agents" not in at.session_state["editor_drafts"]


def test_a_rejected_rule_value_stays_in_its_field_after_another_page(
        app: Callable[[str], AppTest]) -> None:
    at = app("small_team")
    at.switch_page("pages/rules.py").run()
    key = next(w.key for w in at.number_input if w.key.startswith("rules.max_shift_hours__"))
    at.number_input(key=key).set_value(6.0).run()
    at.switch_page("pages/team.py").run()
    at.switch_page("pages/rules.py").run()
    assert at.number_input(key=key).value == 6.0  # as typed, not the problem's 8
    assert "shift length 8 h exceeds the 6 h cap" in at.error[0].value
    at.number_input(key=key).set_value(8.0).run()
    assert not at.error and not at.session_state["edit_errors"]


def test_six_hour_cap_tool_makes_the_what_if_valid(app: Callable[[str], AppTest]) -> None:
    at = app("small_team")
    at.switch_page("pages/rules.py").run()
    at.number_input(key="cap_hours").set_value(6.0)
    at.button(key="cap_apply").click().run()
    problem = at.session_state["problem"]
    assert problem.rules.max_shift_hours == 6 and not at.error
    assert all(max(a.shift_lengths) <= 6 for a in problem.agents)


def test_demand_multiplier_raises_friday_spanish(app: Callable[[str], AppTest]) -> None:
    at = app("small_team")
    at.switch_page("pages/demand.py").run()
    before = sum(r.primary for r in at.session_state["problem"].demand
                 if r.language == "es" and r.weekday == 4)
    at.selectbox(key="mult_language").set_value("es")
    at.multiselect(key="mult_days").set_value([4])
    at.number_input(key="mult_percent").set_value(100)
    at.button(key="mult_apply").click().run()
    after = sum(r.primary for r in at.session_state["problem"].demand
                if r.language == "es" and r.weekday == 4)
    assert after == 2 * before > 0
    assert at.success[0].value == "Applied: +100% primary demand on Fri (es)."


def test_solve_small_team_shows_roster_kpis_and_downloads(app: Callable[[str], AppTest]) -> None:
    at = app("small_team")
    solve_in_app(at, seconds=4)
    assert at.success[0].value.startswith("Roster ready — solve #1: ")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["24/7 held"] in ("yes", "NO") and metrics["Uncovered hours"].endswith(" h")
    charts = at.get("plotly_chart")
    assert len(charts) == 2  # Gantt + coverage
    downloads = [d.proto.label for d in at.get("download_button")]
    assert {"Roster CSV", "Roster Excel (.xlsx)", "All calendars (.zip)",
            "Calendar (.ics) for S1"} <= set(downloads)


def test_infeasible_team_lists_the_clashing_rules(app: Callable[[str], AppTest]) -> None:
    at = app("infeasible_team")
    solve_in_app(at, seconds=3)
    assert "No roster can satisfy every hard rule" in at.error[0].value
    assert at.session_state["solve_outcome"] is None
    assert any("**" in m.value for m in at.markdown)  # one bullet per conflict


def test_save_scenario_change_resolve_and_diff(app: Callable[[str], AppTest]) -> None:
    at = app("small_team")
    solve_in_app(at, seconds=4)
    at.switch_page("pages/scenarios.py").run()
    at.text_input(key="scenario_name").set_value("baseline")
    at.button(key="scenario_save").click().run()
    assert "Saved “baseline” version 1" in at.success[0].value
    # what-if: S7 on leave on the local day of one of their saved shifts, then re-solve
    baseline = at.session_state["solve_outcome"].result.roster.shifts
    s7_zone = at.session_state["problem"].agent("S7").zone
    worked = min(s.start.astimezone(s7_zone).date() for s in baseline if s.agent_id == "S7")
    at.switch_page("pages/team.py").run()
    at.selectbox(key="leave_agent").set_value("S7")
    at.date_input(key="leave_days").set_value((worked, worked + dt.timedelta(days=1)))
    at.button(key="leave_apply").click().run()
    assert at.session_state["problem"].time_off[-1].agent_id == "S7"
    solve_in_app(at, seconds=4)
    assert at.session_state["solve_outcome"].problem.time_off[-1].agent_id == "S7"
    at.switch_page("pages/scenarios.py").run()
    page = texts(at)
    assert "Current roster (solve #2) vs “baseline” v1" in [s.value for s in at.subheader][-1]
    assert "**Shifts:**" in page and "0 added, 0 removed, 0 moved" not in page
    frames = {tuple(d.value.columns)[:2]: d.value for d in at.dataframe}
    assert "cost" in set(frames[("KPI", "saved")]["KPI"])
    per_agent = frames[("agent", "added")]
    s7 = per_agent[per_agent["agent"].str.startswith("S7")]
    assert len(s7) == 1  # S7's shift on the leave day had to go or move


def test_open_a_team_folder_and_a_bad_path(app: Callable[[str], AppTest]) -> None:
    at = app("small_team")
    at.text_input(key="open_folder_path").set_value("/nowhere/team").run()
    at.button(key="open_folder").click().run()
    message = at.error[0].value
    assert "Could not open the team" in message and "/nowhere/team" in message
    assert at.session_state["problem"].settings.name.startswith("Small store")
    at.text_input(key="open_folder_path").set_value(str(FIXTURES / "sample_team")).run()
    at.button(key="open_folder").click().run()
    assert len(at.session_state["problem"].agents) == 30 and not at.error


def test_pinned_shift_survives_a_re_solve(app: Callable[[str], AppTest]) -> None:
    at = app("small_team")
    solve_in_app(at, seconds=3)
    choice = at.multiselect(key="pin_choice")
    label = choice.options[0]
    choice.set_value([label]).run()
    at.button(key="pin_apply").click().run()
    pinned = at.session_state["problem"].pinned_shifts
    assert len(pinned) == 1 and label.startswith(pinned[0].agent_id)
    solve_in_app(at, seconds=3)
    assert pinned[0] in at.session_state["solve_outcome"].result.roster.shifts
    assert "📌 Pin shifts (1 pinned)" in [e.label for e in at.expander]


def test_table_edits_survive_visiting_another_page(app: Callable[[str], AppTest]) -> None:
    at = app("small_team")
    key = f"agents__{at.session_state['editor_generation']}"
    at.session_state[key] = {"edited_rows": {0: {"name": "Li Na (lead)"}},
                             "added_rows": [], "deleted_rows": []}
    at.run()
    assert at.session_state["problem"].agents[0].name == "Li Na (lead)"
    at.switch_page("pages/rules.py").run()
    at.switch_page("pages/team.py").run()
    assert at.session_state["problem"].agents[0].name == "Li Na (lead)"
    assert not at.error


def test_open_a_saved_version_in_the_editor(app: Callable[[str], AppTest]) -> None:
    at = app("small_team")
    at.switch_page("pages/scenarios.py").run()
    at.text_input(key="scenario_name").set_value("rules only")
    at.button(key="scenario_save").click().run()
    at.switch_page("pages/rules.py").run()
    key = next(w.key for w in at.number_input if w.key.startswith("rules.min_rest_hours__"))
    at.number_input(key=key).set_value(9.0).run()
    assert at.session_state["problem"].rules.min_rest_hours == 9.0
    at.switch_page("pages/scenarios.py").run()
    at.selectbox(key="browse_name").set_value("rules only").run()
    at.button(key="browse_open").click().run()
    assert at.session_state["problem"].rules.min_rest_hours == 11.0
    assert "This saved version has no roster to compare with." in texts(at)


def test_demand_grid_and_peak_weight_edits(app: Callable[[str], AppTest]) -> None:
    at = app("small_team")
    at.switch_page("pages/demand.py").run()
    generation = at.session_state["editor_generation"]
    at.session_state[f"demand.en.primary__{generation}"] = {
        "edited_rows": {4: {"10:00": 5}}, "added_rows": [], "deleted_rows": []}
    at.run()
    fri_10 = [r for r in at.session_state["problem"].demand
              if (r.weekday, r.start.hour, r.language) == (4, 10, "en")]
    assert [r.primary for r in fri_10] == [5] and not at.error
    at.session_state[f"peaks__{generation}"] = {
        "edited_rows": {0: {"weight": "0.5"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    message = at.error[0].value
    assert "holiday & peak table, row 1, field 'weight'" in message and "1" in message
    assert at.session_state["problem"].peaks[0].weight == 2.0  # last valid value kept
    at.switch_page("pages/solve.py").run()
    assert at.button(key="solve_start").disabled



def test_a_late_edit_from_a_page_left_keeps_the_manager_where_they_went(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The grid sends a committed cell 150 ms after Enter; if the manager clicked another page
    meanwhile, that message still names the old page. Its edit is applied by ``on_change``
    (which marks the run); the page the menu switched to stays."""
    from ui import state

    session: dict[str, object] = {}
    monkeypatch.setattr(state.st, "session_state", session)
    state.mark_shown("rules")  # the menu switched to Rules & weights
    session["edit_arrived"] = True  # what commit_table / commit_fields record
    assert state.page_to_keep("team", navigating=False) == "rules"
    assert "edit_arrived" not in session  # one run only
    assert state.page_to_keep("team", navigating=False) is None  # e.g. the back button
    session["edit_arrived"] = True
    assert state.page_to_keep("team", navigating=True) is None  # a menu click wins
    session["edit_arrived"] = True
    assert state.page_to_keep("rules", navigating=False) is None  # already there


def test_the_goal_is_chosen_on_the_rules_page(app: Callable[[str], AppTest]) -> None:
    at = app("small_team")
    at.switch_page("pages/rules.py").run()
    assert not at.exception, at.exception
    goal = next(s for s in at.selectbox if s.label == "goal")
    assert goal.value == "service" and len(goal.options) == 2
    assert goal.options[1].startswith("coverage")  # shown with what each goal means
    goal.set_value("coverage").run()
    assert at.session_state["problem"].weights.goal == "coverage"
