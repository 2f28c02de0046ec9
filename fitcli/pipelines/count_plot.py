"""What the counter saw, as a PNG per video (`fitcli analyze --plot DIR`).

Two panels over the clip's time: the signal the exercise's counter counts (``ClipCounter.trace``,
in the counter's units: a share of the standing height for a squat, the torso's angle for a sit-up,
seconds held for a plank) with every rep's span shaded from its start to its end and its turn marked,
partial reps (short of the exercise's standard) in red with why; and the joint angles that matter for
the exercise's form (knee, hip, elbow), from the better-seen side. The PNG's text chunks carry the
counts drawn (``fitcli:reps``, ``fitcli:partial``), so a program can check a plot without looking.
matplotlib is imported only here, inside ``write_count_plot``.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from fitcli.atomic import atomic_path
from fitcli.exercises.events import CountResult
from fitcli.exercises.signals import best_side_angle
from fitcli.pose import PoseFrame

# The joint angles drawn under the signal: (name, the three joints of the angle)
ANGLES = (
    ("knee", ("hip", "knee", "ankle")),
    ("hip", ("shoulder", "hip", "knee")),
    ("elbow", ("shoulder", "elbow", "wrist")),
)
REP_COLOUR, PARTIAL_COLOUR, SIGNAL_COLOUR = "#4c9f70", "#d1495b", "#2e4057"


def joint_angles(poses: Sequence[PoseFrame]) -> dict[str, list[float]]:
    """Per frame, each of ``ANGLES`` in degrees from the better-seen side (NaN when not seen)."""
    out: dict[str, list[float]] = {name: [] for name, _ in ANGLES}
    for pose in poses:
        for name, (a, b, c) in ANGLES:
            found = best_side_angle(pose.keypoints, a, b, c)
            out[name].append(found[0] if found is not None else math.nan)
    return out


def write_count_plot(
    path: str | Path,
    result: CountResult,
    times: Sequence[float],
    values: Sequence[float],
    poses: Sequence[PoseFrame],
    title: str,
    signal: str = "signal (counter's units)",
) -> Path:
    """Draw the counter's signal, the reps and the joint angles of one clip to ``path`` (PNG)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (top, bottom) = plt.subplots(2, 1, figsize=(10, 6), sharex=True, height_ratios=(3, 2))
    top.plot(times, values, color=SIGNAL_COLOUR, lw=1.2, label="counted signal")
    partial = 0
    for rep in result.events:
        colour = PARTIAL_COLOUR if rep.partial else REP_COLOUR
        partial += rep.partial
        top.axvspan(rep.start_s, rep.end_s, color=colour, alpha=0.18, lw=0)
        top.axvline(rep.turn_s, color=colour, lw=1, ls=":")
        label = str(rep.index) + ("*" if rep.partial else "")
        top.text(rep.turn_s, 1.0, label, transform=top.get_xaxis_transform(), ha="center", va="bottom",
                 fontsize=8, color=colour)  # fmt: skip
    what = "holds" if result.is_hold else "reps"
    top.set_title(
        f"{title}: {result.reps} {what}" + (f" ({partial} partial, marked *)" if partial else ""), pad=16
    )
    label = "seconds held (the current hold)" if result.is_hold else signal
    top.set_ylabel("\n".join(textwrap.wrap(label, 32)), fontsize=9)
    top.grid(alpha=0.3)
    for name, series in joint_angles(poses).items():
        if np.isfinite(series).any():
            bottom.plot([p.time_s for p in poses], series, lw=1, label=f"{name} angle")
    bottom.set_ylabel("joint angle (deg)")
    bottom.set_xlabel("time (s)")
    bottom.set_ylim(0, 185)
    bottom.grid(alpha=0.3)
    bottom.legend(loc="lower left", ncols=3, frameon=False, fontsize=8)
    fig.tight_layout()
    buffer = io.BytesIO()
    meta = {
        "fitcli:reps": str(result.reps),
        "fitcli:partial": str(partial),
        "fitcli:exercise": result.exercise,
    }
    fig.savefig(buffer, format="png", dpi=100, metadata=meta)
    plt.close(fig)
    path = Path(path)
    with atomic_path(path) as tmp:
        tmp.write_bytes(buffer.getvalue())
    return path
