"""History import: raw exports and heatmaps, with located errors or counted skips."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from scheduler.errors import InputError
from scheduler.staffing.history import load_history, weekly_matrix

UTC = dt.timezone.utc


def write(tmp_path: Path, text: str, name: str = "history.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_timestamps_with_offset_z_and_naive(tmp_path: Path) -> None:
    path = write(tmp_path, "timestamp,language,category,handle_time_s\n"
                 "2026-11-02T10:15:00+01:00,ES,logistics,300\n"
                 "2026-11-02T09:20:00Z,fr,After_Sales,\n"
                 "2026-11-02 17:30:00,en,payment,120\n")
    h = load_history(path, assume_zone="Asia/Shanghai")
    ts = list(h.inquiries["ts"])
    assert ts[0].to_pydatetime() == dt.datetime(2026, 11, 2, 9, 15, tzinfo=UTC)
    assert ts[2].to_pydatetime() == dt.datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
    assert list(h.inquiries["category"]) == ["logistics", "after-sales", "payment"]
    assert h.languages == ("en", "es", "fr")
    assert np.isnan(h.inquiries["handle_time_s"].iloc[1])
    assert h.period == (dt.datetime(2026, 11, 2, 9, tzinfo=UTC),
                        dt.datetime(2026, 11, 2, 10, tzinfo=UTC))


@pytest.mark.parametrize("row, field", [
    ("yesterday,es,logistics,", "timestamp"),
    ("2026-11-02T10:00:00Z,spanish!,logistics,", "language"),
    ("2026-11-02T10:00:00Z,es,weather,", "category"),
    ("2026-11-02T10:00:00Z,es,logistics,-5", "handle_time_s"),
    ("2026-11-02T10:00:00Z,,logistics,", "language"),
])
def test_bad_row_is_located(tmp_path: Path, row: str, field: str) -> None:
    path = write(tmp_path, "timestamp,language,category,handle_time_s\n"
                 "2026-11-02T09:00:00Z,es,logistics,\n" + row + "\n")
    with pytest.raises(InputError) as err:
        load_history(path)
    assert err.value.row == 3 and err.value.field == field
    assert str(path) in str(err.value)


def test_skip_mode_counts_and_explains(tmp_path: Path) -> None:
    path = write(tmp_path, "timestamp,language,category\n"
                 "2026-11-02T09:00:00Z,es,logistics\n"
                 "nonsense,es,logistics\n"
                 "2026-11-02T09:05:00Z,es,unknown\n"
                 "2026-11-02T09:10:00Z,de,product\n")
    h = load_history(path, on_error="skip")
    assert h.rows == 2 and h.skipped == 2
    assert h.skip_reasons[0].startswith("row 3, field 'timestamp'")
    assert "row 4, field 'category'" in h.skip_reasons[1]


def test_all_rows_bad_is_an_error_even_when_skipping(tmp_path: Path) -> None:
    path = write(tmp_path, "timestamp,language,category\nnope,es,logistics\n")
    with pytest.raises(InputError, match="no usable inquiries"):
        load_history(path, on_error="skip")


def test_unknown_format_and_unknown_column(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not an inquiry export"):
        load_history(write(tmp_path, "a,b\n1,2\n"))
    with pytest.raises(InputError, match="unknown column"):
        load_history(write(tmp_path, "timestamp,language,category,mood\n"))


def test_heatmap_scaled_to_one_week(tmp_path: Path) -> None:
    path = write(tmp_path, "weekday,hour,language,count\nMon,10,es,30\nTue,23,es,60\n"
                 "0,11,fr,3\n")
    h = load_history(path, heatmap_days=30, heatmap_zone="Europe/Madrid")
    assert h.kind == "heatmap" and h.languages == ("es", "fr")
    m = weekly_matrix(h, "es", "Europe/Madrid")
    assert m.bin_minutes == 60 and m.zone == "Europe/Madrid"
    assert m.rates[0, 10] == pytest.approx(30 * 7 / 30)
    assert m.rates[0, 24 + 23] == pytest.approx(60 * 7 / 30)
    assert m.rates.sum() == pytest.approx(90 * 7 / 30)


def test_heatmap_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        load_history(write(tmp_path, "weekday,hour,language,count\nMon,24,es,3\n"))
    assert err.value.field == "hour" and err.value.row == 2
    with pytest.raises(InputError, match="duplicate"):
        load_history(write(tmp_path, "weekday,hour,language,count\nMon,1,es,3\nMon,1,es,4\n"))


def test_weekly_matrix_counts_in_market_time_and_exposure(tmp_path: Path) -> None:
    # Madrid is UTC+1 in November: 09:10Z is Monday 10:10 local -> bin 20 of 30-min bins
    path = write(tmp_path, "timestamp,language,category\n"
                 "2026-11-02T09:10:00Z,es,logistics\n2026-11-02T09:20:00Z,es,logistics\n"
                 "2026-11-09T09:40:00Z,es,logistics\n")
    h = load_history(path, period=(dt.datetime(2026, 11, 1, 23, tzinfo=UTC),
                                   dt.datetime(2026, 11, 15, 23, tzinfo=UTC)))
    m = weekly_matrix(h, "es", "Europe/Madrid", 30)
    assert m.weeks == (dt.date(2026, 11, 2), dt.date(2026, 11, 9))
    assert m.exposure.min() == 1 and m.exposure.max() == 1  # two full local weeks
    assert m.counts[0, 20] == 2 and m.counts[1, 21] == 1 and m.counts.sum() == 3
    # an 11.11-style uplift of +100% on 9 Nov halves that day's weight
    half = weekly_matrix(h, "es", "Europe/Madrid", 30,
                         uplift=lambda d: 1.0 if d == dt.date(2026, 11, 9) else 0.0)
    assert half.counts[1, 21] == pytest.approx(0.5)
