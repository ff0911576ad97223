"""The read-only feed server on 127.0.0.1 with an ephemeral port; every request is bounded."""

from __future__ import annotations

import datetime as dt
import socket
import urllib.error
import urllib.request

import pytest
from calendar_checks import parse_calendar, shift_of, team  # noqa: F401 - fixtures

from scheduler.calendar.feed import FeedServer
from scheduler.calendar.publish import export_calendars

pytestmark = pytest.mark.timeout(30)
NOW = dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.timezone.utc)


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
    export_calendars(team, shifts, tmp_path, now=NOW)
    (tmp_path.parent / "secret.ics").write_text("outside the folder")
    return tmp_path


def test_serves_feeds_with_caching_headers(published):
    with FeedServer(published, port=0) as server:
        assert server.url.startswith("http://127.0.0.1:")
        status, headers, body = fetch(server.url + "/agents/mad.ics")
        assert status == 200 and headers["Content-Type"].startswith("text/calendar")
        assert body == (published / "agents/mad.ics").read_bytes()
        (ev,) = parse_calendar(body)
        assert ev.summary == "Primary chat – ES desk"
        status, _, body = fetch(server.url + "/agents/mad.ics", headers={"If-None-Match":
                                                                          headers["ETag"]})
        assert status == 304 and body == b""
        status, head, body = fetch(server.url + "/team.ics", method="HEAD")
        assert status == 200 and body == b"" and int(head["Content-Length"]) > 0
        status, _, page = fetch(server.url + "/")
        assert status == 200 and b"/agents/lax.ics" in page and "Lucía".encode() in page
        status, _, index = fetch(server.url + "/index.json")
        assert status == 200 and b'"team.ics"' in index


@pytest.mark.parametrize("path", ["/publish_state.json", "/../secret.ics", "/%2e%2e/secret.ics",
                                  "/agents/nobody.ics", "/.publish.lock"])
def test_refuses_anything_but_published_calendars(published, path):
    with FeedServer(published, port=0) as server:
        status, _, _ = fetch(server.url + path)
        assert status == 404


def test_is_read_only_and_stops(published):
    server = FeedServer(published, port=0).start()
    url = server.url
    try:
        status, _, _ = fetch(url + "/team.ics", method="POST")
        assert status == 405
    finally:
        server.stop()
    port = int(url.rsplit(":", 1)[1])
    with socket.socket() as sock:
        sock.settimeout(2)
        assert sock.connect_ex(("127.0.0.1", port)) != 0, "server still listening after stop"


def test_missing_folder_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        FeedServer(tmp_path / "nope", port=0)
