"""Re-rostering in the app (ui/reroster.py and the Solve page's 'keep changes small')."""

import datetime as dt
from collections.abc import Callable

from conftest import solve_in_app
from streamlit.testing.v1 import AppTest
from toy import local_shift, make_agent, make_problem, utc_shift

from scheduler.domain import Roster
from scheduler.report import build_report
from ui.reroster import STABILITY, edited_since, rerostered, stability_cost, unbound

SH = "Asia/Shanghai"
MON = dt.datetime(2026, 11, 30)


def _week():
    return make_problem([make_agent("A"), make_agent("B")])


def test_rerostered_keeps_this_weeks_shifts_of_known_agents_and_prices_changes():
    p = _week()
    mine = local_shift("A", SH, MON + dt.timedelta(hours=9), 8)
    other_week = local_shift("A", SH, MON - dt.timedelta(days=7), 8)
    gone = local_shift("Z", SH, MON + dt.timedelta(hours=9), 8)
    q = rerostered(p, [mine, other_week, gone], "stable")
    assert q.baseline_shifts == (mine,)
    price = q.weights.change  # what two agent-hours are worth to the goal
    assert price and price > 0
    assert rerostered(p, [mine], "best coverage").weights.change == 0
    assert rerostered(p, [mine], "most stable").weights.change == 3 * price
    freeze = mine.start + dt.timedelta(hours=1)
    assert rerostered(p, [mine], "stable", freeze).freeze_before == freeze
    assert rerostered(p, [], "stable", freeze).freeze_before is None  # nothing to keep
    assert list(STABILITY)[0] == "most stable" and list(STABILITY)[-1] == "best coverage"


def test_a_rerosters_own_settings_are_not_team_edits():
    p = _week()
    q = rerostered(p, [local_shift("A", SH, MON + dt.timedelta(hours=9), 8)], "balanced")
    assert not edited_since(q, p) and unbound(q).baseline_shifts == ()
    assert edited_since(q, make_problem([make_agent("A")]))


def test_stability_cost_compares_changes_service_and_money():
    p = _week()
    base = (utc_shift("A", dt.datetime(2026, 11, 30, 1, tzinfo=dt.timezone.utc), 8),)
    kept_problem = rerostered(p, base, "stable")
    kept = build_report(kept_problem, Roster(shifts=base))
    moved = (utc_shift("B", dt.datetime(2026, 11, 30, 3, tzinfo=dt.timezone.utc), 8),)
    free = build_report(unbound(kept_problem), Roster(shifts=moved))
    text = " ".join(stability_cost(kept, free))
    assert "0 shift(s) changed instead of 2" in text and "CNY" in text


def test_keep_changes_small_after_leave(app: Callable[[str], AppTest]) -> None:
    at = app("small_team")
    solve_in_app(at, seconds=4)
    first = at.session_state["solve_outcome"].result.roster.shifts
    s7_zone = at.session_state["problem"].agent("S7").zone
    worked = min(s.start.astimezone(s7_zone).date() for s in first if s.agent_id == "S7")
    at.switch_page("pages/team.py").run()
    at.selectbox(key="leave_agent").set_value("S7")
    at.date_input(key="leave_days").set_value((worked, worked))
    at.button(key="leave_apply").click().run()
    at.switch_page("pages/solve.py").run()
    assert at.toggle(key="reroster_keep").value  # on by default once there is a roster
    solve_in_app(at, seconds=4)
    outcome = at.session_state["solve_outcome"]
    changed = outcome.report.kpis.shifts_changed
    assert changed is not None and changed <= len(first) // 2
    assert any("Re-roster:" in i.value for i in at.info)
