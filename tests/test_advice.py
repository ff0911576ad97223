"""Staffing advice (solver/advice.py): hires where hours fall below target, or overtime."""

import datetime as dt

from toy import DAYTIME, TOY_WORK, deterministic_work, loose_rules, make_agent, make_problem

from scheduler.domain import DemandRow, Weights
from solver.advice import staffing_advice


def _short_of_arabic():
    """Arabic is needed 08:00-20:00 every day (Shanghai), but one agent cannot do 7 x 12 h."""
    agents = [make_agent("E1", primary_languages=("en",), availability=DAYTIME),
              make_agent("A1", primary_languages=("ar",), availability=DAYTIME,
                         timezone="Asia/Riyadh")]
    demand = [DemandRow(weekday=d, start=dt.time(8), end=dt.time(20), language=lang, primary=1)
              for d in range(7) for lang in ("ar", "en")]
    return make_problem(agents, demand, weights=Weights(goal="coverage"), rules=loose_rules())


def test_advice_hires_the_language_that_is_short_where_its_agents_work():
    problem = _short_of_arabic()
    with deterministic_work(TOY_WORK):
        advice = staffing_advice(problem, time_limit=120, per_language=2, workers=1)
    assert advice.hours_below_now > 0
    languages = {h.language for h in advice.hires}
    assert "ar" in languages
    arabic = next(h for h in advice.hires if h.language == "ar")
    assert arabic.timezone == "Asia/Riyadh" and 1 <= arabic.agents <= 2 and arabic.hours > 0
    assert advice.hours_below_with_hires < advice.hours_below_now
    assert advice.service_with_hires >= advice.service_now
    text = "\n".join(advice.lines())
    assert "+1 Arabic" in text or "+2 Arabic" in text
    assert "FTE" in text and "overtime" in text.lower()


def test_no_advice_when_nothing_is_below_target():
    agents = [make_agent(f"E{i}", primary_languages=("en",)) for i in range(6)]
    demand = [DemandRow(weekday=0, start=dt.time(10), end=dt.time(12), language="en",
                        primary=1)]
    problem = make_problem(agents, demand, weights=Weights(goal="coverage"), rules=loose_rules())
    with deterministic_work(TOY_WORK):
        advice = staffing_advice(problem, time_limit=120, workers=1)
    assert advice.hours_below_now == 0 and advice.hires == []
