"""One simulated week of chats, agents and overload alerts (SimPy discrete-event simulation).

What happens, and why each piece is here (Erlang C assumes none of it):

* **Arrivals**: inquiries per slot and language are Poisson with the forecast's mean, spread
  uniformly in the slot (a Poisson process with a piecewise-constant rate); the chatbot resolves
  each one with the queue's bot share, the rest reach agents.
* **Handle time**: each human chat draws a category (its share of the human mix) and a solo
  handle time around that category's mean (exponential, or lognormal with a chosen spread).
* **Concurrency**: an agent holds up to ⌊concurrency⌋ chats. With k chats open each advances at
  f(k)/k of solo speed (``workload.EFFICIENCY``: 2 chats → 1.7 chats' worth of work), so handle
  time grows with concurrency exactly as the staffing maths assumes.
* **Routing**: one first-in-first-out queue per language. A new chat goes to the free agent who
  speaks it holding the fewest chats; an agent with a free chat window takes the longest-waiting
  chat in any language they serve (skills-based routing, bilingual agents pooled).
* **Duty**: primary shifts answer their primary languages; shrinkage is random breaks of
  ``break_minutes`` (one per equal part of the shift) during which no new chat is taken; chats
  already open are finished, also past a shift's end.
* **Patience**: a waiting chat gives up after an exponential patience (never with ``inf``).
* **Overload**: when more than ``alert_waiting`` chats wait in a language and the oldest has
  waited over ``alert_wait_s``, every on-call backup who speaks it (primary or backup
  languages) is summoned; they answer after ``backup_delay_s`` and leave when the queue has been
  empty for ``calm_s`` or their backup shift ends.

The caller passes plain arrays and intervals (``WeekInput``), so the model knows nothing about
team folders; ``scheduler.simulation.inputs`` builds them from a roster.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Generator
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
import simpy

from scheduler.staffing.settings import StaffingSettings
from scheduler.staffing.workload import concurrency_efficiency

__all__ = ["QueueInput", "Duty", "WeekInput", "LanguageCounters", "RunCounters", "simulate_week"]

_DONE = 1e-6  # solo-seconds of work left that count as finished (float noise)
_Process = Generator[simpy.Event, Any, None]  # a SimPy process body


@dataclass(frozen=True)
class QueueInput:
    """One language queue: expected inquiries per slot, the share that reaches a human, and the
    handle-time mix of the human chats as (category, share, mean solo seconds)."""

    language: str
    inquiries: np.ndarray
    human_share: float
    categories: tuple[tuple[str, float, float], ...]


@dataclass(frozen=True)
class Duty:
    """One shift in seconds from the week's start; ``languages`` are the queues it may answer."""

    agent_id: str
    backup: bool
    start_s: float
    end_s: float
    languages: tuple[str, ...]


@dataclass(frozen=True)
class WeekInput:
    slot_s: float
    n_slots: int
    queues: tuple[QueueInput, ...]
    duties: tuple[Duty, ...]

    @property
    def week_s(self) -> float:
        return self.slot_s * self.n_slots


@dataclass
class LanguageCounters:
    """What happened to one language's contacts in one run (per-slot arrays by arrival slot)."""

    arrivals: np.ndarray
    in_target: np.ndarray
    abandoned: np.ndarray  # gave up waiting
    inquiries: int = 0
    bot_resolved: int = 0
    answered: int = 0
    wait_s: float = 0.0  # summed over answered chats
    by_backup: int = 0  # answered by a summoned backup
    by_pooled: int = 0  # answered by an agent serving several languages at that moment
    busy_pickup: int = 0  # picked up by an agent already in another chat
    break_gap: int = 0  # arrived while every agent on shift for it was on a break
    nobody: int = 0  # arrived while nobody speaking it was on shift
    carried_over: int = 0  # arrived behind a chat left waiting from an earlier slot
    alerts: int = 0
    offered_s: float = 0.0  # solo handle time of every human contact
    shed_s: float = 0.0  # ... of those who gave up while agents answered the language
    handle_s: float = 0.0  # pickup to finish, summed over finished chats
    solo_s: float = 0.0  # the same chats' handle time had each been alone

    @property
    def contacts(self) -> int:
        return int(self.arrivals.sum())


@dataclass
class RunCounters:
    languages: dict[str, LanguageCounters]
    duty_s: float = 0.0  # primary agent-seconds rostered inside the week
    break_s: float = 0.0  # of which on a break
    backup_joins: int = 0
    backup_s: float = 0.0  # agent-seconds summoned backups were answering


class _Chat:
    __slots__ = ("lang", "t", "slot", "work", "left", "patience", "answered", "gone", "start")

    def __init__(self, lang: str, t: float, slot: int, work: float, patience: float) -> None:
        self.lang, self.t, self.slot, self.work, self.left = lang, t, slot, work, work
        self.patience = patience
        self.answered = self.gone = False
        self.start = 0.0


class _Agent:
    __slots__ = ("id", "primary", "serving", "chats", "last", "wake", "on_shift", "on_break",
                 "summoned", "backup")

    def __init__(self, agent_id: str, env: simpy.Environment) -> None:
        self.id = agent_id
        self.primary: tuple[str, ...] = ()  # languages of the current primary shift
        self.serving: tuple[str, ...] = ()  # languages taken now; () = takes no new chat
        self.chats: list[_Chat] = []
        self.last = 0.0
        self.wake = env.event()
        self.on_shift = self.on_break = self.summoned = self.backup = False


@dataclass(frozen=True)
class _Arrivals:
    """Every human chat of the run, sorted by arrival time."""

    t: np.ndarray
    slot: np.ndarray
    lang: np.ndarray
    work: np.ndarray
    patience: np.ndarray


class _Week:
    """The SimPy model of one week; ``run()`` returns its counters."""

    def __init__(self, data: WeekInput, settings: StaffingSettings, rng: np.random.Generator
                 ) -> None:
        self.data, self.rng = data, rng
        self.sim = settings.simulation
        self.target_s = settings.target_s
        self.shrinkage = settings.total_shrinkage
        self.cap = max(1, math.floor(settings.concurrency))
        self.speed = [0.0] + [concurrency_efficiency(k) / k for k in range(1, self.cap + 1)]
        self.env = simpy.Environment()
        self.langs = [q.language for q in data.queues]
        self.counters = RunCounters({lang: LanguageCounters(
            *(np.zeros(data.n_slots, dtype=np.int64) for _ in range(3))) for lang in self.langs})
        self.queue: dict[str, deque[_Chat]] = {lang: deque() for lang in self.langs}
        self.waiting = dict.fromkeys(self.langs, 0)
        self.last_waited = dict.fromkeys(self.langs, -math.inf)
        self.watching: set[str] = set()
        self.alerting: set[str] = set()
        self.online: dict[str, _Agent] = {}  # agents taking new chats, in a fixed order
        self.agents: dict[str, _Agent] = {}
        for d in data.duties:
            if d.agent_id not in self.agents:
                self.agents[d.agent_id] = _Agent(d.agent_id, self.env)
        self.on_call = [d for d in data.duties if d.backup]

    # ------------------------------------------------------------------ inputs drawn at random
    def _arrivals(self) -> _Arrivals:
        data, rng = self.data, self.rng
        parts = []
        for k, q in enumerate(data.queues):
            asked = rng.poisson(np.maximum(q.inquiries, 0.0))
            human = rng.binomial(asked, min(max(q.human_share, 0.0), 1.0))
            c = self.counters.languages[q.language]
            c.inquiries, c.bot_resolved = int(asked.sum()), int(asked.sum() - human.sum())
            slots = np.repeat(np.arange(data.n_slots), human)
            t = (slots + rng.random(slots.size)) * data.slot_s
            shares = np.array([s for _, s, _ in q.categories], dtype=np.float64)
            means = np.array([m for _, _, m in q.categories], dtype=np.float64)
            cat = rng.choice(len(means), size=slots.size, p=shares / shares.sum())
            parts.append((t, np.full(slots.size, k), means[cat] * self._spread(slots.size)))
        if not parts:  # a team without language queues: agents on duty, nobody writes
            parts.append((np.zeros(0), np.zeros(0, dtype=np.int64), np.zeros(0)))
        t = np.concatenate([p[0] for p in parts])
        order = np.argsort(t, kind="stable")
        t = t[order]
        patience = (np.full(t.size, math.inf) if math.isinf(self.sim.patience_s)
                    else rng.exponential(self.sim.patience_s, t.size))
        slot = np.minimum((t // data.slot_s).astype(np.int64), data.n_slots - 1)
        return _Arrivals(t, slot, np.concatenate([p[1] for p in parts])[order],
                         np.concatenate([p[2] for p in parts])[order], patience)

    def _spread(self, n: int) -> np.ndarray:
        """Handle-time multipliers with mean 1."""
        if self.sim.handle_time == "exponential":
            return self.rng.exponential(1.0, n)
        sigma2 = math.log1p(self.sim.handle_cv ** 2)
        return self.rng.lognormal(-sigma2 / 2, math.sqrt(sigma2), n)

    def _timetable(self) -> list[tuple[float, int, str, Duty]]:
        """Primary shifts and their random breaks as (time, order, what, duty)."""
        events: list[tuple[float, int, str, Duty]] = []
        week = self.data.week_s
        brk = self.sim.break_minutes * 60
        for d in self.data.duties:
            if d.backup:
                continue
            length = d.end_s - d.start_s
            inside = max(0.0, min(d.end_s, week) - max(d.start_s, 0.0))
            self.counters.duty_s += inside
            events += [(d.start_s, 1, "start", d), (d.end_s, 0, "end", d)]
            n = round(length * self.shrinkage / brk)
            part = length / n if n else 0.0
            for j in range(n):
                size = min(brk, part)
                begin = d.start_s + j * part + self.rng.random() * (part - size)
                self.counters.break_s += max(0.0, min(begin + size, week) - max(begin, 0.0))
                events += [(begin, 2, "break", d), (begin + size, 2, "back", d)]
        events.sort(key=lambda e: (e[0], e[1]))
        return events

    # ------------------------------------------------------------------ processes
    def run(self) -> RunCounters:
        arrivals = self._arrivals()
        self.env.process(self._roster(self._timetable()))
        self.env.process(self._arrive_all(arrivals))
        for agent in self.agents.values():
            self.env.process(self._work(agent))
        self.env.run()
        return self.counters

    def _roster(self, events: list[tuple[float, int, str, Duty]]) -> _Process:
        env = self.env
        for t, _, what, duty in events:
            if t > env.now:
                yield env.timeout(t - env.now)
            agent = self.agents[duty.agent_id]
            if what == "start":
                agent.on_shift, agent.on_break, agent.primary = True, False, duty.languages
            elif what == "end":
                agent.on_shift = agent.on_break = False
            else:
                agent.on_break = what == "break"
            self._refresh(agent)

    def _arrive_all(self, a: _Arrivals) -> _Process:
        env = self.env
        for i in range(a.t.size):
            if a.t[i] > env.now:
                yield env.timeout(a.t[i] - env.now)
            self._arrive(_Chat(self.langs[a.lang[i]], float(a.t[i]), int(a.slot[i]),
                               float(a.work[i]), float(a.patience[i])))

    def _work(self, agent: _Agent) -> _Process:
        """Processor sharing: k open chats each advance at f(k)/k solo-seconds per second."""
        env = self.env
        while True:
            if not agent.chats:
                agent.wake = env.event()
                yield agent.wake
                continue
            self._advance(agent)
            rate = self.speed[len(agent.chats)]
            agent.wake = env.event()
            yield env.timeout(min(c.left for c in agent.chats) / rate) | agent.wake
            self._advance(agent)
            done = [c for c in agent.chats if c.left <= _DONE]
            if done:
                agent.chats = [c for c in agent.chats if c.left > _DONE]
                for c in done:
                    lc = self.counters.languages[c.lang]
                    lc.handle_s += env.now - c.start
                    lc.solo_s += c.work
                self._pull(agent)

    def _advance(self, agent: _Agent) -> None:
        elapsed = self.env.now - agent.last
        if elapsed > 0 and agent.chats:
            step = elapsed * self.speed[len(agent.chats)]
            for c in agent.chats:
                c.left -= step
        agent.last = self.env.now

    # ------------------------------------------------------------------ routing
    def _refresh(self, agent: _Agent) -> None:
        """Take new chats or stop taking them, after a shift, break or summons changed."""
        if agent.backup:
            return
        if agent.on_shift and not agent.on_break:
            agent.serving = agent.primary
            self.online[agent.id] = agent
            self._pull(agent)
        else:
            agent.serving = ()
            self.online.pop(agent.id, None)

    def _arrive(self, chat: _Chat) -> None:
        lc = self.counters.languages[chat.lang]
        lc.arrivals[chat.slot] += 1
        lc.offered_s += chat.work
        best: _Agent | None = None
        for agent in self.online.values():
            if chat.lang in agent.serving and len(agent.chats) < self.cap and (
                    best is None or (len(agent.chats), len(agent.serving))
                    < (len(best.chats), len(best.serving))):
                best = agent
        if best is not None:
            self._assign(chat, best)
            return
        if not any(chat.lang in a.primary for a in self.agents.values() if a.on_shift):
            lc.nobody += 1
        elif not any(chat.lang in a.serving for a in self.online.values()):
            lc.break_gap += 1
        head = self._head(chat.lang)
        if head is not None and head.slot < chat.slot:
            lc.carried_over += 1
        self.queue[chat.lang].append(chat)
        self.waiting[chat.lang] += 1
        self.last_waited[chat.lang] = self.env.now
        if math.isfinite(chat.patience):
            self.env.timeout(chat.patience).callbacks.append(partial(self._give_up, chat))
        if (self.waiting[chat.lang] > self.sim.alert_waiting and chat.lang not in self.watching
                and chat.lang not in self.alerting):
            self.watching.add(chat.lang)
            self.env.process(self._watch(chat.lang))

    def _head(self, lang: str) -> _Chat | None:
        q = self.queue[lang]
        while q and (q[0].gone or q[0].answered):
            q.popleft()
        return q[0] if q else None

    def _pull(self, agent: _Agent) -> None:
        """Fill the agent's free chat windows with the longest-waiting chats they speak."""
        while len(agent.chats) < self.cap and agent.serving:
            oldest: _Chat | None = None
            for lang in agent.serving:
                head = self._head(lang)
                if head is not None and (oldest is None or head.t < oldest.t):
                    oldest = head
            if oldest is None:
                return
            self.queue[oldest.lang].popleft()
            self._left_queue(oldest.lang)
            self._assign(oldest, agent)

    def _assign(self, chat: _Chat, agent: _Agent) -> None:
        now = self.env.now
        lc = self.counters.languages[chat.lang]
        chat.answered, chat.start = True, now
        lc.answered += 1
        lc.wait_s += now - chat.t
        if now - chat.t <= self.target_s + 1e-9:
            lc.in_target[chat.slot] += 1
        lc.busy_pickup += bool(agent.chats)
        lc.by_backup += agent.backup
        lc.by_pooled += len(agent.serving) > 1
        self._advance(agent)
        agent.chats.append(chat)
        if not agent.wake.triggered:
            agent.wake.succeed()

    def _give_up(self, chat: _Chat, _event: simpy.Event) -> None:
        if chat.answered or chat.gone:
            return
        chat.gone = True
        lc = self.counters.languages[chat.lang]
        lc.abandoned[chat.slot] += 1
        if any(chat.lang in a.serving for a in self.online.values()):
            lc.shed_s += chat.work
        self._left_queue(chat.lang)

    def _left_queue(self, lang: str) -> None:
        self.waiting[lang] -= 1
        self.last_waited[lang] = self.env.now
        if not self.waiting[lang]:
            self.alerting.discard(lang)

    # ------------------------------------------------------------------ overload and backups
    def _watch(self, lang: str) -> _Process:
        """Fire the alert once the oldest waiting chat passes ``alert_wait_s`` while the queue
        stays over the limit."""
        env = self.env
        while self.waiting[lang] > self.sim.alert_waiting:
            head = self._head(lang)
            assert head is not None
            due = head.t + self.sim.alert_wait_s
            if env.now >= due:
                self._alert(lang)
                break
            yield env.timeout(due - env.now)
        self.watching.discard(lang)

    def _alert(self, lang: str) -> None:
        self.alerting.add(lang)
        self.counters.languages[lang].alerts += 1
        now = self.env.now
        for duty in self.on_call:
            agent = self.agents[duty.agent_id]
            if (duty.start_s <= now < duty.end_s and lang in duty.languages
                    and not agent.summoned and not agent.on_shift):
                agent.summoned = True
                self.env.process(self._backup(agent, duty, lang))

    def _backup(self, agent: _Agent, duty: Duty, lang: str) -> _Process:
        env, sim = self.env, self.sim
        yield env.timeout(sim.backup_delay_s)
        if env.now < duty.end_s:
            joined = env.now
            agent.backup, agent.serving = True, duty.languages
            self.online[agent.id] = agent
            self.counters.backup_joins += 1
            self._pull(agent)
            while env.now < duty.end_s:
                yield env.timeout(min(sim.calm_s, duty.end_s - env.now))
                if not self.waiting[lang] and env.now - self.last_waited[lang] >= sim.calm_s:
                    break
            self.counters.backup_s += env.now - joined
            agent.backup, agent.serving = False, ()
            self.online.pop(agent.id, None)
        agent.summoned = False


def simulate_week(data: WeekInput, settings: StaffingSettings, rng: np.random.Generator
                  ) -> RunCounters:
    """One independent replication of the week (all randomness from ``rng``)."""
    return _Week(data, settings, rng).run()
