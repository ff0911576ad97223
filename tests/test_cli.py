"""The `roster` command as a manager runs it."""

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.team_io import load_problem

runner = CliRunner()


def test_solve_small_team_writes_reports_and_calendars(tmp_path: Path, fixtures_dir: Path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["solve", str(fixtures_dir / "small_team"), "--out", str(out),
                                 "--time-limit", "10", "--workers", "2", "--quiet"])
    assert result.exit_code == 0, result.output
    for name in ("roster.csv", "roster.xlsx", "coverage.csv", "agent_hours.csv", "kpis.json",
                 "service_level.csv", "calendars/team.ics", "calendars.zip"):
        assert (out / name).exists(), name
    kpis = json.loads((out / "kpis.json").read_text())
    assert kpis["kpis"]["online_24_7_held"] and kpis["violations"] == []
    assert "24/7 at least one online" in result.output

    check = runner.invoke(app, ["validate", str(fixtures_dir / "small_team"), str(out / "roster.csv")])
    assert check.exit_code == 0 and "All hard rules hold" in check.output


def test_validate_flags_a_tampered_roster(tmp_path: Path, fixtures_dir: Path):
    out = tmp_path / "out"
    runner.invoke(app, ["solve", str(fixtures_dir / "small_team"), "--out", str(out),
                        "--time-limit", "5", "--workers", "2", "--quiet", "--no-calendars"])
    lines = (out / "roster.csv").read_text().splitlines()
    kept = [lines[0]] + lines[1:][::2]  # drop every other shift: 24/7 breaks
    (out / "bad.csv").write_text("\n".join(kept) + "\n")
    check = runner.invoke(app, ["validate", str(fixtures_dir / "small_team"), str(out / "bad.csv")])
    assert check.exit_code == 1 and "24/7 minimum online" in check.output


def test_bad_input_names_file_row_and_field(tmp_path: Path, fixtures_dir: Path):
    team = tmp_path / "team"
    shutil.copytree(fixtures_dir / "small_team", team)
    agents = team / "agents.csv"
    agents.write_text(agents.read_text().replace("Europe/Moscow", "Europe/Moskau"))
    result = runner.invoke(app, ["solve", str(team), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert "agents.csv" in text and "row 9" in text and "timezone" in text
    assert not (tmp_path / "out").exists()  # nothing half-written


def test_infeasible_team_exits_3_with_reasons(tmp_path: Path, fixtures_dir: Path):
    result = runner.invoke(app, ["solve", str(fixtures_dir / "infeasible_team"),
                                 "--out", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 3
    text = " ".join(result.output.split())
    assert "24/7 minimum online" in text and "night-willing" in text


def test_history_to_roster_in_one_command_leaves_the_team_folder_untouched(
        tmp_path: Path, fixtures_dir: Path):
    team = tmp_path / "team"
    shutil.copytree(fixtures_dir / "sample_team", team)
    before = (team / "demand.csv").read_text()
    out = tmp_path / "out"
    result = runner.invoke(app, ["solve", str(team), "--history", str(team / "history.csv"),
                                 "--out", str(out), "--time-limit", "15", "--workers", "2",
                                 "--quiet", "--no-calendars"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "WAPE" in text and "Predicted service" in text
    assert (out / "team" / "forecast.csv").exists()
    assert (team / "demand.csv").read_text() == before


def test_bad_history_file_leaves_nothing_in_out(tmp_path: Path, fixtures_dir: Path):
    history = tmp_path / "history.csv"
    lines = (fixtures_dir / "sample_team" / "history.csv").read_text().splitlines()
    cells = lines[5].split(",")
    cells[0] = "yesterday"  # a timestamp nobody can read
    history.write_text("\n".join(lines[:5] + [",".join(cells)] + lines[6:]) + "\n")
    out = tmp_path / "out"
    result = runner.invoke(app, ["solve", str(fixtures_dir / "sample_team"), "--history",
                                 str(history), "--out", str(out), "--quiet"])
    assert result.exit_code == 2, result.output
    assert "history.csv" in " ".join(result.output.split())
    assert not out.exists()


# ----------------------------------------------------------------------------- as a manager meets it


def squash(text: str) -> str:
    """Rich wraps long lines and table cells; compare without any whitespace."""
    return "".join(text.split())


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory, fixtures_dir: Path) -> Path:
    """One solve of the small team, shared: OUT with roster.csv."""
    out = tmp_path_factory.mktemp("solved") / "out1"
    result = runner.invoke(app, ["solve", str(fixtures_dir / "small_team"), "--out", str(out),
                                 "--time-limit", "5", "--workers", "1", "--quiet",
                                 "--no-calendars"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def fixtures_dir() -> Path:  # module scope for `solved`
    return Path(__file__).resolve().parent.parent / "fixtures"


def test_service_report_compares_two_solves_both_named_roster_csv(solved: Path, tmp_path: Path,
                                                                   fixtures_dir: Path):
    """Two solves both write roster.csv: no crash, columns named by folder, units, signs."""
    lines = (solved / "roster.csv").read_text().splitlines()
    other = tmp_path / "out2" / "roster.csv"
    other.parent.mkdir()
    other.write_text("\n".join(lines[:-4]) + "\n")  # four shifts fewer: worse, cheaper
    result = runner.invoke(app, ["service-report", str(fixtures_dir / "small_team"),
                                 str(solved / "roster.csv"), "--compare", str(other)])
    assert result.exit_code == 0, result.output
    assert result.exception is None
    text = squash(result.output)
    assert "out1/roster.csvvsout2/roster.csv" in text  # which roster is which
    assert "answeredwithintarget" in text and "%" in text and "pts" in text
    assert "CN¥" in text and "h" in text
    assert re.search(r"-CN¥[\d,]+", text), "four shifts fewer cost less: a signed change"
    assert not re.search(r"\d\.\d{4,}", result.output), "no raw floats"


def test_compared_rosters_are_scored_with_the_team_targets(solved: Path, tmp_path: Path,
                                                          fixtures_dir: Path):
    """The comparison uses the team's staffing.toml, like the one-roster report."""
    team = tmp_path / "team"
    shutil.copytree(fixtures_dir / "small_team", team)
    (team / "staffing.toml").write_text("target_sl = 0.5\ntarget_s = 60\n")
    one = runner.invoke(app, ["service-report", str(team), str(solved / "roster.csv")])
    two = runner.invoke(app, ["service-report", str(team), str(solved / "roster.csv"),
                              "--compare", str(solved / "roster.csv")])
    assert one.exit_code == 0 and two.exit_code == 0, one.output + two.output
    assert "within1min(target50%" in squash(one.output)
    assert "50%within1min" in squash(two.output)  # the target, as the headline says it
    # the same roster twice, scored alike: nothing changes in any row
    assert "pts" not in two.output and squash(two.output).count("nochange") >= 6


def test_infeasible_week_names_each_cause_once(tmp_path: Path, fixtures_dir: Path):
    result = runner.invoke(app, ["solve", str(fixtures_dir / "infeasible_team"),
                                 "--out", str(tmp_path / "out"), "--quiet", "--time-limit", "10"])
    assert result.exit_code == 3
    text = " ".join(result.output.split())
    why, _, rest = text.partition("Smallest changes")
    fixes = rest.partition(" Infeasible: nobody works nights")[0]
    assert why.count("• 24/7 minimum online") == 1
    assert why.count("00:00–07:00") == 2  # the hours nobody covers, and the no-work window
    assert "00:00–07:00 every day (Mon 30 Nov – Sun 06 Dec)" in why
    assert fixes.count("00:00–07:00") == 1 and "every day" in fixes
    assert "bends 24/7 minimum online (7 breach(es)" in text


def test_solve_with_history_into_a_folder_inside_the_team(tmp_path: Path, fixtures_dir: Path):
    """--out inside the team folder: the copy to OUT/team must not copy OUT into itself."""
    team = tmp_path / "team"
    shutil.copytree(fixtures_dir / "small_team", team)
    before = {p.name: p.read_bytes() for p in team.iterdir()}
    out = team / "out"
    result = runner.invoke(app, ["solve", str(team), "--history",
                                 str(fixtures_dir / "sample_team" / "history.csv"), "--out",
                                 str(out), "--time-limit", "5", "--workers", "1", "--quiet",
                                 "--no-calendars"])
    assert result.exit_code == 0, result.output
    assert (out / "roster.csv").is_file() and (out / "team" / "forecast.csv").is_file()
    assert not (out / "team" / "out").exists()
    assert sorted(p.name for p in (out / "team").iterdir()) == sorted(
        set(before) | {"forecast.csv"})
    assert {p.name: p.read_bytes() for p in team.iterdir() if p.is_file()} == before
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []  # no scratch left


def test_solving_again_into_the_same_out_says_what_changed(solved: Path, tmp_path: Path,
                                                           fixtures_dir: Path):
    out = tmp_path / "out"
    shutil.copytree(solved, out)
    lines = (out / "roster.csv").read_text().splitlines()
    (out / "roster.csv").write_text("\n".join(lines[:-3]) + "\n")  # three shifts were not there
    result = runner.invoke(app, ["solve", str(fixtures_dir / "small_team"), "--out", str(out),
                                 "--time-limit", "5", "--workers", "1", "--quiet",
                                 "--no-calendars"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    found = re.search(r"Changes against the roster already in \S+ \(now replaced\): shifts "
                      r"(\d+) added, (\d+) removed, (\d+) moved, (\d+) unchanged", text)
    assert found, text
    added, removed, moved, unchanged = map(int, found.groups())
    new_shifts = len((out / "roster.csv").read_text().splitlines()) - 1
    assert added + moved + unchanged == new_shifts
    assert removed + moved + unchanged == len(lines) - 1 - 3
    assert "hours" in text and "→" in text  # per agent: hours before → after


def test_forecast_out_writes_a_complete_team_folder(tmp_path: Path, fixtures_dir: Path):
    team = tmp_path / "team"
    shutil.copytree(fixtures_dir / "small_team", team)
    before = {p.name: p.read_bytes() for p in team.iterdir()}
    out = tmp_path / "forecasted"
    result = runner.invoke(app, ["forecast", str(fixtures_dir / "sample_team" / "history.csv"),
                                 str(team), "--out", str(out)])
    assert result.exit_code == 0, result.output
    names = {p.name for p in out.iterdir()}
    assert {"team.toml", "agents.csv", "time_off.csv", "demand.csv", "peaks.csv",
            "forecast.csv"} <= names
    assert (out / "demand.csv").read_bytes() != before["demand.csv"]  # the forecast's
    assert {p.name: p.read_bytes() for p in team.iterdir()} == before  # team untouched
    assert load_problem(out).agents == load_problem(team).agents  # `roster solve OUT` loads it
    assert str(out / "demand.csv") in " ".join(result.output.split()).replace(" ", "") or \
        squash(str(out / "demand.csv")) in squash(result.output)
    assert ".roster-staging" not in result.output


def test_forecast_with_a_bad_history_leaves_no_out_folder(tmp_path: Path, fixtures_dir: Path):
    out = tmp_path / "new" / "forecasted"
    result = runner.invoke(app, ["forecast", str(fixtures_dir / "small_team" / "agents.csv"),
                                 str(fixtures_dir / "small_team"), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert not (tmp_path / "new").exists()
    assert [p.name for p in tmp_path.iterdir()] == []


def test_a_team_toml_with_the_old_night_names_loads_with_a_note(solved: Path, tmp_path: Path,
                                                                fixtures_dir: Path):
    team = tmp_path / "team"
    shutil.copytree(fixtures_dir / "small_team", team)
    toml = team / "team.toml"
    toml.write_text(toml.read_text().replace("night_premium_hours =", "night_hours =")
                    .replace("no_work_start =", "night_start =")
                    .replace("no_work_end =", "night_end ="))
    result = runner.invoke(app, ["validate", str(team), str(solved / "roster.csv")])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "note: [rules] night_start is now called no_work_start" in text
    assert "note: [team] night_hours is now called night_premium_hours" in text
    assert "Traceback" not in text and "warnings.warn" not in text
