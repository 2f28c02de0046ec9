"""The built-in MET table: every value matches the Compendium files it cites."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from fitcli.errors import UnknownNameError
from fitcli.met import catalog

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "met"


def _table(edition: str) -> dict[str, tuple[float, str]]:
    path = DATA / f"compendium_{edition}.csv"
    if not path.exists():
        pytest.skip(f"shared data folder absent: {path}")
    with path.open(encoding="utf-8") as fh:
        return {row["code"]: (float(row["met"]), row["description"]) for row in csv.DictReader(fh)}


@pytest.mark.parametrize("edition", catalog.EDITIONS)
def test_every_builtin_value_matches_the_compendium(edition):
    table = _table(edition)
    for code, editions in catalog.FACTS.items():
        fact = editions[edition]
        assert fact.code == code and fact.edition == edition
        assert fact.code in table, code
        assert fact.met == table[fact.code][0], code
    for name, efforts in catalog.builtin_codes_by_name().items():
        for effort in catalog.EFFORTS:
            assert catalog.met_for_exercise(name, effort, edition).code == efforts[effort], (name, effort)


def test_study_facts():
    assert catalog.met_for_exercise("clap") == catalog.MetFact(
        "13040", "2011", 2.0, catalog.FACTS["13040"]["2011"].description
    )
    assert [catalog.met_for_exercise("push-up", e).code for e in catalog.EFFORTS] == [
        "02024",
        "02022",
        "02020",
    ]
    assert catalog.met_for_exercise("jumping jacks", "vigorous").met == 8.0
    assert catalog.met_for_exercise("jumping-jack", "vigorous", "2024").met == 7.5
    assert catalog.met_for_exercise("squat").code == "02052"


def test_every_counted_exercise_is_built_in():
    for name in ("clap", "squat", "push-up", "jumping-jack", "lunge", "bicep-curl", "sit-up", "pull-up"):
        assert catalog.met_for_exercise(name).code


@pytest.mark.parametrize("spelling", ["Push Ups", "push_up", "pushups", "pushup", "PUSH-UP"])
def test_name_spellings(spelling):
    assert catalog.normalize_name(spelling) == "push-up"


def test_unknown_name_suggests_closest():
    with pytest.raises(UnknownNameError, match="did you mean squat"):
        catalog.met_for_exercise("sqat")
    with pytest.raises(UnknownNameError, match="effort"):
        catalog.met_for_exercise("squat", effort="extreme")
    with pytest.raises(UnknownNameError, match="edition"):
        catalog.met_for_exercise("squat", edition="1993")


def test_strength():
    assert catalog.is_strength("push-up", "02020")
    assert catalog.is_strength("logged", "02054")
    assert not catalog.is_strength("jumping-jack", "02020")
    assert not catalog.is_strength("clap", "13040")
