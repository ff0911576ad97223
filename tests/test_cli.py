"""The `roster` command as a manager runs it."""

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from scheduler.cli import app

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
