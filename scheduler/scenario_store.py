"""Saved what-if scenarios, with full history, in an embedded database.

Every save appends a new version row (name, version, created_at, problem, roster, KPIs): a
manager can always go back to what was compared last Tuesday.  SQLite in a file by default;
set ``ROSTER_DB_URL`` (any SQLAlchemy URL, e.g. ``postgresql+psycopg://...``) to share one
database between managers.

Two browser tabs saving the same name at once must both keep their work: ``(name, version)``
is unique, each save reads the next version number inside its transaction, and a save that
loses the race (IntegrityError) simply retries with the next number.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    DateTime,
    Engine,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    func,
    select,
)
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from scheduler.domain import Problem, Roster
from scheduler.errors import RosterError

__all__ = ["ScenarioStore", "StoredScenario", "ScenarioSummary", "default_url", "DB_URL_ENV"]

DB_URL_ENV = "ROSTER_DB_URL"
_RETRIES = 20


def default_url() -> str:
    """``$ROSTER_DB_URL`` or ``sqlite:///scenarios.db`` in the working directory."""
    return os.environ.get(DB_URL_ENV) or "sqlite:///scenarios.db"


class _Base(DeclarativeBase):
    pass


class _ScenarioVersion(_Base):
    __tablename__ = "scenario_versions"
    __table_args__ = (UniqueConstraint("name", "version", name="uq_scenario_name_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    note: Mapped[str] = mapped_column(Text, default="")
    problem_json: Mapped[str] = mapped_column(Text)
    roster_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    kpis_json: Mapped[str | None] = mapped_column(Text, nullable=True)


@dataclass(frozen=True)
class ScenarioSummary:
    """One row of the scenario list: the latest version of a name."""

    name: str
    latest_version: int
    versions: int
    updated_at: dt.datetime


@dataclass(frozen=True)
class StoredScenario:
    name: str
    version: int
    created_at: dt.datetime
    note: str
    problem: Problem
    roster: Roster | None
    kpis: dict[str, Any] | None


def _aware(value: dt.datetime) -> dt.datetime:
    """SQLite drops the zone on the way back; stored values are always UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


class ScenarioStore:
    """Append-only versioned scenarios in one table; safe for concurrent savers."""

    def __init__(self, url: str | None = None, *, engine: Engine | None = None) -> None:
        self.url = url or default_url()
        if engine is None:
            connect_args = {"timeout": 30} if self.url.startswith("sqlite") else {}
            engine = create_engine(self.url, connect_args=connect_args)
        self.engine = engine
        _Base.metadata.create_all(self.engine)

    def save(self, name: str, problem: Problem, roster: Roster | None = None,
             kpis: dict[str, Any] | None = None, note: str = "") -> int:
        """Append a version of ``name`` and return its number (1 for a new name)."""
        name = name.strip()
        if not name:
            raise RosterError("a scenario needs a name")
        row_values = {
            "name": name,
            "note": note,
            "problem_json": problem.model_dump_json(),
            "roster_json": roster.model_dump_json() if roster is not None else None,
            "kpis_json": json.dumps(kpis, default=str) if kpis is not None else None,
        }
        for attempt in range(_RETRIES):
            try:
                with Session(self.engine) as session, session.begin():
                    latest = session.scalar(
                        select(func.max(_ScenarioVersion.version))
                        .where(_ScenarioVersion.name == name))
                    version = (latest or 0) + 1
                    session.add(_ScenarioVersion(
                        version=version, created_at=dt.datetime.now(dt.timezone.utc),
                        **row_values))
                return version
            except (IntegrityError, OperationalError):
                # another tab took this version number (or held the SQLite write lock): retry
                time.sleep(0.01 * (attempt + 1))
        raise RosterError(f"could not save scenario '{name}' after {_RETRIES} attempts; "
                          "the database is too busy, try again")

    def scenarios(self) -> list[ScenarioSummary]:
        """Every scenario name with its latest version, most recently updated first."""
        stmt = (select(_ScenarioVersion.name, func.max(_ScenarioVersion.version),
                       func.count(), func.max(_ScenarioVersion.created_at))
                .group_by(_ScenarioVersion.name))
        with Session(self.engine) as session:
            rows = session.execute(stmt).all()
        out = [ScenarioSummary(n, int(v), int(c), _aware(t)) for n, v, c, t in rows]
        return sorted(out, key=lambda s: s.updated_at, reverse=True)

    def history(self, name: str) -> list[tuple[int, dt.datetime, str]]:
        """(version, created_at, note) of one scenario, newest first."""
        stmt = (select(_ScenarioVersion.version, _ScenarioVersion.created_at,
                       _ScenarioVersion.note)
                .where(_ScenarioVersion.name == name)
                .order_by(_ScenarioVersion.version.desc()))
        with Session(self.engine) as session:
            return [(int(v), _aware(t), n) for v, t, n in session.execute(stmt).all()]

    def load(self, name: str, version: int | None = None) -> StoredScenario:
        """One version of a scenario (the latest when ``version`` is None)."""
        stmt = select(_ScenarioVersion).where(_ScenarioVersion.name == name)
        stmt = (stmt.where(_ScenarioVersion.version == version) if version is not None
                else stmt.order_by(_ScenarioVersion.version.desc()).limit(1))
        with Session(self.engine) as session:
            row = session.scalar(stmt)
            if row is None:
                which = f"version {version} of " if version is not None else ""
                raise RosterError(f"no {which}scenario named '{name}'")
            return StoredScenario(
                name=row.name,
                version=row.version,
                created_at=_aware(row.created_at),
                note=row.note,
                problem=Problem.model_validate_json(row.problem_json),
                roster=Roster.model_validate_json(row.roster_json) if row.roster_json else None,
                kpis=json.loads(row.kpis_json) if row.kpis_json else None,
            )
