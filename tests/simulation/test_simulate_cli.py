"""`roster simulate` as a manager runs it: table, files, seeds, forecast and bad arguments."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.domain import Role, Shift
from scheduler.roster_io import read_shifts_csv, write_shifts_csv
from scheduler.simulation.commands import CSV_COLUMNS
from scheduler.staffing.commands import FORECAST_COLUMNS, report_for_team
from scheduler.team_io import load_problem
from scheduler.timegrid import WeekGrid

runner = CliRunner()
LANGS = ("en", "es", "ru")


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """small_team with a hand-made roster: two agents on primary duty around the clock, one on
    call; no solve needed (the simulation does not check hard rules)."""
    folder = tmp_path_factory.mktemp("sim") / "team"
    shutil.copytree(Path(__file__).resolve().parents[2] / "fixtures" / "small_team", folder)
    problem = load_problem(folder)
    start = WeekGrid.for_settings(problem.settings).start_utc
    ids = [a.id for a in problem.agents]
    shifts = []
    for block in range(21):
        begin = start + dt.timedelta(hours=8 * block)
        for k in range(2):
            shifts.append(Shift(agent_id=ids[(2 * block + k) % len(ids)], start=begin,
                                end=begin + dt.timedelta(hours=8)))
        shifts.append(Shift(agent_id=ids[(2 * block + 2) % len(ids)], role=Role.BACKUP,
                            start=begin, end=begin + dt.timedelta(hours=8)))
    write_shifts_csv(folder / "roster.csv", shifts, problem)
    return folder


def simulate(*args: str):
    return runner.invoke(app, ["simulate", *args])


def test_table_files_and_prediction_match_the_service_report(team: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = simulate(str(team), str(team / "roster.csv"), "--runs", "4", "--seed", "5",
                      "--out", str(out), "--quiet")
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "share of human contacts answered within 3 min, 4 simulated weeks" in text
    assert "Agreement band: ±3 points. Load implied by demand rows" in text
    rows = list(csv.DictReader((out / "simulation.csv").open()))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["language"] for r in rows] == [*LANGS, "all"]
    saved = json.loads((out / "simulation.json").read_text())
    assert saved["runs"] == 4 and saved["seed"] == 5
    problem = load_problem(team)
    _, summary = report_for_team(team, problem, read_shifts_csv(team / "roster.csv"))
    for row in saved["languages"]:
        assert row["predicted"] == pytest.approx(
            summary["per_language"][row["language"]]["attainment"])
        assert 0 <= row["ci_low"] <= row["simulated"] <= row["ci_high"] <= 1
        assert row["agrees"] == (abs(row["difference_points"]) <= 3)
        if not row["agrees"]:
            assert f"{row['language']} differs by" in text
    assert saved["overall"]["predicted"] == pytest.approx(summary["frt_attainment"])


def test_same_seed_same_files_other_seed_other_numbers(team: Path, tmp_path: Path) -> None:
    outs = {}
    for name, seed in (("a", "11"), ("b", "11"), ("c", "12")):
        outs[name] = tmp_path / name
        result = simulate(str(team), str(team / "roster.csv"), "--runs", "2", "--seed", seed,
                          "--out", str(outs[name]), "--quiet")
        assert result.exit_code == 0, result.output
    first = (outs["a"] / "simulation.json").read_text()
    assert first == (outs["b"] / "simulation.json").read_text()
    assert first != (outs["c"] / "simulation.json").read_text()


def test_forecast_in_the_team_folder_drives_arrivals_and_the_bot(team: Path,
                                                                 tmp_path: Path) -> None:
    """1.2 of 2 inquiries per hour and language reach a human: the bot keeps 40%."""
    folder = tmp_path / "team"
    shutil.copytree(team, folder)
    grid = WeekGrid.for_settings(load_problem(folder).settings)
    lines = [",".join(FORECAST_COLUMNS)]
    for i in range(grid.n_slots):
        start = grid.slot_start(i).strftime("%Y-%m-%dT%H:%M:%SZ")
        for lang in LANGS:
            lines.append(f"{start},x,{lang},2,1.2,450,264.7,1,1,0")
    (folder / "forecast.csv").write_text("\n".join(lines) + "\n")
    out = tmp_path / "out"
    result = simulate(str(folder), str(folder / "roster.csv"), "--runs", "3", "--out", str(out),
                      "--quiet")
    assert result.exit_code == 0, result.output
    saved = json.loads((out / "simulation.json").read_text())
    assert saved["load_source"] == "forecast"
    for row in saved["languages"]:
        assert row["inquiries"] == pytest.approx(2 * 168, rel=0.1)
        assert row["bot_resolved"] / row["inquiries"] == pytest.approx(0.4, abs=0.05)
        assert row["contacts"] == pytest.approx(row["inquiries"] - row["bot_resolved"])


@pytest.mark.parametrize("args, named", [
    (["--runs", "0"], "argument --runs"),
    (["--runs", "1"], "argument --runs"),
    (["--runs", "many"], "--runs"),
    (["--seed", "-1"], "argument --seed"),
])
def test_bad_arguments_exit_2_naming_the_argument(team: Path, tmp_path: Path, args: list[str],
                                                  named: str) -> None:
    out = tmp_path / "out"
    result = simulate(str(team), str(team / "roster.csv"), "--out", str(out), *args)
    assert result.exit_code == 2
    assert named in " ".join(result.output.split())
    assert not out.exists()


def test_bad_paths_exit_2_and_write_nothing(team: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    cases = [
        ([str(tmp_path / "nope"), str(team / "roster.csv")], "argument TEAM_DIR"),
        ([str(team), str(tmp_path / "nope.csv")], "argument ROSTER_CSV"),
        ([str(team), str(team / "roster.csv"), "--out", str(team / "roster.csv")],
         "argument --out"),
    ]
    for args, named in cases:
        result = simulate(*args, "--out", str(out)) if "--out" not in args else simulate(*args)
        assert result.exit_code == 2, result.output
        assert named in " ".join(result.output.split())
    bad = tmp_path / "bad.csv"
    lines = (team / "roster.csv").read_text().splitlines()
    bad.write_text("\n".join([lines[0], lines[1].replace(lines[1].split(",")[0], "ZZ9", 1)])
                   + "\n")
    result = simulate(str(team), str(bad), "--out", str(out))
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert "bad.csv" in text and "row 2" in text and "agent_id" in text
    assert not out.exists()


def test_staffing_toml_simulation_section_is_used_and_checked(team: Path, tmp_path: Path) -> None:
    folder = tmp_path / "team"
    shutil.copytree(team, folder)
    (folder / "staffing.toml").write_text("[simulation]\npatience_s = inf\n")
    out = tmp_path / "out"
    result = simulate(str(folder), str(folder / "roster.csv"), "--runs", "2", "--out", str(out),
                      "--quiet")
    assert result.exit_code == 0, result.output
    saved = json.loads((out / "simulation.json").read_text())
    assert all(row["abandoned"] == 0 for row in saved["languages"])  # nobody gives up

    (folder / "staffing.toml").write_text("[simulation]\npatience_s = -5\n")
    result = simulate(str(folder), str(folder / "roster.csv"), "--out", str(tmp_path / "o2"))
    text = " ".join(result.output.split())
    assert result.exit_code == 2
    assert "staffing.toml" in text and "simulation.patience_s" in text
    assert not (tmp_path / "o2").exists()
