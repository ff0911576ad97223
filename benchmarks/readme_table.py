"""Put a benchmark's table into README between its marker lines, so README's figures always
come from a run (``<!-- NAME:start -->`` ... ``<!-- NAME:end -->``)."""

from __future__ import annotations

from pathlib import Path

from scheduler.atomic import write_text_atomic


def put_between_markers(path: Path, name: str, table: str) -> None:
    """Replace what lies between the ``NAME:start`` and ``NAME:end`` lines of ``path``."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    text = path.read_text()
    if start not in text or end not in text:
        raise SystemExit(f"{path}: add the lines {start} and {end} where the table goes")
    head, rest = text.split(start, 1)
    _old, tail = rest.split(end, 1)
    write_text_atomic(path, f"{head}{start}\n{table}{end}{tail}")
