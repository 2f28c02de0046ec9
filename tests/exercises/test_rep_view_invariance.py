"""The rep signals read the same from every side: the figure's 3-D poses projected from many views.

A signal is view-invariant when the same pose, seen from another azimuth, elevation or distance, gives
the same value once divided by its self-reference (``fitcli.exercises.reference``). These tests
project the generator's exact 3-D poses (no pose model), so they check the geometry alone.
"""

from __future__ import annotations

import numpy as np
import pytest

from fitcli.errors import UsageError
from fitcli.exercises.catalog import EXERCISES
from fitcli.exercises.definitions.jumping_jack import arm_lift
from fitcli.exercises.definitions.push_up import shoulder_lowering
from fitcli.exercises.definitions.squat import body_lowering
from fitcli.exercises.detector import DetectorConfig, RepDetector
from fitcli.exercises.reference import SelfReference
from fitcli.exercises.rule import Reading
from fitcli.pipelines import figure as fg
from fitcli.pipelines import synthetic as syn

YAWS = (0.0, 30.0, 60.0, 90.0, 135.0, 180.0, 225.0, 270.0)


def _keypoints(pose: fg.Pose, view: fg.View) -> np.ndarray:
    xy = fg.keypoints_2d(pose, view)
    return np.concatenate([xy, np.full((17, 1), 0.9)], axis=1).astype(np.float64)


def _normalised(signal, motion, m: float, view: fg.View) -> float:
    """The signal at motion amount ``m``, divided by its length at rest (m = 0), from ``view``."""
    rest = signal(_keypoints(motion(0.0), view))
    now = signal(_keypoints(motion(m), view))
    assert rest is not None and now is not None
    rest, now = Reading(*rest), Reading(*now)
    assert rest.length is not None and rest.length > 0
    return now.value / rest.length


@pytest.mark.parametrize(
    ("signal", "motion", "m", "views"),
    [
        (body_lowering, syn.squat, 0.8, YAWS),
        (body_lowering, syn.sumo_squat, 1.0, YAWS),
        (shoulder_lowering, syn.push_up, 1.0, (30.0, 60.0, 90.0, 120.0, 270.0)),
        (arm_lift, syn.jumping_jack, 0.6, YAWS),
    ],
)
def test_the_same_pose_reads_the_same_from_every_azimuth(signal, motion, m, views):
    values = [_normalised(signal, motion, m, fg.View(yaw, 400)) for yaw in views]
    assert max(values) - min(values) < 0.02, values
    assert -1.05 <= _normalised(signal, motion, 0.0, fg.View(45, 400)) <= -0.9  # rest reads about -1


def test_distance_changes_nothing_and_a_camera_above_or_below_still_sees_a_full_squat():
    near = _normalised(body_lowering, syn.squat, 0.8, fg.View(0, 600))
    far = _normalised(body_lowering, syn.squat, 0.8, fg.View(0, 200))
    assert near == pytest.approx(far, abs=1e-6)
    floor = EXERCISES["squat"].rule.detector.min_rom
    # Seen from the front and 25 degrees above, thighs coming toward the camera look shorter than
    # they are (the limit of a 2-D signal): a full-depth squat still clears the floor, a third does not.
    for pitch in (-10.0, 0.0, 25.0):
        full = _normalised(body_lowering, syn.squat, 1.0, fg.View(0, 400, pitch_deg=pitch)) + 1.0
        assert full > floor, pitch
    partial = _normalised(body_lowering, syn.squat, 0.3, fg.View(0, 400)) + 1.0
    assert partial < floor


def test_a_squat_lowers_the_shoulders_and_a_jumping_jack_does_not():
    squat = _normalised(body_lowering, syn.squat, 1.0, fg.View(0, 400)) + 1.0
    jack = _normalised(body_lowering, syn.jumping_jack, 0.6, fg.View(0, 400)) + 1.0
    assert squat > EXERCISES["squat"].rule.detector.min_rom
    assert jack < EXERCISES["squat"].rule.detector.enter


# ---- self-reference ---------------------------------------------------------------------------
def test_self_reference_is_a_high_quantile_of_the_recent_window():
    ref = SelfReference(window_s=2.0, quantile=0.9, min_samples=3)
    assert ref.update(0.0, 100.0) is None  # not enough samples yet
    assert ref.update(0.1, 100.0) is None
    assert ref.update(0.2, 50.0) == pytest.approx(100.0)
    for i in range(30):  # the person steps back: the old length leaves the window
        value = ref.update(3.0 + i * 0.1, 60.0)
    assert value == pytest.approx(60.0)
    assert ref.update(7.0, float("nan")) is None


@pytest.mark.parametrize(
    "kwargs",
    [{"window_s": 0}, {"window_s": float("inf")}, {"quantile": 0}, {"quantile": 1.5}, {"min_samples": 0}],
)
def test_self_reference_rejects_bad_settings(kwargs):
    with pytest.raises(UsageError):
        SelfReference(**kwargs)


# ---- self-calibrated range --------------------------------------------------------------------
def _run(detector: RepDetector, depths: list[float], fps: float = 30.0) -> int:
    t = 0.0
    for _ in range(30):  # rest
        detector.update(t, 0.0)
        t += 1 / fps
    for depth in depths:
        for x in np.linspace(0, np.pi, 45):
            detector.update(t, depth * float(np.sin(x)))
            t += 1 / fps
        for _ in range(15):
            detector.update(t, 0.0)
            t += 1 / fps
    return detector.reps


def test_a_half_rep_after_full_ones_does_not_count_but_a_first_shallow_rep_does():
    config = DetectorConfig(enter=0.1, min_rom=0.2, rel_rom=0.5, min_duration_s=0.3)
    assert _run(RepDetector(config), [1.0, 1.0, 0.4, 1.0]) == 3  # 0.4 < half the person's 1.0
    assert _run(RepDetector(config), [0.4, 0.4, 0.4]) == 3  # a shallow mover is counted
    assert _run(RepDetector(DetectorConfig(enter=0.1, min_rom=0.2)), [1.0, 1.0, 0.4, 1.0]) == 4


def test_a_second_opinion_must_move_too():
    """With ``confirm_rom``, a rep counts only when the second signal rose above its rest level too."""
    config = DetectorConfig(enter=0.1, min_rom=0.2, min_duration_s=0.3, confirm_rom=0.1)
    t, reps = 0.0, {}
    for moves in (True, False):
        detector, t = RepDetector(config), 0.0
        for i in range(200):
            x = max(0.0, float(np.sin(2 * np.pi * (i - 30) / 60))) if i >= 30 else 0.0
            detector.update(t, x, confirm=0.5 * x if moves else -0.3 * x)
            t += 1 / 30
        reps[moves] = detector.reps
    assert reps == {True: 3, False: 0}


@pytest.mark.parametrize("confirm_rom", [0.0, -1.0, float("nan")])
def test_confirm_rom_must_be_positive(confirm_rom):
    with pytest.raises(UsageError):
        DetectorConfig(enter=0.1, min_rom=0.2, confirm_rom=confirm_rom)


@pytest.mark.parametrize("rel_rom", [-0.1, 1.0, 2.0])
def test_rel_rom_must_be_a_share(rel_rom):
    with pytest.raises(UsageError):
        DetectorConfig(enter=0.1, min_rom=0.2, rel_rom=rel_rom)
