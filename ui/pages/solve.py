"""Solve & roster: background solve with progress and cancel, then KPIs, charts, pins, downloads."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo

import streamlit as st

from scheduler.coverage import ALL
from scheduler.errors import InfeasibleRosterError, fixes_title
from scheduler.formats import city, day
from scheduler.i18n import _, ngettext
from scheduler.report import quality_in_words
from scheduler.roster_io import roster_csv
from scheduler.units import share
from scheduler.validator import rule_name
from ui import state, widgets
from ui.charts import ZONE_MODES, coverage_figure, gantt_figure, zone_mode_label
from ui.reroster import (
    DEFAULT_STABILITY,
    STABILITY,
    edited_since,
    rerostered,
    stability_cost,
    stability_word,
    unbound,
)
from ui.results import (
    agent_calendar,
    agent_hours_view,
    all_calendars,
    kpi_cards,
    roster_workbook,
)
from ui.solve_runner import SolveJob, SolveOutcome
from ui.whatif import pin_shifts, shift_label, unpin_all

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _team_folder() -> str | None:
    source = state.source()
    return source if source and Path(source).is_dir() else None


def _baseline_roster() -> tuple[str, list] | None:
    """The roster a re-solve should stay close to: the saved scenario being compared against,
    else the last solve of this session."""
    saved = state.baseline()
    if saved is not None and saved.roster is not None:
        return (_("saved “{name}” v{version}").format(name=saved.name, version=saved.version),
                list(saved.roster.shifts))
    previous = state.outcome()
    if previous is not None:
        return (_("solve #{number}").format(number=previous.number),
                list(previous.result.roster.shifts))
    return None


def _reroster_controls(problem):  # noqa: ANN001, ANN202 - Problem -> (Problem, compare?)
    """'Keep changes small' (on whenever there is a roster to keep), the stable/best-coverage
    slider, an optional mid-week freeze, and whether to show what stability costs."""
    problem = unbound(problem)  # the controls below decide, never a stale saved setting
    found = _baseline_roster()
    if found is None:
        return problem, False
    label, shifts = found
    with st.expander(_("Re-roster: keep changes small against {baseline}").format(
            baseline=label), expanded=True):
        keep = st.toggle(_("Keep changes small"), value=True, key="reroster_keep",
                         help=_("every shift added or removed costs as much as two missing "
                                "agent-hours, so a shift changes only when it buys real "
                                "coverage"))
        if not keep:
            return problem, False
        c1, c2 = st.columns([2, 1])
        stability = c1.select_slider(_("Stable ↔ best coverage"), list(STABILITY),
                                     value=DEFAULT_STABILITY, key="reroster_stability",
                                     format_func={s: stability_word(s)
                                                  for s in STABILITY}.__getitem__)
        compare = c2.checkbox(_("Show what stability costs"), key="reroster_compare",
                              help=_("solves once more free to change anything (twice the "
                                     "time)"))
        freeze = None
        if st.checkbox(_("Mid-week repair: shifts that already started stay as they are"),
                       key="reroster_freeze"):
            zone = ZoneInfo(problem.settings.timezone)
            d1, d2 = st.columns(2)
            date = d1.date_input(_("Freeze before (date)"), value=problem.settings.week_start,
                                 min_value=problem.settings.week_start,
                                 max_value=problem.settings.week_start + dt.timedelta(days=6),
                                 key="reroster_freeze_day")
            at = d2.time_input(_("time ({city}, {zone})").format(city=city(zone.key),
                                                                 zone=zone.key),
                               value=dt.time(12), key="reroster_freeze_time")
            freeze = dt.datetime.combine(date, at, tzinfo=zone).astimezone(dt.timezone.utc)
        return rerostered(problem, shifts, stability, freeze), compare


def _controls(blocked: bool) -> None:
    problem = state.problem()
    running = state.job()
    problem, compare = _reroster_controls(problem)
    c1, c2, c3 = st.columns([2, 1, 1])
    limit = c1.slider(_("Time limit (seconds)"), 1, 300,
                      int(min(problem.solver.time_limit_s, 300)), key="solve_time_limit")
    workers = c2.number_input(_("Solver threads"), 1, 64,
                              min(problem.solver.workers or os.cpu_count() or 1,
                                  os.cpu_count() or 1),
                              key="solve_workers")
    c3.write("")
    if c3.button(_("Solve"), type="primary", key="solve_start",
                 disabled=blocked or running is not None, width="stretch"):
        previous = state.outcome()
        hint = list(previous.result.roster.shifts) if previous else None
        state.start_job(lambda number: SolveJob.start(
            problem, time_limit=float(limit), workers=int(workers), hint=hint,
            team_folder=_team_folder(), number=number, compare_free=compare))
        st.rerun()


@st.fragment(run_every=0.5)
def _progress() -> None:
    """Polls the background job twice a second without rerunning the rest of the page."""
    running = state.job()
    if running is None:
        return
    if running.done:
        st.rerun()  # whole page: collect the outcome and draw the roster
    snap = running.progress
    elapsed = running.elapsed
    st.progress(min(elapsed / running.time_limit, 1.0),
                text=_("Solving… (solve #{number}) {elapsed} s of {limit} s").format(
                    number=running.number, elapsed=f"{elapsed:.0f}",
                    limit=f"{running.time_limit:g}"))
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(_("Best roster so far (points)"),
              f"{snap.objective:,.0f}" if snap and snap.objective is not None else "–",
              help=_("the solver's score of the best roster found: cost plus penalties, lower "
                     "is better"))
    c2.metric(_("Best possible (points)"),
              f"{snap.bound:,.0f}" if snap and snap.bound is not None else "–",
              help=_("no roster can score lower than this"))
    c3.metric(_("At most this far from the best"),
              share(snap.gap) if snap and snap.gap is not None else "–")
    c4.metric(_("Rosters found"), snap.solutions if snap else 0)
    if st.button(_("Cancel (keep best so far)"), key="solve_cancel",
                 disabled=running.cancel_event.is_set()):
        running.cancel()


def _failure() -> None:
    error = state.solve_error()
    if error is None:
        return
    if isinstance(error, InfeasibleRosterError):
        if getattr(error, "proven", True):
            st.error(_("No roster can satisfy every hard rule. What clashes:"), icon="⛔")
        else:  # the search ran out of time; the week may well be solvable
            st.error(_("No roster keeping every hard rule was found in the time allowed; a "
                       "longer time limit may find one. What stood in the way:"), icon="⛔")
        for conflict in error.conflicts:
            who = f" ({', '.join(conflict.agents)})" if conflict.agents else ""
            st.markdown(f"- **{rule_name(conflict.rule)}**: {conflict.message}{who}")
        fixes = getattr(error, "fixes", [])
        if fixes:
            st.markdown("**" + fixes_title(getattr(error, "proven", True)) + "**\n"
                        + "\n".join(f"- {fix}" for fix in fixes))
    else:
        st.error(str(error), icon="⛔")


def _results(outcome: SolveOutcome) -> None:
    roster, report, problem = outcome.result.roster, outcome.report, outcome.problem
    summary = _("{shifts} shifts, {quality}").format(shifts=len(roster.shifts),
                                                      quality=quality_in_words(roster))
    # the solve number tells two results apart even when their summaries read the same
    if state.job() is not None:
        st.info(_("Showing the previous roster (solve #{number}: {summary}) until the new "
                  "solve finishes.").format(number=outcome.number, summary=summary))
    elif outcome.cancelled:
        st.success(_("Roster ready (cancelled, best so far) — solve #{number}: {summary}")
                   .format(number=outcome.number, summary=summary))
    else:
        st.success(_("Roster ready — solve #{number}: {summary}").format(
            number=outcome.number, summary=summary))
    if edited_since(problem, state.problem()):
        st.warning(_("The team was edited after this solve; solve again to see the effect."))
    base = state.baseline()
    widgets.kpi_strip(kpi_cards(report.kpis, outcome.service,
                                base.kpis if base is not None else None,
                                currency=problem.settings.currency))
    if report.kpis.shifts_changed is not None:
        st.info(_("Re-roster: {shifts} shift(s) added or removed against the baseline (a "
                  "moved shift is both), {agents} agent(s) affected; republishing calendars "
                  "sends only these changes.").format(shifts=report.kpis.shifts_changed,
                                                      agents=report.kpis.agents_affected))
    if outcome.free is not None:
        st.caption("  \n".join(stability_cost(report, outcome.free)))
    if report.violations:
        with st.expander(ngettext("{count} hard-rule violation", "{count} hard-rule violations",
                                  len(report.violations)).format(count=len(report.violations)),
                         expanded=True):
            st.write("\n".join(f"- {v}" for v in report.violations[:50]))

    st.subheader(_("Roster"))
    c1, c2 = st.columns([3, 2])
    # choices are put in words now: Streamlit may call format_func outside this session's run
    modes = {m: zone_mode_label(m) for m in ZONE_MODES}
    mode = c1.radio(_("Times in"), list(modes), format_func=modes.__getitem__,
                    horizontal=True, key="gantt_zone")
    week = problem.settings.week_start
    dates = [day(week + dt.timedelta(days=d)) for d in range(7)]
    first, last = c2.select_slider(
        _("Days shown (fewer days, finer hour ticks)"), options=list(range(7)), value=(0, 6),
        format_func=dates.__getitem__, key="gantt_days")
    days = None if (first, last) == (0, 6) else (first, last)
    st.plotly_chart(gantt_figure(problem, roster.shifts, mode, state.problem().pinned_shifts,
                                 days=days), width="stretch", key="gantt_chart")

    st.subheader(_("Coverage vs required"))
    languages = {ALL: _("all languages (heads)"), **{x: x for x in problem.languages}}
    language = st.selectbox(_("Language"), list(languages), key="coverage_language",
                            format_func=languages.__getitem__)
    st.plotly_chart(coverage_figure(report.coverage, language), width="stretch",
                    key="coverage_chart")

    with st.expander(_("Hours per agent")):
        st.dataframe(agent_hours_view(report.agent_hours), hide_index=True,
                     width="stretch")
    _pins(outcome)
    _downloads(outcome)


def _pins(outcome: SolveOutcome) -> None:
    problem = outcome.problem
    with st.expander("📌 " + _("Pin shifts ({count} pinned)").format(
            count=len(state.problem().pinned_shifts))):
        st.caption(_("Pinned shifts are kept by every re-solve; the solver plans around them."))
        shifts = sorted(outcome.result.roster.shifts, key=lambda s: (s.agent_id, s.start))
        labels = {shift_label(s, problem): s for s in shifts}
        chosen = st.multiselect(_("Shifts to pin"), list(labels), key="pin_choice")
        c1, c2 = st.columns(2)
        if c1.button(_("Pin selected"), key="pin_apply", disabled=not chosen):
            state.replace_problem(pin_shifts(state.problem(), [labels[c] for c in chosen]))
            state.notify(ngettext("Pinned {count} shift; every re-solve keeps it.",
                                  "Pinned {count} shifts; every re-solve keeps them.",
                                  len(chosen)).format(count=len(chosen)))
            st.rerun()
        if c2.button(_("Unpin all"), key="pin_clear",
                     disabled=not state.problem().pinned_shifts):
            state.replace_problem(unpin_all(state.problem()))
            state.notify(_("Unpinned every shift."))
            st.rerun()


def _downloads(outcome: SolveOutcome) -> None:
    problem, shifts = outcome.problem, outcome.result.roster.shifts
    st.subheader(_("Downloads"))
    c1, c2, c3 = st.columns([1, 2, 1])
    c1.download_button(_("Roster CSV"), roster_csv(list(shifts), problem),
                       file_name="roster.csv", mime="text/csv", key="download_csv",
                       on_click="ignore")
    c1.download_button(_("Roster Excel (.xlsx)"), roster_workbook(outcome.report),
                       file_name="roster.xlsx", mime=XLSX_MIME, key="download_xlsx",
                       on_click="ignore")
    names = {a.id: a.name for a in problem.agents}
    agent = c2.selectbox(_("Agent calendar"), list(names), key="ics_agent",
                         format_func=lambda i: f"{i} {names[i]}", label_visibility="collapsed")
    c2.download_button(_("Calendar (.ics) for {agent}").format(agent=agent),
                       agent_calendar(problem, shifts, agent),
                       file_name=f"{agent}.ics", mime="text/calendar", key="download_ics",
                       on_click="ignore")
    c3.download_button(_("All calendars (.zip)"), all_calendars(problem, shifts),
                       file_name="calendars.zip", mime="application/zip", key="download_zip",
                       on_click="ignore")


def render() -> None:
    st.title(_("Solve & roster"))
    widgets.notices()
    state.collect_job()
    widgets.team_caption(state.problem())
    blocked = widgets.blocking_errors()
    if blocked:
        st.info(_("Fix the rejected edits above before solving; nothing is solved on invalid "
                  "data."))
    _controls(blocked)
    if state.job() is not None:
        _progress()
    _failure()
    outcome = state.outcome()
    if outcome is not None:
        _results(outcome)
    elif state.job() is None and state.solve_error() is None:
        st.info(_("Press **Solve** to build the roster for this week."))


if __name__ == "__main__":
    render()
