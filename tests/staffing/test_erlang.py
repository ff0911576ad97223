"""Erlang B/C/A against published worked examples, plus monotonicity properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.staffing.erlang import (
    apply_shrinkage,
    asa,
    erlang_a,
    erlang_b,
    erlang_c,
    occupancy,
    offered_load,
    required_agents,
    required_agents_array,
    service_level,
    service_level_array,
)

# Call Centre Helper "Erlang C Formula - Made Simple": 100 calls / 30 min, AHT 180 s, 80% in 20 s
A = offered_load(100, 1800, 180)


def test_published_erlang_c_example() -> None:
    assert A == pytest.approx(10.0)
    assert service_level(13, A, 180, 20) == pytest.approx(0.7956, abs=5e-5)
    assert erlang_c(14, A) == pytest.approx(0.174132, abs=1e-6)
    assert service_level(14, A, 180, 20) == pytest.approx(0.888350, abs=1e-6)
    assert asa(14, A, 180) == pytest.approx(7.836, abs=1e-3)
    assert occupancy(14, A) == pytest.approx(0.714, abs=1e-3)
    point = required_agents(100, 1800, 180, 0.8, 20)
    assert point.agents == 14
    assert apply_shrinkage(point.agents, 0.3) == 20


def test_published_erlang_a_example() -> None:
    # pyworkforce's test: 100 calls / 30 min, AHT 3 min, patience 5 min, N = 14
    r = erlang_a(14, 100, 1800, 180, 300)
    assert r.p_wait == pytest.approx(0.14526, abs=1e-5)
    assert r.p_abandon == pytest.approx(0.013984, abs=1e-6)
    assert r.occupancy == pytest.approx(0.704297, abs=1e-6)
    assert r.asa_s / 60 == pytest.approx(0.069919, abs=1e-6)
    # abandonment relieves the queue: fewer wait than Erlang C predicts
    assert r.p_wait < erlang_c(14, A)


def test_erlang_b_small_case_and_large_n_stable() -> None:
    assert erlang_b(1, 1.0) == pytest.approx(0.5)
    assert erlang_b(2, 1.0) == pytest.approx(0.2)  # (1/2) / (1 + 1 + 1/2)
    b = erlang_b(800, 700.0)
    assert 0 < b < 1 and math.isfinite(b)
    point = required_agents(700 * 1800 / 180, 1800, 180, 0.8, 20)
    assert 700 < point.agents < 760 and point.service_level >= 0.8


def test_unstable_queue_and_zero_load() -> None:
    assert erlang_c(10, A) == 1.0 and service_level(10, A, 180, 20) == 0.0
    assert math.isinf(asa(9, A, 180))
    assert required_agents(0, 1800, 180, 0.8, 20).agents == 0


def test_max_occupancy_binds_for_large_loads() -> None:
    loose = required_agents(5000, 1800, 180, 0.8, 20)
    capped = required_agents(5000, 1800, 180, 0.8, 20, max_occupancy=0.85)
    assert loose.occupancy > 0.85
    assert capped.agents == math.ceil(500 / 0.85)


def test_vectorised_matches_scalar() -> None:
    rng = np.random.default_rng(1)
    loads = np.concatenate([[0.0, 0.01, 10.0], rng.uniform(0, 60, 200)])
    vec = required_agents_array(loads, 180.0, 0.8, 20, 0.9)
    for a, n in zip(loads, vec):
        assert required_agents(a * 1800 / 180, 1800, 180, 0.8, 20, 0.9).agents == n
    sl, wait, occ = service_level_array(np.array([13, 14]), np.array([A, A]), 180, 20)
    assert sl == pytest.approx([0.7955948, 0.8883500], abs=1e-6)
    assert wait[1] == pytest.approx(7.836, abs=1e-3)


@settings(max_examples=60, deadline=None)
@given(
    contacts=st.floats(0.1, 2000), grow=st.floats(1.0, 3.0), aht=st.floats(30, 1800),
    target=st.floats(0.5, 0.95), tighter=st.floats(0.0, 0.04), t=st.floats(5, 600),
)
def test_required_agents_monotone(contacts: float, grow: float, aht: float, target: float,
                                  tighter: float, t: float) -> None:
    base = required_agents(contacts, 1800, aht, target, t).agents
    assert required_agents(contacts * grow, 1800, aht, target, t).agents >= base
    assert required_agents(contacts, 1800, aht * grow, target, t).agents >= base
    assert required_agents(contacts, 1800, aht, target + tighter, t).agents >= base
    assert required_agents(contacts, 1800, aht, target, t / grow).agents >= base


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 40), a=st.floats(0.1, 39.0))
def test_more_agents_never_hurt(n: int, a: float) -> None:
    assert service_level(n + 1, a, 300, 60) >= service_level(n, a, 300, 60) - 1e-12
    assert erlang_c(n + 1, a) <= erlang_c(n, a) + 1e-12
