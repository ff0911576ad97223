"""End to end in a real headless Chromium: edit a rule, solve, see the roster, what-if diff;
and the main screens again in Chinese.

The app runs under ``streamlit run ui/app.py`` (small team, private scenario database; see
``served`` in conftest) and is driven by Playwright against Debian's ``/usr/bin/chromium``.
Screenshots of the main screens go to ``artifacts/screenshots/`` for reviewers, in English
(``*_en.png``) and Chinese (``*_zh.png``).

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
    page.screenshot(path=SHOTS / "1-team_en.png", full_page=True)

    # edit a value: minimum rest 11 h -> 12 h
    goto(page, "Rules & weights")
    rest = page.get_by_role("spinbutton", name="rest between shifts (h)")
    expect(rest).to_have_value("11.00")
    rest.fill("12")
    rest.press("Enter")
    expect(rest).to_have_value("12.00")
    expect(page.get_by_text("Not applied")).to_have_count(0)
    page.screenshot(path=SHOTS / "2-rules_en.png", full_page=True)

    goto(page, "Demand & peaks")
    page.wait_for_timeout(1500)  # heatmap paint, for the screenshot
    page.screenshot(path=SHOTS / "3-demand_en.png", full_page=True)

    # solve with two threads
    goto(page, "Solve & roster")
    set_time_limit(page, SOLVE_SECONDS)
    threads = page.get_by_role("spinbutton", name="Solver threads")
    threads.fill("2")
    threads.press("Enter")
    expect(threads).to_have_value("2")
    page.get_by_role("button", name="Solve", exact=True).click()
    expect(page.get_by_text("Solving… (solve #1)")).to_be_visible()
    page.screenshot(path=SHOTS / "4-solving_en.png", full_page=True)

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
    page.screenshot(path=SHOTS / "5-roster_en.png", full_page=True)
    charts.nth(0).screenshot(path=SHOTS / "5a-gantt_en.png")
    charts.nth(1).screenshot(path=SHOTS / "5b-coverage_en.png")
    page.get_by_text("Each agent's local time").click()
    expect(charts.nth(0).locator(".xtitle")).to_contain_text("Each agent's local time")
    expect(charts.nth(0).locator(".ytick").filter(has_text="Lucía García (S7) · Madrid")
           ).to_have_count(1)
    charts.nth(0).screenshot(path=SHOTS / "5c-gantt-agent-local_en.png")
    # zoom to one day: hourly ticks
    last_day = page.get_by_role("slider", name="Days shown (fewer days, finer hour ticks)").last
    last_day.focus()
    for _ in range(6):
        last_day.press("ArrowLeft")
    expect(charts.nth(0).locator(".xtick").filter(has_text="09:00")).to_have_count(1)
    charts.nth(0).screenshot(path=SHOTS / "5d-gantt-one-day_en.png")

    goto(page, "Scenarios & what-if")
    page.get_by_label("Scenario name").fill("e2e baseline")
    page.get_by_label("Scenario name").press("Enter")
    page.get_by_role("button", name="Save scenario").click()
    expect(page.get_by_text("Saved “e2e baseline” version 1 with the roster of solve #1")
           ).to_be_visible()
    page.screenshot(path=SHOTS / "6-scenarios_en.png", full_page=True)

    # what-if: +30% demand on Friday (the tool's defaults), re-solve, see the diff
    goto(page, "Demand & peaks")
    page.get_by_text("What-if: multiply demand").click()
    page.get_by_role("button", name="Apply multiplier").click()
    expect(page.get_by_text("Applied: +30% primary demand on Fri (all languages).")
           ).to_be_visible()
    goto(page, "Solve & roster")
    expect(ready).to_contain_text("solve #1")
    expect(page.get_by_text("The team was edited after this solve")).to_be_visible()
    # a free re-solve: "keep changes small" (on by default) may keep every shift as it was
    page.get_by_text("Keep changes small", exact=True).click()
    expect(page.get_by_text("Stable ↔ best coverage")).to_have_count(0)
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
    page.screenshot(path=SHOTS / "7-diff_en.png", full_page=True)

    # what was compared is what the manager set up: rest 12 h before, +30% Friday after
    saved = ScenarioStore(served.db_url).load("e2e baseline", 1)
    assert saved.problem.rules.min_rest_hours == 12

    # the whole walk ran on this computer only (no font site, no usage statistics)
    assert any(url.startswith(("ws://127.0.0.1", "http://127.0.0.1")) for url in network_log)
    assert not off_machine(network_log), off_machine(network_log)


@pytest.mark.e2e
def test_the_main_screens_in_chinese(browser_page: Any, served: Served,
                                     network_log: list[str]) -> None:
    """Pick 中文 in the sidebar: every page, a solve with its charts, and saving a scenario
    read Chinese; the pick holds across pages. Screenshots ``*_zh.png``."""
    from playwright.sync_api import expect

    page = browser_page
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("中文", exact=True).click()
    expect(page.get_by_role("heading", name="团队与客服")).to_be_visible()
    expect(sidebar.get_by_role("button", name="规则与权重")).to_be_visible()
    expect(page.get_by_text("11月30日周一 至 2026年12月6日周日").first).to_be_visible()
    page.wait_for_timeout(1500)  # let the agents grid paint
    page.screenshot(path=SHOTS / "1-team_zh.png", full_page=True)

    goto(page, "规则与权重")
    expect(page.get_by_role("spinbutton", name="班次间休息（小时）")).to_have_value("11.00")
    page.screenshot(path=SHOTS / "2-rules_zh.png", full_page=True)

    goto(page, "需求与高峰")
    expect(page.get_by_text("每小时需要的客服人数，按排班时区（上海，Asia/Shanghai）。")
           ).to_be_visible()
    page.wait_for_timeout(1500)
    page.screenshot(path=SHOTS / "3-demand_zh.png", full_page=True)

    goto(page, "排班")
    slider = page.get_by_role("slider", name="时间上限（秒）")
    slider.focus()
    for _ in range(abs(SOLVE_SECONDS - int(slider.input_value()))):
        slider.press("ArrowRight" if SOLVE_SECONDS > int(slider.input_value()) else "ArrowLeft")
    expect(slider).to_have_value(str(SOLVE_SECONDS))
    page.locator(".st-key-solve_start button").click()
    ready = page.get_by_test_id("stAlertContentSuccess")
    failed = page.get_by_test_id("stAlertContentError")
    expect(ready.filter(has_text="第 1 次排班").or_(failed).first).to_be_visible(timeout=90_000)
    assert not failed.all_inner_texts(), f"the solve failed: {failed.all_inner_texts()}"
    expect(ready).to_contain_text("排班完成——第 1 次排班：")
    charts = page.locator(".js-plotly-plot")
    expect(charts).to_have_count(2)
    expect(charts.nth(0).locator(".xtitle")).to_have_text("排班时区：Asia/Shanghai（上海时间）")
    expect(charts.nth(0).locator(".legendtext").first).to_have_text("在线值班")
    expect(page.get_by_text("24/7 全天候在线")).to_be_visible()
    expect(page.get_by_text("预测服务水平")).to_be_visible()
    page.wait_for_timeout(1500)
    page.screenshot(path=SHOTS / "4-roster_zh.png", full_page=True)
    charts.nth(0).screenshot(path=SHOTS / "4a-gantt_zh.png")
    charts.nth(1).screenshot(path=SHOTS / "4b-coverage_zh.png")
    page.get_by_text("各客服当地时间", exact=True).click()
    expect(charts.nth(0).locator(".ytick").filter(has_text="Lucía García (S7) · 马德里")
           ).to_have_count(1)
    charts.nth(0).screenshot(path=SHOTS / "4c-gantt-agent-local_zh.png")

    goto(page, "方案与假设分析")
    page.get_by_label("方案名称").fill("中文方案")
    page.get_by_label("方案名称").press("Enter")
    page.get_by_role("button", name="保存方案").click()
    expect(page.get_by_text("已保存“中文方案”第 1 版，含第 1 次排班的结果")).to_be_visible()
    page.screenshot(path=SHOTS / "5-scenarios_zh.png", full_page=True)

    assert any(url.startswith(("ws://127.0.0.1", "http://127.0.0.1")) for url in network_log)
    assert not off_machine(network_log), off_machine(network_log)
