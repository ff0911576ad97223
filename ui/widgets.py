"""Small display pieces several pages share: sidebar status, table editors, KPI strip.

Rendering only: values come from ``ui.state`` and ``ui.results``; nothing here decides.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

import pandas as pd
import streamlit as st

from scheduler.domain import Problem
from ui import state
from ui.results import Card, week_label

__all__ = ["sidebar_status", "table_editor", "edit_feedback", "blocking_errors", "kpi_strip",
           "SECTION_PAGES"]

# which page fixes which section's error
SECTION_PAGES = {
    "agents": "Team & agents", "time_off": "Team & agents", "rules": "Rules & weights",
    "weights": "Rules & weights", "demand": "Demand & peaks", "peaks": "Demand & peaks",
}


def sidebar_status() -> None:
    problem = state.problem()
    with st.sidebar:
        st.markdown(f"**{problem.settings.name}**")
        st.caption(f"{week_label(problem)} · {len(problem.agents)} agents · "
                   f"{', '.join(problem.languages)}")
        st.caption(f"from `{state.source()}`")
        if problem.pinned_shifts:
            st.caption(f"📌 {len(problem.pinned_shifts)} pinned shift(s)")
        errors = state.errors()
        if errors:
            st.error(f"{len(errors)} edit(s) rejected — solving is blocked")
        running = state.job()
        if running is not None and not running.done:
            st.info("Solving in the background…")
        base = state.baseline()
        if base is not None:
            st.caption(f"Comparing against scenario **{base.name}** v{base.version}")


def table_editor(name: str, build: Callable[[], pd.DataFrame], *, help_text: str = "",
                 column_config: dict[str, Any] | None = None, dynamic: bool = True,
                 show_index: bool = False) -> pd.DataFrame:
    """A data editor whose starting table stays fixed until the problem is replaced."""
    if help_text:
        st.caption(help_text)
    base = state.editor_base(name, build)
    edited: pd.DataFrame = st.data_editor(
        base, key=state.editor_key(name), num_rows="dynamic" if dynamic else "fixed",
        width="stretch", hide_index=not show_index, column_config=column_config)
    return edited


def edit_feedback(error: str | None) -> None:
    """The inline, specific message under an editor whose edit was rejected."""
    if error:
        st.error(f"Not applied — {error}", icon="⚠️")


def blocking_errors() -> bool:
    """List rejected edits with the page that fixes them; True when solving must wait."""
    errors = state.errors()
    for section, message in errors.items():
        st.error(f"**{SECTION_PAGES.get(section, section)}**: {message}", icon="⛔")
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
    st.caption(f"{problem.settings.name} · {week_label(problem)} · {len(problem.agents)} agents")
