"""The workbook opens in LibreOffice Calc: printed to PDF, and re-saved as .xlsx it still reads
back to the same shifts (a manager's office suite must not break the round trip).

Skipped only where LibreOffice is not installed (`.ci/run` installs libreoffice-calc-nogui).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from xlsx_checks import dst_shifts, dst_team

from scheduler.spreadsheet.reader import plan_pins, read_roster_sheet
from scheduler.spreadsheet.writer import write_roster_xlsx
from scheduler.validator import validate

OFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(OFFICE is None, reason="LibreOffice (soffice) is not installed")


def _convert(source: Path, target_format: str, out_dir: Path) -> Path:
    """Headless conversion with a private profile (parallel runs must not share one)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = (out_dir / "profile").as_uri()
    done = subprocess.run(
        [OFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore",
         "--convert-to", target_format, "--outdir", str(out_dir), str(source)],
        capture_output=True, text=True, timeout=500, check=False)
    assert done.returncode == 0, done.stderr
    target = out_dir / f"{source.stem}.{target_format.split(':')[0]}"
    assert target.is_file(), done.stdout + done.stderr
    return target


def test_libreoffice_prints_the_workbook_to_pdf(tmp_path: Path):
    problem, shifts = dst_team(), dst_shifts()
    book = write_roster_xlsx(tmp_path / "roster.xlsx", problem, shifts,
                             violations=validate(problem, shifts))
    pdf = _convert(book, "pdf", tmp_path / "pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 10_000
    assert len(re.findall(rb"/Type\s*/Page(?!s)", data)) >= 4  # a page per sheet at least


def test_a_workbook_saved_by_libreoffice_reads_back_the_same(tmp_path: Path):
    book = write_roster_xlsx(tmp_path / "roster.xlsx", dst_team(), dst_shifts())
    resaved = _convert(book, "xlsx:Calc MS Excel 2007 XML", tmp_path / "resaved")
    assert {s.shift for s in read_roster_sheet(resaved, dst_team())} == set(dst_shifts())
    assert plan_pins(resaved, dst_team()).pins == []
