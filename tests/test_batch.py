"""`roster solve-many` and scheduler.batch: many teams at once, one failing team never stops
the others. Properties only, never timings."""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scheduler import batch
from scheduler.batch import TeamOutcome, overall_exit_code, run_many, write_summary
from scheduler.cli import app
from scheduler.roster_io import read_shifts_csv
from scheduler.team_io import load_problem
from scheduler.validator import validate

runner = CliRunner()


def _copy_team(src: Path, dest: Path, name: str | None = None) -> Path:
    shutil.copytree(src, dest)
    if name is not None:
        toml = dest / "team.toml"
        text = toml.read_text()
        old = next(line for line in text.splitlines() if line.startswith("name = "))
        toml.write_text(text.replace(old, f'name = "{name}"', 1))
    return dest


def _broken_team(src: Path, dest: Path) -> Path:
    """small_team with an unknown time zone on agents.csv row 9 (as in test_cli)."""
    _copy_team(src, dest)
    agents = dest / "agents.csv"
    agents.write_text(agents.read_text().replace("Europe/Moscow", "Europe/Moskau"))
    return dest


def _roster_violations(team: Path, roster_csv: Path) -> list:
    problem = load_problem(team)
    shifts = read_shifts_csv(roster_csv, known_agents={a.id for a in problem.agents})
    return validate(problem, shifts)


@pytest.fixture
def teams(tmp_path: Path, fixtures_dir: Path) -> list[Path]:
    """Two good copies of small_team in folders of the same name (the second renamed), a
    broken copy, and the infeasible fixture."""
    small = fixtures_dir / "small_team"
    return [
        _copy_team(small, tmp_path / "a" / "small_team"),
        _copy_team(small, tmp_path / "b" / "small_team", name="Small store B"),
        _broken_team(small, tmp_path / "broken"),
        fixtures_dir / "infeasible_team",
    ]


def test_run_many_local_solves_each_team_and_isolates_failures(tmp_path: Path,
                                                               teams: list[Path]):
    out = tmp_path / "out"
    finished: list[TeamOutcome] = []
    outcomes = run_many(teams, out, time_limit=5, workers_per_team=1, parallel=2,
                        backend="local", seed=0, on_done=finished.append)

    assert [o.folder for o in outcomes] == [str(t) for t in teams]  # input order kept
    assert sorted(o.folder for o in finished) == sorted(str(t) for t in teams)
    assert [Path(o.out).name for o in outcomes] == [
        "small_team", "small_team-2", "broken", "infeasible_team"]
    good_a, good_b, broken, infeasible = outcomes

    for team, o in ((teams[0], good_a), (teams[1], good_b)):
        assert (o.status, o.exit_code, o.ok) == ("roster", 0, True), o.message
        folder = Path(o.out)
        for name in ("roster.csv", "roster.json", "roster.xlsx", "coverage.csv", "agent_hours.csv",
                     "kpis.json", "service_level.csv", "calendars/team.ics", "calendars.zip"):
            assert (folder / name).exists(), name
        assert _roster_violations(team, folder / "roster.csv") == []
        assert o.objective is not None and o.gap is not None and o.gap >= 0
        assert 0 < o.coverage_share <= 1 and o.paid_hours > 0
    assert (good_a.team, good_b.team) == ("Small store (8 agents)", "Small store B")

    assert (broken.status, broken.exit_code, broken.ok) == ("bad input", 2, False)
    text = " ".join(broken.message.split())
    assert "agents.csv" in text and "row 9" in text and "timezone" in text
    assert not Path(broken.out).exists()  # nothing written for it, as with `roster solve`

    assert (infeasible.status, infeasible.exit_code) == ("infeasible", 3)
    assert "24/7 minimum online" in infeasible.message and "best-effort" in infeasible.message
    best_effort = Path(infeasible.out) / "roster.csv"
    assert best_effort.exists() and not (Path(infeasible.out) / "calendars").exists()
    assert (Path(infeasible.out) / "roster.xlsx").exists()  # managers fix it in the sheet
    assert _roster_violations(teams[3], best_effort)  # it bends rules: not publishable
    assert infeasible.coverage_share is not None

    assert overall_exit_code(outcomes) == 1
    csv_path, json_path = write_summary(outcomes, out)
    rows = list(csv.DictReader(csv_path.open(encoding="utf-8")))
    assert [r["status"] for r in rows] == ["roster", "roster", "bad input", "infeasible"]
    doc = json.loads(json_path.read_text(encoding="utf-8"))
    assert doc["exit_code"] == 1 and doc["teams"] == 4
    assert doc["counts"] == {"roster": 2, "bad input": 1, "infeasible": 1}


def _crash_on_purpose(team_dir, out_dir, time_limit, workers, seed, *, calendars):  # noqa: ANN001
    """A per-team task whose process dies for the team called 'crash' (as a native crash
    would); the others return at once."""
    if Path(team_dir).name == "crash":
        os._exit(70)
    return TeamOutcome(team=Path(team_dir).name, folder=str(team_dir), out=str(out_dir),
                       status="roster", exit_code=0, message="fake")


def test_a_dying_worker_process_fails_only_its_own_team(tmp_path: Path):
    names = ["ok1", "crash", "ok2", "ok3"]
    outcomes = run_many([tmp_path / n for n in names], tmp_path / "out", parallel=2,
                        backend="local", task=_crash_on_purpose)
    by_name = {Path(o.folder).name: o for o in outcomes}
    assert [Path(o.folder).name for o in outcomes] == names
    assert by_name["crash"].status == "error" and "process died" in by_name["crash"].message
    assert all(by_name[n].status == "roster" for n in ("ok1", "ok2", "ok3"))
    assert overall_exit_code(outcomes) == 1


def test_run_many_on_local_ray(tmp_path: Path, fixtures_dir: Path):
    ray = pytest.importorskip("ray")
    good = _copy_team(fixtures_dir / "small_team", tmp_path / "good")
    broken = _broken_team(fixtures_dir / "small_team", tmp_path / "broken")
    ray.init(num_cpus=2, include_dashboard=False)
    try:
        outcomes = run_many([good, broken], tmp_path / "out", time_limit=5, workers_per_team=1,
                            backend="ray", seed=0, calendars=False)
        assert ray.is_initialized()  # a Ray it did not start is left running
    finally:
        ray.shutdown()
    ok, bad = outcomes
    assert (ok.status, ok.exit_code) == ("roster", 0), ok.message
    assert _roster_violations(good, Path(ok.out) / "roster.csv") == []
    assert not (Path(ok.out) / "calendars").exists()
    assert (bad.status, bad.exit_code) == ("bad input", 2) and "agents.csv" in bad.message


def test_solve_many_cli_writes_teams_table_and_summary(tmp_path: Path, fixtures_dir: Path):
    good = _copy_team(fixtures_dir / "small_team", tmp_path / "store-1")
    broken = _broken_team(fixtures_dir / "small_team", tmp_path / "store-2")
    out = tmp_path / "out"
    result = runner.invoke(app, ["solve-many", str(good), str(broken), "--out", str(out),
                                 "--time-limit", "5", "--workers", "1", "--parallel", "2",
                                 "--backend", "local", "--no-calendars"])
    assert result.exit_code == 1, result.output  # one team had bad input
    text = " ".join(result.output.split())
    assert "bad input" in text and "roster" in text and "2 teams" in text
    assert _roster_violations(good, out / "store-1" / "roster.csv") == []
    assert not (out / "store-2").exists()
    rows = list(csv.DictReader((out / "summary.csv").open(encoding="utf-8")))
    assert [(r["status"], r["exit_code"]) for r in rows] == [("roster", "0"), ("bad input", "2")]
    assert "row 9" in rows[1]["message"]
    assert json.loads((out / "summary.json").read_text())["exit_code"] == 1


def test_solve_many_cli_checks_arguments_before_solving(tmp_path: Path, fixtures_dir: Path):
    out = tmp_path / "out"
    missing = runner.invoke(app, ["solve-many", str(fixtures_dir / "small_team"),
                                  str(tmp_path / "nope"), "--out", str(out)])
    assert missing.exit_code == 2 and "folder not found" in " ".join(missing.output.split())
    zero = runner.invoke(app, ["solve-many", str(fixtures_dir / "small_team"), "--out", str(out),
                               "--parallel", "0"])
    assert zero.exit_code == 2 and "--parallel" in zero.output
    assert not out.exists()  # nothing written


def test_exit_code_backend_choice_and_output_names(monkeypatch: pytest.MonkeyPatch):
    def outcome(status: str, code: int) -> TeamOutcome:
        return TeamOutcome(team="t", folder="t", out="t", status=status, exit_code=code)

    assert overall_exit_code([outcome("roster", 0)] * 2) == 0
    assert overall_exit_code([outcome("roster", 0), outcome("infeasible", 3)]) == 3
    assert overall_exit_code([outcome("infeasible", 3), outcome("error", 1)]) == 1
    assert overall_exit_code([outcome("roster", 1)]) == 1  # a roster breaking a hard rule
    assert overall_exit_code([outcome("bad input", 2)]) == 1

    assert batch.output_names(["x/a", "y/a", "a-2", "z/a", "summary.csv"]) == [
        "a", "a-2", "a-2-2", "a-3", "summary.csv-2"]

    monkeypatch.setattr(batch, "_ray_importable", lambda: False)
    assert batch.choose_backend("auto") == "local"
    assert batch.choose_backend("local", "ray://head:10001") == "local"
    with pytest.raises(batch.InputError, match="Ray is not installed"):
        batch.choose_backend("auto", "ray://head:10001")
    monkeypatch.setattr(batch, "_ray_importable", lambda: True)
    assert batch.choose_backend("auto") == "ray"
