"""Read a Compendium of Physical Activities file in any of its three layouts and load it into DuckDB.

Layouts (see ../shared/data/met/SOURCES.md):
- normalized CSV: ``code,major_heading,met,description`` (2011: 821 codes; 2024: 1,111 codes); the
  edition comes from ``--edition`` or from the file name;
- the 2011 website sheet, as ``.xlsx`` or ``|``-separated text: two header rows
  (``1993 Compendium|...|2011 Compendium|...|Description|Category`` then ``Codes|METs|...``), the three
  editions side by side; only its 2011 codes are kept (rows with no 2011 code are retired ones).

Library interface::

    parsed = read_compendium(path, edition=None)     # -> ParsedCompendium(rows, rejects, ...)
    load_compendium(journal, [path, ...])            # -> list[LoadResult], one transaction per file
    search(journal, "push ups vigorous")             # ranked rows
    show(journal, "02020")                           # the code in every loaded edition

Rows that fail validation (code not 5 digits, MET outside 0.5-25, empty description, a code seen
twice) are skipped and reported as :class:`Reject` with the file's line number and the reason.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from fitcli.errors import DataError, InputFileError, UnknownNameError, UsageError
from fitcli.met.calories import MET_RANGE
from fitcli.met.catalog import EDITIONS
from fitcli.met.journal import Journal

NORMALIZED_HEADER = ["code", "major_heading", "met", "description"]
_CODE = re.compile(r"^\d{5}$")


@dataclass(frozen=True)
class CompendiumRow:
    code: str
    edition: str
    major_heading: str
    met: float
    description: str


@dataclass(frozen=True)
class Reject:
    line: int
    reason: str


@dataclass
class ParsedCompendium:
    path: Path
    layout: str  # "normalized" | "website"
    edition: str
    rows: list[CompendiumRow] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    not_in_edition: int = 0  # website rows without a 2011 code (retired)
    codes: set[str] = field(default_factory=set, repr=False)


@dataclass(frozen=True)
class LoadResult:
    path: Path
    layout: str
    edition: str
    loaded: int
    rejects: tuple[Reject, ...]
    not_in_edition: int


def _edition_from(path: Path, edition: str | None) -> str:
    if edition is not None:
        if str(edition) not in EDITIONS:
            raise UnknownNameError(f"unknown edition {edition!r}", hint=f"use one of {', '.join(EDITIONS)}")
        return str(edition)
    found = [e for e in EDITIONS if e in path.name]
    if len(found) != 1:
        raise DataError(f"cannot tell the edition of {path}", hint=f"pass --edition {'|'.join(EDITIONS)}")
    return found[0]


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _validate(parsed: ParsedCompendium, line: int, code: str, heading: str, met: str, desc: str) -> None:
    if not _CODE.match(code):
        parsed.rejects.append(Reject(line, f"code {code!r} is not 5 digits"))
        return
    try:
        value = float(met)
    except ValueError:
        parsed.rejects.append(Reject(line, f"MET {met!r} is not a number"))
        return
    if not MET_RANGE[0] <= value <= MET_RANGE[1]:
        parsed.rejects.append(Reject(line, f"MET {value:g} is outside {MET_RANGE[0]:g}-{MET_RANGE[1]:g}"))
        return
    if not desc:
        parsed.rejects.append(Reject(line, "empty description"))
        return
    if code in parsed.codes:
        parsed.rejects.append(Reject(line, f"code {code} appears twice"))
        return
    parsed.codes.add(code)
    parsed.rows.append(CompendiumRow(code, parsed.edition, heading.replace("_", " "), value, desc))


def _read_table(path: Path) -> list[list[str]]:
    """All rows of the file as lists of stripped strings (xlsx through pandas + openpyxl)."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        import pandas as pd

        with path.open("rb") as fh:
            if fh.read(4) != b"PK\x03\x04":  # every .xlsx is a zip file
                raise DataError(
                    f"{path} is not an Excel workbook (not a zip file)",
                    hint="if it is text, give it a .csv or .psv name",
                )
        try:
            frame = pd.read_excel(path, header=None, dtype=str)
        except Exception as exc:  # openpyxl raises many kinds for a broken workbook
            raise DataError(f"cannot read {path} as an Excel workbook: {exc}") from None
        return [[_cell(v) for v in row] for row in frame.itertuples(index=False)]
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise DataError(f"{path} is not UTF-8 text", hint="give a Compendium CSV, PSV or XLSX") from None
    first = text.split("\n", 1)[0]
    delimiter = "|" if first.count("|") > first.count(",") else ","
    return [[c.strip() for c in row] for row in csv.reader(text.splitlines(), delimiter=delimiter)]


def _website_columns(table: list[list[str]]) -> tuple[int, int, int, int, int] | None:
    """(header row index, 2011 code column, MET column, description column, category column)."""
    for i, row in enumerate(table[:5]):
        if "2011 Compendium" in row and "Description" in row:
            code_col = row.index("2011 Compendium")
            sub = table[i + 1] if i + 1 < len(table) else []
            if code_col + 1 >= len(sub) or sub[code_col] != "Codes" or sub[code_col + 1] != "METs":
                return None
            category = row.index("Category") if "Category" in row else -1
            return i, code_col, code_col + 1, row.index("Description"), category
    return None


def read_compendium(path: str | Path, edition: str | None = None) -> ParsedCompendium:
    """Parse one Compendium file; raise ``DataError`` for a layout it does not know."""
    path = Path(path)
    if not path.is_file():
        raise InputFileError(
            f"no Compendium file at {path}",
            hint="give the path of a Compendium CSV, PSV or XLSX (from https://pacompendium.com)",
        )
    table = _read_table(path)
    if table and [c.lower() for c in table[0][:4]] == NORMALIZED_HEADER:
        parsed = ParsedCompendium(path, "normalized", _edition_from(path, edition))
        for line, row in enumerate(table[1:], start=2):
            if not any(row):
                continue
            while len(row) > 4 and not row[-1]:  # trailing empty cells ("a,b,c,d,")
                row = row[:-1]
            if len(row) != 4:
                parsed.rejects.append(
                    Reject(line, f"{len(row)} cells, expected 4 (code,major_heading,met,description)")
                )
                continue
            _validate(parsed, line, row[0], row[1], row[2], row[3])
        return parsed
    columns = _website_columns(table)
    if columns is None:
        raise DataError(
            f"{path} is not a Compendium layout fitcli knows",
            hint="expected a code,major_heading,met,description CSV or the 2011 website sheet",
        )
    if edition is not None and str(edition) != "2011":
        raise DataError(
            f"{path} is the 2011 website sheet; it has no {edition} codes", hint="use --edition 2011"
        )
    header, code_col, met_col, desc_col, cat_col = columns
    parsed = ParsedCompendium(path, "website", "2011")
    for line, row in enumerate(table[header + 2 :], start=header + 3):
        row = row + [""] * (max(code_col, met_col, desc_col, cat_col) + 1 - len(row))
        if not any(row):
            continue
        if not row[code_col] and not row[met_col]:
            parsed.not_in_edition += 1
            continue
        heading = row[cat_col] if cat_col >= 0 else ""
        _validate(parsed, line, row[code_col], heading, row[met_col], row[desc_col])
    return parsed


SHRINK_LIMIT = 0.5  # a load leaving an edition with fewer than this share of its rows needs --replace


def _check_rows(p: ParsedCompendium) -> None:
    if not p.rows:
        shown = "; ".join(f"line {r.line}: {r.reason}" for r in p.rejects[:3])
        more = f" (and {len(p.rejects) - 3} more)" if len(p.rejects) > 3 else ""
        raise DataError(
            f"{p.path} has no valid row"
            + (f": {len(p.rejects)} rejected, {shown}{more}" if p.rejects else ""),
            hint="nothing was loaded",
        )


def _check_shrink(con, p: ParsedCompendium) -> None:  # type: ignore[no-untyped-def]
    row = con.execute("SELECT count(*) FROM compendium WHERE edition = ?", [p.edition]).fetchone()
    before = int(row[0]) if row else 0
    if before and len(p.rows) < before * SHRINK_LIMIT:
        raise DataError(
            f"loading {p.path.name} would shrink edition {p.edition} from {before} to {len(p.rows)} rows",
            hint="pass --replace to replace it anyway; nothing was loaded",
        )


def load_compendium(
    journal: Journal, paths: list[Path], edition: str | None = None, *, replace: bool = False
) -> list[LoadResult]:
    """Parse every file first (nothing is written if one fails), then replace editions in one transaction.

    A file with no valid row is an error; so is one that would leave an edition with less than half
    of its rows, unless ``replace``.
    """
    parsed = [read_compendium(p, edition) for p in paths]
    for p in parsed:
        _check_rows(p)
    results = []
    with journal.transaction() as con:
        for p in parsed:
            if not replace:
                _check_shrink(con, p)
            con.execute("DELETE FROM compendium WHERE edition = ?", [p.edition])
            con.executemany(
                "INSERT INTO compendium VALUES (?, ?, ?, ?, ?)",
                [[r.edition, r.code, r.major_heading, r.met, r.description] for r in p.rows],
            )
            results.append(
                LoadResult(p.path, p.layout, p.edition, len(p.rows), tuple(p.rejects), p.not_in_edition)
            )
    return results


def _loaded_editions(con) -> list[str]:  # type: ignore[no-untyped-def]
    return [r[0] for r in con.execute("SELECT DISTINCT edition FROM compendium ORDER BY edition").fetchall()]


def loaded_editions(journal: Journal) -> list[str]:
    """The Compendium editions loaded in the journal, oldest first (none when there is no journal)."""
    if not journal.path.exists():
        return []
    with journal.connect() as con:
        return _loaded_editions(con)


# What to do without a loaded Compendium, for a user with an installed fitcli (no data files ship
# with it: the Compendium's terms ask for its unaltered values with attribution, from its site).
LOAD_HINT = (
    "load one: download the activity list of the 2024 Adult Compendium from https://pacompendium.com "
    "as a CSV with columns code,major_heading,met,description (or the 2011 edition's sheet) and run "
    "fitcli met load FILE; without it, fitcli log --activity NAME uses the built-in table"
)


def search(
    journal: Journal, text: str, edition: str | None = None, heading: str | None = None, limit: int = 20
) -> list[CompendiumRow]:
    """Rows whose description or heading contains every word of ``text`` (any order, any case), best first.

    Rank: words found as whole words count 1, inside a longer word 0.5; ties go to the description
    closest to the query (DuckDB's built-in ``jaro_winkler_similarity``), then the shorter one.
    """
    if limit < 1:
        raise UsageError(f"--limit {limit} is not a row count", hint="give 1 or more")
    if edition is not None and str(edition) not in EDITIONS:
        raise UnknownNameError(f"unknown edition {edition!r}", hint=f"use one of {', '.join(EDITIONS)}")
    words = re.findall(r"[a-z0-9]+", text.lower())
    if not words:
        raise DataError(f"nothing to search for in {text!r}", hint="give one or more words")
    where = ["(? IS NULL OR edition = ?)", "(? IS NULL OR major_heading ILIKE '%' || ? || '%')"]
    params: list[object] = [edition, edition, heading, heading]
    score = []
    for word in words:
        where.append("lower(description || ' ' || major_heading) LIKE '%' || ? || '%'")
        params.append(word)
        score.append(f"CASE WHEN regexp_matches(lower(description), '\\b{word}\\b') THEN 1 ELSE 0.5 END")
    sql = (
        f"SELECT code, edition, major_heading, met, description, {' + '.join(score)}"
        " + jaro_winkler_similarity(lower(description), ?) AS score"
        f" FROM compendium WHERE {' AND '.join(where)}"
        " ORDER BY score DESC, length(description), code, edition LIMIT ?"
    )
    with journal.connect(create=False) as con:
        if not _loaded_editions(con):
            raise DataError("no Compendium loaded in the journal", hint=LOAD_HINT)
        rows = con.execute(sql, [" ".join(words), *params, limit]).fetchall()
    return [CompendiumRow(r[0], r[1], r[2], r[3], r[4]) for r in rows]


def show(journal: Journal, code: str, edition: str | None = None) -> list[CompendiumRow]:
    """A code in every loaded edition (or one); falls back to the built-in table when nothing is loaded."""
    from fitcli.met.catalog import builtin_codes, builtin_fact_for_code

    if not _CODE.match(code.strip()):
        raise UnknownNameError(f"code {code!r} is not 5 digits", hint="Compendium codes look like 02020")
    if edition is not None and str(edition) not in EDITIONS:
        raise UnknownNameError(f"unknown edition {edition!r}", hint=f"use one of {', '.join(EDITIONS)}")
    code = code.strip()
    rows, loaded, known = [], [], []
    if journal.path.exists():
        with journal.connect() as con:
            rows = con.execute(
                "SELECT code, edition, major_heading, met, description FROM compendium"
                " WHERE code = ? AND (? IS NULL OR edition = ?) ORDER BY edition",
                [code, edition, edition],
            ).fetchall()
            loaded = _loaded_editions(con)
            known = [r[0] for r in con.execute("SELECT DISTINCT code FROM compendium").fetchall()]
    found = [CompendiumRow(*r) for r in rows]
    if not found:
        for ed in [edition] if edition else list(EDITIONS):
            fact = builtin_fact_for_code(code, ed) if ed not in loaded else None
            if fact:
                found.append(CompendiumRow(fact.code, fact.edition, "(built-in)", fact.met, fact.description))
    if not found:
        where = f"editions {', '.join(loaded)}" if loaded else "the built-in table (no Compendium loaded)"
        close = closest_codes(code, known if loaded else builtin_codes())
        hint = f"closest codes: {', '.join(close)}; " if close else ""
        raise UnknownNameError(f"no code {code} in {where}", hint=f"{hint}try fitcli met search WORDS")
    return found


def closest_codes(code: str, codes: list[str], n: int = 3) -> list[str]:
    """Up to ``n`` codes nearest to ``code``: same 2-digit major heading first, then by numeric distance."""
    unique = sorted(set(codes))
    return sorted(unique, key=lambda c: (c[:2] != code[:2], abs(int(c) - int(code)), c))[:n]
