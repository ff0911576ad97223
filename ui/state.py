"""The only module that reads or writes ``st.session_state``.

Pages ask for "the problem being edited", "the finished solve", "the baseline scenario" by
function, so keys are spelled once and every page agrees on what a change resets:

* loading a team or applying a what-if tool replaces the problem and rebuilds the editors;
* a table or form edit updates the problem in place (the editor keeps the manager's cursor);
* an invalid edit leaves the last valid problem untouched and records a blocking message; what
  was typed is kept as a draft, so the editor shows it again after visiting another page;
* a tool that rewrites a part of the problem (bulk edit, leave, demand multiplier, …) is refused
  while that part holds a rejected edit, which it would otherwise overwrite without a word.

The language the manager picked is kept here too (``language``/``set_language``) and is what
``scheduler.i18n`` translates into during this browser session's runs and callbacks.

Every change is also written to the tab's working copy (``ui.working_copy``), whose token the
page address carries, so reloading the page or losing the session continues where it was.

Edits are applied by the widgets' ``on_change`` callbacks (``commit_table``, ``commit_fields``).
Streamlit runs those before any page script, for whatever page the run is for, so an edit
lands in the problem even when the manager leaves the page before the page script gets to it
(the page's own re-application of the editor's value is a harmless second pass).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from scheduler import i18n
from scheduler.domain import Problem
from scheduler.errors import InputError, RosterError
from scheduler.formats import day_time
from scheduler.i18n import N_, _
from scheduler.scenario_store import ScenarioStore, StoredScenario, default_url
from scheduler.team_io import load_problem
from ui import working_copy
from ui.solve_runner import SolveJob, SolveOutcome
from ui.table_edit import apply_editor_state, check_problem

__all__ = [
    "FIXTURES", "TEAM_DIR_ENV", "SECTION_PAGES", "section_page", "ensure_started", "problem",
    "source",
    "load", "replace_problem", "apply_edit", "apply_table", "commit_table", "apply_fields",
    "commit_fields", "field_draft", "errors", "editor_key", "editor_base", "notify",
    "take_notices", "address_params", "page_to_keep", "mark_shown", "job", "start_job",
    "collect_job", "solves_started", "outcome", "solve_error", "baseline", "set_baseline",
    "store", "language", "set_language",
]

TableParse = Callable[[Problem, pd.DataFrame], Problem]
FieldsParse = Callable[[Problem, dict[str, Any]], Problem]

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TEAM_DIR_ENV = "ROSTER_TEAM_DIR"

_PROBLEM = "problem"
_SOURCE = "problem_source"
_ERRORS = "edit_errors"
_GENERATION = "editor_generation"
_BASES = "editor_bases"
_DRAFTS = "editor_drafts"
_NOTICES = "notices"
_SOLVES = "solves_started"
_JOB = "solve_job"
_OUTCOME = "solve_outcome"
_SOLVE_ERROR = "solve_error"
_BASELINE = "baseline_scenario"
_TOKEN = "working_copy_token"
_SAVED = "working_copy_saved"
_SHOWN = "page_shown"
_EDIT_ARRIVED = "edit_arrived"
_LANGUAGE = "language"

# which page fixes which section's error (demand grids are sections "demand.<language>.<duty>")
SECTION_PAGES = {
    "agents": N_("Team & agents"), "time_off": N_("Team & agents"),
    "rules": N_("Rules & weights"), "weights": N_("Rules & weights"),
    "demand": N_("Demand & peaks"), "peaks": N_("Demand & peaks"),
}


def section_page(section: str) -> str:
    """The page (its title in the active language) where a section's rejected edit is fixed."""
    return _(SECTION_PAGES.get(section.split(".")[0], section))


def language() -> str:
    """This browser session's language: the manager's pick, else ROSTER_LANG or the locale."""
    chosen = i18n.normalize(st.session_state.get(_LANGUAGE))
    return chosen or i18n.default_language()


def set_language(lang: str) -> None:
    st.session_state[_LANGUAGE] = i18n.normalize(lang) or i18n.default_language()


def _session_language() -> str | None:
    """For ``scheduler.i18n``: the pick of the session whose script or callback is running
    (None in other threads, e.g. a background solve, which carries its own language)."""
    if get_script_run_ctx(suppress_warning=True) is None:
        return None
    return st.session_state.get(_LANGUAGE)


i18n.set_session_lookup(_session_language)


def ensure_started() -> None:
    """Open this tab's working copy (from the address), else ``$ROSTER_TEAM_DIR`` or the bundled
    sample team, once per browser session; keep the working copy's token in the address."""
    if _PROBLEM in st.session_state:
        _keep_address()
        return
    token = st.query_params.get(working_copy.PARAM)
    copy = working_copy.load(token)
    st.session_state[_TOKEN] = token if working_copy.valid_token(token) else \
        working_copy.new_token()
    if copy is not None:
        _restore(copy)
    else:
        folder = os.environ.get(TEAM_DIR_ENV) or str(FIXTURES / "sample_team")
        try:
            load(load_problem(folder), folder)
        except InputError as exc:
            st.session_state[_SOLVE_ERROR] = RosterError(
                _("could not open {folder}: {reason}").format(folder=folder, reason=exc))
            load(load_problem(FIXTURES / "sample_team"), str(FIXTURES / "sample_team"))
        if token:
            notify(_("No saved work was found for this address; opened {source}.").format(
                source=source()))
    _keep_address()


def _restore(copy: working_copy.WorkingCopy) -> None:
    load(copy.problem, copy.source, save=False)
    st.session_state[_DRAFTS] = dict(copy.drafts)
    st.session_state[_ERRORS] = dict(copy.errors)
    st.session_state[_SAVED] = _fingerprint()
    if copy.saved_at is not None:
        zone = copy.problem.settings.timezone
        notify(_("Continuing your work on {source} (last change {when}, {zone}): every edit is "
                 "kept.").format(source=copy.source, zone=zone,
                                 when=day_time(copy.saved_at.astimezone(ZoneInfo(zone)))))
    else:
        notify(_("Continuing your work on {source}: every edit is kept.").format(
            source=copy.source))


def _keep_address() -> None:
    """Page switches clear the address's parameters; put the working copy's token back."""
    token = st.session_state.get(_TOKEN)
    if token and st.query_params.get(working_copy.PARAM) != token:
        st.query_params[working_copy.PARAM] = token


def address_params() -> dict[str, str]:
    """Parameters a page switch must keep in the address (the working copy's token)."""
    token = st.session_state.get(_TOKEN)
    return {working_copy.PARAM: token} if token else {}


def _fingerprint() -> tuple[Any, ...]:
    drafts = st.session_state.get(_DRAFTS, {})
    return (id(st.session_state.get(_PROBLEM)), st.session_state.get(_SOURCE),
            tuple(sorted(st.session_state.get(_ERRORS, {}).items())),
            tuple(sorted((name, id(value)) for name, value in drafts.items())))


def _save() -> None:
    """Write the working copy if anything a reload would need has changed since the last write."""
    token = st.session_state.get(_TOKEN)
    if not token or _PROBLEM not in st.session_state:
        return
    now = _fingerprint()
    if st.session_state.get(_SAVED) == now:
        return
    working_copy.save(token, working_copy.WorkingCopy(
        problem=problem(), source=source(), drafts=dict(st.session_state.get(_DRAFTS, {})),
        errors=errors()))
    st.session_state[_SAVED] = now


def problem() -> Problem:
    if _PROBLEM not in st.session_state:
        _to_start_page()
    current: Problem = st.session_state[_PROBLEM]
    return current


def _to_start_page() -> NoReturn:
    """A page script ran without the app around it: Streamlit does that for a page address
    opened before the server's first run of ``app.py`` (its pages-folder mode). Start the app
    instead, so the sign-in and the session start come first."""
    st.switch_page("app.py")


def source() -> str:
    return str(st.session_state.get(_SOURCE, ""))


def load(new: Problem, label: str, *, save: bool = True) -> None:
    """A different team: forget edits, errors, results and the baseline of the previous one."""
    st.session_state[_PROBLEM] = new
    st.session_state[_SOURCE] = label
    st.session_state[_ERRORS] = {}
    st.session_state[_OUTCOME] = None
    st.session_state[_BASELINE] = None
    st.session_state[_SOLVE_ERROR] = None
    _reset_editors()
    st.session_state[_DRAFTS] = {}
    if save:
        _save()


def replace_problem(new: Problem, sections: tuple[str, ...] = ()) -> None:
    """A what-if tool changed the problem: editors must show the new values.

    ``sections`` are the editor sections the tool rewrote (``agents``, ``time_off``, ``rules``,
    ``weights``, ``demand``, ``peaks``). A rejected edit still waiting there would be replaced
    without a word, so the tool is refused (``InputError`` saying what to fix first); rejected
    edits in other sections stay, with their messages.
    """
    families = {s.split(".")[0] for s in sections}
    clash = {s: m for s, m in errors().items() if s.split(".")[0] in families}
    if clash:
        section, message = next(iter(clash.items()))
        raise InputError(_("first fix or undo the rejected edit on {page} ({message})").format(
            page=section_page(section), message=message))
    check_problem(new)
    st.session_state[_PROBLEM] = new
    _reset_editors()
    _save()


def _reset_editors() -> None:
    """New widget keys, so every editor re-reads the problem (or its kept draft)."""
    st.session_state[_GENERATION] = st.session_state.get(_GENERATION, 0) + 1
    st.session_state[_BASES] = {}


def apply_edit(section: str, make: Callable[[Problem], Problem]) -> str | None:
    """Apply an edit if it validates; otherwise record its message (which blocks solving)."""
    current = problem()
    try:
        new = make(current)
        check_problem(new)
    except InputError as exc:
        st.session_state[_ERRORS][section] = str(exc)
        return str(exc)
    st.session_state[_ERRORS].pop(section, None)
    if new != current:
        st.session_state[_PROBLEM] = new
    return None


def _set_draft(name: str, value: Any) -> None:
    """Keep what was typed but rejected (the same object while it does not change)."""
    old = _drafts().get(name)
    same = (old.equals(value) if isinstance(old, pd.DataFrame) and isinstance(value, pd.DataFrame)
            else old == value)
    if old is None or not same:
        _drafts()[name] = value.copy()


def _drafts() -> dict[str, Any]:
    drafts: dict[str, Any] = st.session_state.setdefault(_DRAFTS, {})
    return drafts


def apply_table(name: str, section: str, parse: TableParse, frame: pd.DataFrame) -> str | None:
    """Apply an editor's whole table; a rejected table is kept as the editor's draft."""
    error = apply_edit(section, lambda p: parse(p, frame))
    if error is None:
        _drafts().pop(name, None)
    else:
        _set_draft(name, frame)
    _save()
    return error


def commit_table(name: str, key: str, section: str, parse: TableParse) -> None:
    """``on_change`` of a table editor: its starting table plus the edits it reports, applied.

    Ignored for an editor that no longer exists (the problem was replaced meanwhile).
    """
    st.session_state[_EDIT_ARRIVED] = True
    bases = st.session_state.get(_BASES, {})
    if key != editor_key(name) or name not in bases or key not in st.session_state:
        return
    apply_table(name, section, parse, apply_editor_state(bases[name], st.session_state[key]))


def apply_fields(section: str, parse: FieldsParse, values: dict[str, Any]) -> str | None:
    """Apply a form section (rules, weights); rejected values are kept as the section's draft."""
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}
    error = apply_edit(section, lambda p: parse(p, values))
    if error is None:
        _drafts().pop(f"fields.{section}", None)
    else:
        _set_draft(f"fields.{section}", dict(values))
    _save()
    return error


def commit_fields(section: str, names: tuple[str, ...], parse: FieldsParse) -> None:
    """``on_change`` of a form field: the section's values as the widgets hold them, applied."""
    st.session_state[_EDIT_ARRIVED] = True
    values = {}
    for name in names:
        key = editor_key(f"{section}.{name}")
        if key in st.session_state:
            values[name] = st.session_state[key]
    if len(values) == len(names):
        apply_fields(section, parse, values)


def field_draft(section: str) -> dict[str, Any]:
    """Values of ``section`` that were typed but rejected (shown again instead of the problem's)."""
    return dict(_drafts().get(f"fields.{section}", {}))


def errors() -> dict[str, str]:
    """Section -> message of every edit currently rejected."""
    return dict(st.session_state.get(_ERRORS, {}))


def editor_key(name: str) -> str:
    """Widget key that changes whenever the problem is replaced, so widgets re-read it."""
    return f"{name}__{st.session_state.get(_GENERATION, 0)}"


def editor_base(name: str, build: Callable[[], Any]) -> Any:
    """The table an editor starts from; its widget state holds the edits as deltas on it.

    Fixed while the editor is alive, so deltas keep applying to the same rows (and the editor's
    identity, which Streamlit derives from the data, stays the same). Streamlit drops a widget's
    state when its page is left; the base is then rebuilt from the current problem, so edits
    applied earlier are shown (not replayed, not lost) on coming back, or from the rejected
    draft, so a table that was not accepted comes back exactly as typed, with its message.
    """
    bases: dict[str, Any] = st.session_state.setdefault(_BASES, {})
    if name not in bases or editor_key(name) not in st.session_state:
        draft = _drafts().get(name)
        bases[name] = draft.copy() if draft is not None else build()
    value = bases[name]
    return value.copy() if isinstance(value, pd.DataFrame) else value


def page_to_keep(requested: str, navigating: bool) -> str | None:
    """The page to stay on when this run was only an edit arriving late from a page already left.

    The data editor sends a committed cell 150 ms later; a manager who clicks another page at
    once has moved on when it arrives, but the message still names the old page, and Streamlit
    would switch back to it. The edit itself is applied by its ``on_change`` either way; this
    says which page the manager was really on (None: show the requested one).
    """
    late_edit = bool(st.session_state.pop(_EDIT_ARRIVED, False))
    shown = st.session_state.get(_SHOWN)
    if late_edit and not navigating and shown is not None and shown != requested:
        return str(shown)
    return None


def mark_shown(page: str) -> None:
    """Remember the page drawn (or being switched to), for ``page_to_keep``."""
    st.session_state[_SHOWN] = page


def job() -> SolveJob | None:
    return st.session_state.get(_JOB)


def notify(message: str, *, error: bool = False) -> None:
    """A message shown once on the next page drawn (e.g. after a what-if tool's rerun);
    ``error`` for a part of the request that was refused."""
    st.session_state.setdefault(_NOTICES, []).append((error, message))


def take_notices() -> list[tuple[bool, str]]:
    """(is an error, message) of every message waiting to be shown, oldest first."""
    notices: list[tuple[bool, str]] = st.session_state.get(_NOTICES) or []
    st.session_state[_NOTICES] = []
    return notices


def solves_started() -> int:
    """How many solves this browser session has started; numbers every solve and its result."""
    return int(st.session_state.get(_SOLVES, 0))


def start_job(start: Callable[[int], SolveJob]) -> SolveJob:
    """Start the next numbered solve (``start`` gets its number) and make it the running one."""
    number = solves_started() + 1
    new = start(number)
    st.session_state[_SOLVES] = number
    st.session_state[_JOB] = new
    st.session_state[_SOLVE_ERROR] = None
    return new


def collect_job() -> None:
    """Move a finished background solve into the session (outcome or error)."""
    running = job()
    if running is None or not running.done:
        return
    st.session_state[_JOB] = None
    if running.outcome is not None:
        st.session_state[_OUTCOME] = running.outcome
    st.session_state[_SOLVE_ERROR] = running.error


def outcome() -> SolveOutcome | None:
    return st.session_state.get(_OUTCOME)


def solve_error() -> RosterError | None:
    return st.session_state.get(_SOLVE_ERROR)


def baseline() -> StoredScenario | None:
    return st.session_state.get(_BASELINE)


def set_baseline(scenario: StoredScenario | None) -> None:
    st.session_state[_BASELINE] = scenario


@st.cache_resource(show_spinner=False)
def _store(url: str) -> ScenarioStore:
    return ScenarioStore(url)


def store() -> ScenarioStore:
    """One store per database URL for the whole server (tabs share it; saves are versioned)."""
    return _store(default_url())
