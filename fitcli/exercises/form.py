"""Feedback on every rep: tempo, depth and lockout against the exercise's standard, left/right balance.

A ``FormJudge`` keeps the poses a counter is shown (``update(frame)``) and judges a counted ``Rep``
from the frames it spans (``judge(rep) -> Rep`` with its ``RepForm``). ``ClipCounter`` owns one, so
`fitcli analyze`, `fitcli live` and `fitcli eval reps` judge alike.

What is measured must hold from any side a phone films from (the lesson of the counters, issue 10):
a joint angle seen from the front is foreshortened, a height is not. So depth and range checks are
vertical offsets between two joints in the clip's own limb lengths (``Limbs``: a high quantile of
each segment's image length, which is never longer than the real one); checks that need a true
angle (a knee locked out, hips in line) are judged only from the views that show it (``views``),
and say "not judged" (None) elsewhere. Image y grows downwards.

A rep that fails a range-of-motion check (``partial=True``) is counted and kept, marked partial with
the check's flag ("shallow"); other checks only flag it ("hips out of line", "uneven").
"""

from __future__ import annotations

import math
from collections import Counter, deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from fitcli.exercises.counter import VIEWS, facing, view_of
from fitcli.exercises.postures import mean_y
from fitcli.pose import KP, PoseFrame
from fitcli.rep import Rep, RepForm

MIN_SCORE = 0.3  # a keypoint below this score is not used (MoveNet's floor on an empty image is 0.2)
# Limb lengths: this quantile of a segment's image length over the poses kept (an image length is
# never longer than the real one; 0.9 rather than the maximum keeps a misplaced keypoint out).
LIMB_QUANTILE = 0.9
# "ends" checks look at the rest position: the frames from END_BEFORE_S before the rep starts to
# END_AFTER_S after it (and mirrored at its end); "throughout" checks take this low quantile over the
# rep (the worst moment, without one jittery frame).
END_BEFORE_S = 0.5
END_AFTER_S = 0.3
THROUGHOUT_QUANTILE = 0.1
# While counting (live, the annotated video), a rep is judged once this long after its end has been
# seen, so its lockout at the top is in view: a counter ends a rep before the person is fully back.
SETTLE_S = END_BEFORE_S
# A standard is stated for the body, measured on keypoints a model guessed through clothes and skin:
# a height check passes within this many limb lengths of its standard (about 6 degrees of a thigh's
# angle at parallel), so a rep at the standard is not a coin flip. A judgement, not a published
# figure; frame-to-frame jitter alone is 0.02 on the real clips (the median successive change of a
# squat's or push-up's depth measure in ../shared/data/videos).
HEIGHT_BAND = 0.1
# Poses kept for judging: a live session longer than this judges its last hour.
HISTORY_S = 3600.0
UNEVEN = "uneven"
# Left against right is judged only facing the camera (or away): from the side or at an angle the
# far limb is behind the body and its keypoints are the model's guess (a side-view push-up of the
# generated figure, perfectly even, reads 0.2 upper arms apart).
BOTH_SIDES_VIEWS = ("front",)

Sides = tuple[float | None, float | None]


@dataclass(frozen=True)
class Limbs:
    """The clip's own segment lengths in pixels (None where never seen)."""

    thigh: float | None
    shin: float | None
    upper_arm: float | None
    forearm: float | None

    @classmethod
    def of(cls, poses: np.ndarray) -> Limbs:
        """From (N, 17, 3) poses with missing keypoints as NaN."""

        def length(a: str, b: str) -> float | None:
            values = []
            for side in ("left", "right"):
                seg = np.linalg.norm(
                    poses[:, KP[f"{side}_{a}"], :2] - poses[:, KP[f"{side}_{b}"], :2], axis=1
                )
                values.append(seg[np.isfinite(seg)])
            found = np.concatenate(values)
            return float(np.quantile(found, LIMB_QUANTILE)) if len(found) and np.any(found > 1.0) else None

        return cls(
            length("hip", "knee"),
            length("knee", "ankle"),
            length("shoulder", "elbow"),
            length("elbow", "wrist"),
        )


SideMeasure = Callable[[np.ndarray, Limbs], Sides]


@dataclass(frozen=True)
class FormCheck:
    """One measurable part of an exercise's standard; a rep meets it when its value >= ``needed``.

    ``where``: "turn" takes the best value over the rep (how deep it went), "ends" the rest position
    at both its start and its end (the worse of the two: a lockout), "throughout" the worst moment of
    the rep. ``sides`` combines the person's two sides: "mean", "min" (both must) or "max" (the
    working one, an alternating curl). ``uneven``: flag the rep when the two sides differ by more than
    this at its far position. The source of ``needed`` is named where a check is declared.
    """

    key: str  # the fact's name in JSON and tables: depth, lockout, hips_line, top
    measure: SideMeasure
    needed: float
    flag: str  # what a rep failing it is called: shallow, no lockout
    unit: str  # the value's unit for people: "thigh", "deg"
    where: str = "turn"
    partial: bool = True  # failing it means the rep did not meet the standard's range of motion
    sides: str = "mean"
    views: tuple[str, ...] = VIEWS
    uneven: float | None = None

    def __post_init__(self) -> None:
        from fitcli.errors import UsageError

        if self.where not in ("turn", "ends", "throughout") or self.sides not in ("mean", "min", "max"):
            raise UsageError(f"form check {self.key}: bad where {self.where!r} or sides {self.sides!r}")
        if not set(self.views) <= set(VIEWS):
            raise UsageError(f"form check {self.key}: views must be some of {', '.join(VIEWS)}")


@dataclass(frozen=True)
class FormStandard:
    """An exercise's standard: its checks, and the words for the two halves of a rep (``RepForm.out_s``
    and ``back_s``: "down"/"up" for a squat, "up"/"down" for a curl)."""

    checks: tuple[FormCheck, ...] = ()
    out: str = "out"
    back: str = "back"


class FormJudge:
    """``update(frame)`` with every pose a counter sees; ``judge(rep)`` gives the rep with its form."""

    def __init__(self, standard: FormStandard) -> None:
        self.standard = standard
        self.reset()

    def reset(self) -> None:
        self._times: deque[float] = deque()
        self._poses: deque[np.ndarray] = deque()

    def update(self, frame: PoseFrame) -> None:
        kp = np.array(frame.keypoints, dtype=np.float32, copy=True)
        kp[kp[:, 2] < MIN_SCORE, :2] = np.nan
        self._times.append(float(frame.time_s))
        self._poses.append(kp)
        while self._times and self._times[0] < frame.time_s - HISTORY_S:
            self._times.popleft()
            self._poses.popleft()

    def judge_all(self, reps: Iterable[Rep]) -> tuple[Rep, ...]:
        reps = tuple(reps)
        if not reps or not self._poses:
            return reps
        times, poses = np.asarray(self._times), np.stack(self._poses)
        limbs = Limbs.of(poses)
        return tuple(self._judge(rep, times, poses, limbs) for rep in reps)

    def judge(self, rep: Rep) -> Rep:
        return self.judge_all((rep,))[0]

    def _judge(self, rep: Rep, times: np.ndarray, poses: np.ndarray, limbs: Limbs) -> Rep:
        during = poses[(times >= rep.start_s) & (times <= rep.end_s)]
        view = view_of([f for f in (facing(kp) for kp in during) if f is not None])
        facts: dict[str, float | None] = {}
        uneven: dict[str, float] = {}
        flags: list[str] = []
        partial: list[str] = []
        for check in self.standard.checks:
            value = None
            if view is not None and view in check.views:
                value, gap = _value(check, rep, times, poses, limbs)
                if gap is not None and view in BOTH_SIDES_VIEWS:
                    uneven[check.key] = gap
                    if check.uneven is not None and gap > check.uneven and UNEVEN not in flags:
                        flags.append(UNEVEN)
            facts[check.key] = value
            if value is not None and value < check.needed:
                flags.append(check.flag)
                if check.partial:
                    partial.append(check.flag)
        form = RepForm(
            out_s=rep.turn_s - rep.start_s,
            back_s=rep.end_s - rep.turn_s,
            facts=facts,
            uneven=uneven,
            flags=tuple(flags),
            partial=tuple(partial),
            view=view,
        )
        return replace(rep, form=form)


def _value(
    check: FormCheck, rep: Rep, times: np.ndarray, poses: np.ndarray, limbs: Limbs
) -> tuple[float | None, float | None]:
    """The check's value for ``rep`` and its left/right gap at the far position (None when one side
    was not seen there)."""
    if check.where == "ends":
        before = _combined(
            check, poses[(times >= rep.start_s - END_BEFORE_S) & (times <= rep.start_s + END_AFTER_S)], limbs
        )
        after = _combined(
            check, poses[(times >= rep.end_s - END_AFTER_S) & (times <= rep.end_s + END_BEFORE_S)], limbs
        )
        best = [float(np.max(v)) for v in (before, after) if len(v)]
        return (min(best) if len(best) == 2 else None), None
    during = poses[(times >= rep.start_s) & (times <= rep.end_s)]
    values = _combined(check, during, limbs)
    if not len(values):
        return None, None
    if check.where == "throughout":
        return float(np.quantile(values, THROUGHOUT_QUANTILE)), None
    return float(np.max(values)), _gap_at_turn(check, rep, times, poses, limbs)


_SIDES: dict[str, Callable[[list[float]], float]] = {
    "mean": lambda v: float(np.mean(v)),
    "min": min,
    "max": max,
}


def _combined(check: FormCheck, poses: np.ndarray, limbs: Limbs) -> np.ndarray:
    """The check's per-frame values over ``poses`` (frames where neither side was seen left out)."""
    out = []
    for kp in poses:
        found = [v for v in check.measure(kp, limbs) if v is not None and math.isfinite(v)]
        if found:
            out.append(_SIDES[check.sides](found))
    return np.asarray(out)


def _gap_at_turn(
    check: FormCheck, rep: Rep, times: np.ndarray, poses: np.ndarray, limbs: Limbs
) -> float | None:
    """|left - right| of the check in the frames around the rep's far position (the median of the
    frames within 0.2 s of its turn), when both sides were seen there."""
    near = poses[np.abs(times - rep.turn_s) <= 0.2]
    gaps = []
    for kp in near:
        left, right = check.measure(kp, limbs)
        if left is not None and right is not None and math.isfinite(left) and math.isfinite(right):
            gaps.append(abs(left - right))
    return float(np.median(gaps)) if gaps else None


# -- measures shared by the exercises' standards (each returns the person's (left, right)) ----------


def _y(kp: np.ndarray, name: str) -> float | None:
    return mean_y(kp, (KP[name],))


def _per_side(fn: Callable[[np.ndarray, str], float | None]) -> Callable[[np.ndarray], Sides]:
    return lambda kp: (fn(kp, "left"), fn(kp, "right"))


def below(lower: str, upper: str, unit: str) -> SideMeasure:
    """How far the ``lower`` joint is below the ``upper`` one on each side, in ``unit`` lengths
    (``Limbs`` field): positive when below, as a hip below the knee at the bottom of a squat."""

    def measure(kp: np.ndarray, limbs: Limbs) -> Sides:
        length = getattr(limbs, unit)
        if not length:
            return None, None

        def one(kp: np.ndarray, side: str) -> float | None:
            a, b = _y(kp, f"{side}_{lower}"), _y(kp, f"{side}_{upper}")
            return None if a is None or b is None else (a - b) / length

        return _per_side(one)(kp)

    return measure


def joint_angle(a: str, b: str, c: str) -> SideMeasure:
    """The angle at ``b`` between ``a`` and ``c`` on each side, in degrees (180 = straight)."""
    from fitcli.exercises.signals import angle

    def measure(kp: np.ndarray, limbs: Limbs) -> Sides:
        return _per_side(lambda k, side: angle(k, KP[f"{side}_{a}"], KP[f"{side}_{b}"], KP[f"{side}_{c}"]))(
            kp
        )

    return measure


_HEAD = tuple(KP[n] for n in ("nose", "left_eye", "right_eye", "left_ear", "right_ear"))


def head_above(part: str, unit: str) -> SideMeasure:
    """How far the head is above ``part`` on each side, in ``unit`` lengths (positive when above),
    as the head over the hands at the top of a pull-up."""

    def measure(kp: np.ndarray, limbs: Limbs) -> Sides:
        length, head = getattr(limbs, unit), mean_y(kp, _HEAD)  # about eye level
        if not length or head is None:
            return None, None
        return _per_side(
            lambda k, side: None if (y := _y(k, f"{side}_{part}")) is None else (y - head) / length
        )(kp)

    return measure


def above_head(part: str, unit: str) -> SideMeasure:
    """How far ``part`` is above the head on each side, in ``unit`` lengths (positive when above),
    as the hands at the top of a jumping jack."""
    inverse = head_above(part, unit)

    def measure(kp: np.ndarray, limbs: Limbs) -> Sides:
        left, right = inverse(kp, limbs)
        return (None if left is None else -left), (None if right is None else -right)

    return measure


# -- what a set of judged reps adds up to ------------------------------------------------------------

# Fatigue compares the first and the last third of a set, so it needs at least this many reps.
FATIGUE_MIN_REPS = 6


def partial_text(reps: Sequence[Rep]) -> str:
    """ "2 partial: shallow" ("" when every rep met the standard or none was judged)."""
    counts = Counter(flag for rep in reps if rep.form is not None for flag in rep.form.partial)
    partial = sum(rep.partial for rep in reps)
    if not partial:
        return ""
    why = ", ".join(flag if n == partial else f"{flag} {n}" for flag, n in counts.most_common())
    return f"{partial} partial: {why}"


def reps_text(reps: Sequence[Rep]) -> str:
    """ "9 reps (2 partial: shallow)", or "9 reps"."""
    partial = partial_text(reps)
    return f"{len(reps)} rep{'s' if len(reps) != 1 else ''}" + (f" ({partial})" if partial else "")


def summarize_set(reps: Sequence[Rep]) -> dict[str, Any]:
    """The set's summary: how many reps were partial and why, every flag, the mean of each form fact,
    tempo (mean seconds out and back, time under tension), the slowest and fastest rep, and fatigue:
    how much the range (the counter's ``rom``) and the speed dropped from the first third of the set to
    the last (positive = dropped; None below ``FATIGUE_MIN_REPS``)."""
    judged = [r for r in reps if r.form is not None]
    summary: dict[str, Any] = {
        "reps": len(reps),
        "partial": sum(r.partial for r in reps),
        "partial_why": dict(Counter(f for r in judged for f in r.form.partial)),  # type: ignore[union-attr]
        "flags": dict(Counter(f for r in judged for f in r.form.flags)),  # type: ignore[union-attr]
    }
    if not judged:
        return summary
    keys = list(dict.fromkeys(k for r in judged for k in r.form.facts))  # type: ignore[union-attr]
    for key in keys:
        values = [v for r in judged if (v := r.form.facts.get(key)) is not None]  # type: ignore[union-attr]
        summary[f"mean_{key}"] = float(np.mean(values)) if values else None
    summary["mean_out_s"] = float(np.mean([r.form.out_s for r in judged]))  # type: ignore[union-attr]
    summary["mean_back_s"] = float(np.mean([r.form.back_s for r in judged]))  # type: ignore[union-attr]
    summary["mean_tut_s"] = float(np.mean([r.duration for r in reps]))
    slowest, fastest = max(reps, key=lambda r: r.duration), min(reps, key=lambda r: r.duration)
    summary["slowest_rep"] = {"index": slowest.index, "tut_s": slowest.duration}
    summary["fastest_rep"] = {"index": fastest.index, "tut_s": fastest.duration}
    summary["range_drop_pct"], summary["slowdown_pct"] = _fatigue(reps)
    return summary


def _fatigue(reps: Sequence[Rep]) -> tuple[float | None, float | None]:
    if len(reps) < FATIGUE_MIN_REPS:
        return None, None
    third = len(reps) // 3
    first, last = reps[:third], reps[-third:]
    roms = [r.rom for r in first], [r.rom for r in last]
    range_drop = None
    if all(v is not None for side in roms for v in side):
        before = float(np.mean(roms[0]))  # type: ignore[arg-type]
        range_drop = 100.0 * (before - float(np.mean(roms[1]))) / before if before > 0 else None  # type: ignore[arg-type]
    before_s = float(np.mean([r.duration for r in first]))
    slowdown = (
        100.0 * (float(np.mean([r.duration for r in last])) - before_s) / before_s if before_s > 0 else None
    )
    return range_drop, slowdown


def rep_feedback(rep: Rep, standard: FormStandard) -> str:
    """One rep in words for the live window and the annotated video: "rep 5: down 1.2 s, up 0.8 s,
    shallow" ("" when the rep was not judged)."""
    if rep.form is None:
        return ""
    f = rep.form
    said = ", ".join(f.flags) if f.flags else ("good" if any(v is not None for v in f.facts.values()) else "")
    tempo = f"{standard.out} {f.out_s:.1f} s, {standard.back} {f.back_s:.1f} s"
    return f"rep {rep.index}: {tempo}" + (f", {said}" if said else "")
