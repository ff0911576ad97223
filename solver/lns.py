"""Agent-group large-neighbourhood search for big teams.

CP-SAT's generic neighbourhoods do not know what an agent is; at 200 agents they barely move the
starting roster. Here each step frees every shift variable of a small group of agents who can
trade work (speakers of a language that is short, plus random others), freezes everybody else at
the current roster, and lets CP-SAT re-optimise the group exactly for a few seconds. The
coverage rows see the frozen agents as fixed, so a better group is a better roster: the full
objective never gets worse, and every step is a complete, hinted solve of the same model.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

import numpy as np
from ortools.sat.python import cp_model

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

    ``objective_of(indices)`` hints the model with a choice and returns its objective.
    """
    rng = random.Random(seed)
    per_agent = rm.agent_candidates()
    proto_vars = rm.model.proto.variables
    current = np.zeros(len(rm.x), dtype=np.int64)
    current[chosen] = 1
    best = objective_of(np.flatnonzero(current))
    while time.perf_counter() + 1.0 < deadline and not stop():
        group = _pick_group(rm, rng, group_size, current)
        free = np.zeros(len(rm.x), dtype=bool)
        for a in group:
            free[per_agent[a]] = True
        frozen = np.flatnonzero(~free)
        for i in frozen.tolist():
            domain = proto_vars[rm.x[i].index].domain
            domain[0] = domain[1] = int(current[i])
        objective_of(np.flatnonzero(current))  # complete hint = the current roster
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.5, min(step_seconds, deadline - time.perf_counter()))
        solver.parameters.num_workers = workers
        solver.parameters.random_seed = rng.randrange(1 << 30)
        solver.parameters.cp_model_probing_level = 0  # most variables are fixed: keep presolve short
        status = solver.solve(rm.model)
        for i in frozen.tolist():
            domain = proto_vars[rm.x[i].index].domain
            domain[0], domain[1] = 0, 1
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and solver.objective_value < best - 0.5:
            current = np.array(solver.boolean_values(rm.x), dtype=np.int64)
            best = solver.objective_value
            if on_improve is not None:
                on_improve(np.flatnonzero(current), best)
    objective_of(np.flatnonzero(current))
    return np.flatnonzero(current)
