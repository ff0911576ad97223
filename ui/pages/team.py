"""Team & agents: open a team (bundled, folder path, uploaded files), edit agents and leave."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from scheduler.domain import Agent, Problem
from scheduler.errors import InputError
from scheduler.formats import day
from scheduler.i18n import N_, _, ngettext
from scheduler.team_io import AGENT_COLUMNS, load_problem
from ui import state, widgets
from ui.table_edit import (
    BULK_COLUMNS,
    agents_frame,
    agents_from_frame,
    bulk_set,
    problem_from_uploads,
    rebuild,
    time_off_frame,
    time_off_from_frame,
)
from ui.whatif import add_leave

AGENT_HELP = N_(
    "One row per agent, same cells as agents.csv. Languages: `es en`; shift lengths: `4 6 8`; "
    "availability (agent's local time): `Mon-Fri 09:00-18:00; Sat 10:00-14:00`; "
    "days off: `Sat Sun`; yes/no for night_willing and avoid_weekends."
)
TIME_OFF_HELP = N_("Leave in the agent's local time: `2026-12-02` (whole day, end inclusive) "
                   "or `2026-12-02T09:00`.")
BULK_HELP = N_("Pick agents, type the new values (same cell syntax as the table; empty = "
               "keep), then apply. Each value is checked like a table cell: a wrong one is "
               "named and left out, the others are applied.")
BUNDLED = ("sample_team", "small_team", "infeasible_team")


def _open_team() -> None:
    bundled, folder, upload = st.tabs([_("Bundled example"), _("Team folder on this server"),
                                       _("Upload files")])
    with bundled:
        name = st.selectbox(_("Example team"), BUNDLED, key="open_bundled_name")
        if st.button(_("Open example"), key="open_bundled"):
            path = state.FIXTURES / name
            _load(lambda: load_problem(path), str(path))
    with folder:
        path_text = st.text_input(_("Folder path (with team.toml and agents.csv)"),
                                  key="open_folder_path")
        if st.button(_("Open folder"), key="open_folder", disabled=not path_text.strip()):
            _load(lambda: load_problem(path_text.strip()), path_text.strip())
    with upload:
        files = st.file_uploader(_("Team files: team.toml, agents.csv, demand.csv, peaks.csv, "
                                   "time_off.csv"),
                                 type=["csv", "toml"], accept_multiple_files=True,
                                 key="open_upload")
        if st.button(_("Open uploaded files"), key="open_uploaded", disabled=not files):
            data = {f.name: f.getvalue() for f in files or []}
            _load(lambda: problem_from_uploads(data), _("uploaded files"))


def _load(read: Callable[[], Problem], label: str) -> None:
    try:
        problem = read()
    except InputError as exc:
        st.error(_("Could not open the team — {reason}").format(reason=exc), icon="⚠️")
        return
    state.load(problem, label)
    st.rerun()


def _leave_tool() -> None:
    problem = state.problem()
    ids = [a.id for a in problem.agents]
    names = {a.id: a.name for a in problem.agents}
    week = problem.settings.week_start
    c1, c2, c3 = st.columns([2, 2, 1])
    agent = c1.selectbox(_("Agent"), ids, format_func=lambda i: f"{i} {names[i]}",
                         key="leave_agent")
    days = c2.date_input(_("Days (agent's local dates)"),
                         value=(week + dt.timedelta(days=2),) * 2, key="leave_days")
    if c3.button(_("Put on leave"), key="leave_apply"):
        first, last = (days[0], days[-1]) if isinstance(days, tuple) and days else (week, week)
        try:
            state.replace_problem(add_leave(problem, agent, first, last, _("what-if leave")),
                                  ("time_off",))
        except InputError as exc:
            st.error(_("Not applied — {reason}").format(reason=exc), icon="⚠️")
            return
        who = f"{agent} {names[agent]}"
        if last != first:
            state.notify(_("Applied: {agent} on leave {first} – {last}.").format(
                agent=who, first=day(first), last=day(last)))
        else:
            state.notify(_("Applied: {agent} on leave {day}.").format(agent=who,
                                                                      day=day(first)))
        st.rerun()


def _bulk_tool() -> None:
    """Set contract fields for several agents at once (applied on the button, like a form)."""
    problem = state.problem()
    names = {a.id: a.name for a in problem.agents}
    st.caption(_(BULK_HELP))
    with st.form("bulk_edit", border=False):
        chosen = st.multiselect(_("Agents"), list(names), key="bulk_agents",
                                format_func=lambda i: f"{names.get(i, i)} ({i})")
        cells = st.columns(5)
        typed = {column: cells[i % 5].text_input(
                    column, key=f"bulk_{column}", placeholder=_("keep"),
                    help=_field_help(column))
                 for i, column in enumerate(BULK_COLUMNS)}
        apply = st.form_submit_button(_("Apply to the selected agents"), type="primary")
    if not apply:
        return
    typed = {column: text for column, text in typed.items() if text.strip()}
    if not chosen or not typed:
        st.warning(_("Pick at least one agent and type at least one value."), icon="☝️")
        return
    new, refused = bulk_set(problem, chosen, typed)
    applied = [column for column in typed if column not in refused]
    for column in typed:
        if column in refused:
            state.notify(_("{column} not applied — {reason}").format(
                column=column, reason=refused[column]), error=True)
    if applied:
        try:
            state.replace_problem(new, ("agents",))
        except InputError as exc:
            st.error(_("Not applied — {reason}").format(reason=exc), icon="⚠️")
            return
        changes = "; ".join(f"{column} = {typed[column]}" for column in applied)
        state.notify(ngettext("Applied to {count} agent: {changes}.",
                              "Applied to {count} agents: {changes}.", len(chosen)).format(
            count=len(chosen), changes=changes))
    st.rerun()


def _field_help(name: str) -> str | None:
    """An agents.csv column's meaning (the Agent model's field description), translated."""
    description = Agent.model_fields[name].description
    return _(description) if description else None


def _agent_columns() -> dict[str, Any]:
    """Column tooltips from the Agent model's own field descriptions."""
    return {name: st.column_config.TextColumn(name, help=_field_help(name))
            for name in AGENT_COLUMNS if Agent.model_fields[name].description}


def _with_agents(problem: Problem, table: pd.DataFrame) -> Problem:
    return rebuild(problem, agents=agents_from_frame(table, problem))


def _with_time_off(problem: Problem, table: pd.DataFrame) -> Problem:
    return rebuild(problem, time_off=time_off_from_frame(table, {a.id for a in problem.agents}))


def render() -> None:
    st.title(_("Team & agents"))
    widgets.notices()
    widgets.team_caption(state.problem())
    with st.expander(_("Open another team")):
        _open_team()

    st.subheader(_("Agents"))
    with st.expander(_("Bulk edit: set hours, shifts and other contract fields for several "
                       "agents")):
        _bulk_tool()
    widgets.table_editor("agents", lambda: agents_frame(state.problem()), section="agents",
                         parse=_with_agents, help_text=_(AGENT_HELP),
                         column_config=_agent_columns())

    st.subheader(_("Time off"))
    with st.expander(_("What-if: put an agent on leave")):
        _leave_tool()
    widgets.table_editor("time_off", lambda: time_off_frame(state.problem()),
                         section="time_off", parse=_with_time_off, help_text=_(TIME_OFF_HELP))


if __name__ == "__main__":
    render()
