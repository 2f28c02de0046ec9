"""A second opinion on a rep count from the rhythm of the motion (self-similarity over time).

A rule-based counter decides rep by rep with thresholds. Reps of one set also repeat in time: the
counter's signal (and the pose) at time t looks like itself one period later, as skeleton-based
counters use (Hsu et al.; RepNet on video). ``rhythm_report`` measures that self-similarity on a clip's
series (``MotionSeries``: the counter's signal per frame, NaN where not read, optionally pose
features), over the set (the rest before and after it left out), estimates the period and how strongly
the motion repeats (``periodicity``), and judges the counted reps against it:

- out of rhythm: a rep under half a period after the previous one, the signal not going back toward
  rest between them, is the same cycle counted twice; the weaker of the two is flagged.
- candidate missed reps: in a gap between counted reps of at least 1.5 periods (nearer two than one),
  a full cycle of the signal like the counted ones (swing at least 2/3 of theirs, lasting within a
  factor 2). A pause (the signal stays near rest) is normal and never a missed rep.
- ``confidence`` (0-1): the geometric mean of the rhythm's strength, the agreement between the counted
  reps and the cycles the signal shows, and the reps' keypoint score.

The pose's own self-similarity is reported (``pose_strength``), not used to decide: from some views
the body's sway moves the pose more than a curl does. Every threshold (``RhythmRules``) is a statement
about rhythm or shape, none fitted to clips. ``count_with_series`` runs a streaming counter over a
``PoseTrack`` through its public ``update`` and ``finish``. Pure numpy.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from fitcli.errors import DataError
from fitcli.exercises.events import CountResult
from fitcli.pose import KP, PoseTrack
from fitcli.rep import Rep

log = logging.getLogger(__name__)

# Periods looked for: a clap cycle is about 0.3 s; a rep longer than 12 s is dropped by the detector
# (``DetectorConfig.max_duration_s``). At least two cycles must be in view to see a period.
MIN_PERIOD_S = 0.2
MAX_PERIOD_S = 12.0
# The time grid: the median frame interval, kept between 60 and 10 samples per second. Gaps between
# read samples up to BRIDGE_FRAMES frame intervals are interpolated (a regular time base for a
# variable frame rate); longer gaps stay NaN and are never invented.
MIN_DT_S = 1 / 60
MAX_DT_S = 0.1
BRIDGE_FRAMES = 3
# The period is the first self-similarity peak that reaches HARMONIC_SHARE of the highest one (a
# repeat at 2 or 3 periods is as strong as the first: take the shortest), or that repeats at least
# half-way (FUNDAMENTAL_MIN): a looped stock clip, or a set in groups with rests, repeats best after
# its loop or group, not after one rep.
HARMONIC_SHARE = 0.8
FUNDAMENTAL_MIN = 0.5
# A share of read samples below which a stretch of the series says nothing about a cycle.
MIN_READ_SHARE = 0.5
# Pose features: keypoints below this score are unseen (as ``counter.PERSON_MIN_SCORE``).
MIN_SCORE = 0.3
_HIPS = [KP["left_hip"], KP["right_hip"]]
_SHOULDERS = [KP["left_shoulder"], KP["right_shoulder"]]


@dataclass(frozen=True)
class RhythmRules:
    """When the rhythm judges a count. Each value is a statement about rhythm or shape, not a fit."""

    # Judge only a motion that repeats at least this strongly (self-similarity 0.5: half its variance
    # comes back one period later), over at least ``min_reps`` counted reps (two intervals), with the
    # counted reps' median interval within a factor ``rhythm_ratio`` of the period.
    min_strength: float = 0.5
    min_reps: int = 3
    rhythm_ratio: float = 1.5
    # Two reps closer than this share of a period (and one excursion) are one cycle counted twice.
    out_of_rhythm: float = 0.5
    # A gap between counted reps can hold a missed cycle from this many periods (half-way between one
    # and two); the cycle lies at least ``out_of_rhythm`` periods from either neighbour.
    missed_gap: float = 1.5
    # A cycle is of the same amplitude when its swing is at least this share of the counted reps'
    # median swing (within a factor 1.5; a partial rep is a third of the range) ...
    same_swing: float = 2 / 3
    # ... and of the same shape when it lasts (above half its swing) within this factor of theirs:
    # no rep of a set takes twice or half as long as the others.
    same_width: float = 2.0

    def __post_init__(self) -> None:
        shares = {"min_strength": self.min_strength, "out_of_rhythm": self.out_of_rhythm,
                  "same_swing": self.same_swing}  # fmt: skip
        for name, value in shares.items():
            if not 0 < value < 1:
                raise DataError(f"RhythmRules.{name} must be between 0 and 1, got {value}")
        if self.min_reps < 2 or self.rhythm_ratio <= 1 or self.missed_gap <= 1 or self.same_width <= 1:
            raise DataError("RhythmRules: min_reps must be 2 or more and the ratios above 1")


@dataclass(frozen=True)
class MotionSeries:
    """One clip, frame by frame: times (s), the counter's signal (NaN where not read) and optionally
    pose features (T, F) (NaN where unseen, see ``pose_features``)."""

    times: np.ndarray
    values: np.ndarray
    features: np.ndarray | None = None

    def __post_init__(self) -> None:
        times = np.asarray(self.times, dtype=np.float64).reshape(-1)
        values = np.asarray(self.values, dtype=np.float64).reshape(-1)
        if values.shape != times.shape:
            raise DataError(f"MotionSeries values must have shape {times.shape}, got {values.shape}")
        if not np.all(np.isfinite(times)) or np.any(np.diff(times) < 0):
            raise DataError("MotionSeries times must be finite and in order")
        object.__setattr__(self, "times", times)
        object.__setattr__(self, "values", values)
        if self.features is not None:
            feats = np.asarray(self.features, dtype=np.float64)
            if feats.ndim != 2 or len(feats) != len(times):
                raise DataError(f"MotionSeries features must have shape ({len(times)}, F), got {feats.shape}")
            object.__setattr__(self, "features", feats)

    def __len__(self) -> int:
        return len(self.times)


@dataclass(frozen=True)
class Periodicity:
    """The dominant period (None when none is seen) and how strongly the motion repeats (0-1)."""

    period_s: float | None
    strength: float
    lags_s: np.ndarray = field(repr=False)
    similarity: np.ndarray = field(repr=False)  # self-similarity at each lag, NaN where unmeasured


@dataclass(frozen=True)
class MissedRep:
    """A cycle the series shows between counted reps ``after`` and ``after + 1``."""

    after: int
    turn_s: float
    swing: float  # its rise and fall, as a share of the counted reps' median swing


@dataclass(frozen=True)
class RhythmReport:
    """What the rhythm says about one clip's count."""

    counted: int
    period_s: float | None
    strength: float
    pose_strength: float | None  # the pose's self-similarity at the period (or two), None without features
    judged: bool  # enough counted reps and a clear enough rhythm to judge them
    note: str  # why the rhythm was not judged, or a summary
    expected_reps: float | None  # cycles between the first and last counted rep, pauses left out
    out_of_rhythm: tuple[int, ...]  # indices of counted reps that are a second count in one cycle
    missed: tuple[MissedRep, ...]
    weak: tuple[int, ...]  # counted reps with under ``same_swing`` of the others' swing (reported only)
    edge_cycles: int  # full cycles before the first or after the last counted rep (reported only)
    rep_score: float | None  # mean keypoint score of the counted reps (None when unknown)
    agreement: float  # share of counted reps and uncounted cycles that agree with each other
    confidence: float

    @property
    def adjusted_reps(self) -> int:
        """The count with the second opinion applied: out-of-rhythm reps out, missed cycles in."""
        return self.counted - len(self.out_of_rhythm) + len(self.missed)

    def as_dict(self) -> dict[str, Any]:
        out = {k: round(v, 3) if isinstance(v, float) else v for k, v in vars(self).items()}
        out["missed"] = [
            {"after": m.after, "turn_s": round(m.turn_s, 2), "swing": round(m.swing, 2)} for m in self.missed
        ]
        out.update(out_of_rhythm=list(self.out_of_rhythm), weak=list(self.weak), adjusted=self.adjusted_reps)
        return out


# ---------------------------------------------------------------- series


def pose_features(keypoints: np.ndarray, min_score: float = MIN_SCORE) -> np.ndarray:
    """(T, 34) pose features from (T, 17, 3) keypoints: x, y relative to the hips' midpoint (or the
    shoulders' when the hips are unseen), divided by the torso length (shoulders' to hips' midpoint)
    over the clip (median, so the features keep the pose's own scale). NaN where unseen."""
    kp = np.asarray(keypoints, dtype=np.float64)
    if kp.ndim != 3 or kp.shape[1:] != (17, 3):
        raise DataError(f"keypoints must have shape (T, 17, 3), got {kp.shape}")
    xy = np.where((kp[:, :, 2:] >= min_score) & np.isfinite(kp[:, :, :2]), kp[:, :, :2], np.nan)
    hips, shoulders = xy[:, _HIPS].mean(axis=1), xy[:, _SHOULDERS].mean(axis=1)
    centre = np.where(np.isfinite(hips), hips, shoulders)
    torso = np.linalg.norm(shoulders - hips, axis=1)
    scale = float(np.nanmedian(torso)) if np.isfinite(torso).any() else math.nan
    if not scale > 0:
        return np.full((len(kp), 34), np.nan)
    return ((xy - centre[:, None, :]) / scale).reshape(len(kp), 34)


def count_with_series(
    track: PoseTrack, exercise: str | Any, features: bool = True
) -> tuple[Any, MotionSeries]:
    """Count ``exercise`` (a catalogue name or a streaming counter with ``update``/``finish``) over
    ``track`` and return the result with the clip's series (the counter's signal per frame)."""
    if isinstance(exercise, str):
        from fitcli.exercises.catalog import get_exercise

        counter = get_exercise(exercise).counter()
    else:
        counter = exercise
        counter.reset()
    values = []
    for frame in track.iter_frames():
        state = counter.update(frame)
        values.append(math.nan if state.value is None else float(state.value))
    result = counter.finish()
    feats = pose_features(track.keypoints) if features and len(track) else None
    return result, MotionSeries(track.times, np.array(values, dtype=np.float64), feats)


def _regular(times: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``values`` (T, C) on a regular time grid; gaps longer than BRIDGE_FRAMES frames stay NaN."""
    step = float(np.median(np.diff(times))) if len(times) > 1 else MAX_DT_S
    dt = min(max(step, MIN_DT_S), MAX_DT_S)
    grid = times[0] + dt * np.arange(int(math.floor((times[-1] - times[0]) / dt + 1e-9)) + 1)
    out = np.full((len(grid), values.shape[1]), np.nan)
    for c in range(values.shape[1]):
        read = np.isfinite(values[:, c])
        tv, xv = times[read], values[read, c]
        if len(tv) < 2:
            continue
        j = np.clip(np.searchsorted(tv, grid), 1, len(tv) - 1)
        left, right = tv[j - 1], tv[j]
        near = np.minimum(np.abs(grid - left), np.abs(right - grid)) <= dt / 2
        bridged = (right - left <= BRIDGE_FRAMES * step + 1e-9) & (grid >= tv[0]) & (grid <= tv[-1])
        nearest = np.where(np.abs(grid - left) <= np.abs(right - grid), xv[j - 1], xv[j])
        out[:, c] = np.where(bridged, np.interp(grid, tv, xv), np.where(near, nearest, np.nan))
    return grid, out


# ---------------------------------------------------------------- self-similarity and period


def self_similarity(x: np.ndarray, max_lag: int) -> np.ndarray:
    """Self-similarity of a regularly sampled series ``x`` (N,) or (N, C) at lags 0..max_lag.

    At lag k, ``2 cov / (var_a + var_b)`` over the frame pairs (t, t + k) read in both (each channel
    about its own mean over those pairs): 1 when the motion comes back the same k samples later, 0 when
    unrelated, -1 when opposite. It is 1 - the mean squared distance along the k-th diagonal of the
    self-similarity matrix over the variance. NaN where fewer than k pairs were read (under two cycles).
    """
    x = np.asarray(x, dtype=np.float64)
    x = x[:, None] if x.ndim == 1 else x
    out = np.full(max_lag + 1, np.nan)
    out[0] = 1.0
    for k in range(1, min(max_lag, len(x) - 1) + 1):
        a, b = x[:-k], x[k:]
        ok = np.isfinite(a) & np.isfinite(b)
        n = ok.sum(axis=0)
        use = n >= max(k, 2)
        if not use.any():
            continue
        ok, a, b, n = ok[:, use], a[:, use], b[:, use], n[use]
        da = np.where(ok, a - np.where(ok, a, 0).sum(axis=0) / n, 0.0)
        db = np.where(ok, b - np.where(ok, b, 0).sum(axis=0) / n, 0.0)
        var = float((da * da).sum() + (db * db).sum())
        if var > 0:
            out[k] = 2.0 * float((da * db).sum()) / var
    return out


def _peaks(r: np.ndarray) -> list[int]:
    """Local maxima of ``r`` after its zero-lag lobe (its first local minimum)."""
    finite = np.isfinite(r)
    inner = np.arange(1, len(r) - 1)
    ok = finite[inner] & finite[inner - 1] & finite[inner + 1]
    minima = inner[ok & (r[inner] <= r[inner - 1]) & (r[inner] <= r[inner + 1])]
    if not len(minima):
        return []
    maxima = inner[ok & (r[inner] >= r[inner - 1]) & (r[inner] > r[inner + 1]) & (inner > minima[0])]
    return [int(k) for k in maxima if r[k] > 0]


def _refine(r: np.ndarray, k: int) -> tuple[float, float]:
    """Sub-sample lag and height of the peak at ``k`` (a parabola through its neighbours)."""
    y0, y1, y2 = r[k - 1], r[k], r[k + 1]
    curve = y0 - 2 * y1 + y2
    shift = 0.5 * (y0 - y2) / curve if curve < 0 else 0.0
    return k + shift, float(y1 - 0.25 * (y0 - y2) * shift)


def periodicity(
    times: np.ndarray,
    values: np.ndarray,
    min_period_s: float = MIN_PERIOD_S,
    max_period_s: float = MAX_PERIOD_S,
) -> Periodicity:
    """The dominant period of ``values`` (T,) or (T, C) sampled at ``times`` (NaN = not read).

    The period is the first peak of the self-similarity (``self_similarity``) that reaches
    HARMONIC_SHARE of the highest or FUNDAMENTAL_MIN; its height, clipped to 0-1, is the strength.
    None (strength 0) when fewer than two cycles of any period were read.
    """
    times = np.asarray(times, dtype=np.float64).reshape(-1)
    values = np.asarray(values, dtype=np.float64)
    values = values[:, None] if values.ndim == 1 else values
    if len(times) < 4 or np.isfinite(values).any(axis=1).sum() < 4:
        return Periodicity(None, 0.0, np.zeros(1), np.ones(1))
    grid, x = _regular(times, values)
    dt = float(grid[1] - grid[0]) if len(grid) > 1 else MAX_DT_S
    read = np.isfinite(x).any(axis=1)
    max_lag = int(min(max_period_s / dt + 1, read.sum() / 2))
    r = self_similarity(x, max(max_lag, 2))
    lags = dt * np.arange(len(r))
    peaks = [k for k in _peaks(r) if lags[k] >= min_period_s]
    if not peaks:
        return Periodicity(None, 0.0, lags, r)
    best = max(r[k] for k in peaks)
    first = next(k for k in peaks if r[k] >= min(HARMONIC_SHARE * best, FUNDAMENTAL_MIN))
    lag, height = _refine(r, first)
    return Periodicity(lag * dt, float(min(1.0, max(0.0, height))), lags, r)


# ---------------------------------------------------------------- the clip's cycles


def _span(t: np.ndarray, lo: float, hi: float) -> np.ndarray:
    return (t >= lo - 1e-9) & (t <= hi + 1e-9)


@dataclass(frozen=True)
class _Clip:
    """The counter's signal ``v`` of one clip on a regular time grid ``t``."""

    t: np.ndarray
    v: np.ndarray

    @classmethod
    def of(cls, series: MotionSeries) -> _Clip:
        if len(series) < 2:
            return cls(series.times, series.values)
        t, v = _regular(series.times, series.values[:, None])
        return cls(t, v[:, 0])

    def swing(
        self, peak_lo: float, peak_hi: float, lo: float, hi: float, full: bool = True
    ) -> tuple[float, float] | None:
        """(time, swing) of the highest point read in [peak_lo, peak_hi]: how far the signal falls from
        it toward ``lo`` and toward ``hi``, the smaller fall (``full``: a whole cycle seen) or the larger
        (a counted rep that the clip's end cuts short). None when the cycle from one low to the other
        was mostly not read."""
        read = np.isfinite(self.v)
        where = _span(self.t, peak_lo, peak_hi) & read
        if not where.any():
            return None
        k = int(np.argmax(np.where(where, self.v, -np.inf)))
        left = np.where(_span(self.t, lo, self.t[k]) & read, self.v, np.inf)
        right = np.where(_span(self.t, self.t[k], hi) & read, self.v, np.inf)
        i, j = int(np.argmin(left)), int(np.argmin(right))
        if not (np.isfinite(left[i]) and np.isfinite(right[j])) or read[i : j + 1].mean() < MIN_READ_SHARE:
            return None
        lows = float(left[i]), float(right[j])
        return float(self.t[k]), float(self.v[k]) - (max(lows) if full else min(lows))

    def one_cycle(self, a: float, b: float, typical: float) -> bool:
        """Whether the signal stays within half a typical swing of the lower of turns ``a`` and ``b``
        all the way from one to the other (no way back toward rest): one excursion."""
        between = self.v[_span(self.t, a, b)]
        if not len(between) or not np.isfinite(between).all():
            return False  # not seen throughout: no evidence of one cycle
        return bool(between.min() > min(between[0], between[-1]) - typical / 2)

    def width(self, top: float, swing: float) -> float:
        """Seconds the signal stays above half ``swing`` below its value at ``top`` around ``top``
        (unread frames inside count as above)."""
        k = int(np.clip(np.searchsorted(self.t, top), 0, len(self.t) - 1))
        below = np.isfinite(self.v) & (self.v < self.v[k] - swing / 2)
        left, right = np.flatnonzero(below[:k]), np.flatnonzero(below[k:])
        lo = self.t[left[-1]] if len(left) else self.t[0]
        hi = self.t[k + right[0]] if len(right) else self.t[-1]
        return float(hi - lo)


@dataclass(frozen=True)
class _Reps:
    """The counted reps measured on the clip: each one's swing, the typical swing and width."""

    clip: _Clip
    events: tuple[Rep, ...]
    rules: RhythmRules
    swings: tuple[float | None, ...]
    typical: float
    width: float  # median seconds a counted rep stays above half its swing

    @classmethod
    def of(cls, clip: _Clip, events: Sequence[Rep], rules: RhythmRules) -> _Reps:
        """Each rep's swing between the turns of its neighbours (or the clip's ends): the larger of its
        rise and fall, as the clip may cut a counted rep's rise or fall short."""
        if not len(clip.t):
            return cls(clip, tuple(events), rules, (None,) * len(events), 0.0, 0.0)
        turns = [clip.t[0]] + [e.turn_s for e in events] + [clip.t[-1]]
        found = [clip.swing(e.start_s, e.end_s, turns[i], turns[i + 2], False) for i, e in enumerate(events)]
        known = [f for f in found if f is not None and f[1] > 0]
        typical = float(np.median([f[1] for f in known])) if known else 0.0
        width = float(np.median([clip.width(f[0], f[1]) for f in known])) if known else 0.0
        swings = tuple(None if f is None else f[1] for f in found)
        return cls(clip, tuple(events), rules, swings, typical, width)

    @property
    def weak(self) -> tuple[int, ...]:
        """Counted reps whose swing is under ``same_swing`` of the typical one."""
        least = self.rules.same_swing * self.typical
        pairs = zip(self.events, self.swings, strict=True)
        return tuple(e.index for e, s in pairs if s is not None and s < least)

    def cycle(self, lo: float, hi: float, peak_lo: float, peak_hi: float) -> tuple[float, float] | None:
        """(turn, swing share) of a full uncounted cycle peaking in [peak_lo, peak_hi] between ``lo``
        and ``hi`` that looks like the counted reps: a swing of at least ``same_swing`` of theirs,
        lasting within a factor ``same_width`` of theirs (not a slow drift, not a twitch)."""
        if peak_hi <= peak_lo or self.typical <= 0:
            return None
        found = self.clip.swing(peak_lo, peak_hi, lo, hi)
        if found is None or found[1] < self.rules.same_swing * self.typical:
            return None
        width, factor = self.clip.width(found[0], found[1]), self.rules.same_width
        if not self.width / factor <= width <= self.width * factor:
            return None
        return found[0], found[1] / self.typical


# ---------------------------------------------------------------- judging the counted reps


def _out_of_rhythm(reps: _Reps, period: float) -> list[int]:
    """Indices of reps that follow the last kept rep by under ``out_of_rhythm`` periods with the signal
    not half a swing back toward rest between their turns: one cycle counted twice. The weaker of the
    two is flagged, so one extra count in a cycle removes one rep."""
    events, swings = reps.events, reps.swings
    flagged: list[int] = []
    kept = 0
    for i in range(1, len(events)):
        a, b = events[kept].turn_s, events[i].turn_s
        if b - a >= reps.rules.out_of_rhythm * period or not reps.clip.one_cycle(a, b, reps.typical):
            kept = i
            continue
        weaker = i if (swings[i] or 0.0) <= (swings[kept] or 0.0) else kept
        flagged.append(events[weaker].index)
        kept = kept if weaker == i else i
    return flagged


def _cycles_between(reps: _Reps, lo: float, hi: float, period: float) -> list[tuple[float, float]]:
    """Full uncounted cycles (turn, swing share) between turns ``lo`` and ``hi``, at least
    ``out_of_rhythm`` periods from both; none in a gap under ``missed_gap`` periods."""
    if hi - lo < reps.rules.missed_gap * period:
        return []
    margin = reps.rules.out_of_rhythm * period
    found = reps.cycle(lo, hi, lo + margin, hi - margin)
    if found is None:
        return []
    return [*_cycles_between(reps, lo, found[0], period), found, *_cycles_between(reps, found[0], hi, period)]


def _missed(reps: _Reps, period: float) -> list[MissedRep]:
    """Cycles the series shows in the gaps between counted reps (a pause shows none)."""
    found = []
    for a, b in zip(reps.events, reps.events[1:], strict=False):
        found += [MissedRep(a.index, t, s) for t, s in _cycles_between(reps, a.turn_s, b.turn_s, period)]
    return found


def _edge_cycles(reps: _Reps, cycle: float) -> int:
    """Full cycles before the first and after the last counted rep (at least half a cycle away)."""
    t, first, last = reps.clip.t, reps.events[0].turn_s, reps.events[-1].turn_s
    margin = reps.rules.out_of_rhythm * cycle
    before = reps.cycle(t[0], first, t[0], first - margin)
    after = reps.cycle(last, t[-1], last + margin, t[-1])
    return (before is not None) + (after is not None)


def _cycle_s(events: Sequence[Rep], period: float | None) -> float:
    """The length of one cycle: the judged period, else the counted reps' median interval, else the
    one rep's duration."""
    if period is not None:
        return period
    if len(events) > 1:
        return float(np.median(np.diff([e.turn_s for e in events])))
    return events[0].end_s - events[0].start_s


def _expected(reps: _Reps, period: float, missed: Sequence[MissedRep]) -> float:
    """Cycles from the first to the last counted rep: an interval under ``missed_gap`` periods holds
    interval / period cycles, a longer one its missed cycles + 1 (the rest of it is a pause)."""
    total = 1.0
    for a, b in zip(reps.events, reps.events[1:], strict=False):
        gap = b.turn_s - a.turn_s
        long = gap >= reps.rules.missed_gap * period
        total += 1 + sum(m.after == a.index for m in missed) if long else gap / period
    return total


def _set_span(series: MotionSeries, events: Sequence[Rep]) -> np.ndarray:
    """Frames of the set: from the first counted rep to the last, with half a rep either side for the
    rise and fall that a counter's start and end leave out (every frame without reps). The rest before
    and after a set is not part of its rhythm."""
    if not events:
        return np.ones(len(series), dtype=bool)
    first, last = events[0], events[-1]
    lo = first.start_s - (first.end_s - first.start_s) / 2
    return _span(series.times, lo, last.end_s + (last.end_s - last.start_s) / 2)


def _judgement(events: Sequence[Rep], found: Periodicity, rules: RhythmRules) -> str | None:
    """Why the rhythm cannot judge these reps, or None when it can."""
    if len(events) < rules.min_reps:
        return f"{len(events)} rep(s) counted: judging a rhythm needs {rules.min_reps} or more"
    if found.period_s is None:
        return "no repeating motion in the signal"
    if found.strength < rules.min_strength:
        return f"the motion hardly repeats (strength {found.strength:.2f} < {rules.min_strength:g})"
    interval = float(np.median(np.diff([e.turn_s for e in events])))
    if not 1 / rules.rhythm_ratio <= interval / found.period_s <= rules.rhythm_ratio:
        return (
            f"the counted reps' median interval ({interval:.2f} s) and the motion's period "
            f"({found.period_s:.2f} s) disagree: pauses or partial reps between reps"
        )
    return None


def _pose_strength(series: MotionSeries, inside: np.ndarray, period: float | None) -> float | None:
    """The pose's self-similarity one period later, or two (sides taking turns), 0-1."""
    if series.features is None or period is None or inside.sum() < 4:
        return None
    found = periodicity(series.times[inside], series.features[inside], max_period_s=2.5 * period)
    heights = np.interp([period, 2 * period], found.lags_s, found.similarity, right=np.nan)
    if not np.isfinite(heights).any():
        return None
    return float(np.clip(np.nanmax(heights), 0.0, 1.0))


def _confidence(agreement: float, score: float | None, strength: float | None) -> float:
    """The geometric mean of the terms known (a zero in any makes it zero)."""
    terms = [t for t in (agreement, score, strength) if t is not None]
    return float(np.prod(terms) ** (1 / len(terms)))


def rhythm_report(
    series: MotionSeries, events: Sequence[Rep], rules: RhythmRules | None = None
) -> RhythmReport:
    """Judge the counted ``events`` of one clip against the rhythm of its ``series``."""
    rules = rules or RhythmRules()
    events = sorted(events, key=lambda e: e.turn_s)
    inside = _set_span(series, events)
    found = periodicity(series.times[inside], series.values[inside])
    reps = _Reps.of(_Clip.of(series), events, rules)
    why = _judgement(events, found, rules) or (None if reps.typical > 0 else "the reps' signal was not read")
    period = found.period_s if why is None else None
    out = _out_of_rhythm(reps, period) if period is not None else []
    missed = _missed(reps, period) if period is not None else []
    edges = _edge_cycles(reps, _cycle_s(events, period)) if events and reps.typical > 0 else 0
    seen = len(events) + len(missed) + edges
    agreement = (len(events) - len(set(out) | set(reps.weak))) / seen if seen else 0.0
    scores = [e.confidence for e in events if e.confidence is not None]
    score = float(np.mean(scores)) if scores else None
    strength = found.strength if len(events) >= rules.min_reps else None  # else no rhythm to speak of
    return RhythmReport(
        counted=len(events),
        period_s=found.period_s,
        strength=found.strength,
        pose_strength=_pose_strength(series, inside, found.period_s),
        judged=period is not None,
        note=why or f"period {found.period_s:.2f} s, strength {found.strength:.2f}",
        expected_reps=None if period is None else _expected(reps, period, missed),
        out_of_rhythm=tuple(out),
        missed=tuple(missed),
        weak=reps.weak,
        edge_cycles=edges,
        rep_score=score,
        agreement=agreement,
        confidence=_confidence(agreement, score, strength) if events else 0.0,
    )


def second_opinion(
    result: CountResult, series: MotionSeries, rules: RhythmRules | None = None
) -> CountResult:
    """``result`` with the rhythm's word on it: its confidence, the report, and a warning for each
    flag (a possible missed rep, a rep that looks counted twice). The count itself is not changed:
    on the real clips the flags changed nothing, so they are advice to review, not corrections."""
    report = rhythm_report(series, result.events, rules)
    notes = [
        f"the motion repeats near {m.turn_s:.1f} s like a rep but was not counted: check for a missed rep"
        for m in report.missed
    ]
    if report.out_of_rhythm:
        reps = ", ".join(str(i) for i in report.out_of_rhythm)
        notes.append(
            f"rep {reps} came less than half a rep after the one before: check for a rep counted twice"
        )
    return replace(
        result,
        confidence=report.confidence,
        rhythm=report.as_dict(),
        warnings=result.warnings + tuple(notes),
    )


def with_rhythm(result: CountResult, times: Sequence[float], values: Sequence[float]) -> CountResult:
    """``second_opinion`` on a clip's per-frame ``times`` and signal ``values`` (NaN where not read);
    ``result`` as it is when the times cannot be judged (a source whose clock stepped back)."""
    try:
        series = MotionSeries(np.array(times, dtype=np.float64), np.array(values, dtype=np.float64))
    except DataError as exc:
        log.info("no rhythm judged: %s", exc)
        return result
    return second_opinion(result, series)
