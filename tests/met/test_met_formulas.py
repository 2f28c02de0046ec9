"""Pure calorie and body formulas, with the study's worked example."""

from __future__ import annotations

import pytest

from fitcli.errors import UsageError
from fitcli.met import body, calories


def test_study_worked_example_clapping_60kg():
    # The study: MET 2.0 (13040), 60 kg -> 2.0 x 3.5 x 60 / 200 = 2.1 kcal/min
    # and 21 s -> 2.1 x 21 / 60 = 0.735 kcal
    assert calories.gross_kcal_per_min(2.0, 60.0) == pytest.approx(2.1)
    assert calories.session_kcal(2.0, 60.0, 21.0) == pytest.approx(0.735)


def test_net_kcal_subtracts_one_met():
    # (8 - 1) x 3.5 x 70 / 200 = 8.575 kcal/min
    assert calories.net_kcal_per_min(8.0, 70.0) == pytest.approx(8.575)
    assert calories.session_kcal(8.0, 70.0, 120.0, net=True) == pytest.approx(17.15)
    assert calories.net_kcal_per_min(0.95, 70.0) == 0.0


def test_corrected_met_uses_harris_benedict_rmr():
    # man 70 kg, 175 cm, 30 y: HB = 88.362 + 13.397*70 + 4.799*175 - 5.677*30 = 1695.667 kcal/day
    rmr = body.bmr_harris_benedict("male", 70, 175, 30)
    assert rmr == pytest.approx(1695.667)
    # mL/kg/min = 1695.667 / 1440 / 5 * 1000 / 70 = 3.36442...; corrected = 8 * 3.5 / 3.36442 = 8.3224
    assert calories.rmr_ml_per_kg_min(rmr, 70) == pytest.approx(3.364419, rel=1e-6)
    assert calories.corrected_met(8.0, rmr, 70) == pytest.approx(8.32237, rel=1e-5)


def test_met_minutes():
    assert calories.met_minutes(3.8, 30) == pytest.approx(114.0)


def test_bmr_formulas_by_hand():
    # woman 60 kg, 165 cm, 25 y
    assert body.bmr_harris_benedict("female", 60, 165, 25) == pytest.approx(
        447.593 + 554.82 + 511.17 - 108.25
    )
    assert body.bmr_mifflin_st_jeor("female", 60, 165, 25) == pytest.approx(600 + 1031.25 - 125 - 161)
    assert body.bmr_mifflin_st_jeor("male", 80, 180, 40) == pytest.approx(800 + 1125 - 200 + 5)


@pytest.mark.parametrize(
    ("value", "who", "asia"),
    [
        (18.4, "underweight", "underweight"),
        (18.5, "normal", "normal"),
        (22.9, "normal", "normal"),
        (23.0, "normal", "pre-obese"),
        (25.0, "pre-obese", "obese class I"),
        (30.0, "obese class I", "obese class II"),
        (35.0, "obese class II", "obese class III"),
        (40.0, "obese class III", "obese class III"),
    ],
)
def test_bmi_classes_who_and_asia_pacific(value, who, asia):
    assert body.bmi_class_who(value) == who
    assert body.bmi_class_asia_pacific(value) == asia


def test_bmi():
    assert body.bmi(72.0, 170.0) == pytest.approx(72 / 1.7**2)


@pytest.mark.parametrize(
    "call",
    [
        lambda: calories.gross_kcal_per_min(2.0, 0),
        lambda: calories.gross_kcal_per_min(2.0, 500),
        lambda: calories.gross_kcal_per_min(0.1, 60),
        lambda: calories.gross_kcal_per_min(float("nan"), 60),
        lambda: calories.session_kcal(2.0, 60, -5),
        lambda: body.bmi(60, 20),
        lambda: body.bmr_harris_benedict("male", 60, 170, 200),
        lambda: body.parse_sex("x"),
    ],
)
def test_absurd_inputs_raise_usage_error(call):
    with pytest.raises(UsageError):
        call()


def test_parse_sex_aliases():
    assert body.parse_sex("F") == "female"
    assert body.parse_sex(" male ") == "male"
