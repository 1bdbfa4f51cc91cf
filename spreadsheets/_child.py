"""The child process that parses a checked workbook with python-calamine, under the limits its parent sets.

Run as `python -m spreadsheets._child MEMORY_BYTES CPU_SECONDS`: the workbook comes on stdin, the sheets
go to stdout as a pickle of [(name, rows), ...]. It imports neither Django nor the project, so it starts
in a fraction of a second. The limits are set before python-calamine is imported: an allocation the limit
refuses makes calamine abort (SIGABRT), which ends this process only; the parent reports it.
"""

from __future__ import annotations

import io
import pickle
import resource
import sys


def main() -> None:
    memory, cpu = int(sys.argv[1]), int(sys.argv[2])
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # an abort leaves no core file behind
    data = sys.stdin.buffer.read()
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [(name, workbook.get_sheet_by_name(name).to_python(skip_empty_area=False))
                  for name in workbook.sheet_names]
    except Exception as exc:  # calamine's own error types for damaged parts: reported, not raised
        sys.stdout.buffer.write(pickle.dumps(("error", f"{type(exc).__name__}: {exc}"[:500])))
        return
    sys.stdout.buffer.write(pickle.dumps(("ok", sheets)))


if __name__ == "__main__":
    main()
