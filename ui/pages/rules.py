"""Rules & weights: the hard rules, the objective weights, and the shift-length what-if.

Fields are generated from the pydantic models (their descriptions become the help text), so
a rule added to ``Rules`` shows up here without touching this page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st
from pydantic import BaseModel

from scheduler.domain import Rules, Weights
from scheduler.errors import InputError
from ui import state, widgets
from ui.table_edit import rebuild, settings_from_values
from ui.whatif import cap_shift_length


def _field_inputs(section: str, model: BaseModel, columns: int = 3) -> dict[str, Any]:
    """One input per model field, typed after the current value; returns the typed values."""
    values: dict[str, Any] = {}
    cells = st.columns(columns)
    for i, (name, info) in enumerate(type(model).model_fields.items()):
        current = getattr(model, name)
        label = name.replace("_", " ")
        key = state.editor_key(f"{section}.{name}")
        cell = cells[i % columns]
        if isinstance(current, dt.time):
            values[name] = cell.time_input(label, value=current, key=key, help=info.description,
                                           step=dt.timedelta(minutes=30))
        elif isinstance(current, int) and not isinstance(current, bool):
            values[name] = int(cell.number_input(label, value=current, step=1, key=key,
                                                 help=info.description))
        else:
            values[name] = float(cell.number_input(label, value=float(current), step=0.5,
                                                   format="%.2f", key=key,
                                                   help=info.description))
    return values


def _cap_tool() -> None:
    st.caption("Lowers the maximum shift length **and** fits every contract's allowed shift "
               "lengths to it (8 h contracts become 6 h), so the what-if can be solved.")
    c1, c2 = st.columns([1, 3])
    hours = c1.number_input("Max shift hours", min_value=1.0, max_value=24.0, value=6.0,
                            step=0.5, key="cap_hours")
    c2.write("")
    if c2.button("Apply cap to rules and contracts", key="cap_apply"):
        try:
            state.replace_problem(cap_shift_length(state.problem(), float(hours)))
        except InputError as exc:
            st.error(f"Not applied — {exc}", icon="⚠️")
            return
        st.rerun()


def render() -> None:
    st.title("Rules & weights")
    problem = state.problem()
    widgets.team_caption(problem)

    st.subheader("Hard rules")
    st.caption("Never broken by a roster. Times are each agent's local wall clock.")
    rules = _field_inputs("rules", problem.rules)
    widgets.edit_feedback(state.apply_edit(
        "rules", lambda p: rebuild(p, rules=settings_from_values(Rules, "rules", rules))))

    with st.expander("What-if: shorter maximum shift"):
        _cap_tool()

    st.subheader("Objective weights")
    st.caption("Costs the solver trades off, most important first. Holiday and peak weights "
               "are per event on the *Demand & peaks* page.")
    weights = _field_inputs("weights", problem.weights)
    widgets.edit_feedback(state.apply_edit(
        "weights", lambda p: rebuild(p, weights=settings_from_values(Weights, "weights",
                                                                       weights))))


if __name__ == "__main__":
    render()
