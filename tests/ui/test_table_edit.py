"""Editor tables parse like the team files and reject bad cells with row and column named."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from scheduler.domain import Problem, Rules
from scheduler.errors import InputError
from ui.table_edit import (
    agents_frame,
    apply_editor_state,
    demand_from_grid,
    agents_from_frame,
    check_problem,
    demand_matrix,
    demand_with_matrix,
    peaks_frame,
    peaks_from_frame,
    problem_from_uploads,
    rebuild,
    settings_from_values,
    time_off_frame,
    time_off_from_frame,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def test_agents_round_trip_through_the_table(sample: Problem) -> None:
    assert agents_from_frame(agents_frame(sample), sample) == sample.agents


def test_bad_time_zone_names_table_row_and_column(small: Problem) -> None:
    frame = agents_frame(small)
    frame.loc[2, "timezone"] = "Mars/Olympus"
    with pytest.raises(InputError) as err:
        agents_from_frame(frame, small)
    assert (err.value.row, err.value.field) == (3, "timezone")
    assert "unknown IANA time zone 'Mars/Olympus'" in str(err.value)
    assert str(err.value).startswith("agents table, row 3, field 'timezone'")


def test_availability_syntax_error_is_the_file_parsers_message(small: Problem) -> None:
    frame = agents_frame(small)
    frame.loc[0, "availability"] = "Mon-Fri 9-18"
    with pytest.raises(InputError, match="is not like 'Mon-Fri 09:00-18:00'") as err:
        agents_from_frame(frame, small)
    assert err.value.field == "availability"


def test_shift_length_over_the_cap_and_duplicate_ids_are_rejected(small: Problem) -> None:
    frame = agents_frame(small)
    frame.loc[1, "shift_lengths"] = "10"
    with pytest.raises(InputError, match="10 h exceeds the 8 h cap"):
        agents_from_frame(frame, small)
    frame = agents_frame(small)
    frame.loc[4, "id"] = "S1"
    with pytest.raises(InputError, match="duplicate id 'S1' \\(first on row 1\\)"):
        agents_from_frame(frame, small)


def test_blank_rows_are_ignored_and_an_empty_table_is_an_error(small: Problem) -> None:
    frame = agents_frame(small)
    frame.loc[len(frame)] = [None] * len(frame.columns)
    assert len(agents_from_frame(frame, small)) == len(small.agents)
    with pytest.raises(InputError, match="no agents listed"):
        agents_from_frame(frame.iloc[0:0], small)


def test_time_off_and_peaks_round_trip_and_check_references(sample: Problem) -> None:
    ids = {a.id for a in sample.agents}
    assert time_off_from_frame(time_off_frame(sample), ids) == sample.time_off
    assert peaks_from_frame(peaks_frame(sample)) == sample.peaks
    frame = time_off_frame(sample)
    frame.loc[len(frame)] = ["ZZ9", "2026-12-01", "2026-12-01", "x"]
    with pytest.raises(InputError, match="unknown agent 'ZZ9'"):
        time_off_from_frame(frame, ids)
    peaks = peaks_frame(sample)
    peaks.loc[0, "end"] = "2026-13-01"
    with pytest.raises(InputError, match="not a date like 2026-11-27") as err:
        peaks_from_frame(peaks)
    assert (str(err.value.file), err.value.row, err.value.field) == (
        "holiday & peak table", 1, "end")


def test_demand_grid_round_trip_and_edit(small: Problem) -> None:
    grid = demand_matrix(small, "es")
    assert grid.loc["Mon", "17:00"] == 2 and grid.loc["Mon", "22:00"] == 0
    same = demand_with_matrix(small, "es", "primary", grid)
    assert demand_matrix(rebuild(small, demand=same), "es").equals(grid)
    grid.loc["Fri", "10:00"] = 3
    edited = rebuild(small, demand=demand_with_matrix(small, "es", "primary", grid))
    check_problem(edited)
    assert demand_matrix(edited, "es").loc["Fri", "10:00"] == 3
    assert demand_matrix(edited, "en").equals(demand_matrix(small, "en"))


def test_editor_state_is_applied_like_streamlit_does(small: Problem) -> None:
    """What an editor's on_change sees (its starting table + reported edits) parses as shown."""
    base = agents_frame(small)
    state = {"edited_rows": {0: {"name": "Li Na (lead)"}, "3": {"max_hours": "38"}},
             "deleted_rows": [7],
             "added_rows": [{"id": "S9", "name": "New Hire", "timezone": "Europe/Madrid",
                             "primary_languages": "es", "min_hours": "16", "max_hours": "24",
                             "max_shifts": "4", "shift_lengths": "4 6"}]}
    table = apply_editor_state(base, state)
    assert base.loc[0, "name"] == "Li Na"  # the starting table is left alone
    agents = agents_from_frame(table, small)
    assert [a.id for a in agents] == ["S1", "S2", "S3", "S4", "S5", "S6", "S7", "S9"]
    assert (agents[0].name, agents[3].max_hours, agents[-1].name) == ("Li Na (lead)", 38,
                                                                    "New Hire")
    assert apply_editor_state(base, {"edited_rows": {}, "added_rows": [],
                                     "deleted_rows": []}).equals(base.astype(object))


def test_an_untouched_demand_grid_keeps_half_hour_rows(small: Problem) -> None:
    half = [r.model_copy(update={"end": dt.time(r.start.hour, 30)}) if
            (r.weekday, r.start.hour, r.language) == (0, 9, "en") else r for r in small.demand]
    problem = rebuild(small, demand=tuple(half))
    assert any(r.end.minute == 30 for r in problem.demand)
    grid = demand_matrix(problem, "en")
    assert demand_from_grid(problem, "en", "primary", grid) == problem.demand
    grid = apply_editor_state(grid, {"edited_rows": {4: {"10:00": 3}}})
    edited = demand_from_grid(problem, "en", "primary", grid)
    assert demand_matrix(rebuild(problem, demand=edited), "en").loc["Fri", "10:00"] == 3
    grid.loc["Sat", "01:00"] = "lots"
    with pytest.raises(InputError, match="'lots' is not a whole number") as err:
        demand_from_grid(problem, "en", "primary", grid)
    assert (err.value.row, err.value.field) == (6, "01:00")


def test_demand_grid_rejects_negative_or_fractional_cells(small: Problem) -> None:
    grid = demand_matrix(small, "ru").astype(object)
    grid.loc["Tue", "03:00"] = -1
    with pytest.raises(InputError, match="not a whole number of agents") as err:
        demand_with_matrix(small, "ru", "primary", grid)
    assert (err.value.row, err.value.field) == (2, "03:00")


def test_rules_errors_name_the_field_and_cross_checks_catch_contracts(small: Problem) -> None:
    values = small.rules.model_dump() | {"shift_start_step_minutes": 45}
    with pytest.raises(InputError, match="must be 30, 60 or 120"):
        settings_from_values(Rules, "rules", values)
    values = small.rules.model_dump() | {"max_shift_hours": -1}
    with pytest.raises(InputError) as err:
        settings_from_values(Rules, "rules", values)
    assert err.value.field == "rules.max_shift_hours"
    capped = rebuild(small, rules=small.rules.model_copy(update={"max_shift_hours": 6.0}))
    with pytest.raises(InputError, match="8 h exceeds the 6 h cap"):
        check_problem(capped)


def test_uploaded_files_load_like_a_folder_and_errors_name_the_file() -> None:
    files = {p.name: p.read_bytes() for p in (FIXTURES / "small_team").iterdir()}
    assert problem_from_uploads(files).settings.name.startswith("Small store")
    files["agents.csv"] = files["agents.csv"].replace(b"Asia/Shanghai", b"Asia/Nowhere", 1)
    with pytest.raises(InputError) as err:
        problem_from_uploads(files)
    assert str(err.value).startswith("agents.csv, row 2, field 'timezone'")
    with pytest.raises(InputError, match="unexpected file"):
        problem_from_uploads({"notes.txt": b""})
