"""Docs are tested: every command has help with an example, and the README names every command group."""

from __future__ import annotations

from pathlib import Path

import typer

from fitcli.cli.main import app

README = Path(__file__).resolve().parents[2] / "README.md"


def _leaf_commands():
    root = typer.main.get_command(app)

    def walk(cmd, path):
        subs = getattr(cmd, "commands", None)
        if subs:
            for name, sub in subs.items():
                yield from walk(sub, [*path, name])
        else:
            yield " ".join(path), cmd

    yield from walk(root, [])


def test_every_command_has_help_and_an_example():
    missing = [name for name, cmd in _leaf_commands() if "Example" not in (cmd.help or "")]
    assert not missing, f"commands without an example in their help: {missing}"


def test_readme_mentions_every_top_level_command():
    text = README.read_text()
    root = typer.main.get_command(app)
    missing = [name for name in root.commands if f"fitcli {name}" not in text]
    assert not missing, f"README does not show: {missing}"
