"""Plotly figures: the roster as a Gantt per agent, coverage vs required, demand heatmap.

Figures are built from the engine's own tables (shifts, ``coverage_table``, demand grid) and
hold no rules. Bars are drawn as one trace per role with ``base`` + duration, which stays fast
for a 30-agent week (a few hundred bars) where one trace per shift would not.

Every colour on a chart has a legend entry (shading and outlines get a legend-only marker), and
every time axis names its clock: the planning zone, UTC, or each agent's local time — "local"
always means the agent's own zone, shown with its city (``zone_city``, in the active
language: Madrid / 马德里). Titles, legends and hover texts are translated (``scheduler.i18n``).
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
from scheduler.formats import city, weekday_time
from scheduler.formats import day as day_label
from scheduler.i18n import N_, _

__all__ = ["ZoneMode", "ZONE_MODES", "zone_mode_label", "zone_city", "hour_step", "gantt_figure",
           "coverage_figure", "demand_heatmap"]

ZoneMode = Literal["utc", "planning", "agent"]
ZONE_MODES: dict[ZoneMode, str] = {
    "planning": N_("Planning zone"),
    "utc": "UTC",
    "agent": N_("Each agent's local time"),
}
_ROLE_STYLE = {
    Role.PRIMARY: {"color": "#1f77b4", "pattern": ""},
    Role.BACKUP: {"color": "#ff9f1c", "pattern": "/"},
}
_ROLE_LEGEND = {Role.PRIMARY: N_("primary duty"), Role.BACKUP: N_("backup (on call)")}
_PINNED_COLOR = "#d62728"
_DAY_LINE = "#555"
_PEAK_COLORS = ("#ffd166", "#c77dff", "#80ed99", "#f4a261")
_MS_PER_HOUR = 3_600_000


def zone_mode_label(mode: ZoneMode) -> str:
    """A clock of the Gantt chart in words ('Planning zone' / '排班时区')."""
    return _(ZONE_MODES[mode])


def zone_city(zone: str | dt.tzinfo) -> str:
    """The city a time zone is named after, as people say it ("Europe/Madrid" -> "Madrid",
    马德里 in Chinese): ``scheduler.formats.city``."""
    return city(zone)


def hour_step(days_shown: int) -> int:
    """Hours between labelled ticks: every hour for one day, 2 h up to three days, else 3 h."""
    return 1 if days_shown <= 1 else 2 if days_shown <= 3 else 3


def _wall_clock(instant: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """Naive wall-clock time, so Plotly draws it as typed instead of converting it again."""
    return instant.astimezone(zone).replace(tzinfo=None)


def _time_axis(fig: go.Figure, x_range: list[dt.datetime], title: str) -> None:
    """Hour ticks every 1–3 h (by the span shown), a line and a date label at each midnight.

    Labels stay horizontal; on a span longer than the week only every other tick is labelled,
    so they never crowd into each other (the tick and its grid line remain).
    """
    start, end = x_range
    span = (end - start) / dt.timedelta(days=1)
    step = hour_step(max(1, round(span)))
    ticks = []
    tick = start.replace(hour=0, minute=0, second=0, microsecond=0)
    while tick <= end:
        if tick >= start:
            ticks.append(tick)
        tick += dt.timedelta(hours=step)
    every = 2 if span > 7 else 1
    text = [(f"{t:%H}" if step > 1 else f"{t:%H:%M}") if t.hour % (step * every) == 0 else ""
            for t in ticks]
    fig.update_xaxes(type="date", title=title, range=x_range, tickmode="array", tickvals=ticks,
                     ticktext=text, tickangle=0, ticks="outside", showgrid=True,
                     gridcolor="#e5e5e5")
    midnight = start.replace(hour=0, minute=0, second=0, microsecond=0)
    while midnight <= end:
        if start <= midnight <= end:
            fig.add_vline(x=midnight, line_width=1.5, line_color=_DAY_LINE)
        noon = midnight + dt.timedelta(hours=12)
        if start <= noon <= end:
            fig.add_annotation(x=noon, y=1, yref="paper", yanchor="bottom", showarrow=False,
                               text=day_label(midnight), font={"size": 12})
        midnight += dt.timedelta(days=1)


def gantt_figure(problem: Problem, shifts: Iterable[Shift], mode: ZoneMode = "planning",
                 pinned: Iterable[Shift] = (), days: tuple[int, int] | None = None) -> go.Figure:
    """One row per agent; primary solid blue, backup hatched orange, pinned shifts outlined red.

    ``days`` (first, last weekday, 0 = Monday of the planning week, on the chosen clock) zooms
    in; ticks get denser as fewer days are shown. In agent-local mode each row's label names the
    agent's city, since every row runs on its own clock.
    """
    agents = {a.id: a for a in problem.agents}
    planning = ZoneInfo(problem.settings.timezone)
    pinned_keys = {(p.agent_id, p.role, p.start, p.end) for p in pinned}
    if mode == "agent":
        labels = {a.id: f"{a.name} ({a.id}) · {zone_city(a.timezone)}" for a in problem.agents}
    else:
        labels = {a.id: f"{a.name} ({a.id})" for a in problem.agents}
    rows: dict[Role, dict[str, list[Any]]] = {
        r: {"y": [], "base": [], "x": [], "text": [], "line": []} for r in Role}
    for s in sorted(shifts, key=lambda s: s.start):
        agent = agents.get(s.agent_id)
        zone = (agent.zone if agent and mode == "agent"
                else planning if mode == "planning" else dt.timezone.utc)
        start, end = _wall_clock(s.start, zone), _wall_clock(s.end, zone)
        is_pinned = (s.agent_id, s.role, s.start, s.end) in pinned_keys
        label = labels.get(s.agent_id, s.agent_id)
        row = rows[s.role]
        row["y"].append(label)
        row["base"].append(start)
        row["x"].append(s.hours * _MS_PER_HOUR)
        text = label + "<br>" + _("{role} {start}–{end} ({hours} h, {city} time)").format(
            role=_(_ROLE_LEGEND[s.role]), start=weekday_time(start), end=f"{end:%H:%M}",
            hours=f"{s.hours:g}", city=zone_city(zone))
        row["text"].append(text + "<br>" + _("pinned") if is_pinned else text)
        row["line"].append(2.5 if is_pinned else 0)
    fig = go.Figure()
    for role, row in rows.items():
        if not row["y"]:
            continue
        style = _ROLE_STYLE[role]
        fig.add_trace(go.Bar(
            name=_(_ROLE_LEGEND[role]), orientation="h", y=row["y"], base=row["base"], x=row["x"],
            hovertext=row["text"], hoverinfo="text",
            marker={"color": style["color"], "pattern": {"shape": style["pattern"]},
                    "line": {"width": row["line"], "color": _PINNED_COLOR}},
        ))
    if pinned_keys:  # the outline is a colour too: give it a legend entry
        fig.add_trace(go.Scatter(
            x=[None], y=[None], mode="markers", name=_("pinned shift (red outline)"),
            marker={"symbol": "square-open", "size": 14, "color": _PINNED_COLOR,
                    "line": {"width": 2.5}}))
    order = [labels[a.id] for a in problem.agents]
    week = dt.datetime.combine(problem.settings.week_start, dt.time(0))
    first_day, last_day = days if days is not None else (0, 6)
    if days is None and mode != "planning":  # the planning week runs into neighbouring days
        x_range = [week - dt.timedelta(hours=14), week + dt.timedelta(days=7, hours=14)]
    else:
        x_range = [week + dt.timedelta(days=first_day), week + dt.timedelta(days=last_day + 1)]
    titles = {
        "planning": _("Planning zone: {zone} ({city} time)").format(
            zone=problem.settings.timezone, city=zone_city(planning)),
        "utc": "UTC",
        "agent": _("Each agent's local time (the city is shown after each name)"),
    }
    fig.update_layout(
        barmode="overlay", height=max(340, 24 * len(order) + 150), showlegend=True,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        legend={"orientation": "h", "y": 1.08, "x": 0, "yanchor": "bottom"},
        yaxis={"categoryorder": "array", "categoryarray": order[::-1], "title": None,
               "automargin": True, "tickfont": {"size": 13}},
    )
    _time_axis(fig, x_range, titles[mode])
    return fig


def _peak_runs(x: pd.Series, names: pd.Series, step: pd.Timedelta
               ) -> list[tuple[str, pd.Timestamp, pd.Timestamp]]:
    """(event name, start, end) of each unbroken run of slots inside one peak event."""
    runs: list[list[Any]] = []
    previous = ""
    for when, name in zip(x, names, strict=True):
        if name and name == previous:
            runs[-1][2] = when + step
        elif name:
            runs.append([name, when, when + step])
        previous = name
    return [(name, start, end) for name, start, end in runs]


def coverage_figure(coverage: pd.DataFrame, language: str = ALL) -> go.Figure:
    """Scheduled vs required primary agents per slot (planning zone); gaps as red bars.

    The red bar spans from what is scheduled up to what is required, so a manager sees both
    where and by how many agents the roster falls short. Peak events (Cyber Monday, …) are
    shaded, one colour and one legend entry per event.
    """
    data = coverage[coverage["language"] == language]
    zone = data["start_planning"].dt.tz
    x = data["start_planning"].dt.tz_localize(None).reset_index(drop=True)
    step = x.iloc[1] - x.iloc[0] if len(x) > 1 else pd.Timedelta(minutes=30)
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=x, y=data["scheduled_primary"],
                             name=_("scheduled (primary duty)"),
                             line={"shape": "hv", "color": "#1f77b4"}, fill="tozeroy"))
    fig.add_trace(go.Scatter(x=x, y=data["required_primary"], name=_("required"),
                             line={"shape": "hv", "color": "#222", "dash": "dash"}))
    if data["required_backup"].any() or data["scheduled_backup"].any():
        fig.add_trace(go.Scatter(x=x, y=data["scheduled_backup"], name=_("backup on call"),
                                 line={"shape": "hv", "color": "#ff9f1c"}))
    gaps = data[data["gap_primary"] > 0]
    if len(gaps):
        fig.add_trace(go.Bar(
            x=gaps["start_planning"].dt.tz_localize(None) + step / 2, y=gaps["gap_primary"],
            base=gaps["scheduled_primary"], name=_("short of required"),
            marker={"color": "#d62728"}, width=step.total_seconds() * 1000, opacity=0.8,
            customdata=[weekday_time(t) for t in gaps["start_planning"]],
            hovertemplate=_("{time}: short by {count} agent(s)").format(
                time="%{customdata}", count="%{y}") + "<extra></extra>",
        ))
    names = data["peak"].fillna("").astype(str).reset_index(drop=True)
    weights = dict(zip(names, data["peak_weight"], strict=True))
    colors: dict[str, str] = {}
    for name, first, last in _peak_runs(x, names, step):
        color = colors.setdefault(name, _PEAK_COLORS[len(colors) % len(_PEAK_COLORS)])
        fig.add_vrect(x0=first, x1=last, fillcolor=color, opacity=0.35, line_width=0,
                      layer="below")
    for name, color in colors.items():  # shading has no legend of its own
        fig.add_trace(go.Scatter(
            x=[None], y=[None], mode="markers",
            name=_("peak: {name} (weight {weight})").format(name=name,
                                                            weight=f"{weights[name]:g}"),
            marker={"symbol": "square", "size": 14, "color": color, "opacity": 0.6}))
    zone_name = str(zone) if zone is not None else _("planning zone")
    fig.update_layout(
        height=340, margin={"l": 10, "r": 10, "t": 60, "b": 10}, bargap=0, showlegend=True,
        legend={"orientation": "h", "y": 1.08, "x": 0, "yanchor": "bottom"},
        yaxis={"title": _("agents ({language})").format(language=language) if language != ALL
               else _("agents (all languages)"), "rangemode": "tozero"},
    )
    if len(x):
        _time_axis(fig, [x.iloc[0].to_pydatetime(), (x.iloc[-1] + step).to_pydatetime()],
                   _("Planning zone: {zone} ({city} time)").format(zone=zone_name,
                                                                   city=zone_city(zone_name)))
    return fig


def demand_heatmap(matrix: pd.DataFrame, title: str) -> go.Figure:
    """Weekday × hour grid of required agents (what the demand editor below edits)."""
    fig = go.Figure(go.Heatmap(
        z=matrix.to_numpy(), x=list(matrix.columns), y=list(matrix.index), colorscale="Blues",
        hovertemplate=_("{day} {hour}: {count} agent(s)").format(
            day="%{y}", hour="%{x}", count="%{z}") + "<extra></extra>", texttemplate="%{z}",
        colorbar={"title": {"text": _("agents<br>required")}},
    ))
    fig.update_layout(height=300, margin={"l": 10, "r": 10, "t": 30, "b": 10}, title=title,
                      yaxis={"autorange": "reversed"})
    return fig
