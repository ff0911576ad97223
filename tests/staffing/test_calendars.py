"""Calendars: moving e-commerce dates, peak events for the solver, agents' public holidays."""

from __future__ import annotations

import datetime as dt

import pytest

from scheduler.domain import Agent
from scheduler.staffing.calendars import (
    CalendarSettings,
    DatedEvent,
    EventRule,
    events_between,
    holiday_time_off,
    peak_events,
    uplift_for,
)


def by_name(events: list[DatedEvent]) -> dict[str, DatedEvent]:
    return {e.name: e for e in events}


def test_black_friday_cyber_monday_and_11_11() -> None:
    ev = by_name(events_between(dt.date(2026, 11, 1), dt.date(2026, 12, 1)))
    assert ev["Black Friday"].start == dt.date(2026, 11, 27)  # day after the 4th Thursday
    assert ev["Black Friday"].end == dt.date(2026, 11, 29)
    assert ev["Cyber Monday"].start == dt.date(2026, 11, 30)
    assert ev["11.11"].start == dt.date(2026, 11, 11)
    assert by_name(events_between(dt.date(2025, 11, 1), dt.date(2025, 12, 5)))[
        "Black Friday"].start == dt.date(2025, 11, 28)


def test_ramadan_and_chinese_new_year_move_with_the_moon() -> None:
    ev = by_name(events_between(dt.date(2027, 1, 20), dt.date(2027, 3, 20)))
    ramadan = ev["Ramadan"]
    assert abs((ramadan.start - dt.date(2027, 2, 8)).days) <= 1
    assert (ramadan.end - ramadan.start).days == 29 and ramadan.languages == ("ar",)
    cny = ev["Chinese New Year (team)"]
    assert cny.start <= dt.date(2027, 2, 6) <= cny.end  # Spring Festival 2027
    assert cny.weight == 2.0


def test_editable_rules_and_market_holidays() -> None:
    settings = CalendarSettings(
        events=(EventRule(name="Prime-like sale", kind="fixed", month=7, day=8, days_after=1,
                          languages=("de",), volume_uplift=0.5, weight=2.0,
                          extra_capacity=0.2),),
        market_holiday_uplift=0.1,
    )
    ev = events_between(dt.date(2026, 7, 1), dt.date(2026, 7, 20), settings, ["fr", "de"])
    names = [e.name for e in ev]
    assert "Prime-like sale" in names
    bastille = next(e for e in ev if e.start == dt.date(2026, 7, 14))  # Bastille Day
    assert bastille.languages == ("fr",) and bastille.volume_uplift == pytest.approx(0.1)
    up = uplift_for(ev, "de")
    assert up(dt.date(2026, 7, 9)) == pytest.approx(0.5) and up(dt.date(2026, 7, 14)) == 0


def test_overlapping_events_take_the_largest_uplift() -> None:
    ev = [DatedEvent("a", dt.date(2026, 11, 27), dt.date(2026, 11, 29), (), 0.4, 2, 0),
          DatedEvent("b", dt.date(2026, 11, 29), dt.date(2026, 11, 29), ("es",), 0.1, 1, 0)]
    assert uplift_for(ev, "es")(dt.date(2026, 11, 29)) == pytest.approx(0.4)
    assert uplift_for(ev, "es")(dt.date(2026, 11, 30)) == 0


def test_peak_events_clipped_to_the_week_and_only_when_they_matter() -> None:
    ev = events_between(dt.date(2026, 11, 20), dt.date(2026, 12, 7))
    peaks = peak_events(ev, dt.date(2026, 11, 30))
    assert [p.name for p in peaks] == ["Cyber Monday"]
    bf = peak_events(ev, dt.date(2026, 11, 23))
    black = next(p for p in bf if p.name == "Black Friday")
    assert black.start == dt.date(2026, 11, 27) and black.end == dt.date(2026, 11, 29)
    quiet = [DatedEvent("holiday", dt.date(2026, 12, 1), dt.date(2026, 12, 1), (), 0.1, 1.0, 0)]
    assert peak_events(quiet, dt.date(2026, 11, 30)) == []


def test_agent_public_holidays_become_time_off_suggestions() -> None:
    shenzhen = Agent(id="A", name="A", timezone="Asia/Shanghai", primary_languages=("es",))
    madrid = Agent(id="B", name="B", timezone="Europe/Madrid", primary_languages=("es",),
                   country="ES")
    nowhere = Agent(id="C", name="C", timezone="Pacific/Fiji", primary_languages=("en",))
    leave = holiday_time_off([shenzhen, madrid, nowhere], dt.date(2026, 9, 28))
    days = {(t.agent_id, t.start.date()) for t in leave}
    assert ("A", dt.date(2026, 10, 1)) in days  # National Day
    assert not any(a == "C" for a, _ in days)
    oct1 = next(t for t in leave if t.agent_id == "A" and t.start.date() == dt.date(2026, 10, 1))
    assert oct1.end - oct1.start == dt.timedelta(days=1) and "(CN)" in oct1.reason
    spain = holiday_time_off([madrid], dt.date(2026, 10, 12))  # Fiesta Nacional, Mon 12 Oct
    assert [t.start.date() for t in spain] == [dt.date(2026, 10, 12)]
