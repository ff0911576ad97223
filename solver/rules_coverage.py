"""Coverage: the 24/7 minimum (hard), the language desks (soft, the team's goal) and backup cover.

Definitions shared with the reports: ``scheduler/queues.py``. Per slot, each agent on primary
duty answers one of their primary languages, split so the team's goal loses the least (fewest
contacts answered late, or fewest agent-hours below the requirement); the loss of each queue is
a convex piecewise-linear function of its agents, written as its epigraph, so the LP relaxation
is exact. An agent on *backup* duty counts toward every language they speak.

Slots whose set of covering candidates is identical (e.g. both half hours of an hour when shifts
start on the hour) share one coverage count, kept as a running count (see ``_counts``); slots of
such a segment whose loss curves are identical too share one split.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from ortools.sat.python import cp_model

from scheduler.domain import Role
from scheduler.formats import day as day_label
from scheduler.i18n import N_, _
from scheduler.queues import allocate, group_counts, skill_groups
from solver.model import RosterModel

_sum = cp_model.LinearExpr.sum  # far faster than Python's sum() on thousands of terms

__all__ = ["add_all", "segments", "carry_in", "DAY_MARK"]

#: The 24/7 rule is guarded per planning day: "at least 1 agent(s) online all day on Mon 26 Oct";
#: ``explain`` joins several days into one line at this mark (translated like the message)
DAY_MARK = N_(" all day on ")


def segments(rm: RosterModel) -> list[tuple[int, int]]:
    """Maximal slot ranges [lo, hi) in which no candidate starts or ends."""
    n = rm.grid.n_slots
    cuts = np.concatenate([[0, n], rm.candidates.start, rm.candidates.end])
    cuts = np.unique(cuts[(cuts >= 0) & (cuts <= n)])
    return list(zip(cuts[:-1].tolist(), cuts[1:].tolist()))


def carry_in(rm: RosterModel) -> dict[tuple[str, str], np.ndarray]:
    """Coverage already provided by last week's shifts that run into this week.

    Keys: ('primary', lang), ('backup', lang), ('primary', '*') for heads on primary duty.
    """
    n = rm.grid.n_slots
    out: dict[tuple[str, str], np.ndarray] = defaultdict(lambda: np.zeros(n, dtype=np.int64))
    agents = {a.id: a for a in rm.problem.agents}
    given = [(agents.get(s.agent_id), s) for s in rm.problem.previous_shifts]
    for agent, s in given:
        span = rm.grid.slots_between(s.start, s.end)
        lo, hi = max(span.start, 0), min(span.stop, n)
        if agent is None or lo >= hi:
            continue
        if s.role is Role.PRIMARY:
            out[("primary", "*")][lo:hi] += 1
            for lang in agent.primary_languages:
                out[("primary", lang)][lo:hi] += 1
        else:
            for lang in agent.languages:
                out[("backup", lang)][lo:hi] += 1
    return out


def _speaks(rm: RosterModel, lang: str, role: int) -> np.ndarray:
    """Per candidate: does it count toward ``lang`` in this role?"""
    agents = rm.problem.agents
    if role == 0:
        ok = np.array([lang in a.primary_languages for a in agents], dtype=bool)
    else:
        ok = np.array([lang in a.languages for a in agents], dtype=bool)
    if len(ok) == 0:
        return np.zeros(len(rm.candidates), dtype=bool)
    return ok[rm.candidates.agent] & (rm.candidates.role == role)


def _counts(rm: RosterModel, members: np.ndarray, segs: list[tuple[int, int]]
            ) -> list[tuple[cp_model.LinearExprT, np.ndarray]]:
    """Per segment: (expression counting chosen ``members`` on duty, their indices).

    With running counts, segment g's count is a variable equal to the previous segment's count
    plus the shifts starting minus the shifts ending at its start: each shift enters 2 rows
    instead of one per segment it spans, a 4x smaller LP at 200 agents for the same relaxation.
    """
    c = rm.candidates
    out: list[tuple[cp_model.LinearExprT, np.ndarray]] = []
    previous: cp_model.LinearExprT = 0
    for lo, _hi in segs:
        idx = np.flatnonzero(members & (c.start <= lo) & (c.end > lo))
        starting = np.flatnonzero(members & (c.start == lo))
        ending = np.flatnonzero(members & (c.end == lo))
        if len(starting) == 0 and len(ending) == 0 and out:
            out.append((previous, idx))
            continue
        count = rm.model.new_int_var(0, len(idx), f"on_duty:{lo}")
        rm.model.add(count == previous + _sum([rm.x[i] for i in starting])
                     - _sum([rm.x[i] for i in ending]))
        rm.derive(count, idx, lambda n: n)
        out.append((count, idx))
        previous = count
    return out


def _cover_rows(
    rm: RosterModel, name: str, family: str, counts: list[tuple[cp_model.LinearExprT, np.ndarray]],
    required: np.ndarray, weights: np.ndarray, base_weight: int, carried: np.ndarray,
    segs: list[tuple[int, int]],
) -> None:
    """Soft rows: covered + under >= required, one under-variable per segment and required level."""
    if base_weight == 0 or not required.any():
        return
    term = rm.term(name, family)
    slot_hours = rm.grid.slot_minutes / 60  # weights are per missing agent-hour
    for (lo, hi), (expr, idx) in zip(segs, counts):
        need = required[lo:hi] - carried[lo:hi]
        if need.max() <= 0:
            continue
        for level in np.unique(need[need > 0]):
            at = need == level
            w = int(round(base_weight * slot_hours * float(weights[lo:hi][at].sum())))
            under = rm.model.new_int_var(0, int(level), f"under:{name}:{lo}:{level}")
            rm.model.add(expr + under >= int(level))
            rm.derive(under, idx, lambda count, need=int(level): max(0, need - count))
            term.add(under, w)


def min_online_24_7(rm: RosterModel, segs: list[tuple[int, int]],
                    counts: list[tuple[cp_model.LinearExprT, np.ndarray]],
                    carried: np.ndarray) -> None:
    """Platform policy: at least ``min_online`` agents on primary duty in every slot (hard).

    Bendable (``[rules] relaxable`` min_online): a priced slack per segment then lets a
    best-effort roster show the hours nobody can cover instead of no roster at all.
    """
    minimum = rm.problem.rules.min_online
    if minimum <= 0:
        return
    bendable = rm.bendable("min_online")
    per_slot = round(rm.problem.weights.breach * rm.grid.slot_minutes / 60)
    day_guards: dict = {}  # one assumption per planning day keeps explanations short
    for (lo, hi), (expr, idx) in zip(segs, counts):
        need = minimum - int(carried[lo:hi].min())
        if need <= 0:
            continue
        if bendable:
            hole = rm.breach("24/7 minimum online", str(lo), need, per_slot * (hi - lo))
            rm.derive(hole, idx, lambda n, need=need: max(0, need - n))
            rm.model.add(expr + hole >= need)
            continue
        day = rm.grid.planning_local[lo].date()
        if rm.use_guards and day not in day_guards:
            day_guards[day] = rm.guard("24/7 minimum online", _(
                "at least {count} agent(s) online").format(count=minimum) + _(DAY_MARK)
                + f"{day_label(day)} ({rm.grid.planning_zone.key})")
        lit = day_guards.get(day)
        ct = rm.model.add(expr >= need)
        if lit is not None:
            ct.only_enforce_if(lit)


def _periods(rm: RosterModel, segs: list[tuple[int, int]], carried: np.ndarray
             ) -> list[tuple[int, int, int]]:
    """(first slot, end slot, segment) runs inside segments where every language's loss curve
    and the carried-in agents are the same slot to slot: one split serves the whole run."""
    tables = [rm.loss.loss[lang] for lang in rm.loss.languages]
    out = []
    for g, (lo, hi) in enumerate(segs):
        start = lo
        for t in range(lo + 1, hi + 1):
            if t == hi or any(not np.array_equal(tb[:, t], tb[:, start]) for tb in tables) \
                    or not np.array_equal(carried[:, t], carried[:, start]):
                out.append((start, t, g))
                start = t
    return out


def _split(need: np.ndarray, singles: np.ndarray, multi: list[tuple[int, tuple[int, ...], int]]
           ) -> dict[tuple[int, int], int]:
    """Agents of multi-language groups per (group, language) so that each language gets
    ``need`` minus what its single-language groups give (a small max-flow; Hall's condition,
    which the split kept, guarantees it exists)."""
    residual = np.maximum(need - singles, 0).astype(np.int64)
    cap = {g: c for g, _langs, c in multi}
    langs_of = {g: ls for g, ls, _cap in multi}
    flow: dict[tuple[int, int], int] = {}
    for target in np.flatnonzero(residual):
        for _unit in range(int(residual[target])):
            # BFS over (group -> language it already serves -> another group ...) paths
            parent: dict[object, object] = {}
            frontier = [("l", int(target))]
            seen = {("l", int(target))}
            found = None
            while frontier and found is None:
                nxt = []
                for kind, node in frontier:
                    if kind == "l":
                        for g in (g for g, ls in langs_of.items() if node in ls):
                            if ("g", g) not in seen:
                                seen.add(("g", g))
                                parent[("g", g)] = (kind, node)
                                if cap[g] > 0:
                                    found = ("g", g)
                                    break
                                nxt.append(("g", g))
                    else:
                        for lang in langs_of[node]:
                            if flow.get((node, lang), 0) > 0 and ("l", lang) not in seen:
                                seen.add(("l", lang))
                                parent[("l", lang)] = (kind, node)
                                nxt.append(("l", lang))
                    if found is not None:
                        break
                frontier = nxt
            if found is None:
                break
            cap[found[1]] -= 1
            node = found
            while node != ("l", int(target)):
                up = parent[node]
                g, lang = node[1], up[1]
                if node[0] == "g":  # group g takes language `lang` (one more)
                    flow[(g, lang)] = flow.get((g, lang), 0) + 1
                else:  # group up[1] gives up language node[1]
                    flow[(up[1], node[1])] -= 1
                node = up
    return flow


def _straight_runs(curve: np.ndarray) -> list[tuple[int, int, int]]:
    """(first agent, how many, points each saves) for the runs of equal savings of a convex,
    non-increasing loss curve, while agents still save something."""
    runs: list[tuple[int, int, int]] = []
    for k in range(len(curve) - 1):
        saved = int(curve[k] - curve[k + 1])
        if saved <= 0:
            break
        if runs and runs[-1][2] == saved:
            first, count, _ = runs[-1]
            runs[-1] = (first, count + 1, saved)
        else:
            runs.append((k, 1, saved))
    return runs


def language_desks(rm: RosterModel, segs: list[tuple[int, int]]) -> None:
    """The team's goal on the language split (``scheduler/queues.py``): per run of identical
    slots, group counts -> agents per language -> the convex loss of each queue."""
    loss = rm.loss
    if loss is None or not loss.languages:
        return
    c = rm.candidates
    langs = loss.languages
    groups, of_agent = skill_groups(rm.problem, langs)
    if not groups:
        return
    lang_pos = {lang: i for i, lang in enumerate(langs)}
    group_langs = [tuple(lang_pos[x] for x in g) for g in groups]
    cand_group = np.where(c.role == 0, of_agent[c.agent], -1)
    carried = group_counts(rm.problem, rm.grid, [], of_agent, len(groups))
    counts = [_counts(rm, cand_group == g, segs) for g in range(len(groups))]
    periods = _periods(rm, segs, carried)
    term = rm.term("language desks: " + ("contacts answered late" if loss.goal == "service"
                                         else "agent-hours below requirement"), "under-coverage")
    block: list[cp_model.IntVar] = []
    plan: list[tuple[int, int, list]] = []  # (period start, end, [(kind, var, data)])

    for lo, hi, seg in periods:
        curves = {i: loss.loss[lang][:, lo] * (hi - lo) for i, lang in enumerate(langs)}
        curves = {i: cv for i, cv in curves.items() if cv.max() > cv.min() or cv.min() > 0}
        if not curves:
            continue
        cap = [counts[g][seg][0] + int(carried[g, lo]) for g in range(len(groups))]
        top = [len(counts[g][seg][1]) + int(carried[g, lo]) for g in range(len(groups))]
        items: list = []
        served: dict[int, list] = {i: [] for i in curves}
        for g, gl in enumerate(group_langs):
            wanted = [i for i in gl if i in curves]
            if not wanted or top[g] == 0:
                continue
            if len(gl) == 1:
                served[wanted[0]].append(cap[g])
                continue
            zs = []
            for i in wanted:
                z = rm.model.new_int_var(0, top[g], f"desk:{lo}:{g}:{langs[i]}")
                served[i].append(z)
                zs.append(z)
                items.append(("z", z, (g, i)))
            rm.model.add(_sum(zs) <= cap[g])
        for i, curve in curves.items():
            # loss(n) = curve[0] - what the first n agents save; the savings shrink (the curve
            # is convex), so the LP takes them in order. Agents saving the same (a straight
            # stretch of the curve, common for big queues) share one integer variable.
            term.constant += int(curve[0])
            steps = []
            for first, count, saved in _straight_runs(curve):
                step = rm.model.new_int_var(0, count, f"answer:{langs[i]}:{lo}:{first}")
                term.add(step, -saved)
                steps.append(step)
                items.append(("step", step, (i, first, count)))
            if steps:
                rm.model.add(_sum(steps) <= _sum(served[i]))
        block += [v for _, v, _ in items]
        plan.append((lo, hi, items))

    single = np.array([len(gl) == 1 for gl in group_langs])

    def values(x: np.ndarray) -> np.ndarray:
        """The split of the chosen roster (queues.allocate) as values of the block's variables."""
        on = np.zeros((len(groups), rm.grid.n_slots + 1), dtype=np.int64)
        chosen = np.flatnonzero((x > 0) & (cand_group >= 0))
        hi_ = np.minimum(c.end[chosen], rm.grid.n_slots)
        np.add.at(on, (cand_group[chosen], c.start[chosen]), 1)
        np.add.at(on, (cand_group[chosen], hi_), -1)
        group_on = np.cumsum(on, axis=1)[:, :-1] + carried
        n = allocate(loss, groups, group_on)
        out: list[int] = []
        for lo, hi, items in plan:
            need = n[:, lo]
            singles = np.zeros(len(langs), dtype=np.int64)
            for g in np.flatnonzero(single):
                singles[group_langs[g][0]] += group_on[g, lo]
            multi = [(g, group_langs[g], int(group_on[g, lo])) for g in np.flatnonzero(~single)]
            flow = _split(need, singles, multi)
            for kind, _var, data in items:
                if kind == "z":
                    out.append(flow.get(data, 0))
                else:  # agents beyond `first` answering the language, up to the run's length
                    lang, first, count = data
                    out.append(min(max(int(need[lang]) - first, 0), count))
        return np.array(out, dtype=np.int64)

    rm.derive_block(block, values)


def add_all(rm: RosterModel) -> None:
    segs = segments(rm)
    carried = carry_in(rm)
    req = rm.requirements
    weights = rm.problem.weights
    heads = _counts(rm, rm.candidates.role == 0, segs)
    min_online_24_7(rm, segs, heads, carried[("primary", "*")])
    language_desks(rm, segs)
    for lang in req.languages:
        key = ("backup", lang)
        if weights.under_backup == 0 or not (req.backup[lang] - carried[key]).clip(min=0).any():
            continue
        counts = _counts(rm, _speaks(rm, lang, 1), segs)
        _cover_rows(rm, f"backup {lang}", "backup under-coverage", counts, req.backup[lang],
                    req.weight[lang], weights.under_backup, carried[key], segs)
