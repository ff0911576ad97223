"""Scenarios & what-if: save the solved week, browse saved versions, diff against one."""

from __future__ import annotations

import streamlit as st

from scheduler.errors import RosterError
from scheduler.i18n import N_, _
from scheduler.roster_diff import diff_rosters, kpi_deltas
from scheduler.scenario_store import StoredScenario
from ui import state, widgets
from ui.reroster import edited_since
from ui.results import diff_frames, diff_headline, kpi_delta_frame

HOW_TO = N_(
    "1. Solve, then **save** the result here (it becomes the comparison baseline).  \n"
    "2. Change something: put an agent on leave (*Team & agents*), multiply demand "
    "(*Demand & peaks*), cap shift length (*Rules & weights*), pin shifts (*Solve & roster*).  \n"
    "3. Solve again and come back: the diff below shows what moved and what it cost."
)


def _save() -> None:
    outcome = state.outcome()
    problem = state.problem()
    c1, c2 = st.columns([1, 2])
    name = c1.text_input(_("Scenario name"), value=problem.settings.name, key="scenario_name")
    note = c2.text_input(_("Note (optional)"), key="scenario_note")
    if outcome is None:
        st.caption(_("No roster yet: saving stores the team and rules only."))
    elif edited_since(outcome.problem, problem):
        st.caption(_("The team was edited since the last solve: the last *solved* version and "
                     "its roster are saved."))
    if st.button(_("Save scenario"), type="primary", key="scenario_save"):
        try:
            store = state.store()
            if outcome is not None:
                version = store.save(name, outcome.problem, outcome.result.roster,
                                     outcome.report.kpis.model_dump(), note)
            else:
                version = store.save(name, problem, note=note)
            state.set_baseline(store.load(name.strip(), version))
        except RosterError as exc:
            st.error(_("Not saved — {reason}").format(reason=exc), icon="⚠️")
            return
        if outcome is not None:
            st.success(_("Saved “{name}” version {version} with the roster of solve #{number}; "
                         "it is now the comparison baseline.").format(
                name=name.strip(), version=version, number=outcome.number))
        else:
            st.success(_("Saved “{name}” version {version}; it is now the comparison "
                         "baseline.").format(name=name.strip(), version=version))


def _browse() -> None:
    store = state.store()
    summaries = store.scenarios()
    if not summaries:
        st.caption(_("No saved scenarios yet."))
        return
    st.dataframe([{_("scenario"): s.name, _("latest version"): s.latest_version,
                   _("versions"): s.versions,
                   _("saved"): f"{s.updated_at:%Y-%m-%d %H:%M} UTC"}
                  for s in summaries], hide_index=True, width="stretch")
    c1, c2 = st.columns([2, 1])
    name = c1.selectbox(_("Scenario"), [s.name for s in summaries], key="browse_name")
    history = store.history(name)
    version = c2.selectbox(_("Version"), [v for v, _when, _note in history],
                           key="browse_version",
                           format_func=lambda v: f"v{v} · " + next(
                               f"{t:%m-%d %H:%M}{' · ' + n if n else ''}"
                               for vv, t, n in history if vv == v))
    b1, b2 = st.columns(2)
    if b1.button(_("Compare with current roster"), key="browse_compare"):
        state.set_baseline(store.load(name, version))
        st.rerun()
    if b2.button(_("Open in editor"), key="browse_open",
                 help=_("Replaces the team being edited with this saved version")):
        chosen = store.load(name, version)
        state.load(chosen.problem, _("scenario {name} v{version}").format(
            name=chosen.name, version=chosen.version))
        state.set_baseline(chosen)
        st.rerun()


def _diff(base: StoredScenario) -> None:
    outcome = state.outcome()
    current = (_("Current roster (solve #{number})").format(number=outcome.number) if outcome
               else _("Current roster"))
    st.subheader(_("{current} vs “{name}” v{version}").format(
        current=current, name=base.name, version=base.version))
    if base.roster is None:
        st.info(_("This saved version has no roster to compare with."))
        return
    if outcome is None:
        st.info(_("Solve the current team to compare it with the saved roster."))
        return
    if edited_since(outcome.problem, state.problem()):
        st.warning(_("The team was edited after the last solve: solve again to compare the "
                     "edit."))
    diff = diff_rosters(base.roster.shifts, outcome.result.roster.shifts,
                        outcome.problem.settings.timezone)
    st.markdown(_("**Shifts:** {changes}").format(changes=diff_headline(diff)))
    if base.kpis is not None:
        deltas = kpi_delta_frame(kpi_deltas(base.kpis, outcome.report.kpis.model_dump()))
        st.dataframe(deltas, hide_index=True, width="stretch")
    per_agent, changes = diff_frames(diff, outcome.problem)
    if diff.is_empty:
        st.success(_("Same shifts as the saved roster."))
        return
    st.markdown(_("**Per agent**"))
    st.dataframe(per_agent, hide_index=True, width="stretch")
    with st.expander(_("All {count} changed shifts (planning zone)").format(
            count=len(changes))):
        st.dataframe(changes, hide_index=True, width="stretch")


def render() -> None:
    st.title(_("Scenarios & what-if"))
    widgets.notices()
    widgets.team_caption(state.problem())
    st.markdown(_(HOW_TO))
    state.collect_job()
    st.subheader(_("Save"))
    _save()
    st.subheader(_("Saved scenarios"))
    _browse()
    base = state.baseline()
    if base is not None:
        _diff(base)


if __name__ == "__main__":
    render()
