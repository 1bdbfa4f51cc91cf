"""Matching (issue #11): the engine in `engine/` is plain Python with NumPy and SciPy and no Django inside (an
import contract in pyproject.toml holds it to that); the Django side that reads seekers and positions through
the selectors and runs the engine as a job comes next to it."""
