"""The CLI-facing path: history -> demand/peaks/forecast files -> load_problem -> report."""

from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
from pathlib import Path

import pytest

from scheduler.domain import Shift
from scheduler.errors import InputError
from scheduler.staffing.commands import (
    compare_rosters_for,
    forecast_command,
    format_summary,
    report_for_team,
    service_report_for,
)
from scheduler.team_io import load_problem

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "fixtures" / "sample_team"


def _generator():
    spec = importlib.util.spec_from_file_location("generate_history",
                                                  ROOT / "fixtures" / "generate_history.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("team")
    for name in ("team.toml", "agents.csv"):
        shutil.copy(SAMPLE / name, folder / name)
    text = _generator().generate(dt.date(2026, 11, 30), "Asia/Shanghai", 3, 400, 11,
                                 "en es fr pt ru ar de".split())
    (folder / "history.csv").write_text(text)
    return folder


def test_forecast_command_writes_loadable_team_files(team: Path, tmp_path: Path) -> None:
    summary = forecast_command(team / "history.csv", team, tmp_path, weeks=2)
    assert summary.skipped_rows == 0 and summary.history_rows > 8000
    assert summary.held_out_week == dt.date(2026, 11, 23)
    assert 0 < summary.wape["seasonal_mean"] < 1 and summary.noise_floor > 0
    assert any(e.startswith("Cyber Monday") for e in summary.events)
    text = "\n".join(summary.lines())
    assert "WAPE" in text and "agent-hours" in text
    for name in ("team.toml", "agents.csv"):
        shutil.copy(team / name, tmp_path / name)
    problem = load_problem(tmp_path)
    assert {r.language for r in problem.demand} == set("en es fr pt ru ar de".split())
    assert [p.name for p in problem.peaks] == ["Cyber Monday"]
    def minutes(t: dt.time) -> int:
        return t.hour * 60 + t.minute

    hours = sum(r.primary * ((minutes(r.end) or 1440) - minutes(r.start))
                for r in problem.demand) / 60
    assert hours == pytest.approx(summary.primary_hours)


def test_service_report_from_forecast_file(team: Path, tmp_path: Path) -> None:
    forecast_command(team / "history.csv", team, tmp_path)
    for name in ("team.toml", "agents.csv"):
        shutil.copy(team / name, tmp_path / name)
    problem = load_problem(tmp_path)
    start = dt.datetime(2026, 11, 30, 9, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    shifts = [Shift(agent_id=a.id, start=start, end=start + dt.timedelta(hours=8))
              for a in problem.agents[:10]]
    assert problem.forecast is not None  # load_problem reads forecast.csv
    table, summary = service_report_for(problem, shifts)
    assert summary["load_source"] == "forecast"
    assert len(table) == 336 * 7 and 0 < summary["frt_attainment"] < 1
    assert summary["paid_hours_primary"] == 80
    assert "Predicted service" in format_summary(summary)
    _, same = report_for_team(tmp_path, problem, shifts)
    assert same["frt_attainment"] == summary["frt_attainment"]
    diff = compare_rosters_for(problem, shifts, shifts[:5])
    assert diff.loc["paid hours, primary", "delta"] == -40
    assert diff.loc["share answered within the target", "delta"] <= 0


def test_forecast_for_another_week_is_rejected(team: Path, tmp_path: Path) -> None:
    forecast_command(team / "history.csv", team, tmp_path)
    for name in ("team.toml", "agents.csv"):
        shutil.copy(team / name, tmp_path / name)
    toml = (tmp_path / "team.toml").read_text().replace("2026-11-30", "2026-12-07")
    (tmp_path / "team.toml").write_text(toml)
    with pytest.raises(InputError, match="forecast.csv, row 2.*not a slot of the planning week"):
        load_problem(tmp_path)


def test_bad_history_rows_raise_or_are_counted(team: Path, tmp_path: Path) -> None:
    lines = (team / "history.csv").read_text().splitlines()
    lines.insert(5, "2026-11-20T10:00:00Z,es,weather,")
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as err:
        forecast_command(bad, team, tmp_path / "out")
    assert err.value.row == 6 and err.value.field == "category"
    summary = forecast_command(bad, team, tmp_path / "out", skip_bad_rows=True)
    assert summary.skipped_rows == 1 and "1 bad rows skipped" in summary.lines()[0]


def test_staffing_toml_is_validated(team: Path, tmp_path: Path) -> None:
    folder = tmp_path / "t"
    shutil.copytree(team, folder)
    (folder / "staffing.toml").write_text("target_sl = 1.5\n")
    with pytest.raises(InputError) as err:
        forecast_command(folder / "history.csv", folder, tmp_path / "out")
    assert err.value.field == "target_sl"
    (folder / "staffing.toml").write_text(
        "target_s = 60\n[deflection]\nlogistics = 0.9\n[backup]\nmode = 'none'\n")
    summary = forecast_command(folder / "history.csv", folder, tmp_path / "out")
    assert summary.backup_hours == 0
