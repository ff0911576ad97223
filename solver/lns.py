"""Agent-group large-neighbourhood search for big teams.

CP-SAT's generic neighbourhoods do not know what an agent is; at 200 agents they barely move the
starting roster. Here each step takes a small group of agents who can trade work (speakers of a
language that is short, plus random others), keeps everybody else's shifts as fixed coverage,
and builds and solves the small model of the group alone (a few thousand candidates, a second
or two). Coverage in the small model counts the fixed shifts, and cost, preference and fairness
terms are per agent, so the small objective differs from the full one by a constant: a better
group is a better roster and the full objective never gets worse.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

import numpy as np
from ortools.sat.python import cp_model

from solver.hints import hint_from_indices
from solver.model import RosterModel

__all__ = ["improve_by_agent_groups"]


def _shortfall_by_language(rm: RosterModel, current: np.ndarray) -> dict[str, float]:
    """Missing primary agent-slots per language in the current roster (where help is needed)."""
    c, n = rm.candidates, rm.grid.n_slots
    on = np.flatnonzero((current > 0) & (c.role == 0))
    out = {}
    for lang in rm.requirements.languages:
        speaks = np.array([lang in a.primary_languages for a in rm.problem.agents], dtype=bool)
        idx = on[speaks[c.agent[on]]] if len(speaks) else on[:0]
        delta = np.zeros(n + 1, dtype=np.int64)
        np.add.at(delta, np.minimum(c.start[idx], n), 1)
        np.add.at(delta, np.minimum(c.end[idx], n), -1)
        covered = np.cumsum(delta)[:n]
        out[lang] = float(np.maximum(rm.requirements.primary[lang] - covered, 0).sum())
    return out


def _pick_group(rm: RosterModel, rng: random.Random, size: int, current: np.ndarray) -> list[int]:
    """Speakers of a short language (picked in proportion to its shortfall) plus random others."""
    agents = rm.problem.agents
    short = _shortfall_by_language(rm, current)
    langs = list(short)
    lang = rng.choices(langs, weights=[short[x] + 1.0 for x in langs])[0] if langs else None
    speakers = [a for a, agent in enumerate(agents) if lang in agent.languages]
    rng.shuffle(speakers)
    group = set(speakers[: (3 * size) // 4])
    others = list(range(len(agents)))
    rng.shuffle(others)
    for a in others:
        if len(group) >= size:
            break
        group.add(a)
    return sorted(group)


def _solve_group(rm: RosterModel, group: list[int], current: np.ndarray, key_of: dict,
                 seconds: float, workers: int, seed: int) -> tuple[np.ndarray, float] | None:
    """Re-optimise ``group``'s shifts with everybody else fixed; (new current, gain) or None."""
    from solver.model import build_model  # local: model imports rules that import nothing here

    problem, c = rm.problem, rm.candidates
    in_group = np.zeros(len(problem.agents), dtype=bool)
    in_group[group] = True
    ids = {problem.agents[a].id for a in group}
    fixed = tuple((problem.agents[int(c.agent[i])], c.to_shift(int(i), problem, rm.grid))
                  for i in np.flatnonzero(current) if not in_group[c.agent[i]])
    fixed += tuple((problem.agent(s.agent_id), s) for s in problem.previous_shifts
                   if s.agent_id not in ids and s.agent_id in key_of["known"])
    sub = problem.model_copy(update={
        "agents": tuple(problem.agents[a] for a in group),
        "time_off": tuple(t for t in problem.time_off if t.agent_id in ids),
        "pinned_shifts": tuple(p for p in problem.pinned_shifts if p.agent_id in ids),
        "previous_shifts": tuple(p for p in problem.previous_shifts if p.agent_id in ids),
    })
    small = build_model(sub, fixed_cover=fixed)
    sc = small.candidates
    to_full = np.array([key_of[(sub.agents[int(a)].id, int(s0), int(n0), int(r))]
                        for a, s0, n0, r in zip(sc.agent, sc.start, sc.length, sc.role)],
                       dtype=np.int64)
    now = np.flatnonzero(current[to_full] > 0)
    before = hint_from_indices(small, now)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    solver.parameters.cp_model_probing_level = 0
    status = solver.solve(small.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE) or solver.objective_value > before - 0.5:
        return None
    chosen = np.array(solver.boolean_values(small.x), dtype=bool)
    new = current.copy()
    new[to_full] = 0
    new[to_full[chosen]] = 1
    return new, before - solver.objective_value


def improve_by_agent_groups(
    rm: RosterModel,
    chosen: np.ndarray,
    objective_of: Callable[[np.ndarray], float],
    deadline: float,
    *,
    group_size: int = 16,
    step_seconds: float = 1.5,
    workers: int = 2,
    seed: int = 0,
    stop: Callable[[], bool] = lambda: False,
    on_improve: Callable[[np.ndarray, float], None] | None = None,
) -> np.ndarray:
    """Return a candidate choice at least as good as ``chosen`` (indices into candidates).

    ``objective_of(indices)`` hints the full model with a choice and returns its objective; it
    is called at the start and once at the end, so the model leaves with the best hint.
    """
    rng = random.Random(seed)
    c = rm.candidates
    key_of: dict = {(rm.problem.agents[int(a)].id, int(s0), int(n0), int(r)): i
                    for i, (a, s0, n0, r) in enumerate(zip(c.agent, c.start, c.length, c.role))}
    key_of["known"] = {a.id for a in rm.problem.agents}
    current = np.zeros(len(rm.x), dtype=np.int64)
    current[chosen] = 1
    best = start = objective_of(np.flatnonzero(current))
    while time.perf_counter() + 0.5 < deadline and not stop():
        group = _pick_group(rm, rng, group_size, current)
        seconds = max(0.3, min(step_seconds, deadline - time.perf_counter()))
        step = _solve_group(rm, group, current, key_of, seconds, workers, rng.randrange(1 << 30))
        if step is None:
            continue
        current, gain = step
        best -= gain
        if on_improve is not None:
            on_improve(np.flatnonzero(current), best)
    # Progress used the small models' gains; the full objective is recomputed exactly here and
    # the start is kept if, through rounding of per-segment weights, nothing was really gained.
    if objective_of(np.flatnonzero(current)) > start:
        current = np.zeros(len(rm.x), dtype=np.int64)
        current[chosen] = 1
        objective_of(np.flatnonzero(current))
    return np.flatnonzero(current)
