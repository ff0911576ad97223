"""Issue 12, who may see what, in a real browser: a shared app asks for the password first.

A second app server runs with sharing switched on (``ROSTER_SHARE=1``, as behind a proxy; the
same gate opens for ``--server.address 0.0.0.0``) and a secrets file holding the password's
hash. A visitor opening any page address sees only the sign-in form until the password is
right; signing out closes the app again.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.ui.conftest import SHOTS, Served, off_machine, open_browser, serve_app
from ui.login import hash_password

PASSWORD = "staff rota 2026"
TEAM_WORDS = ("Small store", "Li Na", "Lucía", "Asia/Shanghai", "Team & agents")


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("e2e-shared")
    secrets = folder / "secrets.toml"
    secrets.write_text(f'[login]\npassword_hash = "{hash_password(PASSWORD)}"\n')
    with serve_app(folder, env={"ROSTER_SHARE": "1"},
                   args=("--secrets.files", str(secrets))) as app:
        yield app


def _nothing_of_the_team(page: Any) -> None:
    body = page.locator("body").inner_text()
    assert not [word for word in TEAM_WORDS if word in body], body


@pytest.mark.e2e
def test_a_shared_app_shows_nothing_before_the_password(
        shared: Served, request: pytest.FixtureRequest, network_log: list[str]) -> None:
    from playwright.sync_api import expect

    with open_browser(shared, request, network_log, path="/solve",
                      heading="Roster optimizer") as page:
        password = page.get_by_label("Password", exact=True)
        expect(password).to_be_visible()
        _nothing_of_the_team(page)
        page.screenshot(path=SHOTS / "0-sign-in_en.png", full_page=True)

        password.fill("guess")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_text("Wrong password.")).to_be_visible()
        _nothing_of_the_team(page)

        password.fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name="Team & agents")).to_be_visible(timeout=90_000)
        expect(page.get_by_text("Small store (8 agents)").first).to_be_visible()

        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_label("Password", exact=True)).to_be_visible()
        _nothing_of_the_team(page)
    assert not off_machine(network_log)
