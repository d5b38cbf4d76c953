"""The planner: a start for every event whose time is to be confirmed, all at once.

:mod:`.problem` states what a plan must respect (pure numbers, no solver); :mod:`.cost` prices a
plan; :mod:`.solve` finds the cheapest with CP-SAT (the only importer of ``ortools``, so nothing
else loads it); :mod:`.explain` names a minimal set of constraints that cannot hold together and
the relaxations that would fit; :mod:`.words` says all of it in an officer's words. This package
imports none of them itself: only ``plan`` needs the solver.
"""
