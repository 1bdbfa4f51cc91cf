"""Notifications are a shared app: they import no domain app and their models point at none (a string
foreign key such as "demand.DemandLetter" is invisible to the import contracts, so it is checked here)."""

from __future__ import annotations

import ast
from pathlib import Path

from django.apps import apps

DOMAINS = {"demand", "mou"}
APP = Path(__file__).resolve().parents[2] / "notifications"


def test_no_module_of_notifications_imports_a_domain_app():
    arrows = []
    for path in sorted(APP.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            arrows += [f"{path.relative_to(APP.parent)} → {n}" for n in names if n.split(".")[0] in DOMAINS]
    assert arrows == []


def test_no_notification_model_relates_to_a_domain_model():
    related = [
        (model.__name__, f.name, f.related_model._meta.label)
        for model in apps.get_app_config("notifications").get_models()
        for f in model._meta.get_fields()
        if f.is_relation and f.related_model is not None and f.related_model._meta.app_label in DOMAINS
    ]
    assert related == []
