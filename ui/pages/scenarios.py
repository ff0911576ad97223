"""Scenarios & what-if: save the solved week, browse saved versions, diff against one."""

from __future__ import annotations

import streamlit as st

from scheduler.errors import RosterError
from scheduler.roster_diff import diff_rosters, kpi_deltas
from scheduler.scenario_store import StoredScenario
from ui import state, widgets
from ui.reroster import edited_since
from ui.results import diff_frames, diff_headline, kpi_delta_frame

HOW_TO = (
    "1. Solve, then **save** the result here (it becomes the comparison baseline).  \n"
    "2. Change something: put an agent on leave (*Team & agents*), multiply demand "
    "(*Demand & peaks*), cap shift length (*Rules & weights*), pin shifts (*Solve & roster*).  \n"
    "3. Solve again and come back: the diff below shows what moved and what it cost."
)


def _save() -> None:
    outcome = state.outcome()
    problem = state.problem()
    c1, c2 = st.columns([1, 2])
    name = c1.text_input("Scenario name", value=problem.settings.name, key="scenario_name")
    note = c2.text_input("Note (optional)", key="scenario_note")
    if outcome is None:
        st.caption("No roster yet: saving stores the team and rules only.")
    elif edited_since(outcome.problem, problem):
        st.caption("The team was edited since the last solve: the last *solved* version and its "
                   "roster are saved.")
    if st.button("Save scenario", type="primary", key="scenario_save"):
        try:
            store = state.store()
            if outcome is not None:
                version = store.save(name, outcome.problem, outcome.result.roster,
                                     outcome.report.kpis.model_dump(), note)
            else:
                version = store.save(name, problem, note=note)
            state.set_baseline(store.load(name.strip(), version))
        except RosterError as exc:
            st.error(f"Not saved — {exc}", icon="⚠️")
            return
        roster = f" with the roster of solve #{outcome.number}" if outcome is not None else ""
        st.success(f"Saved “{name.strip()}” version {version}{roster}; it is now the comparison "
                   f"baseline.")


def _browse() -> None:
    store = state.store()
    summaries = store.scenarios()
    if not summaries:
        st.caption("No saved scenarios yet.")
        return
    st.dataframe([{"scenario": s.name, "latest version": s.latest_version,
                   "versions": s.versions, "saved": f"{s.updated_at:%Y-%m-%d %H:%M} UTC"}
                  for s in summaries], hide_index=True, width="stretch")
    c1, c2 = st.columns([2, 1])
    name = c1.selectbox("Scenario", [s.name for s in summaries], key="browse_name")
    history = store.history(name)
    version = c2.selectbox("Version", [v for v, _, _ in history], key="browse_version",
                           format_func=lambda v: f"v{v} · " + next(
                               f"{t:%m-%d %H:%M}{' · ' + n if n else ''}"
                               for vv, t, n in history if vv == v))
    b1, b2 = st.columns(2)
    if b1.button("Compare with current roster", key="browse_compare"):
        state.set_baseline(store.load(name, version))
        st.rerun()
    if b2.button("Open in editor", key="browse_open",
                 help="Replaces the team being edited with this saved version"):
        chosen = store.load(name, version)
        state.load(chosen.problem, f"scenario {chosen.name} v{chosen.version}")
        state.set_baseline(chosen)
        st.rerun()


def _diff(base: StoredScenario) -> None:
    outcome = state.outcome()
    current = f"Current roster (solve #{outcome.number})" if outcome else "Current roster"
    st.subheader(f"{current} vs “{base.name}” v{base.version}")
    if base.roster is None:
        st.info("This saved version has no roster to compare with.")
        return
    if outcome is None:
        st.info("Solve the current team to compare it with the saved roster.")
        return
    if edited_since(outcome.problem, state.problem()):
        st.warning("The team was edited after the last solve: solve again to compare the edit.")
    diff = diff_rosters(base.roster.shifts, outcome.result.roster.shifts,
                        outcome.problem.settings.timezone)
    st.markdown(f"**Shifts:** {diff_headline(diff)}")
    if base.kpis is not None:
        deltas = kpi_delta_frame(kpi_deltas(base.kpis, outcome.report.kpis.model_dump()))
        st.dataframe(deltas, hide_index=True, width="stretch")
    per_agent, changes = diff_frames(diff, outcome.problem)
    if diff.is_empty:
        st.success("Same shifts as the saved roster.")
        return
    st.markdown("**Per agent**")
    st.dataframe(per_agent, hide_index=True, width="stretch")
    with st.expander(f"All {len(changes)} changed shifts (planning zone)"):
        st.dataframe(changes, hide_index=True, width="stretch")


def render() -> None:
    st.title("Scenarios & what-if")
    widgets.notices()
    widgets.team_caption(state.problem())
    st.markdown(HOW_TO)
    state.collect_job()
    st.subheader("Save")
    _save()
    st.subheader("Saved scenarios")
    _browse()
    base = state.baseline()
    if base is not None:
        _diff(base)


if __name__ == "__main__":
    render()
