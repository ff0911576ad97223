"""Queueing formulas that turn an offered load into agents: Erlang B/C, and Erlang A.

Why hand-written: the maths is twenty lines, the maintained Python packages (pyworkforce) pull
in heavy optional stacks, and we need a *vectorised* search over thousands of slots. Everything
uses the Erlang B recursion ``B_k = A·B_{k-1} / (k + A·B_{k-1})`` (no factorials), which is
stable for thousands of agents. Conventions: one time unit throughout (seconds here); offered
load ``A = λ·AHT`` in Erlangs; results are checked against the Call Centre Helper worked example
in the tests.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = [
    "erlang_b",
    "erlang_c",
    "service_level",
    "asa",
    "occupancy",
    "offered_load",
    "apply_shrinkage",
    "required_agents",
    "required_agents_array",
    "service_level_array",
    "ErlangA",
    "erlang_a",
    "StaffingPoint",
]

_EPS = 1e-9


def offered_load(contacts: float, interval_s: float, aht_s: float) -> float:
    """Erlangs offered: arrivals per second times handle time in seconds."""
    return contacts / interval_s * aht_s


def erlang_b(n: int, a: float) -> float:
    """Blocking probability with ``n`` servers, by the stable recursion."""
    if n < 0:
        raise ValueError("number of agents must be >= 0")
    b = 1.0
    for k in range(1, n + 1):
        b = a * b / (k + a * b)
    return b


def erlang_c(n: int, a: float) -> float:
    """Probability that a contact waits; 1.0 when the queue is unstable (n <= A)."""
    if a <= 0:
        return 0.0
    if n <= a:
        return 1.0
    b = erlang_b(n, a)
    return n * b / (n - a * (1 - b))


def service_level(n: int, a: float, aht_s: float, target_s: float) -> float:
    """Share of contacts answered within ``target_s``: 1 − C·exp(−(N−A)·t/AHT)."""
    if a <= 0:
        return 1.0
    if n <= a:
        return 0.0
    return 1.0 - erlang_c(n, a) * math.exp(-(n - a) * target_s / aht_s)


def asa(n: int, a: float, aht_s: float) -> float:
    """Average speed of answer (s); infinite when the queue is unstable."""
    if a <= 0:
        return 0.0
    if n <= a:
        return math.inf
    return erlang_c(n, a) * aht_s / (n - a)


def occupancy(n: int, a: float) -> float:
    """Share of agents' time spent handling contacts (capped at 1 for unstable queues)."""
    if n <= 0:
        return 0.0 if a <= 0 else 1.0
    return min(a / n, 1.0)


def apply_shrinkage(n: int, shrinkage: float) -> int:
    """Agents to schedule so that ``n`` are productive: ⌈N / (1 − s)⌉ (with float tolerance,
    so 14 / 0.7 = 20.000000000000004 stays 20)."""
    if not 0 <= shrinkage < 1:
        raise ValueError("shrinkage must be in [0, 1)")
    return math.ceil(n / (1 - shrinkage) - _EPS) if n > 0 else 0


@dataclass(frozen=True)
class StaffingPoint:
    """Required agents for one interval and the service they deliver."""

    agents: int
    load: float
    p_wait: float
    service_level: float
    asa_s: float
    occupancy: float


def required_agents(
    contacts: float,
    interval_s: float,
    aht_s: float,
    target_sl: float,
    target_s: float,
    max_occupancy: float = 1.0,
) -> StaffingPoint:
    """Smallest N with SL(t) ≥ target and A/N ≤ max occupancy (0 agents for 0 contacts)."""
    a = offered_load(contacts, interval_s, aht_s)
    if a <= 0:
        return StaffingPoint(0, 0.0, 0.0, 1.0, 0.0, 0.0)
    n_min = max(math.floor(a) + 1, math.ceil(a / max_occupancy - _EPS))
    b = erlang_b(n_min - 1, a)
    n = n_min - 1
    while True:
        n += 1
        b = a * b / (n + a * b)
        c = n * b / (n - a * (1 - b))
        sl = 1.0 - c * math.exp(-(n - a) * target_s / aht_s)
        if n >= n_min and sl >= target_sl - _EPS:
            return StaffingPoint(n, a, c, sl, c * aht_s / (n - a), a / n)


def required_agents_array(
    load: np.ndarray,
    aht_s: np.ndarray | float,
    target_sl: float,
    target_s: float,
    max_occupancy: float = 1.0,
) -> np.ndarray:
    """Vectorised ``required_agents`` over many slots at once (load in Erlangs).

    One pass of the Erlang B recursion serves every slot: at step k each slot's B_k is updated
    and slots whose criteria first hold are frozen. Cost is O(max N × slots) numpy work.
    """
    a = np.asarray(load, dtype=np.float64)
    aht = np.broadcast_to(np.asarray(aht_s, dtype=np.float64), a.shape)
    out = np.zeros(a.shape, dtype=np.int64)
    todo = a > 0
    if not todo.any():
        return out
    n_floor = np.maximum(np.floor(a) + 1, np.ceil(a / max_occupancy - _EPS))
    b = np.ones(a.shape)
    k = 0
    while todo.any():
        k += 1
        b = np.where(todo, a * b / (k + a * b), b)
        ready = todo & (k >= n_floor)
        if ready.any():
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                c = k * b / (k - a * (1 - b))
                sl = 1.0 - c * np.exp(-(k - a) * target_s / aht)
            hit = ready & (sl >= target_sl - _EPS)
            out[hit] = k
            todo &= ~hit
    return out


def service_level_array(
    agents: np.ndarray, load: np.ndarray, aht_s: np.ndarray | float, target_s: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(service level, ASA seconds, occupancy) for given agents per slot, vectorised.

    Slots with no load have SL 1 and ASA 0; unstable slots (N ≤ A) have SL 0 and ASA ∞.
    """
    n = np.asarray(agents, dtype=np.int64)
    a = np.asarray(load, dtype=np.float64)
    aht = np.broadcast_to(np.asarray(aht_s, dtype=np.float64), a.shape)
    b = np.ones(a.shape)
    for k in range(1, int(n.max(initial=0)) + 1):
        b = np.where(k <= n, a * b / (k + a * b), b)
    stable = n > a
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        c = np.where(stable, n * b / (n - a * (1 - b)), 1.0)
        sl = np.where(stable, 1.0 - c * np.exp(-(n - a) * target_s / aht), 0.0)
        wait = np.where(stable, c * aht / (n - a), np.inf)
        occ = np.where(n > 0, np.minimum(a / np.maximum(n, 1), 1.0), 0.0)
    idle = a <= 0
    sl = np.where(idle, 1.0, sl)
    wait = np.where(idle, 0.0, wait)
    occ = np.where(idle, 0.0, np.where(n > 0, occ, 1.0))
    return sl, wait, occ


@dataclass(frozen=True)
class ErlangA:
    """M/M/N+M results: customers abandon after an exponential patience."""

    p_wait: float
    p_abandon: float
    asa_s: float
    mean_queue: float
    occupancy: float


def erlang_a(
    n: int, contacts: float, interval_s: float, aht_s: float, patience_s: float
) -> ErlangA:
    """Erlang A by its birth-death chain, normalised relative to π_N (no overflow).

    States ≤ N: Σ π_n / π_N = 1 / B(N, A). Queue states: π_{N+k}/π_N = Π_j λ/(Nμ + jθ),
    summed until the terms vanish (they shrink super-geometrically because θ > 0).
    Why: Erlang C overstates staff once abandonment exceeds a few percent.
    """
    if n < 1:
        raise ValueError("Erlang A needs at least one agent")
    if patience_s <= 0:
        raise ValueError("patience must be positive")
    lam = contacts / interval_s
    if lam <= 0:
        return ErlangA(0.0, 0.0, 0.0, 0.0, 0.0)
    mu, theta = 1.0 / aht_s, 1.0 / patience_s
    a = lam / mu
    below = 1.0 / erlang_b(n, a) - 1.0  # Σ_{n'<N} π_n' / π_N
    term, tail, queue = 1.0, 1.0, 0.0
    j = 0
    while True:
        j += 1
        term *= lam / (n * mu + j * theta)
        tail += term
        queue += j * term
        if term < 1e-17 * tail and j * theta > lam:
            break
    total = below + tail
    p_wait = tail / total
    mean_q = queue / total
    p_ab = theta * mean_q / lam
    return ErlangA(p_wait, p_ab, mean_q / lam, mean_q, a * (1 - p_ab) / n)
