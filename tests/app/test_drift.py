"""The Drift page through AppTest: each data source, each control, the URL, and every bad upload."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.express as px
import pytest

import kl_core
from pages.drift.tables import SyntheticDrift, synthetic
from kl_app.formatting import format_value, inert
from pages.drift.model import METRICS, feature_drift
from tests.app.conftest import metrics, open_page, url_notes

PAGE = "pages/drift/page.py"
DATA = Path(__file__).resolve().parents[1] / "data"
SCORES = ("kl_pq", "kl_qp", "psi", "js", "hellinger", "tv")


def shown(f, unit: str = "nats") -> dict[str, str]:
    """The six score metrics as the page must show them for the FeatureDrift `f`, in `unit`."""
    base = math.e if unit == "nats" else 2.0
    return {METRICS[k].label: format_value(METRICS[k].shown(f.scores[k], base), METRICS[k].unit(unit))
            for k in SCORES}


def verdict(at) -> str:
    """The dataset's verdict as the page words it (a plain bordered box, not an alert)."""
    return next(m.value for m in at.markdown if "dataset drift" in m.value.lower())


def score_metrics(at) -> dict[str, str]:
    labels = {METRICS[k].label for k in SCORES}
    return {k: v for k, v in metrics(at).items() if k in labels}


def assert_table_matches(at, expected: dict, metric: str = "psi") -> None:
    """The results table lists exactly `expected` (name -> FeatureDrift), highest score first."""
    table = at.table[0].value
    assert list(table["feature"]) == sorted(expected, key=lambda n: expected[n].scores[metric], reverse=True)
    for _, row in table.iterrows():
        f = expected[row["feature"]]
        assert row["PSI (nats)"] == pytest.approx(f.scores["psi"], rel=1e-12, abs=1e-15)
        assert row["JS (nats)"] == pytest.approx(f.scores["js"], rel=1e-12, abs=1e-15)
        assert row["Hellinger"] == pytest.approx(f.scores["hellinger"], rel=1e-12, abs=1e-15)
        assert row["KL(cur‖ref) (nats)"] == pytest.approx(f.scores["kl_qp"], rel=1e-12, abs=1e-15)
        assert row["verdict"] == f.verdict(metric).status


def synthetic_expected(n_ref=5000, n_cur=2000, seed=1, drift=SyntheticDrift(0.5, 1.0, 0.0, 1.0, 0.3, 0.05),
                       **method) -> dict:
    ref, cur = synthetic(n_ref, n_cur, seed, drift)
    return {name: feature_drift(name, ref[name].to_numpy(), cur[name].to_numpy(), **method) for name in ref.columns}


def test_defaults_synthetic_numbers_equal_kl_core():
    at = open_page(PAGE)
    expected = synthetic_expected()
    assert_table_matches(at, expected)
    top = max(expected.values(), key=lambda f: f.scores["psi"])
    assert at.selectbox(key="feature").value == top.name == "plan"
    assert score_metrics(at) == shown(top)
    assert "Dataset drift: time to consider retraining" in verdict(at)
    assert "2 of 4 features drifted by PSI" in verdict(at)
    assert metrics(at)["KL(cur‖ref), ε = 0"] == "∞", "the unseen 'enterprise' plan makes unsmoothed KL infinite"
    assert at.download_button[0].label == "Download the results (CSV)"
    assert any("PSI" in latex.value and format_value(top.scores["psi"]) in latex.value for latex in at.latex)


def test_bits_convert_the_information_scores_and_thresholds_but_not_the_verdicts():
    at = open_page(PAGE, dict(unit="bits", metric="js"))
    expected = synthetic_expected()
    top = max(expected.values(), key=lambda f: f.scores["js"])
    assert score_metrics(at) == shown(top, "bits")
    assert score_metrics(at)["Hellinger"] == shown(top)["Hellinger"], "a unitless score is the same in bits"
    assert any("JS thresholds in bits:** < 0.1 stable, ≥ 0.1 drifted" in m.value for m in at.markdown)
    table = at.table[0].value
    assert list(table["JS (bits)"]) == pytest.approx(
        [expected[n].scores["js"] / math.log(2) for n in table["feature"]], rel=1e-12)
    judged_in_nats = open_page(PAGE, dict(metric="js")).table[0].value
    assert list(table["verdict"]) == list(judged_in_nats["verdict"])


def test_setting_each_widget_updates_the_numbers():
    at = open_page(PAGE)
    for key, value in [("n_ref", 1000), ("n_cur", 800), ("seed", 3)]:
        at.number_input(key=key).set_value(value).run()
    for key, value in [("age_shift", 0.0), ("age_scale", 2.0), ("income_shift", 1.0), ("income_scale", 0.5),
                       ("plan_mix", 0.0), ("new_plan", 0.0), ("n_bins", 5), ("share", 0.25)]:
        at.slider(key=key).set_value(value).run()
    at.button_group(key="bins").set_value("equal width").run()
    at.selectbox(key="eps").select("1e-3").run()
    at.button_group(key="metric").set_value("hellinger").run()
    at.selectbox(key="feature").select("income").run()
    assert not at.exception
    expected = synthetic_expected(1000, 800, 3, SyntheticDrift(0.0, 2.0, 1.0, 0.5, 0.0, 0.0), method="equal width",
                                  n_bins=5, smoothing=1e-3)
    assert_table_matches(at, expected, "hellinger")
    assert score_metrics(at) == shown(expected["income"])
    assert metrics(at)["KL(cur‖ref), ε = 0.001"] == format_value(expected["income"].scores["kl_qp"], "nats")
    drifted = sum(f.verdict("hellinger").drifted for f in expected.values())
    assert f"{drifted} of 4 features drifted by Hellinger" in verdict(at)


def test_gapminder_split_by_year_with_credit():
    at = open_page(PAGE, dict(src="gapminder"))
    g = px.data.gapminder()
    old, new = g[g["year"] <= 1977], g[g["year"] >= 1982]
    expected = {c: feature_drift(c, old[c].to_numpy(), new[c].to_numpy())
                for c in ["lifeExp", "gdpPercap", "pop"]}
    expected["continent"] = feature_drift("continent", old["continent"].to_numpy(object),
                                          new["continent"].to_numpy(object))
    assert_table_matches(at, expected)
    assert score_metrics(at) == shown(expected["lifeExp"])
    assert any("Gapminder Foundation" in c.value for c in at.caption)
    assert not at.error and "No dataset drift." in verdict(at), "1 of 4 features drifted by PSI: below the default half"


def test_tips_lunch_against_dinner_has_unseen_days():
    at = open_page(PAGE, dict(src="tips", eps="0"))
    assert at.table[0].value["feature"].iloc[0] == "day"
    assert metrics(at)["PSI"] == "∞"
    assert any("∞ because a bin is empty in one sample and ε = 0" in c.value for c in at.caption)
    assert any("Bryant & Smith" in c.value for c in at.caption)


def upload(at, reference: tuple[str, bytes], current: tuple[str, bytes]):
    at.file_uploader(key="ref_file").set_value((*reference, "text/csv"))
    at.file_uploader(key="cur_file").set_value((*current, "text/csv"))
    return at.run()


def test_upload_two_csv_files():
    at = open_page(PAGE, dict(src="upload"))
    assert "Upload both files" in at.info[0].value and not at.table
    ref_bytes, cur_bytes = (DATA / "drift_reference.csv").read_bytes(), (DATA / "drift_current.csv").read_bytes()
    upload(at, ("reference.csv", ref_bytes), ("current.csv", cur_bytes))
    assert not at.exception and not at.error
    ref, cur = pd.read_csv(DATA / "drift_reference.csv"), pd.read_csv(DATA / "drift_current.csv")
    expected = {
        "age": feature_drift("age", ref["age"].to_numpy(), cur["age"].to_numpy()),
        "plan": feature_drift("plan", ref["plan"].to_numpy(object), cur["plan"].to_numpy(object)),
        # an integer column with few distinct values is a category
        "visits": feature_drift("visits", ref["visits"].astype(str).to_numpy(), cur["visits"].astype(str).to_numpy()),
    }
    assert_table_matches(at, expected)
    assert score_metrics(at) == shown(max(expected.values(), key=lambda f: f.scores["psi"]))


BAD_UPLOADS = [
    ("not a CSV", ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00"), "photo.png is not a CSV file"),
    ("binary with .csv name", ("data.csv", b"PK\x03\x04\x00binary"), "contains binary data"),
    ("empty", ("empty.csv", b""), "empty.csv is empty (0 bytes)"),
    ("not UTF-8", ("latin.csv", "age,city\n31,Zürich\n".encode("latin-1")), "latin.csv is not UTF-8 text"),
    ("no shared columns", ("other.csv", b"height,weight\n1,2\n3,4\n"), "share no column names"),
]


@pytest.mark.parametrize("case, current, message", BAD_UPLOADS, ids=[c[0] for c in BAD_UPLOADS])
def test_bad_upload_gets_a_clear_message(case, current, message):
    at = open_page(PAGE, dict(src="upload"))
    upload(at, ("reference.csv", (DATA / "drift_reference.csv").read_bytes()), current)
    assert not at.exception
    assert inert(message) in at.error[0].value, "shown inert: names from a file are never Markdown"
    assert not at.table


COLUMN_PROBLEMS = [
    ("all-NaN column", b"age,plan,visits\n,basic,1\n,pro,2\n", "Column 'age' is entirely missing in the current file"),
    ("numeric in one, text in the other", b"age,plan,visits\n31,basic,1\nabout 40,pro,2\n",
     "Column 'age' is numeric in the reference file but text in the current file (e.g. 'about 40')"),
    ("one-column file", b"age\n31\n45\n", "A file has a single column"),
]


@pytest.mark.parametrize("case, current, message", COLUMN_PROBLEMS, ids=[c[0] for c in COLUMN_PROBLEMS])
def test_column_problems_are_reported_and_the_rest_compared(case, current, message):
    at = open_page(PAGE, dict(src="upload"))
    upload(at, ("reference.csv", (DATA / "drift_reference.csv").read_bytes()), ("current.csv", current))
    assert not at.exception and not at.error
    assert any(inert(message) in w.value for w in at.info)
    assert len(at.table[0].value) >= 1


def test_only_unusable_columns_is_an_error():
    at = open_page(PAGE, dict(src="upload"))
    upload(at, ("reference.csv", b"age\n31\n45\n"), ("current.csv", b"age\nold\nyoung\n"))
    assert not at.exception
    assert inert("No shared column can be compared") in at.error[0].value


def test_url_seeds_the_widgets():
    at = open_page(PAGE, dict(src="gapminder", n_bins="5", bins="equal width", metric="hellinger", eps="1e-2",
                              share="0.25", feature="pop"))
    assert at.button_group(key="src").value == "gapminder" and at.slider(key="n_bins").value == 5
    assert at.selectbox(key="feature").value == "pop"
    g = px.data.gapminder()
    f = feature_drift("pop", g.loc[g["year"] <= 1977, "pop"].to_numpy(), g.loc[g["year"] >= 1982, "pop"].to_numpy(),
                      method="equal width", n_bins=5, smoothing=1e-2)
    assert score_metrics(at) == shown(f)
    assert not url_notes(at)


def test_small_samples_read_within_noise():
    at = open_page(PAGE, dict(n_ref="60", n_cur="60", age_shift="0", plan_mix="0", new_plan="0"))
    table = at.table[0].value
    assert "drifted" not in set(table["verdict"]) and "within noise" in set(table["verdict"])
    noisy = table[table["verdict"] == "within noise"]
    assert (noisy["PSI (nats)"] >= 0.1).all(), "past the threshold, yet inside the no-drift bound"
    assert math.isclose(table["no-drift floor (nats)"].max(), 9 * (1 / 60 + 1 / 60))
    assert any("only approximate" in w.value for w in at.info)


def test_kl_without_smoothing_for_an_unseen_category():
    at = open_page(PAGE, dict(feature="plan"))
    f = synthetic_expected()["plan"]
    r, c = f.reference.proportions, f.current.proportions
    assert kl_core.kl_divergence(c, r) == math.inf
    assert metrics(at)["KL(cur‖ref), ε = 0"] == "∞"
    assert metrics(at)["KL(ref‖cur), ε = 0"] == format_value(kl_core.kl_divergence(r, c), "nats")
    assert any("(unseen)" in md.value and "is empty in one sample only" in md.value for md in at.markdown)
    assert np.isclose(f.scores["psi"], f.scores["kl_pq"] + f.scores["kl_qp"])


def feature_shown(at) -> tuple[str, str, str]:
    """The Feature box's value, what the browser shows in it, and the feature the caption is about."""
    box = at.selectbox(key="feature")
    in_browser = box.proto.raw_value if box.proto.set_value else box.proto.options[box.proto.default]
    caption = next(c.value for c in at.caption if " bins; missing values" in c.value)
    return box.value, in_browser, caption.split(":")[0]


def test_the_feature_on_screen_is_the_one_a_copied_link_opens_after_a_re_ranking():
    at = open_page(PAGE)
    assert feature_shown(at) == ("plan", "plan", "plan")
    at.slider(key="age_shift").set_value(1.5).run()
    top = at.table[0].value["feature"].iloc[0]
    assert top == "age", "the larger shift puts age first"
    assert feature_shown(at) == (top, top, top)
    box = at.selectbox(key="feature").proto
    assert box.options[box.default] == top, "the default, left out of the URL: a link without feature"
    copied = open_page(PAGE, dict(age_shift="1.5"))
    assert feature_shown(copied) == (top, top, top)


def test_a_picked_feature_stays_picked_and_shown_when_the_ranking_changes():
    at = open_page(PAGE)
    at.selectbox(key="feature").select("income").run()
    at.slider(key="age_shift").set_value(1.5).run()
    assert feature_shown(at) == ("income", "income", "income")
    assert score_metrics(at) == shown(synthetic_expected(drift=SyntheticDrift(1.5, 1.0, 0.0, 1.0, 0.3, 0.05))["income"])


def test_switching_to_an_upload_shows_one_feature_in_the_box_and_the_charts():
    at = open_page(PAGE)
    assert feature_shown(at)[0] == "plan"
    at.button_group(key="src").set_value("upload").run()
    upload(at, ("reference.csv", (DATA / "drift_reference.csv").read_bytes()),
           ("current.csv", (DATA / "drift_current.csv").read_bytes()))
    assert not at.exception
    top = at.table[0].value["feature"].iloc[0]
    assert feature_shown(at) == (top, top, top)


def test_one_row_uploads_say_they_cannot_judge_instead_of_an_alarm():
    from pages.drift import tables
    one = b"age,plan\n40,basic\n"
    analysis = tables.analyse(tables.read_csv("r.csv", one), tables.read_csv("c.csv", one),
                              method="quantile", n_bins=10, smoothing=1e-4)
    assert analysis.too_small and "Too few rows" in analysis.too_small
