"""Per-rep form: depth, lockout and balance against the exercise's standard, tempo, the set summary.

Poses are drawn from a stick figure squatting (thigh angle from vertical: 0 standing, 90 at parallel)
seen from the side or the front, so each check can be put on either side of its standard; then the
real clips' recorded keypoints through the counting path every command runs.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from fitcli.exercises.catalog import EXERCISES, get_exercise
from fitcli.exercises.clip_counter import ClipCounter
from fitcli.exercises.form import FormJudge, partial_text, reps_text, summarize_set
from fitcli.exercises.keypoint_cache import load_track
from fitcli.pose import KP, PoseFrame
from fitcli.rep import Rep, RepForm

FPS = 30.0
THIGH = SHIN = 100.0
REAL = Path(__file__).resolve().parents[1] / "fixtures" / "keypoints" / "real"


def squatter(thigh_deg: float, view: str = "side", hip_drop: float = 0.0) -> np.ndarray:
    """One pose: ankles at y=400, the shin leaning forward by half the thigh's angle; ``hip_drop``
    lowers the right hip (and everything on that side above it) by that many thigh lengths."""
    kp = np.zeros((17, 3), np.float32)
    kp[:, 2] = 0.9
    theta, phi = math.radians(thigh_deg), math.radians(thigh_deg / 2)
    for side, lateral in (("left", -1.0), ("right", 1.0)):
        dx = lateral * (30.0 if view == "front" else 1.0)
        drop = hip_drop * THIGH if side == "right" else 0.0
        ankle = np.array([200.0 + dx, 400.0])
        knee = ankle + [SHIN * math.sin(phi), -SHIN * math.cos(phi)]
        hip = knee + [-THIGH * math.sin(theta), -THIGH * math.cos(theta) + drop]
        shoulder = hip + [20.0 + dx * 0.5, -120.0]
        elbow = shoulder + [10.0, 60.0]
        wrist = elbow + [20.0, 50.0]
        for name, p in (("ankle", ankle), ("knee", knee), ("hip", hip), ("shoulder", shoulder),
                        ("elbow", elbow), ("wrist", wrist), ("ear", shoulder + [0.0, -40.0]),
                        ("eye", shoulder + [8.0, -48.0])):  # fmt: skip
            kp[KP[f"{side}_{name}"], :2] = p
    kp[KP["nose"], :2] = kp[KP["left_eye"], :2] + [6.0, 6.0]
    return kp


def squat_set(depths: list[float], view: str = "side", top: float = 0.0, hip_drop: float = 0.0):
    """Frames of squats to ``depths`` (thigh degrees), each 1 s down and 1 s up between 1 s standing
    at ``top`` degrees, and the reps as a counter reports them."""
    frames, reps, t = [], [], 0.0

    def add(deg: float) -> None:
        nonlocal t
        frames.append(
            PoseFrame(len(frames), t, squatter(deg, view, hip_drop if deg > 45 else 0.0), (640, 480))
        )
        t += 1 / FPS

    for _ in range(int(FPS)):
        add(top)
    for i, depth in enumerate(depths, 1):
        start = t
        for k in range(int(FPS)):
            add(top + (depth - top) * k / FPS)
        turn = t
        for k in range(int(FPS)):
            add(depth - (depth - top) * k / FPS)
        reps.append(Rep(i, start, turn, t, rom=depth / 100))
        for _ in range(int(FPS)):
            add(top)
    return frames, reps


def judged(frames, reps, exercise="squat"):
    judge = FormJudge(get_exercise(exercise).form)
    for f in frames:
        judge.update(f)
    return judge.judge_all(reps)


def test_a_squat_below_parallel_meets_the_standard_and_a_half_squat_is_partial():
    deep, shallow = judged(*squat_set([105.0, 55.0]))
    assert deep.form is not None and shallow.form is not None
    assert deep.form.facts["depth"] > 0 and not deep.partial and deep.form.flags == ()
    assert shallow.form.facts["depth"] < -0.3
    assert shallow.partial and shallow.form.partial == ("shallow",)
    assert deep.form.view == shallow.form.view == "side"


def test_a_rep_at_parallel_is_not_a_coin_flip_of_keypoint_error():
    (rep,) = judged(*squat_set([86.0]))  # 4 degrees above parallel: inside the height band
    assert rep.form is not None and not rep.partial


def test_lockout_is_judged_from_the_side_and_not_from_the_front():
    (bent,) = judged(*squat_set([100.0], top=35.0))  # never stands up straight
    assert bent.form is not None and bent.form.facts["lockout"] < 160
    assert "no lockout" in bent.form.partial
    (front,) = judged(*squat_set([100.0], view="front", top=35.0))
    assert front.form is not None and front.form.view == "front"
    assert front.form.facts["lockout"] is None and "no lockout" not in front.form.flags
    assert front.form.facts["depth"] is not None  # a height holds from the front


def test_one_hip_lower_than_the_other_is_flagged_uneven_but_not_partial():
    (rep,) = judged(*squat_set([100.0], view="front", hip_drop=0.3))
    assert rep.form is not None and rep.form.uneven["depth"] == pytest.approx(0.3, abs=0.05)
    assert "uneven" in rep.form.flags and not rep.partial
    (even,) = judged(*squat_set([100.0], view="front"))
    assert even.form is not None and "uneven" not in even.form.flags


def test_tempo_splits_the_rep_at_its_turn():
    (rep,) = judged(*squat_set([100.0]))
    assert rep.form is not None
    assert rep.form.out_s == pytest.approx(1.0, abs=0.05) and rep.form.back_s == pytest.approx(1.0, abs=0.05)
    assert get_exercise("squat").form.out == "down" and get_exercise("bicep-curl").form.out == "up"


def test_parts_not_seen_leave_a_fact_unjudged_not_failed():
    frames, reps = squat_set([100.0])
    hidden = []
    for f in frames:
        kp = f.keypoints.copy()
        kp[[KP["left_knee"], KP["right_knee"]], 2] = 0.05
        hidden.append(PoseFrame(f.index, f.time_s, kp, f.image_size))
    (rep,) = judged(hidden, reps)
    assert rep.form is not None and rep.form.facts["depth"] is None and rep.form.flags == ()


def test_partial_text_and_the_set_summary():
    reps = judged(*squat_set([105.0, 100.0, 95.0, 60.0, 55.0, 50.0]))
    assert partial_text(reps) == "3 partial: shallow"
    assert reps_text(reps) == "6 reps (3 partial: shallow)"
    assert reps_text(reps[:2]) == "2 reps"
    summary = summarize_set(reps)
    assert summary["reps"] == 6 and summary["partial"] == 3 and summary["partial_why"] == {"shallow": 3}
    assert summary["range_drop_pct"] > 40  # the range halved from the first third to the last
    assert summary["mean_depth"] == pytest.approx(np.mean([r.form.facts["depth"] for r in reps]))
    assert {"index", "tut_s"} == set(summary["slowest_rep"])
    assert summarize_set(reps[:3])["range_drop_pct"] is None  # too few reps to judge fatigue


def test_every_exercise_declares_a_standard_whose_checks_are_named_once():
    for spec in EXERCISES.values():
        keys = [c.key for c in spec.form.checks]
        assert len(keys) == len(set(keys)), spec.name
        assert spec.form.out != spec.form.back, spec.name


def test_rep_form_survives_its_dict():
    form = RepForm(
        0.8, 1.1, {"depth": 0.12, "lockout": None}, {"depth": 0.04}, ("shallow",), ("shallow",), "side"
    )
    assert RepForm.from_dict(form.as_dict()) == form
    row = Rep(1, 0.0, 0.8, 1.9, 0.3, 0.9, form).as_dict()
    assert row["partial"] is True and row["flags"] == ["shallow"] and row["depth"] == 0.12
    assert row["uneven_depth"] == 0.04 and row["out_s"] == 0.8


@pytest.mark.parametrize(
    "clip, exercise",
    [("squat_side_yuyoujiang", "squat"), ("pushup_side_tayyab4", "push-up"), ("curl_front_swsumo", "bicep-curl"),
     ("jj_front_thchen", "jumping-jack"), ("pullup_front_night_joelo", "pull-up")],
)  # fmt: skip
def test_every_counted_rep_of_a_real_clip_is_judged(clip, exercise):
    track = load_track(REAL / f"{clip}.movenet-lightning.npz")
    counter = ClipCounter(exercise)
    for i in range(len(track)):
        counter.update(PoseFrame(int(track.frames[i]), float(track.times[i]), track.keypoints[i], (640, 480)))
    result = counter.finish(None)
    checks = {c.key for c in get_exercise(exercise).form.checks}
    assert result.reps > 0
    for rep in result.events:
        assert rep.form is not None and set(rep.form.facts) == checks
        assert rep.form.out_s + rep.form.back_s == pytest.approx(rep.duration)
        assert any(v is not None for v in rep.form.facts.values()), (clip, rep)
