"""Profiles with validation and the derived body facts (BMR, BMI and classes).

Library interface::

    change = update_profile(Journal(), "ana", weight_kg=60, height_cm=165, age=25, sex="f")
    change.profile, change.adopted_sessions, change.adopted_meals
    profile_facts(Journal().get_profile("ana"))                                      # -> dict

Users and the default user:
- Until a journal has a profile, everything (``fitcli analyze``, ``live``, ``meal add``, the demo)
  is recorded under the implicit user ``default``, which has no profile; camera kcal then use the
  70 kg reference weight (:data:`fitcli.met.calories.REFERENCE_WEIGHT_KG`).
- The first profile created in a journal becomes the default user and, in the same transaction,
  adopts the sessions and meals recorded under ``default``, so nothing seems to disappear. Their
  kcal, computed at the 70 kg reference, are recomputed at the profile's weight when it has one
  (``ProfileChange.recomputed_at_kg``).
  Later profiles adopt nothing and become the default only with ``--default``.
- A name not given (no ``--name``/``--user``) means the current default user: ``profile set
  --weight 60`` updates it (and, before any profile exists, creates the profile ``default``).
- ``report weekly`` works without a profile (reference weight, BMR and balance unknown; see
  :mod:`fitcli.met.report`).
"""

from __future__ import annotations

from typing import Any

from fitcli.met import body
from fitcli.met.calories import check_weight
from fitcli.met.intensity import resting_vo2
from fitcli.met.journal import Journal, ProfileChange
from fitcli.met.records import Profile


def update_profile(
    journal: Journal,
    name: str | None,
    *,
    weight_kg: float | None = None,
    height_cm: float | None = None,
    age: float | None = None,
    sex: str | None = None,
    make_default: bool = False,
) -> ProfileChange:
    """Check every given value (nothing is written if one is absurd), then create or update the user.

    The first profile of a journal adopts the rows of the implicit user ``default`` (module docstring).
    """
    profile = Profile(
        name=journal.resolve_user(name),
        weight_kg=None if weight_kg is None else check_weight(weight_kg),
        height_cm=None if height_cm is None else body.check_height(height_cm),
        age=None if age is None else body.check_age(age),
        sex=None if sex is None else body.parse_sex(sex),
    )
    return journal.save_profile(profile, make_default=make_default)


def profile_facts(profile: Profile) -> dict[str, Any]:
    """Name, body values, BMR by both equations and BMI with both class systems (None where unknown)."""
    facts: dict[str, Any] = {
        "user": profile.name,
        "weight_kg": profile.weight_kg,
        "height_cm": profile.height_cm,
        "age": profile.age,
        "sex": profile.sex,
        "bmr_harris_benedict": None,
        "bmr_mifflin_st_jeor": None,
        "bmi": None,
        "bmi_class_who": None,
        "bmi_class_asia_pacific": None,
        # mL O2/kg/min from the Harris-Benedict RMR; corrected MET = MET x 3.5 / this (fitcli.met.intensity)
        "resting_vo2_ml_kg_min": None,
    }
    if profile.weight_kg is not None and profile.height_cm is not None:
        value = body.bmi(profile.weight_kg, profile.height_cm)
        facts.update(
            bmi=round(value, 1),
            bmi_class_who=body.bmi_class_who(value),
            bmi_class_asia_pacific=body.bmi_class_asia_pacific(value),
        )
        if profile.age is not None and profile.sex is not None:
            sex = body.parse_sex(profile.sex)
            args = (sex, profile.weight_kg, profile.height_cm, profile.age)
            facts.update(
                bmr_harris_benedict=round(body.bmr_harris_benedict(*args), 1),
                bmr_mifflin_st_jeor=round(body.bmr_mifflin_st_jeor(*args), 1),
            )
            vo2 = resting_vo2(profile)
            facts["resting_vo2_ml_kg_min"] = None if vo2 is None else round(vo2, 2)
    return facts
