"""One module per exercise, each declaring ``EXERCISE``: an ``fitcli.exercises.spec.ExerciseSpec``.

Adding an exercise is adding a module here (its signal, posture checks, thresholds with where they
come from, and the spec) plus its fixtures: a motion of the 3-D figure (fitcli/pipelines/synthetic.py
and view_sweep.py) and, where there are real clips, recorded keypoints (tests/fixtures/keypoints).
``tests/exercises/test_exercise_definitions.py`` fails while any piece is missing.
"""

from __future__ import annotations

import importlib
import pkgutil

from fitcli.exercises.spec import ExerciseSpec


def load_definitions() -> dict[str, ExerciseSpec]:
    """Every module's ``EXERCISE``, by name, in the modules' ``ORDER`` (then by name)."""
    specs = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        specs.append((getattr(module, "ORDER", 100), module.EXERCISE))
    specs.sort(key=lambda item: (item[0], item[1].name))
    return {spec.name: spec for _, spec in specs}
