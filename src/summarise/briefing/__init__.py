"""The briefing: notes (map), synthesis (reduce), figures, disputes, assembly, the gate, rendering.

The stages that turn sources into a cited ``Briefing``. May import the base
modules, ``sources``, ``reading`` and ``model``; never ``eval`` or ``cli``.
"""
