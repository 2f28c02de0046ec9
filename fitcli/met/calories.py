"""Pure energy-expenditure formulas: kcal from MET, net kcal, corrected MET.

Every function is pure (numbers in, numbers out) and checks its inputs, so the CLI and the
exercise engine share one implementation::

    >>> round(gross_kcal_per_min(2.0, 60.0), 3)   # the study's worked example
    2.1
    >>> round(session_kcal(2.0, 60.0, 21.0), 3)   # 21 s of clapping
    0.735

Sources of the constants:
- 1 MET = 3.5 mL O2 per kg per minute (Jette, Sidney & Blumchen 1990; Compendium 2011 and 2024).
- 1 L O2 ~ 5 kcal, hence kcal/min = MET x 3.5 x kg / 1000 x 5 = MET x 3.5 x kg / 200
  (ACSM's Guidelines for Exercise Testing and Prescription; the study's formula).
- Corrected MET = MET x 3.5 / RMR in mL O2/kg/min, with RMR from the Harris-Benedict equation
  converted as kcal/day / 1440 min / 5 kcal per L x 1000 mL per L / kg
  (Ainsworth et al. 2011, "Corrected METs"; Herrmann et al. 2024 guidance).

Decision on the corrected MET (see also :mod:`fitcli.met.intensity`): kcal always come from the
Compendium MET, as the study computed them. The Compendium's MET x 3.5 is the activity's absolute
VO2 in mL/kg/min; correcting the MET divides by the person's resting VO2 instead of 3.5, so the
energy is corrected MET x resting VO2 x kg / 200 = MET x 3.5 x kg / 200: the same kcal. Putting the
corrected MET into the 3.5-based formula would count the correction twice. The corrected MET is the
activity's intensity relative to the person's own rest, and is used for intensity classes and
MET-minutes.
"""

from __future__ import annotations

import math

from fitcli.errors import UsageError

ML_O2_PER_KG_MIN_PER_MET = 3.5  # 1 MET, Jette et al. 1990
KCAL_PER_LITRE_O2 = 5.0  # ACSM rounding of the caloric equivalent of oxygen
MINUTES_PER_DAY = 1440.0
MET_RANGE = (0.5, 25.0)  # plausible MET values (Compendium 2011: 0.95-23.0; 2024: 1.0-23.0)
# Body weight used when the user has no profile weight: the Compendium's reference adult of 70 kg
# (Ainsworth et al. 2011, "the MET ... defined as ... 3.5 ml/kg/min ... for a 70 kg adult").
REFERENCE_WEIGHT_KG = 70.0


def _check(name: str, value: float, low: float, high: float, unit: str = "") -> float:
    if not isinstance(value, int | float) or math.isnan(value) or not low <= value <= high:
        raise UsageError(
            f"{name} {value}{unit} is outside {low:g}-{high:g}{unit}", hint=f"give a real {name}"
        )
    return float(value)


def check_met(met: float) -> float:
    """Return ``met`` as float, or raise ``UsageError`` if it is not a plausible MET value."""
    return _check("MET", met, *MET_RANGE)


def check_weight(kg: float) -> float:
    """Body mass in kg, 20-300 (anything else is a typo such as 0 or 500)."""
    return _check("weight", kg, 20.0, 300.0, " kg")


def gross_kcal_per_min(met: float, weight_kg: float) -> float:
    """Gross energy expenditure in kcal/min: MET x 3.5 x kg / 200 (see module sources)."""
    met, kg = check_met(met), check_weight(weight_kg)
    return met * ML_O2_PER_KG_MIN_PER_MET * kg / (1000.0 / KCAL_PER_LITRE_O2)


def net_kcal_per_min(met: float, weight_kg: float) -> float:
    """Net (above rest) kcal/min: (MET - 1) x 3.5 x kg / 200; zero for activities at or below rest."""
    gross = gross_kcal_per_min(met, weight_kg)
    rest = gross_kcal_per_min(1.0, weight_kg)
    return max(0.0, gross - rest)


def session_kcal(met: float, weight_kg: float, active_seconds: float, net: bool = False) -> float:
    """kcal over ``active_seconds`` of an activity (gross by default, net when ``net``)."""
    seconds = _check("active time", active_seconds, 0.0, 24 * 3600.0, " s")
    per_min = net_kcal_per_min(met, weight_kg) if net else gross_kcal_per_min(met, weight_kg)
    return per_min * seconds / 60.0


def rmr_ml_per_kg_min(rmr_kcal_per_day: float, weight_kg: float) -> float:
    """Resting metabolic rate as mL O2/kg/min from kcal/day (Ainsworth 2011 conversion)."""
    kg = check_weight(weight_kg)
    rmr = _check("RMR", rmr_kcal_per_day, 500.0, 5000.0, " kcal/day")
    return rmr / MINUTES_PER_DAY / KCAL_PER_LITRE_O2 * 1000.0 / kg


def corrected_met(met: float, rmr_kcal_per_day: float, weight_kg: float) -> float:
    """Corrected MET = MET x 3.5 / RMR (mL/kg/min): accounts for a person's own resting rate."""
    return relative_met(met, rmr_ml_per_kg_min(rmr_kcal_per_day, weight_kg))


def relative_met(met: float, resting_vo2: float) -> float:
    """Corrected MET from a resting VO2 already in mL O2/kg/min: MET x 3.5 / resting VO2.

    Never use the result in :func:`gross_kcal_per_min` (see the module's decision note).
    """
    rest = _check("resting VO2", resting_vo2, 1.0, 10.0, " mL/kg/min")
    return check_met(met) * ML_O2_PER_KG_MIN_PER_MET / rest


def met_minutes(met: float, minutes: float) -> float:
    """MET-minutes: MET x minutes (IPAQ scoring protocol, 2005)."""
    return check_met(met) * _check("minutes", minutes, 0.0, 24 * 60.0)
