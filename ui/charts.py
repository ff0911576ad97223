"""Plotly figures: the roster as a Gantt per agent, coverage vs required, demand heatmap.

Figures are built from the engine's own tables (shifts, ``coverage_table``, demand grid) and
hold no rules. Bars are drawn as one trace per role with ``base`` + duration, which stays fast
for a 30-agent week (a few hundred bars) where one trace per shift would not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Literal
from zoneinfo import ZoneInfo

import pandas as pd
import plotly.graph_objects as go

from scheduler.coverage import ALL
from scheduler.domain import Problem, Role, Shift

__all__ = ["ZoneMode", "ZONE_MODES", "gantt_figure", "coverage_figure", "demand_heatmap"]

ZoneMode = Literal["utc", "planning", "agent"]
ZONE_MODES: dict[ZoneMode, str] = {
    "planning": "Planning zone",
    "utc": "UTC",
    "agent": "Each agent's local time",
}
_ROLE_STYLE = {
    Role.PRIMARY: {"color": "#1f77b4", "pattern": ""},
    Role.BACKUP: {"color": "#ff9f1c", "pattern": "/"},
}
_MS_PER_HOUR = 3_600_000


def _wall_clock(instant: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """Naive wall-clock time, so Plotly draws it as typed instead of converting it again."""
    return instant.astimezone(zone).replace(tzinfo=None)


def gantt_figure(problem: Problem, shifts: Iterable[Shift], mode: ZoneMode = "planning",
                 pinned: Iterable[Shift] = ()) -> go.Figure:
    """One row per agent; primary solid blue, backup hatched orange, pinned shifts outlined."""
    agents = {a.id: a for a in problem.agents}
    planning = ZoneInfo(problem.settings.timezone)
    pinned_keys = {(p.agent_id, p.role, p.start, p.end) for p in pinned}
    labels = {a.id: f"{a.id} {a.name}" for a in problem.agents}
    rows: dict[Role, dict[str, list[Any]]] = {
        r: {"y": [], "base": [], "x": [], "text": [], "line": []} for r in Role}
    for s in sorted(shifts, key=lambda s: s.start):
        agent = agents.get(s.agent_id)
        zone = (agent.zone if agent and mode == "agent"
                else planning if mode == "planning" else dt.timezone.utc)
        start, end = _wall_clock(s.start, zone), _wall_clock(s.end, zone)
        row = rows[s.role]
        row["y"].append(labels.get(s.agent_id, s.agent_id))
        row["base"].append(start)
        row["x"].append(s.hours * _MS_PER_HOUR)
        row["text"].append(f"{labels.get(s.agent_id, s.agent_id)}<br>{s.role.value} "
                           f"{start:%a %H:%M}–{end:%H:%M} ({s.hours:g} h)"
                           + (" · pinned" if (s.agent_id, s.role, s.start, s.end) in pinned_keys
                              else ""))
        row["line"].append(2.5 if (s.agent_id, s.role, s.start, s.end) in pinned_keys else 0)
    fig = go.Figure()
    for role, row in rows.items():
        if not row["y"]:
            continue
        style = _ROLE_STYLE[role]
        fig.add_trace(go.Bar(
            name=role.value, orientation="h", y=row["y"], base=row["base"], x=row["x"],
            hovertext=row["text"], hoverinfo="text",
            marker={"color": style["color"], "pattern": {"shape": style["pattern"]},
                    "line": {"width": row["line"], "color": "#d62728"}},
        ))
    order = [labels[a.id] for a in problem.agents]
    week = dt.datetime.combine(problem.settings.week_start, dt.time(0))
    x_range = [week - dt.timedelta(hours=14), week + dt.timedelta(days=7, hours=14)] \
        if mode != "planning" else [week, week + dt.timedelta(days=7)]
    fig.update_layout(
        barmode="overlay", height=max(320, 22 * len(order) + 120),
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "y": 1.02, "x": 0, "yanchor": "bottom"},
        xaxis={"type": "date", "title": ZONE_MODES[mode], "range": x_range,
               "tickformat": "%a %d\n%H:%M"},
        yaxis={"categoryorder": "array", "categoryarray": order[::-1], "title": None},
    )
    return fig


def coverage_figure(coverage: pd.DataFrame, language: str = ALL) -> go.Figure:
    """Scheduled vs required primary agents per slot (planning zone); gaps as red bars.

    The red bar spans from what is scheduled up to what is required, so a manager sees both
    where and by how many agents the roster falls short. Peak slots are shaded.
    """
    data = coverage[coverage["language"] == language]
    x = data["start_planning"].dt.tz_localize(None)
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=x, y=data["scheduled_primary"], name="scheduled",
                             line={"shape": "hv", "color": "#1f77b4"}, fill="tozeroy"))
    fig.add_trace(go.Scatter(x=x, y=data["required_primary"], name="required",
                             line={"shape": "hv", "color": "#222", "dash": "dash"}))
    if data["required_backup"].any() or data["scheduled_backup"].any():
        fig.add_trace(go.Scatter(x=x, y=data["scheduled_backup"], name="backup on call",
                                 line={"shape": "hv", "color": "#ff9f1c"}))
    gaps = data[data["gap_primary"] > 0]
    if len(gaps):
        slot = (data["start_planning"].iloc[1] - data["start_planning"].iloc[0]) \
            if len(data) > 1 else pd.Timedelta(minutes=30)
        fig.add_trace(go.Bar(
            x=gaps["start_planning"].dt.tz_localize(None) + slot / 2, y=gaps["gap_primary"],
            base=gaps["scheduled_primary"], name="gap", marker={"color": "#d62728"},
            width=slot.total_seconds() * 1000, opacity=0.8,
            hovertemplate="%{x|%a %H:%M}: short by %{y} agent(s)<extra></extra>",
        ))
    peak = data["peak"] != ""
    if peak.any():
        starts = x[peak & ~peak.shift(1, fill_value=False)]
        ends = x[peak & ~peak.shift(-1, fill_value=False)]
        step = x.iloc[1] - x.iloc[0] if len(x) > 1 else pd.Timedelta(minutes=30)
        for a, b in zip(starts, ends, strict=True):
            fig.add_vrect(x0=a, x1=b + step, fillcolor="#ffd166", opacity=0.2, line_width=0)
    fig.update_layout(
        height=320, margin={"l": 10, "r": 10, "t": 30, "b": 10}, bargap=0,
        legend={"orientation": "h", "y": 1.02, "x": 0, "yanchor": "bottom"},
        xaxis={"title": "planning zone", "tickformat": "%a %d\n%H:%M"},
        yaxis={"title": f"agents ({language})", "rangemode": "tozero"},
    )
    return fig


def demand_heatmap(matrix: pd.DataFrame, title: str) -> go.Figure:
    """Weekday × hour grid of required agents (what the demand editor below edits)."""
    fig = go.Figure(go.Heatmap(
        z=matrix.to_numpy(), x=list(matrix.columns), y=list(matrix.index), colorscale="Blues",
        hovertemplate="%{y} %{x}: %{z} agent(s)<extra></extra>", texttemplate="%{z}",
    ))
    fig.update_layout(height=300, margin={"l": 10, "r": 10, "t": 30, "b": 10}, title=title,
                      yaxis={"autorange": "reversed"})
    return fig
