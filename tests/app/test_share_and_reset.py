"""Share this screen and Reset this page, on every page: the link shown reproduces the screen, reset clears it."""

import pytest

from kl_app import share, url
from kl_app.site_map import PAGES
from tests.app.conftest import labelled_choice, open_page


def a_changed_control(schema: url.Schema) -> tuple[str, str] | None:
    """A control that applies with the page's defaults, set away from its default: (URL key, value)."""
    for key in schema.keys:
        param = schema.variant(key, {})
        if isinstance(param, url.Number):
            value = param.high if param.default != param.high else param.low
            return key, str(int(value)) if param.integer else f"{value:g}"
    return None


@pytest.mark.parametrize("entry", PAGES, ids=lambda e: e.url_path or "home")
def test_share_shows_the_screens_link_and_its_qr_code(entry):
    changed = a_changed_control(entry.schema)
    at = open_page(entry.script, dict([changed]) if changed else None)
    at.button(key="kl_share").click().run()
    assert not at.exception
    expected = share.link("http://localhost:8501", entry.url_path, entry.schema,
                          {k: at.session_state[k] for k in entry.schema.keys if k in at.session_state})
    assert [c.value for c in at.code] == [expected]
    if changed:
        assert f"{changed[0]}={changed[1]}" in expected.split("?")[1].split("&")
    assert len(at.get("image")) == 1


@pytest.mark.parametrize("entry", [e for e in PAGES if e.schema.keys], ids=lambda e: e.url_path)
def test_reset_brings_every_control_back_to_its_default_and_cleans_the_url(entry):
    key, value = a_changed_control(entry.schema)
    at = open_page(entry.script, {key: value})
    assert at.query_params[key] == value
    at.button(key="kl_reset").click().run()
    assert not at.exception
    assert dict(at.query_params) == {}
    default = entry.schema.variant(key, {}).default
    assert at.session_state[key] == default


@pytest.mark.parametrize("page, key, value", [("explore", "sweep", "p_sigma"), ("cat_classifier", "truth", "not_cat")])
def test_a_labelled_choice_is_in_the_shared_link_and_reset_brings_it_back(page, key, value):
    """Explore's sweep and the cat classifier's truth show words but keep names (kl_app.choice)."""
    at = open_page(f"pages/{page}/page.py", {key: value})
    at.button(key="kl_share").click().run()
    assert f"{key}={value}" in at.code[0].value.split("?")[1].split("&")
    at.button(key="kl_reset").click().run()
    assert not at.exception
    assert labelled_choice(at, key)["value"] == labelled_choice(at, key)["default"] != value
