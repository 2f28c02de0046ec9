"""``fitcli profile set|list|show``: body facts per user, BMR and BMI."""

from __future__ import annotations

from typing import Annotated

import typer

from fitcli.cli.console import out
from fitcli.cli.met_cmd import DbOption, FormatOption, UserOption, WaitOption, emit
from fitcli.met import DEFAULT_WAIT_S

app = typer.Typer(
    help="User profiles: weight (with history), height, age, sex; BMR and BMI.", no_args_is_help=True
)


@app.command("set")
def set_(
    name: Annotated[
        str | None, typer.Option("--name", help="Profile (user) name; default: --user or the default user.")
    ] = None,
    weight: Annotated[
        float | None, typer.Option(help="Weight in kg (a change is added to the history).")
    ] = None,
    height: Annotated[float | None, typer.Option(help="Height in cm.")] = None,
    age: Annotated[float | None, typer.Option(help="Age in years.")] = None,
    sex: Annotated[str | None, typer.Option(help="male or female (for the BMR equations).")] = None,
    default: Annotated[bool, typer.Option("--default", help="Make this the default user.")] = False,
    user: UserOption = None,
    db: DbOption = None,
    wait: WaitOption = DEFAULT_WAIT_S,
) -> None:
    """Create or update a profile (without --name: the default user).

    The first profile becomes the default user and adopts the sessions and meals recorded before
    any profile existed (under the user "default"); their kcal, computed at the 70 kg reference
    weight, are recomputed at the profile's weight.

    Example: fitcli profile set --name ana --weight 60 --height 165 --age 25 --sex female
    """
    from fitcli.met.journal import Journal
    from fitcli.met.profile import update_profile

    journal = Journal(db, busy_timeout=wait)
    change = update_profile(
        journal,
        name if name is not None else user,
        weight_kg=weight,
        height_cm=height,
        age=age,
        sex=sex,
        make_default=default,
    )
    p = change.profile
    values = f"{p.weight_kg or '-'} kg, {p.height_cm or '-'} cm, {p.age or '-'} years, {p.sex or '-'}"
    out.print(f"profile {p.name}: {values}")
    adopted = [_count(change.adopted_sessions, "session"), _count(change.adopted_meals, "meal")]
    if any(adopted):
        out.print(f"adopted {' and '.join(a for a in adopted if a)} recorded before the profile existed")
    if change.adopted_sessions:
        kg = change.recomputed_at_kg
        out.print(
            f"their kcal recomputed at {kg:g} kg (they used the 70 kg reference weight)"
            if kg is not None
            else "their kcal stay at the 70 kg reference weight: give --weight KG to recompute them"
        )


def _count(n: int, noun: str) -> str:
    return "" if n == 0 else f"{n} {noun}" + ("" if n == 1 else "s")


@app.command("list")
def list_(fmt: FormatOption = "table", db: DbOption = None) -> None:
    """List every profile: body values, sessions and meals recorded, and which is the default user.

    Example: fitcli profile list
    """
    from fitcli.met.journal import Journal

    journal = Journal(db)
    default = journal.default_user()
    rows = [
        {
            "user": p.name,
            "default": p.name == default,
            "weight_kg": p.weight_kg,
            "height_cm": p.height_cm,
            "age": p.age,
            "sex": p.sex,
            "sessions": sessions,
            "meals": meals,
        }
        for p, sessions, meals in journal.profiles()
    ]
    emit(
        rows,
        fmt,
        title="Profiles",
        empty="no profiles yet (create one: fitcli profile set --name NAME --weight KG)",
    )


@app.command("show")
def show(user: UserOption = None, fmt: FormatOption = "table", db: DbOption = None) -> None:
    """Show a profile with BMR (Harris-Benedict, Mifflin-St Jeor), BMI and its WHO and Asia-Pacific classes.

    Also the resting VO2 (mL/kg/min, from the Harris-Benedict RMR) that corrected METs divide by.

    Example: fitcli profile show --user ana
    """
    from fitcli.met.journal import Journal
    from fitcli.met.profile import profile_facts

    journal = Journal(db)
    facts = profile_facts(journal.get_profile(user))
    history = [
        {"date": at.isoformat(sep=" "), "weight_kg": kg} for at, kg in journal.weight_history(facts["user"])
    ]
    if fmt == "table":
        emit([{"field": k, "value": v} for k, v in facts.items()], fmt, title=f"Profile {facts['user']}")
        emit(history, fmt, title="Weight history")
    elif fmt == "json":
        emit([{**facts, "weight_history": history}], fmt)
    else:
        emit([facts], fmt)
