"""End to end in a real headless Chromium: edit a rule, solve, see the roster, what-if diff.

Starts ``streamlit run ui/app.py`` on a free port (small team, private scenario database),
drives it with Playwright against Debian's ``/usr/bin/chromium`` and saves screenshots of the
main screens to ``artifacts/screenshots/`` for reviewers. The server is always terminated.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_healthy(url: str, server: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"streamlit exited early:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"streamlit did not answer within {timeout:g} s:\n"
                f"{log.read_text(errors='replace')}")


@pytest.fixture
def app_url(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    log = tmp_path / "streamlit.log"
    env = dict(os.environ, ROSTER_TEAM_DIR=str(ROOT / "fixtures" / "small_team"),
               ROSTER_DB_URL=f"sqlite:///{tmp_path / 'scenarios.db'}")
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "ui/app.py", "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_healthy(url, server, log, timeout=90)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=15)


@pytest.mark.e2e
def test_edit_solve_and_see_roster_in_chromium(app_url: str) -> None:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (see .ci/run)")
    from playwright.sync_api import expect, sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 1400})
        page.set_default_timeout(60_000)
        try:
            page.goto(app_url)
            expect(page.get_by_role("heading", name="Team & agents")).to_be_visible()
            expect(page.get_by_text("Small store (8 agents)").first).to_be_visible()
            page.wait_for_timeout(1500)  # let the agents grid paint
            page.screenshot(path=SHOTS / "1-team.png", full_page=True)

            # edit a value: minimum rest 11 h -> 12 h
            page.get_by_role("link", name="Rules & weights").click()
            rest = page.get_by_role("spinbutton", name="min rest hours")
            expect(rest).to_have_value("11.00")
            rest.fill("12")
            rest.press("Enter")
            page.wait_for_timeout(1000)
            expect(rest).to_have_value("12.00")
            expect(page.get_by_text("Not applied")).to_have_count(0)
            page.screenshot(path=SHOTS / "2-rules.png", full_page=True)

            page.get_by_role("link", name="Demand & peaks").click()
            expect(page.get_by_role("heading", name="Demand & peaks")).to_be_visible()
            page.wait_for_timeout(1500)
            page.screenshot(path=SHOTS / "3-demand.png", full_page=True)

            # solve with a short time limit and two threads
            page.get_by_role("link", name="Solve & roster").click()
            slider = page.get_by_role("slider")
            slider.focus()
            for _ in range(5):  # 10 s -> 5 s
                slider.press("ArrowLeft")
            threads = page.get_by_role("spinbutton", name="Solver threads")
            threads.fill("2")
            threads.press("Enter")
            page.wait_for_timeout(500)
            page.get_by_role("button", name="Solve", exact=True).click()
            expect(page.get_by_text("Solving…")).to_be_visible()
            page.screenshot(path=SHOTS / "4-solving.png", full_page=True)

            done = page.get_by_text("Roster ready").or_(page.get_by_test_id("stAlertContentError"))
            expect(done.first).to_be_visible(timeout=90_000)
            errors = page.get_by_test_id("stAlertContentError").all_inner_texts()
            assert not errors, f"the solve failed in the browser: {errors}"
            expect(page.locator(".js-plotly-plot")).to_have_count(2)  # Gantt + coverage
            expect(page.locator(".js-plotly-plot").nth(0).locator(".xtitle")).to_have_text(
                "Planning zone")
            expect(page.get_by_text("24/7 held")).to_be_visible()
            expect(page.get_by_text("Li Na").first).to_be_visible()
            page.wait_for_timeout(1500)
            page.screenshot(path=SHOTS / "5-roster.png", full_page=True)
            charts = page.locator(".js-plotly-plot")
            charts.nth(0).screenshot(path=SHOTS / "5a-gantt.png")
            charts.nth(1).screenshot(path=SHOTS / "5b-coverage.png")
            page.get_by_text("Each agent's local time").click()
            expect(charts.nth(0).locator(".xtitle")).to_have_text("Each agent's local time")
            charts.nth(0).screenshot(path=SHOTS / "5c-gantt-agent-local.png")

            page.get_by_role("link", name="Scenarios & what-if").click()
            page.get_by_role("button", name="Save scenario").click()
            expect(page.get_by_text("version 1")).to_be_visible()
            page.screenshot(path=SHOTS / "6-scenarios.png", full_page=True)

            # what-if: +30% demand on Friday (the tool's defaults), re-solve, see the diff
            page.get_by_role("link", name="Demand & peaks").click()
            page.get_by_text("What-if: multiply demand").click()
            page.get_by_role("button", name="Apply multiplier").click()
            page.wait_for_timeout(1000)
            page.get_by_role("link", name="Solve & roster").click()
            ready = page.get_by_test_id("stAlertContentSuccess")
            previous = ready.inner_text()
            page.get_by_role("button", name="Solve", exact=True).click()
            # a re-solve can finish in well under a second: wait for the new result instead
            expect(ready).not_to_have_text(previous, timeout=90_000)
            expect(ready).to_contain_text("Roster ready")
            page.get_by_role("link", name="Scenarios & what-if").click()
            expect(page.get_by_text("Shifts:")).to_be_visible()
            expect(page.get_by_text("0 added, 0 removed, 0 moved")).to_have_count(0)
            expect(page.get_by_text("Per agent", exact=True)).to_be_visible()
            page.wait_for_timeout(1000)
            page.screenshot(path=SHOTS / "7-diff.png", full_page=True)
        except Exception:
            page.screenshot(path=SHOTS / "failure.png", full_page=True)  # for the reviewer
            raise
        finally:
            browser.close()
