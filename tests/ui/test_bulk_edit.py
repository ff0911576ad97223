"""Issue 12: bulk edit — set contract fields for several agents at once, validated like cells."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from scheduler.domain import Problem
from ui.table_edit import bulk_set


def test_values_are_set_for_the_chosen_agents_only(small: Problem) -> None:
    new, refused = bulk_set(small, ["S1", "S3"], {"min_hours": "20", "max_hours": "36",
                                                  "max_shifts": "4", "shift_lengths": "4 8",
                                                  "night_willing": "no", "days_off": ""})
    assert refused == {}
    changed = {a.id: a for a in new.agents}
    for agent_id in ("S1", "S3"):
        a = changed[agent_id]
        assert (a.min_hours, a.max_hours, a.max_shifts, a.shift_lengths, a.night_willing) == (
            20, 36, 4, (4, 8), False)
    untouched = [a for a in new.agents if a.id not in ("S1", "S3")]
    assert untouched == [a for a in small.agents if a.id not in ("S1", "S3")]


def test_a_bad_value_is_named_and_blocks_nothing_else(small: Problem) -> None:
    new, refused = bulk_set(small, ["S1", "S2"], {"max_hours": "forty", "max_shifts": "4"})
    assert list(refused) == ["max_hours"]
    assert refused["max_hours"].startswith("agents table, row 1, field 'max_hours'")
    assert "'forty' is not a number" in refused["max_hours"]
    assert [a.max_shifts for a in new.agents[:2]] == [4, 4]
    assert [a.max_hours for a in new.agents[:2]] == [40, 40]


def test_a_value_refused_for_one_agent_is_left_out_for_all(small: Problem) -> None:
    """S5's contract tops out at 24 h: 30 h minimum would break it, so nobody gets it."""
    new, refused = bulk_set(small, ["S1", "S5"], {"min_hours": "30", "max_shifts": "3"})
    assert "row 5" in refused["min_hours"] and "exceeds max_hours 24" in refused["min_hours"]
    assert [a.min_hours for a in new.agents] == [a.min_hours for a in small.agents]
    assert {a.id: a.max_shifts for a in new.agents if a.id in ("S1", "S5")} == {"S1": 3, "S5": 3}


def test_values_valid_only_together_are_applied_together(small: Problem) -> None:
    new, refused = bulk_set(small, ["S5"], {"min_hours": "30", "max_hours": "36"})
    assert refused == {}
    assert (new.agents[4].min_hours, new.agents[4].max_hours) == (30, 36)


def test_shift_lengths_are_checked_against_the_rules(small: Problem) -> None:
    _, refused = bulk_set(small, ["S2"], {"shift_lengths": "10"})
    assert "exceeds the 8 h cap" in refused["shift_lengths"]


def test_only_contract_columns_can_be_set_in_bulk(small: Problem) -> None:
    with pytest.raises(ValueError, match="not settable in bulk: id"):
        bulk_set(small, ["S1"], {"id": "S9"})


def bulk_in_app(at: AppTest, agents: list[str], values: dict[str, str]) -> AppTest:
    at.multiselect(key="bulk_agents").set_value(agents)
    for column, text in values.items():
        at.text_input(key=f"bulk_{column}").input(text)
    return at.button(key="FormSubmitter:bulk_edit-Apply to the selected agents").click().run()


def test_bulk_edit_in_the_app(app: Callable[[str], AppTest]) -> None:
    at = bulk_in_app(app("small_team"), ["S1", "S2", "S4"],
                     {"min_hours": "24", "max_hours": "32", "max_shifts": "six"})
    assert not at.exception
    problem = at.session_state["problem"]
    assert [(a.min_hours, a.max_hours) for a in problem.agents[:4]] == [
        (24, 32), (24, 32), (32, 40), (24, 32)]
    assert [a.max_shifts for a in problem.agents[:4]] == [5, 5, 5, 5]
    assert at.error[0].value.startswith("max_shifts not applied — agents table, row 1, field "
                                        "'max_shifts'")
    assert "Applied to 3 agents: min_hours = 24; max_hours = 32." in at.success[0].value
    # the table shows the new values, and nothing blocks solving
    assert list(at.session_state["editor_bases"]["agents"].loc[:3, "max_hours"]) == [
        "32", "32", "40", "32"]
    assert not at.session_state["edit_errors"]


def test_bulk_edit_waits_for_a_rejected_table_edit(app: Callable[[str], AppTest]) -> None:
    """Applying it would redraw the table from the problem and lose what was typed."""
    at = app("small_team")
    key = f"agents__{at.session_state['editor_generation']}"
    at.session_state[key] = {"edited_rows": {2: {"timezone": "Mars/Olympus"}},
                             "added_rows": [], "deleted_rows": []}
    at.run()
    at = bulk_in_app(at, ["S1"], {"max_hours": "36"})
    assert any("first fix or undo the rejected edit on Team & agents" in e.value
               for e in at.error)
    assert at.session_state["problem"].agents[0].max_hours == 40
    assert at.session_state["editor_drafts"]["agents"].loc[2, "timezone"] == "Mars/Olympus"


def test_other_tools_keep_a_rejected_edit_elsewhere(app: Callable[[str], AppTest]) -> None:
    """A demand multiplier does not touch the rules: a rejected rule value stays as typed."""
    at = app("small_team")
    at.switch_page("pages/rules.py").run()
    key = next(w.key for w in at.number_input if w.key.startswith("rules.max_shift_hours__"))
    at.number_input(key=key).set_value(6.0).run()
    at.switch_page("pages/demand.py").run()
    at.button(key="mult_apply").click().run()
    assert "Applied: +30% primary demand" in at.success[0].value
    assert at.session_state["edit_errors"].keys() == {"rules"}
    at.switch_page("pages/rules.py").run()
    key = next(w.key for w in at.number_input if w.key.startswith("rules.max_shift_hours__"))
    assert at.number_input(key=key).value == 6.0
    assert "shift length 8 h exceeds the 6 h cap" in at.error[0].value
