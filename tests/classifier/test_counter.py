"""ClassRepCounter: one rep per enter/exit of the down class, hysteresis against flicker."""

from __future__ import annotations

import numpy as np
import pytest

from fitcli.classifier.counter import ClassRepCounter
from fitcli.errors import UnknownNameError, UsageError

LABELS = ["standing", "squat"]


def feed(counter: ClassRepCounter, p_down: list[float], dt: float = 0.1) -> int:
    for i, p in enumerate(p_down):
        state = counter.update(i * dt, np.array([1 - p, p]))
    return state.count


def test_counts_each_visit_of_the_down_class_when_it_is_left() -> None:
    c = ClassRepCounter(LABELS, "squat")
    p = [0.1, 0.3, 0.7, 0.9, 0.8, 0.3, 0.1] * 3
    assert feed(c, p) == 3
    first = c.reps[0]
    assert (first.index, first.start_s, first.turn_s, first.end_s, first.rom, first.confidence) == (
        1,
        pytest.approx(0.2),
        pytest.approx(0.3),
        pytest.approx(0.5),
        None,
        0.9,
    )


def test_flicker_between_the_thresholds_counts_once() -> None:
    c = ClassRepCounter(LABELS, "squat")
    assert feed(c, [0.1, 0.65, 0.45, 0.62, 0.41, 0.58, 0.2, 0.1]) == 1


def test_a_rep_that_never_leaves_is_not_counted_yet_and_reset_starts_over() -> None:
    c = ClassRepCounter(LABELS, "squat")
    assert feed(c, [0.1, 0.9, 0.9]) == 0
    assert c.update(0.3, np.array([0.1, 0.9])).in_pose
    c.reset()
    assert c.count == 0 and not c.update(0.0, np.array([0.9, 0.1])).in_pose


@pytest.mark.parametrize(
    ("kwargs", "error", "needle"),
    [
        ({"down": "lunge"}, UnknownNameError, "unknown label 'lunge'.*standing, squat"),
        (
            {"down": "squat", "enter_threshold": 0.4, "exit_threshold": 0.6},
            UsageError,
            "exit threshold < enter",
        ),
    ],
)
def test_bad_settings(kwargs: dict, error: type, needle: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(error, match=needle):
        ClassRepCounter(LABELS, **kwargs)


def test_wrong_number_of_probabilities() -> None:
    with pytest.raises(UsageError, match="expected 2 probabilities"):
        ClassRepCounter(LABELS, "squat").update(0.0, np.array([0.2, 0.3, 0.5]))
