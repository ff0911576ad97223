"""End to end in a real headless Chromium: edit a rule, solve, see the roster, what-if diff.

The app runs under ``streamlit run ui/app.py`` (small team, private scenario database; see
``served`` in conftest) and is driven by Playwright against Debian's ``/usr/bin/chromium``.
Screenshots of the main screens go to ``artifacts/screenshots/`` for reviewers.

Every request the browser makes is recorded: all must go to 127.0.0.1 (the app works with no
internet). Every wait is on something that proves the step happened (the page heading after a
menu click, the tool's confirmation, the number of the solve in the result), never on a text
merely changing: two different solves of the small team can read "39 shifts, optimal, gap
0.0%, 1.8 s" alike.
"""

from __future__ import annotations

from typing import Any

import pytest

from scheduler.scenario_store import ScenarioStore
from tests.ui.conftest import SHOTS, Served, goto, off_machine, set_time_limit

SOLVE_SECONDS = 30  # an upper bound: the small team is solved to optimality in a few seconds


@pytest.mark.e2e
def test_edit_solve_and_see_roster_in_chromium(browser_page: Any, served: Served,
                                               network_log: list[str]) -> None:
    from playwright.sync_api import expect

    page = browser_page
    expect(page.get_by_text("Small store (8 agents)").first).to_be_visible()
    # .streamlit/config.toml: a manager's toolbar, no Deploy button
    expect(page.get_by_role("button", name="Main menu")).to_be_visible()
    expect(page.get_by_role("button", name="Deploy")).to_have_count(0)
    page.wait_for_timeout(1500)  # let the agents grid paint
    page.screenshot(path=SHOTS / "1-team.png", full_page=True)

    # edit a value: minimum rest 11 h -> 12 h
    goto(page, "Rules & weights")
    rest = page.get_by_role("spinbutton", name="min rest hours")
    expect(rest).to_have_value("11.00")
    rest.fill("12")
    rest.press("Enter")
    expect(rest).to_have_value("12.00")
    expect(page.get_by_text("Not applied")).to_have_count(0)
    page.screenshot(path=SHOTS / "2-rules.png", full_page=True)

    goto(page, "Demand & peaks")
    page.wait_for_timeout(1500)  # heatmap paint, for the screenshot
    page.screenshot(path=SHOTS / "3-demand.png", full_page=True)

    # solve with two threads
    goto(page, "Solve & roster")
    set_time_limit(page, SOLVE_SECONDS)
    threads = page.get_by_role("spinbutton", name="Solver threads")
    threads.fill("2")
    threads.press("Enter")
    expect(threads).to_have_value("2")
    page.get_by_role("button", name="Solve", exact=True).click()
    expect(page.get_by_text("Solving… (solve #1)")).to_be_visible()
    page.screenshot(path=SHOTS / "4-solving.png", full_page=True)

    ready = page.get_by_test_id("stAlertContentSuccess")
    failed = page.get_by_test_id("stAlertContentError")
    expect(ready.filter(has_text="solve #1").or_(failed).first).to_be_visible(timeout=90_000)
    assert not failed.all_inner_texts(), f"the solve failed in the browser: " \
                                         f"{failed.all_inner_texts()}"
    expect(ready).to_contain_text("Roster ready — solve #1:")
    charts = page.locator(".js-plotly-plot")
    expect(charts).to_have_count(2)  # Gantt + coverage
    expect(charts.nth(0).locator(".xtitle")).to_have_text(
        "Planning zone: Asia/Shanghai (Shanghai time)")
    expect(charts.nth(0).locator(".legendtext").first).to_have_text("primary duty")
    expect(charts.nth(1).locator(".legendtext").filter(has_text="peak: Cyber Monday")
           ).to_have_count(1)
    expect(page.get_by_text("24/7 held")).to_be_visible()
    expect(page.get_by_text("Li Na").first).to_be_visible()
    page.wait_for_timeout(1500)
    page.screenshot(path=SHOTS / "5-roster.png", full_page=True)
    charts.nth(0).screenshot(path=SHOTS / "5a-gantt.png")
    charts.nth(1).screenshot(path=SHOTS / "5b-coverage.png")
    page.get_by_text("Each agent's local time").click()
    expect(charts.nth(0).locator(".xtitle")).to_contain_text("Each agent's local time")
    expect(charts.nth(0).locator(".ytick").filter(has_text="Lucía García (S7) · Madrid")
           ).to_have_count(1)
    charts.nth(0).screenshot(path=SHOTS / "5c-gantt-agent-local.png")
    # zoom to one day: hourly ticks
    last_day = page.get_by_role("slider", name="Days shown (fewer days, finer hour ticks)").last
    last_day.focus()
    for _ in range(6):
        last_day.press("ArrowLeft")
    expect(charts.nth(0).locator(".xtick").filter(has_text="09:00")).to_have_count(1)
    charts.nth(0).screenshot(path=SHOTS / "5d-gantt-one-day.png")

    goto(page, "Scenarios & what-if")
    page.get_by_label("Scenario name").fill("e2e baseline")
    page.get_by_label("Scenario name").press("Enter")
    page.get_by_role("button", name="Save scenario").click()
    expect(page.get_by_text("Saved “e2e baseline” version 1 with the roster of solve #1")
           ).to_be_visible()
    page.screenshot(path=SHOTS / "6-scenarios.png", full_page=True)

    # what-if: +30% demand on Friday (the tool's defaults), re-solve, see the diff
    goto(page, "Demand & peaks")
    page.get_by_text("What-if: multiply demand").click()
    page.get_by_role("button", name="Apply multiplier").click()
    expect(page.get_by_text("Applied: +30% primary demand on Fri (all languages).")
           ).to_be_visible()
    goto(page, "Solve & roster")
    expect(ready).to_contain_text("solve #1")
    expect(page.get_by_text("The team was edited after this solve")).to_be_visible()
    set_time_limit(page, SOLVE_SECONDS)
    page.get_by_role("button", name="Solve", exact=True).click()
    # the result must be the second solve's (its summary alone may read like the first's)
    expect(ready.filter(has_text="solve #2").or_(failed).first).to_be_visible(timeout=90_000)
    assert not failed.all_inner_texts(), f"the re-solve failed: {failed.all_inner_texts()}"
    expect(ready).to_contain_text("Roster ready — solve #2:")
    expect(page.get_by_text("The team was edited after this solve")).to_have_count(0)

    goto(page, "Scenarios & what-if")
    expect(page.get_by_role("heading", name="Current roster (solve #2) vs “e2e baseline” v1")
           ).to_be_visible()
    expect(page.get_by_text("Shifts:")).to_be_visible()
    expect(page.get_by_text("0 added, 0 removed, 0 moved")).to_have_count(0)
    expect(page.get_by_text("Per agent", exact=True)).to_be_visible()
    page.wait_for_timeout(1000)
    page.screenshot(path=SHOTS / "7-diff.png", full_page=True)

    # what was compared is what the manager set up: rest 12 h before, +30% Friday after
    saved = ScenarioStore(served.db_url).load("e2e baseline", 1)
    assert saved.problem.rules.min_rest_hours == 12

    # the whole walk ran on this computer only (no font site, no usage statistics)
    assert any(url.startswith(("ws://127.0.0.1", "http://127.0.0.1")) for url in network_log)
    assert not off_machine(network_log), off_machine(network_log)
