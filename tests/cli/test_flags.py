"""One meaning per flag across the whole CLI: every command and option of the Typer app is walked.

- a short flag (``-m``) stands for one long option (``--model``) in every command that has it;
- a long option name takes one kind of value everywhere (``--from`` is a date, never seconds or a
  file): on/off, a number, a path, or a word (names, dates, formats);
- README's flag table lists every short flag with its long option, and nothing else.
"""

from __future__ import annotations

import enum
import pathlib
import re
import types
import typing
from collections import defaultdict
from pathlib import Path
from typing import Any

import typer

from fitcli.cli.main import app

README = Path(__file__).resolve().parents[2] / "README.md"


def _options() -> list[tuple[str, Any]]:
    """(command path, option) for every option of every command and group, the root's too."""
    found: list[tuple[str, Any]] = []

    def walk(cmd: Any, path: str) -> None:
        found.extend((path or "fitcli", p) for p in cmd.params if p.param_type_name == "option")
        for name, sub in (getattr(cmd, "commands", None) or {}).items():
            walk(sub, f"{path} {name}".strip())

    walk(typer.main.get_command(app), "")
    return found


def _base(annotation: Any) -> Any:
    """The value type inside ``X | None`` and ``list[X]``."""
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return _base(next(a for a in args if a is not type(None)))
    if typing.get_origin(annotation) in (list, tuple):
        return _base(args[0])
    return annotation


def kind(option: Any) -> str:
    """What an option's value is: on/off, number, path or word."""
    t = _base(option.type_descriptor.annotation)
    if option.is_flag or t is bool:
        return "on/off"
    if t in (int, float):
        return "number"
    if isinstance(t, type) and issubclass(t, pathlib.PurePath):
        return "path"
    if t is str or (isinstance(t, type) and issubclass(t, enum.Enum)):
        return "word"
    raise AssertionError(f"{option.name}: no kind for {t!r}; add one here")


def short_flags() -> dict[str, dict[str, set[str]]]:
    """short flag -> long option -> commands (the help option, set once for every command, too)."""
    table: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    helps = typer.main.get_command(app).context_settings.get("help_option_names", [])
    for short in (n for n in helps if not n.startswith("--")):
        table[short]["--help"].add("every command")
    for path, option in _options():
        names = [*option.opts, *option.secondary_opts]
        longs = [n for n in names if n.startswith("--")] or ["(none)"]
        for short in (n for n in names if not n.startswith("--")):
            table[short][longs[0]].add(path)
    return table


def test_every_short_flag_has_one_meaning():
    clashes = {
        s: {k: sorted(v) for k, v in longs.items()} for s, longs in short_flags().items() if len(longs) > 1
    }
    assert not clashes, f"short flags standing for more than one option: {clashes}"


def test_every_long_option_takes_one_kind_of_value():
    kinds: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for path, option in _options():
        for name in (n for n in option.opts if n.startswith("--")):
            kinds[name][kind(option)].add(path)
    clashes = {n: {k: sorted(v) for k, v in by.items()} for n, by in kinds.items() if len(by) > 1}
    assert not clashes, f"long options meaning different things in different commands: {clashes}"


def test_the_walk_sees_the_flags_the_issue_named():
    flags = short_flags()
    assert set(flags["-m"]) == {"--model"} and {"log"} <= flags["-t"]["--minutes"]
    assert {"exercises", "models list", "eval reps", "eval lsp"} <= flags["-f"]["--format"]
    assert "analyze" in flags["-o"]["--out"] and "fitcli" in flags["-v"]["--verbose"]


def test_readme_flag_table_lists_every_short_flag():
    text = README.read_text()
    section = text[text.index("## Flags") :]
    section = section[: section.index("\n## ", 4)]
    rows = re.findall(r"^\| `(-\w)` \| `(--[\w-]+)` \|", section, flags=re.M)
    expected = {(s, next(iter(longs))) for s, longs in short_flags().items()}
    assert set(rows) == expected and len(rows) == len(expected)


def test_renamed_options_are_refused_with_their_new_name():
    from typer.testing import CliRunner

    from fitcli.cli.main import RENAMED

    runner = CliRunner()
    for (command, old), new in RENAMED.items():
        result = runner.invoke(app, [*command.split(), old, "1"])
        assert result.exit_code == 2, result.output
        assert result.stderr.strip().splitlines() == [result.stderr.strip()]  # one line
        assert f"{old} was renamed: use {new}" in result.stderr
        options = {o for path, opt in _options() if path == command for o in [*opt.opts, *opt.secondary_opts]}
        assert set(re.findall(r"--?[\w-]+", new.split(" (")[0])) <= options  # the new name exists there
