"""Issue 12, who may see what: a shared app shows nothing of the team before the password."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.ui.conftest import APP, FIXTURES
from ui import login

PASSWORD = "correct horse battery"
TEAM_WORDS = ("Small store", "Li Na", "Lucía García", "Asia/Shanghai", "S7", "agents")


def everything_shown(at: AppTest) -> str:
    """The text of every element the app sent (labels, values, captions, tables)."""
    return repr(at._tree)


def shared_app(monkeypatch: pytest.MonkeyPatch, page: str | None = None,
               password_hash: str | None = None) -> AppTest:
    monkeypatch.setenv("ROSTER_SHARE", "1")
    monkeypatch.setenv("ROSTER_TEAM_DIR", str(FIXTURES / "small_team"))
    at = AppTest.from_file(str(APP), default_timeout=60)
    if password_hash is not None:
        at.secrets["login"] = {"password_hash": password_hash}
    if page is not None:
        at.switch_page(page)  # a visitor opening a page's address first
    return at.run()


def sign_in(at: AppTest, password: str) -> AppTest:
    at.text_input(key="login_password").input(password)
    return at.button(key="FormSubmitter:login_form-Sign in").click().run()


def test_password_hash_round_trip() -> None:
    stored = login.hash_password(PASSWORD)
    assert stored.startswith("scrypt$") and PASSWORD not in stored
    assert login.check_password(PASSWORD, stored)
    assert not login.check_password(PASSWORD + "!", stored)
    assert not login.check_password(PASSWORD, "not a hash")
    assert login.hash_password(PASSWORD) != stored  # salted


@pytest.mark.parametrize(("address", "shared"), [
    ("127.0.0.1", False), ("localhost", False), ("::1", False), ("127.0.1.1", False),
    ("0.0.0.0", True), ("", True), (None, True), ("192.168.1.20", True), ("roster.lan", True),
])
def test_sharing_means_listening_beyond_this_computer(
        monkeypatch: pytest.MonkeyPatch, address: str | None, shared: bool) -> None:
    monkeypatch.setattr(st, "get_option", lambda name: address)
    assert login.sharing() is shared


def test_roster_share_asks_for_the_password_even_on_loopback(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(st, "get_option", lambda name: "127.0.0.1")
    monkeypatch.setenv("ROSTER_SHARE", "1")
    assert login.sharing()


@pytest.mark.parametrize("page", [None, "pages/team.py", "pages/solve.py", "pages/scenarios.py"])
def test_a_visitor_without_the_password_sees_only_the_sign_in_form(
        monkeypatch: pytest.MonkeyPatch, db_url: str, page: str | None) -> None:
    at = shared_app(monkeypatch, page, login.hash_password(PASSWORD))
    assert not at.exception
    assert [t.value for t in at.title] == ["Roster optimizer"]
    assert at.text_input(key="login_password").label == "Password"
    shown = everything_shown(at)
    assert not [word for word in TEAM_WORDS if word in shown], shown
    assert "problem" not in at.session_state  # the team is not even loaded


def test_a_wrong_password_shows_nothing_more(monkeypatch: pytest.MonkeyPatch,
                                             db_url: str) -> None:
    at = sign_in(shared_app(monkeypatch, None, login.hash_password(PASSWORD)), "guess")
    assert at.error[0].value == "Wrong password."
    shown = everything_shown(at)
    assert not [word for word in TEAM_WORDS if word in shown], shown
    assert "problem" not in at.session_state


def test_the_right_password_opens_the_app(monkeypatch: pytest.MonkeyPatch, db_url: str) -> None:
    at = sign_in(shared_app(monkeypatch, None, login.hash_password(PASSWORD)), PASSWORD)
    assert not at.exception
    assert at.title[0].value == "Team & agents"
    assert at.session_state["problem"].agents[0].name == "Li Na"
    assert "login_sign_out" in [b.key for b in at.sidebar.button]


def test_shared_without_a_password_stays_closed(monkeypatch: pytest.MonkeyPatch,
                                                db_url: str) -> None:
    at = shared_app(monkeypatch)
    assert "no password has been set" in at.error[0].value
    assert "python -m ui.login" in at.error[0].value
    assert not at.text_input and "problem" not in at.session_state
    shown = everything_shown(at)
    assert not [word for word in TEAM_WORDS if word in shown], shown


def test_on_this_computer_no_password_is_asked(app: Callable[[str], AppTest]) -> None:
    at = app("small_team")
    assert at.title[0].value == "Team & agents"
    assert "login_password" not in [w.key for w in at.text_input]
    assert "login_sign_out" not in [b.key for b in at.sidebar.button]


def test_the_password_tool_writes_only_a_hash_readable_by_its_owner(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secrets = tmp_path / ".streamlit" / "secrets.toml"
    secrets.parent.mkdir()
    secrets.write_text('[other]\ntoken = "kept"\n')
    answers = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr(login.getpass, "getpass", lambda prompt: next(answers))
    assert login.main([str(secrets)]) == 0
    text = secrets.read_text()
    assert PASSWORD not in text and 'token = "kept"' in text
    stored = text.split('password_hash = "')[1].split('"')[0]
    assert login.check_password(PASSWORD, stored)
    assert secrets.stat().st_mode & 0o777 == 0o600

    answers = iter([PASSWORD, "something else"])
    monkeypatch.setattr(login.getpass, "getpass", lambda prompt: next(answers))
    assert login.main([str(secrets)]) == 2
    assert secrets.read_text() == text  # nothing written when the two differ


def test_the_repository_config_keeps_the_app_on_this_computer() -> None:
    """What ``streamlit run ui/app.py`` reads when started from the repository root."""
    import tomllib

    config = tomllib.loads((APP.parents[1] / ".streamlit" / "config.toml").read_text())
    assert config["server"]["address"] == "127.0.0.1" and config["server"]["headless"] is True
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["toolbarMode"] in ("viewer", "minimal")  # no Deploy button
    ignored = (APP.parents[1] / ".gitignore").read_text().splitlines()
    assert ".streamlit/secrets.toml" in ignored and "working_copies/" in ignored
