"""Who answers which queue: the one definition the solver, the coverage and service reports, the
app and the desk calendars share.

Primary duty is a desk
    In every slot each agent on primary duty answers the chats of exactly one of their primary
    languages (skills-based routing may move them between slots, never split them). The split of
    the agents on duty over their languages is the one that loses the least value for the
    team's goal (``[weights] goal``):

    ``service``  — fewest human contacts answered after the first-response target: per slot and
                   language the contacts (forecast.csv, or the load the demand rows imply) times
                   Erlang C's share answered in target with the productive agents (shrinkage,
                   chat concurrency), each contact worth ``value_per_contact``;
    ``coverage`` — fewest agent-hours below the required agents of demand.csv, each worth
                   ``under_primary``.

    Peak weights multiply both. Last week's shifts running into the week are on duty too.
Backup duty is not a desk
    An agent on backup (on-call) duty counts toward every language they speak: they are called
    to whichever queue overflows.

Why this is exact and cheap: a queue's loss is convex and non-increasing in its agents (for
``service``, the concave majorant of the answered contacts: the first agents of a busy queue earn
their share before the queue is stable), kept in integer objective points; the agent counts a
split can reach form a polymatroid, so giving the next agent wherever the loss drops most, as
long as Hall's condition allows it, is optimal (Federgruen & Groenevelt 1986). The solver's LP
relaxation of the same split (``solver/rules_coverage.py``) is exact for the same reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from scheduler.demand import Requirements, build_requirements
from scheduler.domain import ForecastLoad, Problem, Role, Shift, Weights
from scheduler.i18n import N_
from scheduler.staffing.erlang import required_agents_array, service_level_array
from scheduler.staffing.requirements import productive_agents
from scheduler.staffing.workload import QueueWorkload, queue_workload
from scheduler.timegrid import WeekGrid

__all__ = ["QueueLoss", "queue_loss", "workloads", "implied_workloads", "forecast_of",
           "skill_groups",
           "group_counts", "allocate", "allocation", "points_per_contact", "MAX_LANGUAGES"]

#: The split is checked against every subset of the languages with demand (2**L of them).
MAX_LANGUAGES = 14
#: Loss curves stop here even if a queue is still not saturated (no roster has more agents).
_MOST_AGENTS = 2000


# ----------------------------------------------------------------------------- the load


def implied_workloads(problem: Problem, grid: WeekGrid) -> dict[str, QueueWorkload]:
    """Workloads implied by the demand rows: per slot, the largest load the required agents
    carry at the target (bisection on Erlang C), at the default category mix. An upper bound on
    the real load, so reports built on it err pessimistic."""
    settings = problem.staffing
    req = build_requirements(problem, grid)
    slot_s = grid.slot_minutes * 60.0
    out = {}
    for lang in req.languages:
        template = queue_workload(lang, np.zeros(grid.n_slots), settings)
        n = productive_agents(req.primary[lang], settings.total_shrinkage,
                              settings.shrinkage_rounding)
        lo, hi = np.zeros(grid.n_slots), n.astype(np.float64)
        for _ in range(40):
            mid = (lo + hi) / 2
            ok = required_agents_array(mid, template.effective_aht_s, settings.target_sl,
                                       settings.target_s, settings.max_occupancy) <= n
            lo, hi = np.where(ok, mid, lo), np.where(ok, hi, mid)
        contacts = lo * slot_s / template.effective_aht_s
        out[lang] = QueueWorkload(lang, contacts, template.aht_s, template.effective_aht_s,
                                  template.deflected)
    return out


def workloads(problem: Problem, grid: WeekGrid) -> tuple[dict[str, QueueWorkload], str]:
    """(workload per language, where it came from): the forecast when the team has one, else
    the load the demand rows imply (languages the forecast lacks are implied too)."""
    implied = implied_workloads(problem, grid)
    if problem.forecast is None:
        return implied, N_("implied by demand rows")
    f = problem.forecast
    out = {lang: QueueWorkload(lang, np.asarray(c, dtype=np.float64), f.aht_s[lang],
                               f.effective_aht_s[lang], f.deflected.get(lang, 0.0))
           for lang, c in f.contacts.items()}
    for lang, wl in implied.items():
        out.setdefault(lang, wl)
    return out, N_("forecast")


def forecast_of(grid: WeekGrid, loads: dict[str, QueueWorkload]) -> ForecastLoad:
    """Workloads as the Problem's ``forecast`` (e.g. a what-if load, or a test's)."""
    return ForecastLoad(first_slot_utc=grid.start_utc, slot_minutes=grid.slot_minutes,
                        contacts={k: tuple(np.asarray(w.human_contacts, dtype=float).tolist())
                                  for k, w in loads.items()},
                        aht_s={k: w.aht_s for k, w in loads.items()},
                        effective_aht_s={k: w.effective_aht_s for k, w in loads.items()},
                        deflected={k: w.deflected for k, w in loads.items()})


# ----------------------------------------------------------------------------- loss curves


def points_per_contact(problem: Problem) -> float:
    """``value_per_contact`` in objective points: a paid hour at the team rate costs
    ``cost_per_hour`` points, so a contact is worth value / rate of those. With
    ``cost_per_hour`` 0 (paid hours cost nothing) the default exchange rate is used, so
    contacts keep their worth."""
    w, rate = problem.weights, problem.settings.hourly_rate or 1.0
    per_hour = w.cost_per_hour or Weights.model_fields["cost_per_hour"].default
    return w.value_per_contact * per_hour / rate


@dataclass(frozen=True)
class QueueLoss:
    """Per language: ``loss[k, t]`` = objective points lost in slot t with k agents answering
    that queue (integers, convex and non-increasing in k; constant beyond the last row)."""

    languages: tuple[str, ...]
    loss: dict[str, np.ndarray]
    goal: str

    def at(self, lang: str, agents: np.ndarray) -> np.ndarray:
        """Loss per slot with ``agents[t]`` answering ``lang``."""
        table = self.loss[lang]
        k = np.minimum(np.asarray(agents, dtype=np.int64), len(table) - 1)
        return table[k, np.arange(table.shape[1])]


def _convex_points(values: np.ndarray) -> np.ndarray:
    """Per column (slot), an integer, convex, non-increasing sequence over k = 0, 1, 2, ...
    that follows ``values`` (float, non-increasing): its lower convex envelope (the concave
    majorant of what the agents achieve), with each step rounded. Rounding a non-decreasing
    sequence of slopes keeps it non-decreasing, so the result stays convex exactly."""
    env = values.astype(np.float64).copy()
    for t in range(values.shape[1]):
        col = env[:, t]
        if len(col) < 3 or np.all(np.diff(col, 2) >= -1e-9):
            continue
        hull = [0]  # lower hull of the points (k, col[k]): monotone chain
        for k in range(1, len(col)):
            while len(hull) >= 2:
                a, b = hull[-2], hull[-1]
                if (col[b] - col[a]) * (k - a) >= (col[k] - col[a]) * (b - a):
                    hull.pop()
                else:
                    break
            hull.append(k)
        env[:, t] = np.interp(np.arange(len(col)), hull, col[hull])
    steps = np.minimum(np.maximum.accumulate(np.rint(np.diff(env, axis=0)), axis=0), 0)
    start = np.rint(env[:1])
    table = np.concatenate([start, start + np.cumsum(steps, axis=0)])
    return np.maximum(table, 0).astype(np.int64)


def _trim(table: np.ndarray) -> np.ndarray:
    """Drop trailing rows equal to the one before: beyond them one more agent changes nothing."""
    last = len(table)
    while last > 1 and np.array_equal(table[last - 1], table[last - 2]):
        last -= 1
    return table[:last]


def queue_loss(problem: Problem, grid: WeekGrid, req: Requirements | None = None) -> QueueLoss:
    """The loss curves of the team's goal (module docstring), one per language with demand."""
    req = req or build_requirements(problem, grid)
    spoken = {lang: sum(lang in a.primary_languages for a in problem.agents)
              for lang in req.languages}
    slot_h = grid.slot_minutes / 60
    loss: dict[str, np.ndarray] = {}
    goal = problem.weights.goal
    if goal == "coverage":
        for lang in req.languages:
            need = req.primary[lang]
            if not need.any():
                continue
            per_agent = problem.weights.under_primary * slot_h * req.weight[lang]
            k = np.arange(int(need.max()) + 1)[:, None]
            short = np.maximum(need[None, :] - k, 0)
            loss[lang] = _trim(_convex_points(per_agent[None, :] * short))
        return QueueLoss(tuple(loss), loss, goal)
    settings = problem.staffing
    loads, _ = workloads(problem, grid)
    ppc = points_per_contact(problem)
    slot_s = grid.slot_minutes * 60.0
    for lang, wl in loads.items():
        contacts = wl.human_contacts
        if not (contacts > 0).any() or lang not in req.weight:
            continue
        value = ppc * req.weight[lang] * contacts
        load = wl.load(slot_s)
        # the whole curve, up to where one more agent saves under half a point: its majorant
        # gives the first agents of a busy queue their share even when fewer could be rostered
        rows, k = [], 0
        while True:
            n = productive_agents(np.full(grid.n_slots, k), settings.total_shrinkage,
                                  settings.shrinkage_rounding)
            sl, _, _ = service_level_array(n, load, wl.effective_aht_s, settings.target_s)
            rows.append(value * (1.0 - sl))
            if (k > 0 and np.all(rows[-1] < 0.5)) or k >= _MOST_AGENTS:
                break
            k += 1
        table = _convex_points(np.array(rows))
        loss[lang] = _trim(table[:max(spoken.get(lang, 0), 1) + 1])  # nobody beyond the speakers
    return QueueLoss(tuple(loss), loss, goal)


# ----------------------------------------------------------------------------- the split


def skill_groups(problem: Problem, languages: Sequence[str]) -> tuple[list[tuple[str, ...]],
                                                                     np.ndarray]:
    """(distinct desks an agent may take, i.e. primary languages with demand; per agent the
    index of their group or -1 when none of their primary languages has demand)."""
    wanted = set(languages)
    groups: dict[tuple[str, ...], int] = {}
    of_agent = np.full(len(problem.agents), -1, dtype=np.int64)
    for i, a in enumerate(problem.agents):
        key = tuple(lang for lang in a.primary_languages if lang in wanted)
        if key:
            of_agent[i] = groups.setdefault(key, len(groups))
    return list(groups), of_agent


def group_counts(problem: Problem, grid: WeekGrid, shifts: Iterable[Shift],
                 of_agent: np.ndarray, n_groups: int) -> np.ndarray:
    """[group, slot] agents on primary duty, last week's shifts running into the week included
    (a slot counts when the shift covers all of it, as everywhere)."""
    counts = np.zeros((n_groups, grid.n_slots), dtype=np.int64)
    index = {a.id: i for i, a in enumerate(problem.agents)}
    for s in list(shifts) + [p for p in problem.previous_shifts if p.end > grid.start_utc]:
        a = index.get(s.agent_id)
        if a is None or s.role is not Role.PRIMARY or of_agent[a] < 0:
            continue
        span = grid.slots_between(s.start, s.end)
        lo, hi = max(span.start, 0), min(span.stop, grid.n_slots)
        if lo < hi:
            counts[of_agent[a], lo:hi] += 1
    return counts


def allocate(loss: QueueLoss, groups: Sequence[tuple[str, ...]], counts: np.ndarray
             ) -> np.ndarray:
    """[language, slot] agents answering each queue (``loss.languages`` order): the split of
    ``counts`` [group, slot] that loses the least (greedy increments, exact on a polymatroid).

    Ties go to the language listed first, so the same roster always gets the same split.
    """
    langs = loss.languages
    n_lang, n_slots = len(langs), counts.shape[1] if counts.ndim == 2 else 0
    n = np.zeros((n_lang, n_slots), dtype=np.int64)
    if n_lang == 0 or not len(groups):
        return n
    if n_lang > MAX_LANGUAGES:
        raise ValueError(f"{n_lang} languages with demand: the split supports at most "
                         f"{MAX_LANGUAGES}")
    pos = {lang: i for i, lang in enumerate(langs)}
    group_bits = np.array([sum(1 << pos[x] for x in g) for g in groups], dtype=np.int64)
    masks = np.arange(1, 1 << n_lang, dtype=np.int64)
    # capacity of each subset of languages: agents of every group speaking one of them (Hall)
    touches = (masks[:, None] & group_bits[None, :]) != 0  # [mask, group]
    cap = touches.astype(np.int64) @ counts  # [mask, slot]
    member = ((masks[:, None] >> np.arange(n_lang)[None, :]) & 1).astype(np.int64)  # [mask, l]
    used = np.zeros_like(cap)
    tables = [loss.loss[lang] for lang in langs]
    cols = np.arange(n_slots)
    while True:
        gain = np.empty((n_lang, n_slots), dtype=np.int64)
        for i, table in enumerate(tables):
            k = np.minimum(n[i], len(table) - 1)
            k1 = np.minimum(n[i] + 1, len(table) - 1)
            gain[i] = table[k, cols] - table[k1, cols]
        tight = (used >= cap).astype(np.int64)  # [mask, slot]
        blocked = (member.T @ tight) > 0  # [l, slot]: some subset holding l is full
        gain[blocked] = 0
        best = np.argmax(gain, axis=0)
        active = gain[best, cols] > 0
        if not active.any():
            return n
        slots = cols[active]
        n[best[active], slots] += 1
        used[:, slots] += member[:, best[active]]


def allocation(problem: Problem, shifts: Iterable[Shift], grid: WeekGrid | None = None,
               loss: QueueLoss | None = None) -> dict[str, np.ndarray]:
    """Agents answering each language per slot for a roster (every language of the problem;
    languages without demand get 0: nobody is needed there)."""
    grid = grid or WeekGrid.for_settings(problem.settings)
    loss = loss or queue_loss(problem, grid)
    groups, of_agent = skill_groups(problem, loss.languages)
    counts = group_counts(problem, grid, shifts, of_agent, len(groups))
    n = allocate(loss, groups, counts)
    out = {lang: np.zeros(grid.n_slots, dtype=np.int64) for lang in problem.languages}
    for i, lang in enumerate(loss.languages):
        out[lang] = n[i]
    return out
