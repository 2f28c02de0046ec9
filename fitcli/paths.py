"""Where fitcli keeps its data: one home folder, from platformdirs, overridable with FITCLI_HOME."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "fitcli"


def home_dir() -> Path:
    """The data folder: ``$FITCLI_HOME`` if set, else the platform's user data folder."""
    env = os.environ.get("FITCLI_HOME")
    return Path(env).expanduser() if env else Path(platformdirs.user_data_dir(APP_NAME))


def models_dir() -> Path:
    """Where pulled and converted pose models live: ``<home>/models``."""
    return home_dir() / "models"


def cache_dir() -> Path:
    """Downloads and intermediate files that can be made again: ``<home>/cache``."""
    return home_dir() / "cache"
