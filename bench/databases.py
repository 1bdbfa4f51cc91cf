"""The benchmarks' own PostgreSQL databases: each run starts from an empty one, never the project's."""

from __future__ import annotations

from urllib.parse import urlparse


def fresh_postgres(url: str) -> None:
    """Drop and re-create the database `url` names, which must be a benchmark's own (named bench…)."""
    import psycopg

    name = urlparse(url).path.lstrip("/")
    if not name.startswith("bench"):
        raise SystemExit(f"use a database of the benchmark's own, e.g. …/bench_{name or 'x'} (not {name!r})")
    admin = urlparse(url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
