"""Rules & weights: the hard rules, the objective weights, and the shift-length what-if.

Fields are generated from the pydantic models (their descriptions become the help text), so
a rule added to ``Rules`` shows up here without touching this page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, get_args

import streamlit as st
from pydantic import BaseModel

from scheduler.domain import RELAXABLE_RULES, Problem
from scheduler.errors import InputError
from ui import state, widgets
from ui.table_edit import rebuild, settings_from_values
from ui.whatif import cap_shift_length


# fields holding a set of names: the names one may pick, with what each means
CHOICES: dict[str, dict[str, str]] = {"rules.relaxable": dict(RELAXABLE_RULES)}


def _with_section(section: str, model: type[BaseModel]
                  ) -> Callable[[Problem, dict[str, Any]], Problem]:
    def parse(problem: Problem, values: dict[str, Any]) -> Problem:
        return rebuild(problem, **{section: settings_from_values(model, section, values)})
    return parse


def _fields(section: str, model: BaseModel, columns: int = 3) -> None:
    """One input per model field, typed after the current value, applied on every change.

    Each input's ``on_change`` applies the whole section before any page script runs, so a
    value typed just before leaving the page is not lost; a rejected value stays in its input
    (also after visiting another page) with the message underneath.
    """
    parse = _with_section(section, type(model))
    names = tuple(type(model).model_fields)
    draft = state.field_draft(section)
    values: dict[str, Any] = {}
    cells = st.columns(columns)
    for i, (name, info) in enumerate(type(model).model_fields.items()):
        current = draft.get(name, getattr(model, name))
        label = name.replace("_", " ")
        key = state.editor_key(f"{section}.{name}")
        cell = cells[i % columns]
        changed = {"key": key, "help": info.description, "on_change": state.commit_fields,
                   "args": (section, names, parse)}
        if isinstance(current, tuple):  # a set of names, e.g. the rules that may bend
            choices = CHOICES.get(f"{section}.{name}", {c: c for c in current})
            values[name] = tuple(cell.multiselect(
                label, list(choices), default=[c for c in current if c in choices],
                format_func=lambda c, choices=choices: f"{c} ({choices[c]})"
                if choices[c] != c else c, **changed))
        elif isinstance(current, str) and get_args(info.annotation):  # one of fixed options
            options = list(get_args(info.annotation))
            values[name] = cell.selectbox(label, options, index=options.index(current),
                                          **changed)
        elif isinstance(current, dt.time):
            values[name] = cell.time_input(label, value=current, step=dt.timedelta(minutes=30),
                                           **changed)
        elif isinstance(current, int) and not isinstance(current, bool):
            values[name] = int(cell.number_input(label, value=current, step=1, **changed))
        else:
            values[name] = float(cell.number_input(label, value=float(current), step=0.5,
                                                   format="%.2f", **changed))
    widgets.edit_feedback(state.apply_fields(section, parse, values))


def _cap_tool() -> None:
    st.caption("Lowers the maximum shift length **and** fits every contract's allowed shift "
               "lengths to it (8 h contracts become 6 h), so the what-if can be solved.")
    c1, c2 = st.columns([1, 3])
    hours = c1.number_input("Max shift hours", min_value=1.0, max_value=24.0, value=6.0,
                            step=0.5, key="cap_hours")
    c2.write("")
    if c2.button("Apply cap to rules and contracts", key="cap_apply"):
        try:
            state.replace_problem(cap_shift_length(state.problem(), float(hours)),
                                  ("rules", "agents"))
        except InputError as exc:
            st.error(f"Not applied — {exc}", icon="⚠️")
            return
        state.notify(f"Applied: shifts of at most {hours:g} h in the rules and every contract.")
        st.rerun()


def render() -> None:
    st.title("Rules & weights")
    widgets.notices()
    problem = state.problem()
    widgets.team_caption(problem)

    st.subheader("Hard rules")
    st.caption("Never broken by a roster. Times are each agent's local wall clock.")
    _fields("rules", problem.rules)

    with st.expander("What-if: shorter maximum shift"):
        _cap_tool()

    st.subheader("Objective weights")
    st.caption("Costs the solver trades off, most important first. Holiday and peak weights "
               "are per event on the *Demand & peaks* page.")
    _fields("weights", problem.weights)


if __name__ == "__main__":
    render()
