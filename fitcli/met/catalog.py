"""Built-in MET facts for every exercise fitcli counts or logs by name: calories with no file loaded.

Library interface (used by the exercise engine)::

    from fitcli.met.catalog import met_for_exercise
    fact = met_for_exercise("push-up", effort="vigorous")   # MetFact(code='02020', edition='2011', met=8.0)
    fact = met_for_exercise("clap")                           # 13040, 2.0 MET, as the study did

``effort`` is ``light`` | ``moderate`` (default) | ``vigorous``; ``edition`` is ``2011`` (default,
the study's edition) or ``2024``. An unknown name raises ``UnknownNameError`` naming the
closest matches.

The exercises counted on camera name their Compendium codes in their definitions
(``fitcli.exercises.definitions``, ``ExerciseSpec.met_codes``); the activities logged by name, in
``ACTIVITIES`` below; every code's values per edition are in ``FACTS``.

Every value below was looked up in ../shared/data/met/compendium_2011.csv and compendium_2024.csv
(Ainsworth et al. 2011, Med Sci Sports Exerc 43(8):1575-81; Herrmann et al. 2024,
J Sport Health Sci 13(1):6-12); a test checks each one against those files.
Neither edition has a hand-clapping entry: the study used 13040 (grooming, washing hands,
... sitting or standing, 2.0 MET), and so does fitcli.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from fitcli.errors import UnknownNameError

EFFORTS = ("light", "moderate", "vigorous")
EDITIONS = ("2011", "2024")
DEFAULT_EDITION = "2011"
DEFAULT_EFFORT = "moderate"


@dataclass(frozen=True)
class MetFact:
    """One MET value with where it comes from."""

    code: str
    edition: str
    met: float
    description: str


def _f(code: str, met11: float, met24: float, desc: str) -> dict[str, MetFact]:
    return {"2011": MetFact(code, "2011", met11, desc), "2024": MetFact(code, "2024", met24, desc)}


# Compendium entries used by the built-in table: code -> edition -> fact.
_CAL_VIG = _f(
    "02020", 8.0, 7.5, "calisthenics (e.g., push ups, sit ups, pull-ups, jumping jacks), vigorous effort"
)
_CAL_MOD = _f("02022", 3.8, 3.8, "calisthenics (e.g., push ups, sit ups, pull-ups, lunges), moderate effort")
_CAL_LIGHT = _f("02024", 2.8, 2.8, "calisthenics (e.g., situps, abdominal crunches), light effort")
_CALISTHENICS = {"light": _CAL_LIGHT, "moderate": _CAL_MOD, "vigorous": _CAL_VIG}
_CLAP = _f("13040", 2.0, 2.0, "grooming, washing hands, ... sitting or standing (the study's clapping value)")
_SQUAT = _f("02052", 5.0, 5.0, "resistance (weight) training, squats, slow or explosive effort")
_RESIST_MULTI = _f("02054", 3.5, 3.5, "resistance (weight) training, multiple exercises, 8-15 repetitions")
_RESIST_VIG = _f(
    "02050", 6.0, 6.0, "resistance training (weight lifting), power lifting or body building, vigorous"
)


_WALK = (
    _f("17190", 3.5, 3.8, "walking, 2.8 to 3.2 mph, level, moderate pace, firm surface"),
    _f("17200", 4.3, 4.8, "walking, 3.5 mph, level, brisk, firm surface, walking for exercise"),
    _f("17220", 5.0, 5.5, "walking, 4.0 mph, level, firm surface, very brisk pace"),
)
_CYCLE = (
    _f("01020", 6.8, 6.8, "bicycling, 10-11.9 mph, leisure, slow, light effort"),
    _f("01030", 8.0, 8.0, "bicycling, 12-13.9 mph, leisure, moderate effort"),
    _f("01040", 10.0, 10.0, "bicycling, 14-15.9 mph, racing or leisure, fast, vigorous effort"),
)
_JOG = _f("12020", 7.0, 7.5, "jogging, general")
_RUN = _f("12050", 9.8, 9.3, "running, 6 mph (10 min/mile)")
_SWIM = _f("18310", 6.0, 6.0, "swimming, leisurely, not lap swimming, general")
_YOGA = _f("02150", 2.5, 2.3, "yoga, Hatha")
_STRETCH = _f("02101", 2.3, 2.3, "stretching, mild")
_PILATES = _f("02105", 3.0, 2.8, "pilates, general")
_ELLIPTICAL = _f("02048", 5.0, 5.0, "elliptical trainer, moderate effort")

# Compendium code -> edition -> fact: every entry the built-in table uses (the exercises counted on
# camera name theirs in their definitions, fitcli.exercises.definitions).
FACTS: dict[str, dict[str, MetFact]] = {
    entry["2011"].code: entry
    for entry in (_CAL_VIG, _CAL_MOD, _CAL_LIGHT, _CLAP, _SQUAT, _RESIST_MULTI, _RESIST_VIG, *_WALK, *_CYCLE,
                  _JOG, _RUN, _SWIM, _YOGA, _STRETCH, _PILATES, _ELLIPTICAL)
}  # fmt: skip


def _codes(light: dict[str, MetFact], moderate: dict[str, MetFact], vigorous: dict[str, MetFact]):
    return {"light": light["2011"].code, "moderate": moderate["2011"].code, "vigorous": vigorous["2011"].code}


def _same(entry: dict[str, MetFact]) -> dict[str, str]:
    return _codes(entry, entry, entry)


# Activities logged by name (``fitcli log --activity NAME``): name -> effort -> code.
ACTIVITIES: dict[str, dict[str, str]] = {
    "walking": _codes(*_WALK),
    "jogging": _same(_JOG),
    "running": _same(_RUN),
    "cycling": _codes(*_CYCLE),
    "swimming": _same(_SWIM),
    "yoga": _same(_YOGA),
    "stretching": _same(_STRETCH),
    "pilates": _same(_PILATES),
    "elliptical": _same(_ELLIPTICAL),
    "weight-training": _codes(_RESIST_MULTI, _RESIST_MULTI, _RESIST_VIG),
}

# Logged activities and Compendium codes that count as muscle-strengthening for WHO 2020 (exercises
# counted on camera say so in their definitions: ``ExerciseSpec.strength``).
STRENGTH_ACTIVITIES = frozenset({"weight-training"})
STRENGTH_CODES = frozenset({"02050", "02052", "02054", "02055", "02056", "02057"})

# Other names of the logged activities (the exercises' own are in their definitions).
_ALIASES = {
    "walk": "walking",
    "jog": "jogging",
    "run": "running",
    "bike": "cycling",
    "bicycling": "cycling",
    "swim": "swimming",
    "stretch": "stretching",
}


def _exercise_codes() -> dict[str, dict[str, str]]:
    """The exercises counted on camera: name -> effort -> code, from their definitions."""
    from fitcli.exercises.catalog import EXERCISES

    return {name: {e: spec.met_codes.code(e) for e in EFFORTS} for name, spec in EXERCISES.items()}


def _all_aliases() -> dict[str, str]:
    from fitcli.exercises.catalog import EXERCISES

    found = {alias: name for name, spec in EXERCISES.items() for alias in spec.aliases}
    return {**found, **_ALIASES}


def builtin_codes_by_name() -> dict[str, dict[str, str]]:
    """Every name the built-in table knows (exercises and logged activities): name -> effort -> code."""
    return {**_exercise_codes(), **ACTIVITIES}


def normalize_name(name: str) -> str:
    """``Push Ups`` / ``push_up`` / ``pushups`` -> ``push-up``; unknown names are returned lower-cased."""
    key = "-".join(name.strip().lower().replace("_", " ").replace("-", " ").split())
    names, aliases = builtin_codes_by_name(), _all_aliases()
    for candidate in (key, key[:-1] if key.endswith("s") else key, key.replace("-", "")):
        if candidate in names:
            return candidate
        if candidate in aliases:
            return aliases[candidate]
    return key


def exercise_names() -> list[str]:
    """Every name the built-in table knows, sorted."""
    return sorted(builtin_codes_by_name())


def _check_choice(kind: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise UnknownNameError(f"unknown {kind} {value!r}", hint=f"use one of {', '.join(choices)}")
    return value


def compendium_fact(code: str, edition: str = DEFAULT_EDITION) -> MetFact:
    """The built-in fact for a Compendium ``code`` used by the built-in table, at ``edition``."""
    _check_choice("edition", str(edition), EDITIONS)
    if code not in FACTS:
        raise UnknownNameError(
            f"Compendium code {code!r} is not in the built-in table", hint="load the Compendium"
        )
    return FACTS[code][str(edition)]


def met_for_exercise(name: str, effort: str = DEFAULT_EFFORT, edition: str = DEFAULT_EDITION) -> MetFact:
    """The built-in MET fact for an exercise or activity name at an effort and Compendium edition."""
    _check_choice("effort", effort, EFFORTS)
    _check_choice("edition", str(edition), EDITIONS)
    key = normalize_name(name)
    names = builtin_codes_by_name()
    if key not in names:
        close = difflib.get_close_matches(key, list(names) + list(_all_aliases()), n=3, cutoff=0.5)
        hint = f"did you mean {', '.join(close)}?" if close else f"known names: {', '.join(exercise_names())}"
        raise UnknownNameError(
            f"unknown activity {name!r}", hint=f"{hint} (or give a 5-digit Compendium code)"
        )
    return compendium_fact(names[key][effort], edition)


def builtin_fact_for_code(code: str, edition: str = DEFAULT_EDITION) -> MetFact | None:
    """The built-in fact for a Compendium code, if the built-in table uses that code."""
    entry = FACTS.get(code)
    return None if entry is None else entry.get(str(edition))


def builtin_codes() -> list[str]:
    """Every Compendium code the built-in table uses, sorted."""
    return sorted(FACTS)


def is_strength(exercise: str, code: str) -> bool:
    """True for muscle-strengthening activity (WHO 2020), judged by exercise name or code."""
    from fitcli.exercises.catalog import EXERCISES

    key = normalize_name(exercise)
    spec = EXERCISES.get(key)
    return (spec is not None and spec.strength) or key in STRENGTH_ACTIVITIES or code in STRENGTH_CODES
