"""`live --people all`: everyone counted live, one set and one session per person, nothing lost.

The scene is the generator's ``pair_one_leaves`` (fitcli.pipelines.crowd: 12 s at 15 fps, two
figures squat side by side, the one on the right does 3 squats and walks out for good at 6.8-8.3 s).
The session's behaviour (reset, quit, Ctrl-C, a broken source, pause, someone seen for a moment) is
driven with the scene's true keypoints standing in for the model; the counts, the journal and a
person leaving are checked with the real MoveNet MultiPose on the rendered clip.
"""

from __future__ import annotations

import numpy as np
import pytest

from fitcli.errors import VideoError
from fitcli.exercises.catalog import get_exercise
from fitcli.met.journal import Journal
from fitcli.pipelines.annotate import Annotator, PersonLabel, Status
from fitcli.pipelines.crowd import SCENES, Scene, cached_scene
from fitcli.pipelines.live import live_workout
from fitcli.pipelines.live_display import StatusLineDisplay, status_line
from fitcli.pipelines.live_people import LivePeopleSession
from fitcli.pipelines.sources import Frame
from fitcli.pipelines.tracking import PeopleTracker

SCENE = Scene(SCENES["pair_one_leaves"])
STAYS, LEAVES = SCENE.reps(0), SCENE.reps(1)  # 4 and 3 squats
FPS = SCENE.spec.fps


class SceneTruth:
    """Stands in for the multi-person model: the scene's true keypoints of everyone in the frame."""

    name, max_people = "truth", 6

    def __init__(self, ghost_frames: range = range(0)) -> None:
        self.i, self.ghost_frames = 0, ghost_frames

    def people(self, rgb: np.ndarray) -> np.ndarray:
        found = [np.column_stack([kp, np.full(17, 0.9)]) for kp in SCENE.keypoints(self.i)]
        found = [kp for kp in found if np.isfinite(kp).all()]
        if self.i in self.ghost_frames:  # a pose seen for a moment at the top left: no one
            ghost = found[0].copy()
            ghost[:, :2] = ghost[:, :2] * 0.3 + 5
            found.append(ghost)
        self.i += 1
        return np.array(found, np.float32).reshape(-1, 17, 3)


class Keys:
    """A display that presses keys at given frames and keeps every status it was shown."""

    def __init__(self, presses: dict[int, str] | None = None, interrupt_at: int | None = None) -> None:
        self.presses, self.interrupt_at, self.n, self.closed = presses or {}, interrupt_at, 0, False
        self.statuses: list[Status] = []

    def show(self, rgb, pose, status):
        self.n += 1
        self.statuses.append(status)
        if self.n == self.interrupt_at:
            raise KeyboardInterrupt
        return self.presses.get(self.n)

    def close(self):
        self.closed = True


def _frames(stop_at: int | None = None):
    blank = np.zeros((SCENE.spec.height, SCENE.spec.width, 3), np.uint8)
    for i in range(SCENE.n_frames):
        if i == stop_at:
            raise VideoError("clip.mp4 is truncated")
        yield Frame(i, i / FPS, blank)


def _session(display, backend=None, handed=None, **kw):
    return LivePeopleSession(
        get_exercise("squat"), backend or SceneTruth(), display, realtime=False, camera=False,
        on_set=lambda done: handed.append(done) or "kept" if handed is not None else None, **kw,
    )  # fmt: skip


def _counts(results) -> dict[int, int]:
    return {r.person: r.result.reps for r in results}


def _frame_after(t: float) -> int:
    return int(t * FPS) + 3


# ---- the session, on the scene's true keypoints ------------------------------------------------------
def test_everyone_is_counted_and_a_person_who_leaves_is_handed_over_then():
    handed: list = []
    display = Keys()
    ran = _session(display, handed=handed, tracker=PeopleTracker(forget_s=2.0)).run(_frames())
    assert ran.ended_by == "end of video" and display.closed
    (left,) = handed  # handed over when they went, not at the end
    assert (left.person, left.result.reps, left.ended_by) == (2, len(LEAVES), "left") == (2, 3, "left")
    assert _counts(ran.people) == {1: len(STAYS)} == {1: 4}
    noted = next(s for s in display.statuses if s.message.startswith("#2 left"))
    assert noted.message == "#2 left: 3 reps kept" and noted.elapsed_s < SCENE.spec.duration_s - 1
    # the leaver's set runs from first to last seen, their rep times counted from when they were seen
    assert 6.5 < (left.end - left.start).total_seconds() < 9.5
    assert left.result.events[0].start_s == pytest.approx(LEAVES[0].start_s, abs=0.5)


def test_the_status_has_everyones_count_and_the_line_reads_it():
    display = Keys()
    _session(display).run(_frames())
    last = display.statuses[-1]
    assert [(p.id, p.reps) for p in last.people] == [(1, 4), (2, 3)] and last.reps == 7
    assert status_line(last) == "squat: #1 4 reps (4 partial), #2 3 reps (3 partial)  00:11"
    assert any(p.flash for s in display.statuses for p in s.people)  # a rep just done shows


def test_reset_hands_everyones_set_over_before_counting_from_zero():
    at = _frame_after(LEAVES[1].end_s)  # two squats each done, each on their third
    handed: list = []
    display = Keys({at: "r"})
    ran = _session(display, handed=handed).run(_frames())
    assert [(d.person, d.result.reps, d.ended_by, d.set_number) for d in handed] == [
        (1, 2, "reset", 1),
        (2, 2, "reset", 1),
    ]
    assert display.statuses[at].message == "set 1: #1 2 reps kept, #2 2 reps kept; counting set 2 from 0"
    # set 2 counts from 0; the squat each was halfway through at the reset is in neither set
    assert [(r.person, r.result.reps, r.set_number) for r in ran.people] == [(1, 1, 2), (2, 0, 2)]
    # the second set's reps are timed from the reset
    reset_t = (at - 1) / FPS
    assert ran.people[0].result.events[0].end_s == pytest.approx(STAYS[3].end_s - reset_t, abs=0.5)


END = _frame_after(STAYS[1].end_s)  # every way of ending stops after the same frames (0 .. END - 1)


@pytest.mark.parametrize(
    ("how", "ended_by"),
    [
        ({"presses": {END: "q"}}, "quit"),
        ({"interrupt_at": END}, "interrupted"),
        ({"stop_at": END}, "error"),
        ({"duration_s": END / FPS}, "duration"),
    ],
)
def test_however_the_session_ends_everyones_count_is_returned(how, ended_by):
    display = Keys(how.get("presses"), how.get("interrupt_at"))
    session = _session(display, duration_s=how.get("duration_s"))
    ran = session.run(_frames(how.get("stop_at")))
    assert ran.ended_by == ended_by and display.closed and session.frames == END
    assert _counts(ran.people) == {1: 2, 2: 1}  # one's second squat done, the other's first
    assert (ran.error is not None) == (ended_by == "error")


def test_pause_stops_the_count_and_the_clock_and_a_video_resumes_where_it_stopped():
    at = _frame_after(STAYS[0].start_s)
    display = Keys({at: " ", at + 30: " "})
    ran = _session(display).run(_frames())
    held = display.statuses[at : at + 30]
    assert all(s.paused for s in held[1:]) and len({s.elapsed_s for s in held}) == 1
    assert status_line(held[1]).endswith("PAUSED (space resumes)")
    assert _counts(ran.people) == {1: 4, 2: 3}  # nothing skipped


def test_someone_seen_for_a_moment_is_no_one():
    handed: list = []
    display = Keys()
    backend = SceneTruth(ghost_frames=range(20, 28))  # half a second
    ran = _session(display, backend, handed, tracker=PeopleTracker(forget_s=2.0)).run(_frames())
    assert [d.person for d in handed] == [2]  # the ghost (#3) left too, unsaid
    assert _counts(ran.people) == {1: 4}
    assert {p.id for s in display.statuses for p in s.people} == {1, 2}  # never shown


def test_a_single_person_model_is_refused():
    from fitcli.errors import UsageError

    class OnePerson:
        name, max_people = "movenet-lightning", 1

    with pytest.raises(UsageError, match="movenet-multipose"):
        _session(Keys(), OnePerson())


def test_the_terminal_line_changes_as_soon_as_anyones_count_does():
    lines: list[str] = []
    display = StatusLineDisplay(lines.append, every_s=60.0)
    kp = np.zeros((17, 3), np.float32)
    img = np.zeros((4, 4, 3), np.uint8)
    for reps in ((1, 0), (1, 0), (1, 1)):
        people = tuple(PersonLabel(i + 1, kp, r, False) for i, r in enumerate(reps))
        display.show(img, None, Status("squat", sum(reps), 2.0, people=people))
    assert lines == ["squat: #1 1 rep, #2 0 reps  00:02", "squat: #1 1 rep, #2 1 rep  00:02"]
    nobody = Status("squat", 0, 3.0, people=(), set_number=2)
    assert status_line(nobody) == "squat: set 2: nobody in view  00:03"
    assert status_line(Status("squat", 5, 42.0)) == "squat: 5 reps  00:42  - s between reps"  # one person


def test_the_window_draws_everyone_when_the_status_has_people():
    img = np.full((240, 320, 3), 200, np.uint8)
    kp = np.zeros((17, 3), np.float32)
    kp[:, 0], kp[:, 1], kp[:, 2] = np.linspace(100, 140, 17), np.linspace(60, 200, 17), 0.9
    one = Annotator().annotate(img, None, Status("squat", 3, 5.0))
    everyone = Status("squat", 3, 5.0, people=(PersonLabel(1, kp, 3, True),))
    drawn = Annotator().annotate(img, None, everyone)
    assert np.array_equal(
        drawn, Annotator().annotate_people(img, [PersonLabel(1, kp, 3, True)], "squat", 5.0)
    )
    assert not np.array_equal(drawn, one) and img.min() == 200  # the input is not changed


# ---- the real model on the rendered clip ---------------------------------------------------------------
@pytest.fixture(scope="module")
def clip(tmp_path_factory, require_model):
    require_model("movenet-multipose")
    return cached_scene("pair_one_leaves", tmp_path_factory.mktemp("crowd"))


@pytest.mark.models
def test_live_counts_everyone_exactly_and_stores_one_session_each(clip, tmp_path):
    db, video = tmp_path / "j.duckdb", tmp_path / "session.mp4"
    out = live_workout(
        "squat", str(clip), display=Keys(), journal_path=db, people="all", realtime=False, record=video
    )
    assert out.ended_by == "end of video" and out.error is None and not out.errors
    assert out.recording == video and out.recorded_s == pytest.approx(SCENE.spec.duration_s, abs=0.1)
    assert [(k.live.person, k.live.result.reps) for k in out.sets] == [(1, 4), (2, 3)]
    sessions = sorted(Journal(db).list_sessions(), key=lambda s: s.person)
    assert [(s.source, s.person, s.reps, s.model) for s in sessions] == [
        (f"{clip.resolve()}#person=1", 1, 4, "movenet-multipose"),
        (f"{clip.resolve()}#person=2", 2, 3, "movenet-multipose"),
    ]
    assert [s.id for s in sessions] == [k.record.id for k in out.sets]
    # each their own time: the one who walked out was last seen seconds before the clip ended
    assert (sessions[0].end - sessions[1].end).total_seconds() >= 2


@pytest.mark.models
def test_a_person_who_walks_out_is_saved_when_they_leave(clip, tmp_path):
    db = tmp_path / "j.duckdb"
    display = Keys()
    out = live_workout(
        "squat", str(clip), display=display, journal_path=db, people="all", realtime=False,
        tracker=PeopleTracker(forget_s=2.0),
    )  # fmt: skip
    left, stayed = out.sets
    assert (left.live.person, left.live.result.reps, left.live.ended_by) == (2, 3, "left")
    assert (stayed.live.person, stayed.live.result.reps, stayed.live.ended_by) == (1, 4, "end of video")
    noted = next(s for s in display.statuses if s.message.startswith("#2 left"))
    assert noted.message == f"#2 left: 3 reps saved (session {left.record.id[:8]})"
    assert noted.elapsed_s < SCENE.spec.duration_s - 1  # while the session went on
    assert {s.person for s in Journal(db).list_sessions()} == {1, 2}


@pytest.fixture
def busy_journal(tmp_path, monkeypatch, clip):
    """A journal another process holds open the whole session, and a fresh fitcli home (recovery
    files go there) that sees the pulled models."""
    import subprocess
    import sys

    from fitcli.paths import models_dir

    home = tmp_path / "home"
    home.mkdir()
    (home / "models").symlink_to(models_dir().resolve())
    monkeypatch.setenv("FITCLI_HOME", str(home))
    db = tmp_path / "j.duckdb"
    code = (
        f"import duckdb, time; con = duckdb.connect({str(db)!r}); print('ready', flush=True); time.sleep(99)"
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
    yield db
    holder.kill()
    holder.wait()
    holder.stdout.close()


@pytest.mark.models
def test_a_busy_journal_keeps_a_leavers_set_in_a_recovery_file(clip, busy_journal):
    from fitcli.met.recovery import read_recovery

    display = Keys()
    out = live_workout(
        "squat", str(clip), display=display, journal_path=busy_journal, people="all", realtime=False,
        wait=0.2, tracker=PeopleTracker(forget_s=2.0),
    )  # fmt: skip
    left, stayed = out.sets
    assert left.live.person == 2 and left.saved.recovery is not None and len(out.errors) == 2
    noted = next(s.message for s in display.statuses if s.message.startswith("#2 left"))
    assert noted == f"#2 left: 3 reps kept in {left.saved.recovery} (journal busy)"
    kept = [r for k in out.sets for r in read_recovery(k.saved.recovery)]
    assert sorted((r.person, r.reps) for r in kept) == [(1, 4), (2, 3)]
