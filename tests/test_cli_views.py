"""What the terminal prints when it compares rosters."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console

from scheduler.cli_views import previous_roster, roster_changes, roster_labels
from scheduler.roster_io import write_shifts_csv
from scheduler.team_io import load_problem
from test_validator import shift
from toy import make_agent, make_problem


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("out1/roster.csv", "out2/roster.csv", ("out1/roster.csv", "out2/roster.csv")),
    ("x/out/roster.csv", "y/out/roster.csv", ("x/out/roster.csv", "y/out/roster.csv")),
    ("out/roster.csv", "out/whatif.csv", ("roster.csv", "whatif.csv")),
    ("out/roster.csv", "out/../out/roster.csv", ("roster.csv (A)", "roster.csv (B)")),
])
def test_two_rosters_get_names_that_tell_them_apart(a: str, b: str, expected: tuple[str, str]):
    assert roster_labels(Path(a), Path(b)) == expected


def render(parts: list) -> str:  # noqa: ANN001
    console = Console(width=200, record=True)
    for part in parts:
        console.print(part)
    return " ".join(console.export_text().split())


def test_changes_per_agent_with_counts_and_hours(tmp_path: Path):
    problem = make_problem([make_agent("A"), make_agent("B")])
    before = [shift("A", 0, 9, 8), shift("A", 1, 9, 8), shift("B", 2, 9, 8)]
    after = [shift("A", 0, 9, 8), shift("A", 1, 11, 8), shift("B", 2, 9, 8), shift("B", 3, 9, 8)]
    write_shifts_csv(tmp_path / "roster.csv", before, problem)
    previous = previous_roster(tmp_path, problem)
    assert previous == before
    text = render(roster_changes(previous, after, problem, tmp_path))
    assert "shifts 1 added, 0 removed, 1 moved, 2 unchanged; 2 agent(s) affected" in text
    assert "Agent A (A)" in text and "16 → 16 h" in text
    assert "Agent B (B)" in text and "8 → 16 h" in text


def test_nothing_to_compare_or_nothing_changed(tmp_path: Path):
    problem = make_problem([make_agent("A")])
    assert previous_roster(tmp_path, problem) is None
    assert roster_changes(None, [], problem, tmp_path) == []
    same = [shift("A", 0, 9, 8)]
    assert "Same shifts as the roster already in" in render(
        roster_changes(same, same, problem, tmp_path))


def test_a_roster_of_another_team_or_week_is_replaced_with_a_note(tmp_path: Path,
                                                                  fixtures_dir: Path):
    problem = make_problem([make_agent("A")])
    write_shifts_csv(tmp_path / "roster.csv", [shift("A", 8, 9, 8)], problem)  # next week
    assert previous_roster(tmp_path, problem) == "it was for another week"
    other = load_problem(fixtures_dir / "small_team")
    note = previous_roster(tmp_path, other)  # agent A is not in the small team
    assert isinstance(note, str) and note.startswith("it cannot be compared")
    assert "is replaced; it cannot be compared" in render(
        roster_changes(note, [], other, tmp_path))
