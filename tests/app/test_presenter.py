"""Presenter mode (kl_app.presenter) on every page: from a link's `present=1` or the sidebar switch."""

import pytest
from streamlit.testing.v1 import AppTest

from kl_app import presenter
from kl_app.site_map import PAGES
from tests.app.conftest import APP, figures, metrics, open_page, url_notes

LESSONS = [e for e in PAGES if e.url_path not in ("", "teachers")]


def presenting(script: str) -> AppTest:
    """`script` after the sidebar's switch was turned on."""
    at = open_page(script)
    return at.toggle(key="present").set_value(True).run()


def font_sizes(value, found: list) -> list:
    """Every font size in plotly JSON (`font`, `tickfont`, `textfont`, …)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key.endswith("font") and isinstance(inner, dict) and isinstance(inner.get("size"), (int, float)):
                found.append(inner["size"])
            font_sizes(inner, found)
    elif isinstance(value, list):
        for inner in value:
            font_sizes(inner, found)
    return found


@pytest.mark.parametrize("link", ["1", "true"])
def test_a_present_link_turns_it_on_spelled_as_the_switch_writes_it(link: str) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["present"] = link
    at.run()
    assert not at.exception and not url_notes(at)
    assert at.query_params["present"] == "true"
    assert at.toggle(key="present").value is True
    assert "About this page" in [e.label for e in at.expander], "the lead paragraph is folded away"


def test_a_bad_present_value_is_dropped_with_a_note() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["present"] = "yes"
    at.run()
    assert "`present=yes` is not a valid Presenter mode" in url_notes(at)
    assert "present" not in at.query_params
    assert at.toggle(key="present").value is False


@pytest.mark.parametrize("entry", LESSONS, ids=lambda e: e.url_path)
def test_presenter_mode_folds_the_lead_and_fits_every_chart_to_a_projector(entry) -> None:
    at = presenting(entry.script)
    assert not at.exception
    assert [e.label for e in at.expander][0] == "About this page"
    charts = figures(at)
    assert charts
    for figure in charts:
        assert figure["layout"]["height"] <= presenter.CHART_HEIGHT_PX
        assert min(font_sizes(figure, [])) >= presenter.MIN_FONT_PX


@pytest.mark.parametrize("entry", LESSONS, ids=lambda e: e.url_path)
def test_presenter_mode_changes_the_layout_not_the_numbers(entry) -> None:
    plain = open_page(entry.script)
    assert "About this page" not in [e.label for e in plain.expander]
    assert metrics(presenting(entry.script)) == metrics(plain)


def test_reset_leaves_presenter_mode_on() -> None:
    at = presenting("pages/explore/page.py")
    at.slider(key="p_mu").set_value(1.0).run()
    at.button(key="kl_reset").click().run()
    assert at.toggle(key="present").value is True
    assert at.slider(key="p_mu").value == 0.0
