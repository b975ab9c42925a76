"""CSV parsing, column detection, the offline datasets and the synthetic generator."""

import io
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pages.drift.tables import (MAX_COLUMNS, MAX_FILE_COLUMNS, MAX_NOTES, MAX_UPLOAD_MB, NEW_PLAN, DataError,
                                SyntheticDrift, analyse, gapminder, prepare, read_csv, results_table, safe_csv,
                                synthetic, tips)
from pages.drift.model import MIN_ROWS, TOO_SMALL, dataset_verdict, feature_drift


def frame(text: str) -> pd.DataFrame:
    return read_csv("data.csv", text.encode())


def test_reads_a_csv_from_bytes():
    df = frame("age,city\n31,Oslo\n45,Rome\n")
    assert df.columns.tolist() == ["age", "city"] and df["age"].tolist() == [31, 45]


@pytest.mark.parametrize("sep", [";", "\t", "|"])
def test_detects_the_separator_from_the_header(sep):
    df = frame(f"a{sep}b\n1{sep}2\n")
    assert df.columns.tolist() == ["a", "b"]


def test_utf8_with_bom_and_non_ascii_text():
    df = read_csv("data.csv", "\ufeffcity,n\nZürich,1\n".encode("utf-8"))
    assert df.columns.tolist() == ["city", "n"] and df["city"][0] == "Zürich"


@pytest.mark.parametrize("name, data, message", [
    ("empty.csv", b"", "is empty \\(0 bytes\\)"),
    ("blank.csv", b"\n\n  \n", "only blank lines"),
    ("report.pdf", b"%PDF-1.4 ...", "is not a CSV file; upload comma-separated text"),
    ("sheet.csv", b"PK\x03\x04\x00\x00binary", "binary data"),
    ("latin1.csv", "city\nZürich\n".encode("latin-1"), "not UTF-8 text \\(byte 0xFC"),
    ("header.csv", b"a,b\n", "header but no data rows"),
    ("ragged.csv", b"a,b\n1,2\n1,2,3,4\n", "could not be read as CSV"),
])
def test_bad_uploads_raise_a_clear_message(name, data, message):
    with pytest.raises(DataError, match=message):
        read_csv(name, data)


def test_size_limit():
    with pytest.raises(DataError, match=f"the limit is {MAX_UPLOAD_MB} MB"):
        read_csv("big.csv", b"a\n" + b"1\n" * (MAX_UPLOAD_MB * 2**19 + 1))


def test_shared_columns_are_classified():
    ref = frame("x,code,colour,flag,only_ref\n1.5,1,red,True,0\n2.5,2,blue,False,0\n3.5,1,red,True,0\n")
    cur = frame("colour,x,code,flag,only_cur\nred,9.0,3,True,1\ngreen,,2,False,1\n")
    prepared = prepare(ref, cur)
    kinds = {f.name: f.kind for f in prepared.features}
    assert kinds == {"x": "numeric", "code": "categorical", "colour": "categorical", "flag": "categorical"}
    code = next(f for f in prepared.features if f.name == "code")
    assert code.reference.tolist() == ["1", "2", "1"] and code.current.tolist() == ["3", "2"]
    x = next(f for f in prepared.features if f.name == "x")
    assert x.current[0] == 9.0 and np.isnan(x.current[1])
    assert any("'only_ref' (only in the reference file)" in n and "'only_cur' (only in the current file)" in n
               for n in prepared.notes)
    assert (prepared.n_reference, prepared.n_current) == (3, 2)


def test_integer_column_with_missing_values_stays_a_category():
    ref = frame("n,v\n1,0.1\n2,0.2\n,0.3\n")
    cur = frame("n,v\n2,0.5\n3,0.7\n")
    n = prepare(ref, cur).features[0]
    assert n.kind == "categorical" and n.reference.tolist() == ["1", "2", None]


def test_integer_column_with_many_values_is_numeric():
    values = "\n".join(str(i) for i in range(30))
    n = prepare(frame("n\n" + values), frame("n\n" + values)).features[0]
    assert n.kind == "numeric"


def test_identifier_column_is_left_out():
    ids = "\n".join(f"id{i},{i % 3}.5" for i in range(60))
    prepared = prepare(frame("id,v\n" + ids), frame("id,v\n" + ids))
    assert [f.name for f in prepared.features] == ["v"]
    assert any("'id' has 60 distinct text values" in n for n in prepared.notes)


def test_no_shared_columns():
    with pytest.raises(DataError, match="share no column names. Reference: 'a', 'b'; current: 'c'"):
        prepare(frame("a,b\n1,2\n"), frame("c\n3\n"))


def test_all_missing_column_is_left_out_with_a_note():
    prepared = prepare(frame("a,b\n1,2\n3,4\n"), frame("a,b\n,5\n,6\n"))
    assert [f.name for f in prepared.features] == ["b"]
    assert "Column 'a' is entirely missing in the current file; left out." in prepared.notes
    with pytest.raises(DataError, match="No shared column can be compared. Column 'a' is entirely missing"):
        prepare(frame("a,b\n1,x\n"), frame("a,c\n,1\n,2\n"))


def test_numeric_in_one_file_text_in_the_other():
    ref, cur = frame("age,b\n31,1\n45,2\n"), frame("age,b\n33,1\nn/a?,2\n")
    prepared = prepare(ref, cur)
    assert [f.name for f in prepared.features] == ["b"]
    assert any("'age' is numeric in the reference file but text in the current file (e.g. 'n/a?')" in n
               for n in prepared.notes)
    with pytest.raises(DataError, match="numeric in the current file but text in the reference"):
        prepare(frame("age\nold\n"), frame("age\n3\n"))


def test_one_column_file_is_compared_with_a_note():
    prepared = prepare(frame("a\n1\n2\n"), frame("a\n3\n4\n"))
    assert [f.name for f in prepared.features] == ["a"]
    assert any("single column" in n for n in prepared.notes)


def test_gapminder_split_and_credit():
    data = gapminder()
    assert len(data.reference) == len(data.current) == 852
    assert "Gapminder" in data.credit and "1952-1977" in data.split
    kinds = {f.name: f.kind for f in prepare(data.reference, data.current).features}
    assert kinds == {"lifeExp": "numeric", "gdpPercap": "numeric", "pop": "numeric", "continent": "categorical"}


def test_tips_split_has_unseen_days():
    data = tips()
    assert (len(data.reference), len(data.current)) == (68, 176)
    assert set(data.current["day"]) - set(data.reference["day"]) == {"Sat", "Sun"}
    kinds = {f.name: f.kind for f in prepare(data.reference, data.current).features}
    assert kinds["size"] == "categorical" and kinds["total_bill"] == "numeric"


def test_synthetic_is_seeded_and_drifts_as_asked():
    a = synthetic(500, 400, 7, SyntheticDrift())
    b = synthetic(500, 400, 7, SyntheticDrift())
    pd.testing.assert_frame_equal(a[0], b[0]) and pd.testing.assert_frame_equal(a[1], b[1])
    assert (len(a[0]), len(a[1])) == (500, 400)
    ref, cur = synthetic(20_000, 20_000, 1, SyntheticDrift(age_shift=1.0, age_scale=2.0, plan_mix=1.0,
                                                          new_plan=0.1))
    assert cur["age"].mean() == pytest.approx(50, abs=0.5) and cur["age"].std() == pytest.approx(20, rel=0.05)
    assert (cur["plan"] == NEW_PLAN).mean() == pytest.approx(0.1, abs=0.01)
    assert (cur["plan"] == "pro").mean() == pytest.approx(0.45, abs=0.01)
    assert NEW_PLAN not in set(ref["plan"])
    assert ref["income"].skew() > 1, "income is right-skewed"


def test_analyse_scores_every_prepared_column_with_kl_core():
    ref = frame("x,c\n" + "\n".join(f"{i * 0.37 % 5},{'ab'[i % 2]}" for i in range(200)))
    cur = frame("x,c\n" + "\n".join(f"{i * 0.41 % 6},{'abc'[i % 3]}" for i in range(150)))
    analysis = analyse(ref, cur, method="equal width", n_bins=6, smoothing=1e-3)
    assert (analysis.n_reference, analysis.n_current) == (200, 150)
    x = feature_drift("x", ref["x"].to_numpy(float), cur["x"].to_numpy(float), method="equal width", n_bins=6,
                      smoothing=1e-3)
    assert analysis.features[0].scores == x.scores
    assert analysis.features[1].kind == "categorical" and analysis.features[1].current.counts.tolist() == [50, 50, 50]


def test_analyse_turns_a_column_kl_core_refuses_into_a_note():
    ref, cur = frame("a,b\n1,2\n3,4\n"), frame("a,b\ninf,5\n-inf,6\n")
    analysis = analyse(ref, cur, method="quantile", n_bins=10, smoothing=1e-4)
    assert [f.name for f in analysis.features] == ["b"]
    assert any("Column 'a' left out" in n and "no non-missing values" in n for n in analysis.notes)


def test_results_table_sorted_by_the_metric_with_units_and_raw_values():
    analysis = analyse(*synthetic(3000, 3000, 2, SyntheticDrift(age_shift=2.0, plan_mix=0.5)),
                       method="quantile", n_bins=10, smoothing=1e-4)
    table = results_table(analysis.features, "hellinger")
    assert table["Hellinger"].is_monotonic_decreasing
    assert table["feature"].iloc[0] == "age" and table["verdict"].iloc[0] == "drifted"
    assert {"PSI (nats)", "JS (nats)", "KL(ref‖cur) (nats)", "KL(cur‖ref) (nats)", "TV", "no-drift floor",
            "95% no-drift bound", "missing in reference", "missing in current"} <= set(table.columns)
    by_name = {f.name: f for f in analysis.features}
    for _, row in table.iterrows():
        f = by_name[row["feature"]]
        assert row["PSI (nats)"] == f.scores["psi"] and row["no-drift floor"] == f.noise_floor["hellinger"]
        assert row["verdict"] == f.verdict("hellinger").status


def test_the_server_upload_cap_is_the_stated_limit():
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == MAX_UPLOAD_MB


# --- reliability: wide files, big files, tiny files, formula cells ---------------------------------------------

DATA = Path(__file__).resolve().parents[1] / "data"
SETTINGS = dict(method="quantile", n_bins=10, smoothing=1e-4)


def test_upload_scores_equal_feature_drift_on_the_pandas_columns():
    ref_bytes, cur_bytes = (DATA / "drift_reference.csv").read_bytes(), (DATA / "drift_current.csv").read_bytes()
    analysis = analyse(read_csv("r.csv", ref_bytes), read_csv("c.csv", cur_bytes), **SETTINGS)
    ref, cur = pd.read_csv(io.BytesIO(ref_bytes)), pd.read_csv(io.BytesIO(cur_bytes))
    expected = {
        "age": feature_drift("age", ref["age"].to_numpy(), cur["age"].to_numpy()),
        "plan": feature_drift("plan", ref["plan"].to_numpy(object), cur["plan"].to_numpy(object)),
        "visits": feature_drift("visits", ref["visits"].astype(str).to_numpy(), cur["visits"].astype(str).to_numpy()),
    }
    assert {f.name: f.kind for f in analysis.features} == {n: f.kind for n, f in expected.items()}
    for f in analysis.features:
        assert_same_drift(f, expected[f.name])


def assert_same_drift(got, want):
    assert got.scores == want.scores and got.noise_floor == want.noise_floor
    assert got.binning.labels == want.binning.labels
    for a, b in ((got.reference, want.reference), (got.current, want.current)):
        assert a.counts.tolist() == b.counts.tolist() and a.missing == b.missing and a.labels == b.labels


def test_fast_categorical_path_equals_feature_drift_on_the_labels():
    rng = np.random.default_rng(8)
    codes_ref = rng.choice([0, 1, 2, 10, np.nan], size=5000)
    codes_cur = rng.choice([1, 2, 3, 10, np.inf, np.nan], size=4000)  # 3 unseen; inf counts as missing
    text_ref = rng.choice(np.array(["b", "a", "ü", "10", None], dtype=object), size=5000)
    text_cur = rng.choice(np.array(["a", "b", "new", None], dtype=object), size=4000)
    analysis = analyse(pd.DataFrame({"code": codes_ref, "text": text_ref}),
                       pd.DataFrame({"code": codes_cur, "text": text_cur}), **SETTINGS)
    code, text = analysis.features

    def labels(x):
        out = np.full(x.size, None, dtype=object)
        ok = np.isfinite(x)
        out[ok] = x[ok].astype(np.int64).astype(str)
        return out

    assert code.kind == text.kind == "categorical"
    assert_same_drift(code, feature_drift("code", labels(codes_ref), labels(codes_cur), **SETTINGS))
    assert_same_drift(text, feature_drift("text", text_ref, text_cur, **SETTINGS))
    assert code.binning.labels == ("0", "1", "10", "2", "(unseen)") and code.current.missing == (
        ~np.isfinite(codes_cur)).sum()


def test_five_thousand_columns_compare_the_first_max_columns_quickly():
    text = ",".join(f"c{i}" for i in range(5000)) + "\n" + "\n".join(
        ",".join(str((i * j) % 97 / 7) for i in range(5000)) for j in range(40)) + "\n"
    start = time.perf_counter()
    ref, cur = read_csv("r.csv", text.encode()), read_csv("c.csv", text.encode())
    analysis = analyse(ref, cur, **SETTINGS)
    assert time.perf_counter() - start < 20, "hang detector, not a benchmark"
    assert [f.name for f in analysis.features] == [f"c{i}" for i in range(MAX_COLUMNS)]
    note = next(n for n in analysis.notes if "share 5,000 columns" in n)
    assert f"compared the first {MAX_COLUMNS}" in note and "other 4,800: 'c200', 'c201'" in note


def test_files_with_too_many_columns_are_refused_before_parsing():
    header = ",".join(f"c{i}" for i in range(MAX_FILE_COLUMNS + 1)).encode()
    start = time.perf_counter()
    with pytest.raises(DataError, match=f"wide.csv has {MAX_FILE_COLUMNS + 1:,} columns; files of at most "
                                        f"{MAX_FILE_COLUMNS:,} columns are read"):
        read_csv("wide.csv", header + b"\n" + header.replace(b"c", b"") + b"\n")
    assert time.perf_counter() - start < 1


def test_column_matching_is_linear():
    def seconds(n):
        ref = pd.DataFrame(np.zeros((1, n)), columns=[f"a{i}" for i in range(n)])
        cur = pd.DataFrame(np.zeros((1, n)), columns=[f"b{i}" for i in range(n)] )
        start = time.perf_counter()
        with pytest.raises(DataError, match="share no column names"):
            prepare(ref, cur)
        return time.perf_counter() - start

    assert seconds(40_000) < 2, "40,000 unmatched columns: quadratic matching takes minutes"


def test_unusable_columns_beyond_max_notes_are_counted_in_one_note():
    n = MAX_NOTES + 15
    ref = pd.DataFrame({f"c{i}": [1.0, 2.0] for i in range(n)} | {"ok": [1.0, 2.0]})
    cur = pd.DataFrame({f"c{i}": [np.nan, np.nan] for i in range(n)} | {"ok": [1.0, 3.0]})
    notes = prepare(ref, cur).notes
    assert len(notes) == MAX_NOTES + 1 and notes[-1].startswith("... and 15 more columns left out")


@pytest.mark.parametrize("data, columns, check", [
    (b"a,b\n1,2\n3\n", ["a", "b"], lambda df: np.isnan(df["b"][1])),  # a short row is padded, as pandas does
    (b"a,a,\n1,2,3\n", ["a", "a.1", "Unnamed: 2"], lambda df: df["a.1"][0] == 2),
    (b'a,b\n1,"two\nlines"\n', ["a", "b"], lambda df: df["b"][0] == "two\nlines"),
    (b"\n\nd,n\n2024-01-31,NA\n2024-02-01,5\n", ["d", "n"], lambda df: df["d"][0] == "2024-01-31"
     and np.isnan(df["n"][0])),
    (b"t,s\nTrue,x\nFalse,\n", ["t", "s"], lambda df: df["t"].tolist() == [True, False] and pd.isna(df["s"][1])),
])
def test_reader_agrees_with_pandas_on_awkward_files(data, columns, check):
    df = read_csv("data.csv", data)
    assert df.columns.tolist() == columns and check(df)


def test_unterminated_quote_is_a_clear_message():
    with pytest.raises(DataError, match="data.csv could not be read as CSV: .*EOF inside string"):
        read_csv("data.csv", b'a,b\n1,"2\n3,4\n')


def test_progress_is_reported_from_zero_to_one():
    calls = []
    ref, cur = synthetic(500, 500, 3, SyntheticDrift())
    frame_ = read_csv("r.csv", ref.to_csv(index=False).encode(), progress=lambda x, t: calls.append((x, t)))
    analyse(frame_, cur, **SETTINGS, progress=lambda x, t: calls.append((x, t)))
    fractions = [x for x, _ in calls]
    assert all(0 <= x <= 1 for x in fractions) and fractions[-1] == 1.0
    assert any("Scoring 'age' (1 of 4)" in t for _, t in calls) and all(isinstance(t, str) and t for _, t in calls)


def test_min_rows_is_where_the_two_bin_noise_bound_meets_the_psi_threshold():
    from scipy import stats

    bound = lambda n: stats.chi2.ppf(0.95, 1) * 2 / n  # noqa: E731
    assert bound(MIN_ROWS) < 0.25 <= bound(MIN_ROWS - 1)


def test_one_data_row_cannot_be_judged():
    one = frame("a,b,c\n1.5,x,3\n")
    other = frame("a,b,c\n9.5,y,7\n")
    analysis = analyse(one, other, **SETTINGS)
    assert analysis.too_small.startswith("Too few rows to judge drift: the reference has 1 row and the current "
                                         "data 1 row; at least 31 in each")
    assert "PSI of up to 7.68 nats" in analysis.too_small
    for metric in ("psi", "js", "hellinger"):
        assert {f.verdict(metric).status for f in analysis.features} == {TOO_SMALL}
        verdict = dataset_verdict(analysis.features, metric=metric)
        assert verdict.n_drifted == 0 and not verdict.drifted and verdict.cannot_judge
    assert set(results_table(analysis.features, "psi")["verdict"]) == {TOO_SMALL}


def test_min_rows_boundary():
    rows = lambda n, v: pd.DataFrame({"x": np.arange(n) + v})  # noqa: E731
    assert analyse(rows(MIN_ROWS - 1, 0), rows(500, 100), **SETTINGS).too_small is not None
    judged = analyse(rows(MIN_ROWS, 0), rows(MIN_ROWS, 100), **SETTINGS)
    assert judged.too_small is None and judged.features[0].verdict("psi").status == "drifted"
    # a column mostly missing in a big file is judged by its own counted values
    sparse = pd.DataFrame({"x": [1.0] * 5 + [np.nan] * 995})
    f = analyse(sparse, rows(1000, 0), **SETTINGS).features[0]
    assert f.verdict("psi").status == TOO_SMALL


def test_safe_csv_defuses_formula_cells():
    table = pd.DataFrame({"feature": ["=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "plain", "a=b"],
                          "score": [-1.5, 2.0, float("inf"), 0.0, 1.0, 1.0, 1.0, 1.0]})
    back = pd.read_csv(io.BytesIO(safe_csv(table)), keep_default_na=False)
    assert back["feature"].tolist() == ["'=cmd|' /C calc'!A0", "'+1", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "plain",
                                        "a=b"]
    assert back["score"].tolist() == [-1.5, 2.0, float("inf"), 0.0, 1.0, 1.0, 1.0, 1.0]
    assert table["feature"][0] == "=cmd|' /C calc'!A0", "the shown table is unchanged"


def test_results_table_download_of_an_uploaded_formula_name():
    ref = read_csv("r.csv", b"=HYPERLINK(\"http://x\"),-x\n" + b"\n".join(b"%d,a" % (i % 7) for i in range(60)))
    analysis = analyse(ref, ref, **SETTINGS)
    data = safe_csv(results_table(analysis.features, "psi")).decode()
    lines = data.splitlines()[1:]
    assert all(line.startswith(("'-x", "\"'=HYPERLINK")) for line in lines), data
