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


# ----------------------------------------------------------------------------- files and tables

from pathlib import Path  # noqa: E402

from scheduler.errors import InputError  # noqa: E402
from scheduler.textformats import (  # noqa: E402
    control_character,
    parse_floats,
    parse_int,
    parse_number,
    read_table,
    read_text_file,
)


def _table(tmp_path: Path, text: str | bytes, required=("a", "b"), optional=("c",)) -> list:
    path = tmp_path / "t.csv"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return list(read_table(path, required, optional))


def test_table_rows_are_numbered_like_a_spreadsheet(tmp_path: Path):
    rows = _table(tmp_path, "\ufeffa,b\n1,2\n\n,\n3\n")
    assert rows == [(2, {"a": "1", "b": "2"}), (5, {"a": "3", "b": ""})]


def test_repeated_header_column_is_an_error(tmp_path: Path):
    with pytest.raises(InputError, match="'b' appears more than once") as err:
        _table(tmp_path, "a,b,c,b\n1,2,3,4\n")
    assert err.value.row == 1 and err.value.field == "b"
    with pytest.raises(InputError, match="appears more than once"):
        _table(tmp_path, "a,b, b\n1,2,3\n")  # same after trimming spaces


def test_control_characters_in_cells_are_errors(tmp_path: Path):
    with pytest.raises(InputError, match="NUL") as err:
        _table(tmp_path, "a,b\n1,x\x00y\n")
    assert (err.value.row, err.value.field) == (2, "b")
    with pytest.raises(InputError, match="line break"):
        _table(tmp_path, 'a,b\n1,"two\nlines"\n')
    assert _table(tmp_path, "a,b\n1,tab\there\n")[0][1]["b"] == "tab\there"


def test_control_character_names():
    assert control_character("fine\ttext") is None
    assert control_character("x\x00") == "a NUL byte"
    assert control_character("\x1b[31m") == "the control character U+001B"


def test_extra_columns_allowed_only_when_asked(tmp_path: Path):
    with pytest.raises(InputError, match="unknown column"):
        _table(tmp_path, "a,b,notes\n1,2,x\n")
    path = tmp_path / "t.csv"
    assert list(read_table(path, ("a", "b"), allow_extra=True))[0][1]["notes"] == "x"


def test_trailing_empty_cells_are_not_extra_cells(tmp_path: Path):
    assert _table(tmp_path, "a,b\n1,2,,\n") == [(2, {"a": "1", "b": "2"})]
    with pytest.raises(InputError, match="more cells than columns"):
        _table(tmp_path, "a,b\n1,2,3\n")


def test_text_file_errors_are_input_errors(tmp_path: Path):
    with pytest.raises(InputError, match="not found"):
        read_text_file(tmp_path / "nope.csv")
    with pytest.raises(InputError, match="folder"):
        read_text_file(tmp_path)
    (tmp_path / "latin.csv").write_bytes("a\nLuc\xeda\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8 .*line 2"):
        read_text_file(tmp_path / "latin.csv")
    (tmp_path / "bom.toml").write_bytes(b"\xef\xbb\xbfa = 1\n")
    assert read_text_file(tmp_path / "bom.toml") == "a = 1\n"


@pytest.mark.parametrize("text", ["inf", "-inf", "nan", "Infinity", "1e400", "forty", ""])
def test_numbers_must_be_finite(text: str):
    with pytest.raises(ValueError, match="not a number"):
        parse_number(text)


def test_numbers_and_lists():
    assert parse_number(" 7.5 ") == 7.5
    assert parse_floats("4 6 8") == (4.0, 6.0, 8.0)
    with pytest.raises(ValueError, match="list of numbers"):
        parse_floats("4 nan")
    assert parse_int("3") == 3
    with pytest.raises(ValueError, match="whole number"):
        parse_int("1e308")


def test_unreadable_csv_is_an_input_error(tmp_path: Path):
    """The csv module's own errors (here: a cell over its size limit) name the file and row."""
    with pytest.raises(InputError, match="not a readable CSV") as err:
        _table(tmp_path, "a,b\n1,2\n3," + "x" * 200_000 + "\n")
    assert err.value.row == 3
