"""A fast greedy roster used as CP-SAT's starting point (a repair-free hint).

Lazy greedy over candidate shifts: repeatedly take the shift whose newly covered demand is worth
most (same weights as the objective, 24/7 gaps worth most of all) minus its cost, skipping shifts
that would break an agent's hard rules. Gains only shrink as coverage grows, so stale gains in a
heap are safe upper bounds ("lazy" evaluation), which keeps this well under a second at 200 agents.
Then agents still below their contract minimum get their most useful remaining shifts.
"""

from __future__ import annotations

import heapq
import math

import numpy as np

from scheduler.baseline import change_price
from scheduler.contracts import effective_min_hours
from scheduler.queues import allocate, group_counts, skill_groups
from solver.model import RosterModel
from solver.rules_coverage import carry_in
from solver.rules_shifts import previous_work_days

__all__ = ["greedy_roster"]


class _AgentState:
    def __init__(self, max_slots: int, max_shifts: int, min_slots: int, prev_days: set[int]) -> None:
        self.max_slots = max_slots
        self.max_shifts = max_shifts
        self.min_slots = min_slots
        self.slots = 0
        self.busy: list[tuple[int, int]] = []  # occupied intervals [start, end + rest)
        self.days: set[int] = set()
        self.prev_days = prev_days
        self.check_days = True


def _days_ok(days: set[int], day: int, min_days_off: int, max_consecutive: int) -> bool:
    worked = days | {day}
    for lo in range(day - 6, day + 1):
        if sum(1 for d in range(lo, lo + 7) if d in worked) > 7 - min_days_off:
            return False
    run, d = 1, day - 1
    while d in worked:
        run, d = run + 1, d - 1
    d = day + 1
    while d in worked:
        run, d = run + 1, d + 1
    return run <= max_consecutive


def _initial_gains(c, rows: list[tuple[np.ndarray, np.ndarray]], cand_rows: list[list[int]],
                   n: int) -> np.ndarray:
    """Every candidate's coverage value at once, from per-row prefix sums."""
    members: list[list[int]] = [[] for _ in rows]
    for i, rs in enumerate(cand_rows):
        for r in rs:
            members[r].append(i)
    lo = np.minimum(c.start, n)
    hi = np.minimum(c.end, n)
    total = np.zeros(len(c))
    for r, (need, value) in enumerate(rows):
        if not members[r]:
            continue
        prefix = np.concatenate([[0.0], np.cumsum(np.where(need > 0, value, 0.0))])
        m = np.asarray(members[r])
        total[m] += prefix[hi[m]] - prefix[lo[m]]
    return total


def _scarcity_factor(c, members: np.ndarray, wanted: np.ndarray,  # noqa: ANN001 - Candidates
                     n: int) -> np.ndarray | None:
    """Per slot, how much scarcer than usual the ``members`` covering it are (0.25x..4x of
    the median over the ``wanted`` slots); None when nothing is wanted or nobody covers."""
    if len(members) == 0 or not wanted.any():
        return None
    delta = np.zeros(n + 1)
    np.add.at(delta, np.minimum(c.start[members], n), 1.0)
    np.add.at(delta, np.minimum(c.end[members], n), -1.0)
    supply = np.cumsum(delta)[:n]
    typical = float(np.median(supply[wanted]))
    return np.clip(typical / np.maximum(supply, 1.0), 0.25, 4.0)


def _weigh_by_scarcity(rows: list[tuple[np.ndarray, np.ndarray]], cand_rows: list[list[int]],
                       c, n: int, exclude: set[int]) -> None:  # noqa: ANN001
    """Value scarce demand more: a slot few candidates can cover must not lose its few agents
    to demand anybody could serve. Only the greedy's order changes, not the model."""
    for r, (need, value) in enumerate(rows):
        if r in exclude:
            continue
        members = np.array([i for i, rs in enumerate(cand_rows) if r in rs], dtype=np.int64)
        factor = _scarcity_factor(c, members, need > 0, n)
        if factor is not None:
            rows[r] = (need, value * factor)


class _Desks:
    """The language split as the greedy sees it (``scheduler/queues.py``): each new agent-slot
    goes to the language of the agent's group where one more agent saves the most loss right
    now. The objective uses the exact split; this is only the greedy's estimate of a shift's
    worth, which shrinks as agents are added (the loss is convex), so lazy gains stay valid.
    Queues few candidates can serve weigh more in the order (not in the model), as in
    ``_weigh_by_scarcity``.
    """

    def __init__(self, rm: RosterModel) -> None:
        c, grid = rm.candidates, rm.grid
        loss = rm.loss
        langs = loss.languages if loss is not None else ()
        groups, of_agent = skill_groups(rm.problem, langs)
        pos = {lang: i for i, lang in enumerate(langs)}
        self.group_langs = [tuple(pos[x] for x in g) for g in groups]
        self.cand_group = np.where(c.role == 0, of_agent[c.agent], -1) if len(c) else \
            np.zeros(0, dtype=np.int64)
        self.tables = [loss.loss[lang] for lang in langs] if loss is not None else []
        carried = group_counts(rm.problem, grid, [], of_agent, len(groups))
        self.n = allocate(loss, groups, carried) if loss is not None and groups else \
            np.zeros((0, grid.n_slots), dtype=np.int64)
        self.factor = self._scarcity(c, grid.n_slots)
        self.worth = [self._marginal(i, np.arange(grid.n_slots)).tolist()
                      for i in range(len(self.tables))]
        self.c, self.n_slots = c, grid.n_slots

    def _marginal(self, i: int, t: np.ndarray) -> np.ndarray:
        table = self.tables[i]
        k = np.minimum(self.n[i, t], len(table) - 1)
        k1 = np.minimum(self.n[i, t] + 1, len(table) - 1)
        return (table[k, t] - table[k1, t]) * self.factor[i, t]

    def _scarcity(self, c, n: int) -> np.ndarray:  # noqa: ANN001 - Candidates
        factor = np.ones((len(self.tables), n))
        for i in range(len(self.tables)):
            serve = [g for g, gl in enumerate(self.group_langs) if i in gl]
            members = np.flatnonzero(np.isin(self.cand_group, serve))
            found = _scarcity_factor(c, members, self.tables[i][0] > self.tables[i][-1], n)
            if found is not None:
                factor[i] = found
        return factor

    def gain(self, g: int, lo: int, hi: int) -> float:
        langs = self.group_langs[g]
        if len(langs) == 1:
            return sum(self.worth[langs[0]][lo:hi])
        return sum(map(max, *(self.worth[i][lo:hi] for i in langs)))

    def take(self, g: int, lo: int, hi: int) -> None:
        langs = self.group_langs[g]
        for t in range(lo, hi):
            best = max(langs, key=lambda i: self.worth[i][t])
            self.n[best, t] += 1
            self.worth[best][t] = float(self._marginal(best, np.array([t]))[0])

    def initial_gains(self) -> np.ndarray:
        """Every primary candidate's worth with the carried-in split, from prefix sums."""
        c, n = self.c, self.n_slots
        total = np.zeros(len(c))
        lo, hi = np.minimum(c.start, n), np.minimum(c.end, n)
        for g, langs in enumerate(self.group_langs):
            members = np.flatnonzero(self.cand_group == g)
            if len(members) == 0:
                continue
            best = np.max(np.array([self.worth[i] for i in langs]), axis=0)
            prefix = np.concatenate([[0.0], np.cumsum(best)])
            total[members] = prefix[hi[members]] - prefix[lo[members]]
        return total


def greedy_roster(rm: RosterModel, first: np.ndarray | None = None) -> np.ndarray:
    """Indices of chosen candidates (may break a soft target, never an agent's hard rule).

    ``first``: candidates to take before the greedy choice, in that order, whenever the agent's
    rules allow it — e.g. the shifts an LP solution uses most (rounding the LP, then letting the
    greedy repair what rounding left uncovered).
    """
    c = rm.candidates
    problem, req, grid = rm.problem, rm.requirements, rm.grid
    n = grid.n_slots
    rules, weights = problem.rules, problem.weights
    slot_h = grid.slot_minutes / 60
    rest = math.ceil(rules.min_rest_hours * 60 / grid.slot_minutes)
    carried = carry_in(rm)

    # residual needs and their per-slot value (objective weight per missing agent-slot):
    # backup cover per language, and the 24/7 minimum (worth most of all)
    rows: list[tuple[np.ndarray, np.ndarray]] = []  # (need, value) per coverage row
    row_of: dict[str, int] = {}
    for lang in req.languages:
        row_of[lang] = len(rows)
        rows.append(((req.backup[lang] - carried[("backup", lang)]).astype(float),
                     weights.under_backup * slot_h * req.weight[lang]))
    online = len(rows)
    rows.append(((rules.min_online - carried[("primary", "*")]).astype(float),
                 np.full(n, 10.0 * max(weights.under_primary, 1))))

    agents = problem.agents
    rows_by_role = [[[online] for _ in agents],
                    [[row_of[lang] for lang in a.languages if lang in row_of] for a in agents]]
    cand_rows = [rows_by_role[r][a] for a, r in zip(c.agent.tolist(), c.role.tolist())]
    _weigh_by_scarcity(rows, cand_rows, c, n, exclude=set())
    desks = _Desks(rm)
    team_rate = problem.settings.hourly_rate or 1.0
    rate = np.array([(a.hourly_cost if a.hourly_cost is not None else team_rate) / team_rate
                     for a in agents])
    cost = weights.cost_per_hour * rate[c.agent] * slot_h * (c.length + weights.night_premium * c.night_slots) \
        + weights.preference * c.pref_violations
    if problem.baseline_shifts:  # re-rostering: adding a shift costs a change, keeping one saves one
        price = change_price(problem, rm.loss, grid.slot_minutes)
        cost = cost + np.where(c.baseline, -1.0, 1.0) * price * ~c.fixed

    starts, ends, days = c.start.tolist(), c.end.tolist(), c.day.tolist()
    owner = c.agent.tolist()
    cost_of = cost.tolist()
    # Per row and slot: what one more agent there is still worth (0 once the need is met).
    # Plain lists: gains are sums over 8-16 slots, where list slicing beats numpy's call overhead.
    worth = [np.where(need > 0, value, 0.0).tolist() for need, value in rows]

    group_of = desks.cand_group.tolist()

    def gain(i: int) -> float:
        lo, hi = starts[i], min(ends[i], n)
        desk = desks.gain(group_of[i], lo, hi) if group_of[i] >= 0 else 0.0
        return desk + sum(sum(worth[r][lo:hi]) for r in cand_rows[i]) - cost_of[i]

    states = []
    limit = min(7 - rules.min_days_off, rules.max_consecutive_days)
    for agent in agents:
        st = _AgentState(
            max_slots=math.floor(agent.max_hours / slot_h + 1e-9), max_shifts=agent.max_shifts,
            min_slots=math.ceil(effective_min_hours(agent, problem, grid) / slot_h - 1e-9),
            prev_days=previous_work_days(rm, agent))
        st.check_days = agent.max_shifts + len(st.prev_days) > limit  # else no window can break
        states.append(st)

    # The team's hours budget ([rules] max_team_hours): what is taken for coverage leaves room
    # for every agent's contract minimum still to come.
    budget = problem.rules.max_team_hours
    team_cap = math.inf if budget is None else math.floor(budget / slot_h + 1e-9)
    team = {"used": 0, "short": sum(st.min_slots for st in states)}

    def within_budget(i: int, reserve: bool | None = True) -> bool:
        """``reserve``: keep room for the contract minimums still to come; None: no budget
        (contract minimums come first when the budget is the rule that may bend)."""
        if reserve is None or budget is None:  # (no budget: nothing to count on this hot path)
            return True
        st, length = states[owner[i]], ends[i] - starts[i]
        short_after = team["short"] - min(length, max(0, st.min_slots - st.slots))
        return team["used"] + length + (short_after if reserve else 0) <= team_cap

    def feasible(i: int, reserve: bool | None = True) -> bool:
        st = states[owner[i]]
        s, e = starts[i], ends[i]
        if len(st.busy) >= st.max_shifts or st.slots + (e - s) > st.max_slots:
            return False
        if not within_budget(i, reserve):
            return False
        if any(s < be and bs < e + rest for bs, be in st.busy):
            return False
        day = days[i]
        return not st.check_days or day in st.days or _days_ok(st.days | st.prev_days, day, rules.min_days_off,
                                          rules.max_consecutive_days)

    chosen: list[int] = []

    def take(i: int) -> None:
        st = states[owner[i]]
        s, e = starts[i], ends[i]
        st.busy.append((s, e + rest))
        team["short"] -= min(e - s, max(0, st.min_slots - st.slots))
        team["used"] += e - s
        st.slots += e - s
        st.days.add(days[i])
        hi = min(e, n)
        for r in cand_rows[i]:
            need, value = rows[r]
            need[s:hi] -= 1
            worth[r][s:hi] = np.where(need[s:hi] > 0, value[s:hi], 0.0).tolist()
        if group_of[i] >= 0:
            desks.take(group_of[i], s, hi)
        chosen.append(i)

    for i in np.flatnonzero(c.fixed):
        take(int(i))
    taken_first: set[int] = set()
    for i in ([] if first is None else first.tolist()):
        if not c.fixed[i] and feasible(i) and gain(i) > 0:
            take(i)
            taken_first.add(i)
    initial = _initial_gains(c, rows, cand_rows, n) + desks.initial_gains() - cost
    heap = [(-g, i) for i, g in enumerate(initial)
            if not c.fixed[i] and i not in taken_first]
    heapq.heapify(heap)
    while heap:
        neg, i = heapq.heappop(heap)
        if -neg <= 0:
            break
        if not feasible(i):
            continue
        g = gain(i)
        if heap and g < -heap[0][0] - 1e-9:
            heapq.heappush(heap, (-g, i))
            continue
        if g > 0:
            take(i)

    # contract minimums: give short agents their most useful remaining shifts
    taken = set(chosen)
    for_minimum = None if "team_hours" in rules.relaxable else False
    for a, idx in enumerate(rm.by_agent):
        st = states[a]
        if st.slots >= st.min_slots:
            continue
        for i in sorted(idx.tolist(), key=lambda i: -gain(i)):
            if st.slots >= st.min_slots:
                break
            if i not in taken and feasible(i, reserve=for_minimum):
                take(i)
                taken.add(i)
    return np.array(sorted(chosen), dtype=np.int64)
