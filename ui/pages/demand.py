"""Demand & peaks: per-language weekday × hour heatmap and grid, multiplier, holiday/peak events."""

from __future__ import annotations

import streamlit as st

from scheduler.domain import WEEKDAYS
from scheduler.errors import InputError
from ui import state, widgets
from ui.charts import demand_heatmap
from ui.table_edit import (
    demand_matrix,
    demand_with_matrix,
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
        try:
            state.replace_problem(scale_demand(
                state.problem(), 1 + percent / 100, language=None if language == "all" else
                language, weekdays=days, roles=("primary", "backup") if also_backup
                else ("primary",)))
        except InputError as exc:
            st.error(f"Not applied — {exc}", icon="⚠️")
            return
        st.rerun()


def render() -> None:
    st.title("Demand & peaks")
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
    base = state.editor_base(name, lambda: demand_matrix(state.problem(), language, role))
    edited = widgets.table_editor(
        name, lambda: base, dynamic=False, show_index=True,
        help_text="Edit a cell to change that hour; editing stores this language as hourly rows.")
    if not edited.reset_index(drop=True).equals(base.reset_index(drop=True)):
        widgets.edit_feedback(state.apply_edit("demand", lambda p: rebuild(
            p, demand=demand_with_matrix(p, language, role, edited.set_index(base.index)))))
    with heatmap:
        st.plotly_chart(demand_heatmap(demand_matrix(state.problem(), language, role),
                                       f"{language} · {role}"), width="stretch")

    st.subheader("Holidays & peak events")
    peaks = widgets.table_editor("peaks", lambda: peaks_frame(state.problem()),
                                 help_text=PEAK_HELP)
    widgets.edit_feedback(state.apply_edit("peaks", lambda p: rebuild(
        p, peaks=peaks_from_frame(peaks))))


if __name__ == "__main__":
    render()
