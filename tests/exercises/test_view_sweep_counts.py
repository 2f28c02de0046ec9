"""The counters on a small subset of the 3-D view sweep (benchmarks/view_sweep.py runs all of it).

Every case must count exactly, except the known limits listed with their reason, which may be off by
one rep at most.
"""

from __future__ import annotations

import pytest

from fitcli.exercises.recorded import count_track
from fitcli.pipelines.view_sweep import VARIANTS, SweepCase, sweep_track

# Four azimuths around the body, each exercise seen level and from above (claps from the front half).
VIEWS = ((0.0, 0.0), (90.0, 25.0), (180.0, 0.0), (270.0, 25.0))
CLAP_VIEWS = ((0.0, 0.0), (45.0, 25.0), (315.0, 0.0), (0.0, 25.0))
KNOWN_LIMITS = {
    # Filmed from the head end, lying, the hips are hidden behind the torso: the person is found (and
    # followed) only once they sit up, so the first rep is missed.
    ("sit-up", "full", 180.0, 0.0): "hips hidden lying end-on",
}


@pytest.mark.slow
@pytest.mark.parametrize("exercise", sorted(VARIANTS))
def test_counts_exactly_from_every_side(exercise: str) -> None:
    wrong = []
    variant = next(iter(VARIANTS[exercise]))  # the first variant only, to keep this under ~20 s
    for azimuth, elevation in CLAP_VIEWS if exercise == "clap" else VIEWS:
        case = SweepCase(exercise, variant, azimuth, elevation, seed=0)
        result = sweep_track(case)
        found = count_track(result.track, exercise).reps
        if (exercise, variant, azimuth, elevation) in KNOWN_LIMITS and abs(found - result.true_reps) <= 1:
            continue
        if found != result.true_reps:
            wrong.append(f"{variant} {case.view_name}: {found} counted, {result.true_reps} true")
    assert not wrong, wrong
