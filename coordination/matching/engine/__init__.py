"""The matching engine: plain Python with NumPy and SciPy, no Django, nothing else of the project.

- `model`: the columnar inputs (`Seekers`, `Positions`, `Instance`), built by the caller from whatever store it
  reads; protected attributes may ride along for the fairness report and are never read by filters or scores.
- `scoring`: the hard filters and the additive score, with the reasons (keys and parameters, never text).
- `queries`: candidates for one position, positions for one seeker (with "nearly qualifies").
- `batch`: candidate edges, worker-proposing deferred acceptance with capacities, the exact maximum-total-score
  reference, proposals (about three candidates per place) and the run record.
- `fairness`: selection rates by group, impact ratios, the four-fifths rule.
"""

ENGINE_VERSION = "1.0.0"
