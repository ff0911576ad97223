"""The read-only feed server on 127.0.0.1 with an ephemeral port; every request is bounded.

Each feed is served only at its secret address; everything else is the same 404.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import stat
import urllib.error
import urllib.request

import pytest
from calendar_checks import parse_calendar, shift_of, team  # noqa: F401 - fixtures
from typer.testing import CliRunner

from scheduler.calendar import access
from scheduler.calendar.access import ensure_tokens, feed_url, load_tokens, rotate_tokens
from scheduler.calendar.commands import feed_tokens_command, serve_command
from scheduler.calendar.feed import FeedServer
from scheduler.calendar.publish import export_calendars
from scheduler.cli import app
from scheduler.errors import InputError

pytestmark = pytest.mark.timeout(30)
NOW = dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.timezone.utc)
NOW2 = dt.datetime(2026, 11, 26, 8, 0, tzinfo=dt.timezone.utc)


def fetch(url: str, method: str = "GET", headers: dict[str, str] | None = None):
    req = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=5) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


@pytest.fixture
def published(tmp_path, team, shift_of):
    shifts = [shift_of("mad", "2026-12-01 09:00", 8), shift_of("lax", "2026-12-01 18:00", 8)]
    folder = tmp_path / "cal"
    export_calendars(team, shifts, folder, now=NOW)
    (tmp_path / "secret.ics").write_text("outside the folder")
    return folder


@pytest.fixture
def tokens(published) -> dict[str, str]:
    return ensure_tokens(published).tokens


@pytest.fixture
def log() -> list[str]:
    return []


@pytest.fixture
def server(published, tokens, log):
    with FeedServer(published, port=0, log=log.append) as running:
        yield running


def url(server: FeedServer, token: str) -> str:
    return feed_url(server.url, token)


def test_serves_a_feed_at_its_secret_address_with_caching_headers(published, tokens, server):
    assert server.url.startswith("http://127.0.0.1:")
    status, headers, body = fetch(url(server, tokens["agent:mad"]))
    assert status == 200 and headers["Content-Type"].startswith("text/calendar")
    assert body == (published / "agents/mad.ics").read_bytes()
    (ev,) = parse_calendar(body)
    assert ev.summary == "Primary chat – ES desk"
    status, _, body = fetch(url(server, tokens["agent:mad"]),
                            headers={"If-None-Match": headers["ETag"]})
    assert status == 304 and body == b""
    status, head, body = fetch(url(server, tokens["team"]), method="HEAD")
    assert status == 200 and body == b"" and int(head["Content-Length"]) > 0


def test_every_feed_has_its_own_token(published, tokens, server):
    files = {"team": "team.ics", "agent:mad": "agents/mad.ics", "agent:lax": "agents/lax.ics",
             "agent:sha": "agents/sha.ics", "desk:es": "desks/es.ics", "desk:en": "desks/en.ics"}
    assert set(tokens) == set(files)
    assert len(set(tokens.values())) == len(tokens)
    for feed_id, path in files.items():
        token = tokens[feed_id]
        assert len(token) >= 43 and token.replace("-", "").replace("_", "").isalnum()  # 256 bit
        status, _, body = fetch(url(server, token))
        assert status == 200 and body == (published / path).read_bytes(), feed_id


@pytest.mark.parametrize("path", [
    "/", "/index.html", "/index.json", "/team.ics", "/agents/mad.ics", "/desks/es.ics",
    "/publish_state.json", "/feed_tokens.json", "/.publish.lock", "/../secret.ics",
    "/%2e%2e/secret.ics", "/agents/nobody.ics", "/{wrong}.ics", "/{mad}", "/{mad}.ics/x",
    "/x/{mad}.ics", "/{mad}.json"])
def test_anything_but_a_valid_token_is_the_same_404(tokens, server, path):
    wrong = "A" * 43
    status, _, body = fetch(server.url + path.format(wrong=wrong, mad=tokens["agent:mad"]))
    _, _, reference = fetch(f"{server.url}/{wrong}.ics")
    assert status == 404 and body == reference  # a plain name and a bad token look alike


def test_rotation_ends_the_old_address_at_once(published, tokens, server):
    old = url(server, tokens["agent:mad"])
    assert fetch(old)[0] == 200
    lines: list[str] = []
    feed_tokens_command(published, ["mad"], server.url, echo=lines.append)
    new = load_tokens(published).tokens
    assert new["agent:mad"] != tokens["agent:mad"]
    assert lines[0] == (f"New address for agent:mad: {url(server, new['agent:mad'])}  "
                        "(Lucía (Madrid) – shifts (Support Desk))")
    assert fetch(old)[0] == 404
    assert fetch(url(server, new["agent:mad"]))[0] == 200
    assert {k: v for k, v in new.items() if k != "agent:mad"} == \
        {k: v for k, v in tokens.items() if k != "agent:mad"}
    ((team_feed, _),) = rotate_tokens(published, ["team"])
    assert team_feed.path == "team.ics" and fetch(url(server, tokens["team"]))[0] == 404


def test_unknown_feed_to_rotate_changes_nothing(published, tokens):
    before = (published / access.TOKENS_FILE).read_bytes()
    with pytest.raises(InputError, match="no feed 'nobody'") as err:
        rotate_tokens(published, ["mad", "nobody"])
    assert err.value.field == "--rotate"
    assert (published / access.TOKENS_FILE).read_bytes() == before


def test_tokens_survive_a_republish_and_new_feeds_get_one(published, tokens, server, team,
                                                         shift_of):
    moved = [shift_of("mad", "2026-12-01 11:00", 8), shift_of("lax", "2026-12-01 18:00", 8)]
    newcomer = team.agents[0].model_copy(update={"id": "rio", "name": "Rita (Madrid)"})
    bigger = team.model_copy(update={"agents": (*team.agents, newcomer)})
    export_calendars(bigger, moved, published, now=NOW2)
    status, _, body = fetch(url(server, tokens["agent:mad"]))
    (ev,) = parse_calendar(body)
    assert status == 200 and ev.sequence == 1  # the same address shows the moved shift
    after = ensure_tokens(published).tokens
    assert {k: after[k] for k in tokens} == tokens and set(after) - set(tokens) == {"agent:rio"}
    assert fetch(url(server, after["agent:rio"]))[0] == 200


def test_log_lines_never_show_a_token(tokens, server, log):
    fetch(url(server, tokens["agent:mad"]))
    fetch(f"{server.url}/{tokens['team'][:-1]}x.ics")  # a mistyped address
    fetch(f"{server.url}/agents/lax.ics")
    fetch(url(server, tokens["desk:es"]), method="POST")
    host, port = server.httpd.server_address[:2]
    with socket.create_connection((host, port), timeout=5) as sock:  # malformed request line
        sock.sendall(f"GET /{tokens['agent:lax']}.ics extra words\r\n\r\n".encode())
        sock.recv(4096)
    server.stop()  # joins the handler threads' log calls
    text = "\n".join(log)
    assert '"GET /[agent:mad].ics HTTP/1.1" 200' in text
    assert '"GET /[no such token].ics HTTP/1.1" 404' in text
    assert '"GET /agents/lax.ics HTTP/1.1" 404' in text
    for token in tokens.values():
        assert token not in text and token[:20] not in text
    assert len(log) >= 5


def test_token_file_is_private_and_stable(published, tokens):
    path = published / access.TOKENS_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    old = os.umask(0o000)
    try:
        rotate_tokens(published, ["lax"])
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert ensure_tokens(published).tokens["agent:mad"] == tokens["agent:mad"]


def test_damaged_token_file_is_an_error_and_serves_nothing(published, tokens, server, log):
    (published / access.TOKENS_FILE).write_text("{not json")
    with pytest.raises(InputError, match="feed tokens are unreadable"):
        ensure_tokens(published)
    assert fetch(url(server, tokens["team"]))[0] == 404


def test_serve_command_prints_team_and_desk_addresses(published, monkeypatch):
    lines: list[str] = []

    def interrupted(self: FeedServer) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(FeedServer, "serve_forever", interrupted)
    serve_command(published, port=0, echo=lines.append, base_url="https://cal.example.com/")
    tokens = load_tokens(published).tokens
    text = "\n".join(lines)
    assert " at http://127.0.0.1:" in lines[0] and "warning" not in text
    assert f"  team: https://cal.example.com/{tokens['team']}.ics  (" in text
    assert f"https://cal.example.com/{tokens['desk:es']}.ics" in text
    assert tokens["agent:mad"] not in text  # agents' addresses: one by one, via feed-tokens
    assert "3 agent feeds: `roster feed-tokens" in text and lines[-1] == "stopped"
    with pytest.raises(InputError, match="--base-url"):
        serve_command(published, port=0, echo=lines.append, base_url="cal.example.com")


def test_feed_tokens_lists_every_address(published):
    lines: list[str] = []
    feed_tokens_command(published, echo=lines.append)
    tokens = load_tokens(published).tokens
    assert len(lines) == 1 + len(tokens)
    assert f"  agent:mad: http://127.0.0.1:8080/{tokens['agent:mad']}.ics  " \
           "(Lucía (Madrid) – shifts (Support Desk))" in lines
    with pytest.raises(InputError, match="no index.json"):
        feed_tokens_command(published.parent, echo=lines.append)


def test_is_read_only_and_stops(published, tokens):
    server = FeedServer(published, port=0, log=lambda _: None).start()
    address = server.url
    try:
        status, _, _ = fetch(feed_url(address, tokens["team"]), method="POST")
        assert status == 405
    finally:
        server.stop()
    port = int(address.rsplit(":", 1)[1])
    with socket.socket() as sock:
        sock.settimeout(2)
        assert sock.connect_ex(("127.0.0.1", port)) != 0, "server still listening after stop"


def test_missing_folder_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        FeedServer(tmp_path / "nope", port=0)


def test_cli_lists_and_rotates(published, tokens):
    runner = CliRunner()
    result = runner.invoke(app, ["feed-tokens", str(published), "--base-url",
                                 "https://cal.example.com"])
    assert result.exit_code == 0, result.output
    assert f"https://cal.example.com/{tokens['agent:sha']}.ics" in result.output
    result = runner.invoke(app, ["feed-tokens", str(published), "--rotate", "sha",
                                 "--rotate", "desk:en"])
    assert result.exit_code == 0, result.output
    new = load_tokens(published).tokens
    assert f"http://127.0.0.1:8080/{new['agent:sha']}.ics" in result.output
    assert new["desk:en"] != tokens["desk:en"] and new["team"] == tokens["team"]
    result = runner.invoke(app, ["feed-tokens", str(published), "--rotate", "nobody"])
    assert result.exit_code == 2 and "argument --rotate" in result.output
    assert load_tokens(published).tokens == new
