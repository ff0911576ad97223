"""The `roster` command in Chinese and English, run as a manager runs it (a real process)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "fixtures" / "small_team"


def roster(*args: str, lang: str | None = "zh", extra_env: dict[str, str] | None = None
           ) -> subprocess.CompletedProcess[str]:
    """``ROSTER_LANG=<lang> roster ARGS`` (the installed entry point's code, this checkout)."""
    env = {**os.environ, "COLUMNS": "200", **(extra_env or {})}
    env.pop("ROSTER_LANG", None)
    if lang is not None:
        env["ROSTER_LANG"] = lang
    return subprocess.run([sys.executable, "-c", "from scheduler.entry import main; main()",
                           *args], capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=300)


@pytest.fixture(scope="module")
def solved_zh(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("zh") / "out"
    done = roster("solve", str(SMALL), "--out", str(out), "--time-limit", "10",
                  "--workers", "1", "--seed", "1", "--quiet")
    assert done.returncode == 0, done.stdout + done.stderr
    return out, done.stdout


def test_solve_prints_the_headline_and_kpis_in_chinese(solved_zh: tuple[Path, str]) -> None:
    out, printed = solved_zh
    text = " ".join(printed.split())
    assert "24/7 至少一人在线" in text and "违反硬性规则" in text and "计薪工时 / 成本" in text
    assert "预测服务水平：" in text and "分钟内首次响应" in text
    assert "按天：周一" in text and "¥" in text and "小时" in text
    assert "已写入 roster.csv" in text
    assert "Predicted service" not in text and "hard-rule" not in text


def test_reports_speak_chinese_where_people_read_and_english_where_machines_do(
        solved_zh: tuple[Path, str]) -> None:
    out, _printed = solved_zh
    kpis = json.loads((out / "kpis.json").read_text(encoding="utf-8"))
    assert kpis["headline"][0].startswith("预测服务水平：")
    assert "online_24_7_held" in kpis["kpis"]  # keys stay identifiers
    with (out / "roster.csv").open(encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert header[:3] == ["agent_id", "agent_name", "role"]  # CSV columns stay English
    assert load_workbook(out / "roster.xlsx").sheetnames == ["排班表", "覆盖率", "班次明细",
                                                             "图例说明"]
    team_ics = (out / "calendars" / "team.ics").read_text(encoding="utf-8")
    assert "在线值班" in team_ics and "语种组" in team_ics


def test_lang_option_outranks_roster_lang_and_translates_help() -> None:
    help_zh = roster("--lang", "zh", "solve", "--help", lang="en")
    assert help_zh.returncode == 0
    assert "为团队文件夹生成下周排班表" in help_zh.stdout and "团队文件夹" in help_zh.stdout
    help_en = roster("--lang", "en", "solve", "--help", lang="zh")
    assert "Build next week's roster" in help_en.stdout and "团队" not in help_en.stdout


def test_the_system_locale_chooses_chinese_without_roster_lang() -> None:
    done = roster("solve", "no/such/folder", lang=None,
                  extra_env={"LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
    assert done.returncode == 2
    assert "错误：" in done.stdout and "找不到文件夹：no/such/folder" in done.stdout
    assert "参数 TEAM_DIR" in done.stdout


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "error: argument --time-limit: must be a number above 0, not -1"),
    ("zh", "错误：参数 --time-limit：必须是大于 0 的数，而不是 -1"),
])
def test_argument_errors_in_both_languages(lang: str, expected: str) -> None:
    done = roster("solve", str(SMALL), "--time-limit", "-1", lang=lang)
    assert done.returncode == 2 and expected in " ".join(done.stdout.split())


def test_an_unknown_language_is_refused() -> None:
    done = roster("--lang", "fr", "validate", str(SMALL), "x.csv", lang="en")
    assert done.returncode == 2
    assert "choose zh (Chinese) or en (English), not 'fr'" in " ".join(done.stdout.split())


def test_an_infeasible_week_is_explained_in_chinese(tmp_path: Path) -> None:
    done = roster("solve", str(ROOT / "fixtures" / "infeasible_team"), "--out",
                  str(tmp_path / "out"), "--time-limit", "20", "--workers", "1", "--quiet")
    assert done.returncode == 3, done.stdout + done.stderr
    text = " ".join(done.stdout.split())
    assert "没有任何排班能满足所有硬性规则。" in text
    assert "24/7 最少在线人数" in text and "禁止上班时段" in text
