"""Shared links, generated from each page's URL schema: every bad value falls back with a note.

One test per page and kind of bad value puts a bad value in every parameter of the page at
once; a property-based fuzz test draws whole links (valid, boundary, empty, non-numeric,
inf/nan, huge, unicode, very long, Markdown/HTML, repeated keys) from the schema. Both check
what a student would see: no exception, no NaN or negative divergence, a note naming every
value that was not taken, and nothing from the link rendered as a link or HTML.
"""

import math
import os
import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kl_app import url
from kl_app.site_map import PAGES
from tests.app.conftest import metrics, notes, open_page, url_notes

EXAMPLES = int(os.environ.get("KL_FUZZ_EXAMPLES", "6"))
# A hang detector, not a benchmark: a normal run takes well under a second.
RUN_BOUND_S = 30
INJECTION = "[Click to verify](https://evil.example) <b>bold</b> ![x](https://evil.example/x.png)"


def bad_value(param: url.Param, kind: str) -> str:
    if kind == "empty":
        return ""
    if kind == "garbage":
        return INJECTION
    # "huge": far outside any range, or longer than any text allows
    return "1e308" if isinstance(param, url.Number) else "x" * 10_000


def first_variants(schema: url.Schema) -> dict[str, url.Param]:
    """One parameter per URL key: the variant that applies with the page's defaults."""
    defaults = {p.key: str(p.default) for p in schema if p.when is None}
    out = {}
    for key in schema.keys:
        param = schema.variant(key, defaults)
        if param is not None:
            out[key] = param
    return out


def assert_sane(at, taken: dict[str, str], rejected: list[str]) -> None:
    assert not at.exception, [e.value for e in at.exception]
    for label, value in metrics(at).items():
        text = value.replace("−", "-")
        assert "nan" not in text.lower(), (label, value)
        # Every metric is a divergence or an entropy, except the GAN's value V = 2·JS − log 4 and its gradient.
        assert label.startswith(("V(G", "Generator")) or not text.startswith("-"), (label, value)
    link_notes = url_notes(at)
    for key in rejected:
        assert f"`{key}=" in link_notes, (key, link_notes)
    shown = [el.value for el in (*at.markdown, *at.info, *at.error, *at.warning, *at.caption)] + notes(at)
    for text in shown:
        outside_code = re.sub(r"`[^`]*`", "", text)
        assert "evil.example" not in outside_code and "<script" not in outside_code, text
    for key, value in taken.items():
        if key in at.session_state:
            assert str(at.session_state[key]) == value or _same_number(at.session_state[key], value), key


def _same_number(shown, raw: str) -> bool:
    try:
        return math.isclose(float(shown), float(raw), rel_tol=1e-9)
    except (TypeError, ValueError):
        return False


@pytest.fixture(scope="module")
def default_metrics():
    """{page script: its metrics when opened without a link}, each page run once."""
    shown = {}

    def of(script: str) -> dict[str, str]:
        if script not in shown:
            shown[script] = metrics(open_page(script))
        return shown[script]

    return of


@pytest.mark.parametrize("kind", ["empty", "garbage", "huge"])
@pytest.mark.parametrize("entry", PAGES, ids=[e.lesson for e in PAGES])
def test_every_bad_value_falls_back_with_a_note(entry, kind, default_metrics):
    params = first_variants(entry.schema)
    query = {key: bad_value(p, kind) for key, p in params.items()}
    at = open_page(entry.script, query)
    rejected = [key for key, p in params.items() if p.parse(query[key]) is None]
    assert_sane(at, {}, rejected)
    link_notes = url_notes(at)
    assert all(f"`{key}=" in link_notes for key in rejected) and (not rejected or "not a valid" in link_notes)
    if len(rejected) == len(params):
        assert metrics(at) == default_metrics(entry.script), "a link of bad values shows the default page"


# Links that once broke a page or fell back silently (one bad value each, the rest valid).
BAD_LINKS = [
    ("explore", dict(p="cauchy"), "p"),
    ("explore", dict(p_sigma="-3"), "p_sigma"),
    ("explore", dict(q_mu="abc"), "q_mu"),
    ("explore", dict(unit="furlongs"), "unit"),
    ("compare", dict(q_mu="abc"), "q_mu"),
    ("compare", dict(sweep="nonsense"), "sweep"),
    ("compare", dict(tri_d="99"), "tri_d"),
    ("compare", dict(unit="furlongs"), "unit"),
    ("limitations", dict(modes="abc"), "modes"),
    ("limitations", dict(eps="7"), "eps"),
    ("limitations", dict(cut_low="99"), "cut_low"),
    ("limitations", dict(q_sigma="-1"), "q_sigma"),
    ("limitations", dict(unit=""), "unit"),
    ("limitations", dict(eps=""), "eps"),
    ("limitations", dict(tab="inf"), "tab"),
    ("drift", dict(src="excel"), "src"),
    ("drift", dict(n_bins="999"), "n_bins"),
    ("drift", dict(eps="lots"), "eps"),
    ("drift", dict(metric="chi2"), "metric"),
    ("drift", dict(feature="nope"), "feature"),
    ("drift", dict(n_ref="-5"), "n_ref"),
    ("drift", dict(src=""), "src"),
    ("drift", dict(bins=""), "bins"),
    ("drift", dict(n_ref="inf"), "n_ref"),
    ("drift", dict(feature=""), "feature"),
    ("gan", dict(real="cauchy"), "real"),
    ("gan", dict(mu="99"), "mu"),
    ("gan", dict(sigma="zero"), "sigma"),
    ("gan", dict(loss="wasserstein"), "loss"),
    ("gan", dict(steps="-5"), "steps"),
    ("gan", dict(real=""), "real"),
    ("gan", dict(steps="inf"), "steps"),
    ("vae", dict(dims="7"), "dims"),
    ("vae", dict(sigma1="-1"), "sigma1"),
    ("vae", dict(beta="abc"), "beta"),
    ("vae", dict(derive="z9"), "derive"),
    ("vae", dict(unit=""), "unit"),
    ("vae", dict(dims=""), "dims"),
    ("vae", dict(derive=""), "derive"),
    ("vae", dict(dims="2", derive="z3"), "derive"),
    ("cat_classifier", dict(step="12"), "step"),
    ("cat_classifier", dict(q_cat="1.5"), "q_cat"),
    ("cat_classifier", dict(truth="dog"), "truth"),
    ("cat_classifier", dict(unit="furlongs"), "unit"),
    ("cat_classifier", dict(unit=""), "unit"),
    ("cat_classifier", dict(step=""), "step"),
    ("cat_classifier", dict(truth=""), "truth"),
    ("cat_classifier", dict(q_cat=""), "q_cat"),
]


@pytest.mark.parametrize("lesson, query, bad_key", BAD_LINKS)
def test_one_bad_value_shows_the_page_as_if_it_were_left_out(lesson, query, bad_key):
    script = next(e.script for e in PAGES if e.lesson == lesson)
    at = open_page(script, query)
    assert not at.exception, [e.value for e in at.exception]
    link_notes = url_notes(at)
    assert f"`{bad_key}=" in link_notes and "not a valid" in link_notes
    assert bad_key not in at.query_params
    without = {k: v for k, v in query.items() if k != bad_key}
    assert metrics(at) == metrics(open_page(script, without))


def test_an_unknown_key_gets_a_note():
    at = open_page("pages/explore/page.py", {"colour": "red"})
    assert "`colour=red` is not a setting of this page" in url_notes(at)


def test_a_repeated_key_takes_its_last_value():
    at = open_page("pages/explore/page.py", {"p_mu": ["1", "2"]})
    assert at.slider(key="p_mu").value == 2.0
    assert not url_notes(at)


def test_a_long_value_is_cut_and_shown_inert():
    at = open_page("pages/explore/page.py", {"unit": "x" * 10_000})
    note = url_notes(at)
    assert len(note) < 300 and "`unit=" in note


def _value_strategy(param: url.Param):
    awkward = st.sampled_from(["", " ", "nan", "inf", "-inf", "1e309", "-0", "０", "½", "🐱", INJECTION,
                               "<script>alert(1)</script>", "x" * 500])
    if isinstance(param, url.Number):
        valid = st.floats(param.low, param.high).map(lambda v: f"{round(v / param.step) * param.step:.10g}")
        edges = st.sampled_from([f"{param.low:g}", f"{param.high:g}", f"{param.low - param.step:g}",
                                 f"{param.high + param.step:g}", "1e300"])
        return st.one_of(valid, edges, awkward)
    if isinstance(param, url.Choice):
        return st.one_of(st.sampled_from([str(o) for o in param.options]), awkward, st.text(max_size=12))
    return st.one_of(st.just(str(param.default)), awkward, st.text(max_size=30))


@st.composite
def links(draw, entry):
    params = first_variants(entry.schema)
    keys = draw(st.lists(st.sampled_from(sorted(params)), max_size=6, unique=True))
    query = {}
    for key in keys:
        values = draw(st.lists(_value_strategy(params[key]), min_size=1, max_size=2))
        query[key] = values if len(values) > 1 else values[0]
    return query


# Pages without parameters (Home, the teachers' page): their unknown-key notes are covered above.
@pytest.mark.parametrize("entry", [e for e in PAGES if e.schema.keys], ids=lambda e: e.lesson)
def test_fuzzed_links(entry):
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get("KL_FUZZ_EXAMPLES"),
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(query=links(entry))
    def check(query):
        started = time.perf_counter()
        at = open_page(entry.script, query, timeout=RUN_BOUND_S)
        assert time.perf_counter() - started < RUN_BOUND_S
        last = {k: (v[-1] if isinstance(v, list) else v) for k, v in query.items()}
        verdicts = {c.key: c for c in entry.schema.check({k: [v] for k, v in last.items()})}
        rejected = [k for k, c in verdicts.items() if c.keep is None]
        taken = {k: v for k, v in last.items() if k not in verdicts and entry.schema.variant(k, last)
                 and isinstance(entry.schema.variant(k, last), url.Number)}
        assert_sane(at, taken, rejected)

    check()
