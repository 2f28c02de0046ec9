"""Stable person ids across frames: a small Hungarian-assignment tracker on keypoint similarity.

Each frame, ``PeopleTracker.update(time_s, people)`` assigns the poses a multi-person model found
(``(N, 17, 3)``) to the people seen before, in two rounds:

1. People seen within the last ``coast_s`` seconds: the cost is 1 - OKS (COCO's object keypoint
   similarity) between the detection and the person's last pose moved on by their recent velocity,
   so two people walking past each other keep their ids. Pairs below ``min_oks`` are not matched.
   A pose that one person gets and another, left without one, matches too (OKS >= ``min_oks``:
   one body hides the other and the model sees one) is given to neither that frame.
2. People unseen for longer (they were hidden or walked out), and those round 1 left without a
   pose, are re-identified by position, size and time: a detection whose centre is within ``reid_radius`` x the person's body size of where
   they were last seen, whose size is within ``size_ratio`` of theirs, at most ``forget_s`` seconds
   after they were last seen, takes their id (the nearest first, again by Hungarian assignment).

Anything left starts a new person (ids from 1, left to right among those who appear in the same
frame). A person unseen for more than ``forget_s`` has left for good:
``update`` reports them once in ``TrackerStep.ended`` and their id is never given again.

No library here: norfair (the tracker STYLE.md cites) needs rich < 15 and requirements.lock pins
rich 15.0.0, so it does not resolve with the project's pins (pip --dry-run, measured).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from fitcli.errors import UsageError

# Per-keypoint falloff of OKS: the COCO keypoint evaluation's sigmas (cocoapi, cocoeval.py), in COCO order.
OKS_SIGMAS = (
    np.array(
        [0.26, 0.25, 0.25, 0.35, 0.35, 0.79, 0.79, 0.72, 0.72, 0.62, 0.62, 1.07, 1.07, 0.87, 0.87, 0.89, 0.89]
    )
    / 10.0
)
MIN_SCORE = 0.2  # a keypoint scored below this is not seen


def _seen(kp: np.ndarray) -> np.ndarray:
    return (np.nan_to_num(kp[:, 2]) >= MIN_SCORE) & np.isfinite(kp[:, :2]).all(axis=1)


def body_box(kp: np.ndarray) -> tuple[np.ndarray, float] | None:
    """(centre x, y; size = the larger side of the box of seen keypoints), None with < 3 seen."""
    seen = kp[_seen(kp), :2]
    if len(seen) < 3:
        return None
    lo, hi = seen.min(axis=0), seen.max(axis=0)
    return (lo + hi) / 2, float(max(hi - lo).max())


def oks(a: np.ndarray, b: np.ndarray) -> float:
    """COCO object keypoint similarity of two (17, 3) poses over the keypoints both see (0-1).

    The scale is the area of ``a``'s box of seen keypoints (COCO uses the person's segment area);
    0 when they share fewer than 3 seen keypoints.
    """
    both = _seen(a) & _seen(b)
    box = body_box(a)
    if both.sum() < 3 or box is None:
        return 0.0
    seen = a[_seen(a), :2]
    area = float(np.prod(seen.max(axis=0) - seen.min(axis=0))) or box[1] ** 2
    d2 = np.sum((a[both, :2] - b[both, :2]) ** 2, axis=1)
    var = (2 * OKS_SIGMAS[both]) ** 2
    return float(np.mean(np.exp(-d2 / (2 * area * var + 1e-9))))


@dataclass
class Person:
    """One tracked person: their id (from 1), last pose and where and when they were last seen."""

    id: int
    keypoints: np.ndarray
    first_s: float
    last_s: float
    centre: np.ndarray
    size: float
    velocity: np.ndarray = field(default_factory=lambda: np.zeros(2))  # px / s of the centre
    frames: int = 1

    def predicted(self, time_s: float, coast_s: float) -> np.ndarray:
        """The last pose moved on by the recent velocity (for at most ``coast_s``)."""
        dt = min(time_s - self.last_s, coast_s)
        out = self.keypoints.copy()
        out[:, :2] += self.velocity * dt
        return out


@dataclass(frozen=True)
class TrackerStep:
    """One frame's result: (person id, keypoints) of everyone seen, and the ids that left for good."""

    seen: list[tuple[int, np.ndarray]]
    ended: list[int]


class PeopleTracker:
    def __init__(
        self,
        min_oks: float = 0.2,
        coast_s: float = 0.5,
        reid_radius: float = 1.5,
        size_ratio: float = 1.6,
        forget_s: float = 10.0,
    ) -> None:
        if not 0 < min_oks < 1 or coast_s <= 0 or reid_radius <= 0 or size_ratio < 1 or forget_s < coast_s:
            raise UsageError(
                "tracker needs 0 < min_oks < 1, coast_s > 0, reid_radius > 0, size_ratio >= 1 and "
                f"forget_s >= coast_s; got {min_oks}, {coast_s}, {reid_radius}, {size_ratio}, {forget_s}"
            )
        self.min_oks, self.coast_s, self.reid_radius = min_oks, coast_s, reid_radius
        self.size_ratio, self.forget_s = size_ratio, forget_s
        self.reset()

    def reset(self) -> None:
        self.people: dict[int, Person] = {}  # everyone not yet gone for good
        self._next_id = 1

    def update(self, time_s: float, people: np.ndarray) -> TrackerStep:
        """Assign the poses of one frame (``(N, 17, 3)``, any order) to ids."""
        dets = [kp for kp in np.asarray(people, np.float32).reshape(-1, 17, 3) if body_box(kp) is not None]
        ended = [pid for pid, p in self.people.items() if time_s - p.last_s > self.forget_s]
        for pid in ended:
            del self.people[pid]
        recent = [p for p in self.people.values() if time_s - p.last_s <= self.coast_s]
        lost = [p for p in self.people.values() if time_s - p.last_s > self.coast_s]
        pairs, rest = self._by_similarity(recent, dets, time_s)
        matched = {id(p) for p, _ in pairs}
        unmatched = [p for p in recent if id(p) not in matched]  # hidden or missed this frame
        more, rest = self._by_place(lost + unmatched, dets, rest)
        seen = []
        for person, d in pairs + more:
            self._move(person, dets[d], time_s)
            seen.append((person.id, dets[d]))
        for d in sorted(rest, key=lambda d: float(body_box(dets[d])[0][0])):  # type: ignore[index]
            person = self._start(dets[d], time_s)
            seen.append((person.id, dets[d]))
        return TrackerStep(sorted(seen, key=lambda s: s[0]), ended)

    def _by_similarity(
        self, people: list[Person], dets: list[np.ndarray], time_s: float
    ) -> tuple[list[tuple[Person, int]], list[int]]:
        cost = np.ones((len(people), len(dets)))
        for i, p in enumerate(people):
            guess = p.predicted(time_s, self.coast_s)
            for j, d in enumerate(dets):
                cost[i, j] = 1.0 - oks(guess, d)
        pairs, rest = _assign(people, cost, 1.0 - self.min_oks, list(range(len(dets))))
        # A pose that a person left without one also matches (one body hides the other and the
        # model saw one) says nothing about who it is: it goes to neither this frame (they both
        # coast on their velocity), and is no new person either.
        taken = {id(p) for p, _ in pairs}
        free = [i for i, q in enumerate(people) if id(q) not in taken]
        unsure = {d for _, d in pairs if any(1 - cost[i, d] >= self.min_oks for i in free)}
        return [(p, d) for p, d in pairs if d not in unsure], rest

    def _by_place(
        self, people: list[Person], dets: list[np.ndarray], free: list[int]
    ) -> tuple[list[tuple[Person, int]], list[int]]:
        cost = np.full((len(people), len(free)), np.inf)
        for i, p in enumerate(people):
            for j, d in enumerate(free):
                centre, size = body_box(dets[d])  # type: ignore[misc]
                ratio = max(size, p.size) / max(min(size, p.size), 1e-6)
                if ratio <= self.size_ratio:
                    cost[i, j] = float(np.hypot(*(centre - p.centre))) / p.size
        return _assign(people, cost, self.reid_radius, free)

    def _move(self, p: Person, kp: np.ndarray, time_s: float) -> None:
        centre, size = body_box(kp)  # type: ignore[misc]
        dt = time_s - p.last_s
        if 0 < dt <= self.coast_s:  # a smoothed velocity; none across a long absence
            p.velocity = 0.7 * p.velocity + 0.3 * (centre - p.centre) / dt
        else:
            p.velocity = np.zeros(2)
        p.keypoints, p.centre, p.size, p.last_s = kp, centre, size, time_s
        p.frames += 1

    def _start(self, kp: np.ndarray, time_s: float) -> Person:
        centre, size = body_box(kp)  # type: ignore[misc]
        person = Person(self._next_id, kp, time_s, time_s, centre, size)
        self.people[person.id] = person
        self._next_id += 1
        return person


def _assign(
    people: list[Person], cost: np.ndarray, max_cost: float, columns: list[int]
) -> tuple[list[tuple[Person, int]], list[int]]:
    """Minimum-cost pairs with cost <= ``max_cost``; the columns (detection indices) left over."""
    from scipy.optimize import linear_sum_assignment

    if cost.size == 0:
        return [], list(columns)
    finite = np.where(np.isfinite(cost), cost, 1e9)
    rows, cols = linear_sum_assignment(finite)
    pairs = [(people[r], columns[c]) for r, c in zip(rows, cols, strict=True) if finite[r, c] <= max_cost]
    used = {d for _, d in pairs}
    return pairs, [d for d in columns if d not in used]
