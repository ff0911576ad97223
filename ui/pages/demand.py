"""Demand & peaks: per-language weekday × hour heatmap and grid, multiplier, holiday/peak events."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from scheduler.domain import WEEKDAYS, Problem, Role
from scheduler.errors import InputError
from scheduler.formats import city, weekday, weekday_names
from scheduler.i18n import N_, _
from scheduler.validator import role_name
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

PEAK_HELP = N_("Sales events and public holidays, planning-zone dates (end inclusive). "
               "`weight` multiplies the cost of under-coverage (3 = three times as bad); "
               "`extra_capacity` adds spare agents (0.2 = +20%); empty languages = all.")
#: the two duties, as the radio and the messages name them
DUTIES = {"primary": N_("primary (online)"), "backup": N_("backup (on-call)")}
ALL = "all"


def _multiplier_tool(languages: tuple[str, ...]) -> None:
    c1, c2, c3, c4 = st.columns([1, 2, 1, 1])
    shown = {ALL: _("all languages"), **{lang: lang for lang in languages}}
    language = c1.selectbox(_("Language"), list(shown), key="mult_language",
                            format_func=shown.__getitem__)
    days = c2.multiselect(_("Weekdays"), list(range(7)), default=[4], key="mult_days",
                          format_func=weekday_names().__getitem__)
    percent = c3.number_input(_("Change %"), value=30, step=5, key="mult_percent")
    also_backup = c4.checkbox(_("also backup"), key="mult_backup")
    if st.button(_("Apply multiplier"), key="mult_apply", disabled=not days):
        roles = ("primary", "backup") if also_backup else ("primary",)
        try:
            state.replace_problem(scale_demand(
                state.problem(), 1 + percent / 100, language=None if language == ALL else
                language, weekdays=days, roles=roles), ("demand",))
        except InputError as exc:
            st.error(_("Not applied — {reason}").format(reason=exc), icon="⚠️")
            return
        state.notify(_("Applied: {percent}% {duties} demand on {days} ({languages}).").format(
            percent=f"{percent:+g}", duties=_(" and ").join(role_name(Role(r)) for r in roles),
            days=_(", ").join(weekday(d) for d in sorted(days)),
            languages=_("all languages") if language == ALL else language))
        st.rerun()


def _localized(matrix: pd.DataFrame) -> pd.DataFrame:
    """The weekday rows named in the active language (edits are read back by position)."""
    return matrix.set_axis(list(weekday_names()), axis=0)


def _with_peaks(problem: Problem, table: pd.DataFrame) -> Problem:
    return rebuild(problem, peaks=peaks_from_frame(table))


def _with_grid(language: str, role: str) -> Callable[[Problem, pd.DataFrame], Problem]:
    def parse(problem: Problem, grid: pd.DataFrame) -> Problem:
        grid = grid.set_axis(list(WEEKDAYS), axis=0)  # the editor may hand back a plain index
        return rebuild(problem, demand=demand_from_grid(problem, language, role, grid))
    return parse


def render() -> None:
    st.title(_("Demand & peaks"))
    widgets.notices()
    problem = state.problem()
    widgets.team_caption(problem)
    zone = problem.settings.timezone
    st.caption(_("Agents required per hour, in the planning zone ({city}, {zone}).").format(
        city=city(zone), zone=zone))

    c1, c2 = st.columns([1, 1])
    language = c1.selectbox(_("Language"), problem.languages, key="demand_language")
    duties = {role: _(label) for role, label in DUTIES.items()}
    role = c2.radio(_("Duty"), tuple(duties), horizontal=True, key="demand_role",
                    format_func=duties.__getitem__)
    heatmap = st.container()
    with st.expander(_("What-if: multiply demand (e.g. +30% Spanish on Friday)")):
        _multiplier_tool(problem.languages)

    name = f"demand.{language}.{role}"
    widgets.table_editor(
        name, lambda: _localized(demand_matrix(state.problem(), language, role)), section=name,
        parse=_with_grid(language, role), dynamic=False, show_index=True,
        help_text=_("Edit a cell to change that hour; editing stores this language as hourly "
                    "rows."))
    with heatmap:
        st.plotly_chart(demand_heatmap(_localized(demand_matrix(state.problem(), language, role)),
                                       f"{language} · {_(DUTIES[role])}"), width="stretch")

    st.subheader(_("Holidays & peak events"))
    widgets.table_editor("peaks", lambda: peaks_frame(state.problem()), section="peaks",
                         parse=_with_peaks, help_text=_(PEAK_HELP))


if __name__ == "__main__":
    render()
