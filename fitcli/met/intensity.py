"""Which MET an activity counts at for a person: the corrected MET when the body is known.

Decision (issue 3; Ainsworth et al. 2011 "Corrected METs"; Herrmann et al. 2024 Compendium
guidance): 1 MET = 3.5 mL O2/kg/min is an average resting rate, and many people (older, heavier,
women on average) rest below it, so the same activity is harder for them than its Compendium MET
says. The corrected MET = MET x 3.5 / the person's resting VO2, with resting VO2 from the
Harris-Benedict (revised) RMR, is used wherever intensity matters:

- the intensity class of each session (light < 3, moderate 3-6, vigorous >= 6 MET), hence the
  WHO 2020 moderate-equivalent minutes;
- MET-minutes (per day, IPAQ category, the study's levels).

It is used when the profile has weight, height, age and sex; otherwise the Compendium MET is used
and the report says so. kcal never change: gross kcal = Compendium MET x 3.5 x kg / 200, because
MET x 3.5 is the activity's absolute VO2 whatever the person's resting rate (see
:mod:`fitcli.met.calories`).

Each session stores the corrected MET computed from the profile when it was saved (the weight of
that day); a session stored without one (older journals, incomplete profile at the time) gets it
from the current profile when a report is made.

Library interface::

    vo2 = resting_vo2(profile)                 # mL O2/kg/min, or None when the body is not known
    effective_met(session, vo2)                # the MET a report counts this session at
    intensity_class(6.2)                       # "vigorous"
"""

from __future__ import annotations

import logging

from fitcli.errors import UsageError
from fitcli.met.body import bmr_harris_benedict, parse_sex
from fitcli.met.calories import relative_met, rmr_ml_per_kg_min
from fitcli.met.records import Profile, SessionRecord

log = logging.getLogger(__name__)

# Intensity classes: Ainsworth et al. 2011; WHO 2020 (Bull et al., Br J Sports Med 2020;54:1451-62).
MODERATE_MET = 3.0
VIGOROUS_MET = 6.0


def intensity_class(met: float) -> str:
    """``light`` below 3 MET, ``moderate`` from 3 to under 6, ``vigorous`` from 6."""
    if met >= VIGOROUS_MET:
        return "vigorous"
    return "moderate" if met >= MODERATE_MET else "light"


def resting_vo2(profile: Profile) -> float | None:
    """Resting VO2 in mL O2/kg/min from the Harris-Benedict RMR; None unless weight, height, age, sex known.

    An implausible combination (RMR outside 500-5000 kcal/day) also gives None: the Compendium MET
    is then used, as for an incomplete profile.
    """
    if profile.weight_kg is None or profile.height_cm is None or profile.age is None or not profile.sex:
        return None
    try:
        rmr = bmr_harris_benedict(parse_sex(profile.sex), profile.weight_kg, profile.height_cm, profile.age)
        return rmr_ml_per_kg_min(rmr, profile.weight_kg)
    except UsageError as exc:
        log.warning("no corrected MET for %s: %s", profile.name, exc)
        return None


def corrected_met_for(met: float, profile: Profile) -> float | None:
    """The corrected MET of ``met`` for this person, or None when the profile is incomplete."""
    vo2 = resting_vo2(profile)
    return None if vo2 is None else relative_met(met, vo2)


def effective_met(session: SessionRecord, vo2: float | None) -> float:
    """The MET a report counts ``session`` at: Compendium MET when ``vo2`` is None, else corrected.

    The corrected MET stored with the session wins; without one it is computed from ``vo2``.
    """
    if vo2 is None:
        return session.met
    if session.met_corrected is not None:
        return session.met_corrected
    return relative_met(session.met, vo2)
