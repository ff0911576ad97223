"""UI test helpers: a private scenario database per test, an AppTest on a chosen team, and for
the browser tests one served app plus a Chromium page per test."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from streamlit.testing.v1 import AppTest

from scheduler.domain import Problem
from scheduler.team_io import load_problem

APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.fixture(autouse=True)
def private_app_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Working copies in the test's own folder; sharing off unless a test switches it on."""
    folder = tmp_path / "working_copies"
    monkeypatch.setenv("ROSTER_WORK_DIR", str(folder))
    monkeypatch.delenv("ROSTER_SHARE", raising=False)
    return folder


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'scenarios.db'}"
    monkeypatch.setenv("ROSTER_DB_URL", url)
    return url


@pytest.fixture
def small() -> Problem:
    return load_problem(FIXTURES / "small_team")


@pytest.fixture
def sample() -> Problem:
    return load_problem(FIXTURES / "sample_team")


@pytest.fixture
def app(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], AppTest]:
    """An AppTest opened on a bundled team (the same switch the README documents)."""

    def make(team: str = "small_team") -> AppTest:
        monkeypatch.setenv("ROSTER_TEAM_DIR", str(FIXTURES / team))
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.run()
        assert not at.exception, at.exception
        return at

    return make


def solve_in_app(at: AppTest, seconds: int = 4, timeout: float = 60) -> None:
    """Start a solve on the Solve page and rerun until the background job is collected."""
    at.switch_page("pages/solve.py").run()
    at.slider(key="solve_time_limit").set_value(seconds)
    at.number_input(key="solve_workers").set_value(2)
    at.button(key="solve_start").click().run()
    deadline = time.monotonic() + timeout
    while at.session_state["solve_job"] is not None:
        assert time.monotonic() < deadline, "solve did not finish in time"
        time.sleep(0.5)
        at.run()
    assert not at.exception, at.exception


# ----------------------------------------------------------------------------- browser tests

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@dataclass(frozen=True)
class Served:
    """A running ``streamlit run ui/app.py`` (small team) and its private scenario database."""

    url: str
    db_url: str
    log: Path
    work_dir: Path  # the working copies of its browser tabs


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


@contextmanager
def serve_app(folder: Path, env: dict[str, str] | None = None,
              args: tuple[str, ...] = ()) -> Iterator[Served]:
    """``streamlit run ui/app.py`` from the repository root on a free port (small team, private
    scenario database and working copies). Address, headless mode and usage statistics come
    from the repository's ``.streamlit/config.toml``, exactly as for a manager."""
    port = _free_port()
    log = folder / "streamlit.log"
    db_url = f"sqlite:///{folder / 'scenarios.db'}"
    environment = dict(os.environ, ROSTER_TEAM_DIR=str(ROOT / "fixtures" / "small_team"),
                       ROSTER_DB_URL=db_url, ROSTER_WORK_DIR=str(folder / "working_copies"))
    environment.pop("ROSTER_SHARE", None)
    environment.update(env or {})
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "ui/app.py", "--server.port", str(port),
             "--server.fileWatcherType", "none", *args],
            cwd=ROOT, env=environment, stdout=out, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_healthy(url, server, log, timeout=90)
            yield Served(url, db_url, log, folder / "working_copies")
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=15)


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One app server for every browser test; each test opens its own browser session."""
    with serve_app(tmp_path_factory.mktemp("e2e-server")) as app:
        yield app


def off_machine(urls: list[str]) -> list[str]:
    """The requests that would leave this computer: anything not to 127.0.0.1 (``data:`` and
    ``blob:`` URLs are built inside the browser and fetch nothing)."""
    outside = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            continue
        if parts.scheme not in ("http", "https", "ws", "wss") or parts.hostname != "127.0.0.1":
            outside.append(url)
    return outside


@pytest.fixture
def network_log() -> list[str]:
    """Every URL the test's browser requested (pages, scripts, fonts, icons, websockets)."""
    return []


@contextmanager
def open_browser(app: Served, request: pytest.FixtureRequest, requests: list[str],
                 path: str = "", heading: str = "Team & agents") -> Iterator[Any]:
    """A fresh Chromium page (its own app session) on ``app`` at ``path``, once ``heading`` shows.

    Every request the browser makes is appended to ``requests``; on leaving, any that went
    elsewhere than 127.0.0.1 fails the test (the app must work with no internet).
    Waits are generous (the machine may be busy: a first page load imports the whole engine);
    on failure a full-page screenshot goes to ``artifacts/screenshots/failure-<test>.png``, the
    browser's websocket timeline and the server log's tail are printed, and with ``E2E_TRACE=1``
    a Playwright trace is saved to ``artifacts/trace-<test>.zip``.
    """
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (see .ci/run)")
    from playwright.sync_api import expect, sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    expect.set_options(timeout=30_000)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1440, "height": 1400})
        context.on("request", lambda r: requests.append(r.url))
        tracing = bool(os.environ.get("E2E_TRACE"))  # Playwright trace of a failing test
        if tracing:
            context.tracing.start(screenshots=True, snapshots=True)
        page = context.new_page()
        page.set_default_timeout(60_000)
        events: list[str] = []  # a timeline for the failure report
        started = time.monotonic()

        def note(kind: str, detail: object) -> None:
            events.append(f"{time.monotonic() - started:7.2f} {kind} {detail}")

        page.on("websocket", lambda ws: (
            requests.append(ws.url),
            ws.on("framesent", lambda f: note("ws sent", len(f))),
            ws.on("framereceived", lambda f: note("ws recv", len(f))),
            ws.on("close", lambda _: note("ws closed", ""))))
        page.on("console", lambda m: note(f"console.{m.type}", m.text[:200])
                if m.type in ("error", "warning") else None)
        page.on("requestfailed", lambda r: note("request failed", f"{r.url} {r.failure}"))
        page.on("response", lambda r: note(f"HTTP {r.status}", r.url) if r.status >= 400
                else None)
        page.on("framenavigated", lambda f: note("navigated", f.url) if f == page.main_frame
                else None)
        failed = True
        try:
            page.goto(app.url + path)
            expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=90_000)
            yield page
            failed = False
        finally:
            if failed or getattr(request.node, "e2e_failed", False):
                page.screenshot(path=SHOTS / f"failure-{request.node.name}.png", full_page=True)
                print("browser timeline (last 80):", *events[-80:], sep="\n")
                print("server log (tail):", app.log.read_text(errors="replace")[-4000:])
                if tracing:
                    context.tracing.stop(path=SHOTS.parent / f"trace-{request.node.name}.zip")
            browser.close()
    outside = off_machine(requests)
    if outside and not failed:
        pytest.fail(f"the browser fetched from outside this computer: {sorted(set(outside))}")


@pytest.fixture
def browser_page(served: Served, request: pytest.FixtureRequest,
                 network_log: list[str]) -> Iterator[Any]:
    """A fresh Chromium page on the shared served app (see ``open_browser``)."""
    with open_browser(served, request, network_log) as page:
        yield page


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.when == "call" and report.failed:
        item.e2e_failed = True  # type: ignore[attr-defined]  # read by browser_page teardown
    return report


def goto(page: Any, title: str) -> None:
    """Open a page from the sidebar menu and wait until it is drawn."""
    from playwright.sync_api import expect

    page.get_by_test_id("stSidebar").get_by_role("button", name=title, exact=True).click()
    expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()


def set_time_limit(page: Any, seconds: int) -> None:
    """Move the Solve page's time-limit slider with the keyboard, as a person would.

    Tests give the solver ample time: it stops by itself once the roster is proven (near)
    optimal, and on a busy machine a short limit ends with no rule-keeping roster yet.
    """
    from playwright.sync_api import expect

    slider = page.get_by_role("slider", name="Time limit (seconds)")
    slider.focus()
    now = int(slider.input_value())
    for _ in range(abs(seconds - now)):
        slider.press("ArrowRight" if seconds > now else "ArrowLeft")
    expect(slider).to_have_value(str(seconds))
