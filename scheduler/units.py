"""Numbers as a manager reads them: money with its currency, hours, shares, and the service
headline every surface shows (terminal, kpis.json, app, service report).

Kept in one place so the same figure never reads two ways. Every function formats in the active
language (``scheduler.i18n``) unless given a ``locale``: Babel writes currency and percent the
way that locale does (¥103,496 in Chinese, CN¥103,496 in English).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from babel.numbers import format_currency, format_decimal, format_percent

from scheduler.formats import weekday
from scheduler.i18n import _, babel_locale

__all__ = ["money", "signed_money", "number", "hours", "signed_hours", "share", "points",
           "duration", "target_text", "service_headline"]


def money(amount: float, currency: str, locale: str | None = None) -> str:
    """¥103,496 / CN¥103,496 / €1,234: whole units, the currency's own sign for the locale."""
    return format_currency(amount, currency, locale=locale or babel_locale(),
                           format="¤#,##0", currency_digits=False)


def signed_money(amount: float, currency: str, locale: str | None = None) -> str:
    """+¥1,200 / -¥300: a change of money."""
    return ("+" if amount >= 0 else "-") + money(abs(amount), currency, locale)


def number(value: float, locale: str | None = None, digits: int = 1) -> str:
    """1,234.5 with the locale's separators, at most ``digits`` decimals."""
    return format_decimal(round(value, digits), locale=locale or babel_locale())


def hours(value: float, locale: str | None = None) -> str:
    """'12.5 h' / '12.5 小时'."""
    return _("{hours} h").format(hours=number(value, locale))


def signed_hours(value: float, locale: str | None = None) -> str:
    """'+3.5 h' / '-2 h': a change of hours."""
    return ("+" if value >= 0 else "-") + hours(abs(value), locale)


def share(value: float, locale: str | None = None, digits: int = 1) -> str:
    """0.853 -> '85.3%'."""
    return format_percent(value, locale=locale or babel_locale(),
                          format="#,##0." + "0" * digits + "%" if digits else "#,##0%")


def points(value: float) -> str:
    """A change of a share in percentage points: 0.021 -> '+2.1 pts' / '+2.1 个百分点'."""
    return _("{points} pts").format(points=f"{value * 100:+.1f}")


def duration(seconds: float) -> str:
    """180 -> '3 min' / '3 分钟'; under a minute in seconds."""
    if seconds >= 60:
        return _("{minutes} min").format(minutes=f"{seconds / 60:g}")
    return _("{seconds} s").format(seconds=f"{seconds:g}")


def target_text(summary: dict[str, Any]) -> str:
    """The service target of a service-report summary: '80% within 3 min' / '3 分钟内 80%'."""
    return _("{share} within {time}").format(share=share(summary["target_share"], digits=0),
                                             time=duration(summary["target_seconds"]))


def _verdict(value: float, target: float) -> str:
    if value >= target - 1e-9:
        return _("met")
    return _("missed by {points} points").format(points=f"{(target - value) * 100:.1f}")


def service_headline(summary: dict[str, Any], locale: str | None = None) -> list[str]:
    """The service report's summary in a few lines: overall, per language, per day, cost."""
    target = summary["target_share"]
    mark = {True: "✓", False: "✗"}
    lines = [_(
        "Predicted service: {share} of {contacts} human contacts answered within {time} "
        "(target {target}: {verdict}); {waiting} wait over 10 min (load: {load})").format(
        share=share(summary["frt_attainment"], locale),
        contacts=number(summary["contacts"], locale, 0),
        time=duration(summary["target_seconds"]), target=share(target, locale, 0),
        verdict=_verdict(summary["frt_attainment"], target),
        waiting=share(summary["waiting_over_10_min"], locale),
        load=_(summary["load_source"]))]
    langs = sorted(summary["per_language"].items(), key=lambda kv: kv[1]["attainment"])
    parts = []
    for lang, v in langs:
        if v["contacts"] <= 0:
            continue
        met = v["attainment"] >= target - 1e-9
        part = f"{lang} {share(v['attainment'], locale, 0)} {mark[met]}"
        if v["hours_below_target"]:
            part = _("{language} ({hours} below target)").format(
                language=part, hours=hours(v["hours_below_target"], locale))
        parts.append(part)
    lines.append(_("By language: {languages}").format(languages=_(", ").join(parts)))
    days = summary.get("per_day", {})
    lines.append(_("By day: {days}").format(days=_(", ").join(
        f"{weekday(dt.date.fromisoformat(day))} {share(v['attainment'], locale, 0)} "
        f"{mark[v['attainment'] >= target - 1e-9]}"
        for day, v in days.items() if v["contacts"] > 0)))
    lines.append(_(
        "Paid: {answering} answering + {on_call} on call, {cost} ({currency}, night premium "
        "included)").format(
        answering=hours(summary["paid_hours_primary"], locale),
        on_call=hours(summary["paid_hours_backup"], locale),
        cost=money(summary["cost"], summary["currency"], locale), currency=summary["currency"]))
    return lines
