"""Why a simulated service level differs from Erlang C's prediction, from the runs' own counters.

Each reason is a mechanism the simulation has and Erlang C lacks, with the counter that shows
how much of it happened. Only reasons pointing the way of the difference are given (a better
simulated level is explained by what helps, a worse one by what hurts), strongest first, and
only when their counter is large enough to matter. The words are kept here, in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Evidence", "reasons", "duration_words"]

_MIN_SHARE = 0.01  # a mechanism touching under 1% of contacts explains no 3-point gap
_MIN_ROUTING_SHARE = 0.10  # pooling and concurrency act on many chats, a little each


@dataclass(frozen=True)
class Evidence:
    """Counters summed over all runs for one language (or all of them)."""

    contacts: int
    abandoned_elsewhere: int  # gave up in slots the prediction does not score as all missed
    shed: float  # share of the offered handle time that left with contacts who gave up
    by_backup: int
    by_pooled: int
    busy_pickup: int
    break_gap: int
    carried_over: int
    unstable: int  # contacts in slots the prediction scores 0% (fewer agents than load)
    unstable_in_target: int  # ... of which the simulation answered within target
    alerts: int
    backup_joins: int  # team-wide, all runs
    backup_hours: float  # team-wide, all runs
    runs: int
    patience_s: float
    break_minutes: float
    target_s: float
    slot_minutes: int


def duration_words(seconds: float) -> str:
    return f"{seconds / 60:g} min" if seconds % 60 == 0 else f"{seconds:g} s"


def _slots(minutes: int) -> str:
    return {30: "half-hours", 60: "hours"}.get(minutes, f"{minutes}-minute slots")


def reasons(e: Evidence, difference_points: float, limit: int = 3) -> list[str]:
    """Plain-words causes for a simulated-minus-predicted gap of ``difference_points``."""
    if e.contacts == 0 or difference_points == 0:
        return []

    def share(n: float) -> float:
        return n / e.contacts

    target = duration_words(e.target_s)
    found: list[tuple[float, str]] = []
    slots = _slots(e.slot_minutes)
    if difference_points > 0:
        if share(e.unstable_in_target) >= _MIN_SHARE / 2:  # measured in points: first
            found.append((1 + share(e.unstable_in_target), (
                f"{share(e.unstable):.0%} of contacts arrive in {slots} with fewer agents than "
                f"the load, which the prediction scores as all missed, yet "
                f"{e.unstable_in_target / e.unstable:.0%} of those were answered within "
                f"{target} (+{100 * share(e.unstable_in_target):.1f} points): queues take time "
                "to build")))
        if share(e.by_backup) >= _MIN_SHARE / 2:
            found.append((share(e.by_backup), (
                f"backups summoned by {e.alerts / e.runs:.1f} overload alert(s) a week "
                f"answered {share(e.by_backup):.1%} of contacts (team-wide "
                f"{e.backup_hours / e.runs:.1f} agent-hours a week); the prediction counts "
                "backups as cost only")))
        if e.shed >= _MIN_SHARE:
            found.append((e.shed, (
                f"contacts who gave up took {e.shed:.1%} of the handle time with them, "
                "shortening the wait of those behind; Erlang C keeps everyone in the queue")))
        if share(e.by_pooled) >= _MIN_ROUTING_SHARE:
            found.append((share(e.by_pooled) / 10, (
                f"{share(e.by_pooled):.0%} of contacts were answered by agents serving several "
                "languages, who take the longest-waiting chat of any of them; the prediction "
                "splits such agents between queues")))
        if share(e.busy_pickup) >= _MIN_ROUTING_SHARE:
            found.append((share(e.busy_pickup) / 10, (
                f"{share(e.busy_pickup):.0%} of contacts were picked up by an agent already in "
                "a chat: a free chat window answers at once, where Erlang C waits for a whole "
                "agent")))
    else:
        if share(e.break_gap) >= _MIN_SHARE:
            found.append((share(e.break_gap), (
                f"{share(e.break_gap):.1%} of contacts arrived while everyone on shift for the "
                f"language was on a break ({e.break_minutes:g}-minute breaks at random times); "
                "the prediction assumes colleagues cover staggered breaks")))
        if share(e.abandoned_elsewhere) >= _MIN_SHARE:
            found.append((share(e.abandoned_elsewhere), (
                f"{share(e.abandoned_elsewhere):.1%} of contacts gave up waiting (mean patience "
                f"{duration_words(e.patience_s)}) in {slots} the prediction scores as partly "
                "answered; Erlang C lets nobody leave")))
        if share(e.carried_over) >= _MIN_SHARE:
            found.append((share(e.carried_over), (
                f"{share(e.carried_over):.1%} of contacts queued behind chats left waiting from "
                f"earlier {slots}; Erlang C starts each with an empty queue")))
    found.sort(key=lambda item: -item[0])
    return [text for _, text in found[:limit]]
