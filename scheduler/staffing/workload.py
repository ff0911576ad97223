"""From inquiries to the human workload an agent queue sees: bot deflection and chat concurrency.

Two adjustments sit between "inquiries forecast" and "Erlangs offered to the agents":

* the chatbot resolves a share of each category (logistics tracking a lot, disputes little), so
  human contacts = Σ_category inquiries × share × (1 − deflection), and the surviving mix sets
  the average handle time (after-sales chats are long);
* an agent handles several chats at once. The industry rule of thumb (staffing-and-rules.md)
  divides chat AHT by an efficiency factor f(c) below the concurrency c (1, 1.7, 2.5, 2.9, 3.5),
  because handle time grows with concurrency. Dividing AHT keeps Erlang C usable unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from scheduler.staffing.settings import DEFAULT_MIX, StaffingSettings

__all__ = [
    "EFFICIENCY",
    "concurrency_efficiency",
    "effective_aht",
    "deflected_share",
    "human_mix",
    "QueueWorkload",
    "queue_workload",
]

#: concurrency -> efficiency factor (rule of thumb quoted in staffing-and-rules.md)
EFFICIENCY: dict[int, float] = {1: 1.0, 2: 1.7, 3: 2.5, 4: 2.9, 5: 3.5}


def concurrency_efficiency(concurrency: float) -> float:
    """Efficiency factor f(c), linearly interpolated between the tabulated integers."""
    if not 1 <= concurrency <= max(EFFICIENCY):
        raise ValueError(f"concurrency must be between 1 and {max(EFFICIENCY)}")
    lo = int(np.floor(concurrency))
    if lo == concurrency or lo == max(EFFICIENCY):
        return EFFICIENCY[lo]
    frac = concurrency - lo
    return EFFICIENCY[lo] * (1 - frac) + EFFICIENCY[lo + 1] * frac


def effective_aht(aht_s: float, concurrency: float) -> float:
    """Seconds of one agent's capacity a chat consumes when ``concurrency`` run in parallel."""
    if aht_s <= 0:
        raise ValueError("handle time must be positive")
    return aht_s / concurrency_efficiency(concurrency)


def deflected_share(mix: Mapping[str, float], deflection: Mapping[str, float]) -> float:
    """Share of all inquiries the bot resolves, given the category mix."""
    total = sum(mix.values())
    if total <= 0:
        return 0.0
    return sum(share * deflection.get(cat, 0.0) for cat, share in mix.items()) / total


def human_mix(mix: Mapping[str, float], deflection: Mapping[str, float]) -> dict[str, float]:
    """Per category, the share of all inquiries that reaches a human: share × (1 − deflection).
    The values sum to the human share; the service report and the simulation both use it."""
    total = sum(mix.values())
    if total <= 0:
        return {}
    return {c: s / total * (1 - deflection.get(c, 0.0)) for c, s in mix.items()}


@dataclass(frozen=True)
class QueueWorkload:
    """One language queue's human contacts per slot and the agent-seconds each one costs."""

    language: str
    human_contacts: np.ndarray  # per slot, after deflection
    aht_s: float  # raw chat handle time of the human mix (what a report shows)
    effective_aht_s: float  # divided by the concurrency efficiency (what Erlang uses)
    deflected: float  # share of inquiries the bot resolved

    def load(self, slot_s: float) -> np.ndarray:
        """Offered load in Erlangs per slot."""
        return self.human_contacts / slot_s * self.effective_aht_s


def queue_workload(
    language: str,
    inquiries: np.ndarray,
    settings: StaffingSettings,
    mix: Mapping[str, float] | None = None,
    aht_by_category: Mapping[str, float] | None = None,
) -> QueueWorkload:
    """Apply deflection per category and concurrency to a language's inquiry forecast.

    ``mix`` and ``aht_by_category`` come from the history when it has them; otherwise the seller
    guides' mix and the settings' handle times are used. A language factor (e.g. translation
    help for Arabic) scales the handle time.
    """
    mix = dict(mix) if mix else dict(DEFAULT_MIX)
    total = sum(mix.values())
    if total <= 0:
        raise ValueError(f"category mix of '{language}' is empty")
    ahts = {**settings.aht_s, **(aht_by_category or {})}
    human_weight = human_mix(mix, settings.deflection)
    human_share = sum(human_weight.values())
    fallback = ahts.get("other", sum(ahts.values()) / len(ahts))
    if human_share > 0:
        aht = sum(w * ahts.get(c, fallback) for c, w in human_weight.items()) / human_share
    else:
        aht = fallback
    aht *= settings.language_aht_factor.get(language, 1.0)
    contacts = np.asarray(inquiries, dtype=np.float64) * human_share
    return QueueWorkload(
        language=language,
        human_contacts=contacts,
        aht_s=aht,
        effective_aht_s=effective_aht(aht, settings.concurrency),
        deflected=1.0 - human_share,
    )
