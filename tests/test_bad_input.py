"""Every kind of bad input stops `roster solve` the same way: exit 2, a message naming the file,
spreadsheet row and field (or the argument), no traceback, and nothing written to --out.

Each variant copies fixtures/small_team, breaks one thing, and runs the real command. Nearly all
fail while loading, so the table runs in seconds whatever the machine.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.cli_checks import (
    check_folder,
    check_input_file,
    check_out_dir,
    check_positive,
    check_range,
)
from scheduler.domain import Agent, DemandRow, PeakEvent, Rules, check_language
from scheduler.errors import InputError, plain_reason

runner = CliRunner()

PIN_HEADER = "agent_id,role,start_utc,end_utc\n"
S1_ROW = "S1,Li Na,Asia/Shanghai,en es,,32,40,5,8,,yes,,,no,CN,"


# ----------------------------------------------------------------------------- edit helpers


def edit(name: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(team: Path) -> None:
        path = team / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return apply


def write(name: str, text: str | bytes) -> Callable[[Path], None]:
    def apply(team: Path) -> None:
        path = team / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return apply


def append(name: str, line: str) -> Callable[[Path], None]:
    def apply(team: Path) -> None:
        with (team / name).open("a", encoding="utf-8") as f:
            f.write(line + "\n")
    return apply


def setting(key: str, value: str) -> Callable[[Path], None]:
    """Replace the line ``key = ...`` in team.toml (keys are unique in the fixture)."""
    def apply(team: Path) -> None:
        path = team / "team.toml"
        text, n = re.subn(rf"(?m)^{key} = .*$", f"{key} = {value}", path.read_text())
        assert n == 1, key
        path.write_text(text)
    return apply


def as_folder(name: str) -> Callable[[Path], None]:
    def apply(team: Path) -> None:
        path = team / name
        if path.exists():
            path.unlink()
        (path / "sub").mkdir(parents=True)
    return apply


def remove(name: str) -> Callable[[Path], None]:
    return lambda team: (team / name).unlink()


def both(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def apply(team: Path) -> None:
        for step in steps:
            step(team)
    return apply


def pin(start: str, end: str, agent: str = "S1", name: str = "pinned.csv"
        ) -> Callable[[Path], None]:
    return write(name, f"{PIN_HEADER}{agent},primary,{start},{end}\n")


def agent_cell(column: str, value: str) -> Callable[[Path], None]:
    """Set one cell of agent S1 (row 2)."""
    def apply(team: Path) -> None:
        path = team / "agents.csv"
        lines = path.read_text(encoding="utf-8").splitlines()
        header = lines[0].split(",")
        cells = lines[1].split(",")
        cells[header.index(column)] = value
        lines[1] = ",".join(cells)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return apply


# ----------------------------------------------------------------------------- the variants

A, D, P, T, TOML = "agents.csv", "demand.csv", "peaks.csv", "time_off.csv", "team.toml"

VARIANTS = [
    # pinned shifts (roster format) that no roster could contain
    pytest.param(pin("2026-11-30T01:17+00:00", "2026-11-30T09:17+00:00"),
                 ("pinned.csv", "row 2", "'start_utc'", "slot grid"), id="pin-off-grid-01:17"),
    pytest.param(both(setting("slot_minutes", "30"),
                      pin("2026-11-30T01:15+00:00", "2026-11-30T09:15+00:00")),
                 ("pinned.csv", "row 2", "'start_utc'", "30-minute"), id="pin-quarter-hour-30min"),
    pytest.param(pin("2026-11-30T01:00+00:00", "2026-11-30T10:00+00:00"),
                 ("pinned.csv", "row 2", "'end_utc'", "9 h", "8 h maximum"), id="pin-too-long"),
    pytest.param(pin("2026-11-30T01:00+00:00", "2026-11-30T03:00+00:00", agent="S5"),
                 ("pinned.csv", "row 2", "'end_utc'", "4 h minimum"), id="pin-too-short"),
    pytest.param(pin("2026-11-30T01:00+00:00", "2026-11-30T06:00+00:00", agent="S5"),
                 ("pinned.csv", "row 2", "'end_utc'", "S5's shift lengths (4 h or 6 h)"),
                 id="pin-length-not-in-contract"),
    pytest.param(pin("2026-12-07T01:00+00:00", "2026-12-07T09:00+00:00"),
                 ("pinned.csv", "row 2", "'start_utc'", "outside the planning week"),
                 id="pin-next-week"),
    pytest.param(pin("2026-11-29T08:00+00:00", "2026-11-29T16:00+00:00"),
                 ("pinned.csv", "row 2", "'start_utc'", "outside the planning week"),
                 id="pin-last-week"),
    pytest.param(pin("2026-11-30T01:00+00:00", "2026-11-30T09:00+00:00", agent="NOPE"),
                 ("pinned.csv", "row 2", "'agent_id'", "unknown agent"), id="pin-unknown-agent"),
    pytest.param(write("pinned.csv", f"{PIN_HEADER}S1,boss,2026-11-30T01:00+00:00,"
                                     "2026-11-30T09:00+00:00\n"),
                 ("pinned.csv", "row 2", "'role'"), id="pin-bad-role"),
    pytest.param(pin("2026-11-30T01:00", "2026-11-30T09:00"),
                 ("pinned.csv", "row 2", "'start_utc'", "no UTC offset"), id="pin-no-offset"),
    pytest.param(write("pinned.csv", "agent_id,start_utc,end_utc,start_utc\n"),
                 ("pinned.csv", "row 1", "'start_utc'", "more than once"),
                 id="pin-repeated-column"),
    # last week's roster: any shape of shift, but it must parse
    pytest.param(pin("yesterday", "2026-11-29T09:00+00:00", name="previous_roster.csv"),
                 ("previous_roster.csv", "row 2", "'start_utc'"), id="previous-bad-date"),
    pytest.param(pin("0001-01-01T00:00+01:00", "2026-11-29T09:00+00:00",
                     name="previous_roster.csv"),
                 ("previous_roster.csv", "row 2", "'start_utc'"), id="previous-year-0001"),
    pytest.param(pin("2026-11-29T09:00+00:00", "2026-11-29T01:00+00:00",
                     name="previous_roster.csv"),
                 ("previous_roster.csv", "row 2", "'end_utc'"), id="previous-ends-before-start"),
    # the 8-hour promise
    pytest.param(setting("max_shift_hours", "9"),
                 ("team.toml", "'rules.max_shift_hours'", "may be at most 8"),
                 id="rules-max-shift-9h"),
    # numbers that are no numbers, or absurd ones
    pytest.param(agent_cell("min_hours", "inf"), (A, "row 2", "'min_hours'"), id="min-hours-inf"),
    pytest.param(agent_cell("max_hours", "nan"), (A, "row 2", "'max_hours'"), id="max-hours-nan"),
    pytest.param(agent_cell("max_hours", "200"), (A, "row 2", "'max_hours'", "168"),
                 id="max-hours-over-a-week"),
    pytest.param(agent_cell("min_hours", "-5"), (A, "row 2", "'min_hours'"),
                 id="min-hours-negative"),
    pytest.param(agent_cell("hourly_cost", "1e308"), (A, "row 2", "'hourly_cost'"),
                 id="hourly-cost-1e308"),
    pytest.param(agent_cell("hourly_cost", "-10"), (A, "row 2", "'hourly_cost'"),
                 id="hourly-cost-negative"),
    pytest.param(agent_cell("shift_lengths", "8 inf"), (A, "row 2", "'shift_lengths'"),
                 id="shift-length-inf"),
    pytest.param(agent_cell("shift_lengths", "-8"), (A, "row 2", "'shift_lengths'"),
                 id="shift-length-negative"),
    pytest.param(agent_cell("max_shifts", "1e308"), (A, "row 2", "'max_shifts'", "whole number"),
                 id="max-shifts-1e308"),
    pytest.param(edit(D, "Mon,00:00,01:00,en,1,0", "Mon,00:00,01:00,en,1e308,0"),
                 (D, "row 2", "'primary'"), id="demand-primary-1e308"),
    pytest.param(edit(D, "Mon,00:00,01:00,en,1,0", "Mon,00:00,01:00,en,-1,0"),
                 (D, "row 2", "'primary'"), id="demand-primary-negative"),
    pytest.param(edit(D, "Mon,00:00,01:00,en,1,0", "Mon,00:00,01:00,en,1,99999999999"),
                 (D, "row 2", "'backup'"), id="demand-backup-huge"),
    pytest.param(edit(P, ",2,0", ",inf,0"), (P, "row 2", "'weight'"), id="peak-weight-inf"),
    pytest.param(edit(P, ",2,0", ",2,nan"), (P, "row 2", "'extra_capacity'"),
                 id="peak-extra-capacity-nan"),
    pytest.param(edit(P, ",2,0", ",1e308,0"), (P, "row 2", "'weight'"), id="peak-weight-1e308"),
    pytest.param(setting("hourly_rate", "inf"), (TOML, "'team.hourly_rate'"),
                 id="toml-hourly-rate-inf"),
    pytest.param(setting("min_rest_hours", "nan"), (TOML, "'rules.min_rest_hours'"),
                 id="toml-rest-nan"),
    pytest.param(setting("workers", "1e308"), (TOML, "'solver.workers'"), id="toml-workers-1e308"),
    pytest.param(setting("under_primary", "-5"), (TOML, "'weights.under_primary'"),
                 id="toml-weight-negative"),
    pytest.param(setting("no_work_start", '"25:00"'), (TOML, "'rules.no_work_start'"),
                 id="toml-bad-time"),
    # a column twice: the second copy used to win silently
    pytest.param(edit(A, "timezone,", "timezone,timezone,"), (A, "row 1", "'timezone'"),
                 id="agents-repeated-column"),
    pytest.param(edit(D, "language,", "language,language,"), (D, "row 1", "'language'"),
                 id="demand-repeated-column"),
    # missing files, or folders where files belong
    pytest.param(remove(D), (D, "header line", "24/7 minimum only"), id="demand-missing"),
    pytest.param(as_folder(D), (D, "folder"), id="demand-is-a-folder"),
    pytest.param(as_folder(A), (A, "folder"), id="agents-is-a-folder"),
    pytest.param(as_folder(TOML), (TOML, "folder"), id="toml-is-a-folder"),
    pytest.param(as_folder(P), (P, "folder"), id="peaks-is-a-folder"),
    pytest.param(as_folder(T), (T, "folder"), id="time-off-is-a-folder"),
    pytest.param(as_folder("pinned.csv"), ("pinned.csv", "folder"), id="pinned-is-a-folder"),
    pytest.param(as_folder("previous_roster.csv"), ("previous_roster.csv", "folder"),
                 id="previous-is-a-folder"),
    pytest.param(remove(A), (A, "no agents.csv"), id="agents-missing"),
    pytest.param(remove(TOML), (TOML, "no team.toml"), id="toml-missing"),
    # language names instead of ISO 639-1 codes
    pytest.param(agent_cell("primary_languages", "english"),
                 (A, "row 2", "'primary_languages'", "'english' → 'en'"), id="lang-english"),
    pytest.param(agent_cell("primary_languages", "e n"),
                 (A, "row 2", "'primary_languages'", "'e'", "ISO 639-1"), id="lang-e-n"),
    pytest.param(agent_cell("backup_languages", "xx"), (A, "row 2", "'backup_languages'"),
                 id="lang-xx-backup"),
    pytest.param(edit(D, "Mon,00:00,01:00,en,1,0", "Mon,00:00,01:00,xx,1,0"),
                 (D, "row 2", "'language'", "ISO 639-1"), id="lang-xx-demand"),
    pytest.param(edit(P, "Cyber Monday,2026-11-30,2026-11-30,,", "Cyber Monday,2026-11-30,"
                                                                 "2026-11-30,spanish,"),
                 (P, "row 2", "'languages'", "'spanish' → 'es'"), id="lang-spanish-peaks"),
    # control characters
    pytest.param(agent_cell("name", "Li\x00Na"), (A, "row 2", "'name'", "NUL"), id="nul-in-cell"),
    pytest.param(edit(D, "Mon,00:00,01:00,en,1,0", "Mon,00:00,01:00,en\x07,1,0"),
                 (D, "row 2", "'language'", "U+0007"), id="bell-in-cell"),
    pytest.param(edit(TOML, 'name = "Small', 'name = "Sm\x00all'), (TOML, "'team.name'", "NUL"),
                 id="nul-in-toml"),
    pytest.param(agent_cell("name", '"Li\nNa"'), (A, "row 2", "'name'", "line break"),
                 id="line-break-in-cell"),
    # the classics
    pytest.param(edit(A, "Europe/Madrid", "Europe/Madird"), (A, "row 8", "'timezone'"),
                 id="unknown-time-zone"),
    pytest.param(agent_cell("timezone", "[/b]"), (A, "row 2", "'timezone'", "[/b]"),
                 id="markup-in-cell"),
    pytest.param(edit(D, "Mon,00:00,01:00,en,1,0", "Mon,00:00,25:00,en,1,0"),
                 (D, "row 2", "'end'"), id="bad-time"),
    pytest.param(edit(D, "Mon,00:00,01:00,en,1,0", "Mnd,00:00,01:00,en,1,0"),
                 (D, "row 2", "'weekday'"), id="unknown-weekday"),
    pytest.param(agent_cell("min_hours", "45"), (A, "row 2", "exceeds max_hours"),
                 id="min-over-max-hours"),
    pytest.param(append(A, S1_ROW), (A, "row 10", "'id'", "duplicate"), id="duplicate-agent-id"),
    pytest.param(edit(A, "hourly_cost", "hourly_costs"), (A, "row 1", "unknown column"),
                 id="unknown-column"),
    pytest.param(edit(A, "id,name,timezone,", "id,name,"), (A, "row 1", "missing column"),
                 id="missing-column"),
    pytest.param(append(D, "Mon,00:30,01:00,en,1,0"), (D, "row 269", "overlaps row 2"),
                 id="overlapping-demand"),
    pytest.param(append(T, "NOPE,2026-12-01,2026-12-02,x"), (T, "row 2", "'agent_id'"),
                 id="time-off-unknown-agent"),
    pytest.param(append(T, "S1,2026-12-03,2026-12-01,x"), (T, "row 2"),
                 id="time-off-ends-before-start"),
    pytest.param(append(A, "S9,X,UTC,en,,0,40,5,8,,no,,,no,CN,,extra"),
                 (A, "row 10", "more cells"), id="more-cells-than-columns"),
    pytest.param(lambda team: (team / A).write_bytes((team / A).read_text().encode("latin-1")),
                 (A, "UTF-8", "line 8"), id="non-utf8-csv"),
    pytest.param(write(TOML, '[team]\nname = "Caf\xe9"\n'.encode("latin-1")),
                 (TOML, "UTF-8"), id="non-utf8-toml"),
    pytest.param(setting("week_start", "2026-12-01"), (TOML, "'team.week_start'", "Monday"),
                 id="week-not-monday"),
    pytest.param(setting("slot_minutes", "45"), (TOML, "'team.slot_minutes'"), id="slot-45"),
    pytest.param(edit(TOML, "[rules]", "[rules"), (TOML, "not valid TOML"), id="toml-syntax"),
    pytest.param(write(TOML, "team = 5\n"), (TOML, "'team'", "section"),
                 id="toml-team-not-a-table"),
    pytest.param(write(A, "id,name,timezone\n"), (A, "no agents"), id="no-agents"),
]


def squash(text: str) -> str:
    """Rich wraps long lines (even inside paths); compare without any whitespace."""
    return "".join(text.split())


def solve(team: Path, out: Path, *extra: str) -> object:
    return runner.invoke(app, ["solve", str(team), "--out", str(out), "--time-limit", "5",
                               "--workers", "1", "--quiet", "--no-calendars", *extra])


def assert_refused(result, expected: tuple[str, ...], out: Path) -> None:  # noqa: ANN001
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    for fragment in expected:
        assert squash(fragment) in squash(result.output), (fragment, result.output)
    assert not out.exists(), "nothing may be written to --out"


@pytest.fixture
def team(tmp_path: Path, fixtures_dir: Path) -> Path:
    dst = tmp_path / "team"
    shutil.copytree(fixtures_dir / "small_team", dst)
    return dst


def test_there_are_many_variants():
    assert len(VARIANTS) >= 40


@pytest.mark.parametrize(("mutate", "expected"), VARIANTS)
def test_bad_team_folder_is_refused_before_solving(
        team: Path, tmp_path: Path, mutate: Callable[[Path], None], expected: tuple[str, ...]):
    mutate(team)
    out = tmp_path / "out"
    assert_refused(solve(team, out), expected, out)


# ----------------------------------------------------------------------------- CLI arguments

ARGUMENTS = [
    pytest.param(["--time-limit", "0"], "--time-limit", id="time-limit-0"),
    pytest.param(["--time-limit", "-3"], "--time-limit", id="time-limit-negative"),
    pytest.param(["--time-limit", "nan"], "--time-limit", id="time-limit-nan"),
    pytest.param(["--workers", "0"], "--workers", id="workers-0"),
    pytest.param(["--workers", "-2"], "--workers", id="workers-negative"),
    pytest.param(["--seed", "-1"], "--seed", id="seed-negative"),
    pytest.param(["--history", "no-such-history.csv"], "--history", id="history-missing"),
]


@pytest.mark.parametrize(("extra", "argument"), ARGUMENTS)
def test_bad_solve_arguments_are_refused(team: Path, tmp_path: Path, extra: list[str],
                                         argument: str):
    out = tmp_path / "out"
    assert_refused(solve(team, out, *extra), (f"argument {argument}",), out)


def test_missing_team_folder(tmp_path: Path):
    out = tmp_path / "out"
    result = solve(tmp_path / "nope", out)
    assert_refused(result, ("argument TEAM_DIR", "folder not found", "nope"), out)


def test_team_folder_that_is_a_file(team: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert_refused(solve(team / A, out), ("argument TEAM_DIR", "is a file"), out)


def test_out_that_is_a_file_is_left_alone(team: Path, tmp_path: Path):
    out = tmp_path / "out"
    out.write_text("keep me")
    result = solve(team, out)
    assert result.exit_code == 2 and squash("argument --out") in squash(result.output)
    assert out.read_text() == "keep me"


def test_out_below_a_file(team: Path, tmp_path: Path):
    (tmp_path / "file").write_text("x")
    out = tmp_path / "file" / "out"
    result = solve(team, out)
    assert_refused(result, ("argument --out", "is a file"), out)


def test_history_with_a_bad_team_writes_nothing(team: Path, tmp_path: Path, fixtures_dir: Path):
    """--history copies the team into OUT/team: a bad team must stop before that copy."""
    edit(A, "Europe/Madrid", "Europe/Madird")(team)
    out = tmp_path / "out"
    result = solve(team, out, "--history", str(fixtures_dir / "sample_team" / "history.csv"))
    assert_refused(result, (A, "row 8", "'timezone'"), out)


@pytest.mark.parametrize("command", [
    pytest.param(["validate", "{team}", "{tmp}/nope.csv"], id="validate-roster-missing"),
    pytest.param(["validate", "{tmp}/nope", "{team}/agents.csv"], id="validate-team-missing"),
    pytest.param(["service-report", "{team}", "{team}"], id="service-report-roster-is-folder"),
    pytest.param(["service-report", "{team}", "{team}/agents.csv", "--compare", "{tmp}/x.csv"],
                 id="service-report-compare-missing"),
    pytest.param(["export", "{team}", "{team}/agents.csv", "--out", "{team}/agents.csv"],
                 id="export-out-is-a-file"),
    pytest.param(["export", "{team}", "{team}/agents.csv", "--out", "{tmp}/cal",
                  "--alarm-minutes", "-5"], id="export-negative-alarm"),
    pytest.param(["forecast", "{tmp}/nope.csv", "{team}"], id="forecast-history-missing"),
    pytest.param(["forecast", "{team}/agents.csv", "{team}", "--out", "{team}/agents.csv"],
                 id="forecast-out-is-a-file"),
    pytest.param(["forecast", "{team}/agents.csv", "{team}", "--weeks", "0"],
                 id="forecast-zero-weeks"),
    pytest.param(["serve-calendars", "{tmp}/nope"], id="serve-folder-missing"),
    pytest.param(["feed-tokens", "{tmp}/nope"], id="feed-tokens-folder-missing"),
    pytest.param(["feed-tokens", "{team}", "--base-url", "example.com"],
                 id="feed-tokens-bad-base-url"),
])
def test_other_commands_check_arguments_first(team: Path, tmp_path: Path, command: list[str]):
    args = [a.format(team=team, tmp=tmp_path) for a in command]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "argument" in result.output
    assert not (tmp_path / "cal").exists()


@pytest.mark.parametrize("command", [
    pytest.param(["solve", "{missing}"], id="solve"),
    pytest.param(["solve-many", "{team}", "{missing}", "--out", "{tmp}/out"], id="solve-many"),
    pytest.param(["validate", "{missing}", "{team}/agents.csv"], id="validate"),
    pytest.param(["forecast", "{team}/agents.csv", "{missing}"], id="forecast"),
    pytest.param(["service-report", "{missing}", "{team}/agents.csv"], id="service-report"),
    pytest.param(["simulate", "{missing}", "{team}/agents.csv"], id="simulate"),
    pytest.param(["export", "{missing}", "{team}/agents.csv", "--out", "{tmp}/cal"],
                 id="export"),
    pytest.param(["serve-calendars", "{missing}"], id="serve-calendars"),
    pytest.param(["feed-tokens", "{missing}"], id="feed-tokens"),
])
def test_every_command_says_folder_not_found(team: Path, tmp_path: Path, command: list[str]):
    missing = tmp_path / "no-such-team"
    args = [a.format(team=team, tmp=tmp_path, missing=missing) for a in command]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert squash(f"folder not found: {missing}") in squash(result.output)
    assert not (tmp_path / "out").exists() and not (tmp_path / "cal").exists()


def test_solve_with_history_keeps_last_runs_team_copy_when_the_history_is_bad(
        team: Path, tmp_path: Path):
    """OUT/team of an earlier run stays as it was; no scratch folder is left behind."""
    out = tmp_path / "out"
    (out / "team").mkdir(parents=True)
    (out / "team" / "team.toml").write_text("from last week")
    bad = tmp_path / "history.csv"
    bad.write_text("timestamp,language,category\nyesterday,en,logistics\n")
    result = solve(team, out, "--history", str(bad))
    assert result.exit_code == 2, result.output
    assert "history.csv" in squash(result.output)
    assert sorted(p.name for p in out.iterdir()) == ["team"]
    assert [p.name for p in (out / "team").iterdir()] == ["team.toml"]
    assert (out / "team" / "team.toml").read_text() == "from last week"
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".")] == []


# ----------------------------------------------------------------------------- unit checks


def test_check_positive():
    check_positive(None, "--time-limit")
    check_positive(0.5, "--time-limit")
    for bad in (0, -1, float("nan"), float("inf")):
        with pytest.raises(InputError, match="above 0") as err:
            check_positive(bad, "--time-limit")
        assert err.value.field == "--time-limit"
        assert str(err.value).startswith("argument --time-limit:")


def test_check_range():
    check_range(None, "--workers", 1, 256)
    check_range(1, "--workers", 1, 256)
    with pytest.raises(InputError, match="between 1 and 256"):
        check_range(0, "--workers", 1, 256)


def test_check_folder(tmp_path: Path):
    check_folder(tmp_path)
    with pytest.raises(InputError, match="folder not found"):
        check_folder(tmp_path / "nope")
    (tmp_path / "f").write_text("")
    with pytest.raises(InputError, match="is a file"):
        check_folder(tmp_path / "f")


def test_check_input_file(tmp_path: Path):
    check_input_file(None, "--history")
    (tmp_path / "h.csv").write_text("")
    check_input_file(tmp_path / "h.csv", "--history")
    with pytest.raises(InputError, match="file not found"):
        check_input_file(tmp_path / "nope.csv", "--history")
    with pytest.raises(InputError, match="is a folder"):
        check_input_file(tmp_path, "--history")


def test_check_out_dir_accepts_new_and_existing_folders_and_leaves_no_trace(tmp_path: Path):
    check_out_dir(tmp_path / "a" / "b")
    assert not (tmp_path / "a").exists()
    check_out_dir(tmp_path)
    assert list(tmp_path.iterdir()) == []  # the probe file is gone


def test_check_out_dir_rejects_files(tmp_path: Path):
    (tmp_path / "f").write_text("")
    with pytest.raises(InputError, match="existing file"):
        check_out_dir(tmp_path / "f")
    with pytest.raises(InputError, match="is a file") as err:
        check_out_dir(tmp_path / "f" / "sub" / "out")
    assert err.value.field == "--out"


def test_check_out_dir_rejects_a_folder_it_cannot_write(tmp_path: Path, monkeypatch):
    """Tests run as root, where chmod 0500 does not stop writes: simulate the refusal."""
    monkeypatch.setattr("scheduler.cli_checks.os.access", lambda *a, **k: False)
    with pytest.raises(InputError, match="cannot write"):
        check_out_dir(tmp_path / "out")


def test_check_out_dir_probes_with_a_real_write(tmp_path: Path, monkeypatch):
    """os.access says yes on a read-only mount; the probe write is what notices."""
    def refuse(*args, **kwargs):
        raise PermissionError("read-only file system")
    monkeypatch.setattr("scheduler.cli_checks.tempfile.mkstemp", refuse)
    with pytest.raises(InputError, match="cannot write"):
        check_out_dir(tmp_path / "out")


@pytest.mark.parametrize("text", ["english", "e", "n", "xx", "EN-US", "zz"])
def test_language_must_be_an_iso_code(text: str):
    with pytest.raises(ValueError, match="ISO 639-1"):
        check_language(text)


def test_language_names_get_a_suggested_code():
    with pytest.raises(ValueError, match="'english' → 'en'"):
        check_language("english")
    with pytest.raises(ValueError, match="'Español' → 'es'"):
        check_language("Español")
    assert check_language(" EN ") == "en"


def test_models_use_the_language_check():
    with pytest.raises(ValueError):
        Agent(id="A", name="A", timezone="UTC", primary_languages=("english",))
    with pytest.raises(ValueError):
        DemandRow(weekday=0, start="09:00", end="10:00", language="xx", primary=1)
    with pytest.raises(ValueError):
        PeakEvent(name="x", start="2026-11-30", end="2026-11-30", languages=("french",))
    assert Agent(id="A", name="A", timezone="UTC", primary_languages=("EN", "es")
                 ).primary_languages == ("en", "es")


@pytest.mark.parametrize("value", [float("inf"), float("nan")])
def test_models_refuse_inf_and_nan(value: float):
    with pytest.raises(ValueError, match="finite"):
        Agent(id="A", name="A", timezone="UTC", primary_languages=("en",), max_hours=value)


def test_rules_keep_the_eight_hour_promise():
    assert Rules(max_shift_hours=8).max_shift_hours == 8
    assert Rules.model_json_schema()["properties"]["max_shift_hours"]["maximum"] == 8  # app forms
    with pytest.raises(ValueError, match="promises no shift over 8 hours"):
        Rules(max_shift_hours=9)


def test_validation_errors_read_like_a_manager_wrote_them():
    with pytest.raises(Exception) as err:
        Agent(id="A", name="A", timezone="UTC", primary_languages=("en",), max_hours=200.0)
    assert plain_reason(err.value.errors()[0]) == "must be 168 or less, not 200"
    with pytest.raises(Exception) as err:
        DemandRow(weekday=0, start="09:00", end="10:00", language="en", primary=-1)
    assert plain_reason(err.value.errors()[0]) == "must be 0 or more, not -1"
    with pytest.raises(Exception) as err:
        Rules(min_rest_hours=float("inf"))
    assert plain_reason(err.value.errors()[0]) == "must be an ordinary number, not inf"


def test_shift_lengths_are_hours_of_one_day():
    """Checked on the model too, not only against [rules] on load: the app builds agents directly."""
    with pytest.raises(ValueError, match="at most 24"):
        Agent(id="A", name="A", timezone="UTC", primary_languages=("en",), shift_lengths=(30,))
