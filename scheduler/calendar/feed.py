"""A tiny read-only HTTP server that serves a published folder for calendar subscriptions.

Google/Outlook/Apple poll a subscribed URL every few hours; serving the folder written by
``export_calendars`` is all it takes.  Only ``.ics`` files and ``index.json`` below the folder are
served (never the publish state, never anything outside), with ETag/Last-Modified so polling
clients get cheap 304s.  Bound to 127.0.0.1 by default: put it behind the company's reverse
proxy (TLS, auth) rather than exposing it directly — feeds name agents and their hours.
"""

from __future__ import annotations

import hashlib
import html
import json
import socket
import threading
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

__all__ = ["FeedServer", "make_feed_server"]

_TYPES = {".ics": "text/calendar; charset=utf-8", ".json": "application/json; charset=utf-8"}
_PUBLIC_JSON = {"index.json"}


class _FeedHandler(BaseHTTPRequestHandler):
    server_version = "roster-feeds/1.0"
    root: Path  # set on the per-server subclass

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        """Quiet by default: the CLI prints the URLs; access logs belong to the proxy."""

    def _resolve(self) -> Path | None:
        rel = unquote(urlsplit(self.path).path).lstrip("/")
        if rel in ("", "index.html"):
            return None
        target = (self.root / rel).resolve()
        if not target.is_relative_to(self.root) or not target.is_file():
            return None
        if target.suffix == ".ics" or (target.suffix == ".json" and target.name in _PUBLIC_JSON
                                       and target.parent == self.root):
            return target
        return None

    def _index_page(self) -> bytes:
        try:
            index = json.loads((self.root / "index.json").read_text(encoding="utf-8"))
            entries = index.get("calendars", [])
        except (OSError, ValueError):
            entries = [{"path": p.relative_to(self.root).as_posix(), "name": p.stem}
                       for p in sorted(self.root.rglob("*.ics"))]
        items = "".join(f'<li><a href="/{html.escape(e["path"])}">{html.escape(e["name"])}</a>'
                        f' <code>{html.escape(e["path"])}</code></li>' for e in entries)
        return (f"<!doctype html><meta charset=utf-8><title>Roster calendars</title>"
                f"<h1>Roster calendars</h1><p>Subscribe to a feed URL in your calendar app."
                f"</p><ul>{items}</ul>").encode()

    def _send(self, body: bytes | None) -> None:
        path = None if body is not None else self._resolve()
        if body is None and path is None:
            self.send_error(HTTPStatus.NOT_FOUND, "no such calendar")
            return
        if path is not None:
            body = path.read_bytes()
            ctype = _TYPES[path.suffix]
            modified = path.stat().st_mtime
        else:
            ctype, modified = "text/html; charset=utf-8", None
        assert body is not None
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Cache-Control", "max-age=300")
        if modified is not None:
            self.send_header("Last-Modified", formatdate(modified, usegmt=True))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        rel = urlsplit(self.path).path
        self._send(self._index_page() if rel in ("/", "/index.html") else None)

    do_HEAD = do_GET

    def _read_only(self) -> None:
        self.send_error(HTTPStatus.METHOD_NOT_ALLOWED, "read-only calendar feed")

    do_POST = do_PUT = do_DELETE = do_PATCH = _read_only


class _ServerV6(ThreadingHTTPServer):
    address_family = socket.AF_INET6  # for host "::1"


class FeedServer:
    """A started-on-demand feed server; use as a context manager in tests and the app."""

    def __init__(self, folder: str | Path, host: str = "127.0.0.1", port: int = 8080) -> None:
        root = Path(folder).resolve()
        if not root.is_dir():
            raise FileNotFoundError(f"no published calendar folder at {root}")
        handler = type("FeedHandler", (_FeedHandler,), {"root": root})
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


def make_feed_server(folder: str | Path, host: str = "127.0.0.1", port: int = 8080) -> FeedServer:
    """Bind (port 0 = any free port) without starting; call ``.start()`` or ``.serve_forever()``."""
    return FeedServer(folder, host, port)
