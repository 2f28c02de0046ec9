"""Loading all three Compendium layouts into a real DuckDB journal, rejects, search and show."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from fitcli.errors import DataError, InputFileError, UnknownNameError
from fitcli.met import compendium
from fitcli.met.journal import Journal

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "met"
CSV_2011 = DATA / "compendium_2011.csv"
CSV_2024 = DATA / "compendium_2024.csv"
XLSX = DATA / "compendium_1993_2000_2011_website.xlsx"
PSV = DATA / "compendium_1993_2000_2011_website.psv"

pytestmark = pytest.mark.skipif(not DATA.exists(), reason=f"shared data folder absent: {DATA}")


def _count(db: Path, edition: str) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT count(*) FROM compendium WHERE edition = ?", [edition]).fetchone()[0]


@pytest.mark.parametrize(
    ("path", "layout", "edition", "loaded", "retired"),
    [
        (CSV_2011, "normalized", "2011", 821, 0),
        (CSV_2024, "normalized", "2024", 1111, 0),
        (XLSX, "website", "2011", 820, 43),
        (PSV, "website", "2011", 820, 43),
    ],
)
def test_each_layout_loads_exact_counts(tmp_path, path, layout, edition, loaded, retired):
    db = tmp_path / "j.duckdb"
    (result,) = compendium.load_compendium(Journal(db), [path])
    assert (result.layout, result.edition, result.loaded, result.rejects, result.not_in_edition) == (
        layout,
        edition,
        loaded,
        (),
        retired,
    )
    assert _count(db, edition) == loaded


def test_website_sheet_agrees_with_normalized_2011():
    csv_rows = {r.code: r for r in compendium.read_compendium(CSV_2011).rows}
    for path in (XLSX, PSV):
        sheet = {r.code: r for r in compendium.read_compendium(path).rows}
        # SOURCES.md: 11767 is missing from the website scrape and was added to the CSV
        assert set(csv_rows) - set(sheet) == {"11767"}
        assert all(sheet[c].met == csv_rows[c].met for c in sheet)
        assert sheet["02020"].major_heading == "conditioning exercise"


def test_reload_replaces_edition_and_keeps_others(tmp_path):
    db = tmp_path / "j.duckdb"
    journal = Journal(db)
    compendium.load_compendium(journal, [CSV_2011, CSV_2024])
    compendium.load_compendium(journal, [PSV])
    assert (_count(db, "2011"), _count(db, "2024")) == (820, 1111)


def test_rejects_reported_by_line(tmp_path):
    bad = tmp_path / "mine_2024.csv"
    bad.write_text(
        "code,major_heading,met,description\n"
        "02020,Conditioning,7.5,calisthenics vigorous\n"  # line 2 ok
        "2020,Conditioning,7.5,four digits\n"  # line 3
        "02021,Conditioning,30,too high\n"  # line 4
        "02022,Conditioning,abc,not a number\n"  # line 5
        "02023,Conditioning,3.0,\n"  # line 6
        "02020,Conditioning,7.5,again\n",  # line 7
        encoding="utf-8",
    )
    parsed = compendium.read_compendium(bad)
    assert parsed.edition == "2024" and [r.code for r in parsed.rows] == ["02020"]
    assert [(r.line, r.reason) for r in parsed.rejects] == [
        (3, "code '2020' is not 5 digits"),
        (4, "MET 30 is outside 0.5-25"),
        (5, "MET 'abc' is not a number"),
        (6, "empty description"),
        (7, "code 02020 appears twice"),
    ]


def test_unknown_layout_leaves_journal_unchanged(tmp_path):
    db = tmp_path / "j.duckdb"
    journal = Journal(db)
    compendium.load_compendium(journal, [CSV_2011])
    other = tmp_path / "notes_2011.csv"
    other.write_text("name,value\nx,1\n", encoding="utf-8")
    with pytest.raises(DataError, match="not a Compendium layout"):
        compendium.load_compendium(journal, [CSV_2024, other])
    assert (_count(db, "2011"), _count(db, "2024")) == (821, 0)


def test_edition_errors(tmp_path):
    plain = tmp_path / "table.csv"
    plain.write_text(CSV_2011.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(DataError, match="--edition"):
        compendium.read_compendium(plain)
    assert len(compendium.read_compendium(plain, "2011").rows) == 821
    with pytest.raises(DataError, match="no 2024 codes"):
        compendium.read_compendium(PSV, "2024")
    with pytest.raises(InputFileError):
        compendium.read_compendium(tmp_path / "missing.csv")


def test_search_ranked_any_order_any_case(tmp_path):
    journal = Journal(tmp_path / "j.duckdb")
    compendium.load_compendium(journal, [CSV_2011, CSV_2024])
    rows = compendium.search(journal, "JACKS jumping", edition="2011")
    assert rows[0].code == "02020"
    rows = compendium.search(journal, "squats", edition="2024")
    assert rows[0].code == "02052"
    brisk = compendium.search(journal, "brisk", heading="walking")
    assert brisk and all(r.major_heading.lower() == "walking" for r in brisk)
    assert compendium.search(journal, "zzzz") == []


def test_search_without_compendium(tmp_path):
    journal = Journal(tmp_path / "j.duckdb")
    journal.users()  # creates an empty journal
    with pytest.raises(DataError, match="no Compendium loaded"):
        compendium.search(journal, "walking")


def test_show_loaded_and_built_in(tmp_path):
    journal = Journal(tmp_path / "j.duckdb")
    built_in = compendium.show(journal, "13040")
    assert [(r.edition, r.met, r.major_heading) for r in built_in] == [
        ("2011", 2.0, "(built-in)"),
        ("2024", 2.0, "(built-in)"),
    ]
    compendium.load_compendium(journal, [CSV_2011, CSV_2024])
    rows = compendium.show(journal, "19144")
    assert [(r.edition, r.met) for r in rows] == [("2024", 12.8)]
    with pytest.raises(UnknownNameError):
        compendium.show(journal, "99999")
    with pytest.raises(UnknownNameError, match="5 digits"):
        compendium.show(journal, "2020")
