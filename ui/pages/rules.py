"""Rules & weights: the hard rules, the objective weights, and the shift-length what-if.

Fields are generated from the pydantic models (their descriptions become the help text), so
a rule added to ``Rules`` shows up here without touching this page; ``FIELD_LABELS`` gives the
known fields a translated label (a new one shows its team.toml name until it gets one).
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Callable
from typing import Any

import streamlit as st
from pydantic import BaseModel

from scheduler.domain import RELAXABLE_RULES, Problem
from scheduler.errors import InputError
from scheduler.i18n import N_, _
from ui import state, widgets
from ui.table_edit import rebuild, settings_from_values
from ui.whatif import cap_shift_length

# fields holding a set of names: the names one may pick, with what each means
CHOICES: dict[str, dict[str, str]] = {"rules.relaxable": dict(RELAXABLE_RULES)}
#: team.toml setting -> its label on this page (the setting's name is in the help text)
FIELD_LABELS = {
    "min_online": N_("agents online at every moment"),
    "max_shift_hours": N_("longest shift (h)"),
    "min_shift_hours": N_("shortest shift (h)"),
    "min_rest_hours": N_("rest between shifts (h)"),
    "max_consecutive_days": N_("most working days in a row"),
    "min_days_off": N_("days off in any 7 days"),
    "no_work_start": N_("no-work window starts"),
    "no_work_end": N_("no-work window ends"),
    "shift_start_step_minutes": N_("shifts start every (min)"),
    "max_team_hours": N_("team's paid-hours budget (h)"),
    "relaxable": N_("rules a best-effort roster may bend"),
    "under_primary": N_("missing online agent-hour"),
    "under_backup": N_("missing on-call agent-hour"),
    "cost_per_hour": N_("paid agent-hour"),
    "night_premium": N_("night premium (share of the rate)"),
    "preference": N_("shift outside preferences"),
    "fairness": N_("unfair nights and weekends"),
    "change": N_("shift changed when re-rostering"),
    "goal": N_("goal"),
    "value_per_contact": N_("worth of a contact answered in time"),
    "breach": N_("bent rule, per agent-hour"),
}
#: what an optional setting left empty means (else: its default)
EMPTY_WORDS = {"max_team_hours": N_("no budget")}
#: values of settings with a fixed set of choices, in words
CHOICE_WORDS = {"service": N_("service: contacts answered in time vs cost"),
                "coverage": N_("coverage: required agents in every hour, then cost")}


def _with_section(section: str, model: type[BaseModel]
                  ) -> Callable[[Problem, dict[str, Any]], Problem]:
    def parse(problem: Problem, values: dict[str, Any]) -> Problem:
        return rebuild(problem, **{section: settings_from_values(model, section, values)})
    return parse


def _label(name: str) -> str:
    return _(FIELD_LABELS[name]) if name in FIELD_LABELS else name.replace("_", " ")


def _help(name: str, description: str | None) -> str:
    setting = f"`{name}`"
    return f"{setting}: {_(description)}" if description else setting


def _fields(section: str, model: BaseModel, columns: int = 3) -> None:
    """One input per model field, typed after the current value, applied on every change.

    Choices are put in words before the widget is drawn (``format_func`` only looks them up):
    Streamlit may call it outside this session's run, where the language is not known.

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
        label = _label(name)
        key = state.editor_key(f"{section}.{name}")
        cell = cells[i % columns]
        changed = {"key": key, "help": _help(name, info.description),
                   "on_change": state.commit_fields, "args": (section, names, parse)}
        if isinstance(current, tuple):  # a set of names, e.g. the rules that may bend
            choices = CHOICES.get(f"{section}.{name}", {c: c for c in current})
            words = {c: f"{c} ({_(meaning)})" if meaning != c else c
                     for c, meaning in choices.items()}
            values[name] = tuple(cell.multiselect(
                label, list(choices), default=[c for c in current if c in choices],
                format_func=words.__getitem__, **changed))
        elif isinstance(current, str):  # one of a fixed set, e.g. the goal
            options = list(typing.get_args(info.annotation)) or [current]
            words = {c: _(CHOICE_WORDS[c]) if c in CHOICE_WORDS else c for c in options}
            values[name] = cell.selectbox(
                label, options, index=options.index(current) if current in options else 0,
                format_func=words.__getitem__, **changed)
        elif current is None:  # optional, e.g. the change price: empty means "the default"
            entered = cell.number_input(label, value=None, step=1, min_value=0,
                                        placeholder=_(EMPTY_WORDS.get(name, N_("default"))),
                                        **changed)
            values[name] = None if entered is None else int(entered)
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
    st.caption(_("Lowers the maximum shift length **and** fits every contract's allowed shift "
                 "lengths to it (8 h contracts become 6 h), so the what-if can be solved."))
    c1, c2 = st.columns([1, 3])
    hours = c1.number_input(_("Max shift hours"), min_value=1.0, max_value=24.0, value=6.0,
                            step=0.5, key="cap_hours")
    c2.write("")
    if c2.button(_("Apply cap to rules and contracts"), key="cap_apply"):
        try:
            state.replace_problem(cap_shift_length(state.problem(), float(hours)),
                                  ("rules", "agents"))
        except InputError as exc:
            st.error(_("Not applied — {reason}").format(reason=exc), icon="⚠️")
            return
        state.notify(_("Applied: shifts of at most {hours} h in the rules and every "
                       "contract.").format(hours=f"{hours:g}"))
        st.rerun()


def render() -> None:
    st.title(_("Rules & weights"))
    widgets.notices()
    problem = state.problem()
    widgets.team_caption(problem)

    st.subheader(_("Hard rules"))
    st.caption(_("Never broken by a roster. Times are each agent's local wall clock."))
    _fields("rules", problem.rules)

    with st.expander(_("What-if: shorter maximum shift")):
        _cap_tool()

    st.subheader(_("Objective weights"))
    st.caption(_("Costs the solver trades off, most important first. Holiday and peak weights "
                 "are per event on the *Demand & peaks* page."))
    _fields("weights", problem.weights)


if __name__ == "__main__":
    render()
