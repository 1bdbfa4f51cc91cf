"""The opt-in path that answers registered top-level lists from rows (see api/fastpath/plan.py).

- `registry`: which connection fields take the path, and how their nested lists are read;
- `plan`: compiling a query's selection into a plan of named steps, and building each node's answer;
- `rows`: reading the rows a plan asks for (`PageSource`, what the top-level connection pages through).
"""

from api.fastpath.plan import NotCompilable, Precomputed, planned
from api.fastpath.registry import Rows, register
from api.fastpath.rows import PageSource

__all__ = ["NotCompilable", "PageSource", "Precomputed", "Rows", "planned", "register"]
