"""The person tracker on synthetic keypoint sequences: crossing, hiding, leaving and coming back."""

from __future__ import annotations

import numpy as np
import pytest

from fitcli.errors import UsageError
from fitcli.pipelines.tracking import PeopleTracker, oks

FPS = 30.0
# A standing body 200 px tall, centred on x = 0 at the floor (COCO order, x y): face, arms, legs.
_BODY = np.array(
    [[0, -180], [-6, -186], [6, -186], [-12, -182], [12, -182], [-25, -150], [25, -150], [-32, -110],
     [32, -110], [-35, -70], [35, -70], [-15, -90], [15, -90], [-16, -45], [16, -45], [-16, 0], [16, 0]],
    np.float32,
)  # fmt: skip


def body(x: float, y: float = 400.0, size: float = 1.0) -> np.ndarray:
    kp = np.ones((17, 3), np.float32)
    kp[:, :2] = _BODY * size + (x, y)
    return kp


def run(tracker: PeopleTracker, frames: list[list[np.ndarray]]) -> list[dict[int, float]]:
    """Per frame: person id -> x of the hip centre of the pose given that id."""
    out = []
    for i, people in enumerate(frames):
        step = tracker.update(i / FPS, np.array(people).reshape(-1, 17, 3))
        out.append({pid: float(kp[11:13, 0].mean()) for pid, kp in step.seen})
    return out


def test_oks_is_one_for_the_same_pose_and_falls_with_distance():
    a = body(100)
    assert oks(a, a) == pytest.approx(1.0)
    assert oks(a, body(105)) > oks(a, body(120)) > oks(a, body(200))
    assert oks(a, body(400)) < 0.01


def test_new_people_are_numbered_left_to_right():
    (first,) = run(PeopleTracker(), [[body(500), body(100), body(300)]])
    assert sorted(first.items(), key=lambda kv: kv[1]) == [(1, 100.0), (2, 300.0), (3, 500.0)]


def test_two_people_walking_past_each_other_keep_their_ids():
    # A walks right, B left, 4 px a frame; they pass at x = 320, where B hides A for 8 frames
    frames = []
    for i in range(80):
        a, b = 160 + 4 * i, 480 - 4 * i
        frames.append([body(b)] if abs(a - b) < 32 else [body(a), body(b)])
    seen = run(PeopleTracker(), frames)
    assert all(f[1] < f[2] for f in seen[:30]) and all(f[1] > f[2] for f in seen[50:])
    assert set().union(*seen) == {1, 2}  # nobody new


def test_a_person_who_walks_out_and_back_within_forget_s_keeps_their_id():
    frames = [[body(100), body(560)] for _ in range(30)]
    frames += [[body(100)] for _ in range(90)]  # the right one is away 3 s
    frames += [[body(100), body(590)] for _ in range(30)]  # back, a little further right
    seen = run(PeopleTracker(forget_s=10), frames)
    assert seen[-1] == {1: 100.0, 2: 590.0}


def test_someone_else_coming_in_elsewhere_is_a_new_person():
    # the one who left was at the right; a person far to the left is not them (position rule)
    frames = [[body(300), body(560)] for _ in range(30)] + [[body(300)] for _ in range(30)]
    frames += [[body(300), body(40)] for _ in range(10)]
    assert set(run(PeopleTracker(), frames)[-1]) == {1, 3}


def test_a_body_of_another_size_is_a_new_person():
    frames = [[body(300)] for _ in range(10)] + [[] for _ in range(30)] + [[body(300, size=2.2)]]
    assert set(run(PeopleTracker(), frames)[-1]) == {2}


def test_a_person_unseen_beyond_forget_s_has_left_for_good_once():
    tracker = PeopleTracker(forget_s=2.0)
    ended = []
    for i in range(200):
        people = [body(100), body(500)] if i < 30 else [body(100)]
        if i >= 150:
            people.append(body(500))
        step = tracker.update(i / FPS, np.array(people))
        ended += step.ended
        last = step
    assert ended == [2]  # at 1 s + 2 s, and only then
    assert {pid for pid, _ in last.seen} == {1, 3}  # coming back later is a new person


def test_poses_with_too_few_keypoints_are_not_people():
    faint = body(300)
    faint[2:, 2] = 0.05
    step = PeopleTracker().update(0.0, np.array([faint]))
    assert step.seen == []


@pytest.mark.parametrize(
    "kwargs",
    [
        {"min_oks": 0},
        {"min_oks": 1.5},
        {"coast_s": 0},
        {"reid_radius": -1},
        {"size_ratio": 0.5},
        {"forget_s": 0.1},
    ],
)
def test_bad_settings_are_refused(kwargs):
    with pytest.raises(UsageError, match="tracker needs"):
        PeopleTracker(**kwargs)


def test_a_person_hidden_briefly_who_reappears_off_their_path_keeps_their_id():
    # hidden for 0.4 s (less than coast_s) and back 60 px away: too far for OKS, near for the place rule
    frames = [[body(100), body(400)] for _ in range(20)] + [[body(100)] for _ in range(12)]
    frames += [[body(100), body(460)] for _ in range(5)]
    assert run(PeopleTracker(), frames)[-1] == {1: 100.0, 2: 460.0}
