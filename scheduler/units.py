"""Numbers as a manager reads them: money with its currency, hours, shares, and the service
headline every surface shows (terminal, kpis.json, app, service report).

Kept in one place so the same figure never reads two ways, and so a later translation only
has to swap the locale (Babel formats currency and percent per locale).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from babel.numbers import format_currency, format_decimal, format_percent

__all__ = ["money", "hours", "share", "service_headline", "DEFAULT_LOCALE"]

DEFAULT_LOCALE = "en"


def money(amount: float, currency: str, locale: str = DEFAULT_LOCALE) -> str:
    """¥103,496 / CN¥103,496 / €1,234: whole units, the currency's own sign for the locale."""
    return format_currency(amount, currency, locale=locale, format="¤#,##0",
                           currency_digits=False)


def hours(value: float, locale: str = DEFAULT_LOCALE) -> str:
    return f"{format_decimal(round(value, 1), locale=locale)} h"


def share(value: float, locale: str = DEFAULT_LOCALE, digits: int = 1) -> str:
    return format_percent(value, locale=locale, format="#,##0." + "0" * digits + "%" if digits
                          else "#,##0%")


def _verdict(value: float, target: float) -> str:
    return "met" if value >= target - 1e-9 else f"missed by {(target - value) * 100:.1f} points"


def service_headline(summary: dict[str, Any], locale: str = DEFAULT_LOCALE) -> list[str]:
    """The service report's summary in a few lines: overall, per language, per day, cost."""
    target = summary["target_share"]
    minutes = summary["target_seconds"] / 60
    within = f"{minutes:g} min" if minutes >= 1 else f"{summary['target_seconds']:g} s"
    lines = [
        f"Predicted service: {share(summary['frt_attainment'], locale)} of "
        f"{format_decimal(round(summary['contacts']), locale=locale)} human contacts answered "
        f"within {within} (target {share(target, locale, 0)}: "
        f"{_verdict(summary['frt_attainment'], target)}); "
        f"{share(summary['waiting_over_10_min'], locale)} wait over 10 min "
        f"(load: {summary['load_source']})",
    ]
    langs = sorted(summary["per_language"].items(), key=lambda kv: kv[1]["attainment"])
    lines.append("By language: " + ", ".join(
        f"{lang} {share(v['attainment'], locale, 0)} "
        f"{'✓' if v['attainment'] >= target - 1e-9 else '✗'}"
        + (f" ({hours(v['hours_below_target'], locale)} below target)"
           if v["hours_below_target"] else "")
        for lang, v in langs if v["contacts"] > 0))
    days = summary.get("per_day", {})
    lines.append("By day: " + ", ".join(
        f"{dt.date.fromisoformat(day):%a} {share(v['attainment'], locale, 0)} "
        f"{'✓' if v['attainment'] >= target - 1e-9 else '✗'}"
        for day, v in days.items() if v["contacts"] > 0))
    lines.append(
        f"Paid: {hours(summary['paid_hours_primary'], locale)} answering + "
        f"{hours(summary['paid_hours_backup'], locale)} on call, "
        f"{money(summary['cost'], summary['currency'], locale)} ({summary['currency']}, night "
        "premium included)")
    return lines
