"""Secret feed addresses: one unguessable token per published feed, like Google's secret iCal URL.

A feed is served only at ``<base>/<token>.ics`` (see ``feed.py``); whoever has the address can
read that one feed, and nobody can list or guess the others.  Tokens come from
``secrets.token_urlsafe`` (256 bits) and are kept in ``DIR/feed_tokens.json`` beside the
calendars, mode 0600 because it holds secrets (the one file that does not follow the umask).

Tokens belong to a feed's identity (``team``, ``agent:<id>``, ``desk:<language>``), not to its
file, and a publish never touches them: re-publishing a roster keeps every subscription working.
They are created for feeds that ``index.json`` lists and that have none yet (when serving or
listing addresses), and replaced only on request (``rotate_tokens``), which ends the old address.
The team and desk feeds have tokens of their own, so an agent's address opens only their feed.
"""

from __future__ import annotations

import hmac
import json
import secrets
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from scheduler.atomic import write_text_atomic
from scheduler.calendar.publish import INDEX_FILE, folder_lock
from scheduler.errors import InputError

__all__ = [
    "TOKENS_FILE",
    "Feed",
    "FeedTokens",
    "read_feeds",
    "load_tokens",
    "ensure_tokens",
    "rotate_tokens",
    "feed_for_token",
    "feed_url",
]

TOKENS_FILE = "feed_tokens.json"
_TOKEN_BYTES = 32  # 256 bits; Google's secret addresses and RFC 4086 ask for at least 128


class Feed(BaseModel):
    """One calendar listed in ``index.json``."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    path: str = Field(description="file relative to the published folder")
    kind: str = Field(description="'agent', 'team' or 'desk'")
    key: str = Field(description="agent id, language, or 'all' for the team")
    name: str = Field(description="the calendar's title")

    @property
    def id(self) -> str:
        return "team" if self.kind == "team" else f"{self.kind}:{self.key}"


class FeedTokens(BaseModel):
    """The content of ``feed_tokens.json``: feed id -> token."""

    model_config = ConfigDict(extra="forbid")

    tokens: dict[str, str] = Field(default_factory=dict)


def read_feeds(folder: str | Path) -> list[Feed]:
    """The feeds ``roster export`` wrote into ``folder``, from its ``index.json``."""
    path = Path(folder) / INDEX_FILE
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))["calendars"]
        return [Feed.model_validate(e) for e in entries]
    except FileNotFoundError as exc:
        raise InputError("no index.json here: run `roster export` into this folder first",
                         file=path) from exc
    except (OSError, ValueError, KeyError, TypeError, ValidationError) as exc:
        raise InputError(f"index.json is unreadable ({exc.__class__.__name__}); publish the "
                         "roster again with `roster export`", file=path) from exc


def load_tokens(folder: str | Path) -> FeedTokens:
    path = Path(folder) / TOKENS_FILE
    if not path.is_file():
        return FeedTokens()
    try:
        return FeedTokens.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, ValidationError) as exc:
        raise InputError(f"feed tokens are unreadable ({exc.__class__.__name__}); restore the "
                         "file from backup, or delete it to give every feed a new address",
                         file=path) from exc


def _save(folder: Path, tokens: FeedTokens) -> None:
    write_text_atomic(folder / TOKENS_FILE, tokens.model_dump_json(indent=1) + "\n",
                      private=True)


def _new_token() -> str:
    return secrets.token_urlsafe(_TOKEN_BYTES)


def ensure_tokens(folder: str | Path) -> FeedTokens:
    """Give every feed in ``index.json`` a token, keeping existing ones; write only if needed."""
    folder = Path(folder)
    with folder_lock(folder):
        tokens = load_tokens(folder)
        missing = [f.id for f in read_feeds(folder) if f.id not in tokens.tokens]
        if missing:
            tokens.tokens.update({feed_id: _new_token() for feed_id in missing})
            _save(folder, tokens)
    return tokens


def _find(feeds: list[Feed], wanted: str) -> Feed:
    """A feed by id (``team``, ``desk:es``, ``agent:a7``) or by bare agent id (``a7``)."""
    by_id = {f.id: f for f in feeds}
    feed = by_id.get(wanted) or by_id.get(f"agent:{wanted}")
    if feed is None:
        raise InputError(f"no feed '{wanted}' here: give an agent id, 'team' or 'desk:<language>'"
                         " (`roster feed-tokens DIR` lists them)", field="--rotate")
    return feed


def rotate_tokens(folder: str | Path, wanted: list[str]) -> list[tuple[Feed, str]]:
    """New tokens for the named feeds (all checked before any is replaced); old ones stop."""
    folder = Path(folder)
    with folder_lock(folder):
        feeds = read_feeds(folder)
        chosen = list({f.id: f for f in (_find(feeds, w) for w in wanted)}.values())
        tokens = load_tokens(folder)
        for feed in feeds:
            tokens.tokens.setdefault(feed.id, _new_token())
        fresh = [(feed, _new_token()) for feed in chosen]
        tokens.tokens.update({feed.id: token for feed, token in fresh})
        _save(folder, tokens)
    return fresh


def feed_for_token(folder: str | Path, token: str) -> Feed | None:
    """The feed whose token this is, or None; compares in constant time per stored token."""
    found = None
    for feed_id, known in load_tokens(folder).tokens.items():
        if hmac.compare_digest(known.encode(), token.encode()):
            found = feed_id
    if found is None:
        return None
    return next((f for f in read_feeds(folder) if f.id == found), None)


def feed_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/{token}.ics"
