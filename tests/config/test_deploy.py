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
