"""A tiny read-only HTTP server that serves a published folder for calendar subscriptions.

Google/Outlook/Apple poll a subscribed URL every few hours.  Each feed is served only at its
secret address ``/<token>.ics`` (``access.py``); every other request, a plain file name, the
folder's root and a wrong or rotated token alike, gets the same 404, so nothing tells a visitor
which agents or files exist.  Tokens are read from disk per request, so a rotation takes effect
at once.  ETag/Last-Modified give polling clients cheap 304s.

Request log lines go to stderr with the token replaced by the feed it opened (``[agent:a7]``)
and anything else token-shaped masked: the addresses are the only secret, and logs get copied
around.  Bound to 127.0.0.1 by default: put it behind the company's reverse proxy with TLS
rather than exposing it directly, since a token travels in the URL.
"""

from __future__ import annotations

import hashlib
import re
import socket
import sys
import threading
from collections.abc import Callable
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from scheduler.calendar.access import feed_for_token
from scheduler.errors import InputError

__all__ = ["FeedServer", "make_feed_server"]

_TOKEN_PATH = re.compile(r"/([A-Za-z0-9_-]+)\.ics")
# Anything token-shaped left in a log line (a malformed request line quoted in an error).
_TOKENISH = re.compile(r"[A-Za-z0-9_-]{20,}")

Log = Callable[[str], None]


def _stderr(line: str) -> None:
    sys.stderr.write(line + "\n")


class _FeedHandler(BaseHTTPRequestHandler):
    server_version = "roster-feeds/1.0"
    root: Path  # set on the per-server subclass
    log_line: Log  # likewise
    shown_path = "[unparsed request]"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        """The stdlib line, with the request path shown as ``shown_path`` (token redacted)."""
        text = format % args
        raw = getattr(self, "path", "")
        if raw:
            text = text.replace(raw, self.shown_path)
        text = _TOKENISH.sub("[redacted]", text)
        self.log_line(f"{self.address_string()} - [{self.log_date_time_string()}] {text}")

    def _feed_file(self) -> Path | None:
        """The file of the feed this request's token opens, or None for anything else."""
        match = _TOKEN_PATH.fullmatch(urlsplit(self.path).path)
        if match is None:  # shown as sent (old plain subscriptions), token-shaped parts masked
            self.shown_path = self.path
            return None
        self.shown_path = "/[no such token].ics"
        try:
            feed = feed_for_token(self.root, match.group(1))
        except InputError as exc:  # token file or index damaged: say so to the operator only
            self.log_error("%s", str(exc))
            return None
        if feed is None:
            return None
        self.shown_path = f"/[{feed.id}].ics"
        target = (self.root / feed.path).resolve()
        if target.suffix != ".ics" or not target.is_relative_to(self.root) \
                or not target.is_file():
            return None
        return target

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        path = self._feed_file()
        if path is None:
            self.send_error(HTTPStatus.NOT_FOUND, "no such calendar")
            return
        body = path.read_bytes()
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/calendar; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Cache-Control", "private, max-age=300")
        self.send_header("Last-Modified", formatdate(path.stat().st_mtime, usegmt=True))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_HEAD = do_GET

    def _read_only(self) -> None:
        self.shown_path = "[redacted]"
        self.send_error(HTTPStatus.METHOD_NOT_ALLOWED, "read-only calendar feed")

    do_POST = do_PUT = do_DELETE = do_PATCH = _read_only


class _ServerV6(ThreadingHTTPServer):
    address_family = socket.AF_INET6  # for host "::1"


class FeedServer:
    """A started-on-demand feed server; use as a context manager in tests and the app."""

    def __init__(self, folder: str | Path, host: str = "127.0.0.1", port: int = 8080,
                 log: Log = _stderr) -> None:
        root = Path(folder).resolve()
        if not root.is_dir():
            raise FileNotFoundError(f"no published calendar folder at {root}")
        handler = type("FeedHandler", (_FeedHandler,),
                       {"root": root, "log_line": staticmethod(log)})
        server_class = _ServerV6 if ":" in host else ThreadingHTTPServer
        self.httpd = server_class((host, port), handler)
        self.httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        host = f"[{host}]" if ":" in str(host) else host
        return f"http://{host}:{port}"

    def serve_forever(self) -> None:
        self.httpd.serve_forever(poll_interval=0.2)

    def start(self) -> FeedServer:
        self._thread = threading.Thread(target=self.serve_forever, name="calendar-feed",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self.httpd.server_close()

    def __enter__(self) -> FeedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def make_feed_server(folder: str | Path, host: str = "127.0.0.1", port: int = 8080,
                     log: Log = _stderr) -> FeedServer:
    """Bind (port 0 = any free port) without starting; call ``.start()`` or ``.serve_forever()``."""
    return FeedServer(folder, host, port, log)
