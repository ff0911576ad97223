"""What-if edits: demand multiplier, leave, shorter shifts, pins."""

from __future__ import annotations

import datetime as dt

import pytest

from scheduler.domain import Problem, Role, Shift
from scheduler.errors import InputError
from ui.table_edit import check_problem, demand_matrix
from ui.whatif import add_leave, cap_shift_length, pin_shifts, scale_demand, shift_label, unpin_all


def test_plus_thirty_percent_spanish_on_friday_only(sample: Problem) -> None:
    scaled = scale_demand(sample, 1.3, language="es", weekdays=[4])
    before, after = demand_matrix(sample, "es"), demand_matrix(scaled, "es")
    assert after.loc["Fri", "00:00"] == 3 and before.loc["Fri", "00:00"] == 2  # ceil(2.6)
    assert after.drop(index="Fri").equals(before.drop(index="Fri"))
    assert demand_matrix(scaled, "en").equals(demand_matrix(sample, "en"))
    with pytest.raises(InputError, match="must not be negative"):
        scale_demand(sample, -0.5)


def test_leave_is_whole_local_days_and_validates_the_agent(small: Problem) -> None:
    day = dt.date(2026, 12, 2)
    with_leave = add_leave(small, "S7", day, day)
    leave = with_leave.time_off[-1]
    assert (leave.agent_id, leave.start, leave.end) == (
        "S7", dt.datetime(2026, 12, 2), dt.datetime(2026, 12, 3))
    with pytest.raises(KeyError):
        add_leave(small, "nobody", day, day)
    with pytest.raises(InputError, match="before it starts"):
        add_leave(small, "S7", day, day - dt.timedelta(days=1))


def test_six_hour_cap_fits_every_contract(small: Problem) -> None:
    capped = cap_shift_length(small, 6)
    check_problem(capped)  # would raise "8 h exceeds the 6 h cap" if contracts were not fitted
    assert capped.rules.max_shift_hours == 6
    lengths = {a.id: a.shift_lengths for a in capped.agents}
    assert lengths["S1"] == (6.0,) and lengths["S5"] == (4.0, 6.0)


def test_pins_accumulate_once_and_clear(small: Problem) -> None:
    start = dt.datetime(2026, 11, 30, 1, tzinfo=dt.timezone.utc)
    s = Shift(agent_id="S1", role=Role.PRIMARY, start=start, end=start + dt.timedelta(hours=8))
    pinned = pin_shifts(pin_shifts(small, [s]), [s])
    assert pinned.pinned_shifts == (s,)
    assert unpin_all(pinned).pinned_shifts == ()
    assert shift_label(s, small) == "S1 Li Na · primary · Mon 09:00–17:00"
    with pytest.raises(InputError, match="pinned shift names unknown agent"):
        pin_shifts(small, [s.model_copy(update={"agent_id": "X"})])
