"""`--people 1|all`, declared once for `fitcli analyze` and `fitcli live` (checked by
``fitcli.pipelines.people.people_model``)."""

from __future__ import annotations

from typing import Annotated

import typer

PeopleOption = Annotated[
    str,
    typer.Option(
        "--people",
        help="1: count the one person followed; all: everyone, one count and session each "
        "(a multi-person model: movenet-multipose; analyze poses 15 frames a second unless --every).",
    ),
]
