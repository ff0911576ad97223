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
from scheduler.i18n import _
from scheduler.roster_io import read_shifts_csv
from scheduler.team_io import load_problem
from scheduler.validator import rule_name, validate

__all__ = ["export_command", "serve_command", "feed_tokens_command", "format_summary",
           "DEFAULT_BASE_URL"]

Echo = Callable[[str], None]
DEFAULT_BASE_URL = "http://127.0.0.1:8080"  # where `roster serve-calendars` listens by default


def format_summary(summary: ExportSummary) -> str:
    """A few lines a manager can read: what changed for subscribers, and where the files are."""
    r = summary.report
    n_cal = sum(1 for f in summary.files if f.endswith(".ics"))
    lines = [
        _("Wrote {count} calendars to {folder} ({events} events in team.ics)").format(
            count=n_cal, folder=summary.out_dir, events=summary.events.get("team.ics", 0)),
        "  " + _("new {added}, moved/changed {updated}, notes only {touched}, unchanged "
                 "{unchanged}, cancelled {cancelled}, earlier weeks kept {carried}").format(
            added=len(r.added), updated=len(r.updated), touched=len(r.touched),
            unchanged=len(r.unchanged), cancelled=len(r.cancelled), carried=len(r.carried)),
    ]
    if summary.zip_path:
        lines.append("  " + _("zip: {path}").format(path=summary.zip_path))
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
        raise InputError(_("time mode '{mode}' is not 'utc' or 'tzid'").format(mode=time_mode))
    problem = load_problem(team_dir)
    shifts = read_shifts_csv(roster_csv, known_agents={a.id for a in problem.agents})
    breaches = validate(problem, shifts)
    if breaches and not accept_breaches:
        rules = _(", ").join(sorted({rule_name(v.rule) for v in breaches}))
        raise UnpublishableRosterError(_(
            "{roster} breaks {count} hard rule(s) ({rules}); `roster validate` lists them. "
            "Publish it anyway only if a manager accepts them: --accept-breaches").format(
            roster=roster_csv, count=len(breaches), rules=rules))
    out = Path(out_dir)
    zip_path = out.with_name(out.name + ".zip") if zip else None
    summary = export_calendars(problem, shifts, out, zip_path, time_mode=time_mode,
                               alarm_minutes=alarm_minutes)
    echo(format_summary(summary))
    return summary


def _check_base_url(base_url: str) -> str:
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(_("'{address}' is not an address like "
                           "https://calendars.example.com").format(address=base_url),
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
            echo(_("New address for {feed}").format(feed=_line(feed, base, token)))
        echo(_("Old addresses no longer work; send each new one to its owner only."))
        return
    tokens = ensure_tokens(folder).tokens
    echo(_("Secret feed addresses in {folder} (send each agent only their own):").format(
        folder=folder))
    for feed in read_feeds(folder):
        echo(f"  {_line(feed, base, tokens[feed.id])}")


def serve_command(folder: str | Path, host: str = "127.0.0.1", port: int = 8080,
                  echo: Echo = print, base_url: str | None = None) -> None:
    """Serve a published folder until Ctrl-C; warns when bound beyond this machine."""
    if not (Path(folder) / "team.ics").is_file():
        raise InputError(_("no team.ics here: run `roster export` into this folder first"),
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
        echo(_("warning: serving on {host} without TLS; feed addresses are secrets sent in "
               "the URL — prefer a reverse proxy with TLS").format(host=host))
    n_agents = sum(1 for f in feeds if f.kind == "agent")
    echo(_("Serving {count} calendar feeds from {folder} at {url} (Ctrl-C to stop); each only "
           "at its secret address").format(count=len(feeds), folder=folder, url=server.url))
    for feed in feeds:
        if feed.kind != "agent":
            echo(f"  {_line(feed, base, tokens[feed.id])}")
    echo("  " + _("{count} agent feeds: `roster feed-tokens {folder} --base-url {base}` lists "
                  "them; `--rotate AGENT_ID` replaces a leaked one").format(
        count=n_agents, folder=folder, base=base))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        echo(_("stopped"))
    finally:
        server.httpd.server_close()
