"""The import contracts in pyproject.toml (the map in docs/architecture.md) hold, and they bite: a copy of
the project with one forbidden arrow added fails `lint-imports`, naming the contract it breaks."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).with_name("lint-imports")
PACKAGES = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["root_packages"]


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(LINT), "--no-cache"], cwd=root, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The packages and pyproject.toml, copied: each test adds its one arrow to a copy of its own."""
    root = tmp_path_factory.mktemp("house")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, root / package, ignore=shutil.ignore_patterns("__pycache__", "templates",
                                                                                      "static", "locale"))
    shutil.copy(ROOT / "pyproject.toml", root)
    return root


def test_the_house_keeps_its_contracts() -> None:
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(("module", "line", "contract"), [
    ("demand/_arrow.py", "import frontend.views\n", "Apps never import a door"),
    ("mou/_arrow.py", "from api import schema\n", "Apps never import a door"),
    ("demand/_arrow.py", "from api.fastpath import registry\n", "Apps never import a door"),
    ("accounts/_arrow.py", "import config.urls\n", "Apps never import a door"),
    ("notifications/_arrow.py", "from demand import models\n", "Shared apps never import a domain app"),
    ("jobs/_arrow.py", "import mou.services\n", "Shared apps never import a domain app"),
    ("mou/_arrow.py", "from demand import selectors\n", "Domains build on each other in one direction"),
    ("frontend/_arrow.py", "import api.schema\n", "The two doors are independent of each other"),
    ("frontend/demand/_arrow.py", "from api.context import actor\n", "The two doors are independent of each other"),
    ("api/_arrow.py", "import frontend.paging\n", "The two doors are independent of each other"),
    ("frontend/demand/_arrow.py", "from frontend.mou import forms\n", "Each domain's pages stand alone"),
    ("frontend/accounts/_arrow.py", "import frontend.audit.views\n", "Each domain's pages stand alone"),
    ("frontend/paging.py", "import frontend.demand.report\n", "The page shell imports no domain's pages"),
    ("frontend/templatetags/_a.py", "from frontend.mou import labels\n", "The page shell imports no domain's pages"),
    ("coordination/matching/engine/_arrow.py", "import django.db\n", "The matching engine is plain Python"),
    ("coordination/matching/engine/_arrow.py", "from mou import predicates\n", "The matching engine is plain Python"),
])
def test_a_forbidden_arrow_breaks_its_contract(project_copy: Path, tmp_path: Path, module: str, line: str,
                                               contract: str) -> None:
    root = tmp_path / "house"
    shutil.copytree(project_copy, root)
    (root / module).write_text(line)
    result = _lint(root)
    assert result.returncode != 0
    broken = result.stdout.split("Broken contracts", 1)[-1]
    assert contract in broken, result.stdout[-3000:]
