"""The trend over weeks as a PNG chart (matplotlib, imported only inside ``render_png``).

Two panels over the same weeks:
- WHO 2020 aerobic minutes per week (moderate + 2 x vigorous) against the 150-300 band, each bar
  coloured by its status; an unfinished week is hatched and labelled "so far";
- reps per week, stacked by exercise, with the week's total on top and its strength days below.
"""

from __future__ import annotations

import io
from typing import Any

from fitcli.met.report import WHO_MINUTES
from fitcli.met.trend import Trend

STATUS_COLOURS = {"below": "#a7b1ba", "meets": "#4c9f70", "exceeds": "#2e6b4a"}
# exercise colours, none of them grey or green like the status colours above
EXERCISE_COLOURS = ("#00798c", "#d1495b", "#edae49", "#6a4c93", "#2e4057", "#f28482", "#9c6644", "#1982c4")


def _labels(trend: Trend) -> list[str]:
    """``W47\n16 Nov`` (week number, its Monday); every other one when there are many weeks."""
    step = 1 if len(trend.weeks) <= 16 else 2 if len(trend.weeks) <= 32 else 4
    return [
        f"W{w.start.isocalendar()[1]:02d}\n{w.start.strftime('%d %b')}" if i % step == 0 else ""
        for i, w in enumerate(trend.weeks)
    ]


def _minutes_panel(ax: Any, trend: Trend) -> None:
    x = list(range(len(trend.weeks)))
    minutes = [w.moderate_equivalent_minutes for w in trend.weeks]
    low, high = WHO_MINUTES
    ax.axhspan(
        low, high, color=STATUS_COLOURS["meets"], alpha=0.12, label=f"WHO 2020: {low:.0f}-{high:.0f} min"
    )
    ax.axhline(low, color=STATUS_COLOURS["meets"], lw=1, ls="--")
    for i, w in enumerate(trend.weeks):
        ax.bar(i, minutes[i], color=STATUS_COLOURS[w.who_aerobic], hatch="//" if w.in_progress else None,
               edgecolor="white" if w.in_progress else None)  # fmt: skip
    top = max([*minutes, high]) * 1.25
    for i, w in enumerate(trend.weeks):
        text = f"{minutes[i]:.0f}" + ("\nso far" if w.in_progress else "")
        ax.text(i, minutes[i] + top * 0.015, text, ha="center", va="bottom", fontsize=9)
    for status, colour in STATUS_COLOURS.items():  # the legend entries for the bar colours
        ax.bar([0], [0], color=colour, label=f"{status}")
    ax.set_ylim(0, top)
    ax.set_xticks(x, _labels(trend), fontsize=9)
    ax.set_ylabel("moderate-equivalent min\n(vigorous counts double)")
    ax.set_title("Aerobic activity per week")
    ax.legend(loc="upper left", ncols=4, frameon=False)
    ax.grid(axis="y", alpha=0.3)


def _reps_panel(ax: Any, trend: Trend) -> None:
    x = list(range(len(trend.weeks)))
    names = trend.rep_exercises
    bottom = [0.0] * len(x)
    for k, name in enumerate(names):
        reps = [float(getattr(w.exercise(name), "reps", 0) or 0) for w in trend.weeks]
        colour = EXERCISE_COLOURS[k % len(EXERCISE_COLOURS)]
        ax.bar(x, reps, bottom=bottom, color=colour, label=name,
               hatch=["//" if w.in_progress else None for w in trend.weeks], edgecolor="white")  # fmt: skip
        bottom = [b + r for b, r in zip(bottom, reps, strict=True)]
    top = max([*bottom, 10.0]) * 1.25
    for i, w in enumerate(trend.weeks):
        text = str(w.reps) + ("\nso far" if w.in_progress else "")
        ax.text(i, bottom[i] + top * 0.015, text, ha="center", va="bottom", fontsize=9,
                fontweight="bold" if w.reps else "normal", color="#222222" if w.reps else "#777777")  # fmt: skip
    ax.set_ylim(0, top)
    labels = [
        f"{lab}\n{w.strength_days} str. day(s)" for lab, w in zip(_labels(trend), trend.weeks, strict=True)
    ]
    ax.set_xticks(x, labels, fontsize=9)
    ax.set_ylabel("reps")
    ax.set_title("Reps per week, by exercise (strength days under each week)")
    if names:
        ax.legend(loc="upper left", ncols=min(len(names), 5), frameon=False)
    else:
        ax.text(0.5, 0.5, "no reps counted in these weeks", transform=ax.transAxes, ha="center",
                color="#555555")  # fmt: skip
    ax.grid(axis="y", alpha=0.3)


def render_png(trend: Trend) -> bytes:
    """The trend's chart as PNG bytes."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    from fitcli.met.trend import title

    width = max(9.0, min(20.0, 2.0 + 0.8 * len(trend.weeks)))
    with matplotlib.rc_context(
        {"font.size": 11, "axes.titlesize": 12, "axes.titleweight": "bold", "legend.fontsize": 10}
    ):
        fig = Figure(figsize=(width, 8.5), dpi=100, layout="constrained")
        top, bottom = fig.subplots(2, 1)
        _minutes_panel(top, trend)
        _reps_panel(bottom, trend)
        fig.suptitle(title(trend), fontsize=13)
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
    return buf.getvalue()
