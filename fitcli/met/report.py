"""Weekly report: per-day activity and energy, weekly totals, guideline status.

Library interface::

    from fitcli.met.report import weekly_report
    report = weekly_report(Journal(), start=date(2026, 11, 16), end=date(2026, 11, 22), user="ana")

Intensity classes (Ainsworth et al. 2011; WHO 2020 guidelines): light < 3.0 MET, moderate 3.0-5.99,
vigorous >= 6.0. Definitions used for the status lines:
- WHO 2020 (Bull et al., Br J Sports Med 2020;54:1451-62): moderate-equivalent minutes = moderate
  + 2 x vigorous; below 150 = "below", 150-299 = "meets", 300 or more = "exceeds" (additional
  benefits); muscle-strengthening on 2 or more days.
- IPAQ (Guidelines for Data Processing and Analysis of the IPAQ, 2005, section 5): "high" = vigorous on
  >= 3 days and >= 1500 MET-min, or >= 7 active days and >= 3000 MET-min; "moderate" = >= 3 days of
  >= 20 min vigorous, or >= 5 days of >= 30 min moderate, or >= 5 active days and >= 600 MET-min;
  else "low". Only activity of 3 MET or more counts (IPAQ scores walking, moderate and vigorous);
  the 10-minute bout rule is not applied.
- The study's levels from weekly MET-minutes of activity >= 3 MET: below 500 = "below basic",
  500-999 = "basic", 1000 or more = "health-enhancing" (500-1000 MET-min/week is the range that
  equals 150-300 moderate minutes, 2008 Physical Activity Guidelines for Americans).
Minute and MET-minute thresholds are per 7 days and scale with the length of the period.
Intensity classes and MET-minutes use each session's corrected MET (MET x 3.5 / resting VO2 from
the Harris-Benedict RMR) when the profile has weight, height, age and sex, else its Compendium MET;
``WeeklyReport.met_basis`` says which. kcal always use the Compendium MET (see fitcli.met.intensity).
Energy balance per day = kcal eaten - total daily energy spent, where spent = BMR (Harris-Benedict
revised) x :data:`SEDENTARY_PAL` (the energy of a day without exercise: rest and daily life) + the
*net* kcal of exercise (gross kcal x (MET - 1) / MET: the resting share of exercise time is already
in the BMR, so it is not counted twice). A day with no meal logged has unknown intake (``None``):
no balance, and it is left out of the eaten and balance totals (``WeeklyReport.meal_days``), never
counted as 0 kcal eaten. ``energy_basis_line`` in :mod:`fitcli.met.report_render` says this in the report.
Muscle-strengthening days (WHO 2020: 2 or more a week) count only a real bout: at least
:data:`STRENGTH_MIN_REPS` reps of a strength exercise that day (ACSM: one set is 8-12 repetitions,
Garber et al., Med Sci Sports Exerc 2011;43:1334-59), or, for sessions without a rep count (logged
activities), :data:`STRENGTH_MIN_MINUTES` minutes (fitcli's own floor, no published minimum).
Entries dated after ``today`` are not counted (``WeeklyReport.future_entries``; the report says so).
Per exercise (``WeeklyReport.exercises``): sessions, sets, reps and the best set. A set is a run of
reps without a rest of :data:`SET_REST_S` or more between one rep's end and the next one's start;
a session whose reps were counted but not stored one by one is one set; activities logged without
a rep count (walking) have minutes and kcal but no sets or reps.

Without a profile, or with an incomplete one, the report still works: a missing weight is the 70 kg
reference weight the camera paths use (``REFERENCE_WEIGHT_KG``); BMR and balance are unknown (None)
without height, age and sex; ``WeeklyReport.missing`` names what is missing. Days after ``today``
have not happened: they get no BMR or balance and are left out of the BMR and balance totals
(``WeeklyReport.in_progress``).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from fitcli.errors import UnknownNameError
from fitcli.met.body import bmr_harris_benedict, parse_sex
from fitcli.met.calories import REFERENCE_WEIGHT_KG
from fitcli.met.catalog import is_strength
from fitcli.met.intensity import MODERATE_MET, VIGOROUS_MET, effective_met, resting_vo2
from fitcli.met.journal import Journal
from fitcli.met.records import MealRecord, Profile, SessionRecord
from fitcli.rep import Rep

MetOf = Callable[[SessionRecord], float]
WHO_MINUTES = (150.0, 300.0)
WHO_STRENGTH_DAYS = 2
STUDY_MET_MINUTES = (500.0, 1000.0)
# Physical activity level (total energy / BMR) of a sedentary day, the lower bound of the
# "sedentary or light activity lifestyle" band 1.40-1.69: FAO/WHO/UNU, Human energy requirements
# (Food and Nutrition Technical Report Series 1, 2004), Table 5.1. Exercise is added on top as net kcal.
SEDENTARY_PAL = 1.4
STRENGTH_MIN_REPS = 8  # one set at the bottom of ACSM's 8-12 repetitions (Garber et al. 2011)
STRENGTH_MIN_MINUTES = 10.0  # sessions with no rep count; fitcli's own choice
# A pause this long between reps ends a set: rest between sets is 1-3 min (ACSM position stand,
# Progression models in resistance training, Med Sci Sports Exerc 2009;41:687-708), while the pauses
# inside a set last seconds. 30 s is under the shortest of those rests, and 6x the 5 s pause that
# ends active time (fitcli.exercises.events.PAUSE_S).
SET_REST_S = 30.0


@dataclass(frozen=True)
class DayRow:
    day: dt.date
    active_minutes: float
    moderate_minutes: float
    vigorous_minutes: float
    met_minutes: float
    kcal_burned: float  # gross exercise kcal (Compendium MET)
    kcal_eaten: float | None  # None: no meal logged that day (unknown, not 0)
    bmr: float | None
    balance: float | None  # eaten - spent; None when eaten or BMR is unknown
    strength: bool
    kcal_net: float = 0.0  # exercise kcal above rest: gross x (MET - 1) / MET
    spent: float | None = None  # BMR x SEDENTARY_PAL + kcal_net


@dataclass(frozen=True)
class Guidelines:
    moderate_equivalent_minutes: float
    who_aerobic: str  # below | meets | exceeds
    strength_days: int
    who_strength: bool
    ipaq: str  # low | moderate | high
    ipaq_met_minutes: float
    study_level: str  # below basic | basic | health-enhancing
    aerobic_target: tuple[float, float] = WHO_MINUTES  # 150-300 per week, scaled to the period's days
    strength_days_needed: int = WHO_STRENGTH_DAYS  # 2 per week, scaled (rounded up)


@dataclass(frozen=True)
class ExerciseRow:
    """One exercise over the period: how often, how many reps, the best set."""

    exercise: str
    sessions: int
    sets: int  # 0 for activities logged without a rep count
    reps: int | None  # None: no session of it has a rep count (logged activities)
    best_set: int | None  # most reps in one set
    minutes: float
    kcal: float  # gross (Compendium MET)


@dataclass(frozen=True)
class WeeklyReport:
    user: str
    start: dt.date
    end: dt.date
    weight_kg: float | None
    days: tuple[DayRow, ...]
    totals: DayRow
    guidelines: Guidelines
    sessions: int
    met_basis: str = "compendium"  # "corrected" (profile has weight, height, age, sex) | "compendium"
    resting_vo2: float | None = None  # mL O2/kg/min from the Harris-Benedict RMR, when corrected
    has_profile: bool = True
    missing: tuple[str, ...] = ()  # profile fields not known: weight, height, age, sex
    today: dt.date | None = None  # days after it have no BMR or balance
    meal_days: int = 0  # days up to today with a meal logged (the eaten and balance totals cover them)
    past_days: int = 0  # days of the period up to today
    future_entries: int = 0  # sessions and meals dated after today: not counted
    exercises: tuple[ExerciseRow, ...] = ()  # per exercise, by name

    @property
    def is_week(self) -> bool:
        return self.end - self.start == dt.timedelta(days=6) and self.start.weekday() == 0

    @property
    def n_days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def weight_from_profile(self) -> bool:
        return "weight" not in self.missing

    @property
    def in_progress(self) -> bool:
        """The period ends after ``today`` (it may not have started yet)."""
        return self.today is not None and self.today < self.end

    @property
    def label(self) -> str:
        year, week, _ = self.start.isocalendar()
        if self.is_week:
            return f"{year}-W{week:02d}"
        return f"{self.start} to {self.end}"


def _bmr(profile: Profile) -> float | None:
    if None in (profile.weight_kg, profile.height_cm, profile.age, profile.sex):
        return None
    assert profile.weight_kg is not None and profile.height_cm is not None and profile.age is not None
    return bmr_harris_benedict(
        parse_sex(profile.sex or ""), profile.weight_kg, profile.height_cm, profile.age
    )


def _compendium_met(session: SessionRecord) -> float:
    return session.met


def net_kcal(session: SessionRecord) -> float:
    """Exercise kcal above rest: gross x (MET - 1) / MET (fitcli.met.calories.net_kcal_per_min)."""
    return session.kcal * max(0.0, session.met - 1.0) / session.met if session.met > 0 else 0.0


def strength_day(sessions: list[SessionRecord]) -> bool:
    """A WHO muscle-strengthening day: enough reps (or minutes, without a count) of strength work."""
    strong = [s for s in sessions if is_strength(s.exercise, s.met_code)]
    reps = sum(s.reps or 0 for s in strong if s.reps is not None)
    minutes = sum(s.minutes for s in strong if s.reps is None)
    return reps >= STRENGTH_MIN_REPS or minutes >= STRENGTH_MIN_MINUTES


def set_sizes(session: SessionRecord, reps: tuple[Rep, ...] = ()) -> list[int]:
    """Reps per set of ``session`` (see :data:`SET_REST_S`); [] without a rep count or with 0 reps.
    Rep records that do not add up to the session's count are not trusted: one set of its count."""
    if not session.reps:
        return []
    if len(reps) != session.reps:
        return [session.reps]
    sizes = [0]
    for previous, rep in zip((None, *reps[:-1]), reps, strict=True):
        if previous is not None and rep.start_s - previous.end_s >= SET_REST_S:
            sizes.append(0)
        sizes[-1] += 1
    return sizes


def exercise_rows(
    sessions: list[SessionRecord], reps_of: dict[str, tuple[Rep, ...]]
) -> tuple[ExerciseRow, ...]:
    """The per-exercise breakdown of ``sessions``, by exercise name."""
    rows = []
    for name in sorted({s.exercise for s in sessions}):
        mine = [s for s in sessions if s.exercise == name]
        sizes = [n for s in mine for n in set_sizes(s, reps_of.get(s.id, ()))]
        counted = [s.reps for s in mine if s.reps is not None]
        rows.append(
            ExerciseRow(
                exercise=name,
                sessions=len(mine),
                sets=len(sizes),
                reps=sum(counted) if counted else None,
                best_set=max(sizes) if sizes else None,
                minutes=sum(s.minutes for s in mine),
                kcal=sum(s.kcal for s in mine),
            )
        )
    return tuple(rows)


def day_row(
    day: dt.date,
    sessions: list[SessionRecord],
    meals: list[MealRecord],
    bmr: float | None,
    met_of: MetOf = _compendium_met,
) -> DayRow:
    """One day's numbers from its sessions and meals; ``met_of`` gives the MET a session counts at."""
    moderate = sum((s.minutes for s in sessions if MODERATE_MET <= met_of(s) < VIGOROUS_MET), 0.0)
    vigorous = sum((s.minutes for s in sessions if met_of(s) >= VIGOROUS_MET), 0.0)
    burned = sum((s.kcal for s in sessions), 0.0)
    net = sum((net_kcal(s) for s in sessions), 0.0)
    eaten = sum((m.kcal for m in meals), 0.0) if meals else None
    spent = None if bmr is None else bmr * SEDENTARY_PAL + net
    return DayRow(
        day=day,
        active_minutes=sum((s.minutes for s in sessions), 0.0),
        moderate_minutes=moderate,
        vigorous_minutes=vigorous,
        met_minutes=sum((met_of(s) * s.minutes for s in sessions), 0.0),
        kcal_burned=burned,
        kcal_eaten=eaten,
        bmr=bmr,
        balance=None if spent is None or eaten is None else eaten - spent,
        strength=strength_day(sessions),
        kcal_net=net,
        spent=spent,
    )


def _total(values: list[float | None], every: bool = True) -> float | None:
    """Sum; None when there is nothing, or (``every``) when any value is unknown."""
    known = [v for v in values if v is not None]
    if not known or (every and len(known) < len(values)):
        return None
    return sum(known)


def _sum_rows(start: dt.date, rows: list[DayRow], today: dt.date | None = None) -> DayRow:
    """Totals of ``rows``; BMR and spent over the days up to ``today``; eaten and balance over the
    days with a meal logged (None if none)."""
    past = [r for r in rows if today is None or r.day <= today]
    return DayRow(
        day=start,
        active_minutes=sum(r.active_minutes for r in rows),
        moderate_minutes=sum(r.moderate_minutes for r in rows),
        vigorous_minutes=sum(r.vigorous_minutes for r in rows),
        met_minutes=sum(r.met_minutes for r in rows),
        kcal_burned=sum(r.kcal_burned for r in rows),
        kcal_eaten=_total([r.kcal_eaten for r in past], every=False),
        bmr=_total([r.bmr for r in past]),
        balance=_total([r.balance for r in past if r.kcal_eaten is not None]),
        strength=any(r.strength for r in rows),
        kcal_net=sum(r.kcal_net for r in rows),
        spent=_total([r.spent for r in past]),
    )


def ipaq_category(
    by_day: dict[dt.date, list[SessionRecord]], scale: float, met_of: MetOf = _compendium_met
) -> tuple[str, float]:
    """IPAQ short-form category and its MET-minutes (activity >= 3 MET only); see module docstring."""
    counted = {d: [s for s in ss if met_of(s) >= MODERATE_MET] for d, ss in by_day.items()}
    met_min = sum(met_of(s) * s.minutes for ss in counted.values() for s in ss)
    vig = {d: sum(s.minutes for s in ss if met_of(s) >= VIGOROUS_MET) for d, ss in counted.items()}
    mod = {d: sum(s.minutes for s in ss if met_of(s) < VIGOROUS_MET) for d, ss in counted.items()}
    active_days = sum(1 for ss in counted.values() if ss)
    vig_days = sum(1 for m in vig.values() if m > 0)
    if (vig_days >= 3 and met_min >= 1500 * scale) or (active_days >= 7 and met_min >= 3000 * scale):
        return "high", met_min
    if (
        sum(1 for m in vig.values() if m >= 20) >= 3
        or sum(1 for m in mod.values() if m >= 30) >= 5
        or (active_days >= 5 and met_min >= 600 * scale)
    ):
        return "moderate", met_min
    return "low", met_min


def guidelines(
    rows: list[DayRow], by_day: dict[dt.date, list[SessionRecord]], met_of: MetOf = _compendium_met
) -> Guidelines:
    scale = len(rows) / 7.0
    equivalent = sum(r.moderate_minutes + 2 * r.vigorous_minutes for r in rows)
    who = (
        "below"
        if equivalent < WHO_MINUTES[0] * scale
        else "meets"
        if equivalent < WHO_MINUTES[1] * scale
        else "exceeds"
    )
    strength_days = sum(1 for r in rows if r.strength)
    needed = max(1, math.ceil(WHO_STRENGTH_DAYS * scale - 1e-9))
    ipaq, ipaq_met_min = ipaq_category(by_day, scale, met_of)
    low, high = (t * scale for t in STUDY_MET_MINUTES)
    level = "below basic" if ipaq_met_min < low else "basic" if ipaq_met_min < high else "health-enhancing"
    target = (WHO_MINUTES[0] * scale, WHO_MINUTES[1] * scale)
    return Guidelines(
        equivalent, who, strength_days, strength_days >= needed, ipaq, ipaq_met_min, level, target, needed
    )


# Profile fields a report needs, by the name the notes use
_FIELDS = {"weight": "weight_kg", "height": "height_cm", "age": "age", "sex": "sex"}


def weekly_report(
    journal: Journal,
    start: dt.date,
    end: dt.date,
    user: str | None = None,
    today: dt.date | None = None,
) -> WeeklyReport:
    """Build the report for ``user`` (default user when None) from ``start`` to ``end`` inclusive.

    Works without a profile (see the module docstring); ``today`` (default: the date today) ends
    the days that count for BMR and balance.
    """
    today = today or dt.date.today()
    stored, name = _profile_or_none(journal, user)
    profile = stored or Profile(name=name)
    missing = tuple(f for f in ("weight", "height", "age", "sex") if getattr(profile, _FIELDS[f]) is None)
    body = replace(profile, weight_kg=profile.weight_kg or REFERENCE_WEIGHT_KG)
    stored_sessions = journal.list_sessions(name, start, end)
    stored_meals = journal.list_meals(name, start, end)
    sessions = [s for s in stored_sessions if s.day <= today]
    meals = [m for m in stored_meals if m.day <= today]
    future = len(stored_sessions) - len(sessions) + len(stored_meals) - len(meals)
    bmr = _bmr(body)
    vo2 = resting_vo2(body)

    def met_of(session: SessionRecord) -> float:
        return effective_met(session, vo2)

    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    by_day = {d: [s for s in sessions if s.day == d] for d in days}
    rows = [
        day_row(d, by_day[d], [m for m in meals if m.day == d], bmr if d <= today else None, met_of)
        for d in days
    ]
    return WeeklyReport(
        user=name,
        start=start,
        end=end,
        weight_kg=body.weight_kg,
        days=tuple(rows),
        totals=_sum_rows(start, rows, today),
        guidelines=guidelines(rows, by_day, met_of),
        sessions=len(sessions),
        met_basis="compendium" if vo2 is None else "corrected",
        resting_vo2=vo2,
        has_profile=stored is not None,
        missing=missing,
        today=today,
        meal_days=sum(1 for r in rows if r.day <= today and r.kcal_eaten is not None),
        past_days=sum(1 for r in rows if r.day <= today),
        future_entries=future,
        exercises=exercise_rows(sessions, journal.rep_records([s.id for s in sessions])),
    )


def _profile_or_none(journal: Journal, user: str | None) -> tuple[Profile | None, str]:
    """The user's profile (None if there is none) and name; a name with no profile and no rows is a typo."""
    name = journal.resolve_user(user)
    try:
        return journal.get_profile(name), name
    except UnknownNameError:
        if name == journal.default_user() or journal.has_rows(name):
            return None, name
        known = journal.users()
        raise UnknownNameError(
            f"no user {name!r} in the journal (no profile, sessions or meals)",
            hint=f"known users: {', '.join(known)}" if known else "record something first or check --user",
        ) from None
