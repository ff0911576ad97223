"""The message catalogs and the choice of language (scheduler/i18n.py, scheduler/formats.py)."""

from __future__ import annotations

import datetime as dt
import io
import re
import threading
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from scheduler import formats, i18n, units
from scheduler.i18n import _, ngettext

ROOT = Path(__file__).resolve().parents[1]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def _catalog(locale: str):
    path = i18n.LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def _code_messages() -> set[str]:
    """Every message the code marks for translation (what `pybabel extract` finds)."""
    found = set()
    for folder in ("scheduler", "solver", "ui"):
        for _file, _line, message, _comments, _context in extract_from_dir(
                ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS):
            found.add(message[0] if isinstance(message, tuple) else message)
    return found


# ----------------------------------------------------------------------------- catalogs


def test_a_key_message_in_both_languages() -> None:
    with i18n.use("zh"):
        assert _("Roster") == "排班表"
        assert _("on-call") == "备班"
    with i18n.use("en"):
        assert _("Roster") == "Roster"


def test_ngettext_picks_the_form_by_count() -> None:
    singular, plural = "{count} team: {counts}", "{count} teams: {counts}"
    with i18n.use("en"):
        assert ngettext(singular, plural, 1).format(count=1, counts="") == "1 team: "
        assert ngettext(singular, plural, 3).format(count=3, counts="") == "3 teams: "
    with i18n.use("zh"):  # Chinese has one form for every count
        assert ngettext(singular, plural, 1).format(count=1, counts="") == "1 个团队："
        assert ngettext(singular, plural, 3).format(count=3, counts="") == "3 个团队："


def test_a_message_missing_from_the_catalog_falls_back_to_english() -> None:
    with i18n.use("zh"):
        assert _("A sentence nobody translated") == "A sentence nobody translated"
        assert ngettext("one apple", "{n} apples", 2) == "{n} apples"


def test_every_message_in_the_code_has_a_chinese_translation() -> None:
    """Adding a `_()` message without translating it (and compiling) fails here."""
    zh = {m.id[0] if isinstance(m.id, tuple) else m.id: m for m in _catalog("zh_CN") if m.id}
    missing = sorted(m for m in _code_messages() if m not in zh or not zh[m].string
                     or (isinstance(zh[m].string, tuple) and not all(zh[m].string))
                     or "fuzzy" in zh[m].flags)
    assert not missing, "untranslated (run the commands in scheduler/i18n.py):\n" + "\n".join(
        missing[:20])


def test_translations_keep_every_placeholder() -> None:
    """A translation that drops or renames ``{count}`` would crash ``.format`` at run time."""
    for message in _catalog("zh_CN"):
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) == wanted, (message.id, text)


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_compiled_catalogs_match_their_po_files(locale: str) -> None:
    """The committed .mo is what `pybabel compile` makes of the .po (nothing stale)."""
    def messages(data: bytes) -> dict[object, object]:
        def key(value: str | tuple[str, ...] | list[str]) -> str | tuple[str, ...]:
            return value if isinstance(value, str) else tuple(value)
        return {key(m.id): key(m.string) for m in read_mo(io.BytesIO(data)) if m.id}

    fresh = io.BytesIO()
    write_mo(fresh, _catalog(locale))
    committed = (i18n.LOCALE_DIR / locale / "LC_MESSAGES" / "messages.mo").read_bytes()
    assert messages(committed) == messages(fresh.getvalue())


# ----------------------------------------------------------------------------- which language


@pytest.mark.parametrize(("environ", "expected"), [
    ({"ROSTER_LANG": "zh"}, "zh"),
    ({"ROSTER_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),
    ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LC_ALL": "C.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),  # LC_ALL outranks LANG
    ({"LC_ALL": "zh_TW.UTF-8"}, "zh"),
    ({"LANG": "fr_FR.UTF-8"}, "en"),
    ({"ROSTER_LANG": "klingon", "LANG": "zh_CN"}, "zh"),  # an unknown choice is ignored
    ({}, "en"),
])
def test_default_language_from_the_environment(environ: dict[str, str], expected: str) -> None:
    assert i18n.default_language(environ) == expected


def test_block_choice_outranks_the_process_choice() -> None:
    i18n.set_language("zh")
    try:
        assert i18n.active() == "zh"
        with i18n.use("en"):
            assert i18n.active() == "en"
        assert i18n.active() == "zh"
    finally:
        i18n.set_language(None)
    assert i18n.active() == "en"  # tests/conftest.py: ROSTER_LANG=en
    with pytest.raises(ValueError, match="unknown language"):
        i18n.set_language("fr")


def test_a_new_thread_starts_from_the_process_language_not_another_threads_block() -> None:
    seen: list[str] = []
    with i18n.use("zh"):
        worker = threading.Thread(target=lambda: seen.append(i18n.active()))
        worker.start()
        worker.join()
    assert seen == ["en"]


def test_session_lookup_sits_between_block_and_process() -> None:
    i18n.set_session_lookup(lambda: "zh")
    try:
        assert i18n.active() == "zh"
        with i18n.use("en"):
            assert i18n.active() == "en"
    finally:
        i18n.set_session_lookup(None)
    assert i18n.active() == "en"


# ----------------------------------------------------------------------------- formats


def test_dates_weekdays_and_cities_follow_the_language() -> None:
    when = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.timezone.utc)
    with i18n.use("en"):
        assert formats.weekday(0) == "Mon"
        assert formats.day(when) == "Mon 23 Nov"
        assert formats.day_time(when) == "Mon 23 Nov 09:30"
        assert formats.city("Europe/Madrid") == "Madrid"
    with i18n.use("zh"):
        assert formats.weekday(0) == "周一"
        assert formats.day(when) == "11月23日周一"
        assert formats.day_time(when) == "11月23日周一 09:30"
        assert formats.weekday_time(when) == "周一 09:30"
        assert formats.city("Europe/Madrid") == "马德里"
        assert formats.city("America/Mexico_City") == "墨西哥城"


def test_aware_times_are_shown_on_their_own_wall_clock() -> None:
    madrid = dt.datetime(2026, 11, 23, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    with i18n.use("zh"):
        assert formats.day_time(madrid) == "11月23日周一 23:30"  # not converted to UTC


def test_money_hours_and_shares_use_the_active_language() -> None:
    with i18n.use("en"):
        assert units.money(103_496, "CNY") == "CN¥103,496"
        assert units.share(0.853) == "85.3%"
    with i18n.use("zh"):
        assert units.money(103_496, "CNY") == "¥103,496"
        assert units.hours(12.5) == "12.5 小时"
        assert units.share(0.853) == "85.3%"
