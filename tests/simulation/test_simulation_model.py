"""The SimPy week on toy queues: queueing theory where it applies, each mechanism on its own."""

from __future__ import annotations

import math

import numpy as np
import pytest

from scheduler.simulation.model import Duty, QueueInput, RunCounters, WeekInput, simulate_week
from scheduler.simulation.results import mean_ci, replicate
from scheduler.staffing.erlang import erlang_a, service_level
from scheduler.staffing.settings import SimulationSettings, StaffingSettings

SLOT = 1800.0
AHT = 300.0
HOUR = 3600.0


def queue(per_slot: float | np.ndarray, n_slots: int, lang: str = "en", human: float = 1.0,
          aht: float = AHT) -> QueueInput:
    rate = np.broadcast_to(np.asarray(per_slot, dtype=np.float64), (n_slots,)).copy()
    return QueueInput(lang, rate, human, (("all", 1.0, aht),))


def duty(i: int, start_h: float, end_h: float, langs: tuple[str, ...] = ("en",),
         backup: bool = False) -> Duty:
    return Duty(f"{'B' if backup else 'A'}{i}", backup, start_h * HOUR, end_h * HOUR, langs)


def settings(concurrency: float = 1, shrinkage: dict[str, float] | None = None,
             **simulation: float) -> StaffingSettings:
    return StaffingSettings(concurrency=concurrency, shrinkage=shrinkage or {},
                            simulation=SimulationSettings(**simulation))


def share(runs: list[RunCounters], lang: str = "en", what: str = "in_target") -> list[float]:
    return [getattr(r.languages[lang], what).sum() / r.languages[lang].arrivals.sum()
            for r in runs]


def test_same_seed_same_week_other_seed_other_week() -> None:
    data = WeekInput(SLOT, 48, (queue(20, 48), queue(8, 48, "es")),
                     tuple(duty(i, 0, 24, ("en", "es")) for i in range(4)))
    st = settings(concurrency=2, shrinkage={"breaks": 0.1}, patience_s=240)
    a, b = replicate(data, st, 3, seed=7), replicate(data, st, 3, seed=7)
    other = replicate(data, st, 3, seed=8)
    for x, y in zip(a, b):
        for lang in ("en", "es"):
            assert np.array_equal(x.languages[lang].in_target, y.languages[lang].in_target)
            assert x.languages[lang].wait_s == y.languages[lang].wait_s
        assert x.break_s == y.break_s
    assert [r.languages["en"].in_target.sum() for r in a] != \
        [r.languages["en"].in_target.sum() for r in other]
    assert a[0].languages["en"].contacts != a[1].languages["en"].contacts  # runs differ


def test_m_m_c_matches_erlang_c() -> None:
    """One language, constant arrivals, no abandonment, one chat at a time, no breaks: M/M/5
    at 4 Erlangs; the duties outlast the arrivals so the last contacts are answered too."""
    n_agents, load, days = 5, 4.0, 2
    n_slots = days * 48
    data = WeekInput(SLOT, n_slots, (queue(load / AHT * SLOT, n_slots),),
                     tuple(duty(i, 0, days * 24 + 2) for i in range(n_agents)))
    runs = replicate(data, settings(patience_s=math.inf), 40, seed=3)
    mean, low, high = mean_ci(share(runs))
    half = (high - low) / 2
    expected = service_level(n_agents, load, AHT, 180)
    assert half < 0.03  # sharp enough to catch a wrong model
    assert abs(mean - expected) <= 1.5 * half, (mean, low, high, expected)
    assert all(r.languages["en"].abandoned.sum() == 0 for r in runs)


def test_abandonment_lowers_waiting_and_matches_erlang_a() -> None:
    n_agents, load, n_slots = 5, 4.5, 96
    data = WeekInput(SLOT, n_slots, (queue(load / AHT * SLOT, n_slots),),
                     tuple(duty(i, 0, 50) for i in range(n_agents)))
    patient = replicate(data, settings(patience_s=math.inf), 20, seed=5)
    leaving = replicate(data, settings(patience_s=240), 20, seed=5)

    def wait(runs: list[RunCounters]) -> float:
        return sum(r.languages["en"].wait_s for r in runs) / sum(
            r.languages["en"].answered for r in runs)

    assert wait(leaving) < 0.5 * wait(patient)
    assert mean_ci(share(leaving))[0] > mean_ci(share(patient))[0]
    mean, low, high = mean_ci(share(leaving, what="abandoned"))
    expected = erlang_a(n_agents, load / AHT * SLOT, SLOT, AHT, 240).p_abandon
    assert abs(mean - expected) <= 1.5 * (high - low) / 2 + 1e-9, (mean, low, high, expected)


def test_backups_join_only_on_overload_within_their_shift() -> None:
    quiet = WeekInput(SLOT, 48, (queue(2, 48),),
                      (duty(0, 0, 24), duty(1, 0, 24, backup=True)))
    run = simulate_week(quiet, settings(patience_s=math.inf), np.random.default_rng(1))
    assert run.backup_joins == 0 and run.languages["en"].by_backup == 0
    assert run.languages["en"].alerts == 0

    # one agent for 30 contacts an hour (5 Erlangs) during the first 2 hours only
    rush = np.where(np.arange(48) < 4, 15.0, 0.0)
    busy = WeekInput(SLOT, 48, (queue(rush, 48),),
                     (duty(0, 0, 24), duty(1, 0, 24, backup=True)))
    run = simulate_week(busy, settings(patience_s=math.inf), np.random.default_rng(1))
    en = run.languages["en"]
    assert en.alerts >= 1 and run.backup_joins >= 1 and en.by_backup > 0
    assert run.backup_s < 8 * HOUR  # left once the queue calmed, long before the shift ended

    later = WeekInput(SLOT, 48, (queue(rush, 48),),
                      (duty(0, 0, 24), duty(1, 12, 20, backup=True)))
    run = simulate_week(later, settings(patience_s=math.inf), np.random.default_rng(1))
    assert run.languages["en"].alerts >= 1 and run.backup_joins == 0  # not on call then

    for rule in ({"alert_waiting": 10_000}, {"alert_wait_s": 12 * HOUR}):  # queue never so
        run = simulate_week(busy, settings(patience_s=math.inf, **rule),  # long / waits so long
                            np.random.default_rng(1))
        assert run.languages["en"].alerts == 0 and run.backup_joins == 0


def test_backup_answers_only_after_the_delay() -> None:
    """Nobody on primary duty: everything waits for the backup, who needs 30 min to come."""
    data = WeekInput(SLOT, 4, (queue(30, 4),), (duty(1, 0, 24, backup=True),))
    st = settings(patience_s=math.inf, alert_waiting=0, alert_wait_s=0, backup_delay_s=1800)
    run = simulate_week(data, st, np.random.default_rng(2))
    en = run.languages["en"]
    assert run.backup_joins == 1 and en.by_backup == en.answered > 0
    assert en.in_target[0] == 0  # first half-hour: nobody answers within 3 min
    assert en.nobody == en.contacts


def test_chats_go_only_to_agents_who_speak_them_and_bilinguals_pool() -> None:
    data = WeekInput(SLOT, 48, (queue(6, 48), queue(6, 48, "es")),
                     (duty(0, 0, 24, ("es",)), duty(1, 0, 24, ("es", "en"))))
    run = simulate_week(data, settings(patience_s=600), np.random.default_rng(4))
    en, es = run.languages["en"], run.languages["es"]
    assert en.by_pooled == en.answered > 0  # only the bilingual agent answers English
    assert 0 < es.by_pooled < es.answered
    alone = WeekInput(SLOT, 48, (queue(6, 48), queue(6, 48, "es")), (duty(0, 0, 24, ("es",)),))
    run = simulate_week(alone, settings(patience_s=600), np.random.default_rng(4))
    en = run.languages["en"]
    assert en.answered == 0 and en.nobody == en.contacts == en.abandoned.sum() > 0


def test_handle_time_grows_with_concurrency() -> None:
    data = WeekInput(SLOT, 48, (queue(18, 48),), (duty(0, 0, 30), duty(1, 0, 30)))
    run = simulate_week(data, settings(concurrency=2, patience_s=math.inf),
                        np.random.default_rng(6))
    en = run.languages["en"]
    ratio = en.handle_s / en.solo_s
    assert 1.05 < ratio <= 2 / 1.7 + 1e-9  # two chats at once: each at 1.7/2 of solo speed
    assert en.busy_pickup > 0
    solo = simulate_week(data, settings(concurrency=1, patience_s=math.inf),
                         np.random.default_rng(6))
    assert solo.languages["en"].handle_s == pytest.approx(solo.languages["en"].solo_s)
    assert solo.languages["en"].busy_pickup == 0


def test_breaks_take_the_shrinkage_share_and_leave_gaps() -> None:
    data = WeekInput(SLOT, 48, (queue(4, 48),), (duty(0, 0, 8), duty(1, 8, 16)))
    run = simulate_week(data, settings(shrinkage={"breaks": 0.25}, patience_s=600),
                        np.random.default_rng(8))
    assert run.break_s / run.duty_s == pytest.approx(0.25)
    assert run.languages["en"].break_gap > 0
    none = simulate_week(data, settings(patience_s=600), np.random.default_rng(8))
    assert none.break_s == 0 and none.languages["en"].break_gap == 0


def test_the_bot_resolves_its_share_before_agents_see_it() -> None:
    data = WeekInput(SLOT, 336, (queue(10, 336, human=0.4),), (duty(0, 0, 168),))
    run = simulate_week(data, settings(patience_s=600), np.random.default_rng(9))
    en = run.languages["en"]
    assert en.inquiries == pytest.approx(3360, rel=0.05)
    assert en.contacts == en.inquiries - en.bot_resolved
    assert en.contacts / en.inquiries == pytest.approx(0.4, abs=0.03)


@pytest.mark.parametrize("agents_at_30s, alert", [(8, False), (3, True)])
def test_alert_needs_more_than_five_waiting_when_the_oldest_passes_90s(agents_at_30s: int,
                                                                       alert: bool) -> None:
    """A burst of ~12 chats in the first 10 s; agents work from 30 s to 100 s on chats that
    take hours. With 8 of them at most 5 chats still wait at 90 s (no alert); with 3, more."""
    burst = np.zeros(60)
    burst[0] = 12
    data = WeekInput(10.0, 60, (queue(burst, 60, aht=36_000),),
                     tuple(Duty(f"A{i}", False, 30.0, 100.0, ("en",))
                           for i in range(agents_at_30s)))
    run = simulate_week(data, settings(patience_s=math.inf), np.random.default_rng(0))
    en = run.languages["en"]
    still_waiting = en.contacts - en.answered
    assert en.answered == agents_at_30s and 0 < still_waiting
    assert (still_waiting > 5) is alert  # the seed gives a burst where the two cases differ
    assert (en.alerts > 0) is alert
