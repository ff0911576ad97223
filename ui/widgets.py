"""Small display pieces several pages share: sidebar status, table editors, KPI strip.

Rendering only: values come from ``ui.state`` and ``ui.results``; nothing here decides.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Literal

import pandas as pd
import streamlit as st

from scheduler import i18n
from scheduler.domain import Problem
from scheduler.i18n import _, ngettext
from ui import state
from ui.results import Card, week_label

__all__ = ["page_menu", "sidebar_status", "table_editor", "edit_feedback", "notices",
           "blocking_errors", "kpi_strip", "SECTION_PAGES", "language_picker", "LANGUAGE_LABEL"]

#: the picker's label stays in both languages: whoever cannot read one can read the other
LANGUAGE_LABEL = "语言 / Language"
_PICKER = "language_picker"

NAV_GRACE_S = 0.2  # longer than the data editor's 150 ms send delay
SECTION_PAGES = state.SECTION_PAGES


def page_menu(pages: list[Any], current: Any) -> None:
    """The page list in the sidebar, as buttons that switch page from the server.

    Streamlit's own page links ask for the new page with only the sidebar's widget values: a
    table edit still on its way (the editor sends it 150 ms after Enter, and a busy server may
    not have started the rerun carrying it) was then thrown away without a word, or the late
    edit pulled the browser back to the old page. A button click carries every widget's value,
    so the edit's ``on_change`` is applied first and the switch happens after it. A cell
    committed less than 150 ms before the click is still in the editor's send timer; the short
    grace before switching lets that message arrive, and Streamlit merges it into the switch.
    If it arrives later still, its run names the page just left: the edit is applied by its
    ``on_change`` and the manager stays where they went (``state.page_to_keep``).
    """
    keys = {page.url_path: f"nav_{page.url_path or 'home'}" for page in pages}
    navigating = any(st.session_state.get(key) for key in keys.values())
    keep = state.page_to_keep(current.url_path, navigating)
    if keep is not None:
        st.switch_page(next(p for p in pages if p.url_path == keep),
                       query_params=state.address_params())
    state.mark_shown(current.url_path)
    with st.sidebar:
        st.html("<style>[class*='st-key-nav_'] button, [class*='st-key-nav_'] button > div "
                "{justify-content: flex-start; width: 100%;}</style>")  # read like a menu
        for page in pages:
            here = page.url_path == current.url_path
            if st.button(page.title, icon=page.icon, key=keys[page.url_path],
                         type="secondary" if here else "tertiary", width="stretch") and not here:
                time.sleep(NAV_GRACE_S)
                state.mark_shown(page.url_path)  # where the manager is going, from now on
                st.switch_page(page, query_params=state.address_params())


def language_picker() -> None:
    """中文 / English in the sidebar; the choice sticks for this browser session (default:
    ROSTER_LANG, else the system locale) and applies from the run it is made in."""
    choices = list(i18n.LANGUAGES)
    with st.sidebar:
        st.radio(LANGUAGE_LABEL, choices, index=choices.index(state.language()), key=_PICKER,
                 format_func=i18n.language_name, horizontal=True,
                 on_change=lambda: state.set_language(st.session_state[_PICKER]))


def sidebar_status() -> None:
    problem = state.problem()
    with st.sidebar:
        st.markdown(f"**{problem.settings.name}**")
        st.caption(_("{week} · {agents} agents · {languages}").format(
            week=week_label(problem), agents=len(problem.agents),
            languages=", ".join(problem.languages)))
        st.caption(_("from `{source}`").format(source=state.source()))
        if problem.pinned_shifts:
            st.caption("📌 " + ngettext("{count} pinned shift", "{count} pinned shifts",
                                        len(problem.pinned_shifts)).format(
                count=len(problem.pinned_shifts)))
        errors = state.errors()
        if errors:
            st.error(ngettext("{count} edit rejected — solving is blocked",
                              "{count} edits rejected — solving is blocked",
                              len(errors)).format(count=len(errors)))
        running = state.job()
        if running is not None and not running.done:
            st.info(_("Solving in the background…"))
        base = state.baseline()
        if base is not None:
            st.caption(_("Comparing against scenario **{name}** v{version}").format(
                name=base.name, version=base.version))


def table_editor(name: str, build: Callable[[], pd.DataFrame], *, section: str,
                 parse: state.TableParse, help_text: str = "",
                 column_config: dict[str, Any] | None = None, dynamic: bool = True,
                 show_index: bool = False) -> str | None:
    """A data editor for one table of the problem; returns the message if its table is rejected.

    The starting table stays fixed until the problem is replaced. ``parse(problem, table)``
    gives the problem with the table applied; it runs in the editor's ``on_change`` (so an edit
    sticks even if the page is left at once) and again here, which is a no-op unless the page
    is drawing a table the callback did not see (a rejected draft, a test setting the state).
    """
    if help_text:
        st.caption(help_text)
    base = state.editor_base(name, build)
    key = state.editor_key(name)
    edited: pd.DataFrame = st.data_editor(
        base, key=key, num_rows="dynamic" if dynamic else "fixed", width="stretch",
        hide_index=not show_index, column_config=column_config,
        on_change=state.commit_table, args=(name, key, section, parse))
    error = state.apply_table(name, section, parse, edited)
    edit_feedback(error)
    return error


def edit_feedback(error: str | None) -> None:
    """The inline, specific message under an editor whose edit was rejected."""
    if error:
        st.error(_("Not applied — {reason}").format(reason=error), icon="⚠️")


def notices() -> None:
    """Messages queued by the previous run (what-if tools rerun the page to redraw it)."""
    for error, message in state.take_notices():
        if error:
            st.error(message, icon="⚠️")
        else:
            st.success(message, icon="✅")


def blocking_errors() -> bool:
    """List rejected edits with the page that fixes them; True when solving must wait."""
    errors = state.errors()
    for section, message in errors.items():
        st.error(f"**{state.section_page(section)}**: {message}", icon="⛔")
    return bool(errors)


def kpi_strip(cards: list[Card], per_row: int = 5) -> None:
    for i in range(0, len(cards), per_row):
        columns = st.columns(per_row)
        for column, card in zip(columns, cards[i:i + per_row], strict=False):
            color: Literal["normal", "inverse", "off"] = "off" if card.good is None else "normal"
            # Streamlit colours a positive delta green; flip when "more" is worse
            if card.good is not None and card.delta and card.delta.startswith("+") != card.good:
                color = "inverse"
            column.metric(card.label, card.value, delta=card.delta, delta_color=color,
                          help=card.help)


def team_caption(problem: Problem) -> None:
    st.caption(_("{team} · {week} · {agents} agents").format(
        team=problem.settings.name, week=week_label(problem), agents=len(problem.agents)))
