"""Benchmark: Erlang C staffing of 7 languages x 336 half-hour slots (target: well under 1 s).

    .venv/bin/python benchmarks/staffing.py [--repeat 7] [--scale 1]

Volumes follow scheduler.synthetic's market curves; ``--scale 50`` makes a 500+-agent queue to
show the recursion stays fast and finite. Also times the DemandRow conversion, the forecast
from the sample history (when present) and a service report, for context.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

from scheduler.domain import TeamSettings
from scheduler.staffing.requirements import demand_rows, staff_queues
from scheduler.staffing.settings import StaffingSettings
from scheduler.staffing.workload import queue_workload
from scheduler.synthetic import LANGUAGE_SHARE, MARKETS, market_intensity
from scheduler.timegrid import WeekGrid

ROOT = Path(__file__).resolve().parents[1]


def timed(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply volumes")
    args = parser.parse_args()
    team = TeamSettings(week_start=dt.date(2026, 11, 30), timezone="Asia/Shanghai")
    grid = WeekGrid.for_settings(team)
    settings = StaffingSettings()
    daily = 600 * args.scale
    workloads = {}
    for lang, share in LANGUAGE_SHARE.items():
        zone = ZoneInfo(MARKETS[lang][0])
        shape = np.array([market_intensity(lang, grid.slot_start(i).astimezone(zone))
                          for i in range(grid.n_slots)])
        volume = shape / shape.sum() * 7 * daily * share
        workloads[lang] = queue_workload(lang, volume, settings)

    seconds, staffing = timed(lambda: staff_queues(grid, workloads, settings), args.repeat)
    peak = max(int(a.max()) for a in staffing.primary.values())
    print(f"staff {len(workloads)} languages x {grid.n_slots} slots: {seconds * 1000:.1f} ms "
          f"(median of {args.repeat}; busiest queue-slot needs {peak} agents)")
    seconds, rows = timed(lambda: demand_rows(staffing), args.repeat)
    print(f"demand rows: {len(rows)} rows in {seconds * 1000:.1f} ms")

    history = ROOT / "fixtures" / "sample_team" / "history.csv"
    if history.is_file() and args.scale == 1:
        from scheduler.staffing.forecast import forecast_week
        from scheduler.staffing.history import load_history

        t = time.perf_counter()
        h = load_history(history)
        load_s = time.perf_counter() - t
        t = time.perf_counter()
        fc = forecast_week(h, team)
        print(f"history load: {h.rows} rows in {load_s:.2f} s; forecast with 3-method backtest "
              f"in {time.perf_counter() - t:.2f} s (chosen {fc.method})")


if __name__ == "__main__":
    main()
