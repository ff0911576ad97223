"""The workbook in Chinese and English: sheet names, labels, day cells and legend in the active
language, and a workbook written in either language read back in either."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from xlsx_checks import PLANNING, at, dst_shifts, dst_team, shift, workbook

from scheduler import i18n
from scheduler.domain import Role
from scheduler.errors import InputError
from scheduler.spreadsheet.reader import plan_pins
from scheduler.spreadsheet.writer import write_roster_xlsx

TUE = dt.date(2026, 10, 27)


def _write(tmp_path: Path, lang: str) -> Path:
    with i18n.use(lang):
        return write_roster_xlsx(tmp_path / f"roster_{lang}.xlsx", dst_team(), dst_shifts())


def _cells(ws) -> list[str]:  # noqa: ANN001
    return [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]


def test_sheet_names_and_labels_in_english(tmp_path: Path) -> None:
    wb = workbook(_write(tmp_path, "en"))
    assert wb.sheetnames == ["Roster", "Coverage", "Shifts", "Legend"]
    header = [c.value for c in wb["Roster"][5]]
    assert header[:4] == ["Agent", "ID", "Local time of (city, UTC offset)", "Languages"]
    assert "Madrid (UTC+1)" in _cells(wb["Roster"])
    assert "Wed 01:00–09:00" in _cells(wb["Roster"])


def test_sheet_names_labels_cells_and_legend_in_chinese(tmp_path: Path) -> None:
    wb = workbook(_write(tmp_path, "zh"))
    assert wb.sheetnames == ["排班表", "覆盖率", "班次明细", "图例说明"]
    roster = wb["排班表"]
    header = [c.value for c in roster[5]]
    assert header[:4] == ["客服", "工号", "当地时间所在地（城市，UTC 偏移）", "语种"]
    assert header[11] == "计薪工时（小时）"
    cells = _cells(roster)
    assert "马德里 (UTC+1)" in cells and "加尔各答 (UTC+5:30)" in cells
    assert "周三 01:00–09:00" in cells  # the agent's own weekday, in Chinese
    assert "周六 17:30–01:30 (PDT)\n01:30 (PST)–09:30 备班" in cells  # on call, repeated hour
    assert any(c.startswith("洛杉矶 (UTC−7，") for c in cells)  # the DST change, in words
    shifts_header = [c.value for c in wb["班次明细"][2]][:4]
    assert shifts_header == ["客服工号", "客服", "班次类型", "服务语种"]
    legend = _cells(wb["图例说明"])
    assert "本工作簿阅读说明" in legend and any("马德里：Europe/Madrid" in c for c in legend)


@pytest.mark.parametrize(("written", "reading"), [("zh", "en"), ("en", "zh"), ("zh", "zh")])
def test_a_workbook_reads_back_whatever_the_languages(tmp_path: Path, written: str,
                                                      reading: str) -> None:
    path = _write(tmp_path, written)
    sheet = workbook(path)
    ws = sheet[sheet.sheetnames[0]]
    row = next(r for r in range(6, ws.max_row + 1) if ws.cell(row=r, column=2).value == "mad")
    column = next(c.column for c in ws[5] if isinstance(c.value, dt.datetime)
                  and c.value.date() == TUE)
    ws.cell(row=row, column=column).value = "10:00–18:00"
    ws.cell(row=row, column=column + 1).value = "周三 10:00至18:00 备班"  # typed in Chinese
    sheet.save(path)
    with i18n.use(reading):
        plan = plan_pins(path, dst_team())
    assert set(plan.pins) == {shift("mad", at(PLANNING, "2026-10-27 10:00"), 8),
                              shift("mad", at(PLANNING, "2026-10-28 10:00"), 8, Role.BACKUP)}


def test_reader_errors_speak_the_active_language_and_name_the_sheet_as_written(
        tmp_path: Path) -> None:
    path = _write(tmp_path, "zh")
    sheet = workbook(path)
    ws = sheet["排班表"]
    ws["F6"] = "25:00-26:00"
    sheet.save(path)
    with i18n.use("en"), pytest.raises(InputError) as english:
        plan_pins(path, dst_team())
    assert "sheet '排班表', cell F6: '25:00' is not a time" in str(english.value)
    with i18n.use("zh"), pytest.raises(InputError) as chinese:
        plan_pins(path, dst_team())
    assert "工作表“排班表”，单元格 F6：“25:00”不是时间" in str(chinese.value)


def test_week_and_zone_unchanged_by_language(tmp_path: Path) -> None:
    """Only words change: the same shifts in the same cells in both workbooks."""
    en, zh = workbook(_write(tmp_path, "en")), workbook(_write(tmp_path, "zh"))
    for row in range(6, 11):
        for column in range(5, 12):
            a = en["Roster"].cell(row=row, column=column).value
            b = zh["排班表"].cell(row=row, column=column).value
            assert (a is None) == (b is None)
            if a:
                assert a.replace("on-call", "备班").replace("Wed", "周三").replace(
                    "Sat", "周六") == b
