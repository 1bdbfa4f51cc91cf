"""The documented production profile passes Django's deployment checklist."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_production_profile_passes_check_deploy(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}},
        "DEBUG": "0",
        "SECRET_KEY": "a" * 20 + "production-secret-key-for-the-check-only-0123456789",
        "ALLOWED_HOSTS": "corridor.example.gov.kh",
        "DATABASE_URL": "postgres://corridor@127.0.0.1:5432/corridor",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
        "CORRIDOR_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_debug_off_without_a_secret_key_refuses_to_start(tmp_path):
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": "", "CORRIDOR_VAR_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_the_wsgi_application_freezes_its_start_up_heap(tmp_path):
    """config.wsgi loads the URL configuration and the GraphQL schema, then freezes what it loaded
    (gc.freeze): a full collection later walks what requests made, not the start-up heap."""
    script = (
        "import gc, sys, time\n"
        "import config.wsgi\n"
        "assert 'api.schema' in sys.modules, 'the schema is loaded at start-up'\n"
        "frozen = gc.get_freeze_count()\n"
        "start = time.perf_counter(); gc.collect(); seconds = time.perf_counter() - start\n"
        "print(frozen, len(gc.get_objects()), seconds)\n"
    )
    env = {**{k: v for k, v in os.environ.items() if k != "DATABASE_URL"}, "CORRIDOR_VAR_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    frozen, left, _seconds = result.stdout.split()
    assert int(frozen) > 50_000  # Django, the apps and the schema
    assert int(left) < int(frozen) // 10  # what a collection still walks
