"""The WSGI application for gunicorn (README: production profile).

Everything loaded at start-up — Django, the apps, the URL configuration and the GraphQL schema it imports —
lives as long as the worker. `gc.freeze()` moves those objects out of the cyclic garbage collector's reach,
so that a full collection (which a large GraphQL answer sets off) walks what requests made, not the whole
start-up heap: on this project's machines a full collection of the start-up heap costs 90–120 ms, after
freezing well under a millisecond (docs/performance.md).
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()


def freeze_startup_heap() -> None:
    """Load what the first request would otherwise load, then freeze the start-up heap (see above)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 — imports the URL configuration, the views and the GraphQL schema
    gc.collect()
    gc.freeze()


freeze_startup_heap()
