"""The validator as a whole: one roster per hard rule that breaks it and nothing else, and the
classic round-the-clock cases. Rule-by-rule boundary cases are in ``test_rules_*.py``."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from toy import WEEK, loose_rules, make_agent, make_problem

from scheduler.domain import Role, Rules, Shift, TimeOff
from scheduler.textformats import parse_availability
from scheduler.validator import HARD_RULES, validate

SH = ZoneInfo("Asia/Shanghai")


def shift(agent: str, day: int, hour: float, hours: float, role: Role = Role.PRIMARY,
          zone: ZoneInfo = SH) -> Shift:
    start = dt.datetime.combine(WEEK + dt.timedelta(days=day), dt.time(0), tzinfo=zone) \
        + dt.timedelta(hours=hour)
    return Shift(agent_id=agent, role=role, start=start, end=start + dt.timedelta(hours=hours))


def around_the_clock(agents=("A", "B", "C"), days=7) -> list[Shift]:
    """Three agents on 8-hour shifts 00-08, 08-16, 16-24 every day: 24/7 with 16 h rest."""
    return [shift(a, d, 8 * k, 8) for d in range(days) for k, a in enumerate(agents)]


def rules_of(violations) -> set[str]:
    return {v.rule for v in violations}


def problem(**kw):
    agents = kw.pop("agents", None) or [make_agent(x, max_shifts=7, max_hours=56) for x in "ABC"]
    return make_problem(agents, rules=kw.pop("rules", Rules(min_days_off=0, max_consecutive_days=7)),
                        **kw)


def test_clean_round_the_clock_roster_passes():
    assert validate(problem(), around_the_clock()) == []


def test_24_7_gap_is_found_with_its_local_time():
    shifts = [s for s in around_the_clock() if not (s.agent_id == "C" and s.start.day == 2)]
    v = [x for x in validate(problem(), shifts) if x.rule == "24/7 minimum online"]
    assert len(v) == 1 and "Wed" in v[0].detail and "16:00–00:00" in v[0].detail


def test_backup_duty_does_not_count_as_online():
    shifts = around_the_clock()
    shifts[0] = shifts[0].model_copy(update={"role": Role.BACKUP})
    assert "24/7 minimum online" in rules_of(validate(problem(), shifts))


def test_shift_longer_than_8_hours():
    p = problem(agents=[make_agent(x, max_shifts=7, max_hours=60, shift_lengths=(8, 9))
                        for x in "ABC"])
    shifts = around_the_clock()
    shifts[3] = shift("A", 1, 0, 9)
    assert "max shift length" in rules_of(validate(p, shifts))


def test_shift_shorter_than_minimum_and_not_in_contract():
    shifts = around_the_clock() + [shift("A", 0, 20, 2)]
    found = rules_of(validate(problem(), shifts))
    assert {"min shift length", "allowed shift lengths"} <= found


def test_rest_between_shifts():
    shifts = around_the_clock()
    shifts.append(shift("A", 0, 12, 8))  # A works 00-08 and again 12-20: 4 h rest
    v = [x for x in validate(problem(), shifts) if x.rule == "min rest"]
    assert v and "4 h rest" in v[0].detail


def test_overlap_and_primary_backup_at_once():
    shifts = around_the_clock() + [shift("A", 0, 2, 8, Role.BACKUP)]
    v = [x for x in validate(problem(), shifts) if x.rule == "min rest"]
    assert v and "overlaps" in v[0].detail


def test_rest_sees_last_weeks_shift():
    previous = (shift("A", -1, 20, 8),)  # Sunday 20:00 -> Monday 04:00
    shifts = around_the_clock()  # A starts Monday 00:00
    v = validate(problem(previous_shifts=previous), shifts)
    assert "min rest" in rules_of(v)


def test_weekly_hours_and_shift_count():
    p = problem(agents=[make_agent(x, max_shifts=5, max_hours=40, min_hours=0) for x in "ABC"])
    found = rules_of(validate(p, around_the_clock()))
    assert {"max weekly hours", "max shifts"} <= found
    p = problem(agents=[make_agent(x, max_shifts=7, max_hours=60, min_hours=60) for x in "ABC"])
    assert "min weekly hours" in rules_of(validate(p, around_the_clock()))


def test_min_hours_pro_rated_by_leave():
    leave = (TimeOff(agent_id="A", start=dt.datetime(2026, 11, 30), end=dt.datetime(2026, 12, 7)),)
    p = problem(agents=[make_agent(x, max_shifts=7, max_hours=56, min_hours=40) for x in "ABC"],
                time_off=leave)
    shifts = [s for s in around_the_clock() if s.agent_id != "A"]
    v = validate(p, shifts)
    assert not any(x.rule == "min weekly hours" and x.agent_id == "A" for x in v)


def test_days_off_and_consecutive_days():
    p = problem(rules=Rules(min_days_off=1, max_consecutive_days=6),
                agents=[make_agent(x, max_shifts=7, max_hours=56) for x in "ABC"])
    found = rules_of(validate(p, around_the_clock()))
    assert {"days off", "consecutive days"} <= found


def test_consecutive_days_count_last_week():
    p = problem(rules=Rules(min_days_off=0, max_consecutive_days=6),
                agents=[make_agent(x, max_shifts=7, max_hours=56) for x in "ABC"],
                previous_shifts=tuple(shift("B", -d, 9, 8) for d in range(1, 4)))
    b_days = [shift("B", d, 8, 8) for d in range(4)]  # Mon-Thu: 3 + 4 = 7 days in a row
    v = [x for x in validate(p, b_days) if x.rule == "consecutive days"]
    assert [x.agent_id for x in v] == ["B"]
    v = [x for x in validate(p, b_days[:3]) if x.rule == "consecutive days"]
    assert v == []


def test_availability_window_night_rule_and_days_off():
    agents = [make_agent("A", max_shifts=7, max_hours=56, night_willing=False),
              make_agent("B", max_shifts=7, max_hours=56,
                         availability=parse_availability("Mon-Fri 00:00-24:00")),
              make_agent("C", max_shifts=7, max_hours=56, days_off=frozenset({2}))]
    v = validate(problem(agents=agents), around_the_clock())
    by_agent = {(x.rule, x.agent_id) for x in v}
    assert ("availability", "A") in by_agent  # 00:00-08:00 is in the no-work night window
    assert ("availability", "B") in by_agent  # weekend shifts outside Mon-Fri
    assert ("availability", "C") in by_agent  # Wednesday is a fixed day off


def test_time_off_overlap():
    leave = (TimeOff(agent_id="B", start=dt.datetime(2026, 12, 1, 10), end=dt.datetime(2026, 12, 1, 12),
                     reason="dentist"),)
    v = [x for x in validate(problem(time_off=leave), around_the_clock()) if x.rule == "time off"]
    assert len(v) == 1 and "dentist" in v[0].detail


def test_pinned_shift_missing_and_outside_week():
    pinned = (shift("A", 3, 0, 8),)
    shifts = [s for s in around_the_clock() if s != pinned[0]] + [shift("A", 7, 0, 8)]
    found = rules_of(validate(problem(pinned_shifts=pinned), shifts))
    assert {"pinned shift", "week boundary"} <= found


def test_unknown_agent():
    assert "unknown agent" in rules_of(validate(problem(), around_the_clock() + [shift("Z", 0, 0, 8)]))


def test_whole_week_leave_in_another_zone_owes_nothing():
    """Madrid leave Mon-Sun local ends 7 h into a Shanghai-planned week: no shift can be owed."""
    from scheduler.contracts import effective_min_hours
    from scheduler.timegrid import WeekGrid

    agent = make_agent("M", timezone="Europe/Madrid", min_hours=32)
    leave = (TimeOff(agent_id="M", start=dt.datetime(2026, 11, 30), end=dt.datetime(2026, 12, 7)),
             TimeOff(agent_id="M", start=dt.datetime(2026, 12, 1), end=dt.datetime(2026, 12, 2)))
    p = make_problem([agent], time_off=leave)
    assert effective_min_hours(agent, p, WeekGrid.for_settings(p.settings)) == 0
    two_days = (TimeOff(agent_id="M", start=dt.datetime(2026, 12, 1), end=dt.datetime(2026, 12, 3)),)
    p = make_problem([agent], time_off=two_days)
    assert effective_min_hours(agent, p, WeekGrid.for_settings(p.settings)) == 16


# ----------------------------------------------------------------------------- every rule alone


def _alone(rule: str):
    """(problem, roster) that breaks ``rule`` and no other hard rule."""
    a = dict(max_shifts=7, max_hours=56, shift_lengths=(4, 8))
    agents = [make_agent("A", **a)]
    kw: dict = {"rules": loose_rules()}
    day2 = [shift("A", 2, 9, 8)]
    if rule == "24/7 minimum online":
        kw["rules"] = loose_rules(min_online=1)
        agents = [make_agent(x, **a) for x in "ABC"]
        return kw, agents, around_the_clock()[:-1]
    if rule == "max shift length":
        agents = [make_agent("A", **{**a, "shift_lengths": (8, 9)})]
        return kw, agents, [shift("A", 2, 9, 9)]
    if rule == "min shift length":
        agents = [make_agent("A", **{**a, "shift_lengths": (3, 8)})]
        return kw, agents, [shift("A", 2, 9, 3)]
    if rule == "allowed shift lengths":
        return kw, agents, [shift("A", 2, 9, 6)]
    if rule == "min rest":
        return kw, agents, day2 + [shift("A", 3, 3, 8)]  # 10 h after 17:00
    if rule == "max weekly hours":
        agents = [make_agent("A", **{**a, "max_hours": 16})]
        return kw, agents, day2 + [shift("A", 4, 9, 8), shift("A", 5, 9, 4)]
    if rule == "min weekly hours":
        agents = [make_agent("A", **{**a, "min_hours": 16})]
        return kw, agents, day2
    if rule == "max shifts":
        agents = [make_agent("A", **{**a, "max_shifts": 1})]
        return kw, agents, day2 + [shift("A", 4, 9, 4)]
    if rule == "team hours budget":
        kw["rules"] = loose_rules(max_team_hours=12)
        return kw, agents, day2 + [shift("A", 4, 9, 8)]
    if rule == "days off":
        kw["rules"] = loose_rules(min_days_off=1)
        return kw, agents, [shift("A", d, 9, 8) for d in range(7)]
    if rule == "consecutive days":
        kw["rules"] = loose_rules(max_consecutive_days=2)
        return kw, agents, [shift("A", d, 9, 8) for d in range(3)]
    if rule == "availability":
        weekdays = parse_availability("Mon-Fri 09:00-17:00")
        agents = [make_agent("A", **{**a, "availability": weekdays})]
        return kw, agents, [shift("A", 5, 9, 8)]
    if rule == "time off":
        kw["time_off"] = (TimeOff(agent_id="A", start=dt.datetime(2026, 12, 2, 16),
                                  end=dt.datetime(2026, 12, 2, 17)),)
        return kw, agents, day2
    if rule == "week boundary":
        return kw, agents, [shift("A", 7, 1, 8)]
    if rule == "pinned shift":
        kw["pinned_shifts"] = (shift("A", 4, 9, 8),)
        return kw, agents, day2
    if rule == "frozen shift":  # the baseline's Tuesday shift had started at the freeze
        kw["baseline_shifts"] = (day2[0],)
        kw["freeze_before"] = day2[0].start + dt.timedelta(hours=1)
        return kw, agents, [shift("A", 3, 9, 8)]
    if rule == "unknown agent":
        return kw, agents, [shift("Z", 2, 9, 8)]
    if rule == "role":
        agents = [make_agent("A", **{**a, "primary_languages": (), "backup_languages": ("en",)})]
        return kw, agents, day2
    raise AssertionError(f"no case for {rule}")


@pytest.mark.parametrize("rule", HARD_RULES)
def test_every_hard_rule_alone(rule):
    kw, agents, shifts = _alone(rule)
    p = make_problem(agents, **kw)
    assert rules_of(validate(p, shifts)) == {rule}


@pytest.mark.parametrize("rule", HARD_RULES)
def test_every_violation_names_agent_and_local_time(rule):
    kw, agents, shifts = _alone(rule)
    for v in validate(make_problem(agents, **kw), shifts):
        assert v.detail and str(v).startswith(f"[{rule}]")
        if v.agent_id is None and rule != "team hours budget":  # the team's, at no one time
            assert rule == "24/7 minimum online" and "Asia/Shanghai" in v.detail


def test_rule_names_are_the_published_ones():
    assert set(HARD_RULES) == {
        "24/7 minimum online", "max shift length", "min shift length", "allowed shift lengths",
        "min rest", "max weekly hours", "min weekly hours", "max shifts", "team hours budget",
        "days off",
        "consecutive days", "availability", "time off", "week boundary", "pinned shift",
        "frozen shift", "unknown agent", "role"}


def test_empty_roster_of_a_team_without_rules_to_meet_is_clean():
    assert validate(make_problem([make_agent("A")], rules=loose_rules()), []) == []
