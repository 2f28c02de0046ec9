"""The view-sweep generator: deterministic, true counts follow the plan (partial reps never count),
noise and scores look like a model's, proportions change lengths but not joint angles, and the new
motions reach their stated ranges."""

from __future__ import annotations

import math

import numpy as np
import pytest

from fitcli.exercises.catalog import exercise_names
from fitcli.pipelines import figure as fg
from fitcli.pipelines import motions as mo
from fitcli.pipelines import synthetic as sy
from fitcli.pipelines.keypoint_noise import DROPOUT_SCORE, hidden_mask
from fitcli.pipelines.view_sweep import (
    VARIANTS,
    SweepCase,
    amount,
    plan_case,
    sweep_cases,
    sweep_exclusions,
    sweep_scene,
    sweep_track,
    true_keypoints,
)
from fitcli.pose import KP


def flexion(pose: fg.Pose, a: str, b: str, c: str) -> float:
    u, v = pose[a] - pose[b], pose[c] - pose[b]
    return 180.0 - math.degrees(math.acos(float(np.dot(u, v) / np.linalg.norm(u) / np.linalg.norm(v))))


def test_exercise_names_match_the_counters() -> None:
    assert sorted(VARIANTS) == sorted(exercise_names())
    for name in ("lunge", "bicep-curl", "sit-up", "pull-up"):
        assert set(sy.EXERCISES[name].views) == {"front", "side", "oblique"}


def test_same_case_gives_the_same_track_and_another_seed_does_not() -> None:
    case = SweepCase("squat", "standard", 45.0, 25.0, 3)
    a, b = sweep_track(case), sweep_track(SweepCase("squat", "standard", 45.0, 25.0, 3))
    np.testing.assert_array_equal(a.track.keypoints, b.track.keypoints)
    assert a.rep_times == b.rep_times and a.true_reps == b.true_reps
    other = sweep_track(SweepCase("squat", "standard", 45.0, 25.0, 4))
    assert other.rep_times != a.rep_times


def test_one_plan_for_every_view_of_a_seed() -> None:
    front, back = SweepCase("lunge", "reverse", 0.0, 0.0, 2), SweepCase("lunge", "reverse", 180.0, 25.0, 2)
    assert front.plan == back.plan
    assert sweep_track(front).rep_times == sweep_track(back).rep_times


REPETITIONS = sorted(ex for ex, variants in VARIANTS.items() if not any(v.hold for v in variants.values()))
HOLDS = sorted(set(VARIANTS) - set(REPETITIONS))


@pytest.mark.parametrize("exercise", REPETITIONS)
def test_plan_reps_and_partials(exercise: str) -> None:
    for variant, spec in VARIANTS[exercise].items():
        for seed in range(6):
            plan = plan_case(exercise, variant, seed)
            full = [r for r in plan.reps if not r.partial]
            partial = [r for r in plan.reps if r.partial]
            assert 4 <= len(full) <= 7 and len(partial) <= 2
            assert [r.index for r in full] == list(range(1, len(full) + 1))
            assert all(0.2 <= r.depth <= 0.35 for r in partial)
            assert all((r.depth == 1.0) if spec.full_range else (0.75 <= r.depth <= 1.0) for r in full)
            assert 1.5 <= plan.reps[0].start_s <= 2.5 and 1.5 <= plan.duration_s - plan.reps[-1].end_s <= 2.5
            for r, nxt in zip(plan.reps, plan.reps[1:], strict=False):
                assert r.start_s < r.turn_s < r.end_s <= nxt.start_s
                assert amount(plan, r.turn_s)[0] == pytest.approx(r.depth, abs=0.02)
            assert amount(plan, plan.reps[0].start_s - 0.5)[0] == 0.0
            assert 0.6 <= plan.tempo <= 1.6
            if plan.pause is not None:
                assert 1.5 <= plan.pause[1] <= 4.0


@pytest.mark.parametrize("exercise", HOLDS)
def test_plan_holds_and_holds_too_short_to_count(exercise: str) -> None:
    from fitcli.exercises.hold import GRACE_S, MIN_HOLD_S

    for variant in VARIANTS[exercise]:
        for seed in range(6):
            plan = plan_case(exercise, variant, seed)
            full = [r for r in plan.reps if not r.partial]
            assert 2 <= len(full) <= 3 and len(plan.reps) - len(full) <= 1
            assert [r.index for r in full] == list(range(1, len(full) + 1))
            assert all(r.end_s - r.start_s >= MIN_HOLD_S + 1.0 for r in full)
            assert all(r.end_s - r.start_s < MIN_HOLD_S - 0.4 for r in plan.reps if r.partial)
            for r, nxt in zip(plan.reps, plan.reps[1:], strict=False):
                assert nxt.start_s - r.end_s >= 2 * GRACE_S  # a rest, not a wobble
                mid = (r.start_s + r.end_s) / 2
                assert amount(plan, mid, hold=True)[0] == 1.0
                assert amount(plan, (r.end_s + nxt.start_s) / 2, hold=True)[0] == 0.0
            assert sweep_track(SweepCase(exercise, variant, 90.0, 0.0, seed)).true_reps == len(full)


def test_some_cases_have_partial_reps_and_pauses() -> None:
    plans = [plan_case(ex, v, s) for ex in VARIANTS for v in VARIANTS[ex] for s in range(2)]
    assert sum(any(r.partial for r in p.reps) for p in plans) >= len(plans) // 3
    assert sum(p.pause is not None for p in plans) >= len(plans) // 5


def test_true_count_is_the_full_reps_only() -> None:
    for seed in range(10):
        case = SweepCase("bicep-curl", "alternating", 90.0, 0.0, seed)
        if case.partial_reps:
            break
    else:
        pytest.fail("no seed with a partial rep")
    result = sweep_track(case)
    assert result.true_reps == len(case.depths) == len(case.plan.reps) - case.partial_reps
    assert [r.turn_s for r in result.rep_times] == [r.turn_s for r in case.plan.reps if not r.partial]
    # alternating curls: reps take turns between the arms
    assert [r.motion % 2 for r in case.plan.reps] == [i % 2 for i in range(len(case.plan.reps))]


def test_cases_cover_the_circle_except_stated_exclusions() -> None:
    cases = sweep_cases(seeds=(0,))
    views = {(c.exercise, c.azimuth_deg, c.elevation_deg) for c in cases}
    assert {az for ex, az, _ in views if ex == "pull-up"} == {float(a) for a in range(0, 360, 45)}
    assert {az for ex, az, _ in views if ex == "clap"} == {315.0, 337.5, 0.0, 22.5, 45.0}
    assert ("push-up", 0.0, -10.0) not in views and ("squat", 0.0, -10.0) in views
    reasons = {(ex, az, el): why for ex, az, el, why in sweep_exclusions()}
    assert "claps toward the camera" in reasons[("clap", 90.0, 0.0)]
    assert "below the floor" in reasons[("sit-up", 0.0, -10.0)]
    assert "judged from the side" in reasons[("plank", 180.0, 0.0)] and ("wall-sit", 45.0, 25.0) in views
    assert not any(key in views for key in reasons)
    assert {(c.exercise, c.variant) for c in cases} == {(ex, v) for ex in VARIANTS for v in VARIANTS[ex]}


@pytest.mark.parametrize(
    ("exercise", "variant", "azimuth"), [("pull-up", "standard", 135.0), ("sit-up", "crunch", 90.0)]
)
def test_the_figure_stays_in_the_frame_at_its_size(exercise: str, variant: str, azimuth: float) -> None:
    case = SweepCase(exercise, variant, azimuth, 25.0, 1)
    scene = sweep_scene(case)
    xy, _ = true_keypoints(scene)
    assert 0 <= xy[..., 0].min() and xy[..., 0].max() < scene.view.width
    assert 0 <= xy[..., 1].min() and xy[..., 1].max() < scene.view.height
    assert 200 <= scene.view.scale <= 420 and (scene.view.width, scene.view.height) in (
        (640, 480),
        (480, 640),
    )


def test_noise_and_scores_behave_like_a_model() -> None:
    case = SweepCase("squat", "standard", 90.0, 0.0, 5)
    scene = sweep_scene(case)
    xy, depth = true_keypoints(scene)
    kp = sweep_track(case, scene).track.keypoints
    hidden = hidden_mask(xy, depth, scene.view.scale)
    score = kp[..., 2]
    dropout = np.isclose(score, DROPOUT_SCORE)
    visible = ~hidden & ~dropout
    assert np.all((score[visible] >= 0.8) & (score[visible] <= 0.95))
    assert np.all((score[hidden & ~dropout] >= 0.2) & (score[hidden & ~dropout] <= 0.5))
    err = (kp[..., :2] - xy)[visible] / scene.view.scale
    assert 0.004 <= float(np.std(err)) <= 0.011  # 0.5-1% of the figure's height
    assert 0 < dropout.sum() < 0.02 * dropout.size
    # seen from the right, the left (far) side is hidden more often than the right
    far = hidden[:, [KP["left_elbow"], KP["left_knee"], KP["left_ankle"], KP["left_ear"]]].mean()
    near = hidden[:, [KP["right_elbow"], KP["right_knee"], KP["right_ankle"], KP["right_ear"]]].mean()
    assert far > 0.5 and near < 0.05
    front = SweepCase("squat", "standard", 0.0, 0.0, 5)
    fxy, fdepth = true_keypoints(sweep_scene(front))
    assert hidden_mask(fxy, fdepth, 400.0)[:, 5:].mean() < 0.1  # the front view shows the body


MOTIONS = [sy.clap, sy.squat, sy.push_up, mo.lunge, mo.reverse_lunge, mo.curl_left, mo.sit_up, mo.pull_up]
ANGLES = [
    ("left_shoulder", "left_elbow", "left_wrist"),
    ("right_hip", "right_knee", "right_ankle"),
    ("left_hip", "left_knee", "left_ankle"),
]


@pytest.mark.parametrize("motion", MOTIONS, ids=lambda f: f.__name__)
def test_proportions_change_lengths_but_not_joint_angles(motion) -> None:  # type: ignore[no-untyped-def]
    props = fg.Proportions(trunk=1.08, arms=0.9, legs=1.1, shoulders=1.1, hips=0.92)
    pose = motion(0.7)
    new = fg.rescale(pose, props, ("left_ankle", "right_ankle"))
    for a, b, c in ANGLES:
        assert flexion(new, a, b, c) == pytest.approx(flexion(pose, a, b, c), abs=1e-6)
    for (a, b), factor in {("left_elbow", "left_wrist"): 0.9, ("right_hip", "right_knee"): 1.1}.items():
        assert np.linalg.norm(new[b] - new[a]) == pytest.approx(factor * np.linalg.norm(pose[b] - pose[a]))
    width = np.linalg.norm(new["left_shoulder"] - new["right_shoulder"])
    assert width == pytest.approx(1.1 * np.linalg.norm(pose["left_shoulder"] - pose["right_shoulder"]))
    feet = [new[n][1] for n in ("left_ankle", "right_ankle")]
    assert np.mean(feet) == pytest.approx(np.mean([pose[n][1] for n in ("left_ankle", "right_ankle")]))
    assert fg.rescale(pose, fg.Proportions()) == pose  # the default changes nothing


def test_rescaled_push_up_keeps_hands_and_feet_on_the_floor() -> None:
    pose = sy.push_up(0.5)
    new = fg.rescale(
        pose, fg.Proportions(arms=0.9, legs=1.1), ("left_ankle", "right_ankle"), ("left_wrist", "right_wrist")
    )
    for name in ("left_ankle", "left_wrist", "right_wrist"):
        assert new[name][1] == pytest.approx(pose[name][1], abs=1e-9)
    assert flexion(new, "left_shoulder", "left_elbow", "left_wrist") == pytest.approx(
        flexion(pose, "left_shoulder", "left_elbow", "left_wrist")
    )


def test_new_motions_reach_their_ranges() -> None:
    front_knee = flexion(mo.lunge(1.0), "left_hip", "left_knee", "left_ankle")
    assert 80 <= front_knee <= 95 and mo.lunge(1.0)["right_knee"][1] < 0.1  # rear knee near the floor
    assert flexion(mo.lunge(0.3), "left_hip", "left_knee", "left_ankle") < 0.6 * front_knee  # shallow
    assert mo.lunge(1.0)["left_ankle"][2] > 0.4 and mo.reverse_lunge(1.0)["right_ankle"][2] < -0.4
    for m, deg in ((0.0, 10.0), (1.0, 140.0)):
        assert flexion(mo.bicep_curl(m), "right_shoulder", "right_elbow", "right_wrist") == pytest.approx(
            deg, abs=1
        )
    assert flexion(mo.curl_left(1.0), "right_shoulder", "right_elbow", "right_wrist") == pytest.approx(
        10, abs=1
    )

    def trunk_deg(pose: fg.Pose) -> float:
        up = (pose["left_shoulder"] + pose["right_shoulder"]) / 2 - pose["pelvis"]
        return math.degrees(math.asin(up[1] / np.linalg.norm(up)))

    assert trunk_deg(mo.sit_up(0.0)) < 5 and 75 <= trunk_deg(mo.sit_up(1.0)) <= 85
    assert 30 <= trunk_deg(mo.crunch(1.0)) <= 40
    hang, top = mo.pull_up(0.0), mo.pull_up(1.0)
    assert flexion(hang, "left_shoulder", "left_elbow", "left_wrist") < 15
    assert flexion(top, "left_shoulder", "left_elbow", "left_wrist") > 110
    chin = top["head"][1] - fg.HEAD_RY
    assert abs(chin - mo.BAR_Y) < 0.05 and min(hang["left_toe"][1], hang["left_ankle"][1]) > 0.05
