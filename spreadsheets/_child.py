"""The child process that parses a checked workbook with python-calamine, under the limits its parent sets.

Run as `python -m spreadsheets._child MEMORY_BYTES CPU_SECONDS [columns]`: the workbook comes on stdin, the
sheets go to stdout as a pickle of [(name, rows), ...], or with `columns` of [(name, height, columns), ...]
where each column is (distinct values, the index of each row's value in them as array("I") bytes): a large
sheet crosses the pipe as a few distinct values and one machine word per cell, not a Python object per cell.
It imports neither Django nor the project, so it starts in a fraction of a second. The limits are set before
python-calamine is imported: an allocation the limit refuses makes calamine abort (SIGABRT), which ends this
process only; the parent reports it.
"""

from __future__ import annotations

import gc
import io
import pickle
import resource
import sys
from array import array


def columns(rows: list[list]) -> tuple[int, list[tuple[list, bytes]]]:
    """The rows of one sheet as columns of distinct values and indexes (a short row is padded with "")."""
    width = max((len(row) for row in rows), default=0)
    if any(len(row) != width for row in rows):
        rows = [row + [""] * (width - len(row)) for row in rows]
    out = []
    for cells in zip(*rows, strict=True):
        distinct = dict.fromkeys(cells)
        # 1, 1.0 and True are equal keys in a dict: where a column mixes numbers of different types (or
        # booleans), each value is keyed with its type.
        if len(set(map(type, cells)) & _EQUAL_ACROSS_TYPES) > 1:
            keys = [v if v.__class__ is str else (v.__class__, v) for v in cells]
            distinct = dict.fromkeys(keys)
            values = [k if k.__class__ is str else k[1] for k in distinct]
        else:
            keys, values = cells, list(distinct)
        for i, key in enumerate(distinct):
            distinct[key] = i
        out.append((values, array("I", map(distinct.__getitem__, keys)).tobytes()))
    return len(rows), out


_EQUAL_ACROSS_TYPES = {bool, int, float}


def main() -> None:
    # A short-lived process that builds a few objects per cell and frees them all at exit: the cyclic
    # collector would only rescan them, over and over (a third of the parse time on 100,000 rows).
    gc.disable()
    memory, cpu = int(sys.argv[1]), int(sys.argv[2])
    columnar = sys.argv[3:4] == ["columns"]
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # an abort leaves no core file behind
    data = sys.stdin.buffer.read()
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [(name, workbook.get_sheet_by_name(name).to_python(skip_empty_area=False))
                  for name in workbook.sheet_names]
        if columnar:
            sheets = [(name, *columns(rows)) for name, rows in sheets]
    except Exception as exc:  # calamine's own error types for damaged parts: reported, not raised
        sys.stdout.buffer.write(pickle.dumps(("error", f"{type(exc).__name__}: {exc}"[:500])))
        return
    sys.stdout.buffer.write(pickle.dumps(("ok", sheets), protocol=pickle.HIGHEST_PROTOCOL))


if __name__ == "__main__":
    main()
