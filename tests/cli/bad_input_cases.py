"""The cases of the bad-input matrix, by class of mistake (see ``bad_input_support``).

``!token`` must appear in the error message; 2 = bad input, 1 = failure while working.
"""

from __future__ import annotations

from bad_input_support import C, Case

V = "{lib}/squat_front.mp4"  # a good video: a bad option next to it must fail before any model runs
J = "--db {t}/journal.duckdb"  # a copy of the good journal (with copy=("journal.duckdb",))
GOOD = ("journal.duckdb",)
JC = "--db !{lib}/journal_corrupt.duckdb"
JT = "--db !{lib}/journal_truncated.duckdb"
JG = "--db !{lib}/journal_garbage.duckdb"


def _missing_empty_folder(cmd: str, ext: str, kind: str) -> list[Case]:
    """A command given a missing file, an empty file and a folder where its file is due."""
    return [
        C(2, cmd.format(f"!{{t}}/gone.{ext}"), kind="missing"),
        C(2, cmd.format(f"!{{lib}}/empty.{ext}"), kind="empty"),
        C(2, cmd.format("!{lib}/folder"), kind="folder-for-file"),
        C(2, cmd.format("!{lib}/garbage.bin"), kind="corrupt"),
    ]


FILES: list[Case] = [
    # export: inputs
    *_missing_empty_folder("export {}", "mp4", "input"),
    C(2, "export !{lib}/truncated.mp4", kind="truncated"),
    C(2, "export !{lib}/text.mp4", kind="corrupt"),
    C(2, "export !{lib}/notes.txt", kind="wrong type"),
    C(2, "export !'{t}/frames/*.jpg'", kind="missing"),
    # bench
    *_missing_empty_folder("bench --video {}", "mp4", "input"),
    C(2, "bench --video !{lib}/truncated.mp4", kind="truncated"),
    # analyze: a video that exists but will not decode is a failed row of the batch (exit 1, the
    # other videos are still counted: tests/cli/test_workout_cli.py)
    C(2, "analyze !{t}/gone.mp4 -e squat --no-save", kind="missing"),
    C(2, "analyze !{lib}/folder -e squat --no-save", kind="folder-for-file"),
    *[
        C(1, f"analyze !{{lib}}/{name} -e squat --no-save -j 1", kind=kind)
        for name, kind in (
            ("empty.mp4", "empty"),
            ("garbage.bin", "corrupt"),
            ("truncated.mp4", "truncated"),
            ("notes.txt", "wrong type"),
        )
    ],
    C(2, f"analyze {V} -e squat --no-save --classifier !{{t}}/gone", kind="missing"),
    C(2, f"analyze {V} -e squat --no-save --classifier !{{lib}}/clf_empty", kind="empty"),
    C(2, f"analyze {V} -e squat --no-save --classifier !{{lib}}/clf_bad_onnx", kind="corrupt"),
    C(2, f"analyze {V} -e squat --no-save --classifier !{{lib}}/clf_bad_json", kind="corrupt"),
    C(2, f"analyze {V} -e squat --no-save --classifier !{{lib}}/afile", kind="file-for-folder"),
    # live
    *_missing_empty_folder("live -e squat --no-window --no-save --source {}", "mp4", "input"),
    C(2, "live -e squat --no-window --no-save --source !{lib}/truncated.mp4", kind="truncated"),
    # classify
    C(2, f"classify {V} --classifier !{{t}}/gone", kind="missing"),
    C(2, f"classify {V} --classifier !{{lib}}/clf_empty", kind="empty"),
    C(2, f"classify {V} --classifier !{{lib}}/afile", kind="file-for-folder"),
    C(2, f"classify {V} --classifier !{{lib}}/clf_bad_onnx", kind="corrupt"),
    C(2, f"classify {V} --classifier !{{lib}}/clf_bad_json", kind="corrupt"),
    C(2, f"classify {V} --classifier !{{lib}}/clf_no_labels", kind="corrupt"),
    # collect: sources and segment files
    *_missing_empty_folder("collect --label x --out {{t}}/p.csv --source {}", "mp4", "input"),
    C(2, "collect --label x --out {t}/p.csv --source !{lib}/truncated.mp4", kind="truncated"),
    *_missing_empty_folder("collect --out {{t}}/p.csv --segments {}", "csv", "input"),
    C(2, "collect --out {t}/p.csv --segments !{lib}/latin1.csv", kind="wrong encoding"),
    C(2, "collect --out {t}/p.csv --segments !{lib}/utf16.csv", kind="wrong encoding"),
    C(2, "collect --out {t}/p.csv --segments !{lib}/seg_header.csv", kind="wrong header"),
    C(2, "collect --out {t}/p.csv --segments !{lib}/seg_ragged.csv", kind="ragged"),
    C(2, "collect --out {t}/p.csv --segments !{lib}/seg_nan.csv", kind="nan"),
    C(2, "collect --out {t}/p.csv --segments !{lib}/seg_backwards.csv", kind="impossible range"),
    C(2, "collect --out {t}/p.csv --segments !{lib}/seg_emptylabel.csv", kind="empty string"),
    C(2, "collect --out {t}/p.csv --segments !{lib}/seg_headonly.csv", kind="empty"),
    C(2, "collect --label x --out !{lib}/ds_header.csv --source " + V, kind="wrong header"),
    C(2, "collect --label x --out !{lib}/latin1.csv --source " + V, kind="wrong encoding"),
    # train and dataset stats
    *_missing_empty_folder("train {} --out {{t}}/clf", "csv", "input"),
    *[
        C(2, f"{cmd} !{{lib}}/{name}", kind=kind)
        for cmd in ("train --out {t}/clf", "dataset stats")
        for name, kind in (
            ("ds_ragged.csv", "ragged"),
            ("ds_headonly.csv", "empty"),
            ("ds_header.csv", "wrong header"),
            ("ds_text_value.csv", "corrupt"),
            ("ds_nan.csv", "nan"),
            ("ds_latin1.csv", "wrong encoding"),
            ("utf16.csv", "wrong encoding"),
            ("text.parquet", "wrong type"),
        )
    ],
    *_missing_empty_folder("dataset stats {}", "csv", "input"),
    # eval reps: manifests
    *_missing_empty_folder("eval reps {}", "csv", "input"),
    *[
        C(2, f"eval reps !{{lib}}/{name}", kind=kind)
        for name, kind in (
            ("latin1.csv", "wrong encoding"),
            ("utf16.csv", "wrong encoding"),
            ("manifest_header.csv", "wrong header"),
            ("manifest_ragged.csv", "ragged"),
            ("manifest_reorder_ragged.csv", "ragged"),
            ("manifest_negative.csv", "negative"),
            ("manifest_nan.csv", "nan"),
            ("manifest_unknown.csv", "unknown name"),
            ("manifest_headonly.csv", "empty"),
        )
    ],
    C(2, "eval reps !{lib}/videos", kind="folder-for-file"),
    C(2, "eval reps {lib}/manifest_missing_video.csv", kind="missing", names=("gone.mp4",)),
    # eval lsp
    C(2, "eval lsp !{t}/gone", kind="missing"),
    C(2, "eval lsp !{lib}/afile", kind="file-for-folder"),
    C(2, "eval lsp !{lib}/folder", kind="empty"),
    C(2, "eval lsp !{lib}/lsp_nojoints", kind="missing"),
    C(2, "eval lsp !{lib}/lsp_truncated", kind="truncated"),
    C(2, "eval lsp !{lib}/lsp_garbage", kind="corrupt"),
    C(2, "eval lsp !{lib}/lsp_empty_mat", kind="empty"),
    C(2, "eval lsp !{lib}/lsp_text_mat", kind="corrupt"),
    C(2, "eval lsp !{lib}/lsp_wrong_shape", kind="wrong header"),
    C(2, "eval lsp {lib}/lsp_no_images", kind="missing", names=("im0001",)),
    C(2, "eval lsp {lib}/lsp_small --rescore --predictions !{lib}/garbage.bin", kind="corrupt"),
    C(2, "eval lsp {lib}/lsp_small --rescore --predictions !{lib}/empty.csv", kind="empty"),
    # met load: Compendium files
    *_missing_empty_folder("met load {} --edition 2011", "csv", "input"),
    *[
        C(2, f"met load !{{lib}}/{name} --edition 2011", kind=kind)
        for name, kind in (
            ("latin1.csv", "wrong encoding"),
            ("utf16.csv", "wrong encoding"),
            ("comp_header.csv", "wrong header"),
            ("comp_ragged.csv", "ragged"),
            ("comp_badrows.csv", "nan"),
            ("comp_2011_headonly.csv", "empty"),
            ("text.xlsx", "wrong type"),
            ("comp_2011.xlsx", "truncated"),
            ("empty.xlsx", "empty"),
            ("empty.psv", "empty"),
        )
    ],
    C(2, "met load !{lib}/comp_2011_latin1.csv", kind="wrong encoding"),
    # journal import
    *_missing_empty_folder("journal import {}", "csv", "input"),
    *[
        C(2, f"journal import !{{lib}}/{name}", kind=kind)
        for name, kind in (
            ("empty.parquet", "empty"),
            ("text.parquet", "corrupt"),
            ("export_truncated.parquet", "truncated"),
            ("export_header.csv", "wrong header"),
            ("export_ragged.csv", "ragged"),
            ("export_badrows.csv", "impossible date"),
            ("export_unknown_kind.csv", "wrong header"),
            ("export_latin1.csv", "wrong encoding"),
            ("utf16.csv", "wrong encoding"),
            ("latin1.csv", "wrong encoding"),
            ("garbage.json", "corrupt"),
            ("empty.json", "empty"),
            ("recovery_garbage.json", "truncated"),
            ("export_bad_version.json", "wrong format"),
            ("export_bad_record.json", "wrong type"),
            ("export_bad_weight.json", "negative"),
            ("export_truncated.json", "truncated"),
        )
    ],
    # models pull --tarball
    C(2, "models pull movenet-lightning --tarball !{t}/gone.tgz", kind="missing"),
    C(2, "models pull movenet-lightning --tarball !{lib}/text.tgz", kind="corrupt"),
    C(2, "models pull movenet-lightning --tarball !{lib}/truncated.tgz", kind="truncated"),
    C(2, "models pull movenet-lightning --tarball !{lib}/empty.csv", kind="empty"),
    C(2, "models pull movenet-lightning --tarball !{lib}/folder", kind="folder-for-file"),
    C(2, "models pull movenet-lightning --force --tarball !{lib}/text.tgz", kind="corrupt"),
]

OUTPUTS: list[Case] = [
    # export --out: a file, a folder under a file, an unwritable folder (all before any inference)
    C(2, f"export {V} --out !{{lib}}/afile", kind="file-for-folder"),
    C(2, f"export {V} --out !{{lib}}/afile/sub", kind="parent is a file"),
    C(2, f"export {V} --out !{{t}}/folder", kind="unwritable", unwritable=("{t}/folder",), copy=("folder",)),
    C(2, f"export {V} --out {{t}}/o --format json --out !{{lib}}/afile", kind="file-for-folder"),
    # report weekly --out
    C(
        2,
        f"report weekly --week 2026-W47 --format md --out !{{lib}}/folder {J}",
        kind="folder-for-file",
        copy=GOOD,
    ),
    C(
        2,
        f"report weekly --week 2026-W47 --format md --out !{{lib}}/afile/r.md {J}",
        kind="parent is a file",
        copy=GOOD,
    ),
    C(
        2,
        f"report weekly --week 2026-W47 --format csv --out !{{t}}/folder/r.csv {J}",
        kind="unwritable",
        copy=("journal.duckdb", "folder"),
        unwritable=("{t}/folder",),
    ),  # fmt: skip
    C(
        2,
        f"report weekly --week 2026-W47 --format png --out !{{lib}}/afile/r.png {J}",
        kind="parent is a file",
        copy=GOOD,
    ),
    C(
        2,
        f"report weekly --week 2026-W47 --format html --out !{{t}}/r.html {J}",
        kind="read-only",
        copy=("journal.duckdb", "afile"),
        unwritable=("{t}",),
    ),  # fmt: skip
    # journal export --out
    C(2, f"journal export --out !{{lib}}/folder {J}", kind="folder-for-file", copy=GOOD),
    C(2, f"journal export --out !{{lib}}/afile/j.csv {J}", kind="parent is a file", copy=GOOD),
    C(
        2,
        f"journal export --format parquet --out !{{lib}}/afile/j.parquet {J}",
        kind="parent is a file",
        copy=GOOD,
    ),
    C(
        2,
        f"journal export --out !{{t}}/folder/j.csv {J}",
        kind="unwritable",
        copy=("journal.duckdb", "folder"),
        unwritable=("{t}/folder",),
    ),  # fmt: skip
    C(
        2,
        f"journal export --format parquet --out !{{t}}/folder {J}",
        kind="folder-for-file",
        copy=("journal.duckdb", "folder"),
    ),
    # collect --out (checked before the model loads)
    C(2, f"collect --label x --source {V} --out !{{lib}}/folder", kind="folder-for-file"),
    C(2, f"collect --label x --source {V} --out !{{lib}}/afile/p.csv", kind="parent is a file"),
    C(
        2,
        f"collect --label x --source {V} --out !{{t}}/folder/p.csv",
        kind="unwritable",
        copy=("folder",),
        unwritable=("{t}/folder",),
    ),  # fmt: skip
    C(
        2,
        f"collect --label x --source {V} --out !{{t}}/ds_good.csv",
        kind="read-only",
        copy=("ds_good.csv",),
        unwritable=("{t}/ds_good.csv",),
    ),  # fmt: skip
    # train --out
    C(2, "train {lib}/ds_good.csv --out !{lib}/afile", kind="file-for-folder"),
    C(2, "train {lib}/ds_good.csv --out !{lib}/afile/clf", kind="parent is a file"),
    C(
        2,
        "train {lib}/ds_good.csv --out !{t}/folder/clf",
        kind="unwritable",
        copy=("folder",),
        unwritable=("{t}/folder",),
    ),  # fmt: skip
    # eval reps --keypoints-cache
    C(2, "eval reps {lib}/manifest.csv --keypoints-cache !{lib}/afile", kind="file-for-folder"),
    C(2, "eval reps {lib}/manifest.csv --keypoints-cache !{lib}/afile/cache", kind="parent is a file"),
    C(
        2,
        "eval reps {lib}/manifest.csv --keypoints-cache !{t}/folder",
        kind="unwritable",
        copy=("folder",),
        unwritable=("{t}/folder",),
    ),  # fmt: skip
    # eval lsp --predictions
    C(2, "eval lsp {lib}/lsp_small --predictions !{lib}/afile/p.npz", kind="parent is a file"),
    C(2, "eval lsp {lib}/lsp_small --predictions !{lib}/folder", kind="folder-for-file"),
    # analyze --annotate / --out / --db
    C(2, f"analyze {V} -e squat --no-save --annotate !{{lib}}/afile", kind="file-for-folder"),
    C(2, f"analyze {V} -e squat --no-save --annotate !{{lib}}/afile/sub", kind="parent is a file"),
    C(2, f"analyze {V} -e squat --no-save --export csv --out !{{lib}}/afile", kind="file-for-folder"),
    C(2, f"analyze {V} -e squat --no-save --export csv --out !{{lib}}/afile/sub", kind="parent is a file"),
    C(
        2,
        f"analyze {V} -e squat --no-save --export csv --out !{{t}}/folder",
        kind="unwritable",
        copy=("folder",),
        unwritable=("{t}/folder",),
    ),  # fmt: skip
    C(
        2,
        f"analyze {V} -e squat --no-save --annotate !{{t}}/folder",
        kind="unwritable",
        copy=("folder",),
        unwritable=("{t}/folder",),
    ),  # fmt: skip
    C(2, f"analyze {V} -e squat --db !{{lib}}/afile/j.duckdb", kind="parent is a file"),
    C(2, f"analyze {V} -e squat --db !{{lib}}/folder", kind="folder-for-file"),
    C(
        2,
        f"analyze {V} -e squat --db !{{t}}/journal.duckdb",
        kind="read-only",
        copy=GOOD,
        unwritable=("{t}/journal.duckdb",),
    ),  # fmt: skip
    # profile set / log / meal add: the journal is their output
    C(2, "profile set --weight 60 --db !{lib}/afile/j.duckdb", kind="parent is a file"),
    C(2, "profile set --weight 60 --db !{lib}/folder", kind="folder-for-file"),
    C(
        2,
        "profile set --weight 60 --db !{t}/journal.duckdb",
        kind="read-only",
        copy=GOOD,
        unwritable=("{t}/journal.duckdb",),
    ),  # fmt: skip
    C(
        2,
        "profile set --weight 60 --db !{t}/folder/j.duckdb",
        kind="unwritable",
        copy=("folder",),
        unwritable=("{t}/folder",),
    ),  # fmt: skip
    C(2, "log -a walking -t 30 --db !{lib}/afile/j.duckdb", kind="parent is a file"),
    C(
        2,
        "log -a walking -t 30 --db !{t}/journal.duckdb",
        kind="read-only",
        copy=GOOD,
        unwritable=("{t}/journal.duckdb",),
        names=("read-only",),
    ),  # fmt: skip
    C(
        2,
        "meal add --kcal 500 --db !{t}/journal.duckdb",
        kind="read-only",
        copy=GOOD,
        unwritable=("{t}/journal.duckdb",),
        names=("read-only",),
    ),  # fmt: skip
    C(2, "meal add --kcal 500 --db !{lib}/folder", kind="folder-for-file"),
    C(
        2,
        "sessions delete {sid} --db !{t}/journal.duckdb",
        kind="read-only",
        copy=GOOD,
        unwritable=("{t}/journal.duckdb",),
    ),  # fmt: skip
    C(
        2,
        "met load {lib}/comp_good.csv --edition 2011 --db !{t}/journal.duckdb",
        kind="read-only",
        copy=GOOD,
        unwritable=("{t}/journal.duckdb",),
    ),  # fmt: skip
    C(
        2,
        "journal import {lib}/export.csv --db !{t}/journal.duckdb",
        kind="read-only",
        copy=GOOD,
        unwritable=("{t}/journal.duckdb",),
    ),  # fmt: skip
    C(
        2,
        "live -e squat --no-window --source {lib}/squat_front.mp4 --db !{lib}/afile/j.duckdb",
        kind="parent is a file",
    ),
]


def _damaged(line: str, kind: str = "damaged journal") -> list[Case]:
    """``line`` against a truncated, a corrupted and a random-bytes journal."""
    return [C(2, f"{line} {db}", kind=kind, names=("damaged",)) for db in (JT, JC, JG)]


JOURNALS: list[Case] = [
    *_damaged("log -a walking -t 30"),
    *_damaged("meal add --kcal 500"),
    *_damaged("meal list"),
    *_damaged("meal delete 0"),
    *_damaged("profile list"),
    *_damaged("sessions list"),
    *_damaged("sessions show 0"),
    *_damaged("sessions delete 0"),
    *_damaged("profile set --weight 60"),
    *_damaged("profile show"),
    *_damaged("met search walking"),
    *_damaged("met show 02020"),
    *_damaged("met load {lib}/comp_good.csv --edition 2011"),
    *_damaged("report weekly --week 2026-W47"),
    *_damaged("report trend --weeks 2"),
    *_damaged("sessions export --out {t}/s.tcx"),
    *_damaged("journal export --out {t}/j.csv"),
    *_damaged("journal import {lib}/export.csv"),
    *_damaged(f"analyze {V} -e squat"),
    *_damaged("live -e squat --no-window --source {lib}/squat_front.mp4"),
    # a journal file that is no journal, and journals where none exists yet
    C(2, "sessions list --db !{lib}/ds_good.csv", kind="wrong type"),
    C(2, "sessions list --db !{lib}/empty.csv", kind="empty"),
    C(2, "sessions list --db !{t}/gone.duckdb", kind="missing"),
    C(2, "report weekly --db !{t}/gone.duckdb", kind="missing"),
    C(2, "report trend --db !{t}/gone.duckdb", kind="missing"),
    C(2, "profile show --db !{t}/gone.duckdb", kind="missing"),
    C(
        2,
        "met search walking --db {t}/journal_no_compendium.duckdb",
        kind="new journal",
        copy=("journal_no_compendium.duckdb",),
        names=("fitcli met load",),
    ),  # fmt: skip
    C(2, "log -a walking -t 30 --db {t}/new.duckdb", kind="new journal", names=("fitcli met load",)),
    C(2, "met search walking --db {t}/new.duckdb", kind="new journal", names=("fitcli met load",)),
    # the damaged-journal advice says how to recover
    C(2, f"sessions list {JT}", kind="damaged journal", names=("fitcli journal export", "copy")),
    # busy: another process holds the journal (failure while working: exit 1)
    C(
        1,
        "log -a walking -t 30 --wait 0 --db !{t}/journal.duckdb",
        kind="busy",
        copy=GOOD,
        env={"FITCLI_TEST_HOLD": "{t}/journal.duckdb"},
    ),  # fmt: skip
    C(
        1,
        "meal add --kcal 100 --wait 0 --db !{t}/journal.duckdb",
        kind="busy",
        copy=GOOD,
        env={"FITCLI_TEST_HOLD": "{t}/journal.duckdb"},
    ),  # fmt: skip
]

VALUES: list[Case] = [
    # numbers: negative, zero, NaN, inf, huge
    *[
        C(2, f"export {V} {opt}", kind=kind)
        for opt, kind in (
            ("--every !0", "zero"),
            ("--every !-1", "negative"),
            ("--fps !0", "zero"),
            ("--fps !-5", "negative"),
            ("--fps !nan", "nan"),
            ("--fps !inf", "inf"),
            ("--threads !0", "zero"),
            ("--model !nosuch", "unknown name"),
            ("--format !xls", "unknown name"),
            ("--every !1e9", "not a number"),
        )
    ],  # fmt: skip
    *[
        C(2, f"bench {opt}", kind=kind)
        for opt, kind in (
            ("--frames !0", "zero"),
            ("--repeats !-1", "negative"),
            ("--threads !0", "zero"),
            ("--model !nosuch", "unknown name"),
            ("--format !xls", "unknown name"),
            ("--frames !nan", "nan"),
        )
    ],  # fmt: skip
    C(2, "exercises --format !xls", kind="unknown name"),
    C(2, "exercises --format !''", kind="empty string", names=("format",)),
    *[
        C(2, f"analyze {V} --no-save {opt}", kind=kind)
        for opt, kind in (
            ("-e !squatz", "unknown name"),
            ("-e !''", "empty string"),
            ("-e squat --every !0", "zero"),
            ("-e squat --jobs !0", "zero"),
            ("-e squat --export !xls", "unknown name"),
            ("-e squat --format !xls", "unknown name"),
            ("-e squat --model !nosuch", "unknown name"),
            ("-e squat --wait !-1", "negative"),
            ("-e squat --people !3", "unknown name"),
            ("-e squat --people !''", "empty string"),
            ("-e squat --people all --model !movenet-lightning !!movenet-multipose", "wrong kind"),
        )
    ],  # fmt: skip
    *[
        C(2, f"live --no-window --no-save --source {V} {opt}", kind=kind)
        for opt, kind in (
            ("-e squat --duration !nan", "nan"),
            ("-e squat --duration !-5", "negative"),
            ("-e squat --duration !inf", "inf"),
            ("-e squat --duration !0", "zero"),
            ("-e !squatz", "unknown name"),
            ("-e squat --model !nosuch", "unknown name"),
            ("-e squat --wait !nan", "nan"),
            ("-e squat --duration 1e400 !!inf", "huge"),
            ("-e squat --people !3", "unknown name"),
            ("-e squat --people !''", "empty string"),
            ("-e squat --people all --model !movenet-lightning !!movenet-multipose", "wrong kind"),
        )
    ],  # fmt: skip
    C(2, "live -e squat --no-window --no-save --camera !99", kind="missing"),
    C(
        2,
        "live -e squat --no-window --no-save --source {lib}/squat_front.mp4 --record !{t}/s.avi",
        kind="wrong type",
    ),
    C(
        2,
        "live -e squat --no-window --no-save --source {lib}/squat_front.mp4 --record !{lib}/folder",
        kind="folder-for-file",
    ),
    C(2, "live -e squat --no-window --no-save --camera !''", kind="empty string", names=("camera",)),
    *[
        C(2, f"log {opt} {J}", kind=kind, copy=GOOD)
        for opt, kind in (
            ("-a walking -t !nan", "nan"),
            ("-a walking -t !-30", "negative"),
            ("-a walking -t !0", "zero"),
            ("-a walking -t !inf", "inf"),
            ("-a walking -t 1e308 !!1e+308", "huge"),
            ("-a !nosuchthing -t 30", "unknown name"),
            ("-a !'' -t 30", "empty string"),
            ("-a walking -t 30 --date !2026-02-30", "impossible date"),
            ("-a walking -t 30 --date !2026-13-01", "impossible date"),
            ("-a walking -t 30 --date !''", "empty string"),
            ("-a walking -t 30 --start !25:00", "impossible time"),
            ("-a walking -t 30 --effort !huge", "unknown name"),
            ("-a walking -t 30 --edition !1999", "unknown name"),
            ("-a !99999 -t 30", "unknown name"),
            ("-a walking -t 30 --wait !-1", "negative"),
            ("-a walking -t 30 --date !0000-01-01", "impossible date"),
            ("-a walking -t 30 --user !' '", "empty string"),
        )
    ],  # fmt: skip
    *[
        C(2, f"meal add {opt} {J}", kind=kind, copy=GOOD)
        for opt, kind in (
            ("--kcal !nan", "nan"),
            ("--kcal !-100", "negative"),
            ("--kcal !inf", "inf"),
            ("--kcal 1e300 !!1e+300", "huge"),
            ("--kcal 500 --date !2026-02-29", "impossible date"),
            ("--kcal 500 --time !24:61", "impossible time"),
            ("--kcal 500 --time !noon", "impossible time"),
            ("--kcal 500 --date !2099-01-01", "impossible date"),
        )
    ],  # fmt: skip
    C(2, f"log -a walking -t 10 --date !2099-01-01 {J}", kind="impossible date", copy=GOOD),
    *[
        C(2, f"{cmd} {opt} {J}", kind=kind, copy=GOOD)
        for cmd in ("meal list", "sessions list")
        for opt, kind in (
            ("--from !2026-02-30", "impossible date"),
            ("--to !yesterday2", "impossible date"),
            ("--format !xls", "unknown name"),
        )
    ],  # fmt: skip
    *[
        C(2, f"sessions list {opt} {J}", kind=kind, copy=GOOD)
        for opt, kind in (
            ("--limit !0", "zero"),
            ("--limit !-2", "negative"),
            ("--limit !lots", "not a number"),
            ("--exercise !nosuchexercise", "unknown name"),
            ("--exercise !''", "empty string"),
        )
    ],  # fmt: skip
    *[
        C(2, f"meal delete {opt} {J}", kind=kind, copy=GOOD)
        for opt, kind in (
            ("!''", "empty string"),
            ("!zzzz", "unknown name"),
            ("!'   '", "empty string"),
        )
    ],  # fmt: skip
    C(2, f"profile list --format !xls {J}", kind="unknown name", copy=GOOD),
    *[
        C(2, f"sessions {sub} {opt} {J}", kind=kind, copy=GOOD)
        for sub in ("show", "delete")
        for opt, kind in (
            ("!''", "empty string"),
            ("!zzzz", "unknown name"),
            ("!'   '", "empty string"),
        )
    ],  # fmt: skip
    C(2, f"sessions show 0 --format !xls {J}", kind="unknown name", copy=GOOD),
    *[
        C(2, f"report weekly {opt} {J}", kind=kind, copy=GOOD)
        for opt, kind in (
            ("--week !2026-W60", "impossible date"),
            ("--week !garbage", "impossible date"),
            ("--week !0000-W01", "impossible date"),
            ("--from !2026-13-01", "impossible date"),
            ("--from 2026-11-20 --to !2026-11-01", "impossible range"),
            ("--from 2020-01-01 --to !2026-01-01", "huge"),
            ("--format !xls", "unknown name"),
            ("--user !nobody", "unknown name"),
            ("--week !''", "empty string"),
        )
    ],  # fmt: skip
    *[
        C(2, f"sessions export --out {{t}}/s.tcx {opt} {J}", kind=kind, copy=GOOD)
        for opt, kind in (
            ("--format !gpx", "unknown name"),
            ("--from !2026-13-01", "impossible date"),
            ("--exercise !''", "empty string"),
            ("--user !nobody", "unknown name"),
        )
    ],  # fmt: skip
    C(2, f"sessions export --out !{{lib}}/folder {J}", kind="folder-for-file", copy=GOOD),
    C(2, "sessions export --out {t}/s.tcx --db !{t}/gone.duckdb", kind="missing"),
    *[
        C(2, f"report trend {opt} {J}", kind=kind, copy=GOOD)
        for opt, kind in (
            ("--weeks !0", "zero"),
            ("--weeks !-3", "negative"),
            ("--weeks !500", "huge"),
            ("--week !2026-W60", "impossible date"),
            ("--week !''", "empty string"),
            ("--format !xls", "unknown name"),
            ("--user !nobody", "unknown name"),
            ("--plot !{lib}/folder", "folder-for-file"),
            ("--plot !{lib}/afile/t.png", "parent is a file"),
        )
    ],  # fmt: skip
    *[
        C(2, f"journal export --out {{t}}/j.csv {opt} {J}", kind=kind, copy=GOOD)
        for opt, kind in (
            ("--format !xls", "unknown name"),
            ("--user !nobody", "unknown name"),
            ("--format json --user !nobody", "unknown name"),
        )
    ],  # fmt: skip
    C(2, f"journal export --out - --format !xls {J}", kind="unknown name", copy=GOOD),
    *[
        C(2, f"met search {opt} {J}", kind=kind, copy=GOOD)
        for opt, kind in (
            ("walking --limit !-1", "negative"),
            ("walking --limit !0", "zero"),
            ("walking --edition !1999", "unknown name"),
            ("!'' ", "empty string"),
            ("walking --format !xls", "unknown name"),
            ("walking --limit !1e9", "not a number"),
        )
    ],  # fmt: skip
    *[
        C(2, f"met show {opt} {J}", kind=kind, copy=GOOD)
        for opt, kind in (
            ("!abc", "unknown name"),
            ("!''", "empty string"),
            ("!99999", "unknown name"),
            ("02020 --edition !1999", "unknown name"),
            ("02020 --format !xls", "unknown name"),
        )
    ],  # fmt: skip
    C(2, f"met load {{lib}}/comp_badrows.csv --edition !1999 {J}", kind="unknown name", copy=GOOD),
    C(2, f"met load !!Compendium {J}", kind="missing", copy=GOOD),
    C(2, f"met load !{{lib}}/notes.txt {J}", kind="wrong type", copy=GOOD),
    *[
        C(2, f"profile set {opt} {J}", kind=kind, copy=GOOD)
        for opt, kind in (
            ("--name !'' --weight 60", "empty string"),
            ("--name !'  ' --weight 60", "empty string"),
            ("--weight !-60", "negative"),
            ("--weight !nan", "nan"),
            ("--weight !inf", "inf"),
            ("--weight !0", "zero"),
            ("--weight 1e9 !!1000000000", "huge"),
            ("--height !nan", "nan"),
            ("--height !-1", "negative"),
            ("--age !-5", "negative"),
            ("--age !nan", "nan"),
            ("--age !500", "huge"),
            ("--sex !x", "unknown name"),
            ("--sex !''", "empty string"),
        )
    ],  # fmt: skip
    *[
        C(2, f"profile show {opt} {J}", kind=kind, copy=GOOD)
        for opt, kind in (
            ("--user !nobody", "unknown name"),
            ("--format !xls", "unknown name"),
        )
    ],  # fmt: skip
    *[
        C(2, f"collect --out {{t}}/p.csv {opt}", kind=kind)
        for opt, kind in (
            (f"--label x --source {V} --stop-at !nan", "nan"),
            (f"--label x --source {V} --stop-at !inf", "inf"),
            (f"--label x --source {V} --stop-at !-1", "negative"),
            (f"--label x --source {V} --start-at !-1", "negative"),
            (f"--label x --source {V} --start-at 5 --stop-at !2", "impossible range"),
            (f"--label x --source {V} --start-at !nan", "nan"),
            (f"--label x --source {V} --interval !-1", "negative"),
            (f"--label x --source {V} --interval !nan", "nan"),
            (f"--label x --source {V} --min-score !2", "huge"),
            (f"--label x --source {V} --min-score !nan", "nan"),
            (f"--label !'' --source {V}", "empty string"),
            (f"--label x --source {V} --model !nosuch", "unknown name"),
            ("--label x", "missing"),
            (f"--source {V}", "missing"),
            (f"--label x --source {V} --camera 0", "conflict"),
            ("--label x --source !''", "empty string"),
        )
    ],  # fmt: skip
    *[
        C(2, f"train {{lib}}/ds_good.csv --out {{t}}/clf {opt}", kind=kind)
        for opt, kind in (
            ("--epochs !0", "zero"),
            ("--val-split !nan", "nan"),
            ("--val-split !-0.5", "negative"),
            ("--val-split !2", "huge"),
            ("--label !nosuch", "unknown name"),
            ("--val-source !nosuch", "unknown name"),
            ("--val-split !inf", "inf"),
        )
    ],  # fmt: skip
    *[
        C(2, f"classify {V} --classifier {{lib}}/clf_bad_onnx {opt}", kind=kind)
        for opt, kind in (
            ("--smooth !-1", "negative"),
            ("--smooth !nan", "nan"),
            ("--format !xls", "unknown name"),
        )
    ],  # fmt: skip
    C(2, "models list --format !xls", kind="unknown name"),
    C(2, "models pull !nosuch", kind="unknown name"),
    C(2, "models pull !''", kind="empty string", names=("model",)),
    *[
        C(2, f"eval lsp {{lib}}/lsp_no_images {opt}", kind=kind)
        for opt, kind in (
            ("--split !0-5", "impossible range"),
            ("--split !garbage", "unknown name"),
            ("--split !5-1", "impossible range"),
            ("--limit !0", "zero"),
            ("--limit !-3", "negative"),
            ("--format !xls", "unknown name"),
            ("--model !nosuch", "unknown name"),
            ("--head-rule !nose", "unknown name"),
            ("--split !1-99999", "huge"),
        )
    ],  # fmt: skip
    *[
        C(2, f"eval reps {{lib}}/manifest.csv {opt}", kind=kind)
        for opt, kind in (
            ("--format !xls", "unknown name"),
            ("--model !nosuch", "unknown name"),
        )
    ],  # fmt: skip
    *[
        C(2, f"dataset stats {{lib}}/ds_good.csv {opt}", kind=kind)
        for opt, kind in (
            ("--neighbours !0", "zero"),
            ("--show !-1", "negative"),
            ("--format !xls", "unknown name"),
        )
    ],  # fmt: skip
    C(2, "!nosuch-command", kind="unknown name"),
    C(2, "sessions !nosuch", kind="unknown name"),
]

# --ray-address (issue 11): a cluster that cannot be reached is one line naming the address, exit 2,
# in seconds and before any model runs (a worker that cannot see a file, a damaged model and Ray not
# installed are in tests/pipelines/test_ray_batch.py; a dead worker in tests/cli/test_ray_cluster.py)
RAY: list[Case] = [
    *[
        C(2, f"{cmd} --ray-address {addr}", kind=kind, requires="ray")
        for cmd in (f"analyze {V} -e squat --no-save", f"export {V} --out {{t}}/o")
        for addr, kind in (
            ("!127.0.0.1:1", "unreachable"),
            ("!nosuchhost.invalid:6379", "unknown name"),
            ("!headnode", "wrong format"),
            ("!10.0.0.5:99999", "huge"),
            ("!''", "empty string"),
        )
    ],
    C(2, f"analyze {V} -e squat --no-save", kind="unreachable", env={"RAY_ADDRESS": "127.0.0.1:1"},
      names=("127.0.0.1:1",), requires="ray"),
    # (auto with no cluster: tests/pipelines/test_ray_batch.py; Ray's auto finds any Ray running here)
    C(2, f"export {V} --out {{t}}/o --jobs !2", kind="conflict", names=("--ray-address",)),
]  # fmt: skip

ALL: list[Case] = [*FILES, *OUTPUTS, *JOURNALS, *VALUES, *RAY]
