"""``python -m fitcli``: the same as the ``fitcli`` command."""

from fitcli.cli.main import run

run()
