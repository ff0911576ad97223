import shutil
from pathlib import Path

import pytest

from scheduler.domain import Problem, RenamedSettingWarning
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


def test_team_toml_with_a_utf8_bom_loads(team: Path):
    (team / "team.toml").write_bytes(b"\xef\xbb\xbf" + (team / "team.toml").read_bytes())
    assert load_problem(team).settings.name.startswith("Small store")


def test_header_only_demand_means_no_demand(team: Path):
    (team / "demand.csv").write_text("weekday,start,end,language,primary,backup\n")
    assert load_problem(team).demand == ()


def test_missing_demand_is_refused_unless_the_caller_writes_it(team: Path):
    (team / "demand.csv").unlink()
    with pytest.raises(InputError, match="24/7 minimum only"):
        load_problem(team)
    assert load_problem(team, require_demand=False).demand == ()


def test_missing_or_file_team_folder(tmp_path: Path, team: Path):
    with pytest.raises(InputError, match="folder not found"):
        load_problem(tmp_path / "nope")
    with pytest.raises(InputError, match="is a file"):
        load_problem(team / "agents.csv")


def test_a_folder_in_place_of_an_optional_file_is_an_error(team: Path):
    (team / "pinned.csv").mkdir()
    with pytest.raises(InputError, match="folder") as err:
        load_problem(team)
    assert err.value.file.endswith("pinned.csv")


def test_toml_control_character_names_the_setting(team: Path):
    _edit(team / "team.toml", "max_consecutive_days = 6", "max_consecutive_days = 6\x01")
    with pytest.raises(InputError, match="line 15 contains") as err:
        load_problem(team)
    assert err.value.field == "rules.max_consecutive_days"


def test_toml_section_must_be_a_table(team: Path):
    text = (team / "team.toml").read_text().split("[weights]")[0]
    (team / "team.toml").write_text("weights = 3\n" + text)
    with pytest.raises(InputError, match="must be a section") as err:
        load_problem(team)
    assert err.value.field == "weights"


# ----------------------------------------------------------------------------- pinned shifts

PIN = "agent_id,role,start_utc,end_utc\n{agent},primary,{start},{end}\n"


def _pin(team: Path, start: str, end: str, agent: str = "S1") -> None:
    (team / "pinned.csv").write_text(PIN.format(agent=agent, start=start, end=end))


def test_a_pin_on_the_grid_with_a_contract_length_loads(team: Path):
    _pin(team, "2026-11-30T01:00+00:00", "2026-11-30T09:00+00:00")
    _pin(team, "2026-11-30T09:00+08:00", "2026-11-30T17:00+08:00")  # same instant, local offset
    assert len(load_problem(team).pinned_shifts) == 1


@pytest.mark.parametrize(("start", "end", "field", "match"), [
    ("2026-11-30T01:17+00:00", "2026-11-30T09:17+00:00", "start_utc", "60-minute slot grid"),
    ("2026-11-30T01:00+00:00", "2026-11-30T09:10+00:00", "end_utc", "slot grid"),
    ("2026-11-30T01:00+00:00", "2026-11-30T10:00+00:00", "end_utc", "longer than the 8 h"),
    ("2026-11-30T01:00+00:00", "2026-11-30T04:00+00:00", "end_utc", "shorter than the 4 h"),
    ("2026-11-30T01:00+00:00", "2026-11-30T06:00+00:00", "end_utc", "not one of S1's"),
    ("2026-12-06T16:00+00:00", "2026-12-07T00:00+00:00", "start_utc", "outside the planning"),
    ("2026-11-29T15:00+00:00", "2026-11-29T23:00+00:00", "start_utc", "outside the planning"),
])
def test_pins_that_no_roster_could_hold(team: Path, start: str, end: str, field: str, match: str):
    _pin(team, start, end)
    with pytest.raises(InputError, match=match) as err:
        load_problem(team)
    assert (err.value.row, err.value.field) == (2, field)
    assert err.value.file.endswith("pinned.csv")


def test_half_hour_pins_need_half_hour_slots(team: Path):
    _pin(team, "2026-11-30T01:30+00:00", "2026-11-30T09:30+00:00")
    with pytest.raises(InputError, match="on the hour"):
        load_problem(team)
    _edit(team / "team.toml", "slot_minutes = 60", "slot_minutes = 30")
    assert len(load_problem(team).pinned_shifts) == 1
    _pin(team, "2026-11-30T01:15+00:00", "2026-11-30T09:15+00:00")
    with pytest.raises(InputError, match="30-minute slot grid"):
        load_problem(team)


def test_last_weeks_roster_may_be_off_grid_but_must_parse(team: Path):
    (team / "previous_roster.csv").write_text(PIN.format(
        agent="S1", start="2026-11-29T01:17+00:00", end="2026-11-29T10:40+00:00"))
    assert len(load_problem(team).previous_shifts) == 1
    (team / "previous_roster.csv").write_text(PIN.format(
        agent="S1", start="0001-01-01T00:00+05:00", end="2026-11-29T10:40+00:00"))
    with pytest.raises(InputError) as err:
        load_problem(team)
    assert (err.value.row, err.value.field) == (2, "start_utc")


def test_settings_left_at_none_survive_save_and_load(tmp_path: Path, fixtures_dir: Path):
    p = load_problem(fixtures_dir / "small_team")
    p = p.model_copy(update={"solver": p.solver.model_copy(update={"workers": None})})
    save_problem(p, tmp_path / "copy")
    assert load_problem(tmp_path / "copy") == p


# ----------------------------------------------------------------------------- renamed settings

OLD_NAMES = (("night_premium_hours", "night_hours"), ("no_work_start", "night_start"),
             ("no_work_end", "night_end"))


def _with_old_names(team: Path) -> None:
    for new, old in OLD_NAMES:
        _edit(team / "team.toml", f"{new} =", f"{old} =")


def test_team_toml_of_last_month_still_loads_with_a_note(team: Path):
    """night_hours / night_start / night_end were renamed; a file using them means the same."""
    expected = load_problem(team)
    _with_old_names(team)
    with pytest.warns(RenamedSettingWarning) as notes:
        assert load_problem(team) == expected
    said = " ".join(str(n.message) for n in notes)
    for new, old in OLD_NAMES:
        assert f"{old} is now called {new}" in said


def test_old_and_new_name_together_are_refused(team: Path):
    _edit(team / "team.toml", "no_work_end =", 'night_start = "01:00"\nno_work_end =')
    with pytest.raises(InputError, match="night_start and no_work_start are the same setting"):
        load_problem(team)


def test_saving_writes_the_new_names(team: Path, tmp_path: Path):
    _with_old_names(team)
    with pytest.warns(RenamedSettingWarning):
        problem = load_problem(team)
    save_problem(problem, tmp_path / "saved")
    text = (tmp_path / "saved" / "team.toml").read_text()
    assert 'night_premium_hours = "22:00-06:00"' in text and 'no_work_start = "00:00"' in text
    assert "night_hours" not in text and "night_start" not in text and "night_end" not in text


def test_a_scenario_stored_under_the_old_names_still_opens(fixtures_dir: Path):
    """Scenarios keep Problem JSON: one saved before the rename must open after it."""
    problem = load_problem(fixtures_dir / "small_team")
    stored = problem.model_dump_json()
    for new, old in OLD_NAMES:
        stored = stored.replace(f'"{new}"', f'"{old}"')
    with pytest.warns(RenamedSettingWarning):
        assert Problem.model_validate_json(stored) == problem


def test_forecast_and_staffing_settings_survive_a_save(fixtures_dir, tmp_path):
    """A team with its forecast (the load behind the demand) and its own staffing.toml is saved
    and read back equal: the service goal and the reports see the same load afterwards."""
    from scheduler.staffing.commands import forecast_command

    team = tmp_path / "team"
    shutil.copytree(fixtures_dir / "small_team", team)
    (team / "staffing.toml").write_text("target_s = 120\nconcurrency = 3\n")
    forecast_command(fixtures_dir / "sample_team" / "history.csv", team)
    p = load_problem(team)
    assert p.forecast is not None and p.staffing.target_s == 120
    save_problem(p, tmp_path / "copy")
    assert load_problem(tmp_path / "copy") == p
    plain = p.model_copy(update={"forecast": None, "staffing": type(p.staffing)()})
    save_problem(plain, tmp_path / "copy")  # and they go when the team has none
    assert not (tmp_path / "copy" / "forecast.csv").exists()
    assert not (tmp_path / "copy" / "staffing.toml").exists()
