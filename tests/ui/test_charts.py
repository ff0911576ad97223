"""Figures: roles distinguishable, time-zone modes move the bars, gaps drawn where they are."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from scheduler.coverage import ALL, coverage_table
from scheduler.domain import Problem, Role, Shift
from ui.charts import coverage_figure, demand_heatmap, gantt_figure
from ui.table_edit import demand_matrix

UTC = dt.timezone.utc


def _shifts() -> list[Shift]:
    start = dt.datetime(2026, 11, 30, 1, tzinfo=UTC)  # Mon 09:00 Shanghai, 02:00 Madrid
    return [
        Shift(agent_id="S1", role=Role.PRIMARY, start=start, end=start + dt.timedelta(hours=8)),
        Shift(agent_id="S7", role=Role.BACKUP, start=start, end=start + dt.timedelta(hours=8)),
    ]


def test_primary_and_backup_are_separate_styled_traces(small: Problem) -> None:
    fig = gantt_figure(small, _shifts(), "planning")
    traces = {t.name: t for t in fig.data}
    assert set(traces) == {"primary", "backup"}
    assert traces["primary"].marker.color != traces["backup"].marker.color
    assert traces["backup"].marker.pattern.shape == "/"
    assert list(traces["backup"].y) == ["S7 Lucía García"]
    assert traces["primary"].x[0] == 8 * 3_600_000  # eight hours, in milliseconds


def test_time_zone_modes_shift_the_bars(small: Problem) -> None:
    bases = {mode: {t.name: t.base[0] for t in gantt_figure(small, _shifts(), mode).data}
             for mode in ("utc", "planning", "agent")}
    assert pd.Timestamp(bases["utc"]["primary"]).hour == 1
    assert pd.Timestamp(bases["planning"]["backup"]).hour == 9  # Shanghai for everyone
    assert pd.Timestamp(bases["agent"]["backup"]).hour == 2  # Lucía's own Madrid clock
    assert pd.Timestamp(bases["agent"]["primary"]).hour == 9


def test_pinned_shifts_are_outlined(small: Problem) -> None:
    shifts = _shifts()
    fig = gantt_figure(small, shifts, "planning", pinned=[shifts[0]])
    widths = {t.name: list(t.marker.line.width) for t in fig.data}
    assert widths == {"primary": [2.5], "backup": [0]}


def test_coverage_gap_bars_span_from_scheduled_to_required(small: Problem) -> None:
    cov = coverage_table(small, _shifts()[:1])
    fig = coverage_figure(cov, ALL)
    gap = next(t for t in fig.data if t.name == "gap")
    rows = cov[(cov.language == ALL) & (cov.gap_primary > 0)]
    assert len(gap.y) == len(rows) and list(gap.base) == list(rows.scheduled_primary)
    assert list(gap.y) == list(rows.gap_primary)
    full = coverage_table(small, [])
    assert len(coverage_figure(full, "es").data) >= 2


def test_heatmap_shows_the_demand_grid(small: Problem) -> None:
    grid = demand_matrix(small, "en")
    fig = demand_heatmap(grid, "en")
    assert fig.data[0].z.tolist() == grid.to_numpy().tolist()
    assert list(fig.data[0].y) == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
