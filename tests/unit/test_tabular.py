"""CSV parsing, column detection, the offline datasets and the synthetic generator."""

import numpy as np
import pandas as pd
import pytest

from pages.drift.tables import (MAX_UPLOAD_MB, NEW_PLAN, DataError, SyntheticDrift, analyse, gapminder, prepare,
                            read_csv, results_table, synthetic, tips)
from pages.drift.model import feature_drift


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
    assert {"PSI (nats)", "JS (bits)", "KL(ref‖cur) (nats)", "KL(cur‖ref) (nats)", "TV", "no-drift floor",
            "95% no-drift bound", "missing in reference", "missing in current"} <= set(table.columns)
    by_name = {f.name: f for f in analysis.features}
    for _, row in table.iterrows():
        f = by_name[row["feature"]]
        assert row["PSI (nats)"] == f.scores.psi and row["no-drift floor"] == f.noise_floor.hellinger
        assert row["verdict"] == f.verdict("hellinger").status


def test_the_server_upload_cap_is_the_stated_limit():
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == MAX_UPLOAD_MB
