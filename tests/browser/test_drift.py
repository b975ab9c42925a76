"""The Drift page in Chromium: a cold deep link, uploading two CSV files and reading the table, a bad upload."""

import re
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.express as px
from playwright.sync_api import Page, expect

from kl_app.formatting import format_value
from pages.drift.model import feature_drift
from tests.browser.helpers import StreamlitServer, assert_no_exception, metric_value, open_app, wait_idle

DATA = Path(__file__).resolve().parents[1] / "data"
UPLOAD_TIMEOUT = 30_000
# The machine is small and shared: give the checks on a loaded server room beyond expect's 5 s default.
SHOWN_TIMEOUT = 20_000



def upload(page: Page, index: int, path: Path) -> None:
    """Attach `path` to the page's `index`-th file uploader and wait for the rerun it causes."""
    uploader = page.get_by_test_id("stFileUploader").nth(index)
    uploader.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(path)
    expect(uploader.get_by_test_id("stFileChipName")).to_have_text(path.name, timeout=UPLOAD_TIMEOUT)
    wait_idle(page)


def read_table(page: Page) -> pd.DataFrame:
    table = page.get_by_test_id("stTable").first.locator("table")  # the scores; the counts fold away below
    header = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    rows = [row.locator("td").all_inner_texts() for row in table.locator("tbody tr").all()]
    return pd.DataFrame(rows, columns=header)


def test_deep_link_on_a_fresh_server_shows_gapminder_scores(fresh_server: StreamlitServer, page: Page) -> None:
    g = px.data.gapminder()
    f = feature_drift("gdpPercap", g.loc[g["year"] <= 1977, "gdpPercap"].to_numpy(),
                      g.loc[g["year"] >= 1982, "gdpPercap"].to_numpy(), n_bins=5)

    open_app(page, fresh_server.url + "/drift?src=gapminder&n_bins=5&feature=gdpPercap")

    assert_no_exception(page)
    expect(metric_value(page, "PSI")).to_have_text(format_value(f.scores["psi"], "nats"), timeout=SHOWN_TIMEOUT)
    expect(metric_value(page, "KL(cur‖ref)")).to_have_text(format_value(f.scores["kl_qp"], "nats"))
    expect(page.get_by_text("Gapminder Foundation", exact=False)).to_be_visible()


def test_upload_two_csv_files_and_read_the_table(server: StreamlitServer, page: Page, tmp_path: Path) -> None:
    reference, current = pd.read_csv(DATA / "drift_reference.csv"), pd.read_csv(DATA / "drift_current.csv")
    expected = {
        "age": feature_drift("age", reference["age"].to_numpy(), current["age"].to_numpy()),
        "plan": feature_drift("plan", reference["plan"].to_numpy(object), current["plan"].to_numpy(object)),
        "visits": feature_drift("visits", reference["visits"].astype(str).to_numpy(),
                                current["visits"].astype(str).to_numpy()),
    }
    open_app(page, server.url + "/drift?src=upload")
    expect(page.get_by_text("Upload both files")).to_be_visible(timeout=SHOWN_TIMEOUT)

    upload(page, 0, DATA / "drift_reference.csv")
    upload(page, 1, DATA / "drift_current.csv")

    expect(page.get_by_test_id("stTable").first).to_be_visible(timeout=UPLOAD_TIMEOUT)
    assert_no_exception(page)
    table = read_table(page)
    ranked = sorted(expected, key=lambda n: expected[n].scores["psi"], reverse=True)
    assert list(table["feature"]) == ranked
    for _, row in table.iterrows():
        f = expected[row["feature"]]
        assert row["PSI (nats)"] == format_value(f.scores["psi"])
        assert row["Hellinger"] == format_value(f.scores["hellinger"])
        assert row["verdict"] == f.verdict("psi").status
    expect(metric_value(page, "PSI")).to_have_text(format_value(expected[ranked[0]].scores["psi"], "nats"))


def test_a_non_utf8_upload_shows_a_message(server: StreamlitServer, page: Page, tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes("age,city\n31,Zürich\n".encode("latin-1"))
    open_app(page, server.url + "/drift?src=upload")

    upload(page, 0, DATA / "drift_reference.csv")
    upload(page, 1, latin)

    expect(page.get_by_test_id("stAlertContentError")).to_contain_text("latin.csv is not UTF-8 text",
                                                                     timeout=UPLOAD_TIMEOUT)
    assert_no_exception(page)
    expect(page.get_by_test_id("stTable")).to_have_count(0)


EVIL_COLUMN = "[click](https://evil.example) <b>bold</b> **$x$** :red[y]"
EVIL_CATEGORY = '<a href="https://evil.example">here</a>'


def test_names_from_an_upload_are_shown_as_written_never_as_links_or_formatting(
        server: StreamlitServer, page: Page, tmp_path: Path) -> None:
    """Column names and categories from a file reach notes, captions and chart labels as plain text."""
    rows = [EVIL_CATEGORY if i % 3 else "plain" for i in range(60)]
    left_out = EVIL_COLUMN + " 2"
    reference, current = tmp_path / "reference.csv", tmp_path / "current.csv"
    pd.DataFrame({EVIL_COLUMN: rows, left_out: ["text"] * 60}).to_csv(reference, index=False)
    pd.DataFrame({EVIL_COLUMN: rows[::-1], left_out: range(60)}).to_csv(current, index=False)

    open_app(page, server.url + "/drift?src=upload")
    upload(page, 0, reference)
    upload(page, 1, current)
    assert_no_exception(page)
    as_written = EVIL_COLUMN.split("://")[1]  # a word joiner after "https:" keeps the URL from being a link
    expect(page.get_by_test_id("stAlertContentInfo").filter(has_text=as_written + " 2")).to_have_count(1)
    expect(page.get_by_test_id("stCaptionContainer").filter(has_text=as_written)).to_have_count(1)
    charts = page.locator(".kl-live-chart")
    expect(charts.get_by_text("[click](https://evil", exact=False).first).to_be_attached()  # cut to fit
    expect(charts.get_by_text("here</a>", exact=False).first).to_be_attached()
    expect(page.locator('a[href*="evil.example"]')).to_have_count(0)
    main = page.get_by_test_id("stMain")
    expect(main.locator("b, strong").filter(has_text=re.compile(r"^bold$"))).to_have_count(0)  # no injected <b>
    where_names_are = "[data-testid=stCaptionContainer], [data-testid=stAlert], [data-testid=stTable]"
    expect(main.locator(where_names_are).locator(".katex")).to_have_count(0)  # no $…$ turned into maths


def test_a_large_upload_shows_its_progress_then_the_verdict(server: StreamlitServer, page: Page, tmp_path: Path) -> None:
    rows = 400_000
    reference, current = tmp_path / "big_reference.csv", tmp_path / "big_current.csv"
    values = np.random.default_rng(0).normal(size=(rows, 4)).round(4)
    pd.DataFrame(values, columns=list("abcd")).to_csv(reference, index=False)
    pd.DataFrame(values + 0.1, columns=list("abcd")).to_csv(current, index=False)
    open_app(page, server.url + "/drift?src=upload")
    upload(page, 0, reference)

    uploader = page.get_by_test_id("stFileUploader").nth(1)
    uploader.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(current)
    expect(page.get_by_test_id("stProgress")).to_be_visible(timeout=UPLOAD_TIMEOUT)
    wait_idle(page, timeout=UPLOAD_TIMEOUT)
    expect(page.get_by_test_id("stProgress")).to_have_count(0)
    expect(page.get_by_test_id("stTable")).to_have_count(2)  # the scores, and the counts behind them
    assert_no_exception(page)
