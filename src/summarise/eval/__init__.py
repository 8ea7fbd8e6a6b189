"""The eval harness: gold cases, deterministic and judge metrics, runs over recorded fixtures, reports.

May import every layer below it (``briefing``, ``reading``, ``model``,
``sources`` and the base modules), never ``cli``.
"""
