"""Numbers as a manager reads them (scheduler/units.py): money with its currency, shares, and the
service headline with a verdict against the target."""

from scheduler.units import hours, money, service_headline, share


def test_money_has_the_currency_sign_and_no_cents():
    assert money(103496.4, "CNY") == "CN¥103,496"
    assert money(1234, "EUR") == "€1,234"
    assert money(103496.4, "CNY", locale="zh_CN") == "¥103,496"


def test_shares_and_hours():
    assert share(0.848) == "84.8%" and share(0.8, digits=0) == "80%"
    assert hours(12.3) == "12.3 h" and hours(1096) == "1,096 h"


def _summary(attainment: float) -> dict:
    return {"frt_attainment": attainment, "target_share": 0.8, "target_seconds": 180,
            "contacts": 2790.4, "waiting_over_10_min": 0.021, "load_source": "forecast",
            "per_language": {"es": {"attainment": 0.92, "contacts": 900,
                                    "hours_below_target": 0},
                             "ar": {"attainment": 0.57, "contacts": 300,
                                    "hours_below_target": 75.5}},
            "per_day": {"2026-11-30": {"attainment": 0.81, "contacts": 500}},
            "paid_hours_primary": 1096, "paid_hours_backup": 28, "cost": 103496,
            "currency": "CNY"}


def test_headline_gives_the_verdict_per_language_and_day_and_the_cost():
    met = "\n".join(service_headline(_summary(0.848)))
    assert "84.8% of 2,790 human contacts answered within 3 min" in met
    assert "target 80%: met" in met and "2.1% wait over 10 min" in met
    assert "ar 57% ✗ (75.5 h below target)" in met and "es 92% ✓" in met
    assert "Mon 81% ✓" in met and "CN¥103,496" in met
    missed = "\n".join(service_headline(_summary(0.75)))
    assert "missed by 5.0 points" in missed
