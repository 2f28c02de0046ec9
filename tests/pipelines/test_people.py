"""Everyone counted: the real MoveNet MultiPose on generated multi-person clips with exact counts.

The clips (fitcli.pipelines.crowd.SCENES) are generated once per test session into a temporary
folder. Two figures squat and do jumping jacks side by side, walk past each other (one hides the
other) and go on; in the other clip three figures exercise and the clapper walks out of the frame
for about 4 s and comes back.
"""

from __future__ import annotations

import pytest

from fitcli.models import load_backend
from fitcli.pipelines.crowd import SCENES, Scene, cached_scene, found_in_export, identity_report
from fitcli.pipelines.people import analyze_people
from fitcli.pipelines.tracking import PeopleTracker

pytestmark = pytest.mark.models


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    return tmp_path_factory.mktemp("crowd")


@pytest.fixture(scope="module")
def multipose(require_model_module):
    require_model_module("movenet-multipose")
    return load_backend("movenet-multipose", video=True)


@pytest.fixture(scope="module")
def require_model_module():
    from fitcli.models.registry import MODELS

    def need(name):
        if not MODELS[name].installed():
            pytest.skip(f"model {name} is not pulled (run `fitcli models pull {name}`)")

    return need


def counts(analyses) -> dict[int, int]:
    return {a.person: a.reps for a in analyses}


def test_two_people_crossing_each_counted_exactly_with_no_id_switch(clips, multipose, tmp_path):
    video = cached_scene("pair_crossing", clips)
    scene = Scene(SCENES["pair_crossing"])
    squats = analyze_people(str(video), "squat", multipose, export_fmt="csv", export_dir=tmp_path)
    # person 1 is the squatter (left at the start), person 2 the jumper, to the end of the clip
    assert counts(squats) == {1: len(scene.reps(0)), 2: 0} == {1: 5, 2: 0}
    report = identity_report(scene, found_in_export(tmp_path / "pair_crossing.people.csv"))
    assert report.switches == 0 and report.ids == {0: [1], 1: [2]}
    assert report.matched >= 0.98 * report.visible
    jacks = analyze_people(str(video), "jumping-jack", multipose)
    assert counts(jacks) == {1: 0, 2: len(scene.reps(1))} == {1: 0, 2: 7}


def test_three_people_one_leaving_and_coming_back_keeps_their_id_and_count(clips, multipose, tmp_path):
    video = cached_scene("trio_leave_return", clips)
    scene = Scene(SCENES["trio_leave_return"])
    claps = analyze_people(str(video), "clap", multipose, export_fmt="csv", export_dir=tmp_path)
    assert counts(claps) == {1: 0, 2: len(scene.reps(1)), 3: 0} == {1: 0, 2: 9, 3: 0}
    report = identity_report(scene, found_in_export(tmp_path / "trio_leave_return.people.csv"))
    assert report.switches == 0 and report.ids == {0: [1], 1: [2], 2: [3]}
    # the clapper was out of the frame for a while: fewer frames in view than the others
    away = [a for a in claps if a.person == 2][0]
    assert away.result.person_share < 0.85 < min(a.result.person_share for a in claps if a.person != 2)


def test_a_person_gone_for_good_is_closed_when_they_go(clips, multipose):
    # forget_s = 2: the clapper's 4 s away is "gone for good"; back later, they are someone new
    video = cached_scene("trio_leave_return", clips)
    scene = Scene(SCENES["trio_leave_return"])
    out = analyze_people(str(video), "clap", multipose, tracker=PeopleTracker(forget_s=2.0))
    first_visit = [r for r in scene.reps(1) if r.end_s < 8]
    assert (
        counts(out) == {1: 0, 2: len(first_visit), 3: 0, 4: 9 - len(first_visit)} == {1: 0, 2: 5, 3: 0, 4: 4}
    )
    gone = [a for a in out if a.person == 2][0]
    assert 7.0 < gone.last_s < 9.5  # last seen as they walked out, not at the end of the clip
    assert [a for a in out if a.person == 4][0].first_s > 11.0
