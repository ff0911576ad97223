import shutil
from pathlib import Path

import pytest

from scheduler.errors import InputError
from scheduler.team_io import load_problem, save_problem


@pytest.fixture
def team(tmp_path: Path, fixtures_dir: Path) -> Path:
    dst = tmp_path / "team"
    shutil.copytree(fixtures_dir / "small_team", dst)
    return dst


def test_sample_team_loads_with_all_parts(fixtures_dir: Path):
    p = load_problem(fixtures_dir / "sample_team")
    assert len(p.agents) == 30
    assert set(p.languages) >= {"en", "es", "fr", "pt", "ru", "ar", "de"}
    assert p.peaks and p.peaks[0].name == "Cyber Monday"
    assert {t.agent_id for t in p.time_off} == {"SZ04", "MD01"}


def test_save_then_load_gives_the_same_problem(tmp_path: Path, fixtures_dir: Path):
    p = load_problem(fixtures_dir / "sample_team")
    save_problem(p, tmp_path / "copy")
    assert load_problem(tmp_path / "copy") == p


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_bad_timezone_names_file_row_and_field(team: Path):
    _edit(team / "agents.csv", "Europe/Madrid", "Europe/Madird")
    with pytest.raises(InputError) as err:
        load_problem(team)
    assert err.value.file.endswith("agents.csv")
    assert err.value.row == 8 and err.value.field == "timezone"
    assert "Europe/Madird" in str(err.value)


def test_bad_number_is_reported_with_its_column(team: Path):
    _edit(team / "agents.csv", ",40,5,8,", ",forty,5,8,")
    with pytest.raises(InputError) as err:
        load_problem(team)
    assert err.value.row == 2 and err.value.field == "max_hours"


def test_overlapping_demand_rows_are_rejected(team: Path):
    lines = (team / "demand.csv").read_text().splitlines()
    lines.append(lines[1])  # duplicate the first data row
    (team / "demand.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError, match="overlaps row 2") as err:
        load_problem(team)
    assert err.value.row == len(lines)


def test_unknown_column_is_an_error_not_silently_dropped(team: Path):
    _edit(team / "agents.csv", "hourly_cost", "hourly_costs")
    with pytest.raises(InputError, match="unknown column"):
        load_problem(team)


def test_week_must_start_on_monday(team: Path):
    _edit(team / "team.toml", "2026-11-30", "2026-12-01")
    with pytest.raises(InputError, match="Monday") as err:
        load_problem(team)
    assert err.value.field == "team.week_start"


def test_shift_longer_than_the_cap_is_rejected_on_load(team: Path):
    _edit(team / "agents.csv", ",40,5,8,", ",40,5,9,")
    with pytest.raises(InputError, match="exceeds the 8 h cap"):
        load_problem(team)


def test_time_off_for_unknown_agent(team: Path):
    (team / "time_off.csv").write_text("agent_id,start,end,reason\nNOPE,2026-12-01,2026-12-02,x\n")
    with pytest.raises(InputError) as err:
        load_problem(team)
    assert err.value.row == 2 and err.value.field == "agent_id"
