"""Pure body formulas: BMR (Harris-Benedict revised, Mifflin-St Jeor), BMI and obesity classes.

Sources:
- Harris-Benedict revised: Roza AM, Shizgal HM. Am J Clin Nutr. 1984;40(1):168-182.
- Mifflin MD, St Jeor ST, et al. Am J Clin Nutr. 1990;51(2):241-247.
- BMI classes, WHO: WHO Technical Report Series 894 (2000): 18.5 / 25 / 30 / 35 / 40.
- Asia-Pacific: WHO Western Pacific Region, IASO, IOTF. The Asia-Pacific perspective (2000);
  Korean Society for the Study of Obesity guideline (2018, 2020): 18.5 / 23 / 25 / 30 / 35.
"""

from __future__ import annotations

import bisect
from typing import Literal

from fitcli.errors import UsageError
from fitcli.met.calories import _check, check_weight

Sex = Literal["male", "female"]

_SEX_ALIASES = {
    "m": "male",
    "male": "male",
    "man": "male",
    "f": "female",
    "female": "female",
    "woman": "female",
}

# (upper bound exclusive, label), last label has no upper bound
WHO_CLASSES = (
    (18.5, "underweight"),
    (25.0, "normal"),
    (30.0, "pre-obese"),
    (35.0, "obese class I"),
    (40.0, "obese class II"),
    (float("inf"), "obese class III"),
)
ASIA_PACIFIC_CLASSES = (
    (18.5, "underweight"),
    (23.0, "normal"),
    (25.0, "pre-obese"),
    (30.0, "obese class I"),
    (35.0, "obese class II"),
    (float("inf"), "obese class III"),
)


def parse_sex(value: str) -> Sex:
    """Normalise ``m``/``male``/``f``/``female`` (any case); raise ``UsageError`` otherwise."""
    sex = _SEX_ALIASES.get(value.strip().lower())
    if sex is None:
        raise UsageError(f"unknown sex {value!r}", hint="use male or female (m/f)")
    return sex  # type: ignore[return-value]


def check_height(cm: float) -> float:
    """Height in cm, 80-250."""
    return _check("height", cm, 80.0, 250.0, " cm")


def check_age(years: float) -> float:
    """Age in years, 10-120 (the BMR equations are for adults and adolescents)."""
    return _check("age", years, 10.0, 120.0, " years")


def bmr_harris_benedict(sex: Sex, weight_kg: float, height_cm: float, age: float) -> float:
    """Basal metabolic rate in kcal/day, Harris-Benedict as revised by Roza & Shizgal (1984)."""
    w, h, a = check_weight(weight_kg), check_height(height_cm), check_age(age)
    if sex == "male":
        return 88.362 + 13.397 * w + 4.799 * h - 5.677 * a
    return 447.593 + 9.247 * w + 3.098 * h - 4.330 * a


def bmr_mifflin_st_jeor(sex: Sex, weight_kg: float, height_cm: float, age: float) -> float:
    """Resting energy expenditure in kcal/day, Mifflin-St Jeor (1990): +5 men, -161 women."""
    w, h, a = check_weight(weight_kg), check_height(height_cm), check_age(age)
    return 10.0 * w + 6.25 * h - 5.0 * a + (5.0 if sex == "male" else -161.0)


def bmi(weight_kg: float, height_cm: float) -> float:
    """Body-mass index, kg / m^2."""
    m = check_height(height_cm) / 100.0
    return check_weight(weight_kg) / (m * m)


def _classify(value: float, table: tuple[tuple[float, str], ...]) -> str:
    bounds = [upper for upper, _ in table]
    return table[bisect.bisect_right(bounds, value)][1]


def bmi_class_who(value: float) -> str:
    """WHO class of a BMI value (TRS 894)."""
    if value <= 0:
        raise UsageError(f"BMI {value} is not positive")
    return _classify(value, WHO_CLASSES)


def bmi_class_asia_pacific(value: float) -> str:
    """Asia-Pacific / Korean (KSSO) class of a BMI value."""
    if value <= 0:
        raise UsageError(f"BMI {value} is not positive")
    return _classify(value, ASIA_PACIFIC_CLASSES)
