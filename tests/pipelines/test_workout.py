"""Workout analysis: one pass counts, annotates and exports; batches isolate failing videos; live
mode keeps what was counted however the session ends."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from fitcli.errors import InputFileError, UnknownNameError
from fitcli.exercises.catalog import get_exercise
from fitcli.pipelines.analyze import check_analyze_inputs
from fitcli.pipelines.annotate import Annotator, Status, ensure_writable_dir
from fitcli.pipelines.batch import BatchOptions, analyze_many, expand_inputs
from fitcli.pipelines.journaling import REFERENCE_WEIGHT_KG, Body
from fitcli.pipelines.live import LiveSession, Pacer, paced, rep_gap
from fitcli.pipelines.live_display import StatusLineDisplay, status_line
from fitcli.pipelines.sources import Frame
from fitcli.pipelines.synthetic import ClipSpec, SyntheticClip
from fitcli.pipelines.workout import analyze_video
from fitcli.pose import PoseFrame, PoseTrack
from fitcli.rep import Rep

SAMPLES = Path(__file__).resolve().parents[2] / "sample_videos"


class TruthBackend:
    """Stands in for a pose model on a synthetic clip: returns the clip's true keypoints."""

    name = "truth"

    def __init__(self, clip: SyntheticClip) -> None:
        self.clip, self.i = clip, 0

    def reset(self) -> None:
        self.i = 0

    def __call__(self, rgb: np.ndarray) -> np.ndarray:
        kp = np.ones((17, 3), np.float32) * 0.9
        kp[:, :2] = self.clip.keypoints(min(self.i, self.clip.n_frames - 1))
        self.i += 1
        return kp


def _truth_frames(clip: SyntheticClip):
    blank = np.zeros((48, 64, 3), np.uint8)
    for i in range(clip.n_frames):
        yield Frame(i, clip.time(i), blank)


# ---- one video ------------------------------------------------------------------------------------
@pytest.mark.models
def test_eval_reps_counts_exactly_what_analyze_counts(tmp_path, require_model):
    """`fitcli eval reps` (cached keypoints) and `fitcli analyze` (the model frame by frame) share one
    counting path: the same rep events to the millisecond."""
    from fitcli.exercises.video import count_video
    from fitcli.models import load_backend

    require_model("movenet-lightning")
    video = SAMPLES / "pushup_side.mp4"
    analyzed = analyze_video(str(video), "push-up", load_backend("movenet-lightning", video=True)).result
    evaluated = count_video(video, "push-up", "movenet-lightning", tmp_path)
    assert (tmp_path / "pushup_side.movenet-lightning.npz").is_file()
    assert evaluated.reps == analyzed.reps == 5
    assert [e.as_dict() for e in evaluated.events] == [e.as_dict() for e in analyzed.events]


@pytest.mark.models
def test_analyze_video_counts_annotates_and_exports_the_sample_squats(tmp_path, require_model):
    from fitcli.models import load_backend

    require_model("movenet-lightning")
    video = SAMPLES / "squat_front.mp4"
    truth = json.loads(video.with_suffix(".json").read_text())
    backend = load_backend("movenet-lightning", video=True)
    a = analyze_video(
        str(video), "squat", backend, annotate_dir=tmp_path / "ann", export_fmt="json", export_dir=tmp_path
    )
    assert a.reps == truth["reps"] and a.model == "movenet-lightning"
    assert a.duration_s == pytest.approx(truth["duration_s"], abs=0.1)
    for event, rep in zip(a.result.events, truth["rep_times"], strict=True):
        assert abs(event.turn_s - rep["turn_s"]) < 0.5
    # annotated video: same frames and size as the input
    import cv2

    cap = cv2.VideoCapture(a.annotated_path)
    assert int(cap.get(cv2.CAP_PROP_FRAME_COUNT)) == truth["frames"]
    assert (int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)), int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT))) == (640, 480)
    cap.release()
    # export: keypoints with the reps in the metadata, and a reps table beside them
    track = PoseTrack.load(a.export_path)
    assert len(track) == truth["frames"] and len(track.meta["reps"]) == truth["reps"]
    reps = json.loads((tmp_path / "squat_front.reps.json").read_text())  # the format asked for
    assert [r["index"] for r in reps] == list(range(1, truth["reps"] + 1))
    assert not (tmp_path / "squat_front.reps.csv").exists()


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet"])
def test_the_reps_file_is_written_in_the_format_asked_for(tmp_path, fmt):
    import pandas as pd

    from fitcli.pipelines.workout import write_reps

    reps = [Rep(1, 0.5, 1.0, 1.6, rom=0.42, confidence=0.9), Rep(2, 2.0, 2.4, 3.1)]
    path = write_reps(reps, tmp_path / f"clip.reps.{fmt}", fmt)
    read = {"csv": pd.read_csv, "json": pd.read_json, "parquet": pd.read_parquet}[fmt]
    table = read(path)
    assert list(table.columns) == ["index", "start_s", "turn_s", "end_s", "duration", "rom", "confidence"]
    assert table["index"].tolist() == [1, 2] and table["end_s"].tolist() == [1.6, 3.1]
    assert table["rom"].iloc[0] == 0.42 and pd.isna(table["rom"].iloc[1])


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet"])
def test_the_reps_file_carries_each_reps_form(tmp_path, fmt):
    import pandas as pd

    from fitcli.pipelines.workout import write_reps
    from fitcli.rep import RepForm

    good = RepForm(0.6, 0.5, {"depth": 0.05, "lockout": 171.0}, {"depth": 0.02}, (), (), "side")
    short = RepForm(
        0.4, 0.4, {"depth": -0.4, "lockout": None}, {}, ("shallow", "uneven"), ("shallow",), "front"
    )
    reps = [Rep(1, 0.5, 1.1, 1.6, 0.3, 0.9, good), Rep(2, 2.0, 2.4, 2.8, 0.1, 0.8, short)]
    table = {"csv": pd.read_csv, "json": pd.read_json, "parquet": pd.read_parquet}[fmt](
        write_reps(reps, tmp_path / f"clip.reps.{fmt}", fmt)
    )
    assert list(table.columns) == [
        "index", "start_s", "turn_s", "end_s", "duration", "rom", "confidence",
        "out_s", "back_s", "depth", "lockout", "uneven_depth", "partial", "flags", "view",
    ]  # fmt: skip
    assert table["partial"].tolist() == [False, True] and table["depth"].tolist() == [0.05, -0.4]
    flags = table["flags"].tolist()
    assert (flags[1] == "shallow; uneven") if fmt == "csv" else (list(flags[1]) == ["shallow", "uneven"])


def test_annotated_output_is_not_left_half_written_when_counting_fails(tmp_path):
    class Broken:
        name = "broken"

        def __call__(self, rgb):
            raise RuntimeError("model crashed")

    with pytest.raises(RuntimeError):
        analyze_video(str(SAMPLES / "clap_front.mp4"), "clap", Broken(), annotate_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


# ---- inputs and batches ---------------------------------------------------------------------------
def test_bad_inputs_fail_before_any_model_runs(tmp_path):
    video = str(SAMPLES / "clap_front.mp4")
    with pytest.raises(UnknownNameError, match="choose one of: clap"):
        check_analyze_inputs([video], BatchOptions("burpee"))
    with pytest.raises(UnknownNameError, match="unknown model"):
        check_analyze_inputs([video], BatchOptions("clap", model="yolo"))
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    with pytest.raises(InputFileError, match="cannot write to folder"):
        check_analyze_inputs([video], BatchOptions("clap", annotate_dir=str(blocker / "ann")))
    with pytest.raises(InputFileError, match="video not found"):
        check_analyze_inputs([str(tmp_path / "nope.mp4")], BatchOptions("clap"))
    with pytest.raises(InputFileError, match="no videos found"):
        check_analyze_inputs([str(tmp_path)], BatchOptions("clap"))


def test_folders_expand_to_their_videos_in_order():
    videos = expand_inputs([str(SAMPLES)])
    assert [Path(v).name for v in videos] == sorted(p.name for p in SAMPLES.glob("*.mp4"))


@pytest.mark.models
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failing_video_is_reported_and_the_others_go_on(tmp_path, jobs, require_model):
    require_model("movenet-lightning")
    bad = tmp_path / "broken.mp4"
    bad.write_text("not a video")
    videos = [str(SAMPLES / "clap_front.mp4"), str(bad), str(SAMPLES / "jumping_jack_front.mp4")]
    seen: set[int] = set()
    items = analyze_many(
        videos, BatchOptions("clap", model="movenet-lightning"), jobs, lambda i, d, t: seen.add(i)
    )
    assert [i.ok for i in items] == [True, False, True]
    assert "broken.mp4 is not a video" in items[1].error
    assert items[0].analysis.reps == json.loads((SAMPLES / "clap_front.json").read_text())["reps"]
    assert seen == {0, 2}


# ---- live -----------------------------------------------------------------------------------------
class Keys:
    """A display that presses keys at given frames and records the status lines."""

    def __init__(self, presses: dict[int, str] | None = None, interrupt_at: int | None = None) -> None:
        self.presses, self.interrupt_at, self.n, self.closed = presses or {}, interrupt_at, 0, False
        self.statuses: list[Status] = []

    def show(self, rgb, pose, status):
        self.n += 1
        self.statuses.append(status)
        if self.interrupt_at is not None and self.n == self.interrupt_at:
            raise KeyboardInterrupt
        return self.presses.get(self.n)

    def close(self):
        self.closed = True


def _live(clip: SyntheticClip, display, **kw) -> object:
    body = Body("tester", 60.0, True)
    session = LiveSession(
        get_exercise(clip.spec.exercise), TruthBackend(clip), body, display, realtime=False, **kw
    )
    return session.run(_truth_frames(clip))


def test_live_counts_like_the_clip_and_reports_kcal_and_tempo():
    clip = SyntheticClip(ClipSpec("squat", "front", 4, seed=3))
    display = Keys()
    r = _live(clip, display, camera=False)
    assert r.result.reps == 4 and r.ended_by == "end of video" and display.closed
    last = display.statuses[-1]
    assert last.reps == 4 and last.tempo_s and last.kcal > 0


def test_ctrl_c_keeps_what_was_counted():
    clip = SyntheticClip(ClipSpec("squat", "front", 4, seed=3))
    stop_after = int(clip.reps[1].end_s * clip.spec.fps) + 5  # after the second rep
    r = _live(clip, Keys(interrupt_at=stop_after), camera=False)
    assert r.ended_by == "interrupted" and r.result.reps == 2


def test_a_camera_that_stops_ends_the_session_with_the_reps_kept():
    clip = SyntheticClip(ClipSpec("clap", "front", 3, seed=1))
    r = _live(clip, Keys(), camera=True)
    assert r.ended_by == "camera lost" and r.result.reps == 3


def test_quit_keeps_what_was_counted():
    clip = SyntheticClip(ClipSpec("squat", "front", 4, seed=3))
    after_two = int(clip.reps[1].end_s * clip.spec.fps) + 5
    quit_early = _live(clip, Keys({after_two: "q"}), camera=False)
    assert quit_early.ended_by == "quit" and quit_early.result.reps == 2


def test_reset_hands_the_set_over_before_counting_from_zero():
    clip = SyntheticClip(ClipSpec("squat", "front", 4, seed=3))
    after_two = int(clip.reps[1].end_s * clip.spec.fps) + 5
    handed: list = []
    display = Keys({after_two: "r"})
    body = Body("tester", 60.0, True)
    session = LiveSession(
        get_exercise("squat"), TruthBackend(clip), body, display, realtime=False, camera=False,
        on_set=lambda done: handed.append(done) or "set 1 saved",
    )  # fmt: skip
    last = session.run(_truth_frames(clip))
    (first,) = handed
    assert first.result.reps == 2 and first.ended_by == "reset" and first.set_number == 1
    assert session.sets == [first]
    assert last.result.reps == 2 and last.set_number == 2 and last.ended_by == "end of video"
    # the second set's rep times count from the reset, not from the start of the video
    reset_t = clip.time(after_two - 1)
    assert 0 <= last.result.events[0].start_s < clip.reps[2].end_s - reset_t < clip.reps[2].end_s / 2
    assert "set 1 saved" in {s.message for s in display.statuses}
    assert display.statuses[-1].set_number == 2


def test_reset_with_nothing_counted_says_so():
    clip = SyntheticClip(ClipSpec("squat", "front", 2, seed=3))
    display = Keys({3: "r"})
    handed: list = []
    session = LiveSession(
        get_exercise("squat"), TruthBackend(clip), Body("t", 60.0, True), display, realtime=False,
        camera=False, on_set=handed.append,
    )  # fmt: skip
    r = session.run(_truth_frames(clip))
    assert handed == [] and r.result.reps == 2 and r.set_number == 1
    assert "reset: no reps counted in this set yet" in display.statuses[3].message


def test_space_pauses_a_video_and_its_clock():
    clip = SyntheticClip(ClipSpec("squat", "front", 4, seed=3))
    pause_at = int(clip.reps[1].start_s * clip.spec.fps)  # in the middle of the second rep
    display = Keys({pause_at: " ", pause_at + 40: " "})
    r = _live(clip, display, camera=False)
    held = display.statuses[pause_at : pause_at + 40]
    assert all(s.paused for s in held[1:]) and len({s.elapsed_s for s in held}) == 1
    # the video resumed where it stopped: nothing skipped, every rep counted
    assert r.result.reps == 4 and display.n == clip.n_frames + 40
    assert display.statuses[-1].elapsed_s == pytest.approx(clip.time(clip.n_frames - 1))


def test_space_on_a_camera_stops_counting_and_the_clock():
    clip = SyntheticClip(ClipSpec("squat", "front", 4, seed=3))
    pause_at = int(clip.reps[1].start_s * clip.spec.fps) - 10  # before the second rep ...
    resume_at = int(clip.reps[2].start_s * clip.spec.fps) - 10  # ... until before the third
    display = Keys({pause_at: " ", resume_at: " "})
    r = _live(clip, display, camera=True)
    assert r.result.reps == 3  # the second rep happened while paused
    held = display.statuses[pause_at:resume_at]
    assert len({s.elapsed_s for s in held}) == 1
    skipped = clip.time(resume_at - 1) - clip.time(pause_at - 1)
    assert display.statuses[-1].elapsed_s == pytest.approx(clip.time(clip.n_frames - 1) - skipped)


def test_pace_is_the_gap_between_reps_not_their_length():
    reps = [Rep(i + 1, 3.0 * i, 3.0 * i + 0.5, 3.0 * i + 1.0) for i in range(4)]  # 1 s reps, 3 s apart
    assert rep_gap(reps[:1]) is None
    assert rep_gap(reps) == pytest.approx(3.0)
    assert status_line(Status("squat", 4, 12.0, tempo_s=3.0)) == "squat: 4 reps  00:12  3.0 s between reps"


def test_duration_stops_the_session():
    clip = SyntheticClip(ClipSpec("squat", "front", 4, seed=3))
    r = _live(clip, Keys(), camera=False, duration_s=clip.reps[0].end_s + 0.5)
    assert r.ended_by == "duration" and r.result.reps == 1


def test_paced_drops_late_frames_and_waits_for_early_ones():
    frames = [Frame(i, i * 0.1, np.zeros((2, 2, 3), np.uint8)) for i in range(5)]
    clock = iter([0.0, 0.1, 0.5, 0.3, 0.4])  # frame 2 is 0.3 s late, the others on time
    kept = [f.index for f in paced(iter(frames), True, clock=lambda: next(clock))]
    assert kept == [0, 1, 3, 4]


def test_a_held_pacer_resumes_where_it_stopped():
    frames = [Frame(i, i * 0.1, np.zeros((2, 2, 3), np.uint8)) for i in range(4)]
    now = iter([0.0, 5.1, 5.2, 5.3])  # 5 s paused after frame 0
    pacer = Pacer(frames, clock=lambda: next(now))
    kept = []
    for f in pacer:
        kept.append(f.index)
        if f.index == 0:
            pacer.hold(5.0)
    assert kept == [0, 1, 2, 3]  # without the hold every later frame would be late and dropped


def test_status_line_and_terminal_display():
    lines: list[str] = []
    display = StatusLineDisplay(lines.append, every_s=1.0)
    pose = PoseFrame(0, 0.0, np.zeros((17, 3), np.float32), (10, 10))
    for t in (0.0, 0.5, 1.0):
        display.show(np.zeros((2, 2, 3), np.uint8), pose, Status("clap", 3, t, tempo_s=0.8, kcal=1.25))
    assert lines == [
        "clap: 3 reps  00:00  0.8 s between reps  1.2 kcal",
        "clap: 3 reps  00:01  0.8 s between reps  1.2 kcal",
    ]
    assert status_line(Status("clap", 0, 75.0)) == "clap: 0 reps  01:15  - s between reps"
    assert status_line(Status("clap", 1, 5.0, paused=True, set_number=2)) == (
        "clap: set 2: 1 rep  00:05  - s between reps  PAUSED (space resumes)"
    )


def test_terminal_display_shows_changes_at_once_and_notes_on_their_own_line():
    lines: list[str] = []
    notes: list[str] = []
    keys = iter([None, "q"])
    display = StatusLineDisplay(lines.append, every_s=10.0, keys=lambda: next(keys), note=notes.append)
    pose = PoseFrame(0, 0.0, np.zeros((17, 3), np.float32), (10, 10))
    img = np.zeros((2, 2, 3), np.uint8)
    assert display.show(img, pose, Status("squat", 0, 0.0)) is None
    assert display.show(img, pose, Status("squat", 0, 0.1, paused=True, message="set 1 saved")) == "q"
    assert notes == ["set 1 saved"]
    assert lines == [
        "squat: 0 reps  00:00  - s between reps",
        "squat: 0 reps  00:00  - s between reps  PAUSED (space resumes)",
    ]


def test_annotator_draws_without_changing_its_input():
    img = np.zeros((120, 160, 3), np.uint8)
    kp = np.zeros((17, 3), np.float32)
    kp[:, :2] = np.linspace(10, 100, 34).reshape(17, 2)
    kp[:, 2] = 0.9
    out = Annotator().annotate(img, PoseFrame(0, 0.0, kp, (160, 120)), Status("squat", 2, 3.0))
    assert img.sum() == 0 and out.sum() > 0 and out.shape == img.shape


def test_unwritable_folder_is_a_clear_error(tmp_path):
    blocker = tmp_path / "f"
    blocker.write_text("x")
    with pytest.raises(InputFileError, match="cannot write to folder"):
        ensure_writable_dir(blocker)


def test_reference_weight_is_used_without_a_profile(tmp_path):
    from fitcli.met.journal import Journal
    from fitcli.pipelines.journaling import body_of

    body = body_of(Journal(tmp_path / "j.duckdb"), None)
    assert body.weight_kg == REFERENCE_WEIGHT_KG and not body.from_profile


def test_an_error_mid_session_keeps_what_was_counted():
    from fitcli.errors import VideoError

    clip = SyntheticClip(ClipSpec("squat", "front", 4, seed=3))
    cut = int(clip.reps[1].end_s * clip.spec.fps) + 5

    def truncated():
        for frame in _truth_frames(clip):
            if frame.index == cut:
                raise VideoError("clip.mp4 is truncated: read 200 of the 400 frames its header promises")
            yield frame

    body = Body("tester", 60.0, True)
    session = LiveSession(
        get_exercise("squat"), TruthBackend(clip), body, Keys(), realtime=False, camera=False
    )
    r = session.run(truncated())
    assert r.ended_by == "error" and r.result.reps == 2 and "truncated" in str(r.error)


@pytest.mark.models
def test_annotated_video_lasts_as_long_as_the_source_when_subsampled(tmp_path, require_model):
    import cv2

    from fitcli.models import load_backend

    require_model("movenet-lightning")
    video = SAMPLES / "squat_front.mp4"
    a = analyze_video(
        str(video), "squat", load_backend("movenet-lightning", video=True), every=3, annotate_dir=tmp_path
    )
    cap = cv2.VideoCapture(a.annotated_path)
    frames, fps = cap.get(cv2.CAP_PROP_FRAME_COUNT), cap.get(cv2.CAP_PROP_FPS)
    cap.release()
    assert frames / fps == pytest.approx(a.duration_s, abs=0.2)


# ---- live --record ----------------------------------------------------------------------------------
def _frames_in(path) -> int:
    import cv2

    cap = cv2.VideoCapture(str(path))
    try:
        return int(cap.get(cv2.CAP_PROP_FRAME_COUNT))
    finally:
        cap.release()


def _recorded(clip: SyntheticClip, inner, path, frames=None, **kw):
    from fitcli.pipelines.live_record import RecordingDisplay

    recorder = RecordingDisplay(inner, path, fps=clip.spec.fps)
    r = _live_frames(clip, recorder, frames if frames is not None else _truth_frames(clip), **kw)
    return r, recorder


def _live_frames(clip: SyntheticClip, display, frames, **kw):
    session = LiveSession(
        get_exercise(clip.spec.exercise), TruthBackend(clip), Body("t", 60.0, True), display, realtime=False,
        camera=False, **kw,
    )  # fmt: skip
    return session.run(frames)


def test_the_recording_lasts_as_long_as_the_session_counted(tmp_path):
    clip = SyntheticClip(ClipSpec("squat", "front", 2, seed=3))
    pause_at = clip.n_frames // 2
    r, recorder = _recorded(clip, Keys({pause_at: " ", pause_at + 30: " "}), tmp_path / "s.mp4")
    assert r.result.reps == 2
    assert _frames_in(tmp_path / "s.mp4") == clip.n_frames  # the pause added no frame


def test_frames_dropped_to_keep_up_are_filled_in_the_recording(tmp_path):
    clip = SyntheticClip(ClipSpec("squat", "front", 2, seed=3))
    every_other = (f for f in _truth_frames(clip) if f.index % 2 == 0)
    _recorded(clip, Keys(), tmp_path / "s.mp4", frames=every_other)
    last_kept = (clip.n_frames - 1) // 2 * 2
    assert _frames_in(tmp_path / "s.mp4") == last_kept + 1  # one per frame time, to the last kept frame


def test_an_interrupted_session_keeps_its_recording(tmp_path):
    clip = SyntheticClip(ClipSpec("squat", "front", 3, seed=3))
    r, _ = _recorded(clip, Keys(interrupt_at=60), tmp_path / "s.mp4")
    assert r.ended_by == "interrupted" and _frames_in(tmp_path / "s.mp4") == 60  # up to the Ctrl-C


def test_a_recording_must_be_an_mp4_file(tmp_path):
    from fitcli.errors import InputFileError, UsageError
    from fitcli.pipelines.live_record import check_record_path

    with pytest.raises(UsageError, match="give a .mp4 file name"):
        check_record_path(tmp_path / "s.avi")
    (tmp_path / "d.mp4").mkdir()
    with pytest.raises(InputFileError, match="is a folder"):
        check_record_path(tmp_path / "d.mp4")


# ---- annotated video ----------------------------------------------------------------------------------
def test_annotated_video_uses_the_codec_the_build_can_write_and_says_why(tmp_path):
    import cv2

    from fitcli.pipelines.annotate import VIDEO_CODECS, codec_note, video_codec, video_writer

    fourcc, name = video_codec()
    assert (fourcc, name) in VIDEO_CODECS
    with video_writer(tmp_path / "a.mp4", 30.0, (64, 48)) as writer:
        for i in range(10):
            writer.write(np.full((48, 64, 3), 20 * i, np.uint8))
    cap = cv2.VideoCapture(str(tmp_path / "a.mp4"))
    code = int(cap.get(cv2.CAP_PROP_FOURCC))
    cap.release()
    read_as = {"avc1": {"avc1", "h264", "H264"}, "mp4v": {"mp4v", "FMP4"}}  # FFmpeg's names for them
    assert code.to_bytes(4, "little").decode() in read_as[fourcc]
    note = codec_note()
    assert (note is None) == (fourcc == "avc1")
    assert note is None or f"{name} ({fourcc})" in note and "no H.264 encoder" in note


def test_the_panel_shows_the_phase():
    img = np.zeros((240, 320, 3), np.uint8)
    plain = Annotator().annotate(img, None, Status("squat", 2, 3.0))
    with_phase = Annotator().annotate(img, None, Status("squat", 2, 3.0, phase="rep"))
    rows_drawn = lambda out: int((out.sum(axis=(1, 2)) > 0).sum())  # noqa: E731
    assert rows_drawn(with_phase) > rows_drawn(plain)  # one more line in the panel
    reading = get_exercise("squat").reading(0.31, 0.14)
    with_reading = Annotator().annotate(img, None, Status("squat", 2, 3.0, phase="rep", reading=reading))
    assert rows_drawn(with_reading) > rows_drawn(with_phase)


def test_live_shows_the_counted_signal_while_the_person_moves():
    clip = SyntheticClip(ClipSpec("squat", "front", 3, seed=1))
    display = Keys()
    _live(clip, display, camera=False)
    readings = [s.reading for s in display.statuses if s.reading]
    assert readings and all(r.startswith("drop ") and " x height (rep " in r for r in readings)
    drops = [float(r.split()[1]) for r in readings]
    needed = {float(r.split()[5].rstrip(")")) for r in readings}
    assert min(needed) >= 0.14  # the squat's floor, or more once the person's own range is known
    assert max(drops) > max(needed) and min(drops) < 0.05  # the bottom of each rep passes it, rest does not


def test_terminal_keys_read_single_presses_and_restore_the_terminal():
    import os
    import pty
    import termios

    from fitcli.pipelines.live_display import TerminalKeys

    master, slave = pty.openpty()
    try:
        before = termios.tcgetattr(slave)
        keys = TerminalKeys(slave)
        assert keys() is None  # nothing pressed yet (and the terminal is now in cbreak mode)
        assert not termios.tcgetattr(slave)[3] & termios.ICANON
        os.write(master, b"x R q")
        import select

        select.select([slave], [], [], 1.0)
        assert [keys() for _ in range(5)] == [" ", "r", " ", "q", None]  # x is ignored, R is r
        keys.close()
        assert termios.tcgetattr(slave) == before
    finally:
        os.close(master)
        os.close(slave)


class _ShallowRep(TruthBackend):
    """The clip's keypoints, with rep ``which`` (0-based) only ``depth`` of the way down."""

    def __init__(self, clip: SyntheticClip, which: int, depth: float) -> None:
        super().__init__(clip)
        self.rep, self.depth, self.rest = clip.reps[which], depth, clip.keypoints(0)

    def __call__(self, rgb: np.ndarray) -> np.ndarray:
        t = self.clip.time(min(self.i, self.clip.n_frames - 1))
        kp = super().__call__(rgb)
        if self.rep.start_s <= t <= self.rep.end_s:
            kp[:, :2] = self.rest + self.depth * (kp[:, :2] - self.rest)
        return kp


def test_a_rep_begun_but_not_counted_is_shown_as_partial():
    from fitcli.pipelines.annotate import PartialReps

    partial = PartialReps()
    phases = [
        ("rest", False),
        ("rep", False),
        ("rest", True),
        ("rep", False),
        ("rest", False),
        ("rest", False),
    ]
    assert [partial.update(p, counted) for p, counted in phases] == [0, 0, 0, 0, 1, 1]
    clip = SyntheticClip(ClipSpec("squat", "front", 5, seed=3))
    for depth, reps, shown in ((0.4, 4, 1), (1.0, 5, 0)):
        display = Keys()
        session = LiveSession(
            get_exercise("squat"), _ShallowRep(clip, 2, depth), Body("t", 60.0, True), display,
            realtime=False, camera=False,
        )  # fmt: skip
        assert session.run(_truth_frames(clip)).result.reps == reps
        assert display.statuses[-1].missed == shown


def test_live_shows_the_seconds_held_of_a_plank_and_ends_with_its_holds():
    clip = SyntheticClip(ClipSpec("plank", "side", 2, seed=8))
    display = Keys()
    r = _live(clip, display, camera=False)
    truth = sum(h.duration for h in clip.reps)
    assert r.result.reps == 2 and r.result.held_s == pytest.approx(truth, abs=1.0)
    assert r.result.active_s == r.result.held_s
    holding = [s for s in display.statuses if s.phase == "hold"]
    assert holding and all(s.held_s is not None for s in display.statuses)
    assert status_line(display.statuses[-1]).startswith(f"plank: {r.result.held_s:.0f} s held, 2 holds")
    assert "holding" in status_line(holding[-1]) and display.statuses[-1].kcal > 0


def test_a_reset_in_the_middle_of_a_hold_keeps_the_seconds_held_so_far():
    clip = SyntheticClip(ClipSpec("plank", "side", 2, seed=8))
    first = clip.reps[0]
    press = int((first.start_s + 4.0) * clip.spec.fps)
    handed: list = []
    session = LiveSession(
        get_exercise("plank"), TruthBackend(clip), Body("t", 60.0, True), Keys({press: "r"}),
        realtime=False, camera=False, on_set=lambda done: handed.append(done) or "set 1 saved",
    )  # fmt: skip
    last = session.run(_truth_frames(clip))
    (done,) = handed
    assert done.result.reps == 1 and done.result.held_s == pytest.approx(4.0, abs=0.6)
    assert last.result.reps == 2  # the rest of the first hold, and the second
    total = done.result.held_s + last.result.held_s
    assert total == pytest.approx(sum(h.duration for h in clip.reps), abs=1.5)
