"""The language a manager reads: message catalogs (gettext, compiled by Babel) and the active
language.

Every sentence the terminal, the app, the reports, the calendars and the workbook show is
written in English in the code, wrapped in ``_()`` (or ``ngettext``), and looked up in
``scheduler/locale/<locale>/LC_MESSAGES/messages.mo`` at the moment it is shown. A message
missing from a catalog falls back to the English. Strings defined before a language is known
(module constants, table headers) are marked with ``N_()`` and translated where they are shown,
``_(CONSTANT)``.

Which language (first match wins):

1. ``use(lang)``: a block of code in one thread (the app's background solve, tests);
2. the app's per-browser-session choice, through ``set_session_lookup``;
3. ``set_language(lang)``: the whole process (``roster --lang zh``);
4. ``ROSTER_LANG`` (``zh`` or ``en``), else the system locale (``LC_ALL``, ``LC_MESSAGES``,
   ``LANG``: ``zh…`` means Chinese), else English.

Updating the catalogs after changing a message (run from the repository root)::

    pybabel extract -F babel.cfg -k N_ -k ngettext:1,2 --no-location --sort-output \\
        --add-comments=TRANSLATORS: --project=roster-optimizer --version=0.1 \\
        -o scheduler/locale/messages.pot scheduler solver ui
    pybabel update -i scheduler/locale/messages.pot -d scheduler/locale --no-fuzzy-matching \\
        --ignore-obsolete
    # translate the new entries in scheduler/locale/zh_CN/LC_MESSAGES/messages.po, then
    pybabel compile -d scheduler/locale --statistics

``tests/test_i18n.py`` fails while a message in the code has no Chinese translation or a
compiled ``.mo`` is older than its ``.po``.
"""

from __future__ import annotations

import functools
import gettext
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from babel.support import Translations

__all__ = ["LANGUAGES", "DEFAULT_LANGUAGE", "ENV", "LOCALE_DIR", "_", "N_", "ngettext",
           "active", "babel_locale", "default_language", "normalize", "set_language",
           "set_session_lookup", "use", "variants", "translations", "language_name"]

#: language -> the catalog folder under ``LOCALE_DIR`` (and Babel's locale for formats)
LANGUAGES: dict[str, str] = {"en": "en", "zh": "zh_CN"}
DEFAULT_LANGUAGE = "en"
ENV = "ROSTER_LANG"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"

_block: ContextVar[str | None] = ContextVar("roster_language", default=None)
_process: str | None = None
_session_lookup: Callable[[], str | None] | None = None


def normalize(text: str | None) -> str | None:
    """'zh', 'zh_CN.UTF-8', 'zh-Hans' -> 'zh'; 'en_US' -> 'en'; anything else -> None."""
    if not text:
        return None
    head = text.strip().lower().replace("-", "_").split(".")[0].split("_")[0]
    return head if head in LANGUAGES else None


def default_language(environ: Mapping[str, str] | None = None) -> str:
    """``ROSTER_LANG``, else the system locale (only Chinese or English), else English."""
    env = os.environ if environ is None else environ
    chosen = normalize(env.get(ENV))
    if chosen:
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):  # POSIX order: the first one set decides
        value = env.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def set_language(lang: str | None) -> None:
    """The language of the whole process (None: back to the environment's default)."""
    global _process
    if lang is not None and normalize(lang) is None:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    _process = normalize(lang)


def set_session_lookup(lookup: Callable[[], str | None] | None) -> None:
    """Where the app keeps each browser session's choice (None when outside a session)."""
    global _session_lookup
    _session_lookup = lookup


@contextmanager
def use(lang: str | None) -> Iterator[None]:
    """Everything in the block, in this thread or task, speaks ``lang`` (None: no change)."""
    token = _block.set(normalize(lang) if lang else _block.get())
    try:
        yield
    finally:
        _block.reset(token)


def active() -> str:
    """The language messages are shown in right now: 'zh' or 'en'."""
    chosen = _block.get()
    if chosen:
        return chosen
    if _session_lookup is not None:
        chosen = normalize(_session_lookup())
        if chosen:
            return chosen
    return _process or default_language()


def babel_locale(lang: str | None = None) -> str:
    """Babel's locale for dates, numbers and city names: 'zh_CN' or 'en'."""
    return LANGUAGES[normalize(lang) or active()]


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of ``lang`` (an empty one, i.e. English, when there is none)."""
    found = Translations.load(str(LOCALE_DIR), [LANGUAGES[lang]], DOMAIN)
    return found


def _(message: str) -> str:
    """``message`` in the active language (the English itself when it has no translation)."""
    return translations(active()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for a count ``n`` ('1 shift' / '3 shifts'; Chinese has one form)."""
    return translations(active()).ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, don't translate"
    """Marks a message for the catalogs without translating it (translate where shown)."""
    return message


def variants(message: str) -> tuple[str, ...]:
    """``message`` in every language, English first: for readers that accept a workbook
    written in any language."""
    seen = dict.fromkeys(translations(lang).gettext(message) for lang in LANGUAGES)
    return tuple(seen)


def language_name(lang: str) -> str:
    """A language in its own words, for the picker: 'English', '中文'."""
    return {"en": "English", "zh": "中文"}[lang]
