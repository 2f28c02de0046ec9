"""Options shared by `fitcli analyze` and `fitcli export`: where the batch runs, the keypoint cache."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

RayAddressOption = Annotated[
    str | None,
    typer.Option(
        "--ray-address",
        envvar="RAY_ADDRESS",
        help="Run one Ray task per video on this Ray cluster: the head's HOST:PORT, auto (the cluster "
        "running here) or local (a private one); needs pip install 'fitcli[ray]'. Default: local processes.",
        rich_help_panel="Cluster",
    ),
]
KeypointsCacheOption = Annotated[
    Path | None,
    typer.Option(
        help="Folder of keypoints cached by video content and model (default: fitcli's cache); "
        "a shared folder serves every node of a cluster.",
        rich_help_panel="Cluster",
    ),
]
CacheOption = Annotated[
    bool,
    typer.Option(
        "--cache/--no-cache",
        help="Reuse the keypoints of a video already seen with this model instead of running it again.",
        rich_help_panel="Cluster",
    ),
]


def cache_folder(cache: bool, folder: Path | None) -> str | None:
    """The keypoint cache folder to use: ``folder``, else fitcli's own; None with --no-cache."""
    if not cache:
        return None
    from fitcli.atomic import check_output_folder
    from fitcli.paths import cache_dir

    if folder is None:
        return str(cache_dir() / "keypoints")
    return str(check_output_folder(folder, "--keypoints-cache folder"))


def check_ray(address: str | None) -> None:
    """With --ray-address: Ray is installed and the address answers (one line and exit 2 if not)."""
    if address is None:
        return
    from fitcli.pipelines.ray_batch import check_address, import_ray

    import_ray()
    check_address(address)
