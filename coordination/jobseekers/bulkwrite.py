"""Rows written in bulk without a model instance per row: what an import of 100,000 job seekers needs.

`bulk_create` builds a model instance for every row and runs every field's conversion on every value: for an
import of 100,000 people and their half-million child rows that is most of the write. `insert_rows` takes
plain tuples of values already cleaned (coordination.jobseekers.cleaning), fills the model's defaults once, and
writes them the way each database takes rows fastest: PostgreSQL with COPY (the primary keys reserved from the
table's sequence first, so concurrent writers never collide), SQLite with executemany (one statement per row
where the keys are wanted back, as sqlite3 reports each row's key).

It bypasses save(), signals and model validation exactly as bulk_create does; the database's constraints still
apply and raise IntegrityError as before.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models

# Values of these types reach the driver as they are for these fields (the first matching field class wins:
# DateTimeField is a DateField). On PostgreSQL psycopg adapts dates, aware datetimes and decimals itself, which
# is what Django's conversion leaves them as there.
_AS_IS: list[tuple[type[models.Field], tuple[type, ...]]] = [
    (models.CharField, (str,)),
    (models.TextField, (str,)),
    (models.BooleanField, (bool,)),
    (models.IntegerField, (int,)),
    (models.ForeignKey, (int,)),
]
_AS_IS_POSTGRESQL = [
    (models.DateTimeField, (datetime.datetime,)),
    (models.DateField, (datetime.date,)),
    (models.DecimalField, (Decimal,)),
]


def _as_is(field: models.Field, values: Any) -> bool:
    """Whether every value of this column goes to the database without Django's conversion."""
    kinds = _AS_IS + (_AS_IS_POSTGRESQL if connection.vendor == "postgresql" else [])
    types = next((t for kind, t in kinds if isinstance(field, kind)), None)
    if types is None:
        return False
    aware = types == (datetime.datetime,)
    return all(v is None or (v.__class__ in types and (not aware or v.tzinfo is not None)) for v in values)


def _fields(model: type[models.Model], columns: list[str]) -> list[models.Field]:
    by_column = {f.attname: f for f in model._meta.concrete_fields}
    unknown = [c for c in columns if c not in by_column]
    if unknown:
        raise ValueError(f"{model.__name__} has no columns {unknown}")
    return [by_column[c] for c in columns]


def _defaults(model: type[models.Model], given: set[str], now: datetime.datetime) -> dict[str, Any]:
    """The value of every column the rows leave out: its default, computed once (or `now` for auto_now)."""
    out: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.attname in given:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            out[field.attname] = now
        elif field.has_default():
            if callable(field.default) and field.default not in (dict, list):
                raise ValueError(f"{model.__name__}.{field.name} has a per-row default: give it in the rows")
            out[field.attname] = field.get_default()
        elif field.null:
            out[field.attname] = None
        else:
            out[field.attname] = field.get_default()  # "" for text fields, as a new instance has
    return out


def insert_rows(model: type[models.Model], columns: list[str], rows: list[tuple], *, now: datetime.datetime,
                returning: bool = False) -> list[int]:
    """Insert `rows` (tuples in the order of `columns`, attnames such as "seeker_id") into `model`'s table,
    the other columns taking their defaults. Returns the new primary keys in row order when `returning`."""
    if not rows:
        return []
    fields = _fields(model, columns)
    extra = _defaults(model, set(columns), now)
    all_fields = fields + _fields(model, list(extra))
    tail = tuple(extra.values())
    # Convert only the columns the driver would not take as they are (dates and decimals on SQLite).
    width = len(fields)
    converters = [(i, field) for i, field in enumerate(all_fields) if not _as_is(
        field, (row[i] for row in rows) if i < width else (tail[i - width],))]
    table = connection.ops.quote_name(model._meta.db_table)
    names = [connection.ops.quote_name(f.column) for f in all_fields]
    pk = model._meta.pk
    ids: list[int] = []
    db = connections[DEFAULT_DB_ALIAS]  # the connection itself, not the proxy, for a million lookups
    # The defaults are the same for every row: converted once. A column's value is converted once per distinct
    # value (keyed with its type: an enum member and its text are equal keys).
    tail = tuple(f.get_db_prep_save(v, db) if (width + i, f) in converters else v
                 for i, (f, v) in enumerate(zip(all_fields[width:], tail, strict=True)))
    row_converters = [(i, field, {}) for i, field in converters if i < width]

    def prepared(row: tuple) -> list[Any]:
        values = [*row, *tail]
        for i, field, seen in row_converters:
            value = values[i]
            key = (value.__class__, value)
            done = seen.get(key, seen)
            if done is seen:
                done = seen[key] = field.get_db_prep_save(value, db)
            values[i] = done
        return values

    # The drivers' own errors come out as Django's (IntegrityError, ...), as through a Django cursor.
    with connection.cursor() as cursor, connection.wrap_database_errors:
        if connection.vendor == "postgresql":
            if returning:
                cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                               [model._meta.db_table, pk.column, len(rows)])
                ids = [r[0] for r in cursor.fetchall()]
                names = [connection.ops.quote_name(pk.column), *names]
            sql = f"COPY {table} ({', '.join(names)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for n, row in enumerate(rows):
                    values = prepared(row)
                    copy.write_row([ids[n], *values] if returning else values)
        else:
            raw = connection.connection.cursor()  # sqlite3's own: one C call a row, inside the same transaction
            sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(['?'] * len(names))})"  # noqa: S608 — names from the model
            if returning:
                for row in rows:
                    raw.execute(sql, prepared(row))
                    ids.append(raw.lastrowid)
            else:
                raw.executemany(sql, map(prepared, rows))
    return ids
