"""The weekly report as a PNG chart (matplotlib, imported only here, inside the function).

Three panels a person can read at a glance:
- active minutes per day, stacked by intensity (real minutes, with the day's total on top and the
  strength-training days marked under the axis);
- progress toward the WHO 2020 aerobic target: cumulative moderate-equivalent minutes (vigorous
  counting double) against the 150-300 minutes band;
- energy per day: kcal eaten beside kcal spent (BMR x the sedentary PAL + net exercise kcal), with
  the balance written above; a day with no meal logged says so and has no balance ("?").
"""

from __future__ import annotations

import io
from itertools import accumulate
from typing import Any

from fitcli.met.report import WHO_MINUTES, WeeklyReport

COLORS = {
    "vigorous": "#c8553d",
    "moderate": "#4c9f70",
    "light": "#b8c4cc",
    "eaten": "#f2a541",
    "bmr": "#c9d6df",
    "exercise": "#00798c",
    "target": "#2e7d32",
}


def _day_labels(report: WeeklyReport) -> list[str]:
    """``Mon\n16 Nov\nstrength`` for a week; shorter (``Mo\n16\nS``) for longer periods."""
    if len(report.days) <= 7:
        return [d.day.strftime("%a\n%d %b") + ("\nstrength" if d.strength else "") for d in report.days]
    return [d.day.strftime("%a")[:2] + f"\n{d.day.day}" + ("\nS" if d.strength else "") for d in report.days]


def _short_labels(report: WeeklyReport) -> list[str]:
    return [d.day.strftime("%a")[: 3 if len(report.days) <= 7 else 2] for d in report.days]


def _minutes_panel(ax: Any, report: WeeklyReport) -> None:
    x = list(range(len(report.days)))
    vig = [d.vigorous_minutes for d in report.days]
    mod = [d.moderate_minutes for d in report.days]
    light = [max(0.0, d.active_minutes - d.moderate_minutes - d.vigorous_minutes) for d in report.days]
    ax.bar(x, vig, color=COLORS["vigorous"], label="vigorous (6+ MET)")
    ax.bar(x, mod, bottom=vig, color=COLORS["moderate"], label="moderate (3-6 MET)")
    ax.bar(x, light, bottom=[a + b for a, b in zip(vig, mod, strict=True)], color=COLORS["light"],
           label="light (under 3 MET)")  # fmt: skip
    top = max([d.active_minutes for d in report.days] + [10.0])
    for i, d in enumerate(report.days):
        if d.active_minutes > 0:
            label = f"{d.active_minutes:.0f}" if d.active_minutes >= 0.5 else "<1"
            ax.text(i, d.active_minutes + top * 0.02, label, ha="center", va="bottom")
    ax.set_ylim(0, top * 1.3)
    ax.set_ylabel("minutes")
    ax.set_title("Active minutes per day, by intensity")
    ax.set_xticks(x, _day_labels(report), fontsize=9 if len(x) <= 7 else 8)
    if len(x) > 7:
        ax.set_xlabel("S = strength training that day", fontsize=9)
    ax.legend(loc="upper left", ncols=3, frameon=False)
    ax.grid(axis="y", alpha=0.3)


def _who_panel(ax: Any, report: WeeklyReport) -> None:
    scale = len(report.days) / 7.0
    low, high = (m * scale for m in WHO_MINUTES)
    x = list(range(len(report.days)))
    cumulative = list(accumulate(d.moderate_minutes + 2 * d.vigorous_minutes for d in report.days))
    ax.axhspan(low, high, color=COLORS["target"], alpha=0.12, label=f"WHO target {low:.0f}-{high:.0f} min")
    ax.axhline(low, color=COLORS["target"], lw=1, ls="--")
    ax.plot(x, cumulative, marker="o", color="#333333", lw=2, label="your total so far")
    ax.annotate(f"{cumulative[-1]:.0f} min", (x[-1], cumulative[-1]), textcoords="offset points",
                xytext=(0, 8), ha="right", fontweight="bold")  # fmt: skip
    ax.set_xlim(-0.4, len(x) - 0.6)
    ax.set_ylim(0, max(high, cumulative[-1]) * 1.2)
    ax.set_ylabel("moderate-equivalent min\n(vigorous counts double)")
    ax.set_title(f"WHO 2020 aerobic: {report.guidelines.who_aerobic}")
    ax.set_xticks(x, _short_labels(report), fontsize=9 if len(x) <= 7 else 8)
    ax.legend(loc="upper left", frameon=False)
    ax.grid(axis="y", alpha=0.3)


def _energy_panel(ax: Any, report: WeeklyReport) -> None:
    from fitcli.met.report import SEDENTARY_PAL

    x = list(range(len(report.days)))
    w = 0.38
    base = [(d.bmr or 0.0) * SEDENTARY_PAL for d in report.days]
    eaten = [d.kcal_eaten or 0.0 for d in report.days]
    ax.bar([i - w / 2 for i in x], eaten, w, color=COLORS["eaten"], label="eaten")
    if any(base):
        ax.bar([i + w / 2 for i in x], base, w, color=COLORS["bmr"],
               label=f"spent without exercise (BMR x {SEDENTARY_PAL:g})")  # fmt: skip
    ax.bar([i + w / 2 for i in x], [d.kcal_net for d in report.days], w, bottom=base,
           color=COLORS["exercise"], label="spent in exercise (net, above rest)")  # fmt: skip
    top = max([max(e, b + d.kcal_net) for e, b, d in zip(eaten, base, report.days, strict=True)] + [500.0])
    for i, d in enumerate(report.days):
        future = report.today is not None and d.day > report.today
        if d.kcal_eaten is None and not future:
            ax.text(i - w / 2, top * 0.03, "no meals\nlogged", ha="center", va="bottom", fontsize=8,
                    color="#555555", rotation=90)  # fmt: skip
        if d.balance is not None:
            colour = "#b23a48" if d.balance > 0 else "#2e7d32"
            ax.text(i, top * 1.04, f"{d.balance:+.0f}", ha="center", color=colour, fontweight="bold")
        elif d.bmr is not None and not future:
            ax.text(i, top * 1.04, "?", ha="center", color="#555555", fontweight="bold")
    ax.set_ylim(0, top * 1.3)
    ax.set_ylabel("kcal per day")
    note = "  (on top: balance = eaten - spent; ? = intake unknown)" if report.totals.bmr is not None else ""
    ax.set_title(f"Energy: eaten vs spent{note}")
    ax.set_xticks(x, _day_labels(report), fontsize=9)
    ax.legend(loc="upper left", ncols=3, frameon=False, bbox_to_anchor=(0, 0.93))
    ax.grid(axis="y", alpha=0.3)


def render_png(report: WeeklyReport) -> bytes:
    """The report's chart as PNG bytes."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    from fitcli.met.report_render import title

    g = report.guidelines
    basis = (
        f"intensity from corrected MET (resting VO2 {report.resting_vo2:.2f} mL/kg/min)"
        if report.met_basis == "corrected" and report.resting_vo2
        else "intensity from Compendium MET"
    )
    with matplotlib.rc_context(  # readable at 100 % zoom
        {"font.size": 11, "axes.titlesize": 12, "axes.titleweight": "bold", "legend.fontsize": 10}
    ):
        fig = Figure(figsize=(13, 9), dpi=100, layout="constrained")
        axes = fig.subplot_mosaic([["minutes", "who"], ["energy", "energy"]], width_ratios=[1.7, 1])
        _minutes_panel(axes["minutes"], report)
        _who_panel(axes["who"], report)
        _energy_panel(axes["energy"], report)
        fig.suptitle(
            f"{title(report)}\nstrength days {g.strength_days}/{g.strength_days_needed} - IPAQ {g.ipaq} "
            f"({g.ipaq_met_minutes:.0f} MET-min) - study level {g.study_level} - {basis}",
            fontsize=13,
        )
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
    return buf.getvalue()
