"""fitcli: camera-based exercise tracking from the command line.

The library is importable on its own; the Typer app in ``fitcli.cli`` is a thin layer over it.
"""

__version__ = "0.1.0"
