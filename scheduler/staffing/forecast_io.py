"""forecast.csv: the staffing pipeline's per-slot numbers, kept beside demand.csv.

Why a file: demand.csv holds agents, but a service report needs the *load* behind them (human
contacts and handle time per slot and language). ``roster forecast`` writes it; ``roster
solve`` and the what-if report read it back, so the report scores the roster against the very
forecast the requirement came from. Slots are keyed by their UTC start, so a file made for
another week is rejected instead of silently misaligned.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import numpy as np

from scheduler.atomic import write_text_atomic
from scheduler.errors import InputError
from scheduler.staffing.requirements import Staffing
from scheduler.staffing.workload import QueueWorkload
from scheduler.team_io import read_table
from scheduler.timegrid import WeekGrid

__all__ = ["FORECAST_COLUMNS", "write_forecast_csv", "read_forecast_csv"]

FORECAST_COLUMNS = ("slot_start_utc", "local", "language", "inquiries", "human_contacts",
                    "aht_s", "effective_aht_s", "productive", "primary", "backup")


def write_forecast_csv(path: str | Path, staffing: Staffing, inquiries: dict[str, np.ndarray]
                       ) -> None:
    grid = staffing.grid
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(FORECAST_COLUMNS)
    for i, local in enumerate(grid.planning_local):
        start = grid.slot_start(i).strftime("%Y-%m-%dT%H:%M:%SZ")
        for lang, wl in staffing.workload.items():
            writer.writerow([
                start, f"{local:%a %Y-%m-%d %H:%M}", lang, f"{inquiries[lang][i]:.4f}",
                f"{wl.human_contacts[i]:.4f}", f"{wl.aht_s:.1f}", f"{wl.effective_aht_s:.2f}",
                int(staffing.productive[lang][i]), int(staffing.primary[lang][i]),
                int(staffing.backup[lang][i]),
            ])
    write_text_atomic(path, buf.getvalue())


def read_forecast_csv(path: str | Path, grid: WeekGrid) -> dict[str, QueueWorkload]:
    """Workloads per language on ``grid``; InputError if the file is for another week."""
    path = Path(path)
    contacts: dict[str, np.ndarray] = {}
    aht: dict[str, tuple[float, float]] = {}
    for row, cells in read_table(path, ("slot_start_utc", "language", "human_contacts",
                                        "aht_s", "effective_aht_s"),
                                 tuple(c for c in FORECAST_COLUMNS if c not in (
                                     "slot_start_utc", "language", "human_contacts", "aht_s",
                                     "effective_aht_s"))):
        field = "slot_start_utc"
        try:
            start = dt.datetime.fromisoformat(cells["slot_start_utc"])
            if start.tzinfo is None:
                raise ValueError("slot_start_utc must carry a zone (…Z)")
            i = grid.slot_of(start)
            if not 0 <= i < grid.n_slots:
                raise ValueError(f"{cells['slot_start_utc']} is outside the planning week; "
                                 "run `roster forecast` again for this week")
            field = "human_contacts"
            value = float(cells["human_contacts"])
            field = "aht_s"
            pair = (float(cells["aht_s"]), float(cells["effective_aht_s"]))
        except ValueError as exc:
            raise InputError(str(exc), file=path, row=row, field=field) from exc
        lang = cells["language"].lower()
        contacts.setdefault(lang, np.zeros(grid.n_slots))[i] = value
        aht[lang] = pair
    if not contacts:
        raise InputError("forecast file has no rows", file=path)
    return {lang: QueueWorkload(lang, c, aht[lang][0], aht[lang][1], 0.0)
            for lang, c in contacts.items()}
