"""Plain functions behind ``roster export``, ``roster serve-calendars`` and ``roster feed-tokens``.

The CLI module (owned elsewhere) only parses options and calls these, so the same code paths
are used by scripts and tests without a Typer runner.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from scheduler.calendar.access import (
    Feed,
    ensure_tokens,
    feed_url,
    read_feeds,
    rotate_tokens,
)
from scheduler.calendar.feed import make_feed_server
from scheduler.calendar.ics import TimeMode
from scheduler.calendar.publish import ExportSummary, export_calendars
from scheduler.errors import InputError, UnpublishableRosterError
from scheduler.roster_io import read_shifts_csv
from scheduler.team_io import load_problem
from scheduler.validator import validate

__all__ = ["export_command", "serve_command", "feed_tokens_command", "format_summary",
           "DEFAULT_BASE_URL"]

Echo = Callable[[str], None]
DEFAULT_BASE_URL = "http://127.0.0.1:8080"  # where `roster serve-calendars` listens by default


def format_summary(summary: ExportSummary) -> str:
    """A few lines a manager can read: what changed for subscribers, and where the files are."""
    r = summary.report
    n_cal = sum(1 for f in summary.files if f.endswith(".ics"))
    lines = [
        f"Wrote {n_cal} calendars to {summary.out_dir} "
        f"({summary.events.get('team.ics', 0)} events in team.ics)",
        f"  new {len(r.added)}, moved/changed {len(r.updated)}, notes only {len(r.touched)}, "
        f"unchanged {len(r.unchanged)}, cancelled {len(r.cancelled)}, "
        f"earlier weeks kept {len(r.carried)}",
    ]
    if summary.zip_path:
        lines.append(f"  zip: {summary.zip_path}")
    return "\n".join(lines)


def export_command(
    team_dir: str | Path,
    roster_csv: str | Path,
    out_dir: str | Path,
    zip: bool = True,  # noqa: A002 - mirrors the --zip/--no-zip option name
    *,
    time_mode: TimeMode = "utc",
    alarm_minutes: int | None = 30,
    echo: Echo = print,
    accept_breaches: bool = False,
) -> ExportSummary:
    """Load the team and its solved roster, publish calendars into ``out_dir`` (+ sibling zip).

    The zip goes next to the folder (``<out_dir>.zip``) so it is never inside what it archives.
    """
    if time_mode not in ("utc", "tzid"):
        raise InputError(f"time mode '{time_mode}' is not 'utc' or 'tzid'")
    problem = load_problem(team_dir)
    shifts = read_shifts_csv(roster_csv, known_agents={a.id for a in problem.agents})
    breaches = validate(problem, shifts)
    if breaches and not accept_breaches:
        rules = ", ".join(sorted({v.rule for v in breaches}))
        raise UnpublishableRosterError(
            f"{roster_csv} breaks {len(breaches)} hard rule(s) ({rules}); `roster validate` lists "
            "them. Publish it anyway only if a manager accepts them: --accept-breaches")
    out = Path(out_dir)
    zip_path = out.with_name(out.name + ".zip") if zip else None
    summary = export_calendars(problem, shifts, out, zip_path, time_mode=time_mode,
                               alarm_minutes=alarm_minutes)
    echo(format_summary(summary))
    return summary


def _check_base_url(base_url: str) -> str:
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"'{base_url}' is not an address like https://calendars.example.com",
                         field="--base-url")
    return base_url.rstrip("/")


def _line(feed: Feed, base: str, token: str) -> str:
    """'agent:a7: https://…/<token>.ics  (Lucía – shifts (Support))', the address in one piece."""
    return f"{feed.id}: {feed_url(base, token)}  ({feed.name})"


def feed_tokens_command(folder: str | Path, rotate: list[str] | None = None,
                        base_url: str | None = None, echo: Echo = print) -> None:
    """List every feed's secret address, or give the named feeds new ones (old ones stop)."""
    base = _check_base_url(base_url or DEFAULT_BASE_URL)
    if rotate:
        for feed, token in rotate_tokens(folder, rotate):
            echo(f"New address for {_line(feed, base, token)}")
        echo("Old addresses no longer work; send each new one to its owner only.")
        return
    tokens = ensure_tokens(folder).tokens
    echo(f"Secret feed addresses in {folder} (send each agent only their own):")
    for feed in read_feeds(folder):
        echo(f"  {_line(feed, base, tokens[feed.id])}")


def serve_command(folder: str | Path, host: str = "127.0.0.1", port: int = 8080,
                  echo: Echo = print, base_url: str | None = None) -> None:
    """Serve a published folder until Ctrl-C; warns when bound beyond this machine."""
    if not (Path(folder) / "team.ics").is_file():
        raise InputError("no team.ics here: run `roster export` into this folder first",
                         file=folder)
    base = _check_base_url(base_url) if base_url else None
    tokens = ensure_tokens(folder).tokens
    feeds = read_feeds(folder)
    server = make_feed_server(folder, host, port)
    base = base or server.url
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback:
        echo(f"warning: serving on {host} without TLS; feed addresses are secrets sent in the "
             "URL — prefer a reverse proxy with TLS")
    n_agents = sum(1 for f in feeds if f.kind == "agent")
    echo(f"Serving {len(feeds)} calendar feeds from {folder} at {server.url} (Ctrl-C to stop); "
         "each only at its secret address")
    for feed in feeds:
        if feed.kind != "agent":
            echo(f"  {_line(feed, base, tokens[feed.id])}")
    echo(f"  {n_agents} agent feeds: `roster feed-tokens {folder} --base-url {base}` lists "
         "them; `--rotate AGENT_ID` replaces a leaked one")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        echo("stopped")
    finally:
        server.httpd.server_close()
