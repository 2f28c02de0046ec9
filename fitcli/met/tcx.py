"""Sessions as TCX (Garmin Training Center Database v2), the workout file Strava, Garmin Connect,
TrainingPeaks and most training apps import.

One ``Activity`` per session (``Sport="Other"``: TCX knows only Running, Biking and Other), its
``Id`` the start time; one ``Lap`` per set (``fitcli.met.report.set_sizes``; a session without rep
records, such as a logged walk, is one lap over its whole time) with its time, gross kcal and
``Notes`` naming the exercise and the reps; one ``Trackpoint`` at the end of each rep, so an app that
draws the track shows when each rep ended. Times carry the machine's UTC offset (the journal stores
local times). Distance is 0: nothing was measured.
"""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

from fitcli.met.records import SessionRecord
from fitcli.rep import Rep

NS = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA = f"{NS} http://www.garmin.com/xmlschemas/TrainingCenterDatabasev2.xsd"


def _time(t: dt.datetime) -> str:
    return t.astimezone().isoformat(timespec="milliseconds")


def _sets(session: SessionRecord, reps: tuple[Rep, ...]) -> list[tuple[Rep, ...]]:
    """The session's reps split into sets (at rests of ``SET_REST_S``); [()] without rep records."""
    from fitcli.met.report import set_sizes

    if not reps or len(reps) != session.reps:
        return [()]
    groups, at = [], 0
    for n in set_sizes(session, reps):
        groups.append(reps[at : at + n])
        at += n
    return groups


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{NS}}}{tag}", attrs)
    if text is not None:
        el.text = text
    return el


def _lap(activity: ET.Element, session: SessionRecord, reps: tuple[Rep, ...], share: float) -> None:
    """One lap: a set of ``reps`` (or the whole session when empty); kcal by its ``share`` of time."""
    if reps:
        start = session.start + dt.timedelta(seconds=reps[0].start_s)
        seconds = reps[-1].end_s - reps[0].start_s
        note = f"{session.exercise}: {len(reps)} rep" + ("" if len(reps) == 1 else "s")
    else:
        start, seconds = session.start, (session.end - session.start).total_seconds()
        note = f"{session.exercise}: {session.reps} reps" if session.reps is not None else session.exercise
    lap = _sub(activity, "Lap", StartTime=_time(start))
    _sub(lap, "TotalTimeSeconds", f"{seconds:.1f}")
    _sub(lap, "DistanceMeters", "0")
    _sub(lap, "Calories", str(round(session.kcal * share)))
    _sub(lap, "Intensity", "Active")
    _sub(lap, "TriggerMethod", "Manual")
    if reps:
        track = _sub(lap, "Track")
        for rep in reps:
            point = _sub(track, "Trackpoint")
            _sub(point, "Time", _time(session.start + dt.timedelta(seconds=rep.end_s)))
    _sub(lap, "Notes", note)


def sessions_tcx(sessions: list[SessionRecord], reps_of: dict[str, tuple[Rep, ...]]) -> str:
    """The TCX document of ``sessions`` (oldest first), with their rep records from ``reps_of``."""
    ET.register_namespace("", NS)
    ET.register_namespace("xsi", XSI)
    root = ET.Element(f"{{{NS}}}TrainingCenterDatabase", {f"{{{XSI}}}schemaLocation": SCHEMA})
    activities = _sub(root, "Activities")
    for session in sessions:
        activity = _sub(activities, "Activity", Sport="Other")
        _sub(activity, "Id", _time(session.start))
        sets = _sets(session, reps_of.get(session.id, ()))
        total = sum(r[-1].end_s - r[0].start_s for r in sets if r) or 1.0
        for reps in sets:
            _lap(activity, session, reps, (reps[-1].end_s - reps[0].start_s) / total if reps else 1.0)
        summary = (
            f"fitcli: {session.exercise}, MET {session.met:g} ({session.met_code}, {session.met_edition})"
        )
        if session.reps is not None:
            summary += f", {session.reps} reps in {len(sets) if sets != [()] else 1} set(s)"
        _sub(activity, "Notes", summary + f", {session.kcal:.1f} kcal")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
