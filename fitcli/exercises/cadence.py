"""The effort a counted set is logged at, from its cadence, where the Compendium ties the activity to
one effort.

Most exercises are logged at the moderate effort of their Compendium codes (``ExerciseSpec.met_codes``;
``fitcli log --effort`` chooses another for a logged session). Jumping jacks are different: the
Compendium names them only under 02020, calisthenics, vigorous effort (8.0 MET in 2011, 7.5 in
2024: "push ups, sit ups, pull-ups, jumping jacks"), while 02022, moderate effort, names push-ups,
sit-ups, pull-ups and lunges but not jumping jacks. A counted set knows its cadence, so
``CadenceEffort`` logs it vigorous when done at a steady pace and moderate when done slowly, and says
which and why.
"""

from __future__ import annotations

from dataclasses import dataclass

from fitcli.errors import UsageError


@dataclass(frozen=True)
class CadenceEffort:
    """A set at ``vigorous_per_min`` reps a minute of active time or more is vigorous, else moderate."""

    vigorous_per_min: float
    unit: str = "reps"  # what a rep is called in the reason: "jacks"

    def __post_init__(self) -> None:
        if not self.vigorous_per_min > 0:
            raise UsageError(f"vigorous_per_min must be more than 0, got {self.vigorous_per_min}")

    def effort(self, reps: int, active_s: float) -> tuple[str, str]:
        """("vigorous" or "moderate", why) for ``reps`` in ``active_s`` seconds of active time."""
        if reps == 0 or active_s <= 0:
            return "moderate", "no cadence counted"
        per_min = reps / (active_s / 60.0)
        if per_min >= self.vigorous_per_min:
            return (
                "vigorous",
                f"{per_min:.0f} {self.unit} a minute of active time, {self.vigorous_per_min:g} or more",
            )
        return (
            "moderate",
            f"{per_min:.0f} {self.unit} a minute of active time, under {self.vigorous_per_min:g}",
        )
