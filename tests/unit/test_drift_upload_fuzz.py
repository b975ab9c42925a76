"""Uploads the drift page may receive: each yields an Analysis or a DataError in words, quickly.

Runs what the page runs on two uploads (tables.read_csv, tables.analyse, results_table,
safe_csv, dataset_verdict) without streamlit. Hand-picked files first, then hypothesis: random
bytes, random CSV-like text and random typed tables. The time bound is a hang detector, not a
benchmark. KL_FUZZ_EXAMPLES raises the number of hypothesis examples (default 30).
"""

import csv
import io
import os
import time

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pages.drift import tables
from pages.drift.model import VERDICT_METRICS, dataset_verdict

BOUND_S = 20
EXAMPLES = int(os.environ.get("KL_FUZZ_EXAMPLES", "30"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
REFERENCE = b"age,plan,visits\n" + b"\n".join(b"%d,%s,%d" % (20 + i % 50, (b"basic", b"pro")[i % 2], i % 4)
                                               for i in range(120)) + b"\n"


def run_upload(ref: tuple[str, bytes], cur: tuple[str, bytes]):
    """The page's path from two uploads to its table and download; the Analysis, or the DataError."""
    start = time.perf_counter()
    try:
        analysis = tables.analyse(tables.read_csv(*ref), tables.read_csv(*cur), method="quantile", n_bins=10,
                                  smoothing=1e-4)
    except tables.DataError as err:
        outcome = err
        assert_clear(str(err))
    else:
        outcome = analysis
        assert analysis.features and all(isinstance(n, str) and n for n in analysis.notes)
        assert analysis.too_small is None or analysis.too_small.startswith(("Too few rows", "Cannot judge"))
        for metric in VERDICT_METRICS:
            dataset_verdict(analysis.features, metric=metric)
            assert_safe(tables.safe_csv(tables.results_table(analysis.features, metric)))
    elapsed = time.perf_counter() - start
    assert elapsed < BOUND_S, f"took {elapsed:.1f} s: a hang"
    return outcome


def assert_clear(message: str):
    assert len(message) >= 20 and message[0].isalnum(), message
    assert "Traceback" not in message and "<pyarrow" not in message and "object at 0x" not in message, message


def assert_safe(data: bytes):
    for row in csv.reader(io.StringIO(data.decode(), newline="")):
        for cell in row:
            if cell.startswith(tables.FORMULA_STARTS):
                float(cell)  # only numbers such as -1.5 may start with a sign


def upload_current(name: str, data: bytes):
    return run_upload(("reference.csv", REFERENCE), (name, data))


def wide(columns: int, rows: int) -> bytes:
    return (",".join(f"c{i}" for i in range(columns)) + "\n" + "\n".join(
        ",".join(str((i + j) % 13) for i in range(columns)) for j in range(rows)) + "\n").encode()


ERRORS = [
    ("empty", ("empty.csv", b""), "empty.csv is empty (0 bytes)"),
    ("header only", ("header.csv", b"age,plan,visits\n"), "header.csv has a header but no data rows"),
    ("blank lines", ("blank.csv", b"\r\n \n\t\n"), "holds only blank lines"),
    ("not UTF-8", ("latin.csv", "age,city\n31,Zürich\n".encode("latin-1")), "latin.csv is not UTF-8 text (byte 0xFC"),
    ("binary", ("sheet.csv", b"PK\x03\x04\x14\x00\x06\x00binary"), "contains binary data"),
    ("wrong extension", ("photo.png", b"\x89PNG\r\n\x1a\n"), "photo.png is not a CSV file"),
    ("mismatched columns", ("other.csv", b"height,weight\n1,2\n3,4\n"), "share no column names"),
    ("ragged rows", ("ragged.csv", b"age,plan\n1,a\n2,b,c,d\n"), "ragged.csv could not be read as CSV"),
    ("unterminated quote", ("quote.csv", b'age,plan\n1,"a\n2,b\n'), "could not be read as CSV"),
    ("over the size limit", ("big.csv", b"age\n" + b"1\n" * (tables.MAX_UPLOAD_MB * 2**19 + 1)),
     f"the limit is {tables.MAX_UPLOAD_MB} MB"),
    ("too many columns", ("wide.csv", wide(tables.MAX_FILE_COLUMNS + 1, 2)), "files of at most 10,000 columns"),
    ("only unusable columns", ("text.csv", b"age\nold\nyoung\n"), "No shared column can be compared"),
]


@pytest.mark.parametrize("case, current, message", ERRORS, ids=[c[0] for c in ERRORS])
def test_bad_uploads_raise_data_error(case, current, message):
    outcome = upload_current(*current)
    assert isinstance(outcome, tables.DataError) and message in str(outcome)


ANALYSES = [
    ("semicolons", b"age;plan;visits\n31;basic;1\n45;pro;2\n", None),
    ("tabs", b"age\tplan\tvisits\n31\tbasic\t1\n45\tpro\t2\n", None),
    ("all-NaN column", b"age,plan,visits\n,basic,1\nNA,pro,2\n", "Column 'age' is entirely missing"),
    ("constant column", b"age,plan,visits\n" + b"40,basic,1\n" * 50, None),
    ("mixed text and numbers", b"age,plan,visits\n31,basic,1\nabout 40,pro,2\n", "numeric in the reference file"),
    ("formula cells", b"age,plan,visits,=cmd|' /C calc'!A0\n31,=1+1,1,@x\n45,-2,2,+3\n", None),
]


@pytest.mark.parametrize("case, current, note", ANALYSES, ids=[c[0] for c in ANALYSES])
def test_awkward_uploads_are_analysed(case, current, note):
    outcome = upload_current("current.csv", current)
    assert isinstance(outcome, tables.Analysis), outcome
    assert note is None or any(note in n for n in outcome.notes)


def test_five_thousand_columns():
    data = wide(5000, 60)
    outcome = run_upload(("reference.csv", data), ("current.csv", data))
    assert len(outcome.features) == tables.MAX_COLUMNS
    assert any("share 5,000 columns" in n for n in outcome.notes)


def test_formula_names_and_labels_are_defused_in_the_download():
    data = b"=cmd|' /C calc'!A0,@plan\n" + b"\n".join(b"%d,=HYPERLINK(x)" % (i % 5) for i in range(40))
    outcome = run_upload(("reference.csv", data), ("current.csv", data))
    download = tables.safe_csv(tables.results_table(outcome.features, "psi")).decode()
    assert "'=cmd|' /C calc'!A0" in download and "'@plan" in download


@FUZZ
@given(st.binary(max_size=4000), st.booleans())
def test_random_bytes(data, as_reference):
    files = [("reference.csv", REFERENCE), ("random.csv", data)]
    run_upload(*(files[::-1] if as_reference else files))


CELL_TEXT = st.text(alphabet=st.sampled_from(list("0123456789.-+eE ,;\t\"'=@abcxyzNAn\r\nü€")), max_size=8)


@FUZZ
@given(st.lists(st.lists(CELL_TEXT, min_size=1, max_size=6), min_size=1, max_size=30), st.sampled_from(",;\t|"))
def test_random_csv_like_text(rows, sep):
    text = "\n".join(sep.join(row) for row in rows)
    run_upload(("reference.csv", REFERENCE), ("current.csv", text.encode()))
    run_upload(("reference.csv", text.encode()), ("current.csv", text.encode()))


KINDS = ("float", "codes", "text", "mixed", "nan", "constant", "bool", "ids")


def column(kind: str, rng: np.random.Generator, n: int) -> list:
    if kind == "float":
        return rng.normal(size=n).round(3).tolist()
    if kind == "codes":
        return rng.integers(0, 5, n).tolist()
    if kind == "text":
        return rng.choice(["a", "b", "=x", "-y", "ü"], n).tolist()
    if kind == "mixed":
        return [str(v) if i % 3 else "n/a?" for i, v in enumerate(rng.integers(0, 99, n))]
    if kind == "nan":
        return [""] * n
    if kind == "constant":
        return [7] * n
    if kind == "bool":
        return rng.choice(["True", "False", ""], n).tolist()
    return [f"id{i}" for i in range(n)]


@FUZZ
@given(st.lists(st.sampled_from(KINDS), min_size=1, max_size=8), st.integers(0, 400), st.integers(0, 400),
       st.integers(0, 2**32 - 1), st.sampled_from(",;\t"))
def test_random_typed_tables(kinds, n_ref, n_cur, seed, sep):
    rng = np.random.default_rng(seed)
    names = [f"{k}{i}" for i, k in enumerate(kinds)]

    def csv_bytes(n, drop):
        frame = pd.DataFrame({name: column(kind, rng, n) for name, kind in zip(names, kinds)})
        return frame.drop(columns=names[:drop]).to_csv(index=False, sep=sep).encode()

    outcome = run_upload(("reference.csv", csv_bytes(n_ref, 0)), ("current.csv", csv_bytes(n_cur, len(names) // 3)))
    if isinstance(outcome, tables.Analysis) and min(n_ref, n_cur) < 31:
        assert outcome.too_small is not None
