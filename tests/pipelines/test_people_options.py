"""`--people all` options: the multi-person model poses PEOPLE_POSE_FPS frames a second unless told."""

from __future__ import annotations

from fitcli.pipelines.analyze import _check_people
from fitcli.pipelines.batch import BatchOptions
from fitcli.pipelines.people import PEOPLE_POSE_FPS


def test_people_all_poses_fifteen_frames_a_second_unless_every_is_given():
    chosen = _check_people(BatchOptions("squat", people="all"))
    assert chosen.fps == PEOPLE_POSE_FPS == 15.0 and chosen.model == "movenet-multipose"
    every = _check_people(BatchOptions("squat", people="all", every=1))
    assert every.fps is None and every.every == 1
    one = _check_people(BatchOptions("squat"))
    assert one.fps is None  # one person: every frame, as before
