"""Demand & peaks: per-language weekday × hour heatmap and grid, multiplier, holiday/peak events."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from scheduler.domain import WEEKDAYS, Problem
from scheduler.errors import InputError
from ui import state, widgets
from ui.charts import demand_heatmap
from ui.table_edit import (
    demand_from_grid,
    demand_matrix,
    peaks_frame,
    peaks_from_frame,
    rebuild,
)
from ui.whatif import scale_demand

PEAK_HELP = ("Sales events and public holidays, planning-zone dates (end inclusive). "
             "`weight` multiplies the cost of under-coverage (3 = three times as bad); "
             "`extra_capacity` adds spare agents (0.2 = +20%); empty languages = all.")


def _multiplier_tool(languages: tuple[str, ...]) -> None:
    c1, c2, c3, c4 = st.columns([1, 2, 1, 1])
    language = c1.selectbox("Language", ("all", *languages), key="mult_language")
    days = c2.multiselect("Weekdays", list(range(7)), default=[4], key="mult_days",
                          format_func=lambda d: WEEKDAYS[d])
    percent = c3.number_input("Change %", value=30, step=5, key="mult_percent")
    also_backup = c4.checkbox("also backup", key="mult_backup")
    if st.button("Apply multiplier", key="mult_apply", disabled=not days):
        roles = ("primary", "backup") if also_backup else ("primary",)
        try:
            state.replace_problem(scale_demand(
                state.problem(), 1 + percent / 100, language=None if language == "all" else
                language, weekdays=days, roles=roles), ("demand",))
        except InputError as exc:
            st.error(f"Not applied — {exc}", icon="⚠️")
            return
        state.notify(f"Applied: {percent:+g}% {' and '.join(roles)} demand on "
                     f"{', '.join(WEEKDAYS[d] for d in sorted(days))} "
                     f"({'all languages' if language == 'all' else language}).")
        st.rerun()


def _with_peaks(problem: Problem, table: pd.DataFrame) -> Problem:
    return rebuild(problem, peaks=peaks_from_frame(table))


def _with_grid(language: str, role: str) -> Callable[[Problem, pd.DataFrame], Problem]:
    def parse(problem: Problem, grid: pd.DataFrame) -> Problem:
        grid = grid.set_axis(list(WEEKDAYS), axis=0)  # the editor may hand back a plain index
        return rebuild(problem, demand=demand_from_grid(problem, language, role, grid))
    return parse


def render() -> None:
    st.title("Demand & peaks")
    widgets.notices()
    problem = state.problem()
    widgets.team_caption(problem)
    st.caption(f"Agents required per hour, in the planning zone ({problem.settings.timezone}).")

    c1, c2 = st.columns([1, 1])
    language = c1.selectbox("Language", problem.languages, key="demand_language")
    role = c2.radio("Duty", ("primary", "backup"), horizontal=True, key="demand_role")
    heatmap = st.container()
    with st.expander("What-if: multiply demand (e.g. +30% Spanish on Friday)"):
        _multiplier_tool(problem.languages)

    name = f"demand.{language}.{role}"
    widgets.table_editor(
        name, lambda: demand_matrix(state.problem(), language, role), section=name,
        parse=_with_grid(language, role), dynamic=False, show_index=True,
        help_text="Edit a cell to change that hour; editing stores this language as hourly rows.")
    with heatmap:
        st.plotly_chart(demand_heatmap(demand_matrix(state.problem(), language, role),
                                       f"{language} · {role}"), width="stretch")

    st.subheader("Holidays & peak events")
    widgets.table_editor("peaks", lambda: peaks_frame(state.problem()), section="peaks",
                         parse=_with_peaks, help_text=PEAK_HELP)


if __name__ == "__main__":
    render()
