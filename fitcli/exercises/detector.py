"""A hysteresis rep detector on one signal, shared by every exercise.

The signal is oriented so that larger = farther from the rest position (a counter flips it when its
far position is the smaller value). States:

- not ready: the needed keypoints are missing, or the person is not yet in the rest posture (the
  exercise's ``ready`` check) for ``ready_s`` seconds in a row. No rep can start.
- rest: ready; ``base`` follows the lowest signal of the last ``base_window_s`` seconds.
- in rep: the signal rose at least ``enter`` above ``base`` (and past ``enter_abs`` if set) for
  ``min_far_frames`` frames in a row (never from one jittery frame). The rep ends when the signal has
  come back ``return_frac`` of the way from its peak to ``base`` (and below ``exit_abs`` if set).
  It counts when its range (peak - base) is at least ``min_rom`` and it lasted at least
  ``min_duration_s``; otherwise it is dropped. A rep longer than ``max_duration_s`` is dropped.
- self-calibration: a rep must also reach ``rel_rom`` x the median range of the reps counted so far
  (the last ``ROM_MEMORY``), so once a person's own depth is known a half rep or a twitch does not
  count, whatever their range; the fixed ``min_rom`` is the floor for the first rep.
  At the end of the stream (``finish``) every rep is judged again against the median range of the
  whole set: a rep made before the person's range was known (a first half rep, judged by the floor
  alone) is dropped then and kept in ``dropped``.
- a second opinion: with ``confirm_rom``, a rep counts only if a second signal (``update``'s
  ``confirm``, oriented like the rep signal) also rose at least that much above its value at the rep's
  start (a squat's shoulders must go down over the feet, not the feet come up).

``count_at="turn"`` counts a rep as soon as it is entered (a clap is its contact); it is re-armed
only when the signal has come back (so holding the far position never counts twice), and two counts
are at least ``min_interval_s`` apart.
Missing samples (None) within ``max_missing_s`` are skipped; a longer gap ends readiness and drops a
rep in progress.
"""

from __future__ import annotations

import math
import statistics
from collections import deque
from dataclasses import dataclass, replace

from fitcli.errors import UsageError
from fitcli.rep import Rep

# How many of the latest counted reps set the person's own range for ``rel_rom``.
ROM_MEMORY = 8


@dataclass(frozen=True)
class DetectorConfig:
    enter: float
    min_rom: float
    return_frac: float = 0.6
    enter_abs: float | None = None
    exit_abs: float | None = None
    min_duration_s: float = 0.3
    max_duration_s: float = 12.0
    min_far_frames: int = 2
    ready_s: float = 0.3
    max_missing_s: float = 0.6
    base_window_s: float = 2.5
    count_at: str = "end"
    min_interval_s: float = 0.0
    rel_rom: float = 0.0
    confirm_rom: float | None = None

    def __post_init__(self) -> None:
        if not (self.enter > 0 and self.min_rom > 0):
            raise UsageError(f"enter and min_rom must be positive, got {self.enter}, {self.min_rom}")
        if self.confirm_rom is not None and not (self.confirm_rom > 0 and math.isfinite(self.confirm_rom)):
            raise UsageError(f"confirm_rom must be a positive number, got {self.confirm_rom}")
        if not 0 <= self.rel_rom < 1:
            raise UsageError(f"rel_rom must be in [0, 1), got {self.rel_rom}")
        if not 0 < self.return_frac <= 1:
            raise UsageError(f"return_frac must be in (0, 1], got {self.return_frac}")
        if self.count_at not in ("end", "turn"):
            raise UsageError(f"count_at must be 'end' or 'turn', got {self.count_at!r}")
        if self.min_far_frames < 1:
            raise UsageError(f"min_far_frames must be 1 or more, got {self.min_far_frames}")
        times = (
            self.min_duration_s,
            self.max_duration_s,
            self.ready_s,
            self.max_missing_s,
            self.base_window_s,
        )
        if any(not (v >= 0 and math.isfinite(v)) for v in times):
            raise UsageError("detector times must be finite and 0 or more seconds")


@dataclass(frozen=True)
class DetectorState:
    phase: str  # "not ready", "rest" or "rep"
    reps: int
    value: float | None
    event: Rep | None  # the rep completed by this sample, if any


class RepDetector:
    """``update(t, value, ready=True, score=1.0) -> DetectorState``; ``finish()`` at the end of a stream."""

    def __init__(self, config: DetectorConfig, roms: deque[float] | None = None) -> None:
        """``roms``: the memory of counted ranges, shared by detectors of the same person's two arms."""
        self.config = config
        self._roms: deque[float] = roms if roms is not None else deque(maxlen=ROM_MEMORY)
        self.reset()

    def reset(self) -> None:
        self.events: list[Rep] = []
        self.reps = 0
        self._not_ready()
        self._last_seen = -math.inf
        self._last_count_t = -math.inf
        self._roms.clear()
        self.dropped: list[Rep] = []

    def _not_ready(self) -> None:
        self.phase = "not ready"
        self._ready_since: float | None = None
        self._window: deque[tuple[float, float]] = deque()
        self._confirm_rest: deque[tuple[float, float]] = deque()
        self._far_run = 0
        self._pending: dict[str, float] | None = None

    @property
    def base(self) -> float:
        return min(v for _, v in self._window) if self._window else math.nan

    def update(
        self,
        t: float,
        value: float | None,
        ready: bool = True,
        score: float = 1.0,
        confirm: float | None = None,
    ) -> DetectorState:
        cfg = self.config
        event = None
        if value is None or not math.isfinite(value):
            if t - self._last_seen > cfg.max_missing_s and self.phase != "not ready":
                self._drop_pending()
                self._not_ready()
            return DetectorState(self.phase, self.reps, None, None)
        self._last_seen = t
        if self.phase == "not ready":
            self._update_ready(t, value, ready)
        elif self.phase == "rest":
            self._update_rest(t, value, score)
        else:
            event = self._update_rep(t, value, score)
        self._note_confirm(t, confirm)
        return DetectorState(self.phase, self.reps, value, event)

    def _note_confirm(self, t: float, confirm: float | None) -> None:
        """Keep the second signal's lowest value of the recent rest, and its highest during a rep."""
        if confirm is None or not math.isfinite(confirm):
            return
        p = self._pending
        if p is None:
            self._confirm_rest.append((t, confirm))
            while self._confirm_rest[0][0] < t - self.config.base_window_s:
                self._confirm_rest.popleft()
            return
        if "confirm_start" not in p:
            p["confirm_start"] = min((c for _, c in self._confirm_rest), default=confirm)
        p["confirm_high"] = max(p.get("confirm_high", confirm), confirm)

    def _update_ready(self, t: float, value: float, ready: bool) -> None:
        if not ready:
            self._ready_since = None
            return
        if self._ready_since is None:
            self._ready_since = t
        self._push(t, value)
        if t - self._ready_since >= self.config.ready_s:
            self.phase = "rest"

    def _push(self, t: float, value: float) -> None:
        self._window.append((t, value))
        while self._window and self._window[0][0] < t - self.config.base_window_s:
            self._window.popleft()

    def _entered(self, value: float) -> bool:
        cfg = self.config
        if value - self.base < cfg.enter:
            return False
        return cfg.enter_abs is None or value >= cfg.enter_abs

    def _update_rest(self, t: float, value: float, score: float) -> None:
        if not self._entered(value):
            self._far_run = 0
            self._push(t, value)
            return
        self._far_run += 1
        if self._far_run < self.config.min_far_frames:
            return
        base = self.base
        start = max((tt for tt, v in self._window if v <= base + 0.5 * (value - base)), default=t)
        self.phase = "rep"
        self._pending = {"start": start, "base": base, "peak": value, "turn": t, "score": score, "n": 1.0}
        if self.config.count_at == "turn":
            if t - self._last_count_t >= self.config.min_interval_s:
                self.reps += 1
                self._last_count_t = t
                self._pending["counted"] = 1.0

    def _update_rep(self, t: float, value: float, score: float) -> Rep | None:
        cfg = self.config
        p = self._pending
        assert p is not None
        p["score"] += score
        p["n"] += 1
        if value > p["peak"]:
            p["peak"], p["turn"] = value, t
        back = value <= p["peak"] - cfg.return_frac * (p["peak"] - p["base"])
        if back and (cfg.exit_abs is None or value <= cfg.exit_abs):
            event = self._close(t)
            self.phase = "rest"
            self._window.clear()
            self._push(t, value)
            self._far_run = 0
            return event
        if t - p["start"] > cfg.max_duration_s:
            self._drop_pending()
            self._not_ready()
        return None

    def _close(self, t: float) -> Rep | None:
        cfg = self.config
        p = self._pending
        self._pending = None
        assert p is not None
        rom = p["peak"] - p["base"]
        counted = p.get("counted", 0.0) > 0
        ok = rom >= self.min_rom and t - p["start"] >= cfg.min_duration_s and self._confirmed(p)
        if cfg.count_at == "turn":
            ok = counted  # counted at contact; range and timing were checked by the thresholds
        elif ok:
            self.reps += 1
        if not ok:
            return None
        self._roms.append(rom)
        event = Rep(len(self.events) + 1, p["start"], p["turn"], t, rom, min(1.0, p["score"] / p["n"]))
        self.events.append(event)
        return event

    def _confirmed(self, p: dict[str, float]) -> bool:
        if self.config.confirm_rom is None:
            return True
        moved = p.get("confirm_high", -math.inf) - p.get("confirm_start", math.inf)
        return moved >= self.config.confirm_rom

    @property
    def min_rom(self) -> float:
        """The range a rep needs now: the floor, or ``rel_rom`` of this person's typical range."""
        cfg = self.config
        if not self._roms or cfg.rel_rom <= 0:
            return cfg.min_rom
        return max(cfg.min_rom, cfg.rel_rom * float(statistics.median(self._roms)))

    def _drop_pending(self) -> None:
        p = self._pending
        if p is not None and p.get("counted", 0.0) > 0:
            self._close(self._last_seen)  # a counted clap stays counted
        self._pending = None

    def finish(self, t: float, value: float | None = None) -> Rep | None:
        """End of the stream at ``t``. A rep counted at its turn is closed; a rep whose last
        (unfiltered) ``value`` has come back ``return_frac`` of the way is complete and counts
        (the running median lags the last frames); any other unfinished rep is dropped. Then every
        rep is judged against the whole set's range (``rejudge``)."""
        p, event = self._pending, None
        cfg = self.config
        if p is not None and p.get("counted", 0.0) > 0:
            event = self._close(max(t, p["turn"]))
        elif p is not None:
            back = value is not None and value <= p["peak"] - cfg.return_frac * (p["peak"] - p["base"])
            if back and (cfg.exit_abs is None or (value is not None and value <= cfg.exit_abs)):
                event = self._close(max(t, p["turn"]))
        self._pending = None
        self.rejudge()
        return event if event in self.events else None

    def rejudge(self) -> None:
        """Drop the reps whose range is under ``rel_rom`` x the median range of the whole set (into
        ``dropped``) and number the rest again. Counting as it goes, a rep is judged against the reps
        before it, and the first against the floor alone: a half rep before the first full one
        counted. Reps counted at the turn (claps) are left as they are."""
        cfg = self.config
        if cfg.rel_rom <= 0 or cfg.count_at != "end" or len(self.events) < 2:
            return
        need = max(cfg.min_rom, cfg.rel_rom * float(statistics.median(e.rom or 0.0 for e in self.events)))
        kept = [e for e in self.events if (e.rom or 0.0) >= need]
        if len(kept) == len(self.events):
            return
        self.dropped += [e for e in self.events if (e.rom or 0.0) < need]
        self.events = [replace(e, index=i) for i, e in enumerate(kept, 1)]
        self.reps = len(self.events)
