"""The health commands through the real Typer app: exit codes, one-line errors, journal state after."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from fitcli.cli.main import app

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "met"
runner = CliRunner()


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "journal.duckdb"
    monkeypatch.setenv("FITCLI_DB", str(path))
    monkeypatch.setenv("FITCLI_HOME", str(tmp_path / "home"))
    return path


def ok(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def fails(*args: str, code: int = 2) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), result.stderr
    return lines[0]


@pytest.fixture
def ana(db):
    ok(
        "profile",
        "set",
        "--name",
        "ana",
        "--weight",
        "60",
        "--height",
        "165",
        "--age",
        "25",
        "--sex",
        "female",
    )
    return db


@pytest.mark.skipif(not DATA.exists(), reason=f"shared data folder absent: {DATA}")
def test_met_load_all_three_layouts_and_search_show(db):
    names = ["compendium_1993_2000_2011_website.xlsx", "compendium_1993_2000_2011_website.psv"]
    stdout = ok(
        "met", "load", *(str(DATA / n) for n in [*names, "compendium_2024.csv", "compendium_2011.csv"])
    )
    assert stdout.splitlines() == [
        "compendium_1993_2000_2011_website.xlsx: edition 2011 (website layout): 820 loaded, 0 rejected, "
        "43 rows without a 2011 code skipped",
        "compendium_1993_2000_2011_website.psv: edition 2011 (website layout): 820 loaded, 0 rejected, "
        "43 rows without a 2011 code skipped",
        "compendium_2024.csv: edition 2024 (normalized layout): 1111 loaded, 0 rejected",
        "compendium_2011.csv: edition 2011 (normalized layout): 821 loaded, 0 rejected",
    ]
    rows = json.loads(ok("met", "search", "jacks", "JUMPING", "--edition", "2024", "-f", "json"))
    assert rows[0]["code"] == "02020" and rows[0]["met"] == 7.5
    assert [r["met"] for r in json.loads(ok("met", "show", "02068", "-f", "json"))] == [11.0, 11.0]
    assert "99999" in fails("met", "show", "99999")


def _load_one(tmp_path: Path, edition: str, met: float) -> None:
    comp = tmp_path / f"compendium_{edition}.csv"
    comp.write_text(f"code,major_heading,met,description\n02020,Conditioning,{met},calisthenics\n")
    ok("met", "load", str(comp))


def test_log_a_code_uses_the_loaded_edition_and_says_what_to_load(ana, tmp_path):
    _load_one(tmp_path, "2024", 7.5)
    stdout = ok("log", "--activity", "02020", "--minutes", "10", "--date", "2026-11-16")
    assert "7.5 MET (02020, 2024" in stdout  # not "is not in the 2011 edition": 2011 is not loaded
    line = fails("log", "-a", "02020", "-t", "10", "--edition", "2011")
    assert "the 2011 edition is not loaded (loaded: 2024)" in line
    assert "fitcli met load COMPENDIUM_2011.csv --edition 2011" in line and "--edition 2024" in line
    assert "4.8 MET (17200, 2024" in ok("log", "-a", "walking", "-t", "10")  # names: the loaded edition
    _load_one(tmp_path, "2011", 8.0)
    assert "8 MET (02020, 2011" in ok("log", "-a", "02020", "-t", "10")  # both loaded: 2011
    assert "7.5 MET (02020, 2024" in ok("log", "-a", "02020", "-t", "10", "--edition", "2024")


def test_search_without_a_compendium_names_what_an_installed_user_can_do(ana):
    line = fails("met", "search", "walking")
    assert "no Compendium loaded" in line and "https://pacompendium.com" in line
    assert "fitcli met load FILE" in line and "../shared" not in line


def test_empty_lists_say_so_on_stderr(ana):
    for args, line in (
        (["sessions", "list"], "no sessions for user 'ana'"),
        (["sessions", "list", "--user", "nobody"], "no sessions for user 'nobody' (known users: ana)"),
        (
            ["sessions", "list", "--from", "2026-11-16", "-e", "squat"],
            "no sessions of squat for user 'ana' from 2026-11-16",
        ),
        (["meal", "list", "--to", "2026-11-22"], "no meals for user 'ana' to 2026-11-22"),
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 0 and result.stdout == "", result.output
        assert result.stderr.strip() == line
    result = runner.invoke(app, ["sessions", "list", "-f", "json"])
    assert result.exit_code == 0 and json.loads(result.stdout) == [] and "no sessions" in result.stderr


def test_sessions_list_by_exercise_and_limit(ana):
    for day in range(16, 21):
        ok("log", "-a", "walking", "-t", "10", "--date", f"2026-11-{day}")
    ok("log", "-a", "push ups", "-t", "5", "--date", "2026-11-18")
    listed = json.loads(ok("sessions", "list", "--exercise", "Walking", "--limit", "2", "-f", "json"))
    assert [(s["exercise"], s["start"][:10]) for s in listed] == [
        ("walking", "2026-11-19"),
        ("walking", "2026-11-20"),
    ]
    (push,) = json.loads(ok("sessions", "list", "-e", "pushups", "-f", "json"))
    assert push["exercise"] == "push-up"
    assert len(json.loads(ok("sessions", "list", "--limit", "3", "-f", "json"))) == 3
    assert "unknown exercise 'zumba-x'" in fails("sessions", "list", "-e", "zumba-x")
    assert "--limit 0 is not a session count" in fails("sessions", "list", "--limit", "0")


def test_meal_delete(ana):
    ok("meal", "add", "--kcal", "500", "--name", "lunch", "--date", "2026-11-16")
    ok("meal", "add", "--kcal", "300", "--name", "snack", "--date", "2026-11-16")
    meals = json.loads(ok("meal", "list", "-f", "json"))
    assert "deleted meal" in ok("meal", "delete", meals[0]["id"])
    assert [m["name"] for m in json.loads(ok("meal", "list", "-f", "json"))] == ["snack"]
    assert "no meal with id 'zzzz'" in fails("meal", "delete", "zzzz")
    assert "give a meal id" in fails("meal", "delete", " ")
    assert len(json.loads(ok("meal", "list", "-f", "json"))) == 1


def test_profile_list(ana):
    ok("profile", "set", "--name", "bo", "--weight", "80")
    ok("log", "-a", "walking", "-t", "10")
    rows = json.loads(ok("profile", "list", "-f", "json"))
    assert [(r["user"], r["default"], r["weight_kg"], r["sessions"]) for r in rows] == [
        ("ana", True, 60.0, 1),
        ("bo", False, 80.0, 0),
    ]
    table = runner.invoke(app, ["profile", "list"])
    assert table.exit_code == 0 and "ana" in table.stderr and "bo" in table.stderr


def test_profile_list_without_profiles(db):
    ok("meal", "add", "--kcal", "500")
    result = runner.invoke(app, ["profile", "list"])
    assert result.exit_code == 0 and result.stderr.startswith("no profiles yet")


def test_met_load_bad_input(db, tmp_path):
    notes = tmp_path / "notes.csv"
    notes.write_text("name,value\nx,1\n", encoding="utf-8")
    assert "not a Compendium layout" in fails("met", "load", str(notes), "--edition", "2011")
    assert "no Compendium file" in fails("met", "load", str(tmp_path / "missing.csv"))
    assert "no Compendium file given" in fails("met", "load")
    rejects = tmp_path / "x_2011.csv"
    rejects.write_text("code,major_heading,met,description\n1234,a,2,b\n01234,a,2,b\n", encoding="utf-8")
    result = runner.invoke(app, ["met", "load", str(rejects)])
    assert result.exit_code == 0
    assert "line 2: code '1234' is not 5 digits" in result.stderr
    assert "1 loaded, 1 rejected" in result.stdout


def test_profile_and_bad_values(ana):
    facts = json.loads(ok("profile", "show", "-f", "json"))[0]
    assert facts["bmr_harris_benedict"] == 1405.3 and facts["bmi_class_asia_pacific"] == "normal"
    # resting VO2 = 1405.333 kcal/day / 1440 / 5 * 1000 / 60 kg = 3.253 mL/kg/min
    assert facts["resting_vo2_ml_kg_min"] == 3.25
    assert "resting_vo2_ml_kg_min" in runner.invoke(app, ["profile", "show"]).stderr
    ok("profile", "set", "--name", "ana", "--weight", "72")
    facts = json.loads(ok("profile", "show", "-f", "json"))[0]
    assert facts["bmi"] == 26.4 and facts["bmi_class_who"] == "pre-obese"
    assert facts["bmi_class_asia_pacific"] == "obese class I"
    assert [h["weight_kg"] for h in facts["weight_history"]] == [60.0, 72.0]
    for bad in (["--weight", "0"], ["--weight", "500"], ["--height", "20"], ["--age", "-3"], ["--sex", "x"]):
        fails("profile", "set", "--name", "ana", *bad)
    assert json.loads(ok("profile", "show", "-f", "json"))[0]["weight_kg"] == 72.0
    assert "no profile for user 'zed'" in fails("profile", "show", "--user", "zed")


def test_log_meal_sessions_report(ana, tmp_path):
    logged = ok(  # 8.0 MET * 3.5 * 60 / 200 = 8.4 kcal/min * 2.1 = 17.64
        "log", "-a", "push ups", "-t", "2.1", "--effort", "vigorous", "--date", "2026-11-16"
    )
    # corrected MET 8.0 * 3.5 / 3.253086 = 8.61; kcal stay Compendium-based
    assert "17.6 kcal" in logged and "corrected 8.61 MET for you" in logged
    ok("log", "-a", "02052", "-t", "20", "--date", "2026-11-18", "--start", "07:00")
    ok("meal", "add", "--kcal", "650", "--name", "lunch", "--date", "2026-11-16", "--time", "12:30")
    sessions = json.loads(ok("sessions", "list", "-f", "json"))
    assert [(s["exercise"], s["met_code"], round(s["kcal"], 1)) for s in sessions] == [
        ("push-up", "02020", 17.6),
        ("code 02052", "02052", 105.0),
    ]
    shown = json.loads(ok("sessions", "show", sessions[1]["id"], "-f", "json"))[0]
    assert shown["start"] == "2026-11-18T07:00:00" and shown["met"] == 5.0
    assert shown["met_corrected"] == pytest.approx(5.0 * 3.5 / 3.253086, abs=1e-5)  # 5.37951
    assert [round(s["met_corrected"], 2) for s in sessions] == [8.61, 5.38]  # full precision in JSON
    assert sessions[1]["met_corrected"] == shown["met_corrected"] and len(sessions[1]["id"]) == 32
    table = runner.invoke(app, ["sessions", "show", sessions[1]["id"]]).stderr
    assert "met_corrected" in table and "5.37951" in table
    assert [m["kcal"] for m in json.loads(ok("meal", "list", "-f", "json"))] == [650.0]
    report = json.loads(ok("report", "weekly", "--week", "2026-W47", "-f", "json"))
    # 2.1 min of push-ups (no rep count) is under the 10 min floor; 20 min of squats (02052) counts
    assert report["totals"]["kcal_eaten"] == 650.0 and report["guidelines"]["strength_days"] == 1
    png = tmp_path / "w.png"
    ok("report", "weekly", "--from", "2026-11-16", "--to", "2026-11-22", "-f", "png", "-o", str(png))
    assert png.read_bytes().startswith(b"\x89PNG")
    assert "| total |" in ok("report", "weekly", "--week", "2026W47", "-f", "md")
    ok("sessions", "delete", sessions[0]["id"])
    assert len(json.loads(ok("sessions", "list", "-f", "json"))) == 1


def test_log_and_report_bad_input_changes_nothing(ana):
    assert "did you mean walking" in fails("log", "-a", "walkin", "-t", "10")
    for minutes in ("-5", "0", "100000"):
        fails("log", "-a", "walking", "-t", minutes)
    assert "cannot read date" in fails("log", "-a", "walking", "-t", "10", "--date", "16/11/2026")
    assert "cannot read time" in fails("log", "-a", "walking", "-t", "10", "--start", "7pm")
    fails("meal", "add", "--kcal", "-100")
    assert "cannot read week" in fails("report", "weekly", "--week", "2026-47")
    assert "does not exist" in fails("report", "weekly", "--week", "2026-W60")
    fails("report", "weekly", "--format", "pdf")
    fails("sessions", "show", "ffffffff")
    with duckdb.connect(str(ana), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM meals").fetchone()[0] == 0


def test_missing_and_corrupt_journal(db, tmp_path):
    assert "no journal" in fails("sessions", "list")
    bad = tmp_path / "corrupt.duckdb"
    bad.write_bytes(b"\x00garbage" * 500)
    assert "corrupt" in fails("sessions", "list", "--db", str(bad))
    assert "corrupt" in fails("log", "-a", "walking", "-t", "5", "--db", str(bad))
    assert bad.read_bytes() == b"\x00garbage" * 500


def test_export_import_idempotent(ana, tmp_path):
    ok("log", "-a", "walking", "-t", "30", "--date", "2026-11-16")
    ok("meal", "add", "--kcal", "500", "--date", "2026-11-16")
    out = tmp_path / "j.parquet"
    assert "exported 1 sessions, 1 meals, 1 profiles, 1 weight entries" in ok(
        "journal", "export", "-f", "parquet", "-o", str(out)
    )
    other = str(tmp_path / "other.duckdb")
    first = ok("journal", "import", str(out), "--db", other)
    assert "imported 1 sessions, 1 meals, 1 profiles, 1 weight entries" in first
    assert "0 already present; default user ana" in first
    assert (
        "imported 0 sessions, 0 meals, 0 profiles, 0 weight entries and 0 Compendium rows, 5 already"
        in ok("journal", "import", str(out), "--db", other)
    )


def test_export_takes_its_format_from_the_out_files_suffix(ana, tmp_path):
    ok("log", "-a", "walking", "-t", "30", "--date", "2026-11-16")
    ok("journal", "export", "-o", str(tmp_path / "j.json"))
    assert json.loads((tmp_path / "j.json").read_text())["records"]  # JSON, not CSV named .json
    ok("journal", "export", "-o", str(tmp_path / "j.parquet"))
    assert (tmp_path / "j.parquet").read_bytes()[:4] == b"PAR1"
    ok("journal", "export", "-o", str(tmp_path / "j.txt"))
    assert (tmp_path / "j.txt").read_text().startswith("kind,id,user_name")  # no known suffix: CSV
    ok("journal", "import", str(tmp_path / "j.json"), "--db", str(tmp_path / "back.duckdb"))


def test_export_to_stdout_writes_no_file(ana, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ok("log", "-a", "walking", "-t", "30", "--date", "2026-11-16")
    result = runner.invoke(app, ["journal", "export", "--out", "-"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith("kind,id,user_name,day")
    assert "to stdout" in result.stderr and not (tmp_path / "-").exists()
    data = json.loads(ok("journal", "export", "-f", "json", "-o", "-"))
    kinds = [r["kind"] for r in data["records"]]
    assert kinds == ["default_user", "profile", "weight", "session"]
    back = tmp_path / "back.json"
    back.write_text(json.dumps(data), encoding="utf-8")
    assert "imported 1 sessions, 0 meals, 1 profiles" in ok(
        "journal", "import", str(back), "--db", str(tmp_path / "b.duckdb")
    )


@pytest.mark.parametrize(
    "command",
    [["met", "load"], ["met", "search"], ["met", "show"], ["profile", "set"], ["profile", "show"], ["log"],
     ["meal", "add"], ["meal", "list"], ["meal", "delete"], ["profile", "list"], ["sessions", "list"], ["sessions", "show"], ["sessions", "delete"],
     ["journal", "export"], ["journal", "import"], ["report", "weekly"]],
)  # fmt: skip
def test_every_health_command_is_documented_with_an_example(command):
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0 and "Example: fitcli " in result.stdout


def test_help_does_not_import_duckdb_pandas_or_matplotlib():
    import subprocess
    import sys

    code = (
        "import sys; from fitcli.cli.main import app; "
        "print(sorted(m for m in ('duckdb', 'pandas', 'matplotlib') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_sessions_list_keeps_ids_and_start_times_whole_at_80_columns(ana, db):
    import subprocess
    import sys

    ok("log", "-a", "push ups", "-t", "5", "--date", "2026-11-18", "--start", "07:00")
    (session,) = json.loads(ok("sessions", "list", "-f", "json"))
    assert set(session) == {"id", "start", "end", "exercise", "met_code", "met", "met_corrected", "reps",
                            "minutes", "kcal"}  # fmt: skip
    env = {**__import__("os").environ, "COLUMNS": "80"}
    shown = subprocess.run(
        [sys.executable, "-m", "fitcli", "sessions", "list", "--db", str(db)],
        capture_output=True, text=True, env=env, check=True,
    ).stderr  # fmt: skip
    assert max(len(line) for line in shown.splitlines()) <= 80
    assert session["id"][:8] in shown and "2026-11-18 07:00" in shown


def test_a_whole_met_is_shown_as_the_compendium_writes_it(db):
    import subprocess
    import sys

    env = {**__import__("os").environ, "COLUMNS": "100"}
    shown = subprocess.run(
        [sys.executable, "-m", "fitcli", "met", "show", "13040"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stderr
    assert "│ 2.0 │" in shown and "│ 2 │" not in shown
    (row, *_) = json.loads(ok("met", "show", "13040", "-f", "json"))
    assert row["met"] == 2.0
