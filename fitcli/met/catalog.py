"""Built-in MET facts for every exercise fitcli counts or logs by name: calories with no file loaded.

Library interface (used by the exercise engine)::

    from fitcli.met.catalog import met_for_exercise
    fact = met_for_exercise("push-up", effort="vigorous")   # MetFact(code='02020', edition='2011', met=8.0)
    fact = met_for_exercise("clap")                           # 13040, 2.0 MET, as the study did

``effort`` is ``light`` | ``moderate`` (default) | ``vigorous``; ``edition`` is ``2011`` (default,
the study's edition) or ``2024``. An unknown name raises ``UnknownNameError`` naming the
closest matches.

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


def _same(entry: dict[str, MetFact]) -> dict[str, dict[str, MetFact]]:
    return {effort: entry for effort in EFFORTS}


def _efforts(light: dict[str, MetFact], moderate: dict[str, MetFact], vigorous: dict[str, MetFact]):
    return {"light": light, "moderate": moderate, "vigorous": vigorous}


# name -> effort -> edition -> fact
BUILTIN: dict[str, dict[str, dict[str, MetFact]]] = {
    # counted on camera (exercise engine catalogue)
    "clap": _same(_CLAP),
    "push-up": dict(_CALISTHENICS),
    "jumping-jack": dict(_CALISTHENICS),
    "sit-up": dict(_CALISTHENICS),
    "pull-up": dict(_CALISTHENICS),
    "lunge": dict(_CALISTHENICS),
    "squat": _same(_SQUAT),
    "bicep-curl": _efforts(_RESIST_MULTI, _RESIST_MULTI, _RESIST_VIG),
    # logged by name (fitcli log --activity NAME)
    "walking": _efforts(
        _f("17190", 3.5, 3.8, "walking, 2.8 to 3.2 mph, level, moderate pace, firm surface"),
        _f("17200", 4.3, 4.8, "walking, 3.5 mph, level, brisk, firm surface, walking for exercise"),
        _f("17220", 5.0, 5.5, "walking, 4.0 mph, level, firm surface, very brisk pace"),
    ),
    "jogging": _same(_f("12020", 7.0, 7.5, "jogging, general")),
    "running": _same(_f("12050", 9.8, 9.3, "running, 6 mph (10 min/mile)")),
    "cycling": _efforts(
        _f("01020", 6.8, 6.8, "bicycling, 10-11.9 mph, leisure, slow, light effort"),
        _f("01030", 8.0, 8.0, "bicycling, 12-13.9 mph, leisure, moderate effort"),
        _f("01040", 10.0, 10.0, "bicycling, 14-15.9 mph, racing or leisure, fast, vigorous effort"),
    ),
    "swimming": _same(_f("18310", 6.0, 6.0, "swimming, leisurely, not lap swimming, general")),
    "yoga": _same(_f("02150", 2.5, 2.3, "yoga, Hatha")),
    "stretching": _same(_f("02101", 2.3, 2.3, "stretching, mild")),
    "pilates": _same(_f("02105", 3.0, 2.8, "pilates, general")),
    "elliptical": _same(_f("02048", 5.0, 5.0, "elliptical trainer, moderate effort")),
    "weight-training": _efforts(_RESIST_MULTI, _RESIST_MULTI, _RESIST_VIG),
}

# Exercises that count as muscle-strengthening for WHO 2020 (and the codes that do, for logged ones).
STRENGTH_EXERCISES = frozenset(
    {"push-up", "sit-up", "pull-up", "lunge", "squat", "bicep-curl", "weight-training"}
)
STRENGTH_CODES = frozenset({"02050", "02052", "02054", "02055", "02056", "02057"})

_ALIASES = {
    "clapping": "clap",
    "pushup": "push-up",
    "press-up": "push-up",
    "jumpingjack": "jumping-jack",
    "star-jump": "jumping-jack",
    "situp": "sit-up",
    "crunch": "sit-up",
    "pullup": "pull-up",
    "chin-up": "pull-up",
    "biceps-curl": "bicep-curl",
    "curl": "bicep-curl",
    "walk": "walking",
    "jog": "jogging",
    "run": "running",
    "bike": "cycling",
    "bicycling": "cycling",
    "swim": "swimming",
    "stretch": "stretching",
}


def normalize_name(name: str) -> str:
    """``Push Ups`` / ``push_up`` / ``pushups`` -> ``push-up``; unknown names are returned lower-cased."""
    key = "-".join(name.strip().lower().replace("_", " ").replace("-", " ").split())
    for candidate in (key, key[:-1] if key.endswith("s") else key, key.replace("-", "")):
        if candidate in BUILTIN:
            return candidate
        if candidate in _ALIASES:
            return _ALIASES[candidate]
    return key


def exercise_names() -> list[str]:
    """Every name the built-in table knows, sorted."""
    return sorted(BUILTIN)


def _check_choice(kind: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise UnknownNameError(f"unknown {kind} {value!r}", hint=f"use one of {', '.join(choices)}")
    return value


def met_for_exercise(name: str, effort: str = DEFAULT_EFFORT, edition: str = DEFAULT_EDITION) -> MetFact:
    """The built-in MET fact for an exercise or activity name at an effort and Compendium edition."""
    _check_choice("effort", effort, EFFORTS)
    _check_choice("edition", str(edition), EDITIONS)
    key = normalize_name(name)
    if key not in BUILTIN:
        close = difflib.get_close_matches(key, list(BUILTIN) + list(_ALIASES), n=3, cutoff=0.5)
        hint = f"did you mean {', '.join(close)}?" if close else f"known names: {', '.join(exercise_names())}"
        raise UnknownNameError(
            f"unknown activity {name!r}", hint=f"{hint} (or give a 5-digit Compendium code)"
        )
    return BUILTIN[key][effort][str(edition)]


def builtin_fact_for_code(code: str, edition: str = DEFAULT_EDITION) -> MetFact | None:
    """The built-in fact for a Compendium code, if the built-in table uses that code."""
    for efforts in BUILTIN.values():
        for editions in efforts.values():
            fact = editions.get(str(edition))
            if fact and fact.code == code:
                return fact
    return None


def builtin_codes() -> list[str]:
    """Every Compendium code the built-in table uses, sorted."""
    return sorted({f.code for efforts in BUILTIN.values() for eds in efforts.values() for f in eds.values()})


def is_strength(exercise: str, code: str) -> bool:
    """True for muscle-strengthening activity (WHO 2020), judged by exercise name or code."""
    return normalize_name(exercise) in STRENGTH_EXERCISES or code in STRENGTH_CODES
