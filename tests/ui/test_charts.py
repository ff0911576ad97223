"""Figures: roles distinguishable, time-zone modes move the bars, gaps drawn where they are,
hour ticks and named clocks on every time axis, a legend entry for every colour."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from scheduler.coverage import ALL, coverage_table
from scheduler.domain import Problem, Role, Shift
from ui.charts import coverage_figure, demand_heatmap, gantt_figure, hour_step, zone_city
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
    assert set(traces) == {"primary duty", "backup (on call)"}
    only_primary = gantt_figure(small, _shifts()[:1], "planning")
    assert only_primary.layout.showlegend  # Plotly hides a one-trace legend unless told
    assert traces["primary duty"].marker.color != traces["backup (on call)"].marker.color
    assert traces["backup (on call)"].marker.pattern.shape == "/"
    assert list(traces["backup (on call)"].y) == ["Lucía García (S7)"]
    assert traces["primary duty"].x[0] == 8 * 3_600_000  # eight hours, in milliseconds


def test_time_zone_modes_shift_the_bars(small: Problem) -> None:
    bases = {mode: {t.name.split()[0]: t.base[0]
                    for t in gantt_figure(small, _shifts(), mode).data}
             for mode in ("utc", "planning", "agent")}
    assert pd.Timestamp(bases["utc"]["primary"]).hour == 1
    assert pd.Timestamp(bases["planning"]["backup"]).hour == 9  # Shanghai for everyone
    assert pd.Timestamp(bases["agent"]["backup"]).hour == 2  # Lucía's own Madrid clock
    assert pd.Timestamp(bases["agent"]["primary"]).hour == 9


def test_pinned_shifts_are_outlined(small: Problem) -> None:
    shifts = _shifts()
    fig = gantt_figure(small, shifts, "planning", pinned=[shifts[0]])
    widths = {t.name: list(t.marker.line.width) for t in fig.data if t.type == "bar"}
    assert widths == {"primary duty": [2.5], "backup (on call)": [0]}
    # the red outline has a legend entry of its own, drawn in the outline's colour
    legend = next(t for t in fig.data if t.name == "pinned shift (red outline)")
    assert legend.marker.color == fig.data[0].marker.line.color
    assert "pinned shift (red outline)" not in {
        t.name for t in gantt_figure(small, shifts, "planning").data}


def test_coverage_gap_bars_span_from_scheduled_to_required(small: Problem) -> None:
    cov = coverage_table(small, _shifts()[:1])
    fig = coverage_figure(cov, ALL)
    gap = next(t for t in fig.data if t.name == "short of required")
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


def _tick_hours(fig: object) -> list[int]:
    return [pd.Timestamp(t).hour for t in fig.layout.xaxis.tickvals]  # type: ignore[attr-defined]


def test_hour_ticks_get_finer_as_fewer_days_are_shown(small: Problem) -> None:
    assert [hour_step(d) for d in (1, 2, 3, 4, 7)] == [1, 2, 2, 3, 3]
    week = gantt_figure(small, _shifts(), "planning")
    assert _tick_hours(week)[:4] == [0, 3, 6, 9] and len(week.layout.xaxis.tickvals) == 57
    one_day = gantt_figure(small, _shifts(), "planning", days=(1, 1))
    assert _tick_hours(one_day) == [*range(24), 0]
    assert one_day.layout.xaxis.ticktext[9] == "09:00"
    assert pd.Timestamp(one_day.layout.xaxis.range[0]) == pd.Timestamp("2026-12-01 00:00")
    two_days = gantt_figure(small, _shifts(), "utc", days=(0, 1))
    assert _tick_hours(two_days)[:3] == [0, 2, 4]


def test_day_boundaries_are_lines_with_the_date_above(small: Problem) -> None:
    fig = gantt_figure(small, _shifts(), "planning")
    midnights = [pd.Timestamp(shape.x0) for shape in fig.layout.shapes]
    assert midnights == list(pd.date_range("2026-11-30", periods=8, freq="D"))
    labels = [a.text for a in fig.layout.annotations]
    assert labels == ["Mon 30 Nov", "Tue 01 Dec", "Wed 02 Dec", "Thu 03 Dec", "Fri 04 Dec",
                      "Sat 05 Dec", "Sun 06 Dec"]


def test_every_time_axis_names_its_clock(small: Problem) -> None:
    titles = {mode: gantt_figure(small, _shifts(), mode).layout.xaxis.title.text
              for mode in ("planning", "utc", "agent")}
    assert titles["planning"] == "Planning zone: Asia/Shanghai (Shanghai time)"
    assert titles["utc"] == "UTC"
    assert "local time" in titles["agent"] and "city" in titles["agent"]
    cov = coverage_figure(coverage_table(small, _shifts()), ALL)
    assert cov.layout.xaxis.title.text == "Planning zone: Asia/Shanghai (Shanghai time)"


def test_agent_local_rows_name_the_city(small: Problem) -> None:
    """'Local' means the agent's own zone everywhere; the row says which city that is."""
    fig = gantt_figure(small, _shifts(), "agent")
    rows = set(fig.layout.yaxis.categoryarray)
    assert "Lucía García (S7) · Madrid" in rows and "Li Na (S1) · Shanghai" in rows
    backup = next(t for t in fig.data if t.name.startswith("backup"))
    assert "Madrid time" in backup.hovertext[0]
    assert zone_city("America/Mexico_City") == "Mexico City"


def test_peak_shading_has_a_legend_entry_in_its_colour(small: Problem) -> None:
    cov = coverage_table(small, _shifts())
    assert set(cov["peak"]) - {""}, "the small team's week has a peak event to shade"
    fig = coverage_figure(cov, ALL)
    peaks = [t for t in fig.data if t.name.startswith("peak: ")]
    shaded = [s for s in fig.layout.shapes if s.type == "rect"]
    assert len(peaks) == len({s.fillcolor for s in shaded}) >= 1
    assert peaks[0].marker.color == shaded[0].fillcolor
    name = next(n for n in cov["peak"] if n)
    assert peaks[0].name.startswith(f"peak: {name} (weight ")
    # every trace with a colour is in the legend
    assert all(t.showlegend is not False and t.name for t in fig.data)


def test_a_span_longer_than_the_week_labels_every_other_tick(small: Problem) -> None:
    """UTC and agent-local views pad the week by 14 h each side; 3 h labels would crowd."""
    fig = gantt_figure(small, _shifts(), "utc")
    hours = _tick_hours(fig)
    assert {b - a for a, b in zip(hours, hours[1:])} <= {3, -21}  # a tick every 3 h …
    labelled = [h for h, text in zip(hours, fig.layout.xaxis.ticktext) if text]
    assert labelled and all(h % 6 == 0 for h in labelled)  # … a label every 6 h
    assert fig.layout.xaxis.tickangle == 0
