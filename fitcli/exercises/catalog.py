"""The exercise catalogue: every definition in ``fitcli.exercises.definitions``, looked up by name.

Library interface::

    from fitcli.exercises.catalog import get_exercise
    spec = get_exercise("Press Ups")      # the push-up ExerciseSpec (names, aliases, plurals)
    counter = spec.counter()              # a fresh streaming counter
    fact = spec.met("vigorous")           # MetFact(code='02020', edition='2011', met=8.0, ...)
"""

from __future__ import annotations

import difflib
from typing import Any

from fitcli.errors import UnknownNameError
from fitcli.exercises.definitions import load_definitions
from fitcli.exercises.hold import HoldRule
from fitcli.exercises.spec import ExerciseSpec

EXERCISES: dict[str, ExerciseSpec] = load_definitions()
ALIASES: dict[str, str] = {alias: spec.name for spec in EXERCISES.values() for alias in spec.aliases}


def catalogue_rows() -> list[dict[str, Any]]:
    """One plain dict per exercise (name, rep, views, keypoints, signal, met_code, met, and the form
    checks every rep is judged by), for listings."""
    rows = []
    for spec in EXERCISES.values():
        met = spec.met()
        rows.append({"name": spec.name, "rep": spec.description, "views": list(spec.views),
                     "keypoints": list(spec.keypoints), "signal": spec.signal,
                     "met_code": met.code, "met": met.met,
                     "form": [form_check_row(c) for c in spec.form.checks], "kind": spec.kind})  # fmt: skip
        if isinstance(spec.rule, HoldRule):
            rows[-1]["hold"] = {"grace_s": spec.rule.grace_s, "min_hold_s": spec.rule.min_hold_s}
    return rows


def hold_text(hold: dict[str, Any]) -> str:
    """A timed hold's rule in a few words: "posture held; a break over 1 s ends a hold; holds >= 2 s"."""
    return f"posture held; a break over {hold['grace_s']:g} s ends a hold; holds >= {hold['min_hold_s']:g} s"


def form_check_row(check: Any) -> dict[str, Any]:
    """A form check for listings: its name, the standard (``needed`` in ``unit``), the flag a rep
    short of it gets, whether that makes the rep partial, and the views it is judged from."""
    return {"check": check.key, "needed": check.needed, "unit": check.unit, "flag": check.flag,
            "partial": check.partial, "views": list(check.views)}  # fmt: skip


def form_text(rows: list[dict[str, Any]]) -> str:
    """The form checks in a few words: "depth >= -0.1 thigh, lockout >= 160 deg (side, oblique)"."""
    parts = []
    for r in rows:
        where = "" if len(r["views"]) == 3 else f" ({', '.join(r['views'])})"
        parts.append(f"{r['check']} >= {r['needed']:g} {r['unit']}{where}")
    return ", ".join(parts) or "tempo only"


def exercise_names() -> list[str]:
    return list(EXERCISES)


def _key(name: str) -> str:
    return "-".join(name.strip().lower().replace("_", " ").replace("-", " ").split())


def find_exercise(name: str) -> ExerciseSpec | None:
    """The spec for a name, alias or plural (``Push Ups``, ``press-up``, ``crunches``), or None."""
    key = _key(name)
    for candidate in (key, key[:-1] if key.endswith("s") else key, key[:-2] if key.endswith("es") else key):
        for form in (candidate, candidate.replace("-", "")):
            if form in EXERCISES:
                return EXERCISES[form]
            if form in ALIASES:
                return EXERCISES[ALIASES[form]]
    squashed = {k.replace("-", ""): k for k in EXERCISES}
    return EXERCISES[squashed[key.replace("-", "")]] if key.replace("-", "") in squashed else None


def get_exercise(name: str) -> ExerciseSpec:
    """The spec for ``name``; an unknown name raises ``UnknownNameError`` listing the valid ones."""
    spec = find_exercise(name)
    if spec is not None:
        return spec
    key = _key(name)
    squashed = {k.replace("-", ""): k for k in EXERCISES}
    close = difflib.get_close_matches(key.replace("-", "").rstrip("s"), list(squashed), n=1, cutoff=0.6)
    guess = f"did you mean {squashed[close[0]]}? " if close else ""
    raise UnknownNameError(f"unknown exercise '{name}'", f"{guess}choose one of: {', '.join(EXERCISES)}")
