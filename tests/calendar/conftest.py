"""Fixtures for the calendar tests; the helpers live in ``calendar_checks``."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from calendar_checks import local_shift, small_team

from scheduler.domain import Problem, Role, Shift


@pytest.fixture
def team() -> Problem:
    return small_team()


@pytest.fixture
def shift_of(team: Problem) -> Callable[..., Shift]:
    def make(agent_id: str, start: str, hours: float, role: Role = Role.PRIMARY) -> Shift:
        return local_shift(team.agent(agent_id), start, hours, role)
    return make
