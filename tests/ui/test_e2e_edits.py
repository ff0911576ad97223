"""Issue 12: single-cell table edits made in a real browser, the way a person makes them, stick.

Ten edits in the agents and the holiday & peak tables: click a cell (or keep going from where
Enter/Tab left the cursor), type, press Enter or Tab, and go straight on to the next cell or to
another page without waiting for the app. Every edit must then be in the tables after visiting
other pages, and in the problem that was solved (read back from the scenario saved with that
solve's roster).

Before the fix about half of such edits vanished: a page's edits were only applied when its
script got to the editor, and Streamlit's own page links throw away widget values that are still
on their way (the editor sends a committed cell 150 ms later; a busy server may not have started
the rerun carrying it). Edits are now applied in the editors' ``on_change`` and the page menu is
made of buttons that carry every widget value.
"""

from __future__ import annotations

from typing import Any

import pytest

from scheduler.scenario_store import ScenarioStore
from tests.ui.conftest import SHOTS, Served, goto, set_time_limit

HEADER_PX = ROW_PX = 35  # Streamlit's data editor: header and row height

# (table row, column, text typed, key that commits); column 1 is the first data column.
# Edits marked "continue" type into the cell the previous Enter/Tab moved to, no click.
AGENT_EDITS: list[tuple[int, int, str, str, bool]] = [
    (0, 2, "Li Na (lead)", "Enter", False),       # name
    (1, 2, "Wang Fang Jr", "Tab", True),          # Enter moved down to row 1's name
    (1, 3, "Asia/Hong_Kong", "Enter", True),      # Tab moved right to timezone
    (3, 7, "38", "Tab", False),                   # max_hours
    (3, 8, "4", "Enter", True),                   # max_shifts, after the Tab
    (0, 5, "ru", "Tab", False),                   # backup_languages (was empty)
    (4, 6, "18", "Enter", False),                 # min_hours of the part-timer
]
PEAK_EDITS: list[tuple[int, int, str, str, bool]] = [
    (0, 5, "3", "Enter", False),                  # weight
    (0, 1, "Cyber Monday sale", "Tab", False),    # name
    (0, 4, "en es", "Tab", False),                # languages (was empty = all)
]


def _edit(page: Any, grid: Any, edits: list[tuple[int, int, str, str, bool]]) -> None:
    """Make the edits at a person's pace, without waiting for the app between them."""
    from playwright.sync_api import expect

    canvas = grid.locator("canvas").first
    for row, column, text, key, keep_going in edits:
        if not keep_going:
            box = canvas.bounding_box()
            assert box is not None
            # land in column 1, then walk right with the arrow keys (widths depend on content)
            page.mouse.click(box["x"] + 60, box["y"] + HEADER_PX + ROW_PX * row + ROW_PX / 2)
            for _ in range(column - 1):
                page.keyboard.press("ArrowRight")
        selected = grid.locator('td[aria-selected="true"]')
        expect(selected).to_have_id(f"glide-cell-{column}-{row}")
        page.wait_for_timeout(150)
        page.keyboard.type(text, delay=40)  # the first key opens the cell's editor
        box = page.locator("textarea.gdg-input")
        if box.input_value() != text:
            # A starved browser can drop a key while the grid opens its editor (the app has
            # not seen anything yet); a person sees the typo in the cell and types it again.
            print(f"retyped {text!r}: the grid editor held {box.input_value()!r}")
            box.fill(text)
        page.keyboard.press(key)
        page.wait_for_timeout(250)


def _cells(grid: Any, edits: list[tuple[int, int, str, str, bool]]) -> list[str]:
    return [grid.get_by_test_id(f"glide-cell-{column}-{row}").inner_text()
            for row, column, *_ in edits]


@pytest.mark.e2e
def test_single_cell_edits_stick_across_pages_and_into_the_solve(browser_page: Any,
                                                                 served: Served) -> None:
    from playwright.sync_api import expect

    page = browser_page
    typed_agents = [text for _, _, text, _, _ in AGENT_EDITS]
    typed_peaks = [text for _, _, text, _, _ in PEAK_EDITS]
    agents = page.get_by_test_id("stDataFrame").first
    expect(agents.get_by_test_id("glide-cell-2-0")).to_have_text("Li Na")

    _edit(page, agents, AGENT_EDITS)
    goto(page, "Demand & peaks")  # at once, as a person who is done with the table
    peaks = page.get_by_test_id("stDataFrame").last
    expect(peaks.get_by_test_id("glide-cell-1-0")).to_have_text("Cyber Monday")
    _edit(page, peaks, PEAK_EDITS)
    goto(page, "Rules & weights")

    # every edit is shown when coming back (the tables are rebuilt from the problem)
    goto(page, "Team & agents")
    agents = page.get_by_test_id("stDataFrame").first
    expect(agents.get_by_test_id("glide-cell-2-0")).to_have_text("Li Na (lead)")
    assert _cells(agents, AGENT_EDITS) == typed_agents
    goto(page, "Demand & peaks")
    peaks = page.get_by_test_id("stDataFrame").last
    expect(peaks.get_by_test_id("glide-cell-1-0")).to_have_text("Cyber Monday sale")
    assert _cells(peaks, PEAK_EDITS) == typed_peaks
    expect(page.get_by_text("Not applied")).to_have_count(0)
    page.screenshot(path=SHOTS / "8-edited-peaks.png", full_page=True)

    # ... and in the problem the solver gets
    goto(page, "Solve & roster")
    set_time_limit(page, 30)  # an upper bound: the search stops once the roster is optimal
    page.get_by_role("button", name="Solve", exact=True).click()
    ready = page.get_by_test_id("stAlertContentSuccess")
    failed = page.get_by_test_id("stAlertContentError")
    expect(ready.filter(has_text="solve #1").or_(failed).first).to_be_visible(timeout=90_000)
    assert not failed.all_inner_texts(), failed.all_inner_texts()
    expect(page.get_by_text("The team was edited after this solve")).to_have_count(0)
    goto(page, "Scenarios & what-if")
    page.get_by_label("Scenario name").fill("edits e2e")
    page.get_by_label("Scenario name").press("Enter")
    page.get_by_role("button", name="Save scenario").click()
    expect(page.get_by_text("Saved “edits e2e” version 1 with the roster of solve #1")
           ).to_be_visible()

    solved = ScenarioStore(served.db_url).load("edits e2e", 1).problem
    a = {agent.id: agent for agent in solved.agents}
    assert (a["S1"].name, a["S2"].name, a["S4"].max_hours, a["S4"].max_shifts) == (
        "Li Na (lead)", "Wang Fang Jr", 38, 4)
    assert (str(a["S2"].zone), a["S1"].backup_languages, a["S5"].min_hours) == (
        "Asia/Hong_Kong", ("ru",), 18)
    peak = solved.peaks[0]
    assert (peak.name, peak.weight, peak.languages) == ("Cyber Monday sale", 3, ("en", "es"))
