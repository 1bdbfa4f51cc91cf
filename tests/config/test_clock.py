"""No module reads the clock when it is imported: not the tests, and not the code they test.

The suite takes a quarter of an hour. A module that sets `ON = timezone.localdate()` at import and then asks
the code for "today" screens a letter against yesterday once the run crosses midnight in Phnom Penh
(17:00 UTC), and a `YEAR` read at import does the same on 31 December. Dates are read inside the test
(a fixture or a function such as `today()`), or fixed outright. The same holds for the platform's own modules:
a date read at import is the day the worker started, not today.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["root_packages"]
CLOCK = {"localdate", "localtime", "now", "today", "utcnow", "time", "monotonic"}


def import_time_clock_reads(source: str) -> list[int]:
    """Lines where a call to a clock function runs when the module is imported: the module and class bodies,
    decorators (parametrize lists) and default values, but not the body of a function or a lambda."""
    found: list[int] = []

    def visit(node: ast.AST, at_import: bool) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for evaluated_now in [*node.decorator_list, *node.args.defaults,
                                  *(d for d in node.args.kw_defaults if d is not None)]:
                visit(evaluated_now, at_import)
            for statement in node.body:
                visit(statement, False)
            return
        if isinstance(node, ast.Lambda):
            for default in node.args.defaults:
                visit(default, at_import)
            visit(node.body, False)
            return
        if at_import and isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            if name in CLOCK:
                found.append(node.lineno)
        for child in ast.iter_child_nodes(node):
            visit(child, at_import)

    visit(ast.parse(source), True)
    return found


def test_no_module_reads_the_clock_at_import() -> None:
    modules = sorted(path for top in [*PACKAGES, "tests", "bench"] for path in (ROOT / top).rglob("*.py"))
    assert len(modules) > 100 and any(path.name == "test_screening.py" for path in modules)
    offenders = [f"{path.relative_to(ROOT)}:{line}" for path in modules
                 for line in import_time_clock_reads(path.read_text(encoding="utf-8"))]
    assert offenders == [], "read the date when it is needed, not at import: " + ", ".join(offenders)


@pytest.mark.parametrize(("source", "lines"), [
    ("from django.utils import timezone\nON = timezone.localdate()\n", [2]),
    ("import datetime\nYEAR = datetime.date.today().year\n", [2]),
    ("import pytest\n@pytest.mark.parametrize('d', [timezone.now()])\ndef test(d):\n    pass\n", [2]),
    ("class Case:\n    at = timezone.now()\n", [2]),
    ("def test(at=timezone.localdate()):\n    pass\n", [1]),
    ("TODAY = timezone.localdate\n", []),
    ("def today():\n    return timezone.localdate()\n", []),
    ("later = lambda: timezone.now()\n", []),
    ("FIXED = datetime.date(2026, 6, 1)\n", []),
])
def test_the_check_finds_what_runs_at_import_and_nothing_else(source: str, lines: list[int]) -> None:
    assert import_time_clock_reads(source) == lines
