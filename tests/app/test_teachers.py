"""The teachers' page: every page's link parameters from its schema, and demo links that show what they say."""

import math
import re

import pytest

from kl_app.formatting import format_value
from kl_app.site_map import EVERY_PAGE, PAGES
from kl_core import Normal, Uniform, js_divergence, kl_divergence, total_variation
from pages.gan.model import REAL_DATA, js_mean_gradient
from pages.teachers.model import DEMOS
from tests.app.conftest import live_panel, metrics, open_page, url_notes

PAGE = "pages/teachers/page.py"
BY_PATH = {entry.url_path: entry for entry in PAGES}


def demo_page(url_path: str, query: dict[str, str]):
    at = open_page(BY_PATH[url_path].script, query)
    assert not at.exception and not url_notes(at), url_notes(at)  # the demo's link is valid as it stands
    return at


def test_every_pages_parameters_are_listed_from_its_schema():
    at = open_page(PAGE)
    tables = [t.value for t in at.table]
    schemas = [EVERY_PAGE] + [entry.schema for entry in PAGES if entry.schema.rows()]
    assert len(tables) == len(schemas)
    for table, schema in zip(tables, schemas):
        assert list(table["parameter"]) == [p.key for p in schema]
        assert list(table["default"]) == [row["default"] for row in schema.rows()]


def test_every_demo_is_on_the_page_as_a_link():
    at = open_page(PAGE)
    html = " ".join(m.value for m in at.markdown)
    for demo in DEMOS:
        assert f'href="{demo.href}"' in html and demo.shows in html


def check_asymmetry(at):
    p, q = Normal(0, 1), Normal(0, 0.5)
    assert metrics(at)["KL(P‖Q)"] == format_value(kl_divergence(p, q), "nats")
    assert metrics(at)["KL(Q‖P)"] == format_value(kl_divergence(q, p), "nats")
    assert kl_divergence(p, q) > 2 * kl_divergence(q, p)


def check_zero_support(at):
    p, q = Normal(0, 1), Uniform(-2, 2)
    assert metrics(at)["KL(P‖Q)"] == "∞" and math.isinf(kl_divergence(p, q))
    assert metrics(at)["KL(Q‖P)"] == format_value(kl_divergence(q, p), "nats")


def check_mode_seeking(at):
    fits = [re.fullmatch(r"at Q = N\((\S+), (\S+)²\)", r["note"]) for r in live_panel(at, "limits_fits")["readings"]]
    forward = float(fits[0].group(2))
    mu, sigma = map(float, fits[1].groups())
    assert forward > 3 and abs(abs(mu) - 4) < 0.01 and sigma < 1.01  # spread over both, on one mode


def check_bounded(at):
    p, q = Normal(0, 1), Normal(3, 1)
    shown = metrics(at)
    assert shown["KL(P‖Q)"] == format_value(kl_divergence(p, q, base=2), "bits") and kl_divergence(p, q, base=2) > 6
    assert shown["JS(P, Q)"] == format_value(js_divergence(p, q, base=2), "bits") and js_divergence(p, q, base=2) < 1
    assert total_variation(p, q) < 1


def check_cat_in_bits(at):
    assert metrics(at)["KL(P‖Q)"] == format_value(math.log2(1 / 0.8), "bits")


def check_drift_alarm(at):
    assert any("Dataset drift: time to consider retraining" in m.value for m in at.markdown)
    table = at.table[0].value
    assert table.loc[table["feature"] == "age", "verdict"].item() == "drifted"


def check_vanishing_gradient(at):
    p, q = REAL_DATA["normal"], Normal(-8, 0.5)
    assert metrics(at)["JS(P, Q)"] == format_value(js_divergence(p, q), "nats")
    assert math.log(2) - js_divergence(p, q) < 1e-6 and abs(js_mean_gradient(p, q)) < 1e-12


CHECKS = {"Asymmetry": check_asymmetry, "Zero support: ∞": check_zero_support, "Mode-seeking fit": check_mode_seeking,
          "Bounded relatives": check_bounded, "Cross-entropy in bits": check_cat_in_bits,
          "A drift alarm": check_drift_alarm, "JS's vanishing gradient": check_vanishing_gradient}


def test_every_demo_has_a_check():
    assert set(CHECKS) == {demo.title for demo in DEMOS}


@pytest.mark.parametrize("demo", DEMOS, ids=lambda d: d.title)
def test_each_demo_shows_what_it_says(demo):
    CHECKS[demo.title](demo_page(demo.url_path, demo.query))
