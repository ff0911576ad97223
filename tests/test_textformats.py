import datetime as dt

import pytest

from scheduler.textformats import (
    format_availability,
    parse_availability,
    parse_bool,
    parse_time,
    parse_weekdays,
)


def test_weekday_ranges_wrap_and_lists():
    assert parse_weekdays("Mon-Fri") == frozenset(range(5))
    assert parse_weekdays("Sat,Sun") == frozenset({5, 6})
    assert parse_weekdays("Fri-Mon") == frozenset({4, 5, 6, 0})
    assert parse_weekdays("daily") == frozenset(range(7))


def test_time_24_00_means_end_of_day():
    assert parse_time("24:00") == dt.time(0)
    with pytest.raises(ValueError, match="not a valid time"):
        parse_time("25:00")


def test_availability_round_trip():
    text = "Mon-Fri 09:00-18:00; Sat 22:00-06:00"
    windows = parse_availability(text)
    assert len(windows) == 2 and windows[1].start == dt.time(22)
    assert parse_availability(format_availability(windows)) == windows


def test_availability_rejects_off_grid_times():
    with pytest.raises(ValueError, match="half hour"):
        parse_availability("Mon 09:15-17:00")


def test_bool_words():
    assert parse_bool("yes") and not parse_bool("") and not parse_bool("no")
    with pytest.raises(ValueError):
        parse_bool("maybe")
