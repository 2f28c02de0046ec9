"""The counters on a small subset of the 3-D view sweep (benchmarks/view_sweep.py runs all of it).

Expected to fail until the counters are view-robust (issue 10); ``strict=False`` so it can be
switched on (drop the mark) once they are.
"""

from __future__ import annotations

import pytest

from fitcli.exercises.counter import count_track
from fitcli.pipelines.view_sweep import VARIANTS, SweepCase, sweep_track

# Four azimuths around the body, each exercise seen level and from above (claps from the front half).
VIEWS = ((0.0, 0.0), (90.0, 25.0), (180.0, 0.0), (270.0, 25.0))
CLAP_VIEWS = ((0.0, 0.0), (45.0, 25.0), (315.0, 0.0), (0.0, 25.0))


@pytest.mark.slow
@pytest.mark.xfail(strict=False, reason="counters being made view-robust (issue 10)")
@pytest.mark.parametrize("exercise", sorted(VARIANTS))
def test_counts_exactly_from_every_side(exercise: str) -> None:
    wrong = []
    variant = next(iter(VARIANTS[exercise]))  # the first variant only, to keep this under ~20 s
    for azimuth, elevation in CLAP_VIEWS if exercise == "clap" else VIEWS:
        case = SweepCase(exercise, variant, azimuth, elevation, seed=0)
        result = sweep_track(case)
        found = count_track(result.track, exercise).reps
        if found != result.true_reps:
            wrong.append(f"{variant} {case.view_name}: {found} counted, {result.true_reps} true")
    assert not wrong, wrong
